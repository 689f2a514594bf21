/* tui/ui_form.c — the form screen (see ui_form.h). */
#include "tui/ui_form.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/eval.h"
#include "core/record.h"
#include "tui/show.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_field.h"
#include "tui/ui_list.h"
#include "tui/ui_secret.h"
#include "tui/ui_sync.h"
#include "tui/ui_text.h"

#define UI_FORM_LABEL 22

typedef struct {
	record_row r;
	const form *f;
	cJSON *data;         /* the values shown (an amendment's: with PENDING applied) */
	cJSON *stale;        /* values replaced while an editor may still point at them */
	int *vis, nvis;      /* indices of the fields whose `when` holds */
	const form *vis_form;
	int cur, scroll;
	msglist refusals;    /* of the last finalise */
	const form_field *editing;
	char *reason;        /* amending: the reason; NULL otherwise */
	cJSON *pending;      /* amending: the changed values */
} ui_form;

/* Lays out the fields whose `when` holds for the values shown (core's one
 * judgement, eval_relevant); a condition that cannot be judged is said, and
 * its field shown. The cursor stays on its field when it can. */
static void ui_form_layout(ui_form *s)
{
	int i, keep = s->nvis && s->cur < s->nvis ? s->vis[s->cur] : -1;
	int *rel = calloc((size_t)s->f->nfields + 1, sizeof *rel);
	msglist err = MSGLIST_INIT;

	if (!rel)
		return;
	if (eval_relevant(formset_cond(ui_g.j->forms), s->f, s->data, rel, &err) != 0)
		ui_say_msgs(&err);
	msglist_free(&err);
	s->nvis = 0;
	for (i = 0; i < s->f->nfields; i++)
		if (rel[i])
			s->vis[s->nvis++] = i;
	free(rel);
	s->cur = 0;
	for (i = 0; i < s->nvis; i++)
		if (s->vis[i] <= keep)
			s->cur = i;
}

/* Reads record ID into S (the form, the values). Returns 0 or -1. */
static int ui_form_load(ui_form *s, long long id)
{
	record_row r;

	memset(&r, 0, sizeof r);
	if (record_get(ui_g.j, id, &r) != JL_OK) {
		ui_say(1, "无法读取记录 %lld", "cannot read record %lld", id);
		record_row_free(&r);
		return -1;
	}
	s->f = formset_find_for(ui_g.j->forms, r.form, r.form_version);
	if (!s->f) {
		ui_say(1, "未知表单 %s", "unknown form %s", r.form);
		record_row_free(&r);
		return -1;
	}
	if (s->data)
		cJSON_AddItemToArray(s->stale, s->data);
	record_row_free(&s->r);
	s->r = r;
	s->data = cJSON_Parse(r.data ? r.data : "{}");
	if (!s->data)
		s->data = cJSON_CreateObject();
	if (!s->vis || s->vis_form != s->f) {
		free(s->vis);
		s->vis = calloc((size_t)s->f->nfields + 1, sizeof *s->vis);
		s->nvis = 0;
		s->vis_form = s->f;
	}
	ui_form_layout(s); /* keeps the cursor on its field */
	return 0;
}

static int ui_form_final(const ui_form *s)
{
	return strcmp(s->r.state, "final") == 0 && !s->reason;
}

/* Returns 1 when a refusal of the last finalise names field ID. */
static int ui_form_refused(const ui_form *s, const char *id)
{
	size_t i, n = strlen(id);

	for (i = 0; i < s->refusals.n; i++) {
		const char *w = s->refusals.items[i].where;
		if (w && strncmp(w, id, n) == 0 && (w[n] == '\0' || w[n] == '.' || w[n] == '['))
			return 1;
	}
	return 0;
}

