/* core/record.c — drafts, finalisation and amendments. */
#include "core/record.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/clock.h"
#include "core/cond.h"
#include "core/eval.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/officer.h"
#include "core/perm_record.h"
#include "core/record_judge.h"
#include "core/rules.h"
#include "core/shape.h"
#include "core/text.h"

#define RECORD_COLS "r.id, r.action_id, r.form, r.form_version, r.state, r.data, r.author, " \
	"r.device, r.created_at, r.updated_at, r.finalized_at, r.finalized_by, r.amends, " \
	"r.reason, r.ledger_seq, (SELECT x.id FROM records x WHERE x.amends = r.id AND x.state = 'final')"

/* Forms that may still be recorded once an action is closed (R19.1, R21.1). */
static int record_after_close_ok(const char *form_id)
{
	return strcmp(form_id, "archive.casefile") == 0 || strcmp(form_id, "copy.request") == 0;
}

static void record_fill(sqlite3_stmt *st, record_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->action_id = sqlite3_column_int64(st, 1);
	r->form = db_column_dup(st, 2);
	r->form_version = sqlite3_column_int(st, 3);
	/* Only what jilu writes counts: a blob, a hidden NUL or NULL is neither
	 * draft nor final here (verify reports it). */
	if (sqlite3_column_type(st, 4) == SQLITE_TEXT &&
	    (size_t)sqlite3_column_bytes(st, 4) == strlen((const char *)sqlite3_column_text(st, 4)) &&
	    (strcmp((const char *)sqlite3_column_text(st, 4), "final") == 0 ||
	     strcmp((const char *)sqlite3_column_text(st, 4), "draft") == 0))
		r->state = db_column_dup(st, 4);
	else
		r->state = strdup("?");
	r->data = db_column_dup(st, 5);
	r->author = db_column_dup(st, 6);
	r->device = db_column_dup(st, 7);
	r->created_at = db_column_dup(st, 8);
	r->updated_at = db_column_dup(st, 9);
	r->finalized_at = db_column_dup(st, 10);
	r->finalized_by = db_column_dup(st, 11);
	r->amends = sqlite3_column_int64(st, 12);
	r->reason = db_column_dup(st, 13);
	r->ledger_seq = sqlite3_column_int64(st, 14);
	r->amended_by = sqlite3_column_int64(st, 15);
}

jl_status record_get(jl *j, long long id, record_row *r)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " RECORD_COLS " FROM records r WHERE r.id = ?1");
	jl_status rc = JL_ENOTFOUND;
	int step;

	memset(r, 0, sizeof *r);
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		record_fill(st, r);
		rc = JL_OK;
	} else if (step != SQLITE_DONE) {
		rc = JL_ESTORE; /* a read error is not "no such row" */
	}
	sqlite3_reset(st);
	return rc;
}

/* db_list's view of record_fill and record_row_free. */
static void record_fill_any(sqlite3_stmt *st, void *row)
{
	record_fill(st, row);
}

static void record_row_free_any(void *row)
{
	record_row_free(row);
}

jl_status record_list(jl *j, long long action_id, record_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " RECORD_COLS " FROM records r "
					     "WHERE r.action_id = ?1 ORDER BY r.id");

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, action_id);
	return db_list(st, sizeof **rows, record_fill_any, record_row_free_any, (void **)rows, n);
}

void record_row_free(record_row *r)
{
	free(r->form);
	free(r->state);
	free(r->data);
	free(r->author);
	free(r->device);
	free(r->created_at);
	free(r->updated_at);
	free(r->finalized_at);
	free(r->finalized_by);
	free(r->reason);
	memset(r, 0, sizeof *r);
}

void record_rows_free(record_row *rows, int n)
{
	db_rows_free(rows, n, sizeof *rows, record_row_free_any);
}

static jl_status record_finalize_draft(jl *j, record_row *r, const form *f, const action_row *a,
				       cJSON *data, const char *kind, const record_verdict *pre,
				       msglist *out);

/* Finalises record ID inside the caller's transaction, with the verdicts PRE
 * worked out before it (may be NULL). KIND is "finalize" or "amend". */
