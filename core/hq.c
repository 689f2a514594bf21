/* core/hq.c — one ingest session: say what HQ holds, take what is missing. */
#include "core/hq.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/hq_hold.h"
#include "core/hq_media.h"
#include "core/hq_pipe.h"
#include "core/hq_push.h"
#include "core/hq_device.h"
#include "core/hq_store.h"
#include "core/jsonx.h"
#include "core/sync_io.h"

int hq_device_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 1 || n > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

typedef struct {
	db *d;                             /* HQ's registry */
	db *m;                             /* the device's store at HQ */
	const char *device;
	sync_io io;
	msglist *err;
	long long seq;                     /* the head HQ holds */
	char hash[LEDGER_HASH_LEN + 1];
	long long stored;                  /* entries stored this session */
	char *device_time;                 /* the device's clock at hello */
	long long skew;                    /* device clock minus HQ's, seconds */
	char *frame, *frame2;              /* SYNC_FRAME_MAX bytes each: one
					    * read while the other is written */
	cJSON *have;                       /* what the device holds of HQ's (hello) */
	sync_batch batch;                  /* the entries of a batch read with cJSON */
	hq_worker *work;                   /* judges the next batch, writes media */
	hq_ckpt *ckpt;                     /* checkpoints after each acknowledgement */
	hq_slot slots[2];                  /* a batch judged ahead, and the next */
	hq_slot *pending;                  /* judged, not yet stored (NULL: none) */
} hq_session;

/* Sends {"t":"error","code":CODE,"zh":…,"en":…} from the last message of
 * the session's list (best effort: the link may be gone). */
static void hq_send_error(hq_session *s, const char *code)
{
	cJSON *m = cJSON_CreateObject();
	const msg *last = s->err->n ? &s->err->items[s->err->n - 1] : NULL;

	if (!m)
		return;
	cJSON_AddStringToObject(m, "t", "error");
	cJSON_AddStringToObject(m, "code", code);
	cJSON_AddStringToObject(m, "zh", last ? last->zh : "错误");
	cJSON_AddStringToObject(m, "en", last ? last->en : "error");
	sync_io_write_msg(&s->io, m);
	cJSON_Delete(m);
}

