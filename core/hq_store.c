/* core/hq_store.c — HQ's tables: each device's chain, checked entry by entry. */
#include "core/hq_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/hq_media.h"
#include "core/jsonx.h"

static const char hq_schema[] =
	"CREATE TABLE IF NOT EXISTS hq_devices("
	"  device TEXT PRIMARY KEY,"
	"  seq INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  first_sync TEXT NOT NULL,"
	"  last_sync TEXT NOT NULL,"
	"  mirrored INTEGER NOT NULL DEFAULT 0);" /* the seq its rebuilt store reached */
	/* Each device's chain as it sent it, with HQ's receipt time beside the
	 * device's own (in the body): both are kept. DATA is what an entry
	 * vouches for beyond its body (a record's data). A rowid table: its
	 * rows are kilobytes, too large for a WITHOUT ROWID b-tree. */
	"CREATE TABLE IF NOT EXISTS hq_ledger("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  data TEXT,"
	"  received_at TEXT NOT NULL,"
	"  UNIQUE (device, seq));"
	"CREATE TABLE IF NOT EXISTS hq_media("
	"  sha256 TEXT PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  device TEXT NOT NULL,"
	"  received_at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS hq_refusals("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  device TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  detail TEXT);"
	"CREATE TABLE IF NOT EXISTS hq_syncs("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  device TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  device_time TEXT,"
	"  skew INTEGER,"
	"  entries INTEGER NOT NULL,"
	"  result TEXT NOT NULL);"
	"CREATE TRIGGER IF NOT EXISTS hq_ledger_kept BEFORE UPDATE ON hq_ledger"
	"  BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS hq_ledger_not_deleted BEFORE DELETE ON hq_ledger"
	"  BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;";

jl_status hq_store_init(db *d, msglist *err)
{
	if (db_exec(d, hq_schema) != JL_OK) {
		db_error(d, err, "无法建立总部数据表", "cannot create headquarters' tables");
		return JL_ESTORE;
	}
	return JL_OK;
}

int hq_store_is_hash(const char *s)
{
	size_t i;

	if (!s || strlen(s) != LEDGER_HASH_LEN)
		return 0;
	for (i = 0; i < LEDGER_HASH_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

jl_status hq_store_head(db *d, const char *device, long long *seq, char hash[LEDGER_HASH_LEN + 1])
{
	sqlite3_stmt *st = db_prepare(d, "SELECT seq, hash FROM hq_devices WHERE device = ?1");
	int rc;

	*seq = 0;
	memcpy(hash, ledger_genesis, LEDGER_HASH_LEN + 1);
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, LEDGER_HASH_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? JL_OK : JL_ESTORE;
}

void hq_store_refusal(db *d, const char *device, const char *reason, const char *detail)
{
	buf now = BUF_INIT;
	sqlite3_stmt *st;

	clock_now(&now);
	if (db_begin(d) != JL_OK)
		goto done;
	st = db_prepare(d, "INSERT INTO hq_refusals(device, at, reason, detail) VALUES (?1, ?2, ?3, ?4)");
	if (!st) {
		db_rollback(d);
		goto done;
	}
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, buf_str(&now), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		db_commit(d);
	else
		db_rollback(d);
	sqlite3_reset(st);
done:
	buf_free(&now);
}

void hq_store_session(db *d, const char *device, const char *device_time, long long skew,
		      long long entries, const char *result)
{
	buf now = BUF_INIT;
	sqlite3_stmt *st;

	clock_now(&now);
	/* A log line, not something acknowledged: it is not worth an fsync on
	 * every sync (a power cut may lose the last one). Batches keep FULL. */
	db_exec(d, "PRAGMA synchronous=NORMAL");
	if (db_begin(d) != JL_OK)
		goto done;
	st = db_prepare(d, "INSERT INTO hq_syncs(device, at, device_time, skew, entries, result) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st) {
		db_rollback(d);
		goto done;
	}
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, buf_str(&now), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, device_time, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, skew);
	sqlite3_bind_int64(st, 5, entries);
	sqlite3_bind_text(st, 6, result, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		db_commit(d);
	else
		db_rollback(d);
	sqlite3_reset(st);
done:
	db_exec(d, "PRAGMA synchronous=FULL");
	buf_free(&now);
}

/* Returns the member NAME of an entry when it is a string. */
static const char *hq_str(const cJSON *e, const char *name)
{
	return jsonx_str(e, name);
}

int hq_store_body_media(const cJSON *body, const char **sha, long long *size)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, "media"), *s;

	if (!cJSON_IsObject(m))
		m = body;
	*sha = jsonx_str(m, "sha256");
	s = cJSON_GetObjectItemCaseSensitive(m, "size");
	if (!*sha || !cJSON_IsNumber(s))
		return 0;
	*size = (long long)s->valuedouble;
	return 1;
}