static jl_status record_finalize_tx(jl *j, long long id, const char *kind,
				    const record_verdict *pre, msglist *out)
{
	record_row r;
	action_row a;
	const form *f;
	cJSON *data = NULL;
	jl_status rc = record_get(j, id, &r);

	memset(&a, 0, sizeof a);
	if (rc != JL_OK) {
		if (rc == JL_ENOTFOUND)
			msglist_addf(out, NULL, NULL, "没有记录 %lld", "no record %lld", id);
		return rc == JL_ENOTFOUND ? JL_EINVALID : rc;
	}
	if (strcmp(r.state, "final") == 0) {
		msglist_addf(out, "R22.3", NULL, "记录 %lld 已于 %s 定稿", "record %lld was finalised at %s",
			     id, r.finalized_at);
		rc = JL_EFINAL;
		goto done;
	}
	f = formset_find_for(j->forms, r.form, r.form_version);
	if (!f) {
		msglist_addf(out, NULL, NULL, "没有可用的表单定义 %s", "no usable form definition %s",
			     r.form);
		rc = JL_EINVALID;
		goto done;
	}
	if ((rc = action_get(j, r.action_id, &a)) != JL_OK)
		goto store;
	if (a.closed_at && !record_after_close_ok(r.form)) {
		msglist_addf(out, "R19.1", NULL, "执法活动 %lld 已结束，不能再定稿 %s",
			     "action %lld is closed: no %s can be finalised in it",
			     a.id, r.form);
		rc = JL_EREFUSED;
		goto done;
	}
	data = record_judge_parse(&r, out);
	if (!data) {
		rc = JL_ESTORE;
		goto done;
	}
	rc = record_finalize_draft(j, &r, f, &a, data, kind, pre, out);
	goto done;
store:
	db_error(j->db, out, "无法定稿记录", "cannot finalise the record");
	rc = JL_ESTORE;
done:
	cJSON_Delete(data);
	record_row_free(&r);
	action_row_free(&a);
	return rc;
}

/* Validates and finalises draft R of form F in action A inside the caller's
 * transaction, DATA being its data parsed (validation normalises it in
 * place), PRE the verdicts worked out before the transaction (may be NULL).
 * R gets the finalised values. KIND is "finalize" or "amend". A draft not
 * yet stored (R->id 0) is inserted final, and R->id gets its id. */
