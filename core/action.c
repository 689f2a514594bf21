/* core/action.c — enforcement actions. */
#include "core/action.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/record.h"
#include "core/text.h"

static const char *const action_kinds[] = {"licensing", "penalty", "compulsory",
					   "inspection", "fee", NULL};

int action_kind_valid(const char *kind)
{
	int i;

	for (i = 0; kind && action_kinds[i]; i++)
		if (strcmp(kind, action_kinds[i]) == 0)
			return 1;
	return 0;
}

const char *action_kind_parse(const char *s)
{
	/* The words officers use: the kind's name in Chinese, short or long. */
	static const char *const words[][3] = {
		{"licensing", "许可", "行政许可"}, {"penalty", "处罚", "行政处罚"},
		{"compulsory", "强制", "行政强制"}, {"inspection", "检查", "行政检查"},
		{"fee", "收费", "行政收费"},
	};
	for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
		for (int k = 0; k < 3; k++)
			if (strcmp(s, words[i][k]) == 0)
				return words[i][0];
	return NULL;
}

/* The count walks the action's records: only listings pay for it, not the
 * lookups every record's finalisation makes. */
#define ACTION_COLS "a.id, a.kind, a.title, a.device, a.opened_by, a.opened_at, " \
		    "a.closed_by, a.closed_at, a.ledger_seq, NULL, a.open_seq, a.close_reason"
#define ACTION_COLS_COUNTED "a.id, a.kind, a.title, a.device, a.opened_by, a.opened_at, " \
		    "a.closed_by, a.closed_at, a.ledger_seq, " \
		    "(SELECT count(*) FROM records r WHERE r.action_id = a.id), a.open_seq, " \
		    "a.close_reason"
/* How many columns ACTION_COLS and ACTION_COLS_COUNTED have: a query adds its
 * own after them. */
#define ACTION_COLS_N 12

static void action_fill(sqlite3_stmt *st, action_row *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->kind = db_column_dup(st, 1);
	a->title = db_column_dup(st, 2);
	a->device = db_column_dup(st, 3);
	a->opened_by = db_column_dup(st, 4);
	a->opened_at = db_column_dup(st, 5);
	a->closed_by = db_column_dup(st, 6);
	a->closed_at = db_column_dup(st, 7);
	a->ledger_seq = sqlite3_column_int64(st, 8);
	a->nrecords = sqlite3_column_int(st, 9);
	a->open_seq = sqlite3_column_int64(st, 10);
	a->close_reason = db_column_dup(st, 11);
}

jl_status action_open(jl *j, const char *kind, const char *title, long long *id,
		      msglist *err)
{
	sqlite3_stmt *st;
	buf now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	action_row a;
	long long seq;
	jl_status rc;

	if (!action_kind_valid(kind)) {
		msglist_addf(err, "R2.1", "KIND",
			     "未知的执法类别 %s（licensing 许可、penalty 处罚、compulsory 强制、inspection 检查、fee 收费）",
			     "unknown kind of action %s (licensing, penalty, compulsory, inspection, fee)",
			     kind ? kind : "");
		return JL_EUSAGE;
	}
	/* One line: a line break in a title would forge a row of `action list`. */
	if (title && !text_check(title, strlen(title), TEXT_LINE, err, NULL, "--title"))
		return JL_EINVALID;
	if ((rc = jl_need_officer(j, err)) != JL_OK)
		return rc;
	/* The action and the entry that vouches for its opening, together:
	 * sync sends the opening before any record of it. */
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	clock_now(&now);
	memset(&a, 0, sizeof a);
	rc = JL_ESTORE;
	seq = ledger_next_seq(j->db);
	st = seq < 0 ? NULL : db_prepare(j->db,
		"INSERT INTO actions(kind, title, device, opened_by, opened_at, open_seq) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		goto store;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (title)
		sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, j->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, j->officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, buf_str(&now), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, seq);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		goto store;
	}
	sqlite3_reset(st);
	/* Borrowed: a is not freed. */
	a.id = sqlite3_last_insert_rowid(db_sqlite(j->db));
	a.kind = (char *)kind;
	a.title = (char *)title;
	a.device = j->device;
	a.opened_by = j->officer;
	a.opened_at = (char *)buf_str(&now);
	action_open_body(&body, seq, j->device, &a);
	buf_printf(&subject, "action:%lld", a.id);
	if (body.oom || subject.oom ||
	    ledger_append(j->db, seq, j->device, "open", buf_str(&subject), buf_str(&body), err) !=
		    JL_OK ||
	    db_commit(j->db) != JL_OK)
		goto store;
	*id = a.id;
	rc = JL_OK;
	goto done;
