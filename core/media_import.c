/* core/media_import.c — files into the media store, attached all or none (see media_import.h). */
#include "core/media_import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/media_time.h"
#include "core/record.h"
#include "core/shape.h"
#include "core/text.h"

/* Partial imports in media/tmp are named import.PID.XXXXXX. */
#define MEDIA_TMP_PREFIX "import."

/* One file of a `media add`, from its check to its commit. */
typedef struct {
	const char *path;   /* as given */
	const char *name;   /* its last component, what the row keeps */
	int in;             /* the file as opened and checked, or -1 */
	struct stat sb;     /* fstat of IN */
	const char *kind;   /* given or guessed (static) */
	buf captured;       /* capture time */
	const char *source; /* where it came from: given, exif, mp4, mtime (static) */
	buf file_time;      /* when SOURCE is given: the time the file records */
	const char *file_from; /* ... and where that came from: exif, mp4, mtime */
	file_tmp tmp;       /* its copy in media/tmp until placed; its lock tells
			     * media_sweep that it is alive */
	char hex[FILE_HASH_LEN + 1];
	long long size;
} media_item;

/* Progress over all the files of one add. */
typedef struct {
	const media_add_opts *opts;
	long long base, total;
} media_progress;

static int media_progress_cb(void *ctx, long long done, long long total)
{
	media_progress *p = ctx;

	(void)total;
	return p->opts->progress(p->opts->ctx, p->base + done, p->total);
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
	err = parent.oom ? ENOMEM : file_fsync_dir(buf_str(&parent));
	buf_free(&parent);
	return err;
}

void media_sweep(jl *j)
{
	char *dir = media_dir(j);
	buf tmp = BUF_INIT;

	if (!dir)
		return;
	buf_printf(&tmp, "%s/tmp", dir);
	if (!tmp.oom)
		file_tmp_sweep(buf_str(&tmp), MEDIA_TMP_PREFIX);
	buf_free(&tmp);
	free(dir);
}

/* Appends the local time of T with its offset: 2026-11-20T08:15:00+08:00. */
static void media_stamp(time_t t, buf *out)
{
	struct tm tm;
	char when[40], zone[8];

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	buf_printf(out, "%s%.3s:%.2s", when, zone, zone + 3);
}

/* Opens and checks IT->path before anything is copied. Returns 0, or 1 with
 * the reason in OUT. */
static int media_item_check(media_item *it, const media_add_opts *o, msglist *out)
{
	unsigned char head[16];
	ssize_t n;
	int err;

	/* The file's name is stored and shown as one line of text (core/text.h). */
	if (!text_check(it->name, strlen(it->name), TEXT_LINE, out, NULL, it->path))
		return 1;
	err = file_open_regular(it->path, FILE_FOLLOW, &it->in, &it->sb);
	if (err == EISDIR) {
		msglist_add(out, NULL, it->path, "是目录，不是文件：请给出要附上的文件",
			    "is a directory, not a file: give the files to attach");
		return 1;
	}
	if (err == FILE_ENOTREG) {
		msglist_add(out, NULL, it->path, "不是普通文件（设备、管道等），不能存入音像库",
			    "not a regular file (a device, a pipe…): it cannot go into the media store");
		return 1;
	}
	if (err) {
		msglist_addf(out, NULL, it->path, "无法读取文件：%s", "cannot read the file: %s",
			     strerror(err));
		return 1;
	}
	if (it->sb.st_size == 0) {
		/* An empty file records nothing: it cannot stand for a promised video. */
		msglist_add(out, "R3.2", it->path, "文件是空的（0 字节），不是音像记录",
			    "the file is empty (0 bytes): it records nothing");
		return 1;
	}
	it->kind = o->kind;
	if (!it->kind) {
		do
			n = pread(it->in, head, sizeof head, 0);
		while (n < 0 && errno == EINTR);
		it->kind = media_guess_kind(head, n > 0 ? (size_t)n : 0, it->name);
	}
	if (!it->kind) {
		msglist_add(out, "R3.2", it->path,
			    "无法判断文件类别，请用 --kind 指明：照片 photo、录音 audio、录像 video、监控录像 surveillance、书面文件扫描件 document",
			    "cannot tell what kind of file this is: give --kind photo|audio|video|surveillance|document");
		return 1;
	}
	if (o->captured_at) {
		/* R19.2: a stated time is kept as stated, and the file's own is
		 * kept beside it, so `check` can say when the two disagree. */
		time_t t;
		buf_puts(&it->captured, o->captured_at);
		it->source = "given";
		it->file_from = media_time_read(it->in, it->sb.st_size, &t);
		if (!it->file_from) {
			t = it->sb.st_mtime;
			it->file_from = "mtime";
		}
		media_stamp(t, &it->file_time);
	} else {
		/* R19.2: the time the evidence itself records, else the file's. */
		time_t t, earliest = 0;

		it->source = media_time_read(it->in, it->sb.st_size, &t);
		if (!it->source) {
			t = it->sb.st_mtime;
			it->source = "mtime";
		}
		media_stamp(t, &it->captured);
		/* A camera whose clock was never set stamps 1970, one set wrong a
		 * year ahead: neither is when the medium was made. The stamp is
		 * the file's own, so it is held to the real clock, not JILU_NOW. */
		if (clock_parse(CLOCK_EARLIEST, &earliest) != 0 || t < earliest ||
		    t > time(NULL) + CLOCK_AHEAD) {
			if (strcmp(it->source, "mtime") == 0)
				msglist_addf(out, "R3.2", it->path,
					     "文件的修改时间 %s 不会是拍摄时间（早于 %s 或晚于本机时钟）：请用 --captured-at 指明拍摄时间",
					     "the file's modification time %s cannot be when it was captured (before %s or ahead of this device's clock): give --captured-at",
					     buf_str(&it->captured), CLOCK_EARLIEST);
			else
				msglist_addf(out, "R3.2", it->path,
					     "文件内记载的拍摄时间 %s 不可信（早于 %s 或晚于本机时钟）：请用 --captured-at 指明拍摄时间",
					     "the capture time the file records, %s, cannot be right (before %s or ahead of this device's clock): give --captured-at",
					     buf_str(&it->captured), CLOCK_EARLIEST);
			return 1;
		}
	}
	return 0;
}

