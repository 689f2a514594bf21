/* core/record.c — drafts, finalisation and amendments. */
#include "core/record.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/clock.h"
#include "core/cond.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/officer.h"
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

static char *record_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

static void record_fill(sqlite3_stmt *st, record_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->action_id = sqlite3_column_int64(st, 1);
	r->form = record_col(st, 2);
	r->form_version = sqlite3_column_int(st, 3);
	/* Only what jilu writes counts: a blob, a hidden NUL or NULL is neither
	 * draft nor final here (verify reports it). */
	if (sqlite3_column_type(st, 4) == SQLITE_TEXT &&
	    (size_t)sqlite3_column_bytes(st, 4) == strlen((const char *)sqlite3_column_text(st, 4)) &&
	    (strcmp((const char *)sqlite3_column_text(st, 4), "final") == 0 ||
	     strcmp((const char *)sqlite3_column_text(st, 4), "draft") == 0))
		r->state = record_col(st, 4);
	else
		r->state = strdup("?");
	r->data = record_col(st, 5);
	r->author = record_col(st, 6);
	r->device = record_col(st, 7);
	r->created_at = record_col(st, 8);
	r->updated_at = record_col(st, 9);
	r->finalized_at = record_col(st, 10);
	r->finalized_by = record_col(st, 11);
	r->amends = sqlite3_column_int64(st, 12);
	r->reason = record_col(st, 13);
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

jl_status record_list(jl *j, long long action_id, record_row **rows, int *n)
{
	sqlite3_stmt *st = db_prepare(j->db, "SELECT " RECORD_COLS " FROM records r "
					     "WHERE r.action_id = ?1 ORDER BY r.id");
	record_row *out = NULL;
	int cap = 0, step = SQLITE_DONE;

	*rows = NULL;
	*n = 0;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, action_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			record_row *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(out, (size_t)cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				record_rows_free(out, *n);
				*n = 0;
				return JL_ENOMEM;
			}
			out = p;
		}
		record_fill(st, &out[(*n)++]);
	}
	sqlite3_reset(st);
	*rows = out;
	if (step != SQLITE_DONE)
		return JL_ESTORE; /* the list would be silently short */
	return JL_OK;
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
	int i;

	for (i = 0; i < n; i++)
		record_row_free(&rows[i]);
	free(rows);
}

/* Appends {"cert":…,"id":…,"name":…}: who, as the roster had them. */
static void record_who(buf *out, const char *id, const char *name, const char *cert)
{
	buf_puts(out, "{\"cert\":");
	jsonx_quote(out, cert);
	buf_puts(out, ",\"id\":");
	jsonx_quote(out, id);
	buf_puts(out, ",\"name\":");
	jsonx_quote(out, name);
	buf_puts(out, "}");
}

void record_ledger_body(buf *out, long long seq, const char *kind, const char *device,
			const record_row *r, const record_ledger_ctx *x)
{
	buf_puts(out, "{\"at\":");
	jsonx_quote(out, r->finalized_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"kind\":");
	jsonx_quote(out, kind);
	/* The record vouches for its action and its officers as they stood: an
	 * action or a roster entry edited afterwards no longer matches. */
	buf_puts(out, ",\"record\":{\"action\":{\"device\":");
	jsonx_quote(out, x->action_device);
	buf_puts(out, ",\"id\":");
	buf_put_lld(out, r->action_id);
	buf_puts(out, ",\"kind\":");
	jsonx_quote(out, x->action_kind);
	buf_puts(out, ",\"opened_at\":");
	jsonx_quote(out, x->action_opened_at);
	buf_puts(out, ",\"opened_by\":");
	jsonx_quote(out, x->action_opened_by);
	buf_puts(out, ",\"title\":");
	jsonx_quote(out, x->action_title);
	buf_puts(out, "},\"amends\":");
	if (r->amends)
		buf_put_lld(out, r->amends);
	else
		buf_puts(out, "null");
	buf_puts(out, ",\"author\":");
	record_who(out, r->author, x->author_name, x->author_cert);
	buf_puts(out, ",\"created_at\":");
	jsonx_quote(out, r->created_at);
	buf_puts(out, ",\"data\":");
	buf_puts(out, r->data ? r->data : "null");
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, r->device);
	buf_puts(out, ",\"finalized_at\":");
	jsonx_quote(out, r->finalized_at);
	buf_puts(out, ",\"finalized_by\":");
	record_who(out, r->finalized_by, x->finalizer_name, x->finalizer_cert);
	buf_puts(out, ",\"form\":");
	jsonx_quote(out, r->form);
	buf_puts(out, ",\"id\":");
	buf_put_lld(out, r->id);
	buf_puts(out, ",\"reason\":");
	jsonx_quote(out, r->reason);
	buf_puts(out, ",\"version\":");
	buf_put_lld(out, r->form_version);
	buf_puts(out, "},\"seq\":");
	buf_put_lld(out, seq);
	buf_puts(out, "}");
}

