/* core/hq_device.c — what HQ holds of one device: a jilu store of its own,
 * extended entry by entry with the rows each entry vouches for. */
#include "core/hq_device.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/hq_media.h"
#include "core/hq_store.h"
#include "core/jsonx.h"

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

static void hq_bind(sqlite3_stmt *st, int i, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	long long n;

	if (cJSON_IsString(v))
		sqlite3_bind_text(st, i, v->valuestring, -1, SQLITE_TRANSIENT);
	else if (cJSON_IsNumber(v) && jsonx_int(v, LLONG_MIN, LLONG_MAX, &n))
		sqlite3_bind_int64(st, i, n);
	else if (cJSON_IsNumber(v))
		sqlite3_bind_double(st, i, v->valuedouble); /* jilu writes none: verify tells */
	else
		sqlite3_bind_null(st, i);
}
static void hq_bind_who(sqlite3_stmt *st, int i, const cJSON *obj, const char *key)
{
	hq_bind(st, i, cJSON_GetObjectItemCaseSensitive(obj, key), "id");
}
static int hq_run(sqlite3_stmt *st)
{
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;

	if (st)
		sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Rebuilds the rows entry SEQ vouches for (BODY parsed, DATA the record's
 * data) in the device's store M: the store as the device has it, so that
 * `verify` holds them to the entry byte for byte. Returns 0, or -1 when
 * they cannot be (a close of an action never opened, a record whose data
 * was not sent, a row that is there already). */
static int hq_apply(db *m, long long seq, const char *kind, const cJSON *body, const char *data)
{
	const cJSON *o;
	sqlite3_stmt *st;

	if (strcmp(kind, "init") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(body, "store");
		if (!jsonx_str(o, "device") || !jsonx_str(o, "created_at"))
			return -1;
		return db_meta_set(m, "device", jsonx_str(o, "device")) == JL_OK &&
		       db_meta_set(m, "created_at", jsonx_str(o, "created_at")) == JL_OK ? 0 : -1;
	}
	if (strcmp(kind, "officer") == 0) {
		const cJSON *ret, *roles;
		buf list = BUF_INIT;
		int k = 0;

		o = cJSON_GetObjectItemCaseSensitive(body, "officer");
		ret = cJSON_GetObjectItemCaseSensitive(o, "retired");
		roles = cJSON_GetObjectItemCaseSensitive(o, "roles");
		st = db_prepare(m, "INSERT INTO officers(id, name, cert, role, created_at, created_by, "
				   "changed_at, changed_by, ledger_seq, roles, retired_at, retired_by, "
				   "retired_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?7, ?8, ?9, ?10, ?11, "
				   "?12) "
				   "ON CONFLICT(id) DO UPDATE SET name = excluded.name, cert = excluded.cert, "
				   "role = excluded.role, changed_at = excluded.changed_at, "
				   "changed_by = excluded.changed_by, ledger_seq = excluded.ledger_seq, "
				   "roles = excluded.roles, retired_at = excluded.retired_at, "
				   "retired_by = excluded.retired_by, retired_reason = excluded.retired_reason");
		if (!st)
			return -1;
		/* Schema 6: several roles ("roles", listed only when more than
		 * one) and retirement ("retired"); older bodies have neither. */
		for (const cJSON *r = cJSON_IsArray(roles) ? roles->child : NULL; r; r = r->next)
			if (cJSON_IsString(r))
				buf_printf(&list, "%s%s", k++ ? "," : "", r->valuestring);
		if (k > 1 && !list.oom)
			sqlite3_bind_text(st, 9, buf_str(&list), -1, SQLITE_TRANSIENT);
		buf_free(&list);
		hq_bind(st, 10, ret, "at");
		hq_bind(st, 11, ret, "by");
		hq_bind(st, 12, ret, "reason");
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, o, "name");
		hq_bind(st, 3, o, "cert");
		hq_bind(st, 4, o, "role");
		hq_bind(st, 5, o, "created_at");
		hq_bind(st, 6, body, "at");
		hq_bind(st, 7, body, "by");
		sqlite3_bind_int64(st, 8, seq);
		return hq_run(st);
	}
	if (strcmp(kind, "open") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(body, "action");
		st = db_prepare(m, "INSERT INTO actions(id, kind, title, device, opened_by, opened_at, open_seq) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, o, "kind");
		hq_bind(st, 3, o, "title");
		hq_bind(st, 4, o, "device");
		hq_bind(st, 5, o, "opened_by");
		hq_bind(st, 6, o, "opened_at");
		sqlite3_bind_int64(st, 7, seq);
		return hq_run(st);
	}
	if (strcmp(kind, "close") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(body, "action");
		st = db_prepare(m, "UPDATE actions SET closed_at = ?2, closed_by = ?3, ledger_seq = ?4, "
				   "close_reason = ?5 WHERE id = ?1 AND closed_at IS NULL");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, o, "closed_at");
		hq_bind(st, 3, o, "closed_by");
		sqlite3_bind_int64(st, 4, seq);
		hq_bind(st, 5, body, "reason"); /* a forced close's reason, else NULL */
		return hq_run(st) == 0 && sqlite3_changes(db_sqlite(m)) == 1 ? 0 : -1;
	}
	if (strcmp(kind, "reopen") == 0) {
		/* The close it undoes is the one HQ holds: kept in the
		 * reopening, then the action is open again (schema 6). */
		o = cJSON_GetObjectItemCaseSensitive(body, "action");
		st = db_prepare(m, "INSERT INTO reopenings(action_id, reopened_at, reopened_by, reason, "
				   "device, closed_at, closed_by, close_reason, close_seq, ledger_seq) "
				   "SELECT id, ?2, ?3, ?4, ?5, closed_at, closed_by, close_reason, ledger_seq, "
				   "?6 FROM actions WHERE id = ?1 AND closed_at IS NOT NULL AND ledger_seq = ?7");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, body, "at");
		hq_bind(st, 3, body, "by");
		hq_bind(st, 4, body, "reason");
		hq_bind(st, 5, body, "device");
		sqlite3_bind_int64(st, 6, seq);
		hq_bind(st, 7, body, "undoes");
		if (hq_run(st) != 0 || sqlite3_changes(db_sqlite(m)) != 1)
			return -1;
		st = db_prepare(m, "UPDATE actions SET closed_at = NULL, closed_by = NULL, ledger_seq = NULL, "
				   "close_reason = NULL WHERE id = ?1 AND closed_at IS NOT NULL");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		return hq_run(st) == 0 && sqlite3_changes(db_sqlite(m)) == 1 ? 0 : -1;
	}
	if (strcmp(kind, "finalize") == 0 || strcmp(kind, "amend") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(body, "record");
		if (!data)
			return -1;
		st = db_prepare(m, "INSERT INTO records(id, action_id, form, form_version, state, data, "
				   "author, device, created_at, updated_at, finalized_at, finalized_by, amends, "
				   "reason, ledger_seq) VALUES (?1, ?2, ?3, ?4, 'final', ?5, ?6, ?7, ?8, ?9, ?9, "
				   "?10, ?11, ?12, ?13)");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, cJSON_GetObjectItemCaseSensitive(o, "action"), "id");
		hq_bind(st, 3, o, "form");
		hq_bind(st, 4, o, "version");
		sqlite3_bind_text(st, 5, data, -1, SQLITE_TRANSIENT);
		hq_bind_who(st, 6, o, "author");
		hq_bind(st, 7, o, "device");
		hq_bind(st, 8, o, "created_at");
		hq_bind(st, 9, o, "finalized_at");
		hq_bind_who(st, 10, o, "finalized_by");
		hq_bind(st, 11, o, "amends");
		hq_bind(st, 12, o, "reason");
		sqlite3_bind_int64(st, 13, seq);
		return hq_run(st);
	}
	if (strcmp(kind, "media") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(body, "media");
		st = db_prepare(m, "INSERT INTO media(id, record_id, sha256, name, kind, size, captured_at, "
				   "stored_at, added_by, device, ledger_seq, captured_from, file_time, "
				   "file_time_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
				   "?12, ?13, ?14)");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, o, "record");
		hq_bind(st, 3, o, "sha256");
		hq_bind(st, 4, o, "name");
		hq_bind(st, 5, o, "kind");
		hq_bind(st, 6, o, "size");
		hq_bind(st, 7, o, "captured_at");
		hq_bind(st, 8, o, "stored_at");
		hq_bind(st, 9, o, "added_by");
		hq_bind(st, 10, o, "device");
		sqlite3_bind_int64(st, 11, seq);
		/* R19.2 (schema 8): absent from older entries, bound NULL. */
		hq_bind(st, 12, o, "captured_from");
		hq_bind(st, 13, o, "file_time");
		hq_bind(st, 14, o, "file_time_from");
		return hq_run(st);
	}
	return 0; /* an entry that vouches for no row of these tables */
}