/* Reports the stream's failure to ERR. Returns the status it means. */
static jl_status hq_io_failed(hq_session *s)
{
	buf zh = BUF_INIT, en = BUF_INIT;
	jl_status rc;

	sync_io_why(&s->io, &zh, &en);
	msglist_add(s->err, NULL, s->device, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
	if (s->io.fail == SYNC_IO_SLOW) {
		/* A link slower than HQ's floor, or a key's thief holding a
		 * medium's lock: the lock goes with the session, the bytes stay. */
		hq_store_refusal(s->d, s->device, "slow", s->err->items[s->err->n - 1].en);
		hq_send_error(s, "slow");
		rc = JL_ELINK;
	} else if (s->io.fail == SYNC_IO_TOOLONG || s->io.fail == SYNC_IO_GARBAGE) {
		hq_store_refusal(s->d, s->device, "protocol", s->err->items[s->err->n - 1].en);
		hq_send_error(s, "protocol");
		rc = JL_EINVALID;
	} else {
		rc = JL_ELINK;
	}
	return rc;
}

/* A message not understood (wrong "t", missing members): the session ends. */
static jl_status hq_not_understood(hq_session *s, const char *t, const char *what_zh,
				   const char *what_en)
{
	buf zh = BUF_INIT, en = BUF_INIT;

	buf_printf(&zh, "无法识别的消息 %s：%s", t ? t : "?", what_zh);
	buf_printf(&en, "a message that is not understood (%s): %s", t ? t : "?", what_en);
	msglist_add(s->err, NULL, s->device, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
	hq_store_refusal(s->d, s->device, "protocol", s->err->items[s->err->n - 1].en);
	hq_send_error(s, "protocol");
	return JL_EINVALID;
}

static int hq_send(hq_session *s, cJSON *m)
{
	int rc = m ? sync_io_write_msg(&s->io, m) : -1;

	cJSON_Delete(m);
	return rc;
}

/* Parses a time the device sent; returns 0 and *T, or -1. */
static int hq_time(const char *s, time_t *t)
{
	return s && clock_parse(s, t) == 0 ? 0 : -1;
}

/* The greeting and the device's hello. Returns JL_OK or the session's end. */
static jl_status hq_hello(hq_session *s)
{
	cJSON *m = cJSON_CreateObject(), *hello = NULL;
	const cJSON *seq;
	const char *t, *dev, *hash, *dtime;
	buf now = BUF_INIT, why_zh = BUF_INIT, why_en = BUF_INIT;
	time_t dev_t = 0;
	long long skew = 0, hello_seq = 0, v = 0;
	jl_status rc;

	clock_now(&now);
	if (!m)
		return JL_ENOMEM;
	cJSON_AddStringToObject(m, "t", "hq");
	cJSON_AddNumberToObject(m, "v", SYNC_PROTO);
	cJSON_AddStringToObject(m, "device", s->device);
	cJSON_AddNumberToObject(m, "seq", (double)s->seq);
	cJSON_AddStringToObject(m, "hash", s->hash);
	cJSON_AddStringToObject(m, "time", buf_str(&now));
	if (hq_send(s, m) != 0 || sync_io_read_msg(&s->io, &hello) != 0) {
		rc = hq_io_failed(s);
		goto done;
	}
	t = jsonx_str(hello, "t");
	dev = jsonx_str(hello, "device");
	seq = cJSON_GetObjectItemCaseSensitive(hello, "seq");
	hash = jsonx_str(hello, "hash");
	dtime = jsonx_str(hello, "time");
	/* Every number read is an exact integer in its range (jsonx_int): a
	 * version of 2.5 is no version, not version 2. */
	if (strcmp(t, "hello") != 0 || !dev || hq_time(dtime, &dev_t) != 0) {
		rc = hq_not_understood(s, t, "须为 hello（v、device、seq、hash、time）",
				       "expected hello (v, device, seq, hash, time)");
		goto done;
	}
	if (!jsonx_int(cJSON_GetObjectItemCaseSensitive(hello, "v"), 1, INT_MAX, &v) ||
	    !jsonx_int(seq, 0, LLONG_MAX, &hello_seq)) {
		rc = hq_not_understood(s, t, "hello 的 v 与 seq 须为整数（v 为 1 以上，seq 为 0 以上）",
				       "hello's v and seq must be whole numbers (v from 1, seq from 0)");
		goto done;
	}
	if (v == SYNC_PROTO &&
	    !hq_push_have_ok(cJSON_GetObjectItemCaseSensitive(hello, "have"), &why_zh, &why_en)) {
		rc = hq_not_understood(s, t, buf_str(&why_zh), buf_str(&why_en));
		goto done;
	}
	if (v != SYNC_PROTO) {
		msglist_addf(s->err, NULL, s->device, "协议版本 %lld 不受支持（总部为 %d）",
			     "protocol version %lld is not supported (HQ speaks %d)", v,
			     SYNC_PROTO);
		hq_send_error(s, "version");
		rc = JL_EINVALID;
		goto done;
	}
	if (strcmp(dev, s->device) != 0) {
		/* The key says who it is, not the device. */
		msglist_addf(s->err, NULL, s->device,
			     "此密钥登记给设备 %s，设备却自称 %s：拒绝",
			     "this key is enrolled for device %s but the device says it is %s: refused",
			     s->device, dev);
		hq_store_refusal(s->d, s->device, "device", s->err->items[s->err->n - 1].en);
		hq_send_error(s, "device");
		rc = JL_EREFUSED;
		goto done;
	}
	if (s->seq > 0 && (!hash || strcmp(hash, s->hash) != 0 || hello_seq != s->seq)) {
		/* What HQ holds is not in the device's chain any more. */
		msglist_addf(s->err, NULL, s->device,
			     "设备的存证链与总部已收到的不符（总部第 %lld 条为 %.12s…，设备为 %.12s）："
			     "存证链被改写或数据库被替换，拒绝",
			     "the device's ledger does not hold what HQ received (HQ's entry %lld is "
			     "%.12s…, the device has %.12s): a rewritten history or a replaced store; "
			     "refused",
			     s->seq, s->hash, hash ? hash : "nothing");
		hq_store_refusal(s->d, s->device, "fork", s->err->items[s->err->n - 1].en);
		hq_send_error(s, "fork");
		rc = JL_EREFUSED;
		goto done;
	}
	m = cJSON_CreateObject();
	if (!m) {
		rc = JL_ENOMEM;
		goto done;
	}
	skew = (long long)(dev_t - time(NULL));
	cJSON_AddStringToObject(m, "t", "go");
	cJSON_AddNumberToObject(m, "skew", (double)skew);
	if (skew > HQ_SKEW_WARN || skew < -HQ_SKEW_WARN) {
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "设备时钟与总部相差 %lld 秒，请校准（双方时间都已保存）", skew);
		buf_printf(&en, "the device's clock is %lld s off HQ's: set it right (both times are kept)",
			   skew);
		cJSON_AddStringToObject(m, "warn_zh", buf_str(&zh));
		cJSON_AddStringToObject(m, "warn_en", buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
	}
	s->device_time = strdup(dtime);
	s->skew = skew;
	s->have = cJSON_DetachItemFromObjectCaseSensitive(hello, "have");
	rc = hq_send(s, m) == 0 ? JL_OK : hq_io_failed(s);
done:
	cJSON_Delete(hello);
	buf_free(&now);
	buf_free(&why_zh);
	buf_free(&why_en);
	return rc;
}

/* Writes all N bytes at P to FD. Returns 0, or -1 with errno. */
/* {"t":"media","sha256":…,"size":…}: says where to resume, takes the frames. */
static jl_status hq_media(hq_session *s, const cJSON *m)
{
	const char *sha = jsonx_str(m, "sha256");
	const cJSON *jsize = cJSON_GetObjectItemCaseSensitive(m, "size");
	char *path = NULL;
	hq_media_frame f = {0};
	char *into = NULL;
	long long size, have = 0, left;
	long got;
	int fd = -1;
	hq_media_sum *sum = NULL;
	hq_limits lim;
	cJSON *r;
	jl_status rc;
	int has;

	if (!hq_store_is_hash(sha) || !jsonx_int(jsize, 1, HQ_MEDIA_MAX, &size))
		return hq_not_understood(s, "media", "须有 sha256 与 1 至 64 GiB 的 size",
					 "expected sha256 and a size of 1 byte to 64 GiB");
	/* HQ's limits, before a byte is taken (core/hq_hold.h). */
	rc = hq_limits_read(s->d, &lim, s->err);
	if (rc == JL_OK)
		rc = hq_hold_offer(s->d, s->m, s->device, sha, size, &lim, &has, s->err);
	if (rc != JL_OK) {
		if (rc == JL_EREFUSED)
			hq_store_refusal(s->d, s->device, "media", s->err->items[s->err->n - 1].en);
		hq_send_error(s, rc == JL_EREFUSED ? "media" : "store");
		return rc;
	}
	if (has)
		have = size;
	else if ((rc = hq_media_partial(s->d, sha, size, &path, &fd, &have, s->err)) != JL_OK) {
		hq_send_error(s, rc == JL_ELINK ? "busy" : "store");
		return rc;
	}
	r = cJSON_CreateObject();
	if (r) {
		cJSON_AddStringToObject(r, "t", "from");
		cJSON_AddNumberToObject(r, "offset", (double)have);
	}
	if (hq_send(s, r) != 0) {
		rc = hq_io_failed(s);
		goto done;
	}
	if (has) {
		rc = JL_OK;
		goto done;
	}
	sum = hq_media_sum_begin(fd, have);
	if (!sum) {
		msglist_add(s->err, NULL, path, "无法读取已收到的部分", "cannot read the part received");
		hq_send_error(s, "store");
		rc = JL_ESTORE;
		goto done;
	}
	/* Frames are read into two buffers in turn: the worker writes and
	 * sums one while the next is read. */
	f.fd = fd;
	f.sum = sum;
	f.at = f.kicked = have;
	/* The bytes must keep coming: a thief of the device's key trickling
	 * them would otherwise hold this medium's lock for ever. */
	sync_io_pace(&s->io, lim.min_rate);
	for (left = size - have; left > 0; left -= got) {
		into = into == s->frame ? s->frame2 : s->frame;
		got = sync_io_read_frame(&s->io, into);
		if (got > left) {
			rc = hq_not_understood(s, "media", "帧超出了文件的大小",
					       "a frame past the medium's size");
			goto done;
		}
		/* The frame before is written (as it comes, so a cut transfer
		 * resumes after it) before this one is handed over. */
		hq_worker_wait(s->work);
		if (got < 0) {
			rc = hq_io_failed(s);
			goto done;
		}
		if (f.failed)
			break;
		f.p = into;
		f.n = (size_t)got;
		hq_worker_run(s->work, hq_media_frame_write, &f);
	}
	hq_worker_wait(s->work);
	if (f.failed) {
		msglist_add(s->err, NULL, path, "无法写入音像文件", "cannot write the medium");
		hq_send_error(s, "store");
		rc = JL_ESTORE;
		goto done;
	}
	rc = hq_media_done(s->d, s->device, path, fd, sum, sha, size, s->err);
	if (rc != JL_OK) {
		if (rc == JL_EREFUSED) {
			hq_hold_forget(s->d, s->device, sha);
			hq_store_refusal(s->d, s->device, "media", s->err->items[s->err->n - 1].en);
		}
		hq_send_error(s, rc == JL_EREFUSED ? "media" : "store");
		goto done;
	}
	r = cJSON_CreateObject();
	if (r) {
		cJSON_AddStringToObject(r, "t", "media_ok");
		cJSON_AddStringToObject(r, "sha256", sha);
	}
	if (hq_send(s, r) != 0)
		rc = hq_io_failed(s);
done:
	hq_worker_wait(s->work); /* it may hold a frame, FD and SUM */
	sync_io_pace(&s->io, 0);
	hq_media_sum_free(sum);
	if (fd >= 0)
		close(fd); /* after the move: the lock is held until the medium is in place */
	free(path);
	return rc;
}

/* Stores the batch ENTRIES (PRE the verdicts on its entries judged ahead,
 * or NULL) in one transaction and acknowledges it. */
static jl_status hq_store_batch(hq_session *s, const sync_batch *entries, const hq_pre *pre)
{
	long long stored = 0;
	jl_status rc;
	cJSON *r;

	if (s->ckpt)
		hq_ckpt_before_write(s->ckpt);
	rc = hq_device_batch(s->d, s->m, s->device, entries, pre, &s->seq, s->hash, &stored, s->err);
	if (rc != JL_OK) {
		if (rc == JL_EREFUSED || rc == JL_EINVALID)
			hq_store_refusal(s->d, s->device, "entry", s->err->items[s->err->n - 1].en);
		hq_send_error(s, rc == JL_EREFUSED ? "refused" : rc == JL_EINVALID ? "protocol" : "store");
		return rc;
	}
	s->stored += stored;
	r = cJSON_CreateObject();
	if (r) {
		cJSON_AddStringToObject(r, "t", "ack");
		cJSON_AddNumberToObject(r, "seq", (double)s->seq);
		cJSON_AddStringToObject(r, "hash", s->hash);
	}
	if (hq_send(s, r) != 0)
		return hq_io_failed(s);
	/* After the acknowledgement, on its own thread: the device sends on
	 * meanwhile, and this thread stores the next batch. */
	if (s->ckpt)
		hq_ckpt_kick(s->ckpt);
	else
		hq_device_checkpoint(s->m);
	return JL_OK;
}

/* Stores the batch judged ahead, if there is one. */
static jl_status hq_store_pending(hq_session *s)
{
	hq_slot *p = s->pending;

	if (!p)
		return JL_OK;
	s->pending = NULL;
	return hq_store_batch(s, &p->batch, p->pre);
}

/* {"t":"batch","entries":[…]} in a form other than the device's own, M
 * parsed with cJSON: its entries judged and stored here. */
static jl_status hq_batch(hq_session *s, const cJSON *m)
{
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(m, "entries");

	if (!cJSON_IsArray(entries))
		return hq_not_understood(s, "batch", "须有 entries 数组", "expected an entries array");
	if (sync_batch_from_json(&s->batch, entries) != 0)
		return JL_ENOMEM;
	return hq_store_batch(s, &s->batch, NULL);
}

/* Returns 1 when LINE may be a batch in the device's own form, worth
 * handing to the reading thread (which has the last word). */
static int hq_batch_like(const char *line, size_t len)
{
	static const char head[] = "{\"t\":\"batch\",";

	return len >= sizeof head - 1 && memcmp(line, head, sizeof head - 1) == 0;
}

/*
 * The batch in LINE (LEN bytes) in the device's own form: read and judged
 * on the reading thread while the batch judged before is stored here, then
 * kept as the one pending. The next line is read before it is stored only
 * when bytes of it have come (hq_ingest): a device that waits for the
 * acknowledgement is never kept waiting for it. Returns JL_OK with *HANDLED
 * 1, or with *HANDLED 0 when LINE is not in that form after all (the
 * pending batch stored: the caller parses LINE with cJSON); another status
 * ends the session.
 */
static jl_status hq_batch_ahead(hq_session *s, const char *line, size_t len, int *handled)
{
	hq_slot *slot = s->pending == &s->slots[0] ? &s->slots[1] : &s->slots[0];
	jl_status rc;

	*handled = 0;
	slot->device = s->device;
	slot->line = line;
	slot->len = len;
	hq_worker_run(s->work, hq_slot_run, slot);
	rc = hq_store_pending(s);
	hq_worker_wait(s->work);
	slot->line = NULL;
	if (rc != JL_OK)
		return rc;
	if (slot->fast < 0)
		return JL_ENOMEM;
	if (slot->fast == 1) {
		s->pending = slot;
		*handled = 1;
	}
	return JL_OK;
}

jl_status hq_ingest(const char *db_path, const char *device, int in, int out, int timeout_s,
		    msglist *err)
{
	hq_session s;
	int fds[2] = {in, out};
	cJSON *m = NULL, *r;
	const char *t, *line;
	size_t len;
	jl_status rc;
	int fast;

	memset(&s, 0, sizeof s);
	s.device = device;
	s.err = err;
	sync_io_init(&s.io, sync_fd_read, sync_fd_write, fds, timeout_s * 1000);
#ifdef F_SETPIPE_SZ
	/* sshd hands the device's bytes over a pipe of 64 KiB: while HQ
	 * stores a batch or writes a medium's frame (1 MiB), sshd, and through
	 * the channel's window the device, would soon wait on a full pipe. A
	 * pipe that holds a whole frame keeps them sending meanwhile. Not a
	 * pipe (a file, a socket), or a system that allows less: left as it is. */
	fcntl(in, F_SETPIPE_SZ, (int)SYNC_FRAME_MAX);
#endif
	if (!hq_device_valid(device)) {
		msglist_addf(err, NULL, "--device", "设备编号无效：%s", "not a device id: %s", device);
		return JL_EUSAGE;
	}
	rc = db_open(db_path, DB_OPEN_CREATE, &s.d, err);
	if (rc != JL_OK)
		goto done;
	rc = hq_store_init(s.d, err);
	if (rc != JL_OK)
		goto done;
	s.frame = malloc(SYNC_FRAME_MAX);
	s.frame2 = malloc(SYNC_FRAME_MAX);
	if (!s.frame || !s.frame2) {
		rc = JL_ENOMEM;
		goto done;
	}
	rc = hq_device_open(s.d, device, &s.m, err);
	if (rc != JL_OK)
		goto done;
	if (hq_device_head(s.m, &s.seq, s.hash) != JL_OK) {
		db_error(s.m, err, "无法读取设备的存证链头", "cannot read the device's chain head");
		rc = JL_ESTORE;
		goto done;
	}
	/* Helpers for speed (core/hq_pipe.h); without them the same work is
	 * done here. */
	s.work = hq_worker_start();
	if (!s.work) {
		rc = JL_ENOMEM;
		goto done;
	}
	s.ckpt = hq_ckpt_start(db_sqlite(s.m));
	rc = hq_hello(&s);
	while (rc == JL_OK) {
		cJSON_Delete(m);
		m = NULL;
		/* The batch judged ahead is stored now unless the next message
		 * has begun to arrive: the device may be waiting for its
		 * acknowledgement before it sends anything more. */
		if (s.pending && !sync_io_ready(&s.io)) {
			rc = hq_store_pending(&s);
			if (rc != JL_OK)
				break;
		}
		if (sync_io_read_line(&s.io, &line, &len) != 0) {
			/* A batch that came whole before the link ended is judged
			 * as it would have been without the read ahead: stored,
			 * or refused and the refusal recorded. */
			rc = hq_store_pending(&s);
			if (rc == JL_OK)
				rc = hq_io_failed(&s);
			break;
		}
		if (hq_batch_like(line, len)) {
			rc = hq_batch_ahead(&s, line, len, &fast);
			if (rc != JL_OK || fast)
				continue;
		}
		/* Anything else follows what came before it. */
		rc = hq_store_pending(&s);
		if (rc != JL_OK)
			break;
		if (sync_io_parse(&s.io, line, len, &m) != 0) {
			rc = hq_io_failed(&s);
			break;
		}
		t = jsonx_str(m, "t");
		if (strcmp(t, "media") == 0) {
			rc = hq_media(&s, m);
		} else if (strcmp(t, "batch") == 0) {
			rc = hq_batch(&s, m);
		} else if (strcmp(t, "done") == 0) {
			/* What the device lacks of HQ's, after all it sent was
			 * acknowledged (docs/sync.md, "Headquarters → device");
			 * first, any medium of it no entry names goes. */
			if ((rc = hq_hold_settle(s.d, s.m, device, err)) != JL_OK) {
				hq_send_error(&s, "store");
				break;
			}
			rc = hq_push_run(s.d, s.m, &s.io, s.have, err);
			if (rc != JL_OK) {
				hq_store_refusal(s.d, device, "push", err->n ? err->items[err->n - 1].en : "");
				if (rc == JL_EINVALID)
					hq_send_error(&s, "protocol");
				else if (rc == JL_ESTORE)
					hq_send_error(&s, "store");
				break;
			}
			/* Recorded before the goodbye: once the device has it,
			 * HQ has written everything. */
			hq_store_session(s.d, device, s.device_time, s.skew, s.stored, "done");
			free(s.device_time);
			s.device_time = NULL;
			r = cJSON_CreateObject();
			if (r) {
				cJSON_AddStringToObject(r, "t", "bye");
				cJSON_AddNumberToObject(r, "seq", (double)s.seq);
				cJSON_AddStringToObject(r, "hash", s.hash);
			}
			hq_send(&s, r);
			break;
		} else {
			rc = hq_not_understood(&s, t, "未知的消息类型", "an unknown message type");
		}
	}
	if (s.device_time)
		hq_store_session(s.d, device, s.device_time, s.skew, s.stored,
				 rc == JL_OK ? "done" : rc == JL_ELINK ? "cut" : "refused");
done:
	cJSON_Delete(m);
	cJSON_Delete(s.have);
	hq_worker_stop(s.work);
	hq_ckpt_stop(s.ckpt);
	hq_slot_free(&s.slots[0]);
	hq_slot_free(&s.slots[1]);
	sync_batch_free(&s.batch);
	free(s.frame);
	free(s.frame2);
	free(s.device_time);
	sync_io_free(&s.io);
	db_close(s.m);
	db_close(s.d);
	return rc;
}
