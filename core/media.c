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
#include "core/file.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/perm_record.h"
#include "core/record.h"
#include "core/shape.h"

#define MEDIA_CHUNK (1 << 20)

static const char *const media_kinds[] = {"photo", "audio", "video", "surveillance", "document", NULL};

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

const char *media_guess_kind(const unsigned char *h, size_t n, const char *name)
{
	static const char *const photo_ext[] = {"jpg", "jpeg", "png", "heic", "heif", "webp", "gif", "bmp", "tif", "tiff", NULL};
	static const char *const audio_ext[] = {"mp3", "wav", "m4a", "aac", "amr", "ogg", "opus", "flac", "wma", NULL};
	static const char *const video_ext[] = {"mp4", "mov", "avi", "mkv", "3gp", "ts", "mts", "wmv", "webm", "m4v", NULL};
	static const char *const doc_ext[] = {"pdf", "ofd", NULL};

	if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return "photo";
	/* A PDF is a scan of paper (a report, a receipt): never audio-visual. */
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return "document";
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
	if (media_ext(name, photo_ext))
		return "photo";
	if (media_ext(name, audio_ext))
		return "audio";
	if (media_ext(name, video_ext))
		return "video";
	if (media_ext(name, doc_ext))
		return "document";
	return NULL;
}

char *media_dir(jl *j)
{
	/* Beside the file itself: a store reached through a symbolic link
	 * keeps its media where its -wal is, not beside the link. */
	const char *p = db_file(j->db), *slash = strrchr(p, '/');
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
		   "stored_at, added_by, device, captured_from, file_time, file_time_from"

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
	m->captured_from = media_col(st, 11);
	m->file_time = media_col(st, 12);
	m->file_time_from = media_col(st, 13);
}

static void media_fill_row(sqlite3_stmt *st, void *row)
{
	media_fill(st, row);
}

static void media_free_row(void *row)
{
	media_row_free(row);
}

void media_row_free(media_row *m)
{
	free(m->sha256);
	free(m->name);
	free(m->kind);
	free(m->captured_at);
	free(m->stored_at);
	free(m->added_by);
	free(m->device);
	free(m->captured_from);
	free(m->file_time);
	free(m->file_time_from);
	memset(m, 0, sizeof *m);
}

void media_rows_free(media_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		media_row_free(&rows[i]);
	free(rows);
}

/* R20.2: seals the names of N attachments ROWS of RECORD_ID when J's acting
 * officer may not read it. Returns JL_OK or JL_ENOMEM. */
static jl_status media_seal(jl *j, long long record_id, media_row *rows, int n)
{
	record_row r;
	int i, ok;

	memset(&r, 0, sizeof r);
	ok = record_get(j, record_id, &r) == JL_OK && perm_record_readable(j, &r) == 1;
	record_row_free(&r);
	for (i = 0; !ok && i < n; i++) {
		char *s = strdup(PERM_RECORD_SEALED_ZH);
		if (!s)
			return JL_ENOMEM;
		free(rows[i].name);
		rows[i].name = s;
		rows[i].sealed = 1;
	}
	return JL_OK;
}

jl_status media_list(jl *j, long long record_id, media_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " MEDIA_COLS " FROM media "
					     "WHERE record_id = ?1 ORDER BY id");
	jl_status rc;

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, record_id);
	rc = db_list(st, sizeof **rows, media_fill_row, media_free_row, (void **)rows, n);
	if (rc == JL_OK && *n > 0)
		rc = media_seal(j, record_id, *rows, *n);
	if (rc == JL_OK && *n == 0) {
		/* No attachment, or no such record: they differ. */
		st = db_prepare(j->db, "SELECT 1 FROM records WHERE id = ?1");
		if (!st)
			return JL_ESTORE;
		sqlite3_bind_int64(st, 1, record_id);
		switch (sqlite3_step(st)) {
		case SQLITE_ROW:
			break;
		case SQLITE_DONE:
			rc = JL_ENOTFOUND;
			break;
		default:
			rc = JL_ESTORE;
		}
		sqlite3_reset(st);
	}
	return rc;
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
	/* Keys in order; the R19.2 ones only when set, so an entry written
	 * before schema 8 reads as it was written. */
	if (m->captured_from) {
		buf_puts(out, ",\"captured_from\":");
		jsonx_quote(out, m->captured_from);
	}
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, m->device);
	if (m->file_time) {
		buf_puts(out, ",\"file_time\":");
		jsonx_quote(out, m->file_time);
	}
	if (m->file_time_from) {
		buf_puts(out, ",\"file_time_from\":");
		jsonx_quote(out, m->file_time_from);
	}
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

void media_path(buf *out, const char *dir, const char *sha)
{
	buf_printf(out, "%s/%.2s/%s", dir, sha, sha);
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
	int fault = 0, err, fd = -1;
	struct stat sb;

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
	/* Opened without following a link and without blocking, and checked on
	 * what was opened: a FIFO or a link to /dev/zero put in the file's place
	 * is reported, never read for ever. */
	err = file_open_regular(buf_str(&path), FILE_NOFOLLOW, &fd, &sb);
	if (err == ENOENT) {
		buf_printf(zh, "音像文件 %s（附件 %lld）缺失", m.name, id);
		buf_printf(en, "media file %s (attachment %lld) is missing", m.name, id);
		fault = 1;
	} else if (err) {
		buf_printf(zh, "音像文件 %s（附件 %lld）无法读取：%s", m.name, id, file_strerror_zh(err));
		buf_printf(en, "media file %s (attachment %lld) cannot be read: %s", m.name, id,
			   file_strerror(err));
		fault = 1;
	} else if ((long long)sb.st_size != m.size) {
		/* The size tells at once; hashing a grown file would only take longer. */
		buf_printf(zh, "音像文件 %s（附件 %lld）被改动%s（%lld 字节，应为 %lld）", m.name, id,
			   (long long)sb.st_size < m.size ? "（被截短）" : "", (long long)sb.st_size,
			   m.size);
		buf_printf(en, "media file %s (attachment %lld) was changed%s (%lld bytes, not %lld)",
			   m.name, id, (long long)sb.st_size < m.size ? " (truncated)" : "",
			   (long long)sb.st_size, m.size);
		fault = 1;
	} else if ((err = file_hash_copy(fd, -1, m.size, hex, &size, NULL, NULL, NULL)) != 0) {
		buf_printf(zh, "无法读取音像文件 %s：%s", buf_str(&path), file_strerror_zh(err));
		buf_printf(en, "cannot read media file %s: %s", buf_str(&path), file_strerror(err));
		fault = 1;
	} else if (size != m.size || strcmp(hex, m.sha256) != 0) {
		buf_printf(zh, "音像文件 %s（附件 %lld）被改动%s", m.name, id,
			   size < m.size ? "（被截短）" : "");
		buf_printf(en, "media file %s (attachment %lld) was changed%s", m.name, id,
			   size < m.size ? " (truncated)" : "");
		fault = 1;
	}
done:
	if (fd >= 0)
		close(fd);
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
		msglist_addf(out, "R22.3", NULL, "音像记录 %lld 没有对应的存证链记录",
			     "attachment %lld has no ledger entry", id);
		*fault_seq = 0;
		fault = 1;
	}
	sqlite3_reset(st);
	return fault;
}
