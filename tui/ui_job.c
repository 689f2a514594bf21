/* tui/ui_job.c — the screens' background job (ui_job.h): the smallest
 * runner, one worker thread and a poll from the key loop. Stands in until
 * the screens' full runner (branch h-s-screens) replaces this file. */
#include "tui/ui_job.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "tui/ui.h"

static struct {
	int running;            /* started, its end not yet shown */
	_Atomic int ended;      /* the worker returned */
	pthread_t th;
	const char *zh, *en;
	ui_job_fn fn;
	ui_job_end_fn end;
	void *arg;
	int rc;
	ui_job_progress p;
} ui_job;

static void *ui_job_main(void *unused)
{
	(void)unused;
	/* The job's own connection: an SQLite connection is never shared
	 * between threads. */
	if (jl_open(ui_g.db_path, DB_OPEN_READ, NULL, &ui_job.p.j, &ui_job.p.msgs, NULL) != JL_OK) {
		ui_job.rc = JL_ESTORE;
	} else {
		if (ui_g.officer)
			ui_job.p.j->officer = strdup(ui_g.officer);
		ui_job.rc = ui_job.fn(ui_job.arg, &ui_job.p);
	}
	jl_close(ui_job.p.j);
	ui_job.p.j = NULL;
	atomic_store(&ui_job.ended, 1);
	return NULL;
}

int ui_job_start_then(const char *label_zh, const char *label_en, ui_job_fn fn, void *arg,
		      ui_job_end_fn end)
{
	if (ui_job.running) {
		ui_say(1, "已有后台任务在进行", "a background job is already running");
		return -1;
	}
	msglist_free(&ui_job.p.msgs);
	memset(&ui_job.p, 0, sizeof ui_job.p);
	pthread_mutex_init(&ui_job.p.lock, NULL);
	ui_job.zh = label_zh;
	ui_job.en = label_en;
	ui_job.fn = fn;
	ui_job.end = end;
	ui_job.arg = arg;
	ui_job.rc = 0;
	atomic_store(&ui_job.ended, 0);
	if (pthread_create(&ui_job.th, NULL, ui_job_main, NULL) != 0) {
		pthread_mutex_destroy(&ui_job.p.lock);
		ui_say(1, "无法启动后台任务", "cannot start the background job");
		return -1;
	}
	ui_job.running = 1;
	return 0;
}

int ui_job_start(const char *label_zh, const char *label_en, ui_job_fn fn, void *arg)
{
	return ui_job_start_then(label_zh, label_en, fn, arg, NULL);
}

int ui_job_running(void)
{
	return ui_job.running;
}

void ui_job_cancel(void)
{
	if (ui_job.running)
		atomic_store(&ui_job.p.cancel, 1);
}

int ui_job_poll(void)
{
	int shown = 0;

	if (!ui_job.running)
		return 0;
	if (!atomic_load(&ui_job.ended))
		return 1; /* progress: worth a repaint */
	pthread_join(ui_job.th, NULL);
	if (ui_job.end)
		shown = ui_job.end(ui_job.rc, &ui_job.p, ui_job.arg);
	if (!shown) {
		if (ui_job.rc == JL_OK)
			ui_say(0, "%s：完成", "%s: done", UI_T(ui_job.zh, ui_job.en));
		else if (ui_job.p.msgs.n)
			ui_say_msgs(&ui_job.p.msgs);
		else
			ui_say(1, "%s", "%s", jl_status_text((jl_status)ui_job.rc, ui_g.lang));
	}
	msglist_free(&ui_job.p.msgs);
	pthread_mutex_destroy(&ui_job.p.lock);
	ui_job.running = 0;
	return 1;
}

int ui_job_line(char *out, size_t n)
{
	uint64_t done, total;

	if (!ui_job.running)
		return 0;
	done = atomic_load(&ui_job.p.done);
	total = atomic_load(&ui_job.p.total);
	pthread_mutex_lock(&ui_job.p.lock);
	snprintf(out, n, "%s %llu%%  %s  %s", UI_T(ui_job.zh, ui_job.en),
		 total ? (unsigned long long)(done * 100 / total) : 0ULL, ui_job.p.text,
		 UI_T("x 取消", "x cancels"));
	pthread_mutex_unlock(&ui_job.p.lock);
	return 1;
}

int ui_job_quit_ok(void)
{
	if (!ui_job.running)
		return 1;
	ui_job_cancel();
	pthread_join(ui_job.th, NULL);
	msglist_free(&ui_job.p.msgs);
	ui_job.running = 0;
	return 1;
}

int ui_job_progress_cb(void *ctx, long long done, long long total)
{
	ui_job_progress *p = ctx;

	atomic_store(&p->done, (uint64_t)done);
	atomic_store(&p->total, (uint64_t)total);
	return atomic_load(&p->cancel) != 0;
}

void ui_job_say(ui_job_progress *p, const char *zh_fmt, const char *en_fmt, ...)
{
	va_list ap;

	va_start(ap, en_fmt);
	pthread_mutex_lock(&p->lock);
	vsnprintf(p->text, sizeof p->text, UI_T(zh_fmt, en_fmt), ap);
	pthread_mutex_unlock(&p->lock);
	va_end(ap);
}
