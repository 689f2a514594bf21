/* core/hq_store.c — HQ's tables: each device's chain, checked entry by entry. */
#include "core/hq_store.h"

#include <limits.h>
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
	"  last_sync TEXT NOT NULL);"
	/* When HQ received each entry (a batch at a time), beside the device's
	 * own times in the bodies: both are kept. */
	"CREATE TABLE IF NOT EXISTS hq_received("
	"  device TEXT NOT NULL,"
	"  first_seq INTEGER NOT NULL,"
	"  last_seq INTEGER NOT NULL,"
	"  received_at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS hq_media("
	"  sha256 TEXT PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  device TEXT NOT NULL,"
	"  received_at TEXT NOT NULL);"
	/* Media a device began or sent that no entry of it names yet
	 * (core/hq_hold.h): what a stolen key could leave behind. */
	"CREATE TABLE IF NOT EXISTS hq_held("
	"  sha256 TEXT NOT NULL,"
	"  device TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  since TEXT NOT NULL,"
	"  complete INTEGER NOT NULL,"
	"  session TEXT NOT NULL,"
	"  PRIMARY KEY(sha256, device));"
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
	"  result TEXT NOT NULL);";


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

int hq_store_body_media(const cJSON *body, const char **sha, long long *size)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, "media"), *s;

	if (!cJSON_IsObject(m))
		m = body;
	*sha = jsonx_str(m, "sha256");
	s = cJSON_GetObjectItemCaseSensitive(m, "size");
	if (!*sha || !jsonx_int(s, 0, LLONG_MAX, size))
		return 0;
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
		buf_puts(zh, "记录内容与存证链不符（设备数据库被改动）");
		buf_puts(en, "the record's data does not match its entry (the device's store was edited)");
	}
	free(a);
	free(b);
	cJSON_Delete(got);
	cJSON_Delete(want);
	return bad;
}


void hq_store_note_head(db *d, const char *device, long long first, long long seq,
			const char hash[LEDGER_HASH_LEN + 1])
{
	buf now = BUF_INIT;
	sqlite3_stmt *st;
	int ok = 0;

	clock_now(&now);
	if (db_begin(d) != JL_OK)
		goto done;
	st = db_prepare(d, "INSERT INTO hq_devices(device, seq, hash, first_sync, last_sync) "
			   "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(device) DO UPDATE SET "
			   "seq = excluded.seq, hash = excluded.hash, last_sync = excluded.last_sync");
	if (st) {
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, buf_str(&now), -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	st = ok ? db_prepare(d, "INSERT INTO hq_received(device, first_seq, last_seq, received_at) "
				"VALUES (?1, ?2, ?3, ?4)") : NULL;
	if (st) {
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, first);
		sqlite3_bind_int64(st, 3, seq);
		sqlite3_bind_text(st, 4, buf_str(&now), -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	if (ok)
		db_commit(d);
	else
		db_rollback(d);
done:
	buf_free(&now);
}
