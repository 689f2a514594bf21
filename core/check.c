/* core/check.c — what an action still lacks, by article. */
#include "core/check.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/calendar.h"
#include "core/check_capture.h"
#include "core/check_order.h"
#include "core/clock.h"
#include "core/cond.h"
#include "core/eval.h"
#include "core/jsonx.h"
#include "core/perm_record.h"
#include "core/record.h"

/* An action's records as check sees them. */
typedef struct {
	jl *j;
	action_row a;
	record_row *recs;
	int n;
	cJSON **data;       /* parsed data of each record */
	char *sealed;       /* R20.2: 1 where the acting officer may not read it */
	check_list *out;
	msglist *err;       /* why the check could not be made */
	time_t now;
} check_ctx;

static void check_add(check_ctx *c, check_type type, const char *req, long long record,
		      const char *field, time_t due, const char *zh, const char *en)
{
	check_list *l = c->out;
	check_item *it;

	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		check_item *p = realloc(l->items, (size_t)cap * sizeof *p);
		if (!p)
			return;
		l->items = p;
		l->cap = cap;
	}
	it = &l->items[l->n++];
	memset(it, 0, sizeof *it);
	it->type = type;
	it->req = strdup(req);
	it->action = c->a.id;
	it->record = record;
	for (int k = 0; record && k < c->n; k++)
		if (c->recs[k].id == record) {
			it->form = strdup(c->recs[k].form);
			if (c->sealed && c->sealed[k]) {
				/* R20.2: the item's words quote the record (a
				 * party, an officer, a date): one not entitled
				 * learns only that its record has an item. */
				field = NULL;
				it->sealed = 1;
				zh = PERM_RECORD_SEALED_ZH;
				en = PERM_RECORD_SEALED_EN;
			}
		}
	it->field = field ? strdup(field) : NULL;
	it->zh = strdup(zh);
	it->en = strdup(en);
	it->due = due;
}

int check_list_wrong(const check_list *l, time_t now)
{
	int i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->items[i].type != CHECK_DEADLINE || now >= l->items[i].due;
	return n;
}

void check_list_free(check_list *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].req);
		free(l->items[i].form);
		free(l->items[i].wants);
		free(l->items[i].field);
		free(l->items[i].zh);
		free(l->items[i].en);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* A final record not corrected by a later one: what counts. */
static int check_current(const record_row *r)
{
	return strcmp(r->state, "final") == 0 && !r->amended_by;
}

static const char *check_title(check_ctx *c, const char *form_id, int en)
{
	const form *f = formset_find(c->j->forms, form_id);

	return f ? (en ? f->title.en : f->title.zh) : form_id;
}

/* Is record I (or a record it corrects) the record with id ID? */
static int check_is_or_corrects(check_ctx *c, int i, long long id)
{
	long long cur = c->recs[i].id;
	int guard = 0;

	while (cur && guard++ < 1000) {
		int k;
		if (cur == id)
			return 1;
		for (k = 0; k < c->n && c->recs[k].id != cur; k++)
			;
		if (k == c->n)
			return 0;
		cur = c->recs[k].amends;
	}
	return 0;
}

/* Is there a current final record of FORM whose FIELD points at record I's
 * chain? Returns its index or -1. */
static int check_pointing(check_ctx *c, const char *form_id, const char *field, int i)
{
	int k;
	long long id;

	for (k = 0; k < c->n; k++) {
		const cJSON *v;
		if (!check_current(&c->recs[k]) || strcmp(c->recs[k].form, form_id) != 0)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(c->data[k], field);
		/* Stored data is read back: range-checked before it is an id. */
		if (jsonx_int(v, 1, LLONG_MAX, &id) && check_is_or_corrects(c, i, id))
			return k;
	}
	return -1;
}

static int check_find(check_ctx *c, const char *form_id, int from)
{
	int k;

	for (k = from; k < c->n; k++)
		if (check_current(&c->recs[k]) && strcmp(c->recs[k].form, form_id) == 0)
			return k;
	return -1;
}

