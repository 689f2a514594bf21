/* core/sync_send.c — send HQ what it lacks: media, then the entries naming them. */
#include "core/sync_send.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/file.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/sync_parts.h"
#include "core/sync_pull.h"

/* A batch is at most this many entries and this many bytes of text at worst
 * (under SYNC_LINE_MAX), and one HQ transaction each. */
#define SYNC_BATCH_ENTRIES 5000
#define SYNC_BATCH_BYTES   (7u << 20)

typedef struct {
	jl *j;
	sync_io *io;
	msglist *err;
	sync_progress_fn progress;
	void *ctx;
	sync_progress p;
	sync_result *res;
	char *media_dir;
	char *frame;
	/* The batch sent and not yet acknowledged: its last seq and size. */
	int inflight;
	long long inflight_last, inflight_n;
	int batch_max;     /* entries in a batch at most */
} sync_send;

void sync_result_free(sync_result *res)
{
	free(res->warn_zh);
	free(res->warn_en);
	res->warn_zh = res->warn_en = NULL;
}

static jl_status sync_io_failed(sync_send *s)
{
	buf zh = BUF_INIT, en = BUF_INIT;

	sync_io_why(s->io, &zh, &en);
	msglist_add(s->err, NULL, NULL, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
	return JL_ELINK;
}

/* Returns 1 when T is one of WANT's types ("a" or "a|b"). */
static int sync_wanted(const char *want, const char *t)
{
	size_t n = strlen(t);
	const char *p;

	for (p = want; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (strncmp(p, t, n) == 0 && (p[n] == '\0' || p[n] == '|'))
			return 1;
	return 0;
}

/* Reads HQ's next message; an error message from HQ ends the sync with its
 * reason. Returns JL_OK and *OUT of type WANT (one type, or "a|b"), or the
 * sync's end. */
static jl_status sync_expect(sync_send *s, const char *want, cJSON **out)
{
	cJSON *m = NULL;
	const char *t, *code;
	buf zh = BUF_INIT, en = BUF_INIT;
	jl_status rc;

	*out = NULL;
	if (sync_io_read_msg(s->io, &m) != 0)
		return sync_io_failed(s);
	t = jsonx_str(m, "t");
	if (sync_wanted(want, t)) {
		*out = m;
		return JL_OK;
	}
	if (strcmp(t, "error") == 0) {
		code = jsonx_str(m, "code");
		buf_printf(&zh, "总部拒绝：%s", jsonx_str(m, "zh") ? jsonx_str(m, "zh") : "");
		buf_printf(&en, "headquarters refused: %s", jsonx_str(m, "en") ? jsonx_str(m, "en") : "");
		rc = code && (strcmp(code, "fork") == 0 || strcmp(code, "refused") == 0 ||
			      strcmp(code, "media") == 0 || strcmp(code, "device") == 0)
			     ? JL_EREFUSED : JL_ELINK;
	} else {
		buf_printf(&zh, "总部发来了无法识别的消息 %s（应为 %s）", t, want);
		buf_printf(&en, "headquarters sent a message not understood: %s (expected %s)", t, want);
		rc = JL_ELINK;
	}
	msglist_add(s->err, NULL, NULL, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
	cJSON_Delete(m);
	return rc;
}

static int sync_send_msg(sync_send *s, cJSON *m)
{
	int rc = m ? sync_io_write_msg(s->io, m) : -1;

	cJSON_Delete(m);
	return rc;
}

static int sync_tick(sync_send *s)
{
	return s->progress ? s->progress(s->ctx, &s->p) : 0;
}

static jl_status sync_cancelled(sync_send *s)
{
	msglist_add(s->err, NULL, NULL, "同步已取消（已确认的部分总部已保存）",
		    "sync cancelled (what HQ acknowledged is kept)");
	return JL_ELINK;
}

/* Offers the medium SHA (SIZE bytes) and sends what HQ lacks of it. */
static jl_status sync_media(sync_send *s, const char *sha, long long size)
{
	cJSON *m = cJSON_CreateObject(), *r = NULL;
	const cJSON *off;
	buf path = BUF_INIT;
	long long from, left;
	struct stat sb;
	ssize_t got;
	jl_status rc;
	int fd = -1;

	if (m) {
		cJSON_AddStringToObject(m, "t", "media");
		cJSON_AddStringToObject(m, "sha256", sha);
		cJSON_AddNumberToObject(m, "size", (double)size);
	}
	if (sync_send_msg(s, m) != 0)
		return sync_io_failed(s);
	rc = sync_expect(s, "from", &r);
	if (rc != JL_OK)
		return rc;
	off = cJSON_GetObjectItemCaseSensitive(r, "offset");
	if (!jsonx_int(off, 0, size, &from)) {
		msglist_add(s->err, NULL, sha, "总部给出的续传位置无效", "HQ named an invalid resume offset");
		rc = JL_ELINK;
		goto done;
	}
	if (from == size) {
		s->p.bytes_done += (unsigned long long)size;
		goto done; /* HQ has it */
	}
	buf_printf(&path, "%s/%.2s/%s", s->media_dir, sha, sha);
	if (file_open_regular(buf_str(&path), FILE_NOFOLLOW, &fd, &sb) != 0 || sb.st_size != size) {
		msglist_addf(s->err, NULL, buf_str(&path),
			     "音像文件缺失或大小不符（应为 %lld 字节）：运行 jilu verify",
			     "the medium is missing or not its size (%lld bytes): run jilu verify", size);
		rc = JL_ESTORE;
		goto done;
	}
	s->p.bytes_done += (unsigned long long)from;
	for (left = size - from; left > 0; left -= got) {
		got = pread(fd, s->frame, left > SYNC_FRAME_MAX ? SYNC_FRAME_MAX : (size_t)left,
			    (off_t)(size - left));
		if (got < 0 && errno == EINTR) {
			got = 0;
			continue;
		}
		if (got <= 0) {
			msglist_addf(s->err, NULL, buf_str(&path), "无法读取音像文件：%s",
				     "cannot read the medium: %s", got < 0 ? strerror(errno) : "short");
			rc = JL_ESTORE;
			goto done;
		}
		if (sync_io_write_frame(s->io, s->frame, (size_t)got) != 0) {
			rc = sync_io_failed(s);
			goto done;
		}
		s->p.bytes_done += (unsigned long long)got;
		s->res->media_bytes += (unsigned long long)got;
		if (sync_tick(s)) {
			rc = sync_cancelled(s);
			goto done;
		}
	}
	cJSON_Delete(r);
	r = NULL;
	rc = sync_expect(s, "media_ok", &r);
	if (rc == JL_OK)
		s->res->media_sent++;
done:
	if (fd >= 0)
		close(fd);
	cJSON_Delete(r);
	buf_free(&path);
	return rc;
}

/* The medium a media entry's body names. Returns 1 with *SHA (caller
 * frees) and *SIZE, or 0. */
static int sync_body_media(const char *body, char **sha, long long *size)
{
	cJSON *b = cJSON_Parse(body);
	const cJSON *m = b ? cJSON_GetObjectItemCaseSensitive(b, "media") : NULL, *sz;
	const char *h;
	int ok = 0;

	if (!cJSON_IsObject(m))
		m = b;
	h = m ? jsonx_str(m, "sha256") : NULL;
	sz = m ? cJSON_GetObjectItemCaseSensitive(m, "size") : NULL;
	if (h && jsonx_int(sz, 0, LLONG_MAX, size)) {
		*sha = strdup(h);
		ok = *sha != NULL;
	}
	cJSON_Delete(b);
	return ok;
}

/* The entries after ?1, at most ?2, each with the data of the record it
 * vouches for (HQ holds the data to the entry). One array: db_prepare
 * caches on its address. */
static const char sync_entries_sql[] =
	"SELECT l.seq, l.kind, l.subject, l.body, l.prev_hash, l.hash, r.data "
	"FROM ledger l LEFT JOIN records r ON l.subject LIKE 'record:%' "
	"  AND r.id = CAST(substr(l.subject, 8) AS INTEGER) "
	"WHERE l.seq > ?1 ORDER BY l.seq LIMIT ?2";

/* Reads HQ's acknowledgement of the batch in flight, if one is, and moves
 * *FROM (what HQ holds) to its end. Returns JL_OK or the sync's end. */
static jl_status sync_settle(sync_send *s, long long *from)
{
	cJSON *ack = NULL;
	long long acked = -1;
	jl_status rc;

	if (!s->inflight)
		return JL_OK;
	s->inflight = 0;
	rc = sync_expect(s, "ack", &ack);
	if (rc != JL_OK)
		return rc;
	if (!jsonx_int(cJSON_GetObjectItemCaseSensitive(ack, "seq"), 0, LLONG_MAX, &acked) ||
	    acked != s->inflight_last) {
		msglist_addf(s->err, NULL, NULL, "总部确认的序号不符（应为 %lld）",
			     "headquarters acknowledged another sequence number (want %lld)",
			     s->inflight_last);
		cJSON_Delete(ack);
		return JL_ELINK;
	}
	cJSON_Delete(ack);
	s->res->sent += s->inflight_last - *from;
	s->res->hq_seq = s->inflight_last;
	s->p.entries_done += s->inflight_n;
	*from = s->inflight_last;
	return sync_tick(s) ? sync_cancelled(s) : JL_OK;
}

/*
 * Sends the entries after *FROM in batches until none is left; *FROM ends
 * at what HQ acknowledged. One batch is in flight while the next is read
 * and written: HQ checks and stores batch k while the device reads batch
 * k+1 from its store, instead of each side waiting for the other. HQ reads
 * its messages in order and answers each, so its acknowledgement of k is
 * read after k+1 is sent; a refusal of k ends the session there (HQ stores
 * nothing after it), and what the device counts as synced is only ever
 * what HQ acknowledged. Before a medium is offered the batch in flight is
 * settled: the medium's answer ("from") must be the next message read.
 */
static jl_status sync_entries(sync_send *s, long long *from)
{
	sqlite3_stmt *st;
	buf line = BUF_INIT;
	size_t bytes;
	long long n, last, next = *from;
	jl_status rc = JL_OK;
	int step;

	for (;;) {
		/* The line is written as text, in the form HQ reads without a
		 * cJSON tree (core/sync_batch.h), rather than built as a tree and
		 * printed: a node and a copy of every member, each freed again. */
		buf_reset(&line);
		buf_puts(&line, "{\"t\":\"batch\",\"entries\":[");
		st = db_prepare(s->j->db, sync_entries_sql);
		if (!st)
			goto store;
		sqlite3_bind_int64(st, 1, next);
		sqlite3_bind_int(st, 2, s->batch_max);
		n = 0;
		bytes = 0;
		last = next;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			const char *kind = (const char *)sqlite3_column_text(st, 1);
			const char *body = (const char *)sqlite3_column_text(st, 3);
			char *sha = NULL;
			long long size = 0;
			/* Escaped in the line, a text can at worst double (quotes and
			 * backslashes; jilu stores no control characters). */
			size_t need = 2 * ((size_t)sqlite3_column_bytes(st, 3) +
					   (size_t)sqlite3_column_bytes(st, 6)) + 512;

			if (n > 0 && bytes + need > SYNC_BATCH_BYTES)
				break; /* this entry begins the next batch */

			last = sqlite3_column_int64(st, 0);
			buf_puts(&line, n ? ",{\"seq\":" : "{\"seq\":");
			buf_put_lld(&line, last);
			buf_puts(&line, ",\"kind\":");
			jsonx_quote(&line, kind);
			buf_puts(&line, ",\"subject\":");
			jsonx_quote(&line, (const char *)sqlite3_column_text(st, 2));
			buf_puts(&line, ",\"body\":");
			jsonx_quote(&line, body);
			buf_puts(&line, ",\"prev_hash\":");
			jsonx_quote(&line, (const char *)sqlite3_column_text(st, 4));
			buf_puts(&line, ",\"hash\":");
			jsonx_quote(&line, (const char *)sqlite3_column_text(st, 5));
			if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
				buf_puts(&line, ",\"data\":");
				jsonx_quote(&line, (const char *)sqlite3_column_text(st, 6));
			}
			buf_puts(&line, "}");
			bytes += need;
			n++;
			if (kind && body && strcmp(kind, "media") == 0 && sync_body_media(body, &sha, &size)) {
				/* The medium goes before the entry that names it, and
				 * the batch ends with that entry: HQ holds at most one
				 * medium of a device that no entry names, and removes
				 * one left over when the next begins (core/hq_hold.h).
				 * The statement is reset first: the transfer may be
				 * long and officers keep recording meanwhile. */
				sqlite3_reset(st);
				rc = sync_settle(s, from);
				if (rc == JL_OK)
					rc = sync_media(s, sha, size);
				free(sha);
				if (rc != JL_OK)
					goto done;
				break;
			}
		}
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			goto store;
		if (n == 0)
			break;
		buf_puts(&line, "]}\n");
		if (line.oom) {
			rc = JL_ENOMEM;
			goto done;
		}
		if (sync_io_write_line(s->io, buf_str(&line), line.len) != 0) {
			/* HQ may have refused the batch in flight and hung up: its
			 * reason, when it sent one, says more than the broken link. */
			rc = sync_settle(s, from);
			if (rc == JL_OK)
				rc = sync_io_failed(s);
			goto done;
		}
		rc = sync_settle(s, from);
		if (rc != JL_OK)
			goto done;
		s->inflight = 1;
		s->inflight_last = last;
		s->inflight_n = n;
		next = last;
	}
	rc = sync_settle(s, from);
	goto done;
store:
	db_error(s->j->db, s->err, "无法读取存证链", "cannot read the ledger");
	rc = JL_ESTORE;
done:
	buf_free(&line);
	return rc;
}

/*
 * The rest of a push HQ sent in parts (docs/sync.md), *PUSH being the
 * first: each next part is read and joined to it, so that the whole is
 * applied as one, after the last. Parts are numbered 1 … N, N the same in
 * each, 1 ≤ N ≤ SYNC_PUSH_PARTS; a push without them is whole already.
 * Returns JL_OK; JL_EREFUSED (parts out of order, or malformed: in ERR),
 * JL_ENOMEM, or the sync's end when the link fails (nothing applied).
 */
static jl_status sync_push_parts(sync_send *s, cJSON *push)
{
	const cJSON *jk = cJSON_GetObjectItemCaseSensitive(push, "part");
	const cJSON *jn = cJSON_GetObjectItemCaseSensitive(push, "parts");
	long long k, n, want;
	cJSON *part = NULL;
	jl_status rc;

	if (!jk && !jn)
		return JL_OK;
	if (!jsonx_int(jk, 1, 1, &k) || !jsonx_int(jn, 1, SYNC_PUSH_PARTS, &n))
		goto bad;
	for (want = 2; want <= n; want++) {
		rc = sync_expect(s, "push", &part);
		if (rc != JL_OK)
			return rc;
		if (!jsonx_int(cJSON_GetObjectItemCaseSensitive(part, "part"), want, want, &k) ||
		    !jsonx_int(cJSON_GetObjectItemCaseSensitive(part, "parts"), n, n, &k))
			goto bad;
		rc = sync_parts_join(push, part, s->err);
		cJSON_Delete(part);
		part = NULL;
		if (rc != JL_OK)
			return rc;
	}
	return JL_OK;
bad:
	cJSON_Delete(part);
	msglist_addf(s->err, NULL, "HQ:push",
		     "分段下发的 part 与 parts 须为整数，part 依次为 1 至 parts（parts 至多 %d）",
		     "a push in parts needs whole numbers part and parts, part 1 to parts in order "
		     "(parts at most %d)", SYNC_PUSH_PARTS);
	return JL_EREFUSED;
}

/* HQ's push after everything was acknowledged: applied all or nothing, and
 * answered "pushed" or, refused, with an error saying why. */
static jl_status sync_take_push(sync_send *s, cJSON *push)
{
	sync_pulled got;
	jl_status rc = sync_push_parts(s, push);
	cJSON *m;
	const msg *last;
	buf zh = BUF_INIT, en = BUF_INIT;

	if (rc == JL_ELINK || rc == JL_ENOMEM)
		return rc; /* the link is gone: nothing to answer on */
	if (rc == JL_OK)
		rc = sync_pull_apply(s->j, push, &got, s->err);
	last = s->err->n ? &s->err->items[s->err->n - 1] : NULL;
	m = cJSON_CreateObject();
	if (!m)
		return JL_ENOMEM;
	if (rc == JL_OK) {
		cJSON_AddStringToObject(m, "t", "pushed");
		s->res->pushed = 1;
		s->res->forms_in = got.forms;
		s->res->calendar_in = got.calendar;
		s->res->kinds_in = got.kinds;
		s->res->officers_in = got.officers + got.pins;
	} else {
		/* The first problem tells HQ what; the device shows them all. */
		for (size_t i = 0; i < s->err->n && i < 5; i++) {
			const msg *p = &s->err->items[i];
			buf_printf(&zh, "%s%s%s%s", i ? "；" : "", p->where ? p->where : "",
				   p->where ? "：" : "", p->zh);
			buf_printf(&en, "%s%s%s%s", i ? "; " : "", p->where ? p->where : "",
				   p->where ? ": " : "", p->en);
		}
		cJSON_AddStringToObject(m, "t", "error");
		cJSON_AddStringToObject(m, "code", "push");
		cJSON_AddStringToObject(m, "zh", last ? buf_str(&zh) : "错误");
		cJSON_AddStringToObject(m, "en", last ? buf_str(&en) : "error");
	}
	if (sync_send_msg(s, m) != 0 && rc == JL_OK)
		rc = sync_io_failed(s);
	buf_free(&zh);
	buf_free(&en);
	return rc;
}

/* HQ's greeting, the device's hello, HQ's go. *FROM gets HQ's head. */
static jl_status sync_hello(sync_send *s, long long *from)
{
	cJSON *hq = NULL, *go = NULL, *m;
	const cJSON *seq, *skew;
	const char *dev, *hz, *he;
	sqlite3_stmt *st;
	buf now = BUF_INIT;
	jl_status rc;
	long long v;
	int step;

	rc = sync_expect(s, "hq", &hq);
	if (rc != JL_OK)
		goto done;
	seq = cJSON_GetObjectItemCaseSensitive(hq, "seq");
	dev = jsonx_str(hq, "device");
	/* Every number read is an exact integer in its range (jsonx_int): a
	 * version of 2.5 is malformed, not version 2. */
	if (!jsonx_int(cJSON_GetObjectItemCaseSensitive(hq, "v"), 1, INT_MAX, &v) ||
	    !jsonx_int(seq, 0, LLONG_MAX, from) || !dev) {
		msglist_add(s->err, NULL, NULL,
			    "总部的问候消息格式错误（v 与 seq 须为整数，须有 device）",
			    "HQ's greeting is malformed (v and seq must be whole numbers, device a string)");
		rc = JL_ELINK;
		goto done;
	}
	if (v != SYNC_PROTO) {
		/* Another protocol would be misread: said plainly instead. */
		msglist_addf(s->err, NULL, NULL, "总部使用同步协议第 %lld 版，本设备为第 %d 版：请升级较旧的一方",
			     "headquarters speaks sync protocol version %lld, this device %d: update the "
			     "older side",
			     v, SYNC_PROTO);
		rc = JL_EREFUSED;
		goto done;
	}
	if (strcmp(dev, s->j->device) != 0) {
		msglist_addf(s->err, NULL, NULL,
			     "总部把此密钥登记给设备 %s，本数据库属于设备 %s",
			     "headquarters enrolled this key for device %s; this store is device %s's",
			     dev, s->j->device);
		rc = JL_EREFUSED;
		goto done;
	}
	s->res->hq_seq = *from;
	m = cJSON_CreateObject();
	if (!m) {
		rc = JL_ENOMEM;
		goto done;
	}
	clock_now(&now);
	cJSON_AddStringToObject(m, "t", "hello");
	cJSON_AddNumberToObject(m, "v", SYNC_PROTO);
	cJSON_AddStringToObject(m, "device", s->j->device);
	cJSON_AddStringToObject(m, "time", buf_str(&now));
	cJSON_AddNumberToObject(m, "seq", (double)*from);
	/* The device's own entry where HQ's chain ends: HQ compares it with what
	 * it holds, so a rewritten history is caught even with nothing new. */
	st = db_prepare(s->j->db, "SELECT hash FROM ledger WHERE seq = ?1");
	if (!st) {
		cJSON_Delete(m);
		db_error(s->j->db, s->err, "无法读取存证链", "cannot read the ledger");
		rc = JL_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(st, 1, *from);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		cJSON_AddStringToObject(m, "hash", (const char *)sqlite3_column_text(st, 0));
	else
		cJSON_AddNullToObject(m, "hash");
	sqlite3_reset(st);
	/* What the device holds of HQ's: HQ sends only what it lacks. */
	rc = sync_pull_have(s->j, m, s->err);
	if (rc != JL_OK) {
		cJSON_Delete(m);
		goto done;
	}
	if (sync_send_msg(s, m) != 0) {
		rc = sync_io_failed(s);
		goto done;
	}
	rc = sync_expect(s, "go", &go);
	if (rc != JL_OK)
		goto done;
	/* HQ cannot hold more than the device wrote (a store put back from an
	 * older copy is refused by HQ, as a fork, before this): an HQ that says
	 * so and goes on is not this device's, and believing it would note
	 * entries never sent as synced (sync_mark), so they would never be. */
	st = db_prepare(s->j->db, "SELECT coalesce(max(seq), 0) FROM ledger");
	step = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (step == SQLITE_ROW && *from > sqlite3_column_int64(st, 0)) {
		msglist_addf(s->err, NULL, NULL,
			     "总部声称已有 %lld 条，本设备只写了 %lld 条：总部的数据库不是本设备的",
			     "headquarters says it holds %lld entries but this device wrote %lld: HQ's "
			     "store is not this device's",
			     *from, sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		rc = JL_EREFUSED;
		goto done;
	}
	if (st)
		sqlite3_reset(st);
	if (step != SQLITE_ROW) {
		db_error(s->j->db, s->err, "无法读取存证链", "cannot read the ledger");
		rc = JL_ESTORE;
		goto done;
	}
	skew = cJSON_GetObjectItemCaseSensitive(go, "skew");
	/* Seconds, a whole number (HQ subtracts two clocks). */
	if (!jsonx_int(skew, -(1LL << 62), 1LL << 62, &s->res->skew)) {
		msglist_add(s->err, NULL, NULL, "总部的 go 消息格式错误（skew 须为整数秒）",
			    "HQ's go message is malformed (skew must be a whole number of seconds)");
		rc = JL_ELINK;
		goto done;
	}
	hz = jsonx_str(go, "warn_zh");
	he = jsonx_str(go, "warn_en");
	if (hz && he) {
		s->res->warn_zh = strdup(hz);
		s->res->warn_en = strdup(he);
	}
done:
	cJSON_Delete(hq);
	cJSON_Delete(go);
	buf_free(&now);
	return rc;
}

/* HQ's goodbye BYE: the head it holds, which is what it acknowledged last.
 * Returns JL_OK, or JL_ELINK when it says another (or no whole number). */
static jl_status sync_bye(sync_send *s, const cJSON *bye)
{
	long long seq;

	if (jsonx_int(cJSON_GetObjectItemCaseSensitive(bye, "seq"), 0, LLONG_MAX, &seq) &&
	    seq == s->res->hq_seq)
		return JL_OK;
	msglist_addf(s->err, NULL, NULL, "总部道别时所说的序号不符（应为整数 %lld）",
		     "headquarters' goodbye names another sequence number (want the whole number %lld)",
		     s->res->hq_seq);
	return JL_ELINK;
}

/* Notes that HQ acknowledged everything up to HQ_SEQ, now. Best effort: a
 * store on read-only media syncs without the note. */
static void sync_mark(jl *j, long long hq_seq)
{
	buf now = BUF_INIT, seq = BUF_INIT;

	clock_now(&now);
	buf_put_lld(&seq, hq_seq);
	if (db_begin(j->db) == JL_OK) {
		if (db_meta_set(j->db, "sync_seq", buf_str(&seq)) == JL_OK &&
		    db_meta_set(j->db, "sync_at", buf_str(&now)) == JL_OK)
			db_commit(j->db);
		else
			db_rollback(j->db);
	}
	buf_free(&now);
	buf_free(&seq);
}

jl_status sync_state_read(jl *j, sync_state *out, msglist *err)
{
	sqlite3_stmt *st;
	char *seq;

	memset(out, 0, sizeof *out);
	out->last_at = db_meta_get(j->db, "sync_at");
	seq = db_meta_get(j->db, "sync_seq");
	out->hq_seq = seq ? atoll(seq) : 0;
	free(seq);
	st = db_prepare(j->db, "SELECT count(*) FROM ledger WHERE seq > ?1");
	if (!st || (sqlite3_bind_int64(st, 1, out->hq_seq), sqlite3_step(st)) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		db_error(j->db, err, "无法读取存证链", "cannot read the ledger");
		sync_state_free(out);
		return JL_ESTORE;
	}
	out->waiting = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return JL_OK;
}

void sync_state_free(sync_state *s)
{
	free(s->last_at);
	s->last_at = NULL;
}

/* The entries of a batch at most: SYNC_BATCH_ENTRIES, or JILU_SYNC_BATCH
 * when set (1 to SYNC_BATCH_ENTRIES: small batches make a small store send
 * many, one in flight behind another, as a large store does). Returns it,
 * or 0 with the reason in ERR when JILU_SYNC_BATCH is not such a number. */
static int sync_batch_max(msglist *err)
{
	const char *v = getenv("JILU_SYNC_BATCH");
	char *end;
	long n;

	if (!v)
		return SYNC_BATCH_ENTRIES;
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > SYNC_BATCH_ENTRIES) {
		msglist_addf(err, NULL, "JILU_SYNC_BATCH", "须为 1 至 %d 的整数（现为 %s）",
			     "must be an integer from 1 to %d (got %s)", SYNC_BATCH_ENTRIES, v);
		return 0;
	}
	return (int)n;
}

jl_status sync_run(jl *j, sync_io *io, sync_progress_fn progress, void *ctx, sync_result *res,
		   msglist *err)
{
	sync_send s;
	sqlite3_stmt *st;
	cJSON *m = NULL, *bye = NULL;
	long long from = 0;
	jl_status rc;

	memset(res, 0, sizeof *res);
	memset(&s, 0, sizeof s);
	s.j = j;
	s.io = io;
	s.err = err;
	s.progress = progress;
	s.ctx = ctx;
	s.res = res;
	rc = jl_need_device(j, err);
	if (rc != JL_OK)
		return rc;
	s.batch_max = sync_batch_max(err);
	if (!s.batch_max)
		return JL_EUSAGE;
	s.media_dir = media_dir(j);
	s.frame = malloc(SYNC_FRAME_MAX);
	if (!s.media_dir || !s.frame) {
		rc = JL_ENOMEM;
		goto done;
	}
	rc = sync_hello(&s, &from);
	if (rc != JL_OK)
		goto done;
	st = db_prepare(j->db, "SELECT (SELECT count(*) FROM ledger WHERE seq > ?1),"
			       " (SELECT coalesce(sum(size), 0) FROM media WHERE ledger_seq > ?1)");
	if (st) {
		sqlite3_bind_int64(st, 1, from);
		if (sqlite3_step(st) == SQLITE_ROW) {
			s.p.entries_total = sqlite3_column_int64(st, 0);
			s.p.bytes_total = (unsigned long long)sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
	}
	sync_tick(&s);
	rc = sync_entries(&s, &from);
	if (rc != JL_OK)
		goto done;
	m = cJSON_CreateObject();
	if (m)
		cJSON_AddStringToObject(m, "t", "done");
	if (sync_send_msg(&s, m) != 0) {
		rc = sync_io_failed(&s);
		goto done;
	}
	rc = sync_expect(&s, "bye|push", &bye);
	if (rc == JL_OK && strcmp(jsonx_str(bye, "t"), "push") == 0) {
		/* HQ pushes only once it has acknowledged everything: so noted
		 * even when the device then refuses what HQ sent. */
		sync_mark(j, res->hq_seq);
		rc = sync_take_push(&s, bye);
		cJSON_Delete(bye);
		bye = NULL;
		if (rc == JL_OK)
			rc = sync_expect(&s, "bye", &bye);
		if (rc == JL_OK)
			rc = sync_bye(&s, bye);
	} else if (rc == JL_OK) {
		rc = sync_bye(&s, bye);
		if (rc == JL_OK)
			sync_mark(j, res->hq_seq);
	}
done:
	cJSON_Delete(bye);
	free(s.media_dir);
	free(s.frame);
	return rc;
}
