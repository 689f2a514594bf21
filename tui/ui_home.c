/* tui/ui_home.c — the home screen: actions a page at a time (never all of
 * 100,000 at once), what each lacks and its nearest deadline. */
#include "tui/ui_home.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/check.h"
#include "core/clock.h"
#include "tui/ui.h"
#include "tui/ui_action.h"
#include "tui/ui_deadlines.h"
#include "tui/ui_edit.h"
#include "tui/ui_list.h"
#include "tui/ui_sync.h"
#include "tui/ui_text.h"
#include "tui/ui_verify.h"

#define UI_HOME_PAGE 50

static const char *const ui_home_kinds[] = {"inspection", "licensing", "penalty", "compulsory",
					    "fee"};

const char *ui_home_kind_label(const char *kind)
{
	static const char *const map[][3] = {
		{"licensing", "许可", "licensing"}, {"penalty", "处罚", "penalty"},
		{"compulsory", "强制", "compulsory"}, {"inspection", "检查", "inspection"},
		{"fee", "收费", "fee"},
	};
	size_t i;

	for (i = 0; kind && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], kind) == 0)
			return UI_T(map[i][1], map[i][2]);
	return kind ? kind : "";
}

void ui_home_due_text(long long due, char *out, int outlen)
{
	time_t t = (time_t)due;
	struct tm tm;

	localtime_r(&t, &tm);
	if (tm.tm_hour == 0 && tm.tm_min == 0) {
		/* A midnight reads as the end of the day before. */
		t -= 1;
		localtime_r(&t, &tm);
		strftime(out, (size_t)outlen, "%m-%d 24:00", &tm);
	} else {
		strftime(out, (size_t)outlen, "%m-%d %H:%M", &tm);
	}
}

typedef struct {
	action_page_row *rows;
	int n, cap, more;
	/* What check_action said of each row, read when it is first drawn. */
	signed char *checked;
	time_t *due;
	int *missing;
	int cur, scroll;
	const char *kind; /* NULL: all */
	int state;        /* 1 open, 2 closed, 0 all */
	char *search;
	time_t now;
} ui_home;

static void ui_home_free_rows(ui_home *h)
{
	action_page_free(h->rows, h->n);
	free(h->checked);
	free(h->due);
	free(h->missing);
	h->rows = NULL;
	h->checked = NULL;
	h->due = NULL;
	h->missing = NULL;
	h->n = h->cap = 0;
}

/* Reads the next page (the first when RESET). */
static void ui_home_load(ui_home *h, int reset)
{
	action_page_row *page = NULL;
	int got = 0, i;
	long long before;

	if (reset) {
		ui_home_free_rows(h);
		h->more = 1;
		h->now = clock_now_epoch();
	}
	if (!h->more)
		return;
	before = h->n ? h->rows[h->n - 1].a.id : 0;
	if (action_page(ui_g.j, h->kind, h->state, h->search, before, UI_HOME_PAGE, &page, &got) !=
	    JL_OK) {
		ui_say(1, "无法读取执法活动", "cannot read the actions");
		h->more = 0;
		return;
	}
	h->more = got == UI_HOME_PAGE;
	if (h->n + got > h->cap) {
		int cap = h->n + got + UI_HOME_PAGE;
		action_page_row *r = realloc(h->rows, (size_t)cap * sizeof *r);
		signed char *c = realloc(h->checked, (size_t)cap);
		time_t *d = realloc(h->due, (size_t)cap * sizeof *d);
		int *m = realloc(h->missing, (size_t)cap * sizeof *m);
		if (r)
			h->rows = r;
		if (c)
			h->checked = c;
		if (d)
			h->due = d;
		if (m)
			h->missing = m;
		if (!r || !c || !d || !m) {
			action_page_free(page, got);
			h->more = 0;
			return;
		}
		h->cap = cap;
	}
	for (i = 0; i < got; i++) {
		h->rows[h->n] = page[i];
		h->checked[h->n] = 0;
		h->n++;
	}
	free(page); /* the rows moved into H */
}

static void ui_home_check(ui_home *h, int i)
{
	check_list l = {0};
	msglist err = MSGLIST_INIT;
	int k;

	h->checked[i] = 1;
	h->due[i] = 0;
	h->missing[i] = 0;
	if (check_action(ui_g.j, h->rows[i].a.id, h->now, &l, &err) == JL_OK) {
		for (k = 0; k < l.n; k++) {
			/* A sealed item's due may be its record's own deadline
			 * (R20.2): not shown as the action's nearest. */
			if (l.items[k].type == CHECK_DEADLINE && !l.items[k].sealed &&
			    (h->due[i] == 0 || l.items[k].due < h->due[i]))
				h->due[i] = l.items[k].due;
			if (l.items[k].type != CHECK_DEADLINE)
				h->missing[i]++;
		}
	}
	check_list_free(&l);
	msglist_free(&err);
}

