/* core/record_judge.c — judging a record's data against its form (see
 * record_judge.h); moved out of core/record.c unchanged. */
#include "core/record_judge.h"

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
#include "core/roster.h"
#include "core/rules.h"
#include "core/shape.h"
#include "core/text.h"

static void record_opts(const form_field *fd, shape_opts *o)
{
	o->choices = fd->choice_ids;
	o->nchoices = fd->nchoices;
	o->min = fd->min;
	o->multiline = fd->multiline;
}

/* Checks that record link V of field FD points at a record of the same
 * action (and, when FINAL, a final one of the named form). V has passed
 * shape_check; the range is checked again because a cast is undefined
 * behaviour for a double beyond long long. */
static int record_link_check(jl *j, const form_field *fd, const cJSON *v, long long action_id,
			     int final, long long self, msglist *out)
{
	record_row t;
	long long target;
	int bad = 0;

	if (!jsonx_int(v, 1, LLONG_MAX, &target)) {
		msglist_add(out, fd->req, fd->id, "应为记录编号（正整数）",
			    "expected a record id (a positive integer)");
		return 1;
	}
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

/* Refuses a date or datetime V of field FD that cannot be true: see
 * clock_plausible. Returns the number of problems appended to OUT. */
static int record_time_check(const form_field *fd, const cJSON *v, msglist *out)
{
	if ((fd->type != SHAPE_DATE && fd->type != SHAPE_DATETIME) || !cJSON_IsString(v))
		return 0;
	return clock_plausible(v->valuestring, fd->type == SHAPE_DATETIME, fd->req, fd->id,
			       out) == 0 ? 0 : 1;
}


void record_judge_free(record_verdict *v)
{
	free(v->text);
	free(v->relevant);
	free(v->holds);
	memset(v, 0, sizeof *v);
}

/* Normalises DATA in place as finalising does (text trimmed …); what is
 * wrong with it is reported by record_judge_all, not here. */
static void record_normalise(const form *f, cJSON *data)
{
	msglist scratch = MSGLIST_INIT;
	int i;

	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		cJSON *v = cJSON_GetObjectItemCaseSensitive(data, fd->id);
		shape_opts o;

		if (!v || cJSON_IsNull(v))
			continue;
		record_opts(fd, &o);
		shape_check(fd->type, v, &o, fd->req, fd->id, 1, &scratch);
	}
	msglist_free(&scratch);
}

/*
 * Works out *V for DATA (normalised) of form F. Returns JL_OK; JL_EINVALID
 * when an expression of F could not be evaluated (OUT says which and why);
 * JL_ENOMEM. *V is the caller's to free either way.
 */
jl_status record_judge_run(jl *j, const form *f, cJSON *data, record_verdict *v, msglist *out)
{
	cond_env *ce = formset_cond(j->forms);
	cJSON *e;
	int r;

	v->text = jsonx_canonical(data);
	v->judged = data;
	v->relevant = calloc((size_t)f->nfields + 1, sizeof *v->relevant);
	v->holds = calloc((size_t)f->nchecks + 1, sizeof *v->holds);
	if (!v->text || !v->relevant || !v->holds) {
		out->oom = 1;
		return JL_ENOMEM;
	}
	/* The data as expressions see it (zoned times made local), made once
	 * for both: given it, eval_relevant and eval_checks find nothing more
	 * to convert and use it as it is. */
	if (!(e = eval_data(f, data))) {
		out->oom = 1;
		return JL_ENOMEM;
	}
	r = eval_relevant(ce, f, e, v->relevant, out);
	if (r == 0)
		r = eval_checks(ce, f, f->checks, f->nchecks, e, NULL, v->holds, out);
	if (e != data)
		cJSON_Delete(e);
	if (r == -2) {
		out->oom = 1;
		return JL_ENOMEM;
	}
	return r == 0 ? JL_OK : JL_EINVALID;
}

/* Returns R's data parsed (the caller frees it with cJSON_Delete), or NULL
 * with the reason in OUT: jilu only ever stores a JSON object, so anything
 * else was written behind its back and is said to be, not "storage error". */
