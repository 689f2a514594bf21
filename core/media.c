/* core/media.c — the content-addressed media store. */
#include "core/media.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/record.h"
#include "core/shape.h"
#include "core/text.h"

#define MEDIA_CHUNK (1 << 20)

static const char *const media_kinds[] = {"photo", "audio", "video", "surveillance", NULL};

int media_kind_valid(const char *kind)
{
	int i;

	for (i = 0; kind && media_kinds[i]; i++)
		if (strcmp(kind, media_kinds[i]) == 0)
			return 1;
	return 0;
}

static int media_ext(const char *path, const char *const *exts)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return 0;
	for (; *exts; exts++)
		if (strcasecmp(dot + 1, *exts) == 0)
			return 1;
	return 0;
}

const char *media_guess_kind(const char *path)
{
	static const char *const photo_ext[] = {"jpg", "jpeg", "png", "heic", "heif", "webp", "gif", "bmp", "tif", "tiff", NULL};
	static const char *const audio_ext[] = {"mp3", "wav", "m4a", "aac", "amr", "ogg", "opus", "flac", "wma", NULL};
	static const char *const video_ext[] = {"mp4", "mov", "avi", "mkv", "3gp", "ts", "mts", "wmv", "webm", "m4v", NULL};
	unsigned char h[16] = {0};
	FILE *fp = fopen(path, "rb");
	size_t n = 0;

	if (fp) {
		n = fread(h, 1, sizeof h, fp);
		fclose(fp);
	}
	if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return "photo";
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "photo";
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0))
		return "photo";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0)
		return "photo";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0)
		return "audio";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "AVI ", 4) == 0)
		return "video";
	if (n >= 3 && memcmp(h, "ID3", 3) == 0)
		return "audio";
	if (n >= 6 && memcmp(h, "#!AMR", 5) == 0)
		return "audio";
	if (n >= 4 && memcmp(h, "fLaC", 4) == 0)
		return "audio";
	if (n >= 12 && memcmp(h + 4, "ftyp", 4) == 0) {
		if (memcmp(h + 8, "M4A", 3) == 0)
			return "audio";
		if (memcmp(h + 8, "heic", 4) == 0 || memcmp(h + 8, "mif1", 4) == 0)
			return "photo";
		return "video";
	}
	if (n >= 4 && memcmp(h, "\x1a\x45\xdf\xa3", 4) == 0)
		return "video";
	if (media_ext(path, photo_ext))
		return "photo";
	if (media_ext(path, audio_ext))
		return "audio";
	if (media_ext(path, video_ext))
		return "video";
	return NULL;
}

char *media_dir(jl *j)
{
	const char *p = db_path(j->db), *slash = strrchr(p, '/');
	buf b = BUF_INIT;

	if (slash)
		buf_append(&b, p, (size_t)(slash - p + 1));
	buf_puts(&b, "media");
	return buf_steal(&b);
}

static char *media_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

#define MEDIA_COLS "id, record_id, size, ledger_seq, sha256, name, kind, captured_at, " \
		   "stored_at, added_by, device"

static void media_fill(sqlite3_stmt *st, media_row *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->record_id = sqlite3_column_int64(st, 1);
	m->size = sqlite3_column_int64(st, 2);
	m->ledger_seq = sqlite3_column_int64(st, 3);
	m->sha256 = media_col(st, 4);
	m->name = media_col(st, 5);
	m->kind = media_col(st, 6);
	m->captured_at = media_col(st, 7);
	m->stored_at = media_col(st, 8);
	m->added_by = media_col(st, 9);
	m->device = media_col(st, 10);
}

static void media_row_free(media_row *m)
{
	free(m->sha256);
	free(m->name);
	free(m->kind);
	free(m->captured_at);
	free(m->stored_at);
	free(m->added_by);
	free(m->device);
	memset(m, 0, sizeof *m);
}

void media_rows_free(media_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		media_row_free(&rows[i]);
	free(rows);
}