static jl_status record_finalize_draft(jl *j, record_row *r, const form *f, const action_row *a,
				       cJSON *data, const char *kind, const record_verdict *pre,
				       msglist *out)
{
	officer_row author, finalizer;
	const officer_row *fin = &finalizer;
	record_ledger_ctx x;
	sqlite3_stmt *st;
	char *text = NULL;
	buf now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	long long seq, id = r->id;
	jl_status rc;
	int n;

	memset(&author, 0, sizeof author);
	memset(&finalizer, 0, sizeof finalizer);
	memset(&x, 0, sizeof x);
	n = record_judge_all(j, f, r, data, pre, &text, out);
	if (n == -2) {
		rc = out->oom ? JL_ENOMEM : JL_EINVALID;
		goto done;
	}
	if (n < 0)
		goto store;
	if (n > 0) {
		rc = JL_EREFUSED;
		goto done;
	}
	/* Who may finalise this (core/perm.h), judged under the lock, after
	 * what is wrong with the record itself. */
	if ((rc = perm_record_check(j, r, data, out)) != JL_OK) {
		if (rc == JL_ESTORE)
			goto store;
		goto done;
	}
	/* Validation trims and normalises: what is finalised is what was checked. */
	free(r->data);
	r->data = text;
	text = NULL;
	clock_now(&now);
	free(r->finalized_at);
	r->finalized_at = strdup(buf_str(&now));
	free(r->finalized_by);
	r->finalized_by = strdup(j->officer);
	r->form_version = f->version;
	seq = ledger_next_seq(j->db);
	if (seq < 0 || !r->data || !r->finalized_at || !r->finalized_by)
		goto store;
	/* Mostly whoever entered the record finalises it: one read then. */
	if (officer_get(j, r->author, &author) == JL_ESTORE)
		goto store;
	if (strcmp(r->author, r->finalized_by) == 0)
		fin = &author;
	else if (officer_get(j, r->finalized_by, &finalizer) == JL_ESTORE)
		goto store;
	x.action_kind = a->kind;
	x.action_title = a->title;
	x.action_device = a->device;
	x.action_opened_by = a->opened_by;
	x.action_opened_at = a->opened_at;
	x.author_name = author.name;
	x.author_cert = author.cert;
	x.finalizer_name = fin->name;
	x.finalizer_cert = fin->cert;
	if (id == 0) {
		/* Not stored yet (record new --finalize): the row is written once,
		 * final, instead of a draft rewritten at once. The checks above
		 * did not need it: no record links to one not yet made, and the
		 * cross-record rules look at other records. */
		st = db_prepare(j->db,
			"INSERT INTO records(action_id, form, form_version, state, data, author, "
			"device, created_at, updated_at, finalized_at, finalized_by, amends, "
			"reason, ledger_seq) "
			"VALUES (?1, ?2, ?3, 'final', ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12)");
		if (!st)
			goto store;
		sqlite3_bind_int64(st, 1, r->action_id);
		sqlite3_bind_text(st, 2, r->form, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, r->form_version);
		sqlite3_bind_text(st, 4, r->data, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, r->author, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, r->device, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, r->created_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, r->finalized_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, r->finalized_by, -1, SQLITE_STATIC);
		if (r->amends)
			sqlite3_bind_int64(st, 10, r->amends);
		if (r->reason)
			sqlite3_bind_text(st, 11, r->reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 12, seq);
		n = sqlite3_step(st);
		sqlite3_reset(st);
		if (n != SQLITE_DONE)
			goto store;
		id = r->id = sqlite3_last_insert_rowid(db_sqlite(j->db));
		free(r->state);
		if (!(r->state = strdup("final")))
			goto store;
		free(r->updated_at);
		if (!(r->updated_at = strdup(r->finalized_at)))
			goto store;
	} else {
		st = db_prepare(j->db, "UPDATE records SET state = 'final', data = ?2, "
				       "form_version = ?3, finalized_at = ?4, finalized_by = ?5, "
				       "updated_at = ?4, ledger_seq = ?6 WHERE id = ?1 AND state = 'draft'");
		if (!st)
			goto store;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, r->data, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, r->form_version);
		sqlite3_bind_text(st, 4, r->finalized_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, r->finalized_by, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, seq);
		n = sqlite3_step(st);
		sqlite3_reset(st);
		if (n != SQLITE_DONE || sqlite3_changes(db_sqlite(j->db)) != 1)
			goto store;
	}
	/* In the caller's transaction: a body that cannot be made undoes the row. */
	if (record_ledger_body(&body, seq, kind, j->device, r, &x) != 0)
		goto store; /* nothing is finalised without its data's hash */
	buf_puts(&subject, "record:");
	buf_put_lld(&subject, id);
	rc = ledger_append(j->db, seq, j->device, kind, buf_str(&subject), buf_str(&body), out);
	if (rc == JL_OK)
		goto done;
store:
	db_error(j->db, out, "无法定稿记录", "cannot finalise the record");
	rc = JL_ESTORE;
done:
	officer_row_free(&author);
	officer_row_free(&finalizer);
	buf_free(&now);
	buf_free(&body);
	free(text);
	buf_free(&subject);
	return rc;
}

/* Inserts a draft created at NOW (clock_now; NULL: read the clock); *ID gets
 * its id. Inside the caller's transaction. */
static jl_status record_insert(jl *j, long long action_id, const form *f, const char *data,
			       long long amends, const char *reason, const buf *created,
			       long long *id)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"INSERT INTO records(action_id, form, form_version, state, data, author, device, "
		"created_at, updated_at, amends, reason) "
		"VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?6, ?7, ?7, ?8, ?9)");
	buf now = BUF_INIT;
	int rc;

	if (!st)
		return JL_ESTORE;
	if (created)
		buf_puts(&now, buf_str(created));
	else
		clock_now(&now);
	sqlite3_bind_int64(st, 1, action_id);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->version);
	sqlite3_bind_text(st, 4, data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, j->officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, j->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, buf_str(&now), -1, SQLITE_STATIC);
	if (amends)
		sqlite3_bind_int64(st, 8, amends);
	if (reason)
		sqlite3_bind_text(st, 9, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	buf_free(&now);
	if (rc != SQLITE_DONE)
		return JL_ESTORE;
	*id = sqlite3_last_insert_rowid(db_sqlite(j->db));
	return JL_OK;
}

