/* core/access.c — the access log as ledger entries. */
#include "core/access.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/perm.h"

jl_status access_log(jl *j, const char *what, long long action, const long long *records,
		     int n, const char *sha256, msglist *err)
{
	buf body = BUF_INIT, subject = BUF_INIT, now = BUF_INIT;
	long long seq;
	jl_status rc = JL_ESTORE;
	int i;

	if ((rc = jl_need_device(j, err)) != JL_OK)
		return rc;
	rc = JL_ESTORE;
	if (db_begin(j->db) != JL_OK)
		goto store;
	if ((seq = ledger_next_seq(j->db)) < 0)
		goto store;
	clock_now(&now);
	buf_printf(&body, "{\"action\":%lld,\"at\":", action);
	jsonx_quote(&body, buf_str(&now));
	buf_puts(&body, ",\"by\":");
	jsonx_quote(&body, j->officer);
	buf_puts(&body, ",\"device\":");
	jsonx_quote(&body, j->device);
	buf_puts(&body, ",\"kind\":\"access\",\"records\":[");
	for (i = 0; i < n; i++)
		buf_printf(&body, "%s%lld", i ? "," : "", records[i]);
	buf_printf(&body, "],\"seq\":%lld", seq);
	if (sha256) {
		buf_puts(&body, ",\"sha256\":");
		jsonx_quote(&body, sha256);
	}
	buf_puts(&body, ",\"what\":");
	jsonx_quote(&body, what);
	buf_puts(&body, "}");
	buf_printf(&subject, "access:%lld", action); /* not "action:": the case file lists what made the action, not who read it */
	if (body.oom || subject.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (ledger_append(j->db, seq, j->device, "access", buf_str(&subject), buf_str(&body), NULL) !=
		    JL_OK ||
	    db_commit(j->db) != JL_OK)
		goto store;
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, err, "无法记入访问日志，未显示任何内容", "cannot write the access log; nothing shown");
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	buf_free(&body);
	buf_free(&subject);
	buf_free(&now);
	return rc;
}

/* Fills the access_row ROW from ST (columns as access_rows_read takes them). */
static void access_fill(sqlite3_stmt *st, void *row)
{
	access_row *a = row;

	a->seq = sqlite3_column_int64(st, 0);
	a->at = db_column_dup(st, 1);
	a->by = db_column_dup(st, 2);
	a->device = db_column_dup(st, 3);
	a->action = sqlite3_column_int64(st, 4);
	a->records = db_column_dup(st, 5);
	a->what = db_column_dup(st, 6);
}

/* Frees what ROW (an access_row) holds, not ROW. */
static void access_row_free(void *row)
{
	access_row *a = row;

	free(a->at);
	free(a->by);
	free(a->device);
	free(a->what);
	free(a->records);
	memset(a, 0, sizeof *a);
}

jl_status access_rows_read(sqlite3_stmt *st, access_row **rows, int *n)
{
	return db_list(st, sizeof **rows, access_fill, access_row_free, (void **)rows, n);
}

jl_status access_list(jl *j, const char *officer, long long record, long long action,
		      const char *since, access_row **rows, int *n, msglist *err)
{
	sqlite3_stmt *st;
	jl_status rc;

	*rows = NULL;
	*n = 0;
	if ((rc = perm_check(j, PERM_READ_LOG, err)) != JL_OK)
		return rc;
	/* Times are compared as written: the bureau's devices write one zone. */
	st = db_prepare(j->db,
		"SELECT seq, json_extract(body, '$.at'), json_extract(body, '$.by'), device,"
		" json_extract(body, '$.action'),"
		" (SELECT group_concat(value, ',') FROM json_each(body, '$.records')),"
		" json_extract(body, '$.what')"
		" FROM ledger WHERE kind = 'access'"
		" AND (?1 IS NULL OR json_extract(body, '$.by') = ?1)"
		" AND (?2 = 0 OR EXISTS (SELECT 1 FROM json_each(body, '$.records') WHERE value = ?2))"
		" AND (?3 = 0 OR json_extract(body, '$.action') = ?3)"
		" AND (?4 IS NULL OR json_extract(body, '$.at') >= ?4)"
		" ORDER BY seq");
	if (!st) {
		db_error(j->db, err, "无法读取访问日志", "cannot read the access log");
		return JL_ESTORE;
	}
	if (officer)
		sqlite3_bind_text(st, 1, officer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, record);
	sqlite3_bind_int64(st, 3, action);
	if (since)
		sqlite3_bind_text(st, 4, since, -1, SQLITE_STATIC);
	rc = access_rows_read(st, rows, n);
	if (rc != JL_OK)
		db_error(j->db, err, "无法读取访问日志", "cannot read the access log");
	return rc;
}

void access_rows_free(access_row *rows, int n)
{
	db_rows_free(rows, n, sizeof *rows, access_row_free);
}
