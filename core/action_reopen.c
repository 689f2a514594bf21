/* core/action_reopen.c — reopening a closed action (action_reopen.h). */
#include "core/action_reopen.h"

#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/clock.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/perm.h"
#include "core/text.h"

#define REOPEN_COLS                                                                        \
	"action_id, reopened_at, reopened_by, reason, device, closed_at, closed_by,"       \
	" close_reason, close_seq, ledger_seq"

static void reopen_fill(sqlite3_stmt *st, void *row)
{
	reopen_row *r = row;

	r->action_id = sqlite3_column_int64(st, 0);
	r->reopened_at = db_column_dup(st, 1);
	r->reopened_by = db_column_dup(st, 2);
	r->reason = db_column_dup(st, 3);
	r->device = db_column_dup(st, 4);
	r->closed_at = db_column_dup(st, 5);
	r->closed_by = db_column_dup(st, 6);
	r->close_reason = db_column_dup(st, 7);
	r->close_seq = sqlite3_column_int64(st, 8);
	r->ledger_seq = sqlite3_column_int64(st, 9);
}

static void reopen_free_any(void *row)
{
	reopen_row_free(row);
}

void action_reopen_body(buf *out, long long seq, const char *device, const reopen_row *r)
{
	buf_printf(out, "{\"action\":{\"id\":%lld},\"at\":", r->action_id);
	jsonx_quote(out, r->reopened_at);
	buf_puts(out, ",\"by\":");
	jsonx_quote(out, r->reopened_by);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"kind\":\"reopen\",\"reason\":");
	jsonx_quote(out, r->reason);
	buf_printf(out, ",\"seq\":%lld,\"undoes\":%lld}", seq, r->close_seq);
}

jl_status action_reopen(jl *j, long long id, const char *reason_in, msglist *err)
{
	char *reason = reason_in ? text_trim(reason_in) : NULL;
	buf now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	reopen_row r;
	action_row a;
	sqlite3_stmt *st;
	long long seq;
	jl_status rc;
	int began = 0;

	memset(&r, 0, sizeof r);
	memset(&a, 0, sizeof a);
	if (reason_in && !reason)
		return JL_ENOMEM;
	if ((rc = jl_need_officer(j, err)) != JL_OK)
		goto done;
	if (!reason || text_blank(reason)) {
		msglist_add(err, "R22.3", "--reason", "重新开启执法活动须附 --reason 理由（将记入存证链）",
			    "reopening an action needs --reason (it is kept in the ledger)");
		rc = JL_EUSAGE;
		goto done;
	}
	/* One line: printed by show and check, kept in the entry. */
	if (!text_check(reason, strlen(reason), TEXT_LINE, err, NULL, "--reason")) {
		rc = JL_EINVALID;
		goto done;
	}
	if (db_begin(j->db) != JL_OK)
		goto store;
	began = 1;
	if ((rc = perm_check(j, PERM_REOPEN, err)) != JL_OK)
		goto done;
	rc = action_get(j, id, &a);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(err, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
		goto done;
	}
	if (rc != JL_OK)
		goto store;
	if (!a.closed_at) {
		msglist_addf(err, NULL, NULL, "执法活动 %lld 尚未结束，无须重新开启",
			     "action %lld is open: there is nothing to reopen", id);
		rc = JL_EINVALID;
		goto done;
	}
	if ((seq = ledger_next_seq(j->db)) < 0)
		goto store;
	clock_now(&now);
	r.action_id = id;
	r.reopened_at = strdup(buf_str(&now));
	r.reopened_by = strdup(j->officer);
	r.reason = strdup(reason);
	r.device = strdup(j->device);
	r.closed_at = strdup(a.closed_at);
	r.closed_by = strdup(a.closed_by);
	r.close_reason = a.close_reason ? strdup(a.close_reason) : NULL;
	r.close_seq = a.ledger_seq;
	r.ledger_seq = seq;
	if (!r.reopened_at || !r.reopened_by || !r.reason || !r.device || !r.closed_at ||
	    !r.closed_by || (a.close_reason && !r.close_reason)) {
		rc = JL_ENOMEM;
		goto done;
	}
	/* The reopening first: the trigger lets a closed action's row open
	 * again only when a reopening keeps the close it undoes (schema 6). */
	st = db_prepare(j->db, "INSERT INTO reopenings(" REOPEN_COLS ") "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!st)
		goto store;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, r.reopened_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r.reopened_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r.reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r.device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r.closed_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r.closed_by, -1, SQLITE_STATIC);
	if (r.close_reason)
		sqlite3_bind_text(st, 8, r.close_reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, r.close_seq);
	sqlite3_bind_int64(st, 10, seq);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		goto store;
	}
	sqlite3_reset(st);
	st = db_prepare(j->db, "UPDATE actions SET closed_at = NULL, closed_by = NULL, ledger_seq = NULL,"
			       " close_reason = NULL WHERE id = ?1 AND closed_at IS NOT NULL");
	if (!st)
		goto store;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(db_sqlite(j->db)) != 1) {
		sqlite3_reset(st);
		goto store;
	}
	sqlite3_reset(st);
	action_reopen_body(&body, seq, j->device, &r);
	buf_printf(&subject, "action:%lld", id);
	if (body.oom || subject.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (ledger_append(j->db, seq, j->device, "reopen", buf_str(&subject), buf_str(&body), err) !=
		    JL_OK ||
	    db_commit(j->db) != JL_OK)
		goto store;
	began = 0;
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, err, "无法重新开启执法活动", "cannot reopen the action");
	rc = JL_ESTORE;
done:
	if (began)
		db_rollback(j->db);
	action_row_free(&a);
	reopen_row_free(&r);
	buf_free(&now);
	buf_free(&body);
	buf_free(&subject);
	free(reason);
	return rc;
}

jl_status action_reopenings(jl *j, long long id, reopen_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " REOPEN_COLS " FROM reopenings"
					     " WHERE action_id = ?1 ORDER BY ledger_seq");

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	return db_list(st, sizeof **rows, reopen_fill, reopen_free_any, (void **)rows, n);
}

/* Fills *R with the one row ST (bound) yields. */
static jl_status reopen_one(sqlite3_stmt *st, reopen_row *r)
{
	int step = sqlite3_step(st);
	jl_status rc = step == SQLITE_ROW ? JL_OK : step == SQLITE_DONE ? JL_ENOTFOUND : JL_ESTORE;

	if (rc == JL_OK)
		reopen_fill(st, r);
	sqlite3_reset(st);
	return rc;
}

jl_status action_reopening_by_seq(jl *j, long long seq, reopen_row *r)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " REOPEN_COLS " FROM reopenings WHERE ledger_seq = ?1");

	memset(r, 0, sizeof *r);
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, seq);
	return reopen_one(st, r);
}

jl_status action_reopening_of_close(jl *j, long long id, long long close_seq, reopen_row *r)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " REOPEN_COLS " FROM reopenings"
					     " WHERE action_id = ?1 AND close_seq = ?2");

	memset(r, 0, sizeof *r);
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, close_seq);
	return reopen_one(st, r);
}

void reopen_row_free(reopen_row *r)
{
	free(r->reopened_at);
	free(r->reopened_by);
	free(r->reason);
	free(r->device);
	free(r->closed_at);
	free(r->closed_by);
	free(r->close_reason);
	memset(r, 0, sizeof *r);
}

void reopen_rows_free(reopen_row *rows, int n)
{
	db_rows_free(rows, n, sizeof *rows, reopen_free_any);
}