static void check_missing(check_ctx *c, const char *req, const char *form_id, const char *extra_zh,
			  const char *extra_en)
{
	buf zh = BUF_INIT, en = BUF_INIT;

	/* No program id inside a Chinese sentence: the title is what officers
	 * know; the id stays in English and in --json. */
	buf_printf(&zh, "缺少已定稿的《%s》%s", check_title(c, form_id, 0), extra_zh ? extra_zh : "");
	buf_printf(&en, "no final %s (%s)%s", check_title(c, form_id, 1), form_id,
		   extra_en ? extra_en : "");
	if (formset_left_out(c->j->forms, form_id)) {
		/* Not the officers' doing: the definition itself cannot be used. */
		buf_puts(&zh, "——该表单定义有问题，暂不能使用（jilu forms check）");
		buf_puts(&en, " — its definition has problems and cannot be used (jilu forms check)");
	}
	check_add(c, CHECK_MISSING, req, 0, NULL, 0, buf_str(&zh), buf_str(&en));
	if (c->out->n && !formset_left_out(c->j->forms, form_id))
		c->out->items[c->out->n - 1].wants = strdup(form_id);
	buf_free(&zh);
	buf_free(&en);
}

/* One requirement item of kinds.json. Returns JL_OK, or JL_EINVALID when its
 * condition could not be evaluated (c->err says why). */
