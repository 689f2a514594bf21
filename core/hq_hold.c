/* core/hq_hold.c — HQ's limits on media, and the media a device holds at HQ
 * that no entry names yet (see core/hq_hold.h). */
#include "core/hq_hold.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/hq_media.h"
#include "core/hq_store.h"

/* ---- limits ---- */

static const struct {
	const char *key;
	const char *opt;
	long long min, max, def;
} hq_limit_def[3] = {
	{"hq_media_max", "--media-max", 1, HQ_MEDIA_MAX, HQ_MEDIA_MAX},
	{"hq_hold_max", "--hold-max", 1, LLONG_MAX / 2, HQ_MEDIA_MAX},
	{"hq_min_rate", "--min-rate", 0, 1LL << 40, HQ_MIN_RATE_DEFAULT},
};

static long long *hq_limit_at(hq_limits *lim, int i)
{
	return i == 0 ? &lim->media_max : i == 1 ? &lim->hold_max : &lim->min_rate;
}

/* Returns 1 when LIM's value I is within its range, else 0 with the reason in ERR. */
static int hq_limit_ok(const hq_limits *lim, int i, const char *where, msglist *err)
{
	long long v = *hq_limit_at((hq_limits *)lim, i);

	if (v >= hq_limit_def[i].min && v <= hq_limit_def[i].max)
		return 1;
	msglist_addf(err, NULL, where, "%s 须在 %lld 至 %lld 之间（现为 %lld）",
		     "%s must be from %lld to %lld (got %lld)", hq_limit_def[i].opt,
		     hq_limit_def[i].min, hq_limit_def[i].max, v);
	return 0;
}

jl_status hq_limits_read(db *d, hq_limits *lim, msglist *err)
{
	for (int i = 0; i < 3; i++) {
		char *s = db_meta_get(d, hq_limit_def[i].key), *end = NULL;
		long long *v = hq_limit_at(lim, i);

		*v = hq_limit_def[i].def;
		if (!s)
			continue;
		errno = 0;
		*v = strtoll(s, &end, 10);
		if (errno || end == s || *end) {
			msglist_addf(err, NULL, hq_limit_def[i].key, "总部的限额不是数字：%s",
				     "HQ's limit is not a number: %s", s);
			free(s);
			return JL_ESTORE;
		}
		free(s);
		if (!hq_limit_ok(lim, i, hq_limit_def[i].key, err))
			return JL_ESTORE;
	}
	return JL_OK;
}

jl_status hq_limits_write(db *d, const hq_limits *lim, msglist *err)
{
	char v[32];
	int i;

	for (i = 0; i < 3; i++)
		if (!hq_limit_ok(lim, i, hq_limit_def[i].opt, err))
			return JL_EINVALID;
	if (db_begin(d) != JL_OK)
		goto store;
	for (i = 0; i < 3; i++) {
		snprintf(v, sizeof v, "%lld", *hq_limit_at((hq_limits *)lim, i));
		if (db_meta_set(d, hq_limit_def[i].key, v) != JL_OK) {
			db_rollback(d);
			goto store;
		}
	}
	if (db_commit(d) != JL_OK) {
		db_rollback(d);
		goto store;
	}
	return JL_OK;
store:
	db_error(d, err, "无法保存总部的限额", "cannot store HQ's limits");
	return JL_ESTORE;
}

/* ---- media held unnamed ---- */

/* This session's name in hq_held: one `hq ingest` process is one session
 * (its pid, and the moment it first asked, against a pid used again). */
static const char *hq_session_id(void)
{
	static char id[64];
	struct timespec ts;

	if (!id[0]) {
		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(id, sizeof id, "%ld.%lld.%09ld", (long)getpid(), (long long)ts.tv_sec,
			 ts.tv_nsec);
	}
	return id;
}

/* One note of hq_held, and what its removal leaves to do after the commit. */
typedef struct {
	char sha[LEDGER_HASH_LEN + 1];
	long long size;
	int complete;
	char *since;
	int fd;        /* the partial file, locked, to unlink: -1 when none */
	int unlink;    /* the file goes (no other device holds it) */
	char *tomb;    /* a complete file, moved aside until the commit */
	int mine;      /* noted (or offered again) by this session */
	int removed;   /* the note was removed (recorded as a refusal) */
} hq_note;

static void hq_notes_free(hq_note *n, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (n[i].fd >= 0)
			close(n[i].fd);
		free(n[i].since);
		free(n[i].tomb);
	}
	free(n);
}

