/* tui/ui_field.c — editors of the simple shapes, and the dispatch by shape. */
#include "tui/ui_field.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/record.h"
#include "tui/show.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_list.h"

const char *ui_field_vocab(const char *id)
{
	return id ? show_vocab(id, ui_g.lang) : "";
}

void ui_field_summary(const form_field *fd, const cJSON *v, buf *out)
{
	buf tmp = BUF_INIT;
	const char *p;
	int space = 0;

	if (!v || cJSON_IsNull(v))
		return;
	show_value(&tmp, fd, v, ui_g.lang, 0);
	/* One line: the lines of a party or a list joined. */
	for (p = buf_str(&tmp); *p; p++) {
		if (*p == '\n') {
			space = 1;
			continue;
		}
		if (space) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			buf_puts(out, " · ");
			space = 0;
		}
		buf_append(out, p, 1);
	}
	buf_free(&tmp);
}

static int ui_field_save_text(ui_field_ctx *c, const char *s)
{
	return c->save(c->ctx, *s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

static int ui_field_text(ui_field_ctx *c, int now_kind)
{
	const char *cur = cJSON_IsString(c->value) ? c->value->valuestring : "";
	char *s = ui_edit_run(form_text_get(&c->fd->label, ui_g.lang), cur,
			      c->fd->type == SHAPE_TEXT && c->fd->multiline, now_kind, NULL, NULL);
	int rc;

	if (!s || strcmp(s, cur) == 0) {
		free(s);
		return 0;
	}
	rc = ui_field_save_text(c, s) == 0;
	free(s);
	return rc;
}

static int ui_field_money(ui_field_ctx *c)
{
	char cur[64] = "", *s, *end;
	double d;
	int rc = 0;

	if (cJSON_IsNumber(c->value))
		snprintf(cur, sizeof cur, "%.2f", c->value->valuedouble);
	s = ui_edit_run(form_text_get(&c->fd->label, ui_g.lang), cur, 0, 0, NULL, NULL);
	if (!s)
		return 0;
	if (!*s) {
		rc = c->save(c->ctx, cJSON_CreateNull()) == 0;
	} else {
		d = strtod(s, &end);
		if (end == s || *end)
			ui_say(1, "%s：不是金额（元，如 1500 或 1500.50）",
			       "%s: not an amount (yuan, e.g. 1500 or 1500.50)", s);
		else
			rc = c->save(c->ctx, cJSON_CreateNumber(d)) == 0;
	}
	free(s);
	return rc;
}

static int ui_field_bool(ui_field_ctx *c)
{
	const char *items[3];
	int k, cur = cJSON_IsTrue(c->value) ? 0 : cJSON_IsFalse(c->value) ? 1 : 2;

	items[0] = UI_T("是", "yes");
	items[1] = UI_T("否", "no");
	items[2] = UI_T("（未填）", "(not given)");
	k = ui_pick(form_text_get(&c->fd->label, ui_g.lang), NULL, items, 3, cur);
	if (k < 0 || k == cur)
		return 0;
	return c->save(c->ctx, k == 2 ? cJSON_CreateNull() : cJSON_CreateBool(k == 0)) == 0;
}

static int ui_field_choice(ui_field_ctx *c)
{
	ui_list l;
	int i, rc = 0;
	const char *cur = cJSON_IsString(c->value) ? c->value->valuestring : NULL;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_PICK;
	l.multi = c->fd->type == SHAPE_CHOICES;
	for (i = 0; i < c->fd->nchoices; i++) {
		ui_list_add(&l, form_text_get(&c->fd->choices[i].label, ui_g.lang), 0, 0, i);
		if (cur && strcmp(cur, c->fd->choices[i].id) == 0)
			l.cur = i;
		if (l.multi && cJSON_IsArray(c->value)) {
			const cJSON *e;
			cJSON_ArrayForEach(e, c->value)
				if (cJSON_IsString(e) && strcmp(e->valuestring, c->fd->choices[i].id) == 0)
					l.rows[i].mark = 1;
		}
	}
	if (!l.multi)
		ui_list_add(&l, UI_T("（清除）", "(clear)"), 0, 0, -1);
	ui_list_set_heading(&l, l.multi ? UI_T("空格勾选，Enter 确定", "Space marks, Enter confirms") : NULL);
	if (ui_list_run(&l, form_text_get(&c->fd->label, ui_g.lang)) == UI_REQ_CHOOSE) {
		if (l.multi) {
			cJSON *a = cJSON_CreateArray();
			for (i = 0; i < c->fd->nchoices; i++)
				if (l.rows[i].mark)
					cJSON_AddItemToArray(a, cJSON_CreateString(c->fd->choices[i].id));
			rc = c->save(c->ctx, cJSON_GetArraySize(a) ? a : (cJSON_Delete(a), cJSON_CreateNull())) == 0;
		} else {
			long long k = l.rows[l.cur].tag;
			rc = c->save(c->ctx, k < 0 ? cJSON_CreateNull()
						   : cJSON_CreateString(c->fd->choices[k].id)) == 0;
		}
	}
	ui_list_free(&l);
	return rc;
}

/* A list is edited as lines: one entry a line, blank lines dropped. */
static int ui_field_list(ui_field_ctx *c)
{
	buf cur = BUF_INIT;
	const cJSON *e;
	char *s, *p, *line;
	cJSON *a;
	int rc;

	cJSON_ArrayForEach(e, c->value)
		if (cJSON_IsString(e))
			buf_printf(&cur, "%s%s", cur.len ? "\n" : "", e->valuestring);
	s = ui_edit_run(form_text_get(&c->fd->label, ui_g.lang), buf_str(&cur), 1, 0, NULL, NULL);
	buf_free(&cur);
	if (!s)
		return 0;
	a = cJSON_CreateArray();
	for (line = s; line; line = p) {
		p = strchr(line, '\n');
		if (p)
			*p++ = '\0';
		if (*line)
			cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	free(s);
	rc = c->save(c->ctx, cJSON_GetArraySize(a) ? a : (cJSON_Delete(a), cJSON_CreateNull())) == 0;
	return rc;
}

/* A record field: a list of the action's final records of the allowed form,
 * never a typed id. */
static int ui_field_record(ui_field_ctx *c)
{
	record_row *rows = NULL;
	int n = 0, i, rc = 0;
	ui_list l;

	if (record_list(ui_g.j, c->action_id, &rows, &n) != JL_OK) {
		ui_say(1, "无法读取记录", "cannot read the records");
		return 0;
	}
	memset(&l, 0, sizeof l);
	l.screen = UI_S_PICK;
	for (i = 0; i < n; i++) {
		const form *f = formset_find_for(ui_g.j->forms, rows[i].form, rows[i].form_version);
		if (strcmp(rows[i].state, "final") != 0 || rows[i].id == c->record_id)
			continue;
		if (c->fd->form && strcmp(c->fd->form, rows[i].form) != 0)
			continue;
		ui_list_addf(&l, rows[i].id, "%s %lld  %s  %s", UI_T("记录", "record"), rows[i].id,
			     f ? form_text_get(&f->title, ui_g.lang) : rows[i].form,
			     rows[i].finalized_at ? rows[i].finalized_at : "");
		if (cJSON_IsNumber(c->value) && (long long)c->value->valuedouble == rows[i].id)
			l.cur = l.n - 1;
	}
	if (l.n == 0) {
		ui_say(1, "本执法活动还没有可选的定稿记录", "this action has no final record to choose");
	} else {
		ui_list_add(&l, UI_T("（清除）", "(clear)"), 0, 0, 0);
		if (ui_list_run(&l, form_text_get(&c->fd->label, ui_g.lang)) == UI_REQ_CHOOSE) {
			long long id = l.rows[l.cur].tag;
			rc = c->save(c->ctx, id ? cJSON_CreateNumber((double)id) : cJSON_CreateNull()) == 0;
		}
	}
	ui_list_free(&l);
	record_rows_free(rows, n);
	return rc;
}

int ui_field_now(ui_field_ctx *c)
{
	time_t t = clock_now_epoch();
	struct tm tm;
	char s[32];

	if (c->fd->type != SHAPE_DATE && c->fd->type != SHAPE_DATETIME)
		return 0;
	localtime_r(&t, &tm);
	strftime(s, sizeof s, c->fd->type == SHAPE_DATE ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M", &tm);
	return ui_field_save_text(c, s) == 0;
}

int ui_field_edit(ui_field_ctx *c)
{
	switch (c->fd->type) {
	case SHAPE_TEXT:
		return ui_field_text(c, 0);
	case SHAPE_DATE:
		return ui_field_text(c, 1);
	case SHAPE_DATETIME:
		return ui_field_text(c, 2);
	case SHAPE_MONEY:
		return ui_field_money(c);
	case SHAPE_BOOL:
		return ui_field_bool(c);
	case SHAPE_CHOICE:
	case SHAPE_CHOICES:
		return ui_field_choice(c);
	case SHAPE_LIST:
		return ui_field_list(c);
	case SHAPE_RECORD:
		return ui_field_record(c);
	case SHAPE_PARTY:
		return ui_field_party(c);
	case SHAPE_OFFICERS:
		return ui_field_officers(c);
	case SHAPE_SIGNATURES:
		return ui_field_signatures(c);
	case SHAPE_AV:
		return ui_field_av(c);
	default:
		return 0;
	}
}
