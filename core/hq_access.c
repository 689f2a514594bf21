/* core/hq_access.c — reads at headquarters, logged in HQ's registry as a
 * hash chain of their own (core/hq_access.h says its form). */
#include "core/hq_access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/ledger.h"

static const char hq_access_schema[] =
	"CREATE TABLE IF NOT EXISTS hq_access("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  by TEXT,"
	"  device TEXT NOT NULL,"
	"  action INTEGER NOT NULL,"
	"  records TEXT NOT NULL,"
	"  what TEXT NOT NULL,"
	"  sha256 TEXT,"
	"  prev TEXT,"
	"  hash TEXT);"
	"CREATE TABLE IF NOT EXISTS hq_access_head("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  id INTEGER NOT NULL,"
	"  hash TEXT NOT NULL);";

/* Added once the chain is there: sealing fills hash in, nothing after. */
static const char hq_access_guards[] =
	"CREATE TRIGGER IF NOT EXISTS hq_access_kept BEFORE DELETE ON hq_access"
	" BEGIN SELECT RAISE(ABORT, 'hq_access rows are kept'); END;"
	"CREATE TRIGGER IF NOT EXISTS hq_access_sealed BEFORE UPDATE ON hq_access"
	" WHEN OLD.hash IS NOT NULL BEGIN SELECT RAISE(ABORT, 'hq_access rows are sealed'); END;";

/* The columns a row is hashed over, in the order hq_access_canon reads them. */
#define HQ_ACCESS_COLS "id, at, by, device, action, records, what, sha256"

/* Returns the canonical JSON of the row ST stands on (columns
 * HQ_ACCESS_COLS from 0), malloc'd (the caller frees), or NULL when out of
 * memory. Keys are added sorted: cJSON keeps their order. */
static char *hq_access_canon(sqlite3_stmt *st)
{
	static const char *const names[] = {"action", "at",	 "by",	   "device",
					    "id",     "records", "sha256", "what"};
	static const int cols[] = {4, 1, 2, 3, 0, 5, 7, 6};
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;
	size_t i;

	for (i = 0; o && i < sizeof cols / sizeof cols[0]; i++) {
		int c = cols[i];
		cJSON *v;

		if (sqlite3_column_type(st, c) == SQLITE_NULL)
			v = cJSON_CreateNull();
		else if (sqlite3_column_type(st, c) == SQLITE_INTEGER) {
			char num[32];
			/* As digits: a double would round a large id. */
			snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, c));
			v = cJSON_CreateRaw(num);
		} else
			v = cJSON_CreateString((const char *)sqlite3_column_text(st, c));
		if (!v || !cJSON_AddItemToObject(o, names[i], v)) {
			cJSON_Delete(v);
			cJSON_Delete(o);
			return NULL;
		}
	}
	if (o)
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* Makes the tables (and the columns a registry from before the chain
 * lacks). Returns JL_OK or JL_ESTORE. */
static jl_status hq_access_schema_make(db *d)
{
	sqlite3_stmt *st;
	int has_hash;

	if (db_exec(d, hq_access_schema) != JL_OK)
		return JL_ESTORE;
	st = db_prepare(d, "SELECT count(*) FROM pragma_table_info('hq_access') WHERE name = 'hash'");
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		return JL_ESTORE;
	}
	has_hash = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!has_hash && db_exec(d, "ALTER TABLE hq_access ADD COLUMN prev TEXT;"
				    "ALTER TABLE hq_access ADD COLUMN hash TEXT") != JL_OK)
		return JL_ESTORE;
	return db_exec(d, hq_access_guards);
}

/* Chains every row not chained yet, in id order, after the head. Returns
 * JL_OK or JL_ESTORE / JL_ENOMEM. */