/* The notes of DEVICE, but SHA256's (NULL: all). Returns 0 and *OUT
 * (caller frees with hq_notes_free) with *COUNT, or -1. */
static int hq_notes_read(db *d, const char *device, const char *except, hq_note **out,
			 size_t *count)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT sha256, size, complete, since, session = ?3 "
					 "FROM hq_held WHERE device = ?1 AND sha256 <> ?2 ORDER BY since");
	hq_note *n = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, except ? except : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hq_session_id(), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		if (*count == cap) {
			cap = cap ? 2 * cap : 4;
			grown = realloc(n, cap * sizeof *n);
			if (!grown)
				break;
			n = grown;
		}
		memset(&n[*count], 0, sizeof *n);
		n[*count].fd = -1;
		snprintf(n[*count].sha, sizeof n[*count].sha, "%s", sha ? sha : "");
		n[*count].size = sqlite3_column_int64(st, 1);
		n[*count].complete = sqlite3_column_int(st, 2);
		n[*count].since = db_column_dup(st, 3);
		n[*count].mine = sqlite3_column_int(st, 4);
		(*count)++;
	}
	sqlite3_reset(st);
	*out = n;
	return rc == SQLITE_DONE ? 0 : (hq_notes_free(n, *count), *out = NULL, *count = 0, -1);
}

/* Returns 1 when an entry of the device's store M names SHA256, 0 when
 * none does, -1 on error. */
