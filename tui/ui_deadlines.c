/* tui/ui_deadlines.c — the deadlines screen (what `jilu deadlines` says). */
#include "tui/ui_deadlines.h"

#include <curses.h>
#include <string.h>

#include "core/check.h"
#include "core/clock.h"
#include "tui/ui.h"
#include "tui/ui_action.h"
#include "tui/ui_home.h"
#include "tui/ui_list.h"
#include "tui/ui_secret.h"

/* Fills L with the deadlines as of NOW, overdue first (core sorts them by
 * due time, so the overdue ones come first). */
static void ui_deadlines_fill(ui_list *l, time_t now)
{
	check_list cl = {0};
	msglist err = MSGLIST_INIT;
	int i;

	ui_list_clear(l);
	if (check_deadlines(ui_g.j, now, &cl, &err) != JL_OK) {
		ui_say_msgs(&err);
		goto done;
	}
	if (cl.n == 0)
		ui_list_add(l, UI_T("没有未完成的期限。", "No open deadlines."), 0, 1, 0);
	for (i = 0; i < cl.n; i++) {
		const check_item *it = &cl.items[i];
		const form *f = it->form ? formset_find(ui_g.j->forms, it->form) : NULL;
		char due[24];
		buf b = BUF_INIT;
		int over = it->due <= now;

		if (it->sealed) /* R20.2: may be the sealed record's own deadline */
			snprintf(due, sizeof due, "%s", UI_T("涉密", "confidential"));
		else
			ui_home_due_text((long long)it->due, due, sizeof due);
		buf_printf(&b, "%s %s  %s %lld", over ? UI_T("逾期", "OVERDUE") : UI_T("期限", "due"), due,
			   UI_T("活动", "action"), it->action);
		if (f)
			buf_printf(&b, " %s", form_text_get(&f->title, ui_g.lang));
		buf_printf(&b, "  %s %s", it->req ? it->req : "", ui_secret_item_text(it));
		ui_list_add(l, buf_str(&b), over ? ui_attr_alert() : 0, 0, it->action);
		buf_free(&b);
	}
done:
	check_list_free(&cl);
	msglist_free(&err);
}

void ui_deadlines_run(void)
{
	ui_list l;
	ui_req r;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_LIST;
	ui_list_set_heading(&l, UI_T("所有执法活动的未完成期限（已逾期的在前；Enter 打开该执法活动）",
				     "Every open deadline, overdue first (Enter opens its action)"));
	ui_deadlines_fill(&l, clock_now_epoch());
	while ((r = ui_list_run(&l, UI_T("期限", "Deadlines"))) == UI_REQ_OPEN) {
		int keep = l.cur;
		ui_action_run(l.rows[l.cur].tag);
		ui_deadlines_fill(&l, clock_now_epoch());
		l.cur = keep;
	}
	ui_list_free(&l);
}