store:
	db_error(j->db, err, "无法保存执法活动", "cannot store the action");
	rc = JL_ESTORE;
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	buf_free(&now);
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

/* Appends A's "action" object: what opening it vouches for, and with
 * CLOSED its close too. */
static void action_object(buf *out, const action_row *a, int closed)
{
	buf_puts(out, "{");
	if (closed) {
		buf_puts(out, "\"closed_at\":");
		jsonx_quote(out, a->closed_at);
		buf_puts(out, ",\"closed_by\":");
		jsonx_quote(out, a->closed_by);
		buf_puts(out, ",");
	}
	buf_puts(out, "\"device\":");
	jsonx_quote(out, a->device);
	buf_printf(out, ",\"id\":%lld,\"kind\":", a->id);
	jsonx_quote(out, a->kind);
	buf_puts(out, ",\"opened_at\":");
	jsonx_quote(out, a->opened_at);
	buf_puts(out, ",\"opened_by\":");
	jsonx_quote(out, a->opened_by);
	buf_puts(out, ",\"title\":");
	jsonx_quote(out, a->title);
	buf_puts(out, "}");
}

void action_open_body(buf *out, long long seq, const char *device, const action_row *a)
{
	buf_puts(out, "{\"action\":");
	action_object(out, a, 0);
	buf_puts(out, ",\"at\":");
	jsonx_quote(out, a->opened_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_printf(out, ",\"kind\":\"open\",\"seq\":%lld}", seq);
}

void action_ledger_body(buf *out, long long seq, const char *device, const action_row *a)
{
	buf_puts(out, "{\"action\":");
	action_object(out, a, 1);
	buf_puts(out, ",\"at\":");
	jsonx_quote(out, a->closed_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"kind\":\"close\"");
	/* Only a forced close has a reason: every other body stays as it was. */
	if (a->close_reason) {
		buf_puts(out, ",\"reason\":");
		jsonx_quote(out, a->close_reason);
	}
	buf_printf(out, ",\"seq\":%lld}", seq);
}

jl_status action_close(jl *j, long long id, msglist *err)
{
	return action_close_reason(j, id, NULL, err);
}

jl_status action_close_reason(jl *j, long long id, const char *reason, msglist *err)
{
	action_row a;
	sqlite3_stmt *st;
	buf now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	long long seq;
	jl_status rc;

	if ((rc = jl_need_officer(j, err)) != JL_OK)
		return rc;
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	rc = action_get(j, id, &a);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(err, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
		goto done;
	}
	if (rc != JL_OK)
		goto store;
	if (a.closed_at) {
		msglist_addf(err, "R22.3", NULL, "执法活动 %lld 已于 %s 结束", "action %lld was closed at %s",
			     id, a.closed_at);
		rc = JL_EFINAL;
		action_row_free(&a);
		goto done;
	}
	clock_now(&now);
	seq = ledger_next_seq(j->db);
	if (seq < 0) {
		action_row_free(&a);
		goto store;
	}
	a.closed_at = strdup(buf_str(&now));
	a.closed_by = strdup(j->officer);
	free(a.close_reason);
	a.close_reason = reason ? strdup(reason) : NULL;
	action_ledger_body(&body, seq, j->device, &a);
	buf_printf(&subject, "action:%lld", id);
	st = db_prepare(j->db, "UPDATE actions SET closed_at = ?2, closed_by = ?3, ledger_seq = ?4, "
			       "close_reason = ?5 WHERE id = ?1 AND closed_at IS NULL");
	rc = JL_ESTORE;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, a.closed_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a.closed_by, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, seq);
		if (a.close_reason)
			sqlite3_bind_text(st, 5, a.close_reason, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		if (sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db_sqlite(j->db)) == 1)
			rc = ledger_append(j->db, seq, j->device, "close", buf_str(&subject),
					   buf_str(&body), err);
		sqlite3_reset(st);
	}
	action_row_free(&a);
	if (rc == JL_OK && db_commit(j->db) == JL_OK)
		goto done;
store:
	db_error(j->db, err, "无法结束执法活动", "cannot close the action");
	rc = JL_ESTORE;
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	buf_free(&now);
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

jl_status action_get(jl *j, long long id, action_row *a)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " ACTION_COLS " FROM actions a WHERE a.id = ?1");
	jl_status rc = JL_ENOTFOUND;
	int step;

	memset(a, 0, sizeof *a);
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		action_fill(st, a);
		rc = JL_OK;
	} else if (step != SQLITE_DONE) {
		rc = JL_ESTORE; /* a read error is not "no such row" */
	}
	sqlite3_reset(st);
	return rc;
}