static int hq_named(db *m, const char *sha256)
{
	sqlite3_stmt *st = db_prepare(m, "SELECT 1 FROM media WHERE sha256 = ?1 LIMIT 1");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Runs SQL (a literal) on D with ?1 = A, ?2 = B, ?3 = C (B and C may be
 * NULL). Returns 0 or -1. */
static int hq_run3(db *d, const char *sql, const char *a, const char *b, const char *c)
{
	sqlite3_stmt *st = db_prepare(d, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	if (c)
		sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int hq_run2(db *d, const char *sql, const char *a, const char *b)
{
	return hq_run3(d, sql, a, b, NULL);
}

/* Returns 1 when a device other than DEVICE holds SHA256 unnamed, 0 when
 * none does, -1 on error. */
static int hq_held_by_other(db *d, const char *device, const char *sha256)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT 1 FROM hq_held WHERE sha256 = ?1 AND device <> ?2");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Appends the path of SHA256's partial (COMPLETE 0) or stored file. */
static void hq_file_path(db *d, const char *sha256, int complete, buf *out)
{
	hq_media_dir(d, out);
	if (complete)
		buf_printf(out, "/%.2s/%s", sha256, sha256);
	else
		buf_printf(out, "/partial/%s", sha256);
}

/*
 * Moves the complete file of note N aside (media/partial/.removed-SHA256)
 * before the commit that forgets it: once its row is gone another session
 * may receive the same medium again and move it into place, and an unlink
 * of the stored path after the commit could take that one. Returns 0 (also
 * when there is no file) or -1.
 */
static int hq_entomb(db *d, hq_note *n)
{
	buf from = BUF_INIT, to = BUF_INIT;
	int rc = 0;

	hq_file_path(d, n->sha, 1, &from);
	hq_media_dir(d, &to);
	buf_puts(&to, "/partial");
	mkdir(buf_str(&to), 0777); /* there already, unless no medium ever came in parts */
	buf_printf(&to, "/.removed-%s", n->sha);
	if (rename(buf_str(&from), buf_str(&to)) == 0) {
		n->tomb = buf_steal(&to);
		rc = n->tomb ? 0 : -1;
	} else if (errno != ENOENT) {
		rc = -1;
	}
	buf_free(&from);
	buf_free(&to);
	return rc;
}

/*
 * Inside the caller's transaction on D: goes over DEVICE's notes N (COUNT),
 * each named by an entry of M forgotten for every device (it is kept for
 * good), each other one removed — unless it is a partial file a session
 * holds locked, or (SPARE_MINE) a complete medium this session noted or
 * offered again, whose size is added to *KEPT. A file no other device holds
 * is marked to be unlinked after the commit (a partial one stays locked
 * until then). Returns 0 or -1 (a store error).
 */
static int hq_sweep(db *d, db *m, const char *device, hq_note *n, size_t count, int spare_mine,
		    long long *kept)
{
	buf path = BUF_INIT;
	int named, other, rc = -1;

	for (size_t i = 0; i < count; i++) {
		named = hq_named(m, n[i].sha);
		if (named < 0)
			goto done;
		if (named) {
			if (hq_run2(d, "DELETE FROM hq_held WHERE sha256 = ?1", n[i].sha, NULL) != 0)
				goto done;
			continue;
		}
		/* This session's own complete media wait for the batch naming
		 * them (a device of before one medium per batch sends a whole
		 * batch's media first): they count, and go at its done. */
		if (spare_mine && n[i].mine && n[i].complete) {
			*kept += n[i].size;
			continue;
		}
		if (!n[i].complete) {
			buf_reset(&path);
			hq_file_path(d, n[i].sha, 0, &path);
			n[i].fd = open(buf_str(&path), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
			/* A session writing it holds its lock: it ends by itself
			 * (the transfer's minimum rate) and the bytes stay counted. */
			if (n[i].fd >= 0 && flock(n[i].fd, LOCK_EX | LOCK_NB) != 0) {
				close(n[i].fd);
				n[i].fd = -1;
				*kept += n[i].size;
				continue;
			}
		}
		other = hq_held_by_other(d, device, n[i].sha);
		if (other < 0 ||
		    hq_run2(d, "DELETE FROM hq_held WHERE sha256 = ?1 AND device = ?2", n[i].sha,
			    device) != 0)
			goto done;
		if (!other && n[i].complete &&
		    (hq_run2(d, "DELETE FROM hq_media WHERE sha256 = ?1", n[i].sha, NULL) != 0 ||
		     hq_entomb(d, &n[i]) != 0))
			goto done;
		n[i].unlink = !other;
		n[i].removed = 1;
	}
	rc = 0;
done:
	buf_free(&path);
	return rc;
}

/* The sweep is rolled back: the complete files it moved aside go back. */
static void hq_sweep_undo(db *d, hq_note *n, size_t count)
{
	buf path = BUF_INIT;

	for (size_t i = 0; i < count; i++) {
		if (!n[i].tomb)
			continue;
		buf_reset(&path);
		hq_file_path(d, n[i].sha, 1, &path);
		rename(n[i].tomb, buf_str(&path));
		free(n[i].tomb);
		n[i].tomb = NULL;
	}
	buf_free(&path);
}

/* After the commit: unlinks the files the sweep marked and records each
 * removal in hq_refusals (reason "unnamed", WHY_EN saying when). Returns
 * how many notes were removed. */
static int hq_sweep_finish(db *d, const char *device, hq_note *n, size_t count,
			   const char *why_en)
{
	buf path = BUF_INIT, detail = BUF_INIT;
	int removed = 0;

	for (size_t i = 0; i < count; i++) {
		if (!n[i].removed)
			continue;
		if (n[i].tomb) {
			unlink(n[i].tomb);
		} else if (n[i].unlink && !n[i].complete) {
			buf_reset(&path);
			hq_file_path(d, n[i].sha, 0, &path);
			unlink(buf_str(&path)); /* still locked by this session */
		}
		buf_reset(&detail);
		buf_printf(&detail, "%s medium %s (%lld bytes, begun %s) that no entry of %s names "
			   "was removed: %s", n[i].complete ? "a complete" : "a partial", n[i].sha,
			   n[i].size, n[i].since ? n[i].since : "?", device, why_en);
		hq_store_refusal(d, device, "unnamed", buf_str(&detail));
		removed++;
	}
	buf_free(&path);
	buf_free(&detail);
	return removed;
}

/* Runs SQL, an insert into hq_held of (?1 sha256, ?2 device, ?3 size,
 * ?4 since, ?5 this session). Returns 0, or -1 on a store error. */
static int hq_held_put(db *d, const char *sql, const char *sha256, const char *device,
		       long long size, const char *since)
{
	sqlite3_stmt *st = db_prepare(d, sql);
	int r;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, size);
	sqlite3_bind_text(st, 4, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, hq_session_id(), -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	return r == SQLITE_DONE ? 0 : -1;
}

jl_status hq_hold_offer(db *d, db *m, const char *device, const char *sha256, long long size,
			const hq_limits *lim, int *has, msglist *err)
{
	hq_note *n = NULL;
	size_t count = 0;
	long long kept = 0;
	buf now = BUF_INIT;
	jl_status rc = JL_ESTORE;
	int over = 0, r;

	*has = 0;
	if (size > lim->media_max) {
		msglist_addf(err, NULL, sha256,
			     "音像文件有 %lld 字节，超过总部的上限 %lld 字节：未接收（总部可用 jilu hq limits "
			     "--media-max 调整）",
			     "the medium is %lld bytes, over HQ's limit of %lld bytes: not taken (HQ sets "
			     "it with jilu hq limits --media-max)", size, lim->media_max);
		return JL_EREFUSED;
	}
	clock_now(&now);
	if (db_begin(d) != JL_OK)
		goto store;
	r = hq_media_has(d, sha256, size);
	if (r < 0)
		goto rollback;
	if (r) {
		/* Another device's unnamed medium this device's entry may name:
		 * its note keeps the file when the other's removal comes. */
		*has = 1;
		/* Offered again (a resume after a cut): this session's now. */
		if (hq_run3(d, "UPDATE hq_held SET session = ?2 WHERE sha256 = ?1 AND device = ?3",
			    sha256, hq_session_id(), device) != 0)
			goto rollback;
		r = hq_held_by_other(d, device, sha256);
		if (r < 0 || (r > 0 && hq_held_put(d, "INSERT OR IGNORE INTO hq_held(sha256, device, "
						   "size, since, complete, session) VALUES (?1, ?2, "
						   "?3, ?4, 1, ?5)", sha256, device, size,
						   buf_str(&now)) != 0))
			goto rollback;
	} else {
		/* A new medium: a device sends one at a time, each followed by
		 * the batch naming it, so what it still holds unnamed is left
		 * over (a thief's, or a medium whose entry never came). */
		if (hq_notes_read(d, device, sha256, &n, &count) != 0 ||
		    hq_sweep(d, m, device, n, count, 1, &kept) != 0)
			goto rollback;
		if (kept > lim->hold_max - size) {
			over = 1;
		} else if (hq_held_put(d, "INSERT INTO hq_held(sha256, device, size, since, complete, "
				       "session) VALUES (?1, ?2, ?3, ?4, 0, ?5) ON CONFLICT(sha256, "
				       "device) DO UPDATE SET size = excluded.size, complete = 0, "
				       "session = excluded.session", sha256, device, size,
				       buf_str(&now)) != 0) {
			goto rollback;
		}
	}
	if (db_commit(d) != JL_OK)
		goto rollback;
	hq_sweep_finish(d, device, n, count, "the device began another medium");
	if (over) {
		msglist_addf(err, NULL, sha256,
			     "设备 %s 在总部已有 %lld 字节正在传送、尚无条目引用的音像文件，再收 %lld "
			     "字节将超过上限 %lld 字节：未接收（总部可用 jilu hq limits --hold-max 调整）",
			     "device %s already has %lld bytes of media in transfer at HQ that no entry "
			     "names; %lld more would pass the limit of %lld bytes: not taken (HQ sets it "
			     "with jilu hq limits --hold-max)", device, kept, size, lim->hold_max);
		rc = JL_EREFUSED;
	} else {
		rc = JL_OK;
	}
	goto done;
rollback:
	db_rollback(d);
	hq_sweep_undo(d, n, count);
store:
	db_error(d, err, "无法登记音像文件", "cannot note the medium");
done:
	hq_notes_free(n, count);
	buf_free(&now);
	return rc;
}

int hq_hold_complete(db *d, const char *device, const char *sha256)
{
	return hq_run2(d, "UPDATE hq_held SET complete = 1 WHERE sha256 = ?1 AND device = ?2",
		       sha256, device);
}

void hq_hold_forget(db *d, const char *device, const char *sha256)
{
	hq_run2(d, "DELETE FROM hq_held WHERE sha256 = ?1 AND device = ?2", sha256, device);
}

jl_status hq_hold_settle(db *d, db *m, const char *device, msglist *err)
{
	hq_note *n = NULL;
	size_t count = 0;
	long long kept = 0;

	/* Nearly always nothing: no write lock taken for it. */
	if (hq_notes_read(d, device, NULL, &n, &count) != 0)
		goto store;
	if (count == 0)
		return JL_OK;
	hq_notes_free(n, count);
	n = NULL;
	count = 0;
	if (db_begin(d) != JL_OK)
		goto store;
	if (hq_notes_read(d, device, NULL, &n, &count) != 0 ||
	    hq_sweep(d, m, device, n, count, 0, &kept) != 0 || db_commit(d) != JL_OK) {
		db_rollback(d);
		hq_sweep_undo(d, n, count);
		goto store;
	}
	hq_sweep_finish(d, device, n, count, "the device said it had sent everything");
	hq_notes_free(n, count);
	return JL_OK;
store:
	db_error(d, err, "无法清理未被引用的音像文件", "cannot remove the media no entry names");
	hq_notes_free(n, count);
	return JL_ESTORE;
}