/*
 * Copies IT into TMPDIR while hashing it, and fsyncs the copy. Returns JL_OK;
 * JL_EINVALID (the file: unreadable, or changed while read), JL_ESTORE (the
 * media store), JL_ECANCELED, with the reason in OUT.
 */
static jl_status media_item_copy(media_item *it, const char *tmpdir, media_progress *p,
				 msglist *out)
{
	buf prefix = BUF_INIT;
	int err, which = 1;

	buf_printf(&prefix, "%s/" MEDIA_TMP_PREFIX "%ld.", tmpdir, (long)getpid());
	err = prefix.oom ? ENOMEM : file_tmp_create(&it->tmp, buf_str(&prefix), 1);
	buf_free(&prefix);
	if (err == 0)
		err = file_hash_copy(it->in, it->tmp.fd, it->sb.st_size, it->hex, &it->size,
				     p->opts->progress ? media_progress_cb : NULL, p, &which);
	if (err == 0)
		err = file_tmp_sync(&it->tmp);
	if (err == FILE_ECANCELED)
		return JL_ECANCELED;
	if (err && which == 0) {
		msglist_addf(out, NULL, it->path, "无法读取文件：%s（未保存任何内容）",
			     "cannot read the file: %s (nothing was stored)", strerror(err));
		return JL_EINVALID;
	}
	if (err) {
		msglist_addf(out, NULL, tmpdir,
			     "音像库（存放音像文件的目录）无法写入：%s（未保存任何内容）",
			     "the media store (the directory media files are kept in) cannot be "
			     "written: %s (nothing was stored)", strerror(err));
		return JL_ESTORE;
	}
	if (it->size != (long long)it->sb.st_size || it->size == 0) {
		/* Still being written (a camera copying it), or cut meanwhile:
		 * what was hashed is not the file that was checked. */
		msglist_add(out, NULL, it->path, "文件在读取时被改动，请待其写完再附上（未保存任何内容）",
			    "the file changed while it was read: attach it once it is complete "
			    "(nothing was stored)");
		return JL_EINVALID;
	}
	p->base += it->size;
	return JL_OK;
}

/* Refuses IT when the record already has the same file, naming the first
 * attachment. Returns JL_OK, JL_EINVALID or JL_ESTORE. Inside the write
 * transaction, so two adds at once cannot both pass. */