cJSON *record_judge_parse(const record_row *r, msglist *out)
{
	cJSON *data = r->data ? cJSON_Parse(r->data) : NULL;

	if (data && cJSON_IsObject(data))
		return data;
	cJSON_Delete(data);
	msglist_addf(out, NULL, NULL, "记录 %lld 的数据不是 JSON 对象（在 jilu 之外被改动）",
		     "record %lld's data is not a JSON object (changed behind jilu's back)", r->id);
	return NULL;
}

/* Resolves the officers and signatures of DATA against the roster as
 * finalising does (roster_resolve_value), fields with BAD[i] set (shape
 * problems; NULL: none) left alone; *CHANGED set to 1 when DATA changed
 * (CHANGED may be NULL). Problems go to OUT (NULL: dropped). Returns their
 * number, or -1 on a store error. */
static int record_resolve(jl *j, const form *f, cJSON *data, const int *bad, msglist *out,
			  int *changed)
{
	msglist scratch = MSGLIST_INIT;
	time_t when = roster_record_time(f, data);
	int i, n = 0, r;

	for (i = 0; i < f->nfields && n >= 0; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(data, f->fields[i].id);

		if (!v || (bad && bad[i]))
			continue;
		r = roster_resolve_value(j, f, &f->fields[i], v, 1, when, out ? out : &scratch,
					 changed);
		n = r < 0 ? -1 : n + r;
	}
	msglist_free(&scratch);
	return n;
}

/*
 * Before the write lock: works out *V for TEXT, the data a record of form F
 * is about to be finalised with. Returns JL_OK, also when TEXT is not JSON
 * (the transaction reports that); JL_EINVALID when an expression could not be
 * evaluated (OUT says which); JL_ENOMEM. *V is the caller's to free.
 */
jl_status record_judge_pre(jl *j, const form *f, const char *text, record_verdict *v,
			   msglist *out)
{
	cJSON *data = text ? cJSON_Parse(text) : NULL;
	jl_status rc;

	if (!data)
		return JL_OK;
	record_normalise(f, data);
	/* Named as finalising will name them, so that the verdicts are for the
	 * very data finalising judges (its problems are reported there). */
	record_resolve(j, f, data, NULL, NULL, NULL);
	rc = record_judge_run(j, f, data, v, out);
	cJSON_Delete(data);
	v->judged = NULL;
	return rc;
}

/*
 * Runs the rules of F over DATA (normalised in place) as if record R were
 * being finalised, with the verdicts PRE when they are for this very data
 * (else they are worked out now). With CANON not NULL, *CANON gets the
 * canonical text of the normalised data (the caller frees it; NULL when
 * memory ran out), so that finalising need not print it again. Returns the
 * number of problems appended to OUT; -1 on a store error; -2 when an
 * expression could not be evaluated (OUT says which) or out of memory.
 *
 * One pass of shape checks both normalises the data and finds what is
 * wrong with it (normalising is idempotent: a second pass found the same);
 * its problems wait in a list of their own until the verdicts are known,
 * so that an expression that cannot be evaluated is reported alone, and
 * each field's problems still come before its "required".
 */