jl_status media_list(jl *j, long long record_id, media_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " MEDIA_COLS " FROM media "
					     "WHERE record_id = ?1 ORDER BY id");
	media_row *out = NULL;
	int cap = 0;

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, record_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			media_row *p;
			cap = cap ? cap * 2 : 8;
			p = realloc(out, (size_t)cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				media_rows_free(out, *n);
				*n = 0;
				return JL_ENOMEM;
			}
			out = p;
		}
		media_fill(st, &out[(*n)++]);
	}
	sqlite3_reset(st);
	*rows = out;
	return JL_OK;
}

void media_ledger_body(buf *out, long long seq, const char *device, const media_row *m)
{
	buf_puts(out, "{\"at\":");
	jsonx_quote(out, m->stored_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"kind\":\"media\",\"media\":{\"added_by\":");
	jsonx_quote(out, m->added_by);
	buf_puts(out, ",\"captured_at\":");
	jsonx_quote(out, m->captured_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, m->device);
	buf_printf(out, ",\"id\":%lld,\"kind\":", m->id);
	jsonx_quote(out, m->kind);
	buf_puts(out, ",\"name\":");
	jsonx_quote(out, m->name);
	buf_printf(out, ",\"record\":%lld,\"sha256\":", m->record_id);
	jsonx_quote(out, m->sha256);
	buf_printf(out, ",\"size\":%lld,\"stored_at\":", m->size);
	jsonx_quote(out, m->stored_at);
	buf_printf(out, "},\"seq\":%lld}", seq);
}

/* Appends the path of the file with hash SHA under DIR: DIR/ab/abcdef…. */
static void media_path(buf *out, const char *dir, const char *sha)
{
	buf_printf(out, "%s/%.2s/%s", dir, sha, sha);
}

/* Hashes the file at PATH into HEX; *SIZE gets its size. Returns 0 or errno. */
static int media_hash_file(const char *path, char hex[LEDGER_HASH_LEN + 1], long long *size)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE], *chunk = malloc(MEDIA_CHUNK);
	unsigned int mdlen = 0;
	int fd = -1, err = 0;
	ssize_t n;

	*size = 0;
	if (!ctx || !chunk || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		err = ENOMEM;
		goto done;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		goto done;
	}
	while ((n = read(fd, chunk, MEDIA_CHUNK)) > 0) {
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
		*size += n;
	}
	if (n < 0) {
		err = errno;
		goto done;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	for (unsigned int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
done:
	if (fd >= 0)
		close(fd);
	free(chunk);
	EVP_MD_CTX_free(ctx);
	return err;
}

static int media_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -1;
	if (fsync(fd) != 0)
		rc = -1;
	close(fd);
	return rc;
}

/* Removes imports in DIR/tmp left by a killed process: one a day old cannot
 * still be running. */
static void media_sweep(const char *dir)
{
	buf tmp = BUF_INIT, path = BUF_INIT;
	DIR *dp;
	struct dirent *de;
	struct stat sb;
	time_t now = time(NULL);

	buf_printf(&tmp, "%s/tmp", dir);
	dp = opendir(buf_str(&tmp));
	while (dp && (de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, "import.", 7) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&tmp), de->d_name);
		if (stat(buf_str(&path), &sb) == 0 && now - sb.st_mtime > 86400)
			unlink(buf_str(&path));
	}
	if (dp)
		closedir(dp);
	buf_free(&tmp);
	buf_free(&path);
}

/* Makes directory PATH when missing; a new one is fsynced in its parent, so
 * the directory itself outlives a crash. Returns 0 or errno. */
static int media_mkdir(const char *path)
{
	const char *slash;
	buf parent = BUF_INIT;
	int err = 0;

	if (mkdir(path, 0700) != 0)
		return errno == EEXIST ? 0 : errno;
	slash = strrchr(path, '/');
	if (!slash)
		buf_puts(&parent, ".");
	else if (slash == path)
		buf_puts(&parent, "/");
	else
		buf_append(&parent, path, (size_t)(slash - path));
	if (parent.oom)
		err = ENOMEM;
	else if (media_fsync_dir(buf_str(&parent)) != 0)
		err = errno ? errno : EIO;
	buf_free(&parent);
	return err;
}

/* media_import: the source is not a regular file (a device, a FIFO…). */
#define MEDIA_ENOTREG (-1)