static jl_status check_requirement(check_ctx *c, const cJSON *it)
{
	const char *req = jsonx_str(it, "req"), *form_id = jsonx_str(it, "form");
	const cJSON *cond = cJSON_GetObjectItemCaseSensitive(it, "if");
	const cJSON *any = cJSON_GetObjectItemCaseSensitive(it, "any");
	const char *serves = jsonx_str(it, "serves");
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(it, "before");
	cond_env *ce = formset_cond(c->j->forms);
	int k, found = -1;
	/* Why a conditional requirement applies, in words (its "describe"):
	 * said with what is missing, as forms show says a field's condition. */
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(cond, "describe");
	buf why_zh = BUF_INIT, why_en = BUF_INIT;
	jl_status rc = JL_OK;

	if (jsonx_str(why, "zh") && jsonx_str(why, "en")) {
		buf_printf(&why_zh, "（%s，须有此记录）", jsonx_str(why, "zh"));
		buf_printf(&why_en, " (required: %s)", jsonx_str(why, "en"));
	}
	if (cond) {
		const char *e = jsonx_str(cond, "expr"), *on = jsonx_str(cond, "form");
		const form *f = formset_find(c->j->forms, on);
		int hit = 0;
		buf what = BUF_INIT;

		buf_printf(&what, "kinds.json: %s %s if", c->a.kind, req ? req : "");
		for (k = 0; !hit && (k = check_find(c, on, k)) >= 0; k++) {
			int v = eval_expr(ce, f, buf_str(&what), e, c->data[k], NULL, c->err);
			if (v == -2) {
				rc = c->err->oom ? JL_ENOMEM : JL_EINVALID;
				break;
			}
			hit = v == 1;
		}
		buf_free(&what);
		if (!hit || rc != JL_OK)
			goto done;
	}
	if (any) {
		const cJSON *f;
		buf zh = BUF_INIT, en = BUF_INIT;
		cJSON_ArrayForEach(f, any)
			if (check_find(c, f->valuestring, 0) >= 0)
				goto done;
		/* Titles, as officers know the forms; ids are in --json. */
		cJSON_ArrayForEach(f, any) {
			buf_printf(&zh, "《%s》", check_title(c, f->valuestring, 0));
			buf_printf(&en, "%s%s", en.len ? " / " : "", check_title(c, f->valuestring, 1));
		}
		{
			buf zh_line = BUF_INIT, en_line = BUF_INIT;
			/* Not only investigation records: a compulsory action ends in
			 * an execution or an application to the court. */
			buf_printf(&zh_line, "缺少已定稿的记录（%s之一）%s", buf_str(&zh), buf_str(&why_zh));
			buf_printf(&en_line, "no final record of one of: %s%s", buf_str(&en), buf_str(&why_en));
			check_add(c, CHECK_MISSING, req, 0, NULL, 0, buf_str(&zh_line), buf_str(&en_line));
			buf_free(&zh_line);
			buf_free(&en_line);
		}
		buf_free(&zh);
		buf_free(&en);
		goto done;
	}
	if (serves) {
		/* Every current record of that form must be served, not just the first.
		 * None at all: the served form's own requirement reports it. */
		int target;
		for (target = 0; (target = check_find(c, serves, target)) >= 0; target++) {
			buf zh = BUF_INIT, en = BUF_INIT;
			if (check_pointing(c, form_id, "serves", target) >= 0)
				continue;
			buf_printf(&zh, "，送达《%s》（记录 %lld）", check_title(c, serves, 0),
				   c->recs[target].id);
			buf_printf(&en, " serving the %s (record %lld)", check_title(c, serves, 1),
				   c->recs[target].id);
			buf_puts(&zh, buf_str(&why_zh));
			buf_puts(&en, buf_str(&why_en));
			check_missing(c, req, form_id, buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
		}
		goto done;
	}
	found = check_find(c, form_id, 0);
	if (found < 0) {
		check_missing(c, req, form_id, buf_str(&why_zh), buf_str(&why_en));
		goto done;
	}
	if (before) {
		/* Enough that one of them came before the decision. */
		int other = check_find(c, jsonx_str(before, "form"), 0), n, in_time = 0;
		const char *fa = NULL;
		const char *fb = other >= 0 ? jsonx_str(c->data[other], jsonx_str(before, "other")) : NULL;
		time_t ta, tb;
		if (!fb || clock_parse(fb, &tb) != 0)
			return JL_OK;
		for (n = found; (n = check_find(c, form_id, n)) >= 0; n++) {
			const char *f = jsonx_str(c->data[n], jsonx_str(before, "field"));
			if (f && clock_parse(f, &ta) == 0 && ta < tb)
				in_time = 1;
			else if (f && !fa)
				fa = f;
		}
		if (!in_time && fa) {
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, "《%s》（%s）须早于《%s》（%s）", check_title(c, form_id, 0), fa,
				   check_title(c, jsonx_str(before, "form"), 0), fb);
			buf_printf(&en, "the %s (%s) must come before the %s (%s)", check_title(c, form_id, 1),
				   fa, check_title(c, jsonx_str(before, "form"), 1), fb);
			check_add(c, CHECK_FINDING, req, c->recs[found].id, jsonx_str(before, "field"), 0,
				  buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
		}
	}
done:
	buf_free(&why_zh);
	buf_free(&why_en);
	return rc;
}

/* Returns when the first version of record I's chain was finalised. */
static const char *check_first_final(check_ctx *c, int i)
{
	int cur = i, guard = 0, k;

	while (c->recs[cur].amends && guard++ < 1000) {
		for (k = 0; k < c->n && c->recs[k].id != c->recs[cur].amends; k++)
			;
		if (k == c->n)
			break;
		cur = k;
	}
	return c->recs[cur].finalized_at;
}

/* Counts the media of record I and of the records it corrects. */
static jl_status check_media(check_ctx *c, int i, cond_extra *x, int *late, char **late_name)
{
	sqlite3_stmt *st = db_prepare(c->j->db, "SELECT kind, captured_at, stored_at, name FROM media "
						"WHERE record_id = ?1");
	long long cur = c->recs[i].id;
	int guard = 0;

	memset(x, 0, sizeof *x);
	*late = 0;
	if (!st)
		return JL_ESTORE;
	while (cur && guard++ < 1000) {
		int k;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cur);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *kind = (const char *)sqlite3_column_text(st, 0);
			time_t cap, sto;
			x->media++;
			/* A scan of paper is evidence, not audio-visual: it neither
			 * stands for a promised video nor is late by the 24-hour rule. */
			if (strcmp(kind, "document") == 0) {
				x->document++;
				continue;
			}
			if (strcmp(kind, "photo") == 0) x->photo++;
			else if (strcmp(kind, "audio") == 0) x->audio++;
			else if (strcmp(kind, "video") == 0) x->video++;
			else if (strcmp(kind, "surveillance") == 0) x->surveillance++;
			/* Files of earlier versions count too: a correction does not
			 * make a late file timely. */
			if (clock_parse((const char *)sqlite3_column_text(st, 1), &cap) == 0 &&
			    clock_parse((const char *)sqlite3_column_text(st, 2), &sto) == 0 &&
			    sto - cap > 24 * 3600) {
				(*late)++;
				if (!*late_name)
					*late_name = strdup((const char *)sqlite3_column_text(st, 3));
			}
		}
		for (k = 0; k < c->n && c->recs[k].id != cur; k++)
			;
		cur = k < c->n ? c->recs[k].amends : 0;
	}
	sqlite3_reset(st);
	return JL_OK;
}

