/* core/hq_mirror.c — rebuild a device's rows from the entries HQ holds. */
#include "core/hq_mirror.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/jsonx.h"

char *hq_mirror_path(const char *hq_path, const char *device)
{
	const char *slash = strrchr(hq_path, '/');
	buf b = BUF_INIT;

	if (slash)
		buf_append(&b, hq_path, (size_t)(slash - hq_path + 1));
	buf_printf(&b, "device-%s.db", device);
	return buf_steal(&b);
}

/* Binds member KEY of OBJ (a string, a number or null) to parameter I. */
static void hq_bind(sqlite3_stmt *st, int i, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsString(v))
		sqlite3_bind_text(st, i, v->valuestring, -1, SQLITE_TRANSIENT);
	else if (cJSON_IsNumber(v))
		sqlite3_bind_int64(st, i, (sqlite3_int64)v->valuedouble);
	else
		sqlite3_bind_null(st, i);
}

/* Binds the "id" of the object member KEY of OBJ ({"id":…} of a person). */
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

/* Applies the rows entry SEQ vouches for (BODY parsed, DATA the record's
 * data) to the mirror M. Returns 0 or -1. */
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
		o = cJSON_GetObjectItemCaseSensitive(body, "officer");
		st = db_prepare(m, "INSERT INTO officers(id, name, cert, role, created_at, created_by, "
				   "changed_at, changed_by, ledger_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?7, ?8) "
				   "ON CONFLICT(id) DO UPDATE SET name = excluded.name, cert = excluded.cert, "
				   "role = excluded.role, changed_at = excluded.changed_at, "
				   "changed_by = excluded.changed_by, ledger_seq = excluded.ledger_seq");
		if (!st)
			return -1;
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
		st = db_prepare(m, "UPDATE actions SET closed_at = ?2, closed_by = ?3, ledger_seq = ?4 "
				   "WHERE id = ?1 AND closed_at IS NULL");
		if (!st)
			return -1;
		hq_bind(st, 1, o, "id");
		hq_bind(st, 2, o, "closed_at");
		hq_bind(st, 3, o, "closed_by");
		sqlite3_bind_int64(st, 4, seq);
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
				   "stored_at, added_by, device, ledger_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
				   "?7, ?8, ?9, ?10, ?11)");
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
		return hq_run(st);
	}
	return 0; /* an entry that vouches for no row of these tables */
}

jl_status hq_mirror_update(db *d, const char *device, long long *added, msglist *err)
{
	char *path = hq_mirror_path(db_path(d), device);
	db *m = NULL;
	sqlite3_stmt *st, *get = NULL;
	long long head = 0, seq = 0;
	jl_status rc = JL_ESTORE;
	int step;

	*added = 0;
	if (!path)
		return JL_ENOMEM;
	/* Up to date already (the common case of a sync with nothing new):
	 * the store is not even opened. */
	st = db_prepare(d, "SELECT seq = mirrored FROM hq_devices WHERE device = ?1");
	if (st) {
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		step = sqlite3_step(st);
		int same = step == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		if (same && access(path, F_OK) == 0) {
			free(path);
			return JL_OK;
		}
	}
	rc = db_open(path, DB_OPEN_CREATE, &m, err);
	if (rc != JL_OK)
		goto done;
	rc = JL_ESTORE;
	st = db_prepare(m, "SELECT coalesce(max(seq), 0) FROM ledger");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	head = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (db_begin(m) != JL_OK)
		goto fail;
	get = db_prepare(d, "SELECT seq, kind, subject, body, prev_hash, hash, data FROM hq_ledger "
			    "WHERE device = ?1 AND seq > ?2 ORDER BY seq");
	if (!get)
		goto rollback;
	sqlite3_bind_text(get, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(get, 2, head);
	while ((step = sqlite3_step(get)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(get, 1);
		const char *body = (const char *)sqlite3_column_text(get, 3);
		cJSON *b = body ? cJSON_Parse(body) : NULL;
		int bad;

		seq = sqlite3_column_int64(get, 0);
		bad = !b || !kind ||
		      hq_apply(m, seq, kind, b, (const char *)sqlite3_column_text(get, 6)) != 0;
		cJSON_Delete(b);
		st = bad ? NULL : db_prepare(m, "INSERT INTO ledger(seq, device, kind, subject, body, "
					       "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		if (st) {
			sqlite3_bind_int64(st, 1, seq);
			sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
			for (int i = 1; i <= 5; i++)
				sqlite3_bind_text(st, i + 2, (const char *)sqlite3_column_text(get, i), -1,
						  SQLITE_TRANSIENT);
		}
		if (bad || hq_run(st) != 0) {
			sqlite3_reset(get);
			msglist_addf(err, NULL, path, "无法在总部重建第 %lld 条（设备 %s）：%s",
				     "cannot rebuild entry %lld of device %s at HQ: %s", seq, device,
				     db_errmsg(m));
			goto rollback_quiet;
		}
		(*added)++;
	}
	sqlite3_reset(get);
	if (step != SQLITE_DONE || db_commit(m) != JL_OK)
		goto rollback;
	rc = JL_OK;
	/* Noted after the commit: a crash between leaves a note behind the
	 * store, and the next call finds nothing to add. */
	if (seq > 0 && (st = db_prepare(d, "UPDATE hq_devices SET mirrored = ?2 WHERE device = ?1"))) {
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	goto done;
rollback:
	db_error(m, err, "无法更新总部的设备数据库", "cannot update the device's store at HQ");
rollback_quiet:
	db_rollback(m);
	*added = 0;
	goto done;
fail:
	db_error(m, err, "无法读取总部的设备数据库", "cannot read the device's store at HQ");
done:
	db_close(m);
	free(path);
	return rc;
}