int hq_store_check_data(const cJSON *body, const char *data, buf *zh, buf *en)
{
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(body, "record");
	const cJSON *inline_data;
	const char *sha;
	char hex[LEDGER_HASH_LEN + 1];
	cJSON *got = NULL, *want = NULL;
	char *a = NULL, *b = NULL;
	int bad = 0;

	if (!cJSON_IsObject(rec))
		return 0;
	sha = jsonx_str(rec, "data_sha256");
	inline_data = cJSON_GetObjectItemCaseSensitive(rec, "data");
	if (!sha && !inline_data)
		return 0;
	if (!data) {
		buf_puts(zh, "缺少记录内容");
		buf_puts(en, "the record's data was not sent");
		return 1;
	}
	if (sha) {
		ledger_sha256_hex(data, strlen(data), hex);
		bad = strcmp(hex, sha) != 0;
	} else {
		got = cJSON_Parse(data);
		want = cJSON_Duplicate(inline_data, 1);
		a = got ? jsonx_canonical(got) : NULL;
		b = want ? jsonx_canonical(want) : NULL;
		bad = !a || !b || strcmp(a, b) != 0;
	}
	if (bad) {
		buf_puts(zh, "记录内容与账本不符（设备数据库被改动）");
		buf_puts(en, "the record's data does not match its entry (the device's store was edited)");
	}
	free(a);
	free(b);
	cJSON_Delete(got);
	cJSON_Delete(want);
	return bad;
}

/* Checks one entry E against the head (*SEQ, HASH) and DEVICE. Returns 0 when
 * it continues the chain (new), 2 when HQ holds it already, 1 with the
 * reason in ZH/EN, -1 on a store error. */