static void ui_form_draw(ui_view *v, int top, int bottom)
{
	ui_form *s = v->data;
	int panel = 5, height = bottom - top - 1 - panel, i, y;
	char line[512];
	const form_field *fd;
	buf val = BUF_INIT;

	snprintf(line, sizeof line, "%s%s%s  %s %lld · %s", UI_T("《", ""),
		 form_text_get(&s->f->title, ui_g.lang), UI_T("》", ""), UI_T("记录", "record"), s->r.id,
		 s->reason ? UI_T("更正中", "amending")
		 : strcmp(s->r.state, "final") == 0 ? UI_T("定稿（只读）", "final (read-only)")
						      : UI_T("草稿", "draft"));
	attron(A_BOLD);
	ui_text_put(top, 1, line, COLS - 2, 0);
	attroff(A_BOLD);
	if (height < 1)
		height = 1;
	if (s->cur < s->scroll)
		s->scroll = s->cur;
	if (s->cur >= s->scroll + height)
		s->scroll = s->cur - height + 1;
	for (i = s->scroll, y = top + 1; i < s->nvis && y < top + 1 + height; i++, y++) {
		const form_field *f = &s->f->fields[s->vis[i]];
		int refused = ui_form_refused(s, f->id);
		int attr = (i == s->cur ? ui_attr_cursor() : 0) | (refused ? A_BOLD : 0);

		ui_mouse_row(y, &s->cur, i);
		buf_reset(&val);
		ui_field_summary(f, cJSON_GetObjectItemCaseSensitive(s->data, f->id), &val);
		attron(attr);
		move(y, 0);
		addch(i == s->cur ? '>' : ' ');
		addch(refused ? '!' : f->required ? '*' : ' ');
		ui_text_put(y, 2, form_text_get(&f->label, ui_g.lang), UI_FORM_LABEL, 1);
		ui_text_put(y, 2 + UI_FORM_LABEL + 1, val.len ? val.data : "", COLS - UI_FORM_LABEL - 4, 1);
		attroff(attr);
	}
	/* The panel: the field's article and help. */
	y = bottom - panel;
	mvhline(y, 0, ACS_HLINE, COLS);
	if (s->nvis) {
		buf art = BUF_INIT;
		const char *help;
		size_t st[3], en[3];
		int n, k;

		fd = &s->f->fields[s->vis[s->cur]];
		if (fd->req)
			msg_article(fd->req, ui_g.lang, &art);
		snprintf(line, sizeof line, "%s  %s %s%s", form_text_get(&fd->label, ui_g.lang),
			 fd->req ? fd->req : "", buf_str(&art),
			 fd->required ? UI_T("（必填）", " (required)") : "");
		attron(A_BOLD);
		ui_text_put(y + 1, 1, line, COLS - 2, 0);
		attroff(A_BOLD);
		help = fd->help.zh ? form_text_get(&fd->help, ui_g.lang) : "";
		n = ui_text_wrap(help, COLS - 2, st, en, 3);
		attron(ui_attr_dim());
		for (k = 0; k < n && k < 3; k++)
			ui_text_putn(y + 2 + k, 1, help + st[k], en[k] - st[k], COLS - 2, 0);
		attroff(ui_attr_dim());
		buf_free(&art);
	}
	buf_free(&val);
}

static int ui_form_save(void *ctx, cJSON *value)
{
	ui_form *s = ctx;
	const form_field *fd = s->editing;
	msglist err = MSGLIST_INIT;
	cJSON *obj;
	size_t i;

	if (s->reason) {
		/* Amending: nothing is stored until the amendment is finalised. */
		cJSON_DeleteItemFromObjectCaseSensitive(s->pending, fd->id);
		cJSON_AddItemToObject(s->pending, fd->id, cJSON_Duplicate(value, 1));
		cJSON_AddItemToArray(s->stale, cJSON_DetachItemFromObjectCaseSensitive(s->data, fd->id));
		if (!cJSON_IsNull(value))
			cJSON_AddItemToObject(s->data, fd->id, value);
		else
			cJSON_Delete(value);
		ui_form_layout(s);
		return 0;
	}
	obj = cJSON_CreateObject();
	cJSON_AddItemToObject(obj, fd->id, value);
	if (record_set(ui_g.j, s->r.id, obj, &err) != JL_OK) {
		ui_say_msgs(&err);
		msglist_free(&err);
		cJSON_Delete(obj);
		return -1;
	}
	cJSON_Delete(obj);
	ui_form_load(s, s->r.id);
	/* What was refused of this field may hold now; the next finalise says. */
	for (i = 0; i < s->refusals.n; i++) {
		msg *m = &s->refusals.items[i];
		size_t n = strlen(fd->id);
		if (m->where && strncmp(m->where, fd->id, n) == 0 &&
		    (m->where[n] == '\0' || m->where[n] == '.' || m->where[n] == '[')) {
			free(m->where);
			m->where = NULL;
		}
	}
	ui_say(0, "已保存：%s", "saved: %s", form_text_get(&fd->label, ui_g.lang));
	return 0;
}

