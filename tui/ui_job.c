/* tui/ui_job.c — one long piece of work on a worker thread (ui_job.h). */
#include "tui/ui_job.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "tui/ui.h"

/* The one job. STATE: 0 none, 1 running, 2 the thread has ended (its
 * result not yet shown). Only the screens' thread starts, joins and resets
 * it; the worker only sets STATE to 2 as its last act. */
static struct {
	_Atomic int state;
	pthread_t thread;
	ui_job_progress p;
	const char *zh, *en;
	ui_job_fn fn;
	ui_job_end_fn end;
	void *arg;
	char *officer;     /* copied: ui_g.officer may change on the screens' thread */
	const char *db_path;
	int rc;
	uint64_t shown_pct; /* the percentage last painted, +1 (0: none yet) */
} ui_job;

int ui_job_progress_cb(void *ctx, long long done, long long total)
{
	ui_job_progress *p = ctx;

	p->done = done > 0 ? (uint64_t)done : 0;
	p->total = total > 0 ? (uint64_t)total : 0;
	return p->cancel != 0;
}

void ui_job_say(ui_job_progress *p, const char *zh_fmt, const char *en_fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&p->lock);
	va_start(ap, en_fmt);
	vsnprintf(p->text, sizeof p->text, UI_T(zh_fmt, en_fmt), ap);
	va_end(ap);
	pthread_mutex_unlock(&p->lock);
}

/* The worker: its own connection, acting as the officer the screens have
 * already proven (by PIN or key) on theirs, then the job. */
static void *ui_job_main(void *unused)
{
	char *forms = form_default_dir();
	ui_job_progress *p = &ui_job.p;
	jl_status rc;

	(void)unused;
	rc = jl_open(ui_job.db_path, DB_OPEN_WRITE, forms, &p->j, &p->msgs, NULL);
	free(forms);
	if (rc == JL_OK && ui_job.officer)
		rc = jl_act_as_key(p->j, ui_job.officer, &p->msgs);
	if (rc == JL_OK)
		rc = (jl_status)ui_job.fn(ui_job.arg, p);
	else if (!ui_job.end)
		free(ui_job.arg); /* FN never ran to free it (ui_job.h) */
	jl_close(p->j);
	p->j = NULL;
	ui_job.rc = rc;
	ui_job.state = 2;
	return NULL;
}

int ui_job_start_then(const char *label_zh, const char *label_en, ui_job_fn fn, void *arg,
		      ui_job_end_fn end)
{
	if (ui_job.state != 0) {
		ui_say(1, "已有任务在进行（%s），请等待或按 x 取消", "a job is running (%s): wait, or x cancels it",
		       UI_T(ui_job.zh, ui_job.en));
		return -1;
	}
	memset(&ui_job.p, 0, sizeof ui_job.p);
	pthread_mutex_init(&ui_job.p.lock, NULL);
	ui_job.zh = label_zh;
	ui_job.en = label_en;
	ui_job.fn = fn;
	ui_job.end = end;
	ui_job.arg = arg;
	ui_job.rc = JL_OK;
	ui_job.shown_pct = 0;
	ui_job.db_path = ui_g.db_path;
	free(ui_job.officer);
	ui_job.officer = ui_g.officer ? strdup(ui_g.officer) : NULL;
	ui_job.state = 1;
	if (pthread_create(&ui_job.thread, NULL, ui_job_main, NULL) != 0) {
		ui_job.state = 0;
		pthread_mutex_destroy(&ui_job.p.lock);
		ui_say(1, "无法启动后台任务", "cannot start the background job");
		return -1;
	}
	ui_say(0, "已在后台开始：%s（x 取消）", "started in the background: %s (x cancels)",
	       UI_T(label_zh, label_en));
	return 0;
}

int ui_job_start(const char *label_zh, const char *label_en, ui_job_fn fn, void *arg)
{
	return ui_job_start_then(label_zh, label_en, fn, arg, NULL);
}