static int hq_check_entry(db *d, const char *device, const cJSON *e, long long head,
			  const char *head_hash, buf *zh, buf *en)
{
	const cJSON *jseq = cJSON_GetObjectItemCaseSensitive(e, "seq");
	const char *kind = hq_str(e, "kind"), *subject = hq_str(e, "subject");
	const char *body = hq_str(e, "body"), *prev = hq_str(e, "prev_hash");
	const char *hash = hq_str(e, "hash"), *data = hq_str(e, "data");
	const char *sha, *bdev;
	char want[LEDGER_HASH_LEN + 1];
	cJSON *b = NULL, *bseq;
	long long seq, size;
	int rc = 1, has;

	if (!cJSON_IsNumber(jseq) || jseq->valuedouble < 1 || jseq->valuedouble > 9e15 ||
	    jseq->valuedouble != (double)(long long)jseq->valuedouble || !kind || !subject ||
	    !body || !hq_store_is_hash(prev) || !hq_store_is_hash(hash)) {
		buf_puts(zh, "条目格式错误（须有 seq、kind、subject、body、prev_hash、hash）");
		buf_puts(en, "a malformed entry (seq, kind, subject, body, prev_hash, hash)");
		return 1;
	}
	seq = (long long)jseq->valuedouble;
	if (seq <= head) {
		/* Sent again (an acknowledgement lost on a cut): the same entry is
		 * skipped, another at that place is a rewritten history. */
		sqlite3_stmt *st = db_prepare(d, "SELECT hash FROM hq_ledger WHERE device = ?1 AND seq = ?2");
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		rc = sqlite3_step(st) == SQLITE_ROW &&
		     strcmp((const char *)sqlite3_column_text(st, 0), hash) == 0 ? 2 : 1;
		sqlite3_reset(st);
		if (rc == 1) {
			buf_printf(zh, "第 %lld 条与总部已有的不同：账本被改写（分叉）", seq);
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
		buf_printf(zh, "第 %lld 条未接续总部已有的账本：账本被改写（分叉）", seq);
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
		has = hq_media_has(d, sha, size);
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
done:
	cJSON_Delete(b);
	return rc;
}

jl_status hq_store_batch(db *d, const char *device, const cJSON *entries, long long *seq,
			 char hash[LEDGER_HASH_LEN + 1], long long *stored, msglist *err)
{
	const cJSON *e;
	buf zh = BUF_INIT, en = BUF_INIT, now = BUF_INIT;
	sqlite3_stmt *st;
	jl_status rc = JL_ESTORE;
	long long head, first;
	int r;

	*stored = 0;
	if (!cJSON_IsArray(entries)) {
		msglist_add(err, NULL, "entries", "批次须为条目数组", "a batch is an array of entries");
		return JL_EINVALID;
	}
	clock_now(&now);
	if (db_begin(d) != JL_OK) {
		db_error(d, err, "无法开始写入", "cannot begin the write");
		goto done;
	}
	/* The head is read inside the transaction: two sessions of one device
	 * (a resync while a cut one lingers) cannot both extend it. */
	if (hq_store_head(d, device, &head, hash) != JL_OK)
		goto fail;
	first = head;
	cJSON_ArrayForEach(e, entries) {
		r = hq_check_entry(d, device, e, head, hash, &zh, &en);
		if (r < 0)
			goto fail;
		if (r == 1) {
			msglist_add(err, NULL, NULL, buf_str(&zh), buf_str(&en));
			rc = JL_EREFUSED;
			goto refuse;
		}
		if (r == 2)
			continue;
		st = db_prepare(d, "INSERT INTO hq_ledger(device, seq, kind, subject, body, prev_hash, "
				   "hash, data, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
		if (!st)
			goto fail;
		head++;
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, head);
		sqlite3_bind_text(st, 3, jsonx_str(e, "kind"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, jsonx_str(e, "subject"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, jsonx_str(e, "body"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, jsonx_str(e, "prev_hash"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, jsonx_str(e, "hash"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, jsonx_str(e, "data"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, buf_str(&now), -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			goto fail;
		snprintf(hash, LEDGER_HASH_LEN + 1, "%s", jsonx_str(e, "hash"));
	}
	if (head != first) {
		st = db_prepare(d, "INSERT INTO hq_devices(device, seq, hash, first_sync, last_sync) "
				   "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(device) DO UPDATE SET "
				   "seq = excluded.seq, hash = excluded.hash, last_sync = excluded.last_sync");
		if (!st)
			goto fail;
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, head);
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, buf_str(&now), -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			goto fail;
	}
	if (db_commit(d) != JL_OK) {
		db_error(d, err, "无法提交", "cannot commit");
		goto refuse;
	}
	*seq = head;
	*stored = head - first;
	rc = JL_OK;
	goto done;
fail:
	db_error(d, err, "无法保存条目", "cannot store the entries");
	rc = JL_ESTORE;
refuse:
	db_rollback(d);
	hq_store_head(d, device, seq, hash);
done:
	buf_free(&zh);
	buf_free(&en);
	buf_free(&now);
	return rc;
}