/* Checks one entry E against the head (HEAD, HEAD_HASH) and DEVICE. Returns
 * 0 when it continues the chain (new) with its body parsed in *BODY (caller
 * frees with cJSON_Delete: the rows are rebuilt from that one parse), 2 when
 * HQ holds it already, 1 with the reason in ZH/EN, -1 on a store error
 * (*BODY NULL but for 0). */
static int hq_check_entry(db *hq, db *m, const char *device, const sync_entry *e, long long head,
			  const char *head_hash, cJSON **body_out, buf *zh, buf *en)
{
	const char *kind = e->kind, *subject = e->subject, *body = e->body;
	const char *prev = e->prev_hash, *hash = e->hash, *data = e->data;
	const char *sha, *bdev;
	char want[LEDGER_HASH_LEN + 1];
	cJSON *b = NULL, *bseq;
	long long seq = e->seq, size;
	int rc = 1, has;

	*body_out = NULL;
	if (!e->has_seq || seq < 1 || seq > LLONG_MAX - 1 || !kind || !subject ||
	    !body || !hq_store_is_hash(prev) || !hq_store_is_hash(hash)) {
		buf_puts(zh, "条目格式错误（须有 seq、kind、subject、body、prev_hash、hash）");
		buf_puts(en, "a malformed entry (seq, kind, subject, body, prev_hash, hash)");
		return 1;
	}
	if (seq <= head) {
		/* Sent again (an acknowledgement lost on a cut): the same entry is
		 * skipped, another at that place is a rewritten history. */
		sqlite3_stmt *st = db_prepare(m, "SELECT hash FROM ledger WHERE seq = ?1");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, seq);
		rc = sqlite3_step(st) == SQLITE_ROW &&
		     strcmp((const char *)sqlite3_column_text(st, 0), hash) == 0 ? 2 : 1;
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
	if (strcmp(prev, head_hash) != 0) {
		buf_printf(zh, "第 %lld 条未接续总部已有的存证链：存证链被改写（分叉）", seq);
		buf_printf(en, "entry %lld does not continue the chain HQ holds: a rewritten history (fork)", seq);
		return 1;
	}
	if (ledger_hash(prev, body, want) != 0)
		return -1;
	if (strcmp(want, hash) != 0) {
		buf_printf(zh, "第 %lld 条的哈希不符（条目被改动）", seq);
		buf_printf(en, "entry %lld does not hash to its hash (it was changed)", seq);
		return 1;
	}
	b = cJSON_Parse(body);
	bdev = b ? jsonx_str(b, "device") : NULL;
	bseq = b ? cJSON_GetObjectItemCaseSensitive(b, "seq") : NULL;
	if (!cJSON_IsObject(b) || !bdev || strcmp(bdev, device) != 0) {
		buf_printf(zh, "第 %lld 条不属于设备 %s", seq, device);
		buf_printf(en, "entry %lld is not device %s's", seq, device);
		goto done;
	}
	if (bseq && (!cJSON_IsNumber(bseq) || bseq->valuedouble != (double)seq)) {
		buf_printf(zh, "第 %lld 条的正文写的是另一个序号", seq);
		buf_printf(en, "entry %lld's body names another sequence number", seq);
		goto done;
	}
	if (hq_store_check_data(b, data, zh, en)) {
		buf_printf(zh, "（第 %lld 条）", seq);
		buf_printf(en, " (entry %lld)", seq);
		goto done;
	}
	if (strcmp(kind, "media") == 0) {
		if (!hq_store_body_media(b, &sha, &size) || !hq_store_is_hash(sha)) {
			buf_printf(zh, "第 %lld 条未说明音像文件的哈希和大小", seq);
			buf_printf(en, "entry %lld names no medium (sha256, size)", seq);
			goto done;
		}
		has = hq_media_has(hq, sha, size);
		if (has < 0) {
			rc = -1;
			goto done;
		}
		if (!has) {
			buf_printf(zh, "第 %lld 条的音像文件 %s 尚未传来", seq, sha);
			buf_printf(en, "entry %lld's medium %s was not sent first", seq, sha);
			goto done;
		}
	}
	rc = 0;
	*body_out = b;
	b = NULL;
done:
	cJSON_Delete(b);
	return rc;
}

jl_status hq_device_batch(db *hq, db *m, const char *device, const sync_batch *entries,
			  long long *seq, char hash[LEDGER_HASH_LEN + 1], long long *stored, msglist *err)
{
	const sync_entry *e;
	size_t i;
	buf zh = BUF_INIT, en = BUF_INIT;
	sqlite3_stmt *st;
	jl_status rc = JL_ESTORE;
	long long head, first;
	cJSON *b;
	int r;

	*stored = 0;
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
		r = hq_check_entry(hq, m, device, e, head, hash, &b, &zh, &en);
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
		r = hq_apply(m, head, e->kind, b, e->data);
		cJSON_Delete(b);
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
	buf_free(&zh);
	buf_free(&en);
	return rc;
}