static jl_status hq_access_seal(db *d)
{
	sqlite3_stmt *st, *up, *head;
	char prev[LEDGER_HASH_LEN + 1], hash[LEDGER_HASH_LEN + 1];
	long long last = 0;
	jl_status rc = JL_OK;
	int step;

	memcpy(prev, ledger_genesis, sizeof prev);
	st = db_prepare(d, "SELECT id, hash FROM hq_access_head");
	if (!st)
		return JL_ESTORE;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 1)) {
		last = sqlite3_column_int64(st, 0);
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	st = db_prepare(d, "SELECT " HQ_ACCESS_COLS " FROM hq_access WHERE hash IS NULL ORDER BY id");
	up = db_prepare(d, "UPDATE hq_access SET prev = ?1, hash = ?2 WHERE id = ?3");
	head = db_prepare(d, "INSERT INTO hq_access_head(one, id, hash) VALUES (1, ?1, ?2)"
			     " ON CONFLICT(one) DO UPDATE SET id = excluded.id, hash = excluded.hash");
	if (!st || !up || !head)
		return JL_ESTORE;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *canon = hq_access_canon(st);

		if (!canon || ledger_hash(prev, canon, hash) != 0) {
			free(canon);
			rc = canon ? JL_ESTORE : JL_ENOMEM;
			break;
		}
		free(canon);
		last = sqlite3_column_int64(st, 0);
		sqlite3_bind_text(up, 1, prev, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, last);
		step = sqlite3_step(up);
		sqlite3_reset(up);
		if (step != SQLITE_DONE) {
			rc = JL_ESTORE;
			break;
		}
		memcpy(prev, hash, sizeof prev);
	}
	if (rc == JL_OK && step != SQLITE_DONE)
		rc = JL_ESTORE;
	sqlite3_reset(st);
	if (rc == JL_OK && last) {
		sqlite3_bind_int64(head, 1, last);
		sqlite3_bind_text(head, 2, prev, -1, SQLITE_STATIC);
		if (sqlite3_step(head) != SQLITE_DONE)
			rc = JL_ESTORE;
		sqlite3_reset(head);
	}
	return rc;
}

jl_status hq_access_log(const char *hq_path, const char *device, const char *officer,
			const char *what, long long action, const long long *records, int n,
			const char *sha256, msglist *err)
{
	db *d = NULL;
	sqlite3_stmt *st;
	buf now = BUF_INIT, ids = BUF_INIT;
	jl_status rc;
	int i, began = 0;

	rc = db_open(hq_path, DB_OPEN_WRITE, &d, err);
	if (rc != JL_OK)
		goto done;
	if ((rc = db_begin(d)) != JL_OK)
		goto fail;
	began = 1;
	if ((rc = hq_access_schema_make(d)) != JL_OK)
		goto fail;
	clock_now(&now);
	for (i = 0; i < n; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "", records[i]);
	st = db_prepare(d, "INSERT INTO hq_access(at, by, device, action, records, what, sha256) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st) {
		rc = JL_ESTORE;
		goto fail;
	}
	sqlite3_bind_text(st, 1, buf_str(&now), -1, SQLITE_STATIC);
	if (officer)
		sqlite3_bind_text(st, 2, officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, action);
	sqlite3_bind_text(st, 5, buf_str(&ids), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, what, -1, SQLITE_STATIC);
	if (sha256)
		sqlite3_bind_text(st, 7, sha256, -1, SQLITE_STATIC);
	i = sqlite3_step(st);
	sqlite3_reset(st);
	if (i != SQLITE_DONE) {
		rc = JL_ESTORE;
		goto fail;
	}
	if ((rc = hq_access_seal(d)) != JL_OK)
		goto fail;
	rc = db_commit(d);
	began = 0;
	if (rc == JL_OK)
		goto done;
fail:
	db_error(d, err, "无法记录总部的查阅", "cannot log the read at headquarters");
	if (began)
		db_rollback(d);
	if (rc == JL_OK)
		rc = JL_ESTORE;
done:
	db_close(d);
	buf_free(&now);
	buf_free(&ids);
	return rc;
}

jl_status hq_access_list(const char *hq_path, const char *device, const char *officer,
			 long long record, long long action, const char *since, access_row **rows,
			 int *n, msglist *err)
{
	db *d = NULL;
	sqlite3_stmt *st;
	jl_status rc;

	*rows = NULL;
	*n = 0;
	rc = db_open(hq_path, DB_OPEN_READ, &d, err);
	if (rc != JL_OK)
		return rc;
	st = db_prepare(d, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'hq_access'");
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		rc = JL_ESTORE;
		goto fail;
	}
	rc = sqlite3_column_int(st, 0) ? JL_OK : JL_FOUND;
	sqlite3_reset(st);
	if (rc == JL_FOUND) { /* nothing read at HQ yet */
		rc = JL_OK;
		goto done;
	}
	/* Times are compared as written, as on a device. */
	st = db_prepare(d, "SELECT " HQ_ACCESS_COLS " FROM hq_access"
			   " WHERE (?1 IS NULL OR device = ?1) AND (?2 IS NULL OR by = ?2)"
			   " AND (?3 = 0 OR (',' || records || ',') LIKE ('%,' || ?3 || ',%'))"
			   " AND (?4 = 0 OR action = ?4) AND (?5 IS NULL OR at >= ?5)"
			   " ORDER BY id");
	if (!st) {
		rc = JL_ESTORE;
		goto fail;
	}
	if (device)
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	if (officer)
		sqlite3_bind_text(st, 2, officer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, record);
	sqlite3_bind_int64(st, 4, action);
	if (since)
		sqlite3_bind_text(st, 5, since, -1, SQLITE_STATIC);
	rc = access_rows_read(st, rows, n);
	if (rc == JL_OK)
		goto done;
fail:
	db_error(d, err, "无法读取总部的访问日志", "cannot read headquarters' access log");
done:
	db_close(d);
	return rc;
}