static void record_opts(const form_field *fd, shape_opts *o)
{
	o->choices = fd->choice_ids;
	o->nchoices = fd->nchoices;
	o->min = fd->min;
	o->multiline = fd->multiline;
}

/* Checks that record link V of field FD points at a record of the same
 * action (and, when FINAL, a final one of the named form). */
static int record_link_check(jl *j, const form_field *fd, const cJSON *v, long long action_id,
			     int final, long long self, msglist *out)
{
	record_row t;
	long long target = (long long)v->valuedouble;
	int bad = 0;

	if (target == self) {
		msglist_add(out, fd->req, fd->id, "不能指向本记录", "cannot point at this record itself");
		return 1;
	}
	if (record_get(j, target, &t) != JL_OK || t.action_id != action_id) {
		msglist_addf(out, fd->req, fd->id, "本执法活动中没有记录 %lld",
			     "no record %lld in this action", target);
		record_row_free(&t);
		return 1;
	}
	if (fd->form && strcmp(t.form, fd->form) != 0) {
		msglist_addf(out, fd->req, fd->id, "记录 %lld 是 %s，应为 %s", "record %lld is a %s, not a %s",
			     target, t.form, fd->form);
		bad = 1;
	} else if (final && strcmp(t.state, "final") != 0) {
		msglist_addf(out, fd->req, fd->id, "记录 %lld 尚未定稿", "record %lld is not final yet",
			     target);
		bad = 1;
	} else if (final && t.amended_by) {
		msglist_addf(out, fd->req, fd->id, "记录 %lld 已被记录 %lld 更正，请指向更正后的记录",
			     "record %lld was corrected by record %lld: point at the correction",
			     target, t.amended_by);
		bad = 1;
	}
	record_row_free(&t);
	return bad;
}

/* Returns 1 when a datetime of F in DATA carries a zone. */
static int record_has_zone(const form *f, const cJSON *data)
{
	int i;

	for (i = 0; i < f->nfields; i++) {
		const char *s;
		size_t n;
		if (f->fields[i].type != SHAPE_DATETIME)
			continue;
		s = jsonx_str(data, f->fields[i].id);
		n = s ? strlen(s) : 0;
		if (n >= 17 && (s[n - 1] == 'Z' || s[n - 6] == '+' || s[n - 6] == '-'))
			return 1;
	}
	return 0;
}

cJSON *record_eval_data(const form *f, const cJSON *data)
{
	cJSON *copy, *c;
	int i;

	/* Most records hold only local times: then the data itself will do. */
	if (!record_has_zone(f, data))
		return (cJSON *)data;
	/* Expressions read the top-level values only, and never change them:
	 * the copy refers to DATA's values, and only a time that is converted
	 * gets a value of its own (deleting the copy leaves DATA whole). */
	copy = cJSON_IsObject(data) ? cJSON_CreateObject() : NULL;
	for (c = data->child; copy && c; c = c->next)
		if (!c->string || !cJSON_AddItemReferenceToObject(copy, c->string, c)) {
			cJSON_Delete(copy);
			copy = NULL;
		}

	for (i = 0; copy && i < f->nfields; i++) {
		const char *s;
		time_t t;
		struct tm tm;
		char local[32];
		size_t n;

		if (f->fields[i].type != SHAPE_DATETIME)
			continue;
		s = jsonx_str(copy, f->fields[i].id);
		n = s ? strlen(s) : 0;
		/* Only values that carry a zone need it: SQLite would read them as UTC. */
		if (n < 17 || !(s[n - 1] == 'Z' || s[n - 6] == '+' || s[n - 6] == '-'))
			continue;
		if (clock_parse(s, &t) != 0)
			continue;
		localtime_r(&t, &tm);
		strftime(local, sizeof local, "%Y-%m-%dT%H:%M:%S", &tm);
		cJSON_ReplaceItemInObjectCaseSensitive(copy, f->fields[i].id, cJSON_CreateString(local));
	}
	return copy;
}

