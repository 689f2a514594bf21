/* tests/unit/test_store_safety.c — core/file.c (the opener, the streamed
 * hasher, the durable writer, the output check), media_add's progress and
 * cancel, and the one list reader reporting a read error. Real files, a real
 * store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>

#include "core/file.h"
#include "core/media.h"
#include "core/media_import.h"
#include "testutil.h"

/* Entries in DIR other than . and .. (0 when DIR is missing). */
static int count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (dp && (de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	if (dp)
		closedir(dp);
	return n;
}

static void test_hash_copy_gives_the_sha256_of_abc_and_copies_it(void **state)
{
	char *dir = tu_tmpdir(), *src = tu_path(dir, "abc"), *dst = tu_path(dir, "copy");
	char hex[FILE_HASH_LEN + 1];
	struct stat sb;
	long long size = 0;
	int in, out, which = -1;
	char back[8] = {0};

	(void)state;
	tu_write(src, "abc");
	assert_int_equal(file_open_regular(src, FILE_NOFOLLOW, &in, &sb), 0);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(out >= 0);
	assert_int_equal(file_hash_copy(in, out, sb.st_size, hex, &size, NULL, NULL, &which), 0);
	close(in);
	close(out);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(size, 3);
	in = open(dst, O_RDONLY);
	assert_int_equal(read(in, back, sizeof back), 3);
	close(in);
	assert_string_equal(back, "abc");
	free(src);
	free(dst);
	tu_rmtree(dir);
}

static void test_open_regular_refuses_a_fifo_a_link_and_a_device_at_once(void **state)
{
	char *dir = tu_tmpdir(), *fifo = tu_path(dir, "fifo"), *file = tu_path(dir, "f"),
	     *link = tu_path(dir, "link");
	struct stat sb;
	int fd = 7;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	tu_write(file, "x");
	assert_int_equal(symlink(file, link), 0);
	/* Without O_NONBLOCK this open would wait for a writer for ever. */
	assert_int_equal(file_open_regular(fifo, FILE_FOLLOW, &fd, &sb), FILE_ENOTREG);
	assert_int_equal(fd, -1);
	assert_int_equal(file_open_regular("/dev/zero", FILE_FOLLOW, &fd, &sb), FILE_ENOTREG);
	assert_int_equal(file_open_regular(dir, FILE_FOLLOW, &fd, &sb), EISDIR);
	assert_int_equal(file_open_regular(link, FILE_NOFOLLOW, &fd, &sb), ELOOP);
	assert_int_equal(file_open_regular(link, FILE_FOLLOW, &fd, &sb), 0);
	close(fd);
	free(fifo);
	free(file);
	free(link);
	tu_rmtree(dir);
}

static void test_slurp_caps_the_size(void **state)
{
	char *dir = tu_tmpdir(), *p = tu_path(dir, "f.json");
	size_t len = 0;
	int err = 0;
	char *text;

	(void)state;
	tu_write(p, "{\"a\":1}");
	text = file_slurp(p, 7, &len, &err);
	assert_non_null(text);
	assert_int_equal(len, 7);
	free(text);
	assert_null(file_slurp(p, 6, &len, &err));
	assert_int_equal(err, FILE_ETOOBIG);
	free(p);
	tu_rmtree(dir);
}

static void test_durable_writer_never_replaces_without_replace(void **state)
{
	char *dir = tu_tmpdir(), *p = tu_path(dir, "case.txt");
	msglist err = MSGLIST_INIT;
	char *text;
	size_t len;
	int e;

	(void)state;
	tu_status(file_write_atomic(p, "one", 3, FILE_NEW, &err), JL_OK, &err);
	tu_status(file_write_atomic(p, "two", 3, FILE_NEW, &err), JL_EINVALID, &err);
	tu_expect(&err, NULL, p, "--force");
	text = file_slurp(p, 100, &len, &e);
	assert_string_equal(text, "one");
	free(text);
	tu_status(file_write_atomic(p, "three", 5, FILE_REPLACE, &err), JL_OK, &err);
	text = file_slurp(p, 100, &len, &e);
	assert_string_equal(text, "three");
	free(text);
	assert_int_equal(count_entries(dir), 1); /* no temporary file left */
	msglist_free(&err);
	free(p);
	tu_rmtree(dir);
}

/* A record to attach to, in a new store. */
static tu_store *store_with_record(long long *rec)
{
	tu_store *s = tu_store_new();
	msglist err = MSGLIST_INIT;
	long long a = 0;

	tu_status(action_open(s->j, "inspection", NULL, &a, &err), JL_OK, &err);
	tu_status(record_create(s->j, a, "inspection.onsite", NULL, 0, rec, &err), JL_OK, &err);
	msglist_free(&err);
	return s;
}

typedef struct {
	long long calls, last_done, total, cancel_after;
} progress_log;

static int progress_cb(void *ctx, long long done, long long total)
{
	progress_log *p = ctx;

	p->calls++;
	assert_true(done >= p->last_done); /* never goes back */
	p->last_done = done;
	p->total = total;
	return p->cancel_after && done >= p->cancel_after;
}

static void write_big(const char *path, long size, int seed)
{
	char *data = malloc((size_t)size);

	assert_non_null(data);
	for (long i = 0; i < size; i++)
		data[i] = (char)(i * 7 + i / 4096 + seed);
	tu_write_len(path, data, size);
	free(data);
}

static void test_media_add_reports_progress_over_all_its_files(void **state)
{
	long long rec = 0, ids[2] = {0, 0};
	tu_store *s = store_with_record(&rec);
	char *a = tu_path(s->dir, "a.mp4"), *b = tu_path(s->dir, "b.mp4");
	const char *paths[] = {a, b};
	progress_log log = {0, 0, 0, 0};
	media_add_opts o = {"video", NULL, progress_cb, &log};
	msglist err = MSGLIST_INIT;

	(void)state;
	write_big(a, 3 << 20, 0);
	write_big(b, 1 << 20, 1);
	tu_status(media_add(s->j, rec, paths, 2, &o, ids, &err), JL_OK, &err);
	assert_true(ids[0] > 0 && ids[1] == ids[0] + 1);
	assert_int_equal(log.total, 4 << 20);
	assert_int_equal(log.last_done, 4 << 20);
	assert_true(log.calls >= 5); /* the start and every 1 MiB chunk */
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM media"), 2);
	msglist_free(&err);
	free(a);
	free(b);
	tu_store_free(s);
}

static void test_media_add_cancelled_stores_nothing_and_leaves_no_file(void **state)
{
	long long rec = 0, ids[2] = {0, 0};
	tu_store *s = store_with_record(&rec);
	char *a = tu_path(s->dir, "a.mp4"), *b = tu_path(s->dir, "b.mp4"),
	     *tmp = tu_path(s->dir, "media/tmp"), *media = tu_path(s->dir, "media");
	const char *paths[] = {a, b};
	/* Cancelled in the second file: the first is copied already. */
	progress_log log = {0, 0, 0, (3 << 20) + 1};
	media_add_opts o = {"video", NULL, progress_cb, &log};
	msglist err = MSGLIST_INIT;

	(void)state;
	write_big(a, 3 << 20, 0);
	write_big(b, 3 << 20, 1);
	tu_status(media_add(s->j, rec, paths, 2, &o, ids, &err), JL_ECANCELED, &err);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM media"), 0);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM ledger WHERE kind = 'media'"), 0);
	assert_int_equal(count_entries(tmp), 0);
	assert_int_equal(count_entries(media), 1); /* tmp/ alone: nothing in place */
	/* And it can be done again, whole. */
	o.progress = NULL;
	tu_status(media_add(s->j, rec, paths, 2, &o, ids, &err), JL_OK, &err);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM media"), 2);
	msglist_free(&err);
	free(a);
	free(b);
	free(tmp);
	free(media);
	tu_store_free(s);
}