static void check_order_found(void *ctx, int deadline, const char *req, long long record,
			      const char *field, time_t due, const char *zh, const char *en);

/* The findings and deadlines of one current final record. */
static jl_status check_record(check_ctx *c, int i)
{
	const record_row *r = &c->recs[i];
	const form *f = formset_find_for(c->j->forms, r->form, r->form_version);
	cond_env *ce = formset_cond(c->j->forms);
	cJSON *data = c->data[i];
	int *holds;
	cond_extra x;
	char *late_name = NULL;
	int late = 0, k;
	buf zh = BUF_INIT, en = BUF_INIT, err = BUF_INIT;
	time_t cap = 0;
	const char *cap_text = NULL;
	int from_fin = 0;

	if (!f)
		return JL_OK;
	if (check_media(c, i, &x, &late, &late_name) != JL_OK)
		return JL_ESTORE;
	x.finalized_at = r->finalized_at;
	/* R19.2: promised media are due 24 hours after capture, and what was
	 * filmed was filmed by the end of the event the record records (a date
	 * alone: by the end of that day). A record naming no time of its event
	 * falls back to its first finalisation, which a correction does not
	 * restart. */
	if (check_order_event(data, &cap, &cap_text)) {
		if (strlen(cap_text) == 10)
			cap += 24 * 3600;
	} else {
		cap = 0;
		clock_parse(check_first_final(c, i), &cap);
		from_fin = 1;
	}
	holds = calloc((size_t)f->nfindings + 1, sizeof *holds);
	if (!holds || eval_checks(ce, f, f->findings, f->nfindings, data, &x, holds, c->err) != 0) {
		free(holds);
		free(late_name);
		return !holds || c->err->oom ? JL_ENOMEM : JL_EINVALID;
	}
	for (k = 0; k < f->nfindings; k++)
		if (!holds[k])
			check_add(c, CHECK_FINDING, f->findings[k].req, r->id, f->findings[k].field, 0,
				  f->findings[k].message.zh, f->findings[k].message.en);
	free(holds);
	for (k = 0; k < f->nfields; k++) {
		const form_field *fd = &f->fields[k];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, fd->id), *e;
		if (!v)
			continue;
		if (fd->type == SHAPE_OFFICERS) {
			cJSON_ArrayForEach(e, v) {
				if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(e, "shown"))) {
					buf_reset(&zh);
					buf_reset(&en);
					buf_printf(&zh, "执法人员 %s（%s）未出示执法证件", jsonx_str(e, "name"),
						   jsonx_str(e, "cert"));
					buf_printf(&en, "officer %s (%s) did not show the certificate",
						   jsonx_str(e, "name"), jsonx_str(e, "cert"));
					/* The form's own article: 第十八条 in an inspection, 第七条 in a
					 * licensing step, 第九条 in an investigation (spec/forms.md). */
					check_add(c, CHECK_FINDING, fd->req ? fd->req : "R9.1", r->id, fd->id, 0,
						  buf_str(&zh), buf_str(&en));
				}
			}
		} else if (fd->type == SHAPE_AV) {
			const char *mode = jsonx_str(v, "mode");
			int ok = 1;
			const char *want_zh = "", *want_en = "", *done_en = "";
			if (!mode || strcmp(mode, "none") == 0)
				continue;
			if (strcmp(mode, "video") == 0) {
				ok = x.video > 0; /* spec/forms.md: ≥ 1 video attachment */
				want_zh = "录像";
				want_en = "video";
				done_en = "filmed";
			} else if (strcmp(mode, "audio") == 0) {
				ok = x.audio + x.video > 0;
				want_zh = "录音或录像";
				want_en = "audio or video";
				done_en = "audio-recorded";
			} else if (strcmp(mode, "photos") == 0) {
				ok = x.photo > 0;
				want_zh = "照片";
				want_en = "photo";
				done_en = "photographed";
			}
			if (!ok) {
				buf_reset(&zh);
				buf_reset(&en);
				if (from_fin) {
					buf_printf(&zh, "记录为%s，但未附%s文件（应于定稿后 24 小时内存入）", want_zh, want_zh);
					buf_printf(&en, "recorded as %s, but no %s is attached (due within 24 hours of finalising)",
						   done_en, want_en);
				} else {
					buf_printf(&zh, "记录为%s，但未附%s文件（应于拍摄后 24 小时内存入，从所记录事项的时间 %s 起算）",
						   want_zh, want_zh, cap_text);
					buf_printf(&en, "recorded as %s, but no %s is attached (due within 24 hours of capture, counted from the time of what it records, %s)",
						   done_en, want_en, cap_text);
				}
				check_add(c, CHECK_DEADLINE, "R19.2", r->id, fd->id, cap + 24 * 3600,
					  buf_str(&zh), buf_str(&en));
			}
		}
	}
	if (late) {
		buf_reset(&zh);
		buf_reset(&en);
		buf_printf(&zh, "%d 个音像文件在拍摄 24 小时后才存入（如 %s）", late, late_name);
		buf_printf(&en, "%d media file(s) stored more than 24 hours after capture (e.g. %s)", late,
			   late_name);
		check_add(c, CHECK_FINDING, "R19.2", r->id, NULL, 0, buf_str(&zh), buf_str(&en));
	}
	free(late_name);
	if (check_capture(c->j, c->recs, c->n, i, check_order_found, c) != JL_OK)
		return JL_ESTORE;
	if (form_has_rule(f, "review_in_time")) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(data, "order");
		const char *reviewed = jsonx_str(data, "reviewed_at");
		long long order = 0;
		int has_order = jsonx_int(o, 1, LLONG_MAX, &order);
		for (k = 0; has_order && k < c->n; k++) {
			const char *deadline;
			time_t td, tr;
			/* The deadline in force when the review was made: that of the
			 * order it names (a later correction does not excuse it). */
			if (c->recs[k].id != order)
				continue;
			deadline = jsonx_str(c->data[k], "deadline");
			if (deadline && reviewed && clock_parse(deadline, &td) == 0 &&
			    clock_parse(reviewed, &tr) == 0 && tr >= td + 24 * 3600) {
				buf_reset(&zh);
				buf_reset(&en);
				buf_printf(&zh, "复查（%s）晚于改正期限 %s", reviewed, deadline);
				buf_printf(&en, "reviewed (%s) after the correction deadline %s", reviewed, deadline);
				check_add(c, CHECK_FINDING, "R13.2", r->id, "reviewed_at", 0, buf_str(&zh),
					  buf_str(&en));
			}
		}
	}
	buf_free(&zh);
	buf_free(&en);
	buf_free(&err);
	return JL_OK;
}

