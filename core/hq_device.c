/* core/hq_device.c — what HQ holds of one device: a jilu store of its own,
 * extended entry by entry with the rows each entry vouches for. */
#include "core/hq_device.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/hq_entry.h"
#include "core/hq_media.h"
#include "core/hq_store.h"

char *hq_device_path(const char *hq_path, const char *device)
{
	const char *slash = strrchr(hq_path, '/');
	buf b = BUF_INIT;

	if (slash)
		buf_append(&b, hq_path, (size_t)(slash - hq_path + 1));
	buf_printf(&b, "device-%s.db", device);
	return buf_steal(&b);
}

jl_status hq_device_open(db *hq, const char *device, db **out, msglist *err)
{
	char *path = hq_device_path(db_path(hq), device);
	jl_status rc;

	*out = NULL;
	if (!path)
		return JL_ENOMEM;
	rc = db_open(path, DB_OPEN_CREATE, out, err);
	free(path);
	/* A batch is one transaction of up to 7 MiB of entries and their rows
	 * (core/sync_send.c): in SQLite's default cache (2 MiB) it spills pages
	 * into the WAL before the commit, and writes some of them (the b-trees'
	 * inner pages) twice. 64 MiB holds a whole batch. The checkpoint is
	 * HQ's to run, after it has acknowledged (hq_device_checkpoint). */
	if (rc == JL_OK && (db_exec(*out, "PRAGMA cache_size=-65536") != JL_OK ||
			    db_exec(*out, "PRAGMA wal_autocheckpoint=0") != JL_OK)) {
		db_error(*out, err, "无法设置数据库缓存", "cannot set the database's cache size");
		db_close(*out);
		*out = NULL;
		rc = JL_ESTORE;
	}
	return rc;
}