jl_status record_create(jl *j, long long action_id, const char *form_id,
			const cJSON *values, int finalize, long long *id, msglist *out)
{
	action_row a;
	record_row r;
	record_verdict pre = {0};
	const form *f;
	cJSON *data = NULL;
	char *text = NULL;
	buf now = BUF_INIT;
	jl_status rc;
	int kept = 0;

	memset(&r, 0, sizeof r);
	memset(&a, 0, sizeof a);
	*id = 0;
	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	/* The form's expressions run before the write lock is taken: a slow
	 * one must not keep other officers from the store. */
	f = formset_find(j->forms, form_id);
	if (finalize && f) {
		msglist scratch = MSGLIST_INIT;

		/* Values that apply cleanly are kept for the transaction: applied,
		 * they are normalised already (shape_check trims as it checks, and
		 * a second pass changes nothing), so their verdicts need no
		 * printing and parsing back, and the transaction no second
		 * application. Values with problems are applied again under the
		 * lock, which reports them after what is wrong with the action. */
		data = cJSON_CreateObject();
		if (data && record_judge_apply(j, f, action_id, 0, data, values, &scratch) == 0 &&
		    !scratch.oom) {
			rc = record_judge_run(j, f, data, &pre, out);
		} else {
			cJSON_Delete(data);
			data = NULL;
		}
		msglist_free(&scratch);
		if (rc != JL_OK) {
			record_judge_free(&pre);
			cJSON_Delete(data);
			return rc;
		}
	}
	/* The action is read in the transaction that writes to it: one snapshot,
	 * and no read transaction of its own before it. */
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, out, "无法开始事务", "cannot begin a transaction");
		record_judge_free(&pre);
		return JL_ESTORE;
	}
	rc = action_get(j, action_id, &a);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(out, NULL, "ACTION", "没有执法活动 %lld", "no action %lld", action_id);
		rc = JL_EINVALID;
		goto done;
	}
	if (rc != JL_OK)
		goto done;
	f = formset_find(j->forms, form_id);
	if (!f) {
		msglist_addf(out, NULL, "FORM", "没有表单 %s（jilu forms list）", "no form %s (jilu forms list)",
			     form_id);
		rc = JL_EINVALID;
		goto done;
	}
	if (!form_allows_kind(f, a.kind)) {
		msglist_addf(out, "R2.1", "FORM", "表单 %s 不适用于 %s 类执法活动",
			     "form %s is not used in a %s action", form_id, a.kind);
		rc = JL_EREFUSED;
		goto done;
	}
	if (a.closed_at && !record_after_close_ok(form_id)) {
		msglist_addf(out, "R19.1", "ACTION", "执法活动 %lld 已结束，只能归档或处理复制申请",
			     "action %lld is closed: only archiving and copy requests remain",
			     action_id);
		rc = JL_EREFUSED;
		goto done;
	}
	if (data) {
		/* Applied before the lock: only what reads the store is read again. */
		if (record_judge_relink(j, f, action_id, 0, data, out) > 0) {
			rc = JL_EINVALID;
			goto done;
		}
		text = strdup(pre.text);
	} else {
		data = cJSON_CreateObject();
		if (!data) {
			rc = JL_ENOMEM;
			goto done;
		}
		if (record_judge_apply(j, f, action_id, 0, data, values, out) > 0) {
			rc = JL_EINVALID;
			goto done;
		}
		text = jsonx_canonical(data);
	}
	if (!text) {
		rc = JL_ENOMEM;
		goto done;
	}
	clock_now(&now);
	if (!finalize) {
		rc = record_insert(j, action_id, f, text, 0, NULL, &now, id);
		if (rc != JL_OK)
			db_error(j->db, out, "无法保存记录", "cannot store the record");
	} else {
		/* The draft as record_get would read it, not stored: finalising
		 * writes it once, final (id 0 says so). Its data is in hand, and
		 * its action is A, open or a form allowed after close. */
		r.id = 0;
		r.action_id = action_id;
		r.form = strdup(f->id);
		r.form_version = f->version;
		r.state = strdup("draft");
		r.data = text;
		text = NULL;
		r.author = strdup(j->officer);
		r.device = strdup(j->device);
		r.created_at = strdup(buf_str(&now));
		r.updated_at = strdup(buf_str(&now));
		if (!r.form || !r.state || !r.author || !r.device || !r.created_at ||
		    !r.updated_at) {
			rc = JL_ENOMEM;
			goto done;
		}
		rc = record_finalize_draft(j, &r, f, &a, data, "finalize", &pre, out);
		if (rc == JL_EREFUSED) {
			/* Refused by a rule: nothing was written. The draft is kept,
			 * so that what the officer typed is not lost. */
			if (record_insert(j, action_id, f, r.data, 0, NULL, &now, id) != JL_OK) {
				db_error(j->db, out, "无法保存草稿", "cannot store the draft");
				rc = JL_ESTORE;
				goto done;
			}
			kept = 1;
		} else {
			*id = r.id;
		}
	}
	if (rc != JL_OK && !kept)
		goto done;
	if (db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法提交记录", "cannot commit the record");
		rc = JL_ESTORE;
		kept = 0;
	}