static int interrupt_cb(void *ctx)
{
	(void)ctx;
	return 1;
}

/* Counts SQLite's progress calls down; interrupts when the count runs out
 * (a negative count never does: it only counts). */
static int countdown_cb(void *ctx)
{
	long *left = ctx;

	if (*left < 0) {
		--*left;
		return 0;
	}
	return (*left)-- <= 0;
}

static void test_media_list_reports_a_read_error_instead_of_a_short_list(void **state)
{
	long long rec = 0, ids[3] = {0, 0, 0};
	tu_store *s = store_with_record(&rec);
	char *a = tu_path(s->dir, "a.jpg"), *b = tu_path(s->dir, "b.jpg"), *c = tu_path(s->dir, "c.jpg");
	const char *paths[] = {a, b, c};
	msglist err = MSGLIST_INIT;
	media_row *rows = NULL;
	int n = -1;
	long steps = -1;

	(void)state;
	tu_write(a, "\xff\xd8\xff\xe0 photo a");
	tu_write(b, "\xff\xd8\xff\xe0 photo b");
	tu_write(c, "\xff\xd8\xff\xe0 photo c");
	tu_status(media_add(s->j, rec, paths, 3, NULL, ids, &err), JL_OK, &err);
	/* How much work the whole list is, then a read that fails half way,
	 * after the first rows were read. */
	sqlite3_progress_handler(tu_sql(s), 1, countdown_cb, &steps);
	assert_int_equal(media_list(s->j, rec, &rows, &n), JL_OK);
	assert_int_equal(n, 3);
	media_rows_free(rows, n);
	steps = (-steps - 1) * 2 / 3;
	assert_int_equal(media_list(s->j, rec, &rows, &n), JL_ESTORE);
	assert_null(rows);
	assert_int_equal(n, 0);
	sqlite3_progress_handler(tu_sql(s), 0, NULL, NULL);
	assert_int_equal(media_list(s->j, rec + 100, &rows, &n), JL_ENOTFOUND);
	msglist_free(&err);
	free(a);
	free(b);
	free(c);
	tu_store_free(s);
}