static void ui_home_draw_list(ui_view *v, int top, int bottom)
{
	ui_home *h = v->data;
	int y, i, height = bottom - top - 2;
	int wt = (COLS - 40) * 55 / 100, wp = COLS - 40 - wt;
	char line[256];

	snprintf(line, sizeof line, "%s · %s%s%s",
		 h->state == 1 ? UI_T("未结的执法活动", "Open actions")
		 : h->state == 2 ? UI_T("已结的执法活动", "Closed actions")
				 : UI_T("全部执法活动", "All actions"),
		 h->kind ? ui_home_kind_label(h->kind) : UI_T("全部类别", "all kinds"),
		 h->search ? UI_T(" · 搜索：", " · search: ") : "", h->search ? h->search : "");
	attron(A_BOLD);
	ui_text_put(top, 1, line, COLS - 2, 0);
	attroff(A_BOLD);
	attron(A_UNDERLINE);
	move(top + 1, 0);
	clrtoeol();
	ui_text_put(top + 1, 1, UI_T("编号", "id"), 6, 1);
	ui_text_put(top + 1, 7, UI_T("类别", "kind"), 5, 1);
	ui_text_put(top + 1, 13, UI_T("名称", "title"), wt, 1);
	ui_text_put(top + 1, 14 + wt, UI_T("当事人", "party"), wp, 1);
	ui_text_put(top + 1, 15 + wt + wp, UI_T("定稿", "final"), 6, 1);
	ui_text_put(top + 1, 22 + wt + wp, UI_T("最近期限", "next deadline"), COLS - 23 - wt - wp, 1);
	attroff(A_UNDERLINE);
	if (h->n == 0) {
		ui_text_put(top + 3, 2,
			    UI_T("没有执法活动。按 n 新建。", "No actions. Press n to open one."),
			    COLS - 4, 0);
		return;
	}
	if (height < 1)
		height = 1;
	if (h->cur < h->scroll)
		h->scroll = h->cur;
	if (h->cur >= h->scroll + height)
		h->scroll = h->cur - height + 1;
	for (i = h->scroll, y = top + 2; i < h->n && y < bottom; i++, y++) {
		action_page_row *r = &h->rows[i];
		int attr = 0, overdue;
		char due[48] = "";

		if (!h->checked[i])
			ui_home_check(h, i);
		overdue = h->due[i] && h->due[i] <= h->now;
		if (h->due[i]) {
			char t[24];
			ui_home_due_text((long long)h->due[i], t, sizeof t);
			snprintf(due, sizeof due, "%s%s", overdue ? UI_T("逾期 ", "OVERDUE ") : "", t);
		}
		if (overdue)
			attr |= ui_attr_alert();
		if (i == h->cur)
			attr |= ui_attr_cursor();
		ui_mouse_row(y, &h->cur, i);
		attron(attr);
		move(y, 0);
		clrtoeol();
		addch(i == h->cur ? '>' : ' ');
		snprintf(line, sizeof line, "%lld", r->a.id);
		ui_text_put(y, 1, line, 6, 1);
		ui_text_put(y, 7, ui_home_kind_label(r->a.kind), 6, 1);
		ui_text_put(y, 13, r->a.title ? r->a.title : "", wt + 1, 1);
		ui_text_put(y, 14 + wt, r->party ? r->party : "", wp + 1, 1);
		snprintf(line, sizeof line, "%d/%d%s", r->nfinal, r->a.nrecords,
			 r->a.closed_at ? UI_T(" 结", " c") : "");
		ui_text_put(y, 15 + wt + wp, line, 7, 1);
		ui_text_put(y, 22 + wt + wp, due, COLS - 22 - wt - wp, 1);
		attroff(attr);
	}
	if (h->n > height) {
		snprintf(line, sizeof line, "%d/%d%s", h->cur + 1, h->n, h->more ? "+" : "");
		/* On the heading row, where it hides no row of the list. */
		ui_text_put(top, COLS - (int)strlen(line) - 1, line, (int)strlen(line), 0);
	}
}

/* The list, and under it when the last sync succeeded and what waits. */
static void ui_home_draw(ui_view *v, int top, int bottom)
{
	char line[256];

	ui_sync_home_line(line, sizeof line);
	move(bottom - 1, 0);
	clrtoeol();
	attron(ui_attr_dim());
	ui_text_put(bottom - 1, 1, line, COLS - 2, 0);
	attroff(ui_attr_dim());
	ui_home_draw_list(v, top, bottom - 1);
}

