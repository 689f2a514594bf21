/* tui/ui_help.c — the `?` screen, drawn from the request table of
 * tui/ui_keys.h so that it never disagrees with the keys or the key bar. */
#include "tui/ui_help.h"

#include <string.h>

#include "tui/ui.h"
#include "tui/ui_list.h"
#include "tui/ui_text.h"

typedef struct {
	ui_list *l;
	int screen;
	int here; /* 1: list the requests of SCREEN; 0: the others */
} ui_help_ctx;

static void ui_help_row(void *ctx, const char *keys, const char *what, int screens)
{
	ui_help_ctx *h = ctx;
	char pad[32];
	int w = ui_text_width(keys);

	if (((screens & h->screen) != 0) != h->here)
		return;
	memset(pad, ' ', sizeof pad);
	pad[w < 14 ? 14 - w : 1] = '\0';
	ui_list_addf(h->l, 0, "  %s%s%s", keys, pad, what);
}

void ui_help_show(int screen)
{
	ui_list l;
	ui_help_ctx h;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_LIST;
	h.l = &l;
	h.screen = screen;
	ui_list_add(&l, UI_T("本屏幕的按键", "Keys of this screen"), A_BOLD, 1, 0);
	h.here = 1;
	ui_help_rows(ui_help_row, &h);
	ui_list_add(&l, "", 0, 1, 0);
	ui_list_add(&l, UI_T("其他屏幕的按键", "Keys of the other screens"), A_BOLD, 1, 0);
	h.here = 0;
	ui_help_rows(ui_help_row, &h);
	ui_list_add(&l, "", 0, 1, 0);
	ui_list_add(&l,
		    UI_T("编辑文字时：←→↑↓ 移动，Backspace/Delete 删除，Enter 换行（单行时完成）",
			 "While typing: arrows move, Backspace/Delete delete, Enter breaks the line "
			 "(ends a one-line field)"),
		    0, 0, 0);
	while (ui_list_run(&l, UI_T("帮助", "Help")) == UI_REQ_OPEN)
		;
	ui_list_free(&l);
}
