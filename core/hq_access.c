/* core/hq_access.c — reads at headquarters, logged in HQ's registry. */
#include "core/hq_access.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"

jl_status hq_access_log(const char *hq_path, const char *device, const char *officer,
			const char *what, long long action, const long long *records, int n,
			const char *sha256, msglist *err)
{
	db *d = NULL;
	sqlite3_stmt *st;
	buf now = BUF_INIT, ids = BUF_INIT;
	jl_status rc;
	int i;

	rc = db_open(hq_path, DB_OPEN_WRITE, &d, err);
	if (rc != JL_OK)
		goto done;
	rc = db_exec(d, "CREATE TABLE IF NOT EXISTS hq_access("
			"  id INTEGER PRIMARY KEY,"
			"  at TEXT NOT NULL,"
			"  by TEXT,"
			"  device TEXT NOT NULL,"
			"  action INTEGER NOT NULL,"
			"  records TEXT NOT NULL,"
			"  what TEXT NOT NULL,"
			"  sha256 TEXT)");
	if (rc != JL_OK) {
		db_error(d, err, "无法记录总部的查阅", "cannot log the read at headquarters");
		goto done;
	}
	clock_now(&now);
	for (i = 0; i < n; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "", records[i]);
	st = db_prepare(d, "INSERT INTO hq_access(at, by, device, action, records, what, sha256) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st) {
		db_error(d, err, "无法记录总部的查阅", "cannot log the read at headquarters");
		rc = JL_ESTORE;
		goto done;
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
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(d, err, "无法记录总部的查阅", "cannot log the read at headquarters");
		rc = JL_ESTORE;
	}
	sqlite3_reset(st);
done:
	db_close(d);
	buf_free(&now);
	buf_free(&ids);
	return rc;
}
