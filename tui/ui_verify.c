/* tui/ui_verify.c — the verify screen: does the ledger still vouch for
 * every final record and media file? */
#include "tui/ui_verify.h"

#include <curses.h>
#include <string.h>

#include "core/verify.h"
#include "core/verify_note.h"
#include "tui/ui.h"
#include "tui/ui_list.h"

void ui_verify_run(void)
{
	ui_list l;
	verify_report rep;
	msglist out = MSGLIST_INIT;
	jl_status rc;
	buf line = BUF_INIT;
	size_t i;
	ui_progress_ctx pc = {"正在核验", "verifying", 0};

	memset(&l, 0, sizeof l);
	memset(&rep, 0, sizeof rep);
	l.screen = UI_S_LIST;
	rc = verify_run_progress(ui_g.j, &rep, ui_progress, &pc, &out);
	verify_note_write(ui_g.j, rc, rep.entries); /* for `jilu status`, as the command line does */
	ui_g.status[0] = '\0';
	if (rc == JL_ECANCELED) {
		ui_say(0, "已取消核验", "verify cancelled");
		msglist_free(&out);
		ui_list_free(&l);
		return;
	}
	if (rc == JL_OK) {
		ui_list_add(&l, UI_T("核验通过：账本完整，定稿记录与音像文件均未被改动。",
				     "Verified: the ledger is intact; no final record or media file was changed."),
			    A_BOLD, 0, 0);
	} else if (rc == JL_FOUND) {
		ui_list_add(&l, UI_T("核验发现问题：有记录或文件在 jilu 之外被改动或删除。",
				     "Verify FAILED: something was changed or removed behind jilu's back."),
			    ui_attr_alert(), 0, 0);
	} else {
		ui_list_add(&l, UI_T("无法核验：读取数据库出错。", "Cannot verify: the store cannot be read."),
			    ui_attr_alert(), 0, 0);
	}
	ui_list_addf(&l, 0, UI_T("账本记录 %lld 条；定稿记录 %lld 份；已结执法活动 %lld 个；音像文件 %lld 个",
				 "%lld ledger entries; %lld final records; %lld closed actions; %lld media files"),
		     rep.entries, rep.records, rep.actions, rep.media);
	for (i = 0; i < out.n; i++) {
		buf_reset(&line);
		msg_format(&out.items[i], ui_g.lang, &line);
		ui_list_add(&l, buf_str(&line), A_BOLD, 0, 0);
	}
	while (ui_list_run(&l, UI_T("核验", "Verify")) == UI_REQ_OPEN)
		;
	buf_free(&line);
	msglist_free(&out);
	ui_list_free(&l);
}