/* Shows the whole value of FD in V, read-only (a final record). */
static void ui_form_view_value(const form_field *fd, const cJSON *v)
{
	ui_list l;
	buf text = BUF_INIT;
	size_t st[64], en[64];
	const char *p;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_LIST;
	ui_list_set_heading(&l, UI_T("定稿记录只读；按 a 更正", "A final record is read-only; a amends it"));
	if (v && !cJSON_IsNull(v))
		show_value(&text, fd, v, ui_g.lang, 0);
	p = buf_str(&text);
	for (;;) {
		/* Wrapped by display width, a screen's worth of rows at a time. */
		int n = ui_text_wrap(p, COLS - 4, st, en, 64), k;
		size_t last = 0;
		for (k = 0; k < n && k < 64; k++) {
			buf row = BUF_INIT;
			buf_append(&row, p + st[k], en[k] - st[k]);
			ui_list_add(&l, buf_str(&row), 0, 0, 0);
			buf_free(&row);
			last = en[k];
		}
		if (n <= 64)
			break;
		p += last;
		if (*p == '\n')
			p++;
	}
	while (ui_list_run(&l, form_text_get(&fd->label, ui_g.lang)) == UI_REQ_OPEN)
		;
	ui_list_free(&l);
	buf_free(&text);
}

/* Shows the refusals; Enter on one puts the cursor on its field. */
static void ui_form_show_refusals(ui_form *s, msglist *out)
{
	ui_list l;
	buf line = BUF_INIT;
	size_t i;

	msglist_free(&s->refusals);
	memset(&l, 0, sizeof l);
	l.screen = UI_S_PICK;
	ui_list_set_heading(&l, UI_T("未能定稿：依《办法》尚有以下问题（Enter 跳到该项）",
				     "Not finalised: the Measures refuse it for these (Enter goes to the field)"));
	for (i = 0; i < out->n; i++) {
		buf_reset(&line);
		msg_format(&out->items[i], ui_g.lang, &line);
		ui_list_add(&l, buf_str(&line), 0, 0, (long long)i);
	}
	if (ui_list_run(&l, UI_T("定稿被拒绝", "Refused")) == UI_REQ_CHOOSE) {
		const char *w = out->items[l.rows[l.cur].tag].where;
		int k, found = 0;
		for (k = 0; w && k < s->nvis; k++) {
			const char *id = s->f->fields[s->vis[k]].id;
			size_t n = strlen(id);
			if (strncmp(w, id, n) == 0 && (w[n] == '\0' || w[n] == '.' || w[n] == '[')) {
				s->cur = k;
				found = 1;
				break;
			}
		}
		if (!found)
			ui_say(1, "此问题不属于某一项", "this one is not about one field");
	}
	msglist_take(&s->refusals, out);
	ui_list_free(&l);
	buf_free(&line);
}

static void ui_form_finalize(ui_form *s)
{
	msglist out = MSGLIST_INIT;
	jl_status rc;
	long long id = s->r.id;

	if (s->reason) {
		rc = record_amend(ui_g.j, s->r.id, s->reason, s->pending, &id, &out);
	} else if (strcmp(s->r.state, "final") == 0) {
		ui_say(1, "已定稿；按 a 更正", "already final; press a to amend");
		return;
	} else {
		rc = record_finalize(ui_g.j, s->r.id, &out);
	}
	if (rc == JL_OK) {
		free(s->reason);
		s->reason = NULL;
		cJSON_Delete(s->pending);
		s->pending = NULL;
		msglist_free(&s->refusals);
		ui_form_load(s, id);
		ui_say(0, "已定稿：记录 %lld", "finalised: record %lld", id);
		ui_sync_after_finalise(); /* sync.conf auto = yes: to HQ, quietly */
	} else if (out.n) {
		ui_form_show_refusals(s, &out);
	} else {
		ui_say(1, "%s", "%s", jl_status_text(rc, ui_g.lang));
	}
	msglist_free(&out);
}

static void ui_form_amend(ui_form *s)
{
	char *why;

	if (strcmp(s->r.state, "final") != 0 || s->reason) {
		ui_say(1, "只有定稿记录需要更正；草稿可直接修改", "only a final record is amended; a draft is edited");
		return;
	}
	why = ui_edit_run(UI_T("更正原因（必填，将记入账本）", "Reason for the amendment (kept in the ledger)"), "",
			  0, 0, NULL, NULL);
	if (!why)
		return;
	if (!*why) {
		ui_say(1, "更正须写明原因", "an amendment needs its reason");
		free(why);
		return;
	}
	s->reason = why;
	s->pending = cJSON_CreateObject();
	ui_say(0, "更正中：修改各项后按 F 定稿更正", "amending: change the fields, then F finalises the amendment");
}

