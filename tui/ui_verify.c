/* tui/ui_verify.c — the verify screen: does the ledger still vouch for
 * every final record and media file? Verify runs in the background
 * (tui/ui_job.h); its verdict is shown in words when it ends. */
#include "tui/ui_verify.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/verify.h"
#include "core/verify_note.h"
#include "tui/ui.h"
#include "tui/ui_job.h"
#include "tui/ui_list.h"

/* What the job found, kept until its end shows it. */
typedef struct {
	verify_report rep;
	msglist out;
} ui_verify_job;

/* The job (worker thread, its own connection). */
static int ui_verify_job_run(void *arg, ui_job_progress *p)
{
	ui_verify_job *vj = arg;
	int rc = verify_run_progress(p->j, &vj->rep, ui_job_progress_cb, p, &vj->out);

	/* For `jilu status`, as the command line does; on this job's connection. */
	verify_note_write(p->j, rc, vj->rep.entries);
	return rc;
}

/* Lists every fault VJ found until the person goes back. */
static void ui_verify_faults(const ui_verify_job *vj)
{
	ui_list l;
	buf line = BUF_INIT;
	size_t i;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_LIST;
	ui_list_add(&l, UI_T("核验发现问题：有记录或文件在 jilu 之外被改动或删除。",
			     "Verify FAILED: something was changed or removed behind jilu's back."),
		    ui_attr_alert(), 0, 0);
	ui_list_addf(&l, 0, UI_T("账本记录 %lld 条；定稿记录 %lld 份；已结执法活动 %lld 个；音像文件 %lld 个",
				 "%lld ledger entries; %lld final records; %lld closed actions; %lld media files"),
		     vj->rep.entries, vj->rep.records, vj->rep.actions, vj->rep.media);
	for (i = 0; i < vj->out.n; i++) {
		buf_reset(&line);
		msg_format(&vj->out.items[i], ui_g.lang, &line);
		ui_list_add(&l, buf_str(&line), A_BOLD, 0, 0);
	}
	while (ui_list_run(&l, UI_T("核验", "Verify")) == UI_REQ_OPEN)
		;
	buf_free(&line);
	ui_list_free(&l);
}

/* Shows the verdict in words on the message bar; a fault, each on the
 * screen when the person is on home and nothing else is in front. Frees
 * ARG. Returns 1 (the result is shown). */
static int ui_verify_job_end(int rc, ui_job_progress *p, void *arg)
{
	ui_verify_job *vj = arg;

	if (rc == JL_ECANCELED)
		ui_say(0, "已取消核验", "verify cancelled");
	else if (rc == JL_OK)
		ui_say(0, "核验通过：账本 %lld 条、定稿记录 %lld 份、音像 %lld 个，均未被改动",
		       "Verified: %lld entries, %lld final records, %lld media files; nothing changed",
		       vj->rep.entries, vj->rep.records, vj->rep.media);
	else if (rc == JL_FOUND && vj->out.n) {
		buf line = BUF_INIT;

		msg_format(&vj->out.items[0], ui_g.lang, &line);
		ui_say(1, "核验发现问题（%zu 处）：%s", "Verify FAILED (%zu faults): %s", vj->out.n, buf_str(&line));
		buf_free(&line);
		/* Tampering is shown whole at once, not left to a line that the
		 * next key clears (unless the screens are ending). */
		if (!ui_g.quit)
			ui_verify_faults(vj);
	} else if (p->msgs.n) {
		ui_say_msgs(&p->msgs);
	} else {
		ui_say(1, "无法核验：%s", "cannot verify: %s", jl_status_text((jl_status)rc, ui_g.lang));
	}
	msglist_free(&vj->out);
	free(vj);
	return 1;
}

void ui_verify_run(void)
{
	ui_verify_job *vj = calloc(1, sizeof *vj);

	if (!vj) {
		ui_say(1, "%s", "%s", jl_status_text(JL_ENOMEM, ui_g.lang));
		return;
	}
	if (ui_job_start_then("核验", "verifying", ui_verify_job_run, vj, ui_verify_job_end) != 0)
		free(vj);
}