done:
	if (rc != JL_OK && !kept) {
		db_rollback(j->db);
		*id = 0;
	}
	record_judge_free(&pre);
	cJSON_Delete(data);
	free(text);
	record_row_free(&r);
	buf_free(&now);
	action_row_free(&a);
	return rc;
}

/*
 * Applies VALUES to the data of R: *F gets R's form and *TEXT the new
 * canonical data (caller frees). Returns JL_OK, JL_EINVALID (problems in OUT)
 * or a storage status.
 */
static jl_status record_change(jl *j, const record_row *r, const cJSON *values, const form **f,
			       char **text, msglist *out)
{
	cJSON *data;
	jl_status rc = JL_OK;

	*text = NULL;
	*f = formset_find_for(j->forms, r->form, r->form_version);
	if (!*f) {
		msglist_addf(out, NULL, NULL, "没有可用的表单定义 %s", "no usable form definition %s",
			     r->form);
		return JL_EINVALID;
	}
	data = record_judge_parse(r, out);
	if (!data)
		return JL_ESTORE;
	if (record_judge_apply(j, *f, r->action_id, r->id, data, values, out) > 0)
		rc = JL_EINVALID;
	else if (!(*text = jsonx_canonical(data)))
		rc = JL_ENOMEM;
	cJSON_Delete(data);
	return rc;
}

/* Begins the write transaction and reads record ID into *R. Returns JL_OK;
 * JL_EINVALID when there is no such record; JL_ESTORE. Either way *R may be
 * freed with record_row_free, and the caller rolls back on failure. */
static jl_status record_begin_get(jl *j, long long id, record_row *r, msglist *out)
{
	jl_status rc;

	memset(r, 0, sizeof *r);
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, out, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	rc = record_get(j, id, r);
	if (rc == JL_ENOTFOUND) {
		msglist_addf(out, NULL, NULL, "没有记录 %lld", "no record %lld", id);
		rc = JL_EINVALID;
	}
	return rc;
}

jl_status record_set(jl *j, long long id, const cJSON *values, msglist *out)
{
	record_row r;
	const form *f;
	char *text = NULL;
	sqlite3_stmt *st;
	buf now = BUF_INIT;
	jl_status rc;
	int step;

	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	rc = record_begin_get(j, id, &r, out);
	if (rc != JL_OK)
		goto done;
	if (strcmp(r.state, "final") == 0) {
		msglist_addf(out, "R22.3", NULL,
			     "记录 %lld 已定稿，不能修改；更正请用 jilu record amend %lld --reason …",
			     "record %lld is final and cannot be changed; correct it with jilu record amend %lld --reason …",
			     id, id);
		rc = JL_EFINAL;
		goto done;
	}
	rc = record_change(j, &r, values, &f, &text, out);
	if (rc != JL_OK)
		goto done;
	clock_now(&now);
	st = db_prepare(j->db, "UPDATE records SET data = ?2, updated_at = ?3 "
			       "WHERE id = ?1 AND state = 'draft'");
	if (!st || !text) {
		rc = JL_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, buf_str(&now), -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE || db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法保存记录", "cannot store the record");
		rc = JL_ESTORE;
	}
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	record_row_free(&r);
	free(text);
	buf_free(&now);
	return rc;
}