static void ui_form_key(ui_view *v, int key, ui_req req)
{
	ui_form *s = v->data;
	ui_field_ctx c;

	(void)key;
	memset(&c, 0, sizeof c);
	if (s->nvis) {
		s->editing = &s->f->fields[s->vis[s->cur]];
		c.f = s->f;
		c.fd = s->editing;
		c.value = cJSON_GetObjectItemCaseSensitive(s->data, s->editing->id);
		c.record_id = s->r.id;
		c.action_id = s->r.action_id;
		c.save = ui_form_save;
		c.ctx = s;
	}
	switch (req) {
	case UI_REQ_UP:
	case UI_REQ_PREV:
		if (s->cur > 0)
			s->cur--;
		break;
	case UI_REQ_DOWN:
	case UI_REQ_NEXT:
		if (s->cur + 1 < s->nvis)
			s->cur++;
		break;
	case UI_REQ_PGUP:
		s->cur = s->cur > 10 ? s->cur - 10 : 0;
		break;
	case UI_REQ_FIRST:
		s->cur = 0;
		break;
	case UI_REQ_LAST:
		s->cur = s->nvis ? s->nvis - 1 : 0;
		break;
	case UI_REQ_PGDN:
		s->cur = s->cur + 10 < s->nvis ? s->cur + 10 : s->nvis - 1;
		if (s->cur < 0)
			s->cur = 0;
		break;
	case UI_REQ_OPEN:
	case UI_REQ_NOW:
		if (!s->nvis)
			break;
		if (ui_form_final(s)) {
			if (req == UI_REQ_OPEN)
				ui_form_view_value(c.fd, c.value);
			ui_say(1, "定稿记录只读；按 a 更正", "a final record is read-only; press a to amend it");
			break;
		}
		if ((req == UI_REQ_NOW ? ui_field_now(&c) : ui_field_edit(&c)) && !s->reason)
			ui_say(0, "已保存：%s", "saved: %s", form_text_get(&c.fd->label, ui_g.lang));
		ui_form_layout(s);
		break;
	case UI_REQ_FINALIZE:
		ui_form_finalize(s);
		break;
	case UI_REQ_AMEND:
		ui_form_amend(s);
		break;
	case UI_REQ_BACK:
		if (s->reason && cJSON_GetArraySize(s->pending) &&
		    !ui_confirm("放弃这次更正？", "Drop this amendment?"))
			break;
		v->done = 1;
		break;
	default:
		break;
	}
	/* Values an editor held are gone once it returned. */
	cJSON_Delete(s->stale);
	s->stale = cJSON_CreateArray();
}

/* What the form's key bar names: amend on a final record, finalise on a
 * draft (or an amendment), now/today on a date or datetime field. */
static int ui_form_offers(ui_view *v, ui_req req)
{
	ui_form *s = v->data;
	const form_field *fd = s->nvis ? &s->f->fields[s->vis[s->cur]] : NULL;

	switch (req) {
	case UI_REQ_AMEND:
		return ui_form_final(s);
	case UI_REQ_FINALIZE:
		return !ui_form_final(s);
	case UI_REQ_NOW:
		return !ui_form_final(s) && fd && (fd->type == SHAPE_DATE || fd->type == SHAPE_DATETIME);
	default:
		return 1;
	}
}

static const ui_view_ops ui_form_ops = {"form", UI_S_FORM, 0, ui_form_draw, ui_form_key, ui_form_offers};

long long ui_form_run(long long id, const char *field, int amend)
{
	ui_form s;
	ui_view v = {&ui_form_ops, &s, 0, ""};
	long long last;
	int i;

	memset(&s, 0, sizeof s);
	s.stale = cJSON_CreateArray();
	if (ui_form_load(&s, id) != 0) {
		cJSON_Delete(s.stale);
		return id;
	}
	/* R20.2, R22.2: the entitled only, and each visit logged once. */
	if (ui_secret_visit(&s.r, form_text_get(&s.f->title, ui_g.lang)) != 0) {
		record_row_free(&s.r);
		cJSON_Delete(s.data);
		cJSON_Delete(s.stale);
		free(s.vis);
		return id;
	}
	for (i = 0; field && i < s.nvis; i++)
		if (strcmp(s.f->fields[s.vis[i]].id, field) == 0)
			s.cur = i;
	snprintf(v.title, sizeof v.title, "%s", form_text_get(&s.f->title, ui_g.lang));
	ui_push(&v);
	if (amend)
		ui_form_amend(&s);
	ui_run(&v);
	ui_pop();
	last = s.r.id;
	record_row_free(&s.r);
	cJSON_Delete(s.data);
	cJSON_Delete(s.stale);
	cJSON_Delete(s.pending);
	free(s.reason);
	free(s.vis);
	msglist_free(&s.refusals);
	return last;
}