/* db_list's view of action_fill and action_row_free. */
static void action_fill_any(sqlite3_stmt *st, void *row)
{
	action_fill(st, row);
}

static void action_row_free_any(void *row)
{
	action_row_free(row);
}

jl_status action_list(jl *j, const char *kind, int state, action_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT " ACTION_COLS_COUNTED " FROM actions a "
		"WHERE (?1 IS NULL OR a.kind = ?1) "
		"  AND (?2 = 0 OR (?2 = 1 AND a.closed_at IS NULL) OR (?2 = 2 AND a.closed_at IS NOT NULL)) "
		"ORDER BY a.id DESC");

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	if (kind)
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, state);
	return db_list(st, sizeof **rows, action_fill_any, action_row_free_any, (void **)rows, n);
}

void action_row_free(action_row *a)
{
	free(a->kind);
	free(a->title);
	free(a->device);
	free(a->opened_by);
	free(a->opened_at);
	free(a->closed_by);
	free(a->closed_at);
	free(a->close_reason);
	memset(a, 0, sizeof *a);
}

void action_rows_free(action_row *rows, int n)
{
	db_rows_free(rows, n, sizeof *rows, action_row_free_any);
}

/* The party of an action as its records name it: the stable field ids of
 * spec/forms.md that hold a party (party, applicant, payer, interviewee). */
#define ACTION_PARTY_NAME(r)                                                           \
	"coalesce(json_extract(" r ".data, '$.party.name'), "                          \
	"json_extract(" r ".data, '$.applicant.name'), "                                \
	"json_extract(" r ".data, '$.payer.name'), "                                    \
	"json_extract(" r ".data, '$.interviewee.name'))"

/* R20.2: a confidential record's party is its content: never the list's
 * party column nor what a search finds, whoever looks. */
#define ACTION_NOT_SECRET(r) \
	"json_extract(" r ".data, '$." RECORD_CONFIDENTIAL "') IS NOT 1 "

jl_status action_page(jl *j, const char *kind, int state, const char *search,
		      long long before, int limit, action_page_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT " ACTION_COLS_COUNTED ", "
		"  (SELECT " ACTION_PARTY_NAME("r") " FROM records r WHERE r.action_id = a.id "
		"     AND " ACTION_PARTY_NAME("r") " IS NOT NULL AND " ACTION_NOT_SECRET("r")
		"     ORDER BY r.id LIMIT 1), "
		"  (SELECT count(*) FROM records r WHERE r.action_id = a.id AND r.state = 'final') "
		"FROM actions a "
		"WHERE (?1 IS NULL OR a.kind = ?1) "
		"  AND (?2 = 0 OR (?2 = 1 AND a.closed_at IS NULL) OR (?2 = 2 AND a.closed_at IS NOT NULL)) "
		"  AND (?3 = 0 OR a.id < ?3) "
		"  AND (?4 IS NULL OR instr(a.title, ?4) > 0 OR EXISTS (SELECT 1 FROM records r "
		"       WHERE r.action_id = a.id AND " ACTION_NOT_SECRET("r")
		"       AND instr(" ACTION_PARTY_NAME("r") ", ?4) > 0)) "
		"ORDER BY a.id DESC LIMIT ?5");
	action_page_row *out = NULL;
	int step = SQLITE_DONE;

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	if (limit < 1)
		limit = 1;
	out = calloc((size_t)limit, sizeof *out);
	if (!out)
		return JL_ENOMEM;
	if (kind)
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, state);
	sqlite3_bind_int64(st, 3, before);
	if (search && *search)
		sqlite3_bind_text(st, 4, search, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, limit);
	while (*n < limit && (step = sqlite3_step(st)) == SQLITE_ROW) {
		action_fill(st, &out[*n].a);
		out[*n].party = db_column_dup(st, ACTION_COLS_N);
		out[*n].nfinal = sqlite3_column_int(st, ACTION_COLS_N + 1);
		(*n)++;
	}
	if (*n < limit && step != SQLITE_DONE) {
		sqlite3_reset(st);
		action_page_free(out, *n);
		*n = 0;
		return JL_ESTORE; /* a short page would read as the end */
	}
	sqlite3_reset(st);
	*rows = out;
	return JL_OK;
}

void action_page_free(action_page_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		action_row_free(&rows[i].a);
		free(rows[i].party);
	}
	free(rows);
}