int record_judge_all(jl *j, const form *f, const record_row *r, cJSON *data,
		     const record_verdict *pre, char **canon, msglist *out)
{
	record_verdict now = {0};
	const record_verdict *v = pre;
	msglist shapes = MSGLIST_INIT, roster = MSGLIST_INIT;
	size_t before = out->n, k = 0, *ends = NULL;
	int *bad = NULL;
	char *text = NULL;
	int i, n = -2, changed = 0;

	ends = calloc((size_t)f->nfields + 1, sizeof *ends);
	bad = calloc((size_t)f->nfields + 1, sizeof *bad);
	if (!ends || !bad) {
		out->oom = 1;
		goto done;
	}
	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		cJSON *fv = cJSON_GetObjectItemCaseSensitive(data, fd->id);
		shape_opts o;

		/* A value given in part (a party with an address but no name) is
		 * checked whole, required or not. */
		if (fv && !cJSON_IsNull(fv)) {
			record_opts(fd, &o);
			bad[i] = shape_check_noting(fd->type, fv, &o, fd->req, fd->id, 1, &shapes,
						    &changed);
			if (bad[i] == 0)
				bad[i] = record_time_check(fd, fv, &shapes);
			if (bad[i] == 0 && fd->type == SHAPE_RECORD)
				record_link_check(j, fd, fv, r->action_id, 1, r->id, &shapes);
		}
		ends[i] = shapes.n;
	}
	/* R7.1, R9.1, R18.1: the officers it names are the roster's, named by
	 * id, with the roster's names and certificates as of today; reported
	 * after each field's own problems. */
	if (record_resolve(j, f, data, bad, &roster, &changed) < 0) {
		msglist_take(out, &roster);
		n = -1;
		goto done;
	}
	/* The very object the verdicts were worked out on, and the checks
	 * changed nothing in it: its canonical text is the verdicts'. */
	if (pre && pre->text && pre->judged == data && !changed)
		text = strdup(pre->text);
	else
		text = jsonx_canonical(data);
	if (!text) {
		out->oom = 1;
		goto done;
	}
	/* Changed underneath since it was judged (another session's `record
	 * set`): judged again, under the same limits. */
	if (!pre || !pre->text || strcmp(text, pre->text) != 0)
		v = &now;
	if (v == &now && record_judge_run(j, f, data, &now, out) != JL_OK)
		goto done;
	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		cJSON *fv = cJSON_GetObjectItemCaseSensitive(data, fd->id);

		for (; k < ends[i]; k++) {
			const msg *m = &shapes.items[k];
			msglist_add(out, m->req, m->where, m->zh, m->en);
		}
		if (fv && cJSON_IsNull(fv))
			fv = NULL;
		if (bad[i] == 0 && shape_is_empty(fd->type, fv) && v->relevant[i] &&
		    fd->required) {
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, "必填：%s", fd->label.zh);
			buf_printf(&en, "required: %s", fd->label.en);
			msglist_add(out, fd->req, fd->id, buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
		}
	}
	msglist_take(out, &roster);
	if (shapes.oom)
		out->oom = 1;
	for (i = 0; i < f->nchecks; i++)
		if (!v->holds[i])
			msglist_add(out, f->checks[i].req, f->checks[i].field, f->checks[i].message.zh,
				    f->checks[i].message.en);
	n = rules_apply(j, f, r, data, out) < 0 ? -1 : (int)(out->n - before);
done:
	if (canon && n >= 0) {
		*canon = text;
		text = NULL;
	}
	free(text);
	free(ends);
	free(bad);
	msglist_free(&shapes);
	msglist_free(&roster);
	record_judge_free(&now);
	return n;
}

int record_validate(jl *j, const form *f, const record_row *r, cJSON *data, msglist *out)
{
	return record_judge_all(j, f, r, data, NULL, NULL, out);
}

/* Applies VALUES to DATA for form F: unknown fields and ill-shaped values are
 * refused. Returns the number of problems appended to OUT. */
int record_judge_apply(jl *j, const form *f, long long action_id, long long self,
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
		    record_time_check(fd, copy, out) > 0 ||
		    (fd->type == SHAPE_RECORD &&
		     record_link_check(j, fd, copy, action_id, 0, self, out)) ||
		    roster_resolve_value(j, f, fd, copy, 0, 0, out, NULL) != 0) {
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

/* The record links among the values applied to DATA (record_judge_apply) checked
 * again, as record_judge_apply checks them: the one part of applying that reads the
 * store, for values applied before the write lock. Returns the number of
 * problems appended to OUT. */
int record_judge_relink(jl *j, const form *f, long long action_id, long long self,
			const cJSON *data, msglist *out)
{
	size_t before = out->n;
	int i;

	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		const cJSON *v;

		if (fd->type != SHAPE_RECORD)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(data, fd->id);
		if (v && !cJSON_IsNull(v))
			record_link_check(j, fd, v, action_id, 0, self, out);
	}
	return (int)(out->n - before);
}
