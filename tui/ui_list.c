/* tui/ui_list.c — lists to move through and choose from (see ui_list.h). */
#include "tui/ui_list.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "tui/ui_text.h"

void ui_list_clear(ui_list *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->rows[i].text);
	l->n = 0;
}

void ui_list_free(ui_list *l)
{
	ui_list_clear(l);
	free(l->rows);
	free(l->heading);
	free(l->foot);
	l->rows = NULL;
	l->heading = l->foot = NULL;
	l->cap = 0;
}

int ui_list_add(ui_list *l, const char *text, int attr, int skip, long long tag)
{
	ui_list_row *r;

	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		ui_list_row *p = realloc(l->rows, (size_t)cap * sizeof *p);
		if (!p)
			return -1;
		l->rows = p;
		l->cap = cap;
	}
	r = &l->rows[l->n];
	r->text = strdup(text ? text : "");
	if (!r->text)
		return -1;
	r->attr = attr;
	r->skip = skip;
	r->mark = 0;
	r->tag = tag;
	return l->n++;
}

int ui_list_addf(ui_list *l, long long tag, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	int i;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	i = ui_list_add(l, buf_str(&b), 0, 0, tag);
	buf_free(&b);
	return i;
}

void ui_list_set_heading(ui_list *l, const char *s)
{
	free(l->heading);
	l->heading = s ? strdup(s) : NULL;
}

void ui_list_set_foot(ui_list *l, const char *s)
{
	free(l->foot);
	l->foot = s ? strdup(s) : NULL;
}

static int ui_list_heading_rows(const ui_list *l)
{
	int n = 0;
	const char *p;

	if (!l->heading)
		return 0;
	for (p = l->heading, n = 1; *p; p++)
		if (*p == '\n')
			n++;
	return n + 1; /* and a blank row */
}

/* Moves the cursor off headings in direction DIR (+1/-1). */
static void ui_list_settle(ui_list *l, int dir)
{
	int i = l->cur;

	if (l->n == 0) {
		l->cur = 0;
		return;
	}
	if (i >= l->n)
		i = l->n - 1;
	if (i < 0)
		i = 0;
	while (i >= 0 && i < l->n && l->rows[i].skip)
		i += dir;
	if (i < 0 || i >= l->n) {
		/* Nothing that way: the other way. */
		for (i = l->cur < l->n ? l->cur : l->n - 1; i >= 0 && i < l->n && l->rows[i].skip; i -= dir)
			;
		if (i < 0 || i >= l->n)
			i = l->cur < 0 ? 0 : (l->cur >= l->n ? l->n - 1 : l->cur);
	}
	l->cur = i;
}

void ui_list_draw(ui_list *l, int top, int bottom)
{
	int hrows = ui_list_heading_rows(l), y, i, height;
	const char *p;

	if (l->n && (l->cur < 0 || l->cur >= l->n || l->rows[l->cur].skip))
		ui_list_settle(l, +1);

	if (l->heading) {
		const char *line = l->heading;
		y = top;
		for (p = l->heading;; p++) {
			if (*p == '\n' || !*p) {
				ui_text_putn(y++, 1, line, (size_t)(p - line), COLS - 2, 0);
				line = p + 1;
				if (!*p)
					break;
			}
		}
	}
	height = bottom - top - hrows - (l->foot ? 1 : 0);
	if (height < 1)
		height = 1;
	if (l->cur < l->scroll)
		l->scroll = l->cur;
	if (l->cur >= l->scroll + height)
		l->scroll = l->cur - height + 1;
	if (l->scroll < 0)
		l->scroll = 0;
	for (i = l->scroll, y = top + hrows; i < l->n && y < top + hrows + height; i++, y++) {
		int attr = l->rows[i].attr;
		char mark[8] = "";
		if (i == l->cur && !l->rows[i].skip)
			attr |= ui_attr_cursor();
		if (!l->rows[i].skip)
			ui_mouse_row(y, &l->cur, i);
		if (l->multi)
			snprintf(mark, sizeof mark, "%s", l->rows[i].mark ? "[x] " : "[ ] ");
		attron(attr);
		move(y, 0);
		addch(i == l->cur && !l->rows[i].skip ? '>' : ' ');
		if (l->multi && !l->rows[i].skip) {
			ui_text_put(y, 1, mark, 4, 0);
			ui_text_put(y, 5, l->rows[i].text, COLS - 6, 1);
		} else {
			ui_text_put(y, 1, l->rows[i].text, COLS - 2, 1);
		}
		attroff(attr);
	}
	if (l->n > height) {
		char pos[32];
		snprintf(pos, sizeof pos, "%d/%d", l->cur + 1, l->n);
		ui_text_put(bottom - 1 - (l->foot ? 1 : 0), COLS - (int)strlen(pos) - 1, pos,
			    (int)strlen(pos), 0);
	}
	if (l->foot)
		ui_text_put(bottom - 1, 1, l->foot, COLS - 2, 0);
}