int record_validate(jl *j, const form *f, const record_row *r, cJSON *data, msglist *out)
{
	cond_env *cond = formset_cond(j->forms);
	size_t before = out->n;
	buf err = BUF_INIT;
	cJSON *eval = record_eval_data(f, data);
	int i;

	if (!eval) {
		out->oom = 1;
		return -1;
	}
	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		cJSON *v = cJSON_GetObjectItemCaseSensitive(data, fd->id);
		int relevant = 1;
		shape_opts o;

		if (fd->when) {
			buf_reset(&err);
			relevant = cond_eval(cond, fd->when, eval, NULL, &err) == 1;
		}
		int shape_problems = 0;

		if (v && cJSON_IsNull(v))
			v = NULL;
		/* A value given in part (a party with an address but no name) is
		 * checked whole, required or not. */
		if (v) {
			record_opts(fd, &o);
			shape_problems = shape_check(fd->type, v, &o, fd->req, fd->id, 1, out);
			if (shape_problems == 0 && fd->type == SHAPE_RECORD)
				record_link_check(j, fd, v, r->action_id, 1, r->id, out);
		}
		if (shape_problems == 0 && shape_is_empty(fd->type, v) && relevant && fd->required) {
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, "必填：%s", fd->label.zh);
			buf_printf(&en, "required: %s", fd->label.en);
			msglist_add(out, fd->req, fd->id, buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
		}
	}
	for (i = 0; i < f->nchecks; i++) {
		const form_check *ck = &f->checks[i];
		int res;

		buf_reset(&err);
		if (ck->when && cond_eval(cond, ck->when, eval, NULL, &err) != 1)
			continue;
		res = cond_eval(cond, ck->expr, eval, NULL, &err);
		if (res == 0)
			msglist_add(out, ck->req, ck->field, ck->message.zh, ck->message.en);
		else if (res == -2)
			msglist_addf(out, ck->req, ck->field, "检查 %s 无法执行：%s",
				     "check %s could not run: %s", ck->id, buf_str(&err));
	}
	buf_free(&err);
	if (eval != data)
		cJSON_Delete(eval);
	if (rules_apply(j, f, r, data, out) < 0)
		return -1;
	return (int)(out->n - before);
}

/* Applies VALUES to DATA for form F: unknown fields and ill-shaped values are
 * refused. Returns the number of problems appended to OUT. */
static int record_apply(jl *j, const form *f, long long action_id, long long self,
			cJSON *data, const cJSON *values, msglist *out)
{
	const cJSON *v;
	size_t before = out->n;

	if (!values)
		return 0;
	if (!cJSON_IsObject(values)) {
		msglist_add(out, NULL, NULL, "字段值须为对象", "field values must be an object");
		return 1;
	}
	cJSON_ArrayForEach(v, values) {
		const form_field *fd = form_field_find(f, v->string);
		cJSON *copy;
		shape_opts o;

		if (!fd && strcmp(v->string, RECORD_CONFIDENTIAL) == 0) {
			/* Every record may be marked as touching secrets or privacy (R20.2). */
			if (!cJSON_IsBool(v) && !cJSON_IsNull(v)) {
				msglist_add(out, "R20.2", v->string, "应为 true 或 false",
					    "expected true or false");
				continue;
			}
			cJSON_DeleteItemFromObjectCaseSensitive(data, v->string);
			if (cJSON_IsTrue(v))
				cJSON_AddTrueToObject(data, v->string);
			continue;
		}
		if (!fd) {
			msglist_addf(out, NULL, v->string, "表单 %s 没有此字段（jilu forms show %s）",
				     "form %s has no such field (jilu forms show %s)",
				     f->id, f->id);
			continue;
		}
		if (cJSON_IsNull(v)) {
			cJSON_DeleteItemFromObjectCaseSensitive(data, fd->id);
			continue;
		}
		copy = cJSON_Duplicate(v, 1);
		if (!copy) {
			out->oom = 1;
			continue;
		}
		record_opts(fd, &o);
		if (shape_check(fd->type, copy, &o, fd->req, fd->id, 0, out) > 0 ||
		    (fd->type == SHAPE_RECORD &&
		     record_link_check(j, fd, copy, action_id, 0, self, out))) {
			cJSON_Delete(copy);
			continue;
		}
		if (cJSON_GetObjectItemCaseSensitive(data, fd->id))
			cJSON_ReplaceItemInObjectCaseSensitive(data, fd->id, copy);
		else
			cJSON_AddItemToObject(data, fd->id, copy);
	}
	return (int)(out->n - before);
}

static jl_status record_finalize_draft(jl *j, record_row *r, const form *f, const action_row *a,
				       cJSON *data, const char *kind, msglist *out);

/* Finalises record ID inside the caller's transaction. KIND is "finalize" or
 * "amend". */
static jl_status record_finalize_tx(jl *j, long long id, const char *kind, msglist *out)
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
	f = formset_find(j->forms, r.form);
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
	data = cJSON_Parse(r.data);
	if (!data) {
		rc = JL_ESTORE;
		goto store;
	}
	rc = record_finalize_draft(j, &r, f, &a, data, kind, out);
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
 * place). R gets the finalised values. KIND is "finalize" or "amend". */