void hq_device_checkpoint(db *m)
{
	sqlite3_wal_checkpoint_v2(db_sqlite(m), NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

jl_status hq_device_head(db *m, long long *seq, char hash[LEDGER_HASH_LEN + 1])
{
	sqlite3_stmt *st = db_prepare(m, "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
	int rc;

	*seq = 0;
	memcpy(hash, ledger_genesis, LEDGER_HASH_LEN + 1);
	if (!st)
		return JL_ESTORE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, LEDGER_HASH_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? JL_OK : JL_ESTORE;
}

/* Checks one entry E against the head (HEAD, HEAD_HASH), its verdict PRE
 * on what needs no store (core/hq_entry.h) and the media HQ holds. Returns
 * 0 when it continues the chain (new), 2 when HQ holds it already, 1 with
 * the reason in ZH/EN, -1 on a store error. */
static int hq_check_entry(db *hq, db *m, const sync_entry *e, const hq_pre *pre, long long head,
			  const char *head_hash, buf *zh, buf *en)
{
	long long seq = e->seq;
	int rc, has;

	if (pre->verdict == HQ_PRE_MALFORMED) {
		buf_puts(zh, "条目格式错误（须有 seq、kind、subject、body、prev_hash、hash）");
		buf_puts(en, "a malformed entry (seq, kind, subject, body, prev_hash, hash)");
		return 1;
	}
	if (pre->verdict == HQ_PRE_NOMEM)
		return -1;
	if (seq <= head) {
		/* Sent again (an acknowledgement lost on a cut): the same entry is
		 * skipped, another at that place is a rewritten history. */
		sqlite3_stmt *st = db_prepare(m, "SELECT hash FROM ledger WHERE seq = ?1");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, seq);
		rc = sqlite3_step(st) == SQLITE_ROW &&
		     strcmp((const char *)sqlite3_column_text(st, 0), e->hash) == 0 ? 2 : 1;
		sqlite3_reset(st);
		if (rc == 1) {
			buf_printf(zh, "第 %lld 条与总部已有的不同：存证链被改写（分叉）", seq);
			buf_printf(en, "entry %lld differs from the one HQ holds: a rewritten history (fork)", seq);
		}
		return rc;
	}
	if (seq != head + 1) {
		buf_printf(zh, "第 %lld 条之前缺少第 %lld 条起的条目", seq, head + 1);
		buf_printf(en, "entry %lld follows a gap: entries from %lld are missing", seq, head + 1);
		return 1;
	}
	if (strcmp(e->prev_hash, head_hash) != 0) {
		buf_printf(zh, "第 %lld 条未接续总部已有的存证链：存证链被改写（分叉）", seq);
		buf_printf(en, "entry %lld does not continue the chain HQ holds: a rewritten history (fork)", seq);
		return 1;
	}
	if (pre->verdict != HQ_PRE_OK) {
		buf_puts(zh, buf_str(&pre->zh));
		buf_puts(en, buf_str(&pre->en));
		return 1;
	}
	if (strcmp(e->kind, "media") == 0) {
		if (!pre->media_ok) {
			buf_printf(zh, "第 %lld 条未说明音像文件的哈希和大小", seq);
			buf_printf(en, "entry %lld names no medium (sha256, size)", seq);
			return 1;
		}
		has = hq_media_has(hq, pre->media_sha, pre->media_size);
		if (has < 0)
			return -1;
		if (!has) {
			buf_printf(zh, "第 %lld 条的音像文件 %s 尚未传来", seq, pre->media_sha);
			buf_printf(en, "entry %lld's medium %s was not sent first", seq, pre->media_sha);
			return 1;
		}
	}
	return 0;
}

jl_status hq_device_batch(db *hq, db *m, const char *device, const sync_batch *entries,
			  const hq_pre *pre, long long *seq, char hash[LEDGER_HASH_LEN + 1],
			  long long *stored, msglist *err)
{
	hq_pre here;
	const hq_pre *p;
	const sync_entry *e;
	size_t i;
	buf zh = BUF_INIT, en = BUF_INIT;
	sqlite3_stmt *st;
	jl_status rc = JL_ESTORE;
	long long head, first;
	int r;

	*stored = 0;
	memset(&here, 0, sizeof here);
	if (db_begin(m) != JL_OK) {
		db_error(m, err, "无法开始写入", "cannot begin the write");
		goto done;
	}
	/* The head is read inside the transaction: two sessions of one device
	 * (a resync while a cut one lingers) cannot both extend it. */
	if (hq_device_head(m, &head, hash) != JL_OK)
		goto fail;
	first = head;
	for (i = 0; i < entries->n; i++) {
		e = &entries->v[i];
		p = pre ? &pre[i] : &here;
		if (!pre)
			hq_entry_pre(device, e, &here);
		r = hq_check_entry(hq, m, e, p, head, hash, &zh, &en);
		if (r < 0)
			goto fail;
		if (r == 1) {
			msglist_add(err, NULL, NULL, buf_str(&zh), buf_str(&en));
			rc = JL_EREFUSED;
			goto refuse;
		}
		if (r == 2)
			continue;
		head++;
		r = hq_rows_apply(m, head, &p->rows, e->data);
		if (r != 0) {
			msglist_addf(err, NULL, NULL,
				     "第 %lld 条所说的内容与设备此前的存证链不符，无法重建（%s）",
				     "entry %lld does not fit the device's chain so far and cannot be rebuilt (%s)",
				     head, db_errmsg(m));
			rc = JL_EREFUSED;
			goto refuse;
		}
		st = db_prepare(m, "INSERT INTO ledger(seq, device, kind, subject, body, prev_hash, hash) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, head);
		sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, e->subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, e->body, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, e->prev_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, e->hash, -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			goto fail;
		memcpy(hash, e->hash, LEDGER_HASH_LEN + 1);
	}
	if (db_commit(m) != JL_OK) {
		db_error(m, err, "无法提交", "cannot commit");
		goto refuse;
	}
	*seq = head;
	*stored = head - first;
	rc = JL_OK;
	/* The registry follows; the device's store is what holds. */
	if (*stored)
		hq_store_note_head(hq, device, first + 1, head, hash);
	goto done;
fail:
	db_error(m, err, "无法保存条目", "cannot store the entries");
	rc = JL_ESTORE;
refuse:
	db_rollback(m);
	hq_device_head(m, seq, hash);
done:
	hq_pre_free(&here);
	buf_free(&zh);
	buf_free(&en);
	return rc;
}