static jl_status media_item_unique(jl *j, long long record_id, const media_item *it,
				   msglist *out)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT min(id) FROM media "
					     "WHERE record_id = ?1 AND sha256 = ?2");
	jl_status rc = JL_OK;

	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_text(st, 2, it->hex, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = JL_ESTORE;
	else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		msglist_addf(out, NULL, it->path,
			     "同一文件已附到记录 %lld（附件 %lld），不再重复附上",
			     "the same file is already attached to record %lld (attachment %lld)",
			     record_id, (long long)sqlite3_column_int64(st, 0));
		rc = JL_EINVALID;
	}
	sqlite3_reset(st);
	return rc;
}

/* Writes IT's row and ledger entry; *ID gets the attachment's id. Inside the
 * write transaction. A clock behind the last entry is warned about in WARN.
 * Returns JL_OK or JL_ESTORE. */
static jl_status media_item_insert(jl *j, long long record_id, media_item *it, const char *now,
				   long long *id, msglist *warn)
{
	media_row m;
	buf body = BUF_INIT, subject = BUF_INIT;
	sqlite3_stmt *st;
	long long seq = ledger_next_seq(j->db);
	jl_status rc = JL_ESTORE;
	int step;

	memset(&m, 0, sizeof m);
	st = db_prepare(j->db, "INSERT INTO media(record_id, sha256, name, kind, size, captured_at, "
			       "stored_at, added_by, device, ledger_seq, captured_from, file_time, "
			       "file_time_from) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	if (seq < 0 || !st)
		goto done;
	m.record_id = record_id;
	m.sha256 = it->hex;
	m.name = (char *)it->name;
	m.kind = (char *)it->kind;
	m.size = it->size;
	m.captured_at = (char *)buf_str(&it->captured);
	m.stored_at = (char *)now;
	m.added_by = j->officer;
	m.device = j->device;
	m.captured_from = (char *)it->source;
	m.file_time = it->file_from ? (char *)buf_str(&it->file_time) : NULL;
	m.file_time_from = (char *)it->file_from;
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
	sqlite3_bind_text(st, 11, m.captured_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, m.file_time, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, m.file_time_from, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto done;
	m.id = sqlite3_last_insert_rowid(db_sqlite(j->db));
	m.ledger_seq = seq;
	media_ledger_body(&body, seq, j->device, &m);
	buf_printf(&subject, "media:%lld", m.id);
	if (body.oom || subject.oom)
		goto done;
	if (ledger_append(j->db, seq, j->device, "media", buf_str(&subject), buf_str(&body), warn) !=
	    JL_OK)
		goto done;
	*id = m.id;
	rc = JL_OK;
done:
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

/* Moves IT's copy to its content address under DIR (replacing whatever
 * is there: the same bytes, or a file damaged since), its directory fsynced.
 * Returns 0 or errno. */
static int media_item_place(media_item *it, const char *dir)
{
	buf sub = BUF_INIT, final = BUF_INIT;
	int err;

	buf_printf(&sub, "%s/%.2s", dir, it->hex);
	media_path(&final, dir, it->hex);
	if (sub.oom || final.oom)
		err = ENOMEM;
	else if ((err = media_mkdir(buf_str(&sub))) == 0)
		err = file_tmp_place(&it->tmp, buf_str(&final), FILE_REPLACE);
	buf_free(&sub);
	buf_free(&final);
	return err;
}

jl_status media_add(jl *j, long long record_id, const char *const *paths, int n,
		    const media_add_opts *opts, long long *ids, msglist *out)
{
	static const media_add_opts none;
	const media_add_opts *o = opts ? opts : &none;
	media_item *items = NULL;
	media_progress prog = {o, 0, 0};
	record_row r;
	char *dir = NULL;
	buf tmpdir = BUF_INIT, now = BUF_INIT;
	jl_status rc;
	int i, k, bad = 0, began = 0, err;

	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	memset(&r, 0, sizeof r);
	rc = record_get(j, record_id, &r);
	if (rc != JL_OK) {
		if (rc == JL_ENOTFOUND)
			msglist_addf(out, NULL, "RECORD", "没有记录 %lld", "no record %lld", record_id);
		return rc == JL_ENOTFOUND ? JL_EINVALID : rc;
	}
	record_row_free(&r);
	if (o->kind && !media_kind_valid(o->kind)) {
		msglist_addf(out, "R3.2", "--kind", "未知类别 %s（可选 photo、audio、video、surveillance、document）",
			     "unknown kind %s (photo, audio, video, surveillance, document)", o->kind);
		return JL_EUSAGE;
	}
	if (o->captured_at && shape_parse_datetime(o->captured_at) != 0) {
		msglist_add(out, NULL, "--captured-at", "应为日期时间（YYYY-MM-DDTHH:MM）",
			    "expected a datetime (YYYY-MM-DDTHH:MM)");
		return JL_EUSAGE;
	}
	/* The time a medium was made has happened: before 2000 or more than
	 * an hour ahead of the clock is a mistake, as in a record's field. */
	if (o->captured_at && clock_plausible(o->captured_at, 1, "R3.2", "--captured-at", out) != 0)
		return JL_EINVALID;
	items = calloc((size_t)n + 1, sizeof *items);
	if (!items)
		return JL_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		items[i].path = paths[i];
		items[i].name = slash ? slash + 1 : paths[i];
		items[i].in = items[i].tmp.fd = -1;
	}
	/* Every file is checked before any is copied: one bad file among many
	 * is said at once, and nothing is stored. */
	for (i = 0; i < n; i++) {
		bad |= media_item_check(&items[i], o, out);
		prog.total += items[i].sb.st_size;
	}
	if (bad) {
		rc = JL_EINVALID;
		goto done;
	}
	dir = media_dir(j);
	if (dir)
		buf_printf(&tmpdir, "%s/tmp", dir);
	if (!dir || tmpdir.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	if ((err = media_mkdir(dir)) != 0 || (err = media_mkdir(buf_str(&tmpdir))) != 0) {
		msglist_addf(out, NULL, dir,
			     "音像库（存放音像文件的目录）无法写入：%s（未保存任何内容）",
			     "the media store (the directory media files are kept in) cannot be "
			     "written: %s (nothing was stored)", strerror(err));
		rc = JL_ESTORE;
		goto done;
	}
	for (i = 0; i < n; i++)
		if ((rc = media_item_copy(&items[i], buf_str(&tmpdir), &prog, out)) != JL_OK)
			goto done;
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++) {
			if (strcmp(items[i].hex, items[k].hex) == 0) {
				msglist_addf(out, NULL, items[i].path,
					     "与 %s 是同一文件，不再重复附上",
					     "the same file as %s, given before", items[k].path);
				rc = JL_EINVALID;
				goto done;
			}
		}
	}
	if (clock_now(&now) != 0) {
		/* Never reached from jilu (a bad JILU_NOW keeps the store shut),
		 * but a stamp from the wrong clock is not written silently. */
		clock_check_env(out);
		rc = JL_EINVALID;
		goto done;
	}
	if (db_begin(j->db) != JL_OK)
		goto store;
	began = 1;
	for (i = 0; i < n; i++) {
		rc = media_item_unique(j, record_id, &items[i], out);
		if (rc == JL_EINVALID)
			goto done;
		if (rc != JL_OK || media_item_insert(j, record_id, &items[i], buf_str(&now),
						     &ids[i], out) != JL_OK)
			goto store;
		if (o->captured_from)
			o->captured_from[i] = items[i].source;
	}
	/* In place and fsynced before the rows that name them are committed. */
	for (i = 0; i < n; i++) {
		if ((err = media_item_place(&items[i], dir)) != 0) {
			msglist_addf(out, NULL, dir,
				     "音像库（存放音像文件的目录）无法写入：%s（未保存任何内容）",
				     "the media store (the directory media files are kept in) cannot be "
				     "written: %s (nothing was stored)", strerror(err));
			rc = JL_ESTORE;
			goto done;
		}
	}
	if ((err = file_fsync_dir(dir)) != 0) {
		msglist_addf(out, NULL, dir, "无法同步音像库目录：%s（未保存任何内容）",
			     "cannot sync the media store's directory: %s (nothing was stored)",
			     strerror(err));
		rc = JL_ESTORE;
		goto done;
	}
	if (db_commit(j->db) != JL_OK)
		goto store;
	began = 0;
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, out, "无法保存音像记录", "cannot store the attachment");
	rc = JL_ESTORE;
done:
	if (began)
		db_rollback(j->db);
	for (i = 0; items && i < n; i++) {
		if (items[i].in >= 0)
			close(items[i].in);
		file_tmp_discard(&items[i].tmp);
		buf_free(&items[i].captured);
		buf_free(&items[i].file_time);
	}
	free(items);
	free(dir);
	buf_free(&tmpdir);
	buf_free(&now);
	return rc;
}