jl_status record_finalize(jl *j, long long id, msglist *out)
{
	record_verdict pre = {0};
	record_row r;
	const form *f;
	jl_status rc;

	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	/* The form's expressions run before the write lock is taken, on the
	 * draft as it is now; under the lock it is confirmed unchanged. What is
	 * wrong with the draft otherwise (none, final) the transaction says. */
	if (record_get(j, id, &r) == JL_OK && strcmp(r.state, "draft") == 0 &&
	    (f = formset_find_for(j->forms, r.form, r.form_version)) != NULL)
		rc = record_judge_pre(j, f, r.data, &pre, out);
	record_row_free(&r);
	if (rc != JL_OK)
		goto done;
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, out, "无法开始事务", "cannot begin a transaction");
		rc = JL_ESTORE;
		goto done;
	}
	rc = record_finalize_tx(j, id, "finalize", &pre, out);
	if (rc == JL_OK && db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法提交记录", "cannot commit the record");
		rc = JL_ESTORE;
	}
	if (rc != JL_OK)
		db_rollback(j->db);
done:
	record_judge_free(&pre);
	return rc;
}

jl_status record_amend(jl *j, long long id, const char *reason, const cJSON *values,
		       long long *new_id, msglist *out)
{
	record_row r;
	record_verdict pre = {0};
	const form *f;
	char *text = NULL;
	jl_status rc;
	char *trimmed = NULL;

	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	trimmed = text_trim(reason); /* the one rule for stored strings */
	if (!trimmed || text_blank(trimmed)) {
		free(trimmed);
		msglist_add(out, "R22.3", "--reason", "更正须说明理由", "a correction needs its reason");
		return JL_EUSAGE;
	}
	/* One line: it is printed after "理由：" in show and the case file. */
	if (!text_check(trimmed, strlen(trimmed), TEXT_LINE, out, "R22.3", "--reason")) {
		free(trimmed);
		return JL_EUSAGE;
	}
	reason = trimmed;
	/* The correction's expressions run before the write lock is taken (a
	 * final record does not change: under the lock its data is the same). */
	if (record_get(j, id, &r) == JL_OK && strcmp(r.state, "final") == 0 && !r.amended_by) {
		msglist scratch = MSGLIST_INIT;

		if (record_change(j, &r, values, &f, &text, &scratch) == JL_OK)
			rc = record_judge_pre(j, f, text, &pre, out);
		msglist_free(&scratch);
		free(text);
		text = NULL;
	}
	record_row_free(&r);
	if (rc != JL_OK)
		goto done;
	rc = record_begin_get(j, id, &r, out);
	if (rc != JL_OK)
		goto done;
	if (strcmp(r.state, "final") != 0) {
		msglist_addf(out, NULL, NULL, "记录 %lld 是草稿：直接修改（jilu record set）",
			     "record %lld is a draft: change it with jilu record set", id);
		rc = JL_EINVALID;
		goto done;
	}
	if (r.amended_by) {
		msglist_addf(out, "R22.3", NULL, "记录 %lld 已被记录 %lld 更正：请更正记录 %lld",
			     "record %lld was already corrected by record %lld: amend record %lld",
			     id, r.amended_by, r.amended_by);
		rc = JL_EREFUSED;
		goto done;
	}
	rc = record_change(j, &r, values, &f, &text, out);
	if (rc != JL_OK)
		goto done;
	/* Both canonical: the same text is the same data. A correction that
	 * corrects nothing would only add a record to read past. */
	if (strcmp(text, r.data) == 0) {
		msglist_addf(out, "R22.3", NULL,
			     "更正没有改变记录 %lld 的任何内容：请给出要更正的字段（字段=值）",
			     "the correction changes nothing in record %lld: give the fields to correct "
			     "(FIELD=VALUE)", id);
		rc = JL_EUSAGE;
		goto done;
	}
	rc = record_insert(j, r.action_id, f, text, id, reason, NULL, new_id);
	if (rc != JL_OK) {
		db_error(j->db, out, "无法保存更正", "cannot store the correction");
		goto done;
	}
	rc = record_finalize_tx(j, *new_id, "amend", &pre, out);
	if (rc == JL_OK && db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法提交更正", "cannot commit the correction");
		rc = JL_ESTORE;
	}
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	record_judge_free(&pre);
	record_row_free(&r);
	free(text);
	free(trimmed);
	return rc;
}