int ui_list_move(ui_list *l, ui_req req, int top, int bottom)
{
	int page = bottom - top - ui_list_heading_rows(l) - 1;

	if (page < 1)
		page = 1;
	switch (req) {
	case UI_REQ_UP:
		l->cur--;
		ui_list_settle(l, -1);
		return 1;
	case UI_REQ_DOWN:
		l->cur++;
		ui_list_settle(l, +1);
		return 1;
	case UI_REQ_PGUP:
		l->cur -= page;
		ui_list_settle(l, -1);
		return 1;
	case UI_REQ_PGDN:
		l->cur += page;
		ui_list_settle(l, +1);
		return 1;
	case UI_REQ_FIRST:
		l->cur = 0;
		ui_list_settle(l, +1);
		return 1;
	case UI_REQ_LAST:
		l->cur = l->n - 1;
		ui_list_settle(l, -1);
		return 1;
	default:
		break;
	}
	return 0;
}

typedef struct {
	ui_list *l;
} ui_list_view;

static void ui_list_view_draw(ui_view *v, int top, int bottom)
{
	ui_list_view *s = v->data;
	ui_list_draw(s->l, top, bottom);
}

static void ui_list_view_key(ui_view *v, int key, ui_req req)
{
	ui_list *l = ((ui_list_view *)v->data)->l;

	(void)key;
	if (ui_list_move(l, req, 1, LINES - 2))
		return;
	switch (req) {
	case UI_REQ_BACK:
		break;
	case UI_REQ_CHOOSE:
	case UI_REQ_OPEN:
		if (l->n == 0 || l->rows[l->cur].skip)
			return;
		break;
	case UI_REQ_TOGGLE:
		if (l->screen == UI_S_PICK) {
			if (l->multi && l->n && !l->rows[l->cur].skip)
				l->rows[l->cur].mark = !l->rows[l->cur].mark;
			return;
		}
		if (l->n == 0 || l->rows[l->cur].skip)
			return;
		break;
	case UI_REQ_ADD:
	case UI_REQ_DELETE:
		if (l->fixed)
			return; /* nothing to add to or delete from a party */
		if (req == UI_REQ_DELETE && (l->n == 0 || l->rows[l->cur].skip))
			return;
		break;
	default:
		return;
	}
	l->ended = req;
	v->done = 1;
}

/* A list's key bar: marking only where several are picked; adding,
 * deleting and toggling not on a fixed list. */
static int ui_list_view_offers(ui_view *v, ui_req req)
{
	ui_list *l = ((ui_list_view *)v->data)->l;

	if (req == UI_REQ_TOGGLE)
		return l->screen == UI_S_PICK ? l->multi : !l->fixed;
	if (req == UI_REQ_ADD || req == UI_REQ_DELETE)
		return !l->fixed;
	return 1;
}

static const ui_view_ops ui_list_ops_pick = {"", UI_S_PICK, 0, ui_list_view_draw, ui_list_view_key,
					     ui_list_view_offers};
static const ui_view_ops ui_list_ops_sub = {"", UI_S_SUB, 0, ui_list_view_draw, ui_list_view_key,
					    ui_list_view_offers};
static const ui_view_ops ui_list_ops_list = {"", UI_S_LIST, 0, ui_list_view_draw, ui_list_view_key,
					     ui_list_view_offers};

ui_req ui_list_run(ui_list *l, const char *title)
{
	ui_list_view s = {l};
	ui_view v = {l->screen == UI_S_SUB    ? &ui_list_ops_sub
		     : l->screen == UI_S_LIST ? &ui_list_ops_list
					      : &ui_list_ops_pick,
		     &s, 0, ""};

	snprintf(v.title, sizeof v.title, "%s", title);
	ui_list_settle(l, +1);
	l->ended = UI_REQ_NONE;
	ui_push(&v);
	ui_run(&v);
	ui_pop();
	return l->ended;
}

int ui_pick(const char *title, const char *heading, const char *const *items, int n, int cur)
{
	ui_list l;
	int i, r = -1;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_PICK;
	for (i = 0; i < n; i++)
		ui_list_add(&l, items[i], 0, 0, i);
	ui_list_set_heading(&l, heading);
	l.cur = cur >= 0 && cur < n ? cur : 0;
	if (ui_list_run(&l, title) == UI_REQ_CHOOSE)
		r = l.cur;
	ui_list_free(&l);
	return r;
}