static void ui_home_new(ui_home *h)
{
	const char *labels[5];
	int k, i;
	char *title;
	long long id = 0;
	msglist err = MSGLIST_INIT;

	for (i = 0; i < 5; i++)
		labels[i] = ui_home_kind_label(ui_home_kinds[i]);
	k = ui_pick(UI_T("新建执法活动", "New action"), UI_T("类别：", "Kind:"), labels, 5, 0);
	if (k < 0)
		return;
	title = ui_edit_run(UI_T("执法活动名称（如：某超市日常检查）", "Title (e.g. routine inspection of …)"),
			    "", 0, 0, NULL, NULL);
	if (!title)
		return;
	if (action_open(ui_g.j, ui_home_kinds[k], title, &id, &err) != JL_OK) {
		ui_say_msgs(&err);
	} else {
		ui_say(0, "已新建执法活动 %lld", "action %lld opened", id);
		ui_action_run(id);
		ui_home_load(h, 1);
		h->cur = 0;
	}
	free(title);
	msglist_free(&err);
}

static void ui_home_key(ui_view *v, int key, ui_req req)
{
	ui_home *h = v->data;
	int page = LINES - 6;

	(void)key;
	switch (req) {
	case UI_REQ_UP:
		if (h->cur > 0)
			h->cur--;
		break;
	case UI_REQ_DOWN:
		h->cur++;
		break;
	case UI_REQ_PGUP:
		h->cur -= page;
		break;
	case UI_REQ_PGDN:
		h->cur += page;
		break;
	case UI_REQ_FIRST:
		h->cur = 0;
		break;
	case UI_REQ_LAST:
		/* The end of what is read: the list goes on a page at a time,
		 * never all 100,000 at once. */
		h->cur = h->n - 1;
		break;
	case UI_REQ_OPEN:
		if (h->n) {
			int keep = h->cur;
			ui_action_run(h->rows[h->cur].a.id);
			ui_home_load(h, 1);
			while (h->n <= keep && h->more)
				ui_home_load(h, 0);
			h->cur = keep;
		}
		break;
	case UI_REQ_NEW_ACTION:
		ui_home_new(h);
		break;
	case UI_REQ_KIND: {
		const char *labels[6];
		int i, k;
		labels[0] = UI_T("全部类别", "all kinds");
		for (i = 0; i < 5; i++)
			labels[i + 1] = ui_home_kind_label(ui_home_kinds[i]);
		k = ui_pick(UI_T("按类别筛选", "Filter by kind"), NULL, labels, 6, 0);
		if (k >= 0) {
			h->kind = k == 0 ? NULL : ui_home_kinds[k - 1];
			ui_home_load(h, 1);
			h->cur = 0;
		}
		break;
	}
	case UI_REQ_SEARCH: {
		char *s = ui_edit_run(UI_T("搜索名称或当事人（留空显示全部）",
					   "Search title or party (empty: all)"),
				      h->search ? h->search : "", 0, 0, NULL, NULL);
		if (s) {
			free(h->search);
			h->search = *s ? s : NULL;
			if (!*s)
				free(s);
			ui_home_load(h, 1);
			h->cur = 0;
		}
		break;
	}
	case UI_REQ_CLOSED:
		h->state = h->state == 1 ? 2 : h->state == 2 ? 0 : 1;
		ui_home_load(h, 1);
		h->cur = 0;
		break;
	case UI_REQ_DEADLINES:
		ui_deadlines_run();
		ui_home_load(h, 1);
		break;
	case UI_REQ_VERIFY:
		ui_verify_run();
		break;
	case UI_REQ_SYNC:
		ui_sync_start();
		break;
	case UI_REQ_REFRESH:
		ui_home_load(h, 1);
		break;
	case UI_REQ_BACK:
		v->done = 1;
		return;
	default:
		break;
	}
	/* Scrolling near the end reads the next page, and only then. */
	while (h->more && h->cur >= h->n - 1)
		ui_home_load(h, 0);
	if (h->cur >= h->n)
		h->cur = h->n - 1;
	if (h->cur < 0)
		h->cur = 0;
}

static const ui_view_ops ui_home_ops = {"home", UI_S_HOME, 0, ui_home_draw, ui_home_key};

void ui_home_run(void)
{
	ui_home h;
	ui_view v = {&ui_home_ops, &h, 0, ""};

	memset(&h, 0, sizeof h);
	h.state = 1;
	snprintf(v.title, sizeof v.title, "%s", UI_T("首页", "Home"));
	ui_home_load(&h, 1);
	ui_push(&v);
	ui_run(&v);
	ui_pop();
	ui_home_free_rows(&h);
	free(h.search);
}