/* Adds one fault about row ID to OUT. */
static void hq_access_fault(msglist *out, long long id, const char *zh, const char *en)
{
	char where[48];
	buf z = BUF_INIT, e = BUF_INIT;

	snprintf(where, sizeof where, "hq_access #%lld", id);
	buf_printf(&z, "总部访问日志被改动：%s", zh);
	buf_printf(&e, "headquarters' access log was altered: %s", en);
	msglist_add(out, NULL, where, buf_str(&z), buf_str(&e));
	buf_free(&z);
	buf_free(&e);
}

int hq_access_verify(db *d, msglist *out)
{
	sqlite3_stmt *st;
	char prev[LEDGER_HASH_LEN + 1], hash[LEDGER_HASH_LEN + 1];
	long long want = 1, id = 0, head_id = 0;
	int faults = 0, step, has_head = 0, tables, chained;
	char head_hash[LEDGER_HASH_LEN + 1] = "";

	st = db_prepare(d, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
			   " AND name IN ('hq_access', 'hq_access_head')");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	tables = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (tables == 0)
		return 0; /* nothing was ever read at HQ */
	/* hq_access alone: a registry from before the chain (no head). */
	st = tables == 2 ? db_prepare(d, "SELECT id, hash FROM hq_access_head") : NULL;
	if (tables == 2 && !st)
		return -1;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		has_head = 1;
		head_id = sqlite3_column_int64(st, 0);
		snprintf(head_hash, sizeof head_hash, "%s",
			 sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
	}
	if (st)
		sqlite3_reset(st);
	/* A registry a jilu before the chain wrote has no prev and hash
	 * columns (its rows are chained at the next read at HQ): each row
	 * then counts as not chained, never as a store error. */
	st = db_prepare(d, "SELECT count(*) FROM pragma_table_info('hq_access') WHERE name = 'hash'");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	chained = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	memcpy(prev, ledger_genesis, sizeof prev);
	st = db_prepare(d, chained ? "SELECT " HQ_ACCESS_COLS ", prev, hash FROM hq_access ORDER BY id"
				   : "SELECT " HQ_ACCESS_COLS ", NULL, NULL FROM hq_access ORDER BY id");
	if (!st)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 8);
		const char *h = (const char *)sqlite3_column_text(st, 9);
		char *canon = hq_access_canon(st);

		id = sqlite3_column_int64(st, 0);
		if (!canon || ledger_hash(p ? p : "", canon, hash) != 0) {
			free(canon);
			sqlite3_reset(st);
			return -1;
		}
		free(canon);
		if (id != want)
			hq_access_fault(out, id, "此前的条目被删除", "rows before it were removed"), faults++;
		if (!h || !p)
			hq_access_fault(out, id, "未入链（由旧版 jilu 记录，或在 jilu 之外加入）",
					"not chained (logged by an older jilu, or added behind jilu's back)"), faults++;
		else if (strcmp(p, prev) != 0)
			hq_access_fault(out, id, "与前一条的链接断开", "its link to the row before is broken"),
				faults++;
		else if (strcmp(h, hash) != 0)
			hq_access_fault(out, id, "内容与其哈希不符", "its content does not match its hash"),
				faults++;
		snprintf(prev, sizeof prev, "%s", h ? h : "");
		want = id + 1;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return -1;
	if (id && (!has_head || head_id != id || strcmp(head_hash, prev) != 0))
		hq_access_fault(out, id, "末尾的条目被删除或链头被改动",
				"rows at the end were removed, or its head was altered"), faults++;
	else if (!id && has_head)
		hq_access_fault(out, head_id, "全部条目被删除", "every row was removed"), faults++;
	return faults;
}