/* check_order's findings and deadlines, as check's own. */
static void check_order_found(void *ctx, int deadline, const char *req, long long record,
			      const char *field, time_t due, const char *zh, const char *en)
{
	check_add(ctx, deadline ? CHECK_DEADLINE : CHECK_FINDING, req, record, field, due, zh, en);
}

/* Requirements and deadlines every kind shares: corrections, archiving,
 * supplement notices, drafts. */
static void check_common(check_ctx *c)
{
	buf zh = BUF_INIT, en = BUF_INIT;
	int i;
	time_t t;

	for (i = 0; i < c->n; i++) {
		const record_row *r = &c->recs[i];
		buf_reset(&zh);
		buf_reset(&en);
		if (strcmp(r->state, "draft") == 0 && !r->amends) {
			const char *outcome = jsonx_str(c->data[i], "outcome");
			buf_puts(&zh, "仍是草稿，未定稿不计入记录");
			buf_puts(&en, "still a draft: it counts for nothing until finalised");
			check_add(c, CHECK_FINDING, "R22.1", r->id, NULL, 0, buf_str(&zh), buf_str(&en));
			if (strcmp(r->form, "licensing.acceptance") != 0 || !outcome ||
			    strcmp(outcome, "incomplete") != 0)
				continue;
		}
		if (strcmp(r->form, "licensing.acceptance") == 0 &&
		    (strcmp(r->state, "draft") == 0 || check_current(r))) {
			const char *outcome = jsonx_str(c->data[i], "outcome");
			const char *received = jsonx_str(c->data[i], "received_at");
			const char *notified = jsonx_str(c->data[i], "notified_at");
			time_t due, tn;
			int unc = 0;
			if (outcome && strcmp(outcome, "incomplete") == 0 && received &&
			    clock_parse(received, &t) == 0) {
				/* 2 working days (行政许可法 第八十二条), by forms/calendar.json. */
				due = calendar_add_workdays(formset_calendar(c->j->forms), t, 2, &unc);
				buf_reset(&zh);
				buf_reset(&en);
				if (!notified)
					buf_printf(&zh, "收件（%s）后 2 个工作日内须一次告知申请人补正的全部内容", received);
				else
					buf_printf(&zh, "补正告知晚于收件后 2 个工作日（收件 %s）", received);
				buf_printf(&en, notified ? "the applicant was told more than 2 working days after receipt (%s)"
							 : "the applicant must be told everything to supplement within 2 working days of receipt (%s)",
					   received);
				if (unc) {
					buf_printf(&zh, "（%d 年的法定节假日未载入日历，只排除了周末）", unc);
					buf_printf(&en, " (%d's public holidays are not in the calendar: only weekends excluded)", unc);
				}
				if (!notified)
					check_add(c, CHECK_DEADLINE, "R6.4", r->id, "notified_at", due, buf_str(&zh),
						  buf_str(&en));
				else if (check_current(r) && clock_parse(notified, &tn) == 0 && tn > due)
					check_add(c, CHECK_FINDING, "R6.4", r->id, "notified_at", 0, buf_str(&zh),
						  buf_str(&en));
			}
		}
		if (check_current(r) && strcmp(r->form, "correction.order") == 0 &&
		    check_pointing(c, "correction.review", "order", i) < 0) {
			const char *deadline = jsonx_str(c->data[i], "deadline");
			buf_reset(&zh);
			buf_reset(&en);
			buf_printf(&zh, "责令改正尚无整改复查记录，改正期限 %s", deadline ? deadline : "?");
			buf_printf(&en, "no review of this correction order yet; deadline %s",
				   deadline ? deadline : "?");
			/* Due by the end of the deadline day: the next midnight. */
			if (deadline && clock_parse(deadline, &t) == 0)
				check_add(c, CHECK_DEADLINE, "R13.2", r->id, NULL, t + 86400, buf_str(&zh),
					  buf_str(&en));
			else
				check_add(c, CHECK_MISSING, "R13.2", r->id, NULL, 0, buf_str(&zh), buf_str(&en));
		}
	}
	check_order_archive(c->a.kind, c->a.closed_at, c->recs, c->data, c->n, check_order_found, c);
	buf_free(&zh);
	buf_free(&en);
}