/*
 * Copies SRC into DIR/tmp while hashing it, fsyncs it, and moves it to its
 * content address. HEX and SIZE get the hash and size. Returns 0 or errno
 * (EISDIR, MEDIA_ENOTREG: SRC is no regular file); *STORE is set to 1 when the
 * error is the media store's (DIR cannot be written), 0 when it is SRC's.
 */
static int media_import(const char *src, const char *dir, char hex[LEDGER_HASH_LEN + 1],
			long long *size, int *store)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE], *chunk = malloc(MEDIA_CHUNK);
	unsigned int mdlen = 0;
	buf tmp = BUF_INIT, sub = BUF_INIT, final = BUF_INIT;
	int in = -1, out = -1, err = 0, fl;
	ssize_t n;
	struct stat sb;

	*size = 0;
	*store = 1;
	if (!ctx || !chunk || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		err = ENOMEM;
		goto done;
	}
	*store = 0;
	/* O_NONBLOCK: a FIFO must not hang the open; cleared once it is known
	 * to be a regular file. */
	in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (in < 0 || fstat(in, &sb) != 0) {
		err = errno;
		goto done;
	}
	if (!S_ISREG(sb.st_mode)) {
		err = S_ISDIR(sb.st_mode) ? EISDIR : MEDIA_ENOTREG;
		goto done;
	}
	if ((fl = fcntl(in, F_GETFL)) < 0 || fcntl(in, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		err = errno;
		goto done;
	}
	*store = 1;
	buf_printf(&tmp, "%s/tmp", dir);
	if ((err = media_mkdir(dir)) != 0 || (err = media_mkdir(buf_str(&tmp))) != 0)
		goto done;
	buf_printf(&tmp, "/import.%ld.XXXXXX", (long)getpid());
	out = mkostemp(tmp.data, O_CLOEXEC);
	if (out < 0) {
		err = errno;
		goto done;
	}
	for (;;) {
		ssize_t off = 0;
		n = read(in, chunk, MEDIA_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			*store = 0; /* the source could not be read */
			goto done;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
		while (off < n) {
			ssize_t w = write(out, chunk + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				err = errno;
				goto done;
			}
			off += w;
		}
		*size += n;
	}
	if (fsync(out) != 0) {
		err = errno;
		goto done;
	}
	if (close(out) != 0) {
		out = -1;
		err = errno;
		goto done;
	}
	out = -1;
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	for (unsigned int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	buf_printf(&sub, "%s/%.2s", dir, hex);
	if (mkdir(buf_str(&sub), 0700) != 0 && errno != EEXIST) {
		err = errno;
		goto done;
	}
	media_path(&final, dir, hex);
	errno = 0;
	if (rename(buf_str(&tmp), buf_str(&final)) != 0 || media_fsync_dir(buf_str(&sub)) != 0 ||
	    media_fsync_dir(dir) != 0) {
		err = errno ? errno : EIO;
		goto done;
	}
done:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err && tmp.data && strstr(buf_str(&tmp), "/import."))
		unlink(buf_str(&tmp));
	free(chunk);
	EVP_MD_CTX_free(ctx);
	buf_free(&tmp);
	buf_free(&sub);
	buf_free(&final);
	return err;
}

/* Says why PATH cannot be imported when it is no regular file (ERR: EISDIR
 * or MEDIA_ENOTREG). */
static void media_not_regular(msglist *out, const char *path, int err)
{
	if (err == EISDIR)
		msglist_add(out, NULL, path, "是目录，不是文件：请给出要附上的文件",
			    "is a directory, not a file: give the files to attach");
	else
		msglist_add(out, NULL, path,
			    "不是普通文件（设备、管道等），不能存入音像库",
			    "not a regular file (a device, a pipe…): it cannot go into the media store");
}

static void media_mtime(const char *path, buf *out)
{
	struct stat sb;
	struct tm tm;
	char tmp[40], zone[8];

	if (stat(path, &sb) != 0)
		return;
	localtime_r(&sb.st_mtime, &tm);
	strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	buf_printf(out, "%s%.3s:%.2s", tmp, zone, zone + 3);
}

jl_status media_add(jl *j, long long record_id, const char *path, const char *kind,
		    const char *captured_at, long long *id, msglist *out)
{
	record_row r;
	media_row m;
	char hex[LEDGER_HASH_LEN + 1] = {0};
	char *dir = NULL;
	const char *base;
	buf captured = BUF_INIT, now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	sqlite3_stmt *st;
	long long seq;
	jl_status rc;
	int err, step, store = 1;
	struct stat sb;

	memset(&m, 0, sizeof m);
	memset(&r, 0, sizeof r);
	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	rc = record_get(j, record_id, &r);
	if (rc != JL_OK) {
		if (rc == JL_ENOTFOUND)
			msglist_addf(out, NULL, "RECORD", "没有记录 %lld", "no record %lld", record_id);
		return rc == JL_ENOTFOUND ? JL_EINVALID : rc;
	}
	record_row_free(&r);
	/* The file's name is stored and shown as one line of text (core/text.h). */
	base = strrchr(path, '/');
	if (!text_check(base ? base + 1 : path, strlen(base ? base + 1 : path), TEXT_LINE, out,
			NULL, path))
		return JL_EINVALID;
	/* Bad input, said before anything is read: no file, a directory, a
	 * device or a FIFO (which reading, to guess its kind, would hang on). */
	if (stat(path, &sb) != 0 || access(path, R_OK) != 0) {
		msglist_addf(out, NULL, path, "无法读取文件：%s", "cannot read the file: %s",
			     strerror(errno));
		return JL_EINVALID;
	}
	if (!S_ISREG(sb.st_mode)) {
		media_not_regular(out, path, S_ISDIR(sb.st_mode) ? EISDIR : MEDIA_ENOTREG);
		return JL_EINVALID;
	}
	if (!kind)
		kind = media_guess_kind(path);
	if (!kind) {
		msglist_add(out, "R3.2", path, "无法判断音像类别，请用 --kind photo|audio|video|surveillance 指明",
			    "cannot tell what kind of medium this is: give --kind photo|audio|video|surveillance");
		return JL_EINVALID;
	}
	if (!media_kind_valid(kind)) {
		msglist_addf(out, "R3.2", "--kind", "未知类别 %s（photo、audio、video、surveillance）",
			     "unknown kind %s (photo, audio, video, surveillance)", kind);
		return JL_EUSAGE;
	}
	if (captured_at) {
		if (shape_parse_datetime(captured_at) != 0) {
			msglist_add(out, NULL, "--captured-at", "应为日期时间（YYYY-MM-DDTHH:MM）",
				    "expected a datetime (YYYY-MM-DDTHH:MM)");
			return JL_EUSAGE;
		}
		buf_puts(&captured, captured_at);
	} else {
		media_mtime(path, &captured);
	}
	dir = media_dir(j);
	if (dir)
		media_sweep(dir);
	err = dir ? media_import(path, dir, hex, &m.size, &store) : ENOMEM;
	if (err && !store) {
		/* The file given: replaced by a directory or FIFO meanwhile, or
		 * unreadable half way. Bad input; nothing was stored. */
		if (err == EISDIR || err == MEDIA_ENOTREG)
			media_not_regular(out, path, err);
		else
			msglist_addf(out, NULL, path, "无法读取文件：%s（未保存任何内容）",
				     "cannot read the file: %s (nothing was stored)",
				     strerror(err));
		rc = JL_EINVALID;
		goto done;
	}
	if (err) {
		/* Named for what failed: the store, not the file being added. */
		msglist_addf(out, NULL, dir ? dir : "media",
			     "音像库（存放音像文件的目录）无法写入：%s（未保存任何内容）",
			     "the media store (the directory media files are kept in) cannot be "
			     "written: %s (nothing was stored)",
			     strerror(err));
		rc = JL_ESTORE;
		goto done;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (clock_now(&now) != 0) {
		/* Never reached from jilu (a bad JILU_NOW keeps the store shut),
		 * but a stamp from the wrong clock is not written silently. */
		clock_check_env(out);
		rc = JL_EINVALID;
		goto done;
	}
	m.record_id = record_id;
	m.sha256 = hex;
	m.name = (char *)base;
	m.kind = (char *)kind;
	m.captured_at = (char *)buf_str(&captured);
	m.stored_at = (char *)buf_str(&now);
	m.added_by = j->officer;
	m.device = j->device;
	if (db_begin(j->db) != JL_OK)
		goto store;
	seq = ledger_next_seq(j->db);
	st = db_prepare(j->db, "INSERT INTO media(record_id, sha256, name, kind, size, captured_at, "
			       "stored_at, added_by, device, ledger_seq) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (seq < 0 || !st)
		goto store;
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_text(st, 2, m.sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m.kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, m.size);
	sqlite3_bind_text(st, 6, m.captured_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, m.stored_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, m.added_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, m.device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, seq);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto store;
	m.id = sqlite3_last_insert_rowid(db_sqlite(j->db));
	media_ledger_body(&body, seq, j->device, &m);
	buf_printf(&subject, "media:%lld", m.id);
	if (ledger_append(j->db, seq, j->device, "media", buf_str(&subject), buf_str(&body)) != JL_OK ||
	    db_commit(j->db) != JL_OK)
		goto store;
	*id = m.id;
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, out, "无法保存音像记录", "cannot store the attachment");
	db_rollback(j->db);
	rc = JL_ESTORE;
done:
	free(dir);
	buf_free(&captured);
	buf_free(&now);
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

int media_verify_entry(jl *j, long long seq, const char *device, long long id,
		       const char *body, buf *zh, buf *en)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " MEDIA_COLS " FROM media WHERE id = ?1");
	media_row m;
	buf want = BUF_INIT, path = BUF_INIT;
	char hex[LEDGER_HASH_LEN + 1] = {0};
	char *dir = NULL;
	long long size = 0;
	int fault = 0, err;

	if (!st)
		return -1;
	memset(&m, 0, sizeof m);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		buf_printf(zh, "音像记录 %lld 已不存在（被删除）", id);
		buf_printf(en, "attachment %lld is missing (deleted)", id);
		return 1;
	}
	media_fill(st, &m);
	sqlite3_reset(st);
	media_ledger_body(&want, seq, device, &m);
	if (m.ledger_seq != seq || strcmp(buf_str(&want), body) != 0) {
		buf_printf(zh, "音像记录 %lld 的登记信息被改动", id);
		buf_printf(en, "attachment %lld: its row was changed", id);
		fault = 1;
		goto done;
	}
	dir = media_dir(j);
	media_path(&path, dir ? dir : "media", m.sha256);
	err = media_hash_file(buf_str(&path), hex, &size);
	if (err == ENOENT) {
		buf_printf(zh, "音像文件 %s（附件 %lld）缺失", m.name, id);
		buf_printf(en, "media file %s (attachment %lld) is missing", m.name, id);
		fault = 1;
	} else if (err) {
		buf_printf(zh, "无法读取音像文件 %s：%s", buf_str(&path), strerror(err));
		buf_printf(en, "cannot read media file %s: %s", buf_str(&path), strerror(err));
		fault = 1;
	} else if (size != m.size || strcmp(hex, m.sha256) != 0) {
		buf_printf(zh, "音像文件 %s（附件 %lld）被改动%s", m.name, id,
			   size < m.size ? "（被截短）" : "");
		buf_printf(en, "media file %s (attachment %lld) was changed%s", m.name, id,
			   size < m.size ? " (truncated)" : "");
		fault = 1;
	}
done:
	media_row_free(&m);
	free(dir);
	buf_free(&want);
	buf_free(&path);
	return fault;
}

int media_verify_orphans(jl *j, long long *fault_seq, msglist *out)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT m.id FROM media m WHERE NOT EXISTS (SELECT 1 FROM ledger l "
		"WHERE l.seq = m.ledger_seq AND l.subject = 'media:' || m.id) LIMIT 1");
	int fault = 0;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		msglist_addf(out, "R22.3", NULL, "音像记录 %lld 没有对应的账本记录",
			     "attachment %lld has no ledger entry", id);
		*fault_seq = 0;
		fault = 1;
	}
	sqlite3_reset(st);
	return fault;
}
