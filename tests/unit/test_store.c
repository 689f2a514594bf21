/* tests/unit/test_store.c — the SQLite store (core/db.c, core/schema.c):
 * creation, pragmas, migrations and their refusals, the triggers that keep
 * what is final, and meta. Every test works on real files in a temporary
 * directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/schema.h"
#include "tests/unit/testutil.h"

typedef struct {
	char *dir;
	char *path; /* dir/jilu.db, not yet made */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "jilu.db");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	free(f->path);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* Opens PATH (creating it) and fails the test unless that works. */
static db *open_ok(const char *path, int create)
{
	msglist err = MSGLIST_INIT;
	db *d = NULL;

	tu_status(db_open(path, create, &d, &err), JL_OK, &err);
	assert_non_null(d);
	assert_int_equal(err.n, 0);
	msglist_free(&err);
	return d;
}

/* A raw connection, not through db_open: what someone editing the file has. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *h = NULL;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("raw open %s: %s", path, h ? sqlite3_errmsg(h) : "?");
	return h;
}

/* Everything a reopen could change: the schema, meta, the version, row counts. */
static char *snapshot(sqlite3 *h)
{
	buf b = BUF_INIT;
	sqlite3_stmt *st = NULL;
	char *s;

	buf_printf(&b, "user_version=%lld\n", tu_int(h, "PRAGMA user_version"));
	assert_int_equal(sqlite3_prepare_v2(h,
		"SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master "
		"UNION ALL SELECT 'meta ' || key || '=' || value FROM meta "
		"UNION ALL SELECT 'officers ' || count(*) FROM officers "
		"UNION ALL SELECT 'ledger ' || count(*) FROM ledger "
		"ORDER BY 1", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	s = buf_steal(&b);
	assert_non_null(s);
	return s;
}

static void test_open_without_create_refuses_a_missing_file(void **state)
{
	fixture *f = *state;
	msglist err = MSGLIST_INIT;
	db *d = (db *)1;

	assert_int_equal(db_open(f->path, 0, &d, &err), JL_ESTORE);
	assert_null(d);
	tu_expect(&err, NULL, f->path, "jilu init");
	assert_false(tu_exists(f->path));
	msglist_free(&err);
}

static void test_open_without_create_makes_no_directory(void **state)
{
	fixture *f = *state;
	char *deep = tu_path(f->dir, "a/b/jilu.db"), *a = tu_path(f->dir, "a");
	msglist err = MSGLIST_INIT;
	db *d = NULL;

	assert_int_equal(db_open(deep, 0, &d, &err), JL_ESTORE);
	assert_null(d);
	assert_false(tu_exists(a));
	msglist_free(&err);
	free(deep);
	free(a);
}

static void test_open_with_create_makes_the_file_and_its_directories(void **state)
{
	fixture *f = *state;
	char *deep = tu_path(f->dir, "x/y/z/jilu.db"), *x = tu_path(f->dir, "x/y/z");
	struct stat st;
	db *d = open_ok(deep, 1);

	assert_string_equal(db_path(d), deep);
	db_close(d);
	assert_int_equal(stat(x, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	free(deep);
	free(x);
}

static void test_open_sets_wal_full_sync_and_foreign_keys(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	char *mode = tu_text(db_sqlite(d), "PRAGMA journal_mode");

	assert_string_equal(mode, "wal");
	assert_int_equal(tu_int(db_sqlite(d), "PRAGMA synchronous"), 2);
	assert_int_equal(tu_int(db_sqlite(d), "PRAGMA foreign_keys"), 1);
	free(mode);
	db_close(d);

	/* WAL is a property of the file: a plain connection sees it too. */
	{
		sqlite3 *h = raw_open(f->path);
		char *m = tu_text(h, "PRAGMA journal_mode");
		assert_string_equal(m, "wal");
		free(m);
		sqlite3_close(h);
	}
}

static void test_foreign_keys_are_enforced(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);

	assert_int_not_equal(tu_exec(db_sqlite(d),
		"INSERT INTO records(action_id, form, form_version, state, data, author, device, "
		"created_at, updated_at) VALUES (42, 'x', 1, 'draft', '{}', 'a', 'T', 'now', 'now')",
		NULL), SQLITE_OK);
	assert_int_equal(tu_int(db_sqlite(d), "SELECT count(*) FROM records"), 0);
	db_close(d);
}

static void test_new_store_has_current_user_version_and_meta(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	char *v = db_meta_get(d, "schema_version");

	assert_int_equal(tu_int(db_sqlite(d), "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_non_null(v);
	assert_int_equal(atoi(v), DB_SCHEMA_VERSION);
	assert_string_equal(v, DB_SCHEMA_VERSION_TEXT);
	/* Every table of every migration is there. */
	assert_int_equal(tu_int(db_sqlite(d),
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
		"('meta','officers','actions','records','ledger','media')"), 6);
	free(v);
	db_close(d);
}

static void test_reopening_changes_nothing(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	char *before, *after;

	assert_int_equal(db_meta_set(d, "device", "T01"), JL_OK);
	tu_must(db_sqlite(d), "INSERT INTO officers(id, name, cert, role, created_at) "
			      "VALUES ('zhang', '张三', '13001', 'officer', 'now')");
	before = snapshot(db_sqlite(d));
	db_close(d);

	d = open_ok(f->path, 0);
	/* Opening a current store writes no row at all. */
	assert_int_equal(sqlite3_total_changes(db_sqlite(d)), 0);
	after = snapshot(db_sqlite(d));
	assert_string_equal(before, after);
	db_close(d);
	free(after);

	/* With create=1 on an existing store, the same. */
	d = open_ok(f->path, 1);
	assert_int_equal(sqlite3_total_changes(db_sqlite(d)), 0);
	after = snapshot(db_sqlite(d));
	assert_string_equal(before, after);
	db_close(d);
	free(after);
	free(before);
}

static void test_newer_store_is_refused_with_enewer_naming_its_version(void **state)
{
	fixture *f = *state;
	msglist err = MSGLIST_INIT;
	db *d = open_ok(f->path, 1);
	sqlite3 *h;

	db_close(d);
	h = raw_open(f->path);
	tu_must(h, "PRAGMA user_version = 99");
	sqlite3_close(h);

	d = (db *)1;
	assert_int_equal(db_open(f->path, 0, &d, &err), JL_ENEWER);
	assert_null(d);
	assert_true(err.n >= 1);
	assert_non_null(strstr(err.items[0].en, "99"));
	assert_non_null(strstr(err.items[0].zh, "99"));
	assert_non_null(strstr(err.items[0].en, "newer"));
	msglist_free(&err);

	/* Refused, never "upgraded" down. */
	h = raw_open(f->path);
	assert_int_equal(tu_int(h, "PRAGMA user_version"), 99);
	sqlite3_close(h);
}

static void test_dumped_store_with_user_version_zero_opens(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	sqlite3 *h;

	assert_int_equal(db_meta_set(d, "device", "T01"), JL_OK);
	db_close(d);
	/* `.dump` keeps the tables and meta but not the pragma. */
	h = raw_open(f->path);
	tu_must(h, "PRAGMA user_version = 0");
	sqlite3_close(h);

	d = open_ok(f->path, 0);
	assert_int_equal(tu_int(db_sqlite(d), "PRAGMA user_version"), DB_SCHEMA_VERSION);
	{
		char *dev = db_meta_get(d, "device");
		assert_string_equal(dev, "T01");
		free(dev);
	}
	db_close(d);
}

static void test_dumped_store_of_a_newer_schema_is_refused(void **state)
{
	fixture *f = *state;
	msglist err = MSGLIST_INIT;
	db *d = open_ok(f->path, 1);
	sqlite3 *h;

	db_close(d);
	h = raw_open(f->path);
	tu_must(h, "PRAGMA user_version = 0; UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	sqlite3_close(h);

	assert_int_equal(db_open(f->path, 0, &d, &err), JL_ENEWER);
	assert_null(d);
	assert_true(err.n >= 1);
	assert_non_null(strstr(err.items[0].en, "99"));
	msglist_free(&err);
}

static void test_file_that_is_not_a_database_is_estore_with_a_message(void **state)
{
	fixture *f = *state;
	static const char junk[] =
		"This is a letter, not a database. It is long enough to fill the header of an "
		"SQLite file, so SQLite has to read it and say what it is not.\n";
	int create;

	tu_write(f->path, junk);
	for (create = 0; create <= 1; create++) {
		msglist err = MSGLIST_INIT;
		db *d = (db *)1;

		assert_int_equal(db_open(f->path, create, &d, &err), JL_ESTORE);
		assert_null(d);
		assert_true(err.n >= 1);
		assert_non_null(err.items[0].en);
		assert_true(strlen(err.items[0].en) > 0);
		assert_true(strlen(err.items[0].zh) > 0);
		assert_string_equal(err.items[0].where, f->path);
		msglist_free(&err);
	}
	/* The file is left as it was. */
	{
		FILE *fp = fopen(f->path, "rb");
		char back[sizeof junk] = {0};
		assert_non_null(fp);
		assert_int_equal(fread(back, 1, sizeof junk - 1, fp), sizeof junk - 1);
		fclose(fp);
		assert_string_equal(back, junk);
	}
}

static void test_directory_in_place_of_the_file_is_estore(void **state)
{
	fixture *f = *state;
	msglist err = MSGLIST_INIT;
	db *d = (db *)1;

	assert_int_equal(mkdir(f->path, 0700), 0);
	assert_int_equal(db_open(f->path, 1, &d, &err), JL_ESTORE);
	assert_null(d);
	assert_true(err.n >= 1);
	msglist_free(&err);
}

/* Inserts action 1 and records 1 (final) and 2 (draft) through a raw
 * connection, as a store the program wrote would hold them. */
static void seed_records(sqlite3 *h)
{
	tu_must(h,
		"INSERT INTO actions(kind, device, opened_by, opened_at) "
		"  VALUES ('inspection', 'T01', 'zhang', 'now');"
		"INSERT INTO records(action_id, form, form_version, state, data, author, device, "
		"  created_at, updated_at, finalized_at, finalized_by, ledger_seq) "
		"  VALUES (1, 'inspection.onsite', 1, 'final', '{}', 'zhang', 'T01', 'now', 'now', "
		"          'now', 'zhang', 1);"
		"INSERT INTO records(action_id, form, form_version, state, data, author, device, "
		"  created_at, updated_at) "
		"  VALUES (1, 'inspection.onsite', 1, 'draft', '{}', 'zhang', 'T01', 'now', 'now');"
		"INSERT INTO ledger(seq, device, kind, subject, body, prev_hash, hash) "
		"  VALUES (1, 'T01', 'finalize', 'record:1', '{}', 'p', 'h');");
}

static void test_triggers_refuse_update_and_delete_of_a_final_record(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	sqlite3 *h = db_sqlite(d);
	char *e = NULL;

	seed_records(h);
	assert_int_equal(tu_exec(h, "UPDATE records SET data = '{\"place\":\"x\"}' WHERE id = 1", &e) & 0xff,
			 SQLITE_CONSTRAINT);
	assert_non_null(strstr(e, "immutable"));
	sqlite3_free(e);
	assert_int_equal(tu_exec(h, "UPDATE records SET state = 'draft' WHERE id = 1", NULL) & 0xff,
			 SQLITE_CONSTRAINT);
	assert_int_equal(tu_exec(h, "DELETE FROM records WHERE id = 1", &e) & 0xff, SQLITE_CONSTRAINT);
	assert_non_null(strstr(e, "immutable"));
	sqlite3_free(e);
	{
		char *data = tu_text(h, "SELECT data || state FROM records WHERE id = 1");
		assert_string_equal(data, "{}final");
		free(data);
	}
	/* A draft is the program's to change, and finalising it is an update too. */
	tu_must(h, "UPDATE records SET data = '{\"place\":\"y\"}' WHERE id = 2");
	tu_must(h, "UPDATE records SET state = 'final' WHERE id = 2");
	assert_int_equal(tu_exec(h, "UPDATE records SET data = '{}' WHERE id = 2", NULL) & 0xff,
			 SQLITE_CONSTRAINT);
	db_close(d);
}

static void test_triggers_refuse_update_and_delete_of_ledger_rows(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	sqlite3 *h = db_sqlite(d);
	char *e = NULL;

	seed_records(h);
	assert_int_equal(tu_exec(h, "UPDATE ledger SET hash = 'x' WHERE seq = 1", &e) & 0xff,
			 SQLITE_CONSTRAINT);
	assert_non_null(strstr(e, "append-only"));
	sqlite3_free(e);
	assert_int_equal(tu_exec(h, "DELETE FROM ledger WHERE seq = 1", &e) & 0xff, SQLITE_CONSTRAINT);
	assert_non_null(strstr(e, "append-only"));
	sqlite3_free(e);
	assert_int_equal(tu_exec(h, "DELETE FROM ledger", NULL) & 0xff, SQLITE_CONSTRAINT);
	assert_int_equal(tu_int(h, "SELECT count(*) FROM ledger WHERE hash = 'h'"), 1);
	db_close(d);
}

static void test_triggers_refuse_update_of_a_closed_action(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	sqlite3 *h = db_sqlite(d);

	seed_records(h);
	/* What opening vouches for is fixed from the start (schema 3). */
	assert_int_equal(tu_exec(h, "UPDATE actions SET title = 'open: changed' WHERE id = 1", NULL) & 0xff,
			 SQLITE_CONSTRAINT);
	tu_must(h, "UPDATE actions SET closed_at = 'now', closed_by = 'zhang' WHERE id = 1");
	assert_int_equal(tu_exec(h, "UPDATE actions SET title = 'closed' WHERE id = 1", NULL) & 0xff,
			 SQLITE_CONSTRAINT);
	db_close(d);
}

static void test_meta_get_and_set(void **state)
{
	fixture *f = *state;
	db *d = open_ok(f->path, 1);
	char *v;

	assert_null(db_meta_get(d, "device"));
	assert_int_equal(db_meta_set(d, "device", "T01"), JL_OK);
	v = db_meta_get(d, "device");
	assert_string_equal(v, "T01");
	free(v);
	assert_int_equal(db_meta_set(d, "device", "设备二"), JL_OK);
	v = db_meta_get(d, "device");
	assert_string_equal(v, "设备二");
	free(v);
	assert_int_equal(tu_int(db_sqlite(d), "SELECT count(*) FROM meta WHERE key = 'device'"), 1);
	db_close(d);

	d = open_ok(f->path, 0);
	v = db_meta_get(d, "device");
	assert_string_equal(v, "设备二");
	free(v);
	assert_null(db_meta_get(d, "nothing"));
	db_close(d);
}

static void test_default_path_follows_xdg_data_home(void **state)
{
	char *old = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *p;

	(void)state;
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	p = db_default_path();
	assert_string_equal(p, "/srv/data/jilu/jilu.db");
	free(p);
	setenv("XDG_DATA_HOME", "", 1);
	setenv("HOME", "/home/officer", 1);
	p = db_default_path();
	assert_string_equal(p, "/home/officer/.local/share/jilu/jilu.db");
	free(p);
	if (old)
		setenv("XDG_DATA_HOME", old, 1);
	else
		unsetenv("XDG_DATA_HOME");
	if (home)
		setenv("HOME", home, 1);
	free(old);
	free(home);
}

static void test_close_accepts_null(void **state)
{
	(void)state;
	db_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_without_create_refuses_a_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_without_create_makes_no_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_with_create_makes_the_file_and_its_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_sets_wal_full_sync_and_foreign_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys_are_enforced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_store_has_current_user_version_and_meta, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopening_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_store_is_refused_with_enewer_naming_its_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dumped_store_with_user_version_zero_opens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dumped_store_of_a_newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_that_is_not_a_database_is_estore_with_a_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_in_place_of_the_file_is_estore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete_of_a_final_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete_of_ledger_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_update_of_a_closed_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meta_get_and_set, setup, teardown),
		cmocka_unit_test(test_default_path_follows_xdg_data_home),
		cmocka_unit_test(test_close_accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