int ui_job_running(void)
{
	return ui_job.state != 0;
}

void ui_job_cancel(void)
{
	if (ui_job.state == 1)
		ui_job.p.cancel = 1;
}

/* Joins the ended job, then, with the runner free again (END may show a
 * screen, whose key loop polls, or start the next job), runs its END and
 * says its result. */
static void ui_job_finish(void)
{
	ui_job_progress p;
	ui_job_end_fn end = ui_job.end;
	void *arg = ui_job.arg;
	int rc, shown = 0;
	const char *label = UI_T(ui_job.zh, ui_job.en);

	pthread_join(ui_job.thread, NULL);
	rc = ui_job.rc;
	/* The result moves to P; the runner's own is reset. */
	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.lock, NULL);
	p.done = ui_job.p.done;
	p.total = ui_job.p.total;
	p.cancel = ui_job.p.cancel;
	memcpy(p.text, ui_job.p.text, sizeof p.text);
	p.msgs = ui_job.p.msgs;
	memset(&ui_job.p.msgs, 0, sizeof ui_job.p.msgs);
	pthread_mutex_destroy(&ui_job.p.lock);
	free(ui_job.officer);
	ui_job.officer = NULL;
	ui_job.state = 0;
	ui_g.jobs_ended++;
	if (end)
		shown = end(rc, &p, arg);
	if (!shown) {
		if (rc == JL_OK)
			ui_say(0, "完成：%s　%s", "done: %s  %s", label, p.text);
		else if (rc == JL_ECANCELED)
			ui_say(1, "已取消：%s　%s", "cancelled: %s  %s", label,
			       p.text[0] ? p.text : UI_T("未保存任何内容", "nothing was stored"));
		else if (p.msgs.n)
			ui_say_msgs(&p.msgs);
		else
			ui_say(1, "%s：%s", "%s: %s", label, jl_status_text((jl_status)rc, ui_g.lang));
	}
	msglist_free(&p.msgs);
	pthread_mutex_destroy(&p.lock);
}

int ui_job_poll(void)
{
	uint64_t done, total, pct;

	if (ui_job.state == 2) {
		ui_job_finish();
		return 1;
	}
	if (ui_job.state != 1)
		return 0;
	done = ui_job.p.done;
	total = ui_job.p.total;
	pct = total ? (done >= total ? 100 : done * 100 / total) : 0;
	if (pct + 1 == ui_job.shown_pct)
		return 0;
	ui_job.shown_pct = pct + 1;
	return 1;
}

int ui_job_line(char *out, size_t n)
{
	uint64_t done, total;
	char note[200];

	if (ui_job.state != 1)
		return 0;
	done = ui_job.p.done;
	total = ui_job.p.total;
	pthread_mutex_lock(&ui_job.p.lock);
	snprintf(note, sizeof note, "%s", ui_job.p.text);
	pthread_mutex_unlock(&ui_job.p.lock);
	if (ui_job.p.cancel)
		snprintf(out, n, "%s %s", UI_T(ui_job.zh, ui_job.en), UI_T("正在取消…", "cancelling…"));
	else if (total)
		snprintf(out, n, "%s %llu%% %s  %s", UI_T(ui_job.zh, ui_job.en),
			 (unsigned long long)(done >= total ? 100 : done * 100 / total), note,
			 UI_T("x 取消", "x cancels"));
	else
		snprintf(out, n, "%s… %s  %s", UI_T(ui_job.zh, ui_job.en), note, UI_T("x 取消", "x cancels"));
	return 1;
}

void ui_job_stop(void)
{
	if (ui_job.state == 0)
		return;
	ui_job_cancel();
	ui_job_finish();
}

int ui_job_quit_ok(void)
{
	if (ui_job.state == 0)
		return 1;
	if (!ui_confirm("后台任务尚未完成：取消它并退出？（不会保存一半）",
			"A job is still running: cancel it and quit? (nothing is stored half)"))
		return 0;
	ui_job_stop();
	return 1;
}