static jl_status record_finalize_draft(jl *j, record_row *r, const form *f, const action_row *a,
				       cJSON *data, const char *kind, msglist *out)
{
	officer_row author, finalizer;
	const officer_row *fin = &finalizer;
	record_ledger_ctx x;
	sqlite3_stmt *st;
	buf now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	long long seq, id = r->id;
	jl_status rc;
	int n;

	memset(&author, 0, sizeof author);
	memset(&finalizer, 0, sizeof finalizer);
	memset(&x, 0, sizeof x);
	n = record_validate(j, f, r, data, out);
	if (n < 0)
		goto store;
	if (n > 0) {
		rc = JL_EREFUSED;
		goto done;
	}
	/* Validation trims and normalises: what is finalised is what was checked. */
	free(r->data);
	r->data = jsonx_canonical(data);
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
	record_ledger_body(&body, seq, kind, j->device, r, &x);
	buf_puts(&subject, "record:");
	buf_put_lld(&subject, id);
	st = db_prepare(j->db, "UPDATE records SET state = 'final', data = ?2, form_version = ?3, "
			       "finalized_at = ?4, finalized_by = ?5, updated_at = ?4, ledger_seq = ?6 "
			       "WHERE id = ?1 AND state = 'draft'");
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
	rc = ledger_append(j->db, seq, j->device, kind, buf_str(&subject), buf_str(&body));
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
	const form *f;
	cJSON *data = NULL;
	char *text = NULL;
	buf now = BUF_INIT;
	jl_status rc;

	memset(&r, 0, sizeof r);
	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	/* The action is read in the transaction that writes to it: one snapshot,
	 * and no read transaction of its own before it. */
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, out, "无法开始事务", "cannot begin a transaction");
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
	data = cJSON_CreateObject();
	if (!data) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (record_apply(j, f, action_id, 0, data, values, out) > 0) {
		rc = JL_EINVALID;
		goto done;
	}
	text = jsonx_canonical(data);
	if (!text) {
		rc = JL_ENOMEM;
		goto done;
	}
	clock_now(&now);
	rc = record_insert(j, action_id, f, text, 0, NULL, &now, id);
	if (rc != JL_OK) {
		db_error(j->db, out, "无法保存记录", "cannot store the record");
		goto done;
	}
	if (finalize) {
		/* The draft just inserted, as record_get would read it back, and
		 * its data still in hand: no read, no parse of what was written.
		 * (Its action is A, open or a form allowed after close.) */
		r.id = *id;
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
		rc = record_finalize_draft(j, &r, f, &a, data, "finalize", out);
		if (rc != JL_OK)
			goto done;
	}
	if (db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法提交记录", "cannot commit the record");
		rc = JL_ESTORE;
	}
done:
	if (rc != JL_OK)
		db_rollback(j->db);
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
	*f = formset_find(j->forms, r->form);
	if (!*f) {
		msglist_addf(out, NULL, NULL, "没有可用的表单定义 %s", "no usable form definition %s",
			     r->form);
		return JL_EINVALID;
	}
	data = cJSON_Parse(r->data);
	if (!data)
		return JL_ESTORE;
	if (record_apply(j, *f, r->action_id, r->id, data, values, out) > 0)
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
	jl_status rc;

	if ((rc = jl_need_officer(j, out)) != JL_OK)
		return rc;
	if (db_begin(j->db) != JL_OK) {
		db_error(j->db, out, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	rc = record_finalize_tx(j, id, "finalize", out);
	if (rc == JL_OK && db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法提交记录", "cannot commit the record");
		rc = JL_ESTORE;
	}
	if (rc != JL_OK)
		db_rollback(j->db);
	return rc;
}

jl_status record_amend(jl *j, long long id, const char *reason, const cJSON *values,
		       long long *new_id, msglist *out)
{
	record_row r;
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
	rc = record_insert(j, r.action_id, f, text, id, reason, NULL, new_id);
	if (rc != JL_OK) {
		db_error(j->db, out, "无法保存更正", "cannot store the correction");
		goto done;
	}
	rc = record_finalize_tx(j, *new_id, "amend", out);
	if (rc == JL_OK && db_commit(j->db) != JL_OK) {
		db_error(j->db, out, "无法提交更正", "cannot commit the correction");
		rc = JL_ESTORE;
	}
done:
	if (rc != JL_OK)
		db_rollback(j->db);
	record_row_free(&r);
	free(text);
	free(trimmed);
	return rc;
}