static void test_every_list_reports_a_read_error(void **state)
{
	long long rec = 0;
	tu_store *s = store_with_record(&rec);
	officer_row *o = NULL;
	action_row *a = NULL;
	record_row *r = NULL;
	int n = -1;

	(void)state;
	sqlite3_progress_handler(tu_sql(s), 1, interrupt_cb, NULL);
	assert_int_equal(officer_list(s->j, &o, &n), JL_ESTORE);
	assert_true(o == NULL && n == 0);
	assert_int_equal(action_list(s->j, NULL, 0, &a, &n), JL_ESTORE);
	assert_true(a == NULL && n == 0);
	assert_int_equal(record_list(s->j, 1, &r, &n), JL_ESTORE);
	assert_true(r == NULL && n == 0);
	sqlite3_progress_handler(tu_sql(s), 0, NULL, NULL);
	assert_int_equal(record_list(s->j, 1, &r, &n), JL_OK);
	assert_int_equal(n, 1);
	record_rows_free(r, n);
	tu_store_free(s);
}

static void test_device_id_is_set_once_and_never_changed(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "jilu.db");
	msglist err = MSGLIST_INIT;
	jl *j = NULL;
	int created = -1;

	(void)state;
	tu_status(jl_open(path, DB_OPEN_CREATE, NULL, &j, &err, NULL), JL_OK, &err);
	assert_null(j->device);
	assert_null(j->forms); /* no forms asked for, none read */
	tu_status(jl_init_device(j, "", &created, &err), JL_EUSAGE, &err);
	assert_null(j->device);
	tu_status(jl_init_device(j, "CL-T01", &created, &err), JL_OK, &err);
	assert_int_equal(created, 1);
	assert_string_equal(j->device, "CL-T01");
	tu_status(jl_init_device(j, NULL, &created, &err), JL_OK, &err);
	assert_int_equal(created, 0);
	tu_status(jl_init_device(j, "CL-T01", &created, &err), JL_OK, &err);
	assert_int_equal(created, 0);
	tu_status(jl_init_device(j, "CL-T02", &created, &err), JL_EINVALID, &err);
	tu_expect(&err, NULL, "--device", "CL-T01");
	jl_close(j);
	msglist_free(&err);
	free(path);
	tu_rmtree(dir);
}

static void test_output_check_compares_inodes_not_names(void **state)
{
	long long rec = 0;
	tu_store *s = store_with_record(&rec);
	char *media = tu_path(s->dir, "media"), *sub = tu_path(s->dir, "media/ab"),
	     *alias = tu_path(s->dir, "alias"), *via = tu_path(s->dir, "alias/x.txt"),
	     *wal = tu_path(s->dir, "jilu.db-wal"), *ok = tu_path(s->dir, "case.txt"),
	     *dotted = tu_path(s->dir, "media/ab/../../jilu.db");
	msglist err = MSGLIST_INIT;

	(void)state;
	assert_int_equal(mkdir(media, 0700), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(symlink(sub, alias), 0);
	tu_status(file_output_ok(via, s->db, media, 1, &err), JL_EINVALID, &err);
	tu_status(file_output_ok(dotted, s->db, media, 1, &err), JL_EINVALID, &err);
	tu_status(file_output_ok(wal, s->db, media, 1, &err), JL_EINVALID, &err);
	tu_status(file_output_ok(ok, s->db, media, 0, &err), JL_OK, &err);
	tu_status(jl_output_ok(s->j, s->db, 1, &err), JL_EINVALID, &err);
	msglist_free(&err);
	free(media);
	free(sub);
	free(alias);
	free(via);
	free(wal);
	free(ok);
	free(dotted);
	tu_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_copy_gives_the_sha256_of_abc_and_copies_it),
		cmocka_unit_test(test_open_regular_refuses_a_fifo_a_link_and_a_device_at_once),
		cmocka_unit_test(test_slurp_caps_the_size),
		cmocka_unit_test(test_durable_writer_never_replaces_without_replace),
		cmocka_unit_test(test_media_add_reports_progress_over_all_its_files),
		cmocka_unit_test(test_media_add_cancelled_stores_nothing_and_leaves_no_file),
		cmocka_unit_test(test_media_list_reports_a_read_error_instead_of_a_short_list),
		cmocka_unit_test(test_every_list_reports_a_read_error),
		cmocka_unit_test(test_device_id_is_set_once_and_never_changed),
		cmocka_unit_test(test_output_check_compares_inodes_not_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