static void check_ctx_free(check_ctx *c)
{
	int i;

	for (i = 0; c->data && i < c->n; i++)
		cJSON_Delete(c->data[i]);
	free(c->data);
	free(c->sealed);
	record_rows_free(c->recs, c->n);
	action_row_free(&c->a);
}

jl_status check_action(jl *j, long long action, time_t now, check_list *out, msglist *err)
{
	check_ctx c;
	const cJSON *kinds = formset_kinds(j->forms), *items, *it;
	jl_status rc;
	int i;

	memset(&c, 0, sizeof c);
	c.j = j;
	c.out = out;
	c.err = err;
	c.now = now;
	rc = action_get(j, action, &c.a);
	if (rc != JL_OK)
		return rc;
	if (!kinds) {
		msglist_add(err, NULL, "kinds.json", "执法类别要求未能载入（jilu forms check）",
			    "the requirements of each kind could not be loaded (jilu forms check)");
		rc = JL_ESTORE;
		goto done;
	}
	if ((rc = record_list(j, action, &c.recs, &c.n)) != JL_OK)
		goto done;
	c.data = calloc((size_t)c.n + 1, sizeof *c.data);
	c.sealed = calloc((size_t)c.n + 1, 1);
	if (!c.data || !c.sealed) {
		rc = JL_ENOMEM;
		goto done;
	}
	for (i = 0; i < c.n; i++) {
		c.data[i] = cJSON_Parse(c.recs[i].data);
		/* A store error counts as not entitled: sealed, not leaked. */
		c.sealed[i] = perm_record_readable(j, &c.recs[i]) != 1;
	}
	items = cJSON_GetObjectItemCaseSensitive(kinds, c.a.kind);
	cJSON_ArrayForEach(it, items)
		if ((rc = check_requirement(&c, it)) != JL_OK)
			goto done;
	check_common(&c);
	if (c.a.close_reason) {
		/* Closed with gaps on an officer's word: whoever reviews the
		 * action sees why (core/close.h). */
		buf zh = BUF_INIT, en = BUF_INIT;
		buf_printf(&zh, "执法活动在仍有缺漏时被强制结束（%s，%s），理由：%s", c.a.closed_by,
			   c.a.closed_at, c.a.close_reason);
		buf_printf(&en, "the action was closed with gaps (%s, %s); reason: %s", c.a.closed_by,
			   c.a.closed_at, c.a.close_reason);
		check_add(&c, CHECK_FINDING, "R19.1", 0, NULL, 0, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
	}
	for (i = 0; i < c.n; i++)
		if (check_current(&c.recs[i]) && (rc = check_record(&c, i)) != JL_OK)
			goto done;
	if ((rc = check_order(j, c.recs, c.data, c.n, check_order_found, &c)) != JL_OK)
		goto done;
	rc = JL_OK;
done:
	if (rc == JL_ESTORE && !err->n)
		db_error(j->db, err, "无法读取记录", "cannot read the records");
	check_ctx_free(&c);
	return rc;
}

static int check_by_due(const void *a, const void *b)
{
	const check_item *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->action < y->action ? -1 : x->action > y->action;
}

jl_status check_deadlines(jl *j, time_t now, check_list *out, msglist *err)
{
	action_row *acts = NULL;
	int n = 0, i, k;
	jl_status rc = action_list(j, NULL, 0, &acts, &n);

	for (i = 0; rc == JL_OK && i < n; i++) {
		check_list all = {0};
		rc = check_action(j, acts[i].id, now, &all, err);
		for (k = 0; rc == JL_OK && k < all.n; k++) {
			check_item *it = &all.items[k];
			if (it->type != CHECK_DEADLINE)
				continue;
			if (out->n == out->cap) {
				int cap = out->cap ? out->cap * 2 : 32;
				check_item *p = realloc(out->items, (size_t)cap * sizeof *p);
				if (!p) {
					rc = JL_ENOMEM;
					break;
				}
				out->items = p;
				out->cap = cap;
			}
			out->items[out->n++] = *it;
			memset(it, 0, sizeof *it); /* moved */
		}
		check_list_free(&all);
	}
	action_rows_free(acts, n);
	if (rc == JL_OK && out->n)
		qsort(out->items, (size_t)out->n, sizeof *out->items, check_by_due);
	return rc;
}
