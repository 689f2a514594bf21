/* tui/ui_sync.c — sync with headquarters from the screens (ui_sync.h). */
#include "tui/ui_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sync_send.h"
#include "tui/sync_job.h"
#include "tui/ui.h"
#include "tui/ui_job.h"

/* What a sync job owns: where to, and whether it is the quiet one. */
typedef struct {
	sync_where w;
	int quiet;
} ui_sync_arg;

static int ui_sync_again;   /* a finalise came while a job ran: one more after */
static int ui_sync_stale = 1;
static time_t ui_sync_read_at;
static sync_state ui_sync_st;

/* The job's progress, from the sync (worker thread): entries and bytes in
 * the job's note, the share done for its bar. Returns 1 once cancelled. */
static int ui_sync_progress(void *ctx, const sync_progress *sp)
{
	ui_job_progress *p = ctx;

	if (sp->bytes_total) {
		atomic_store(&p->total, sp->bytes_total + (uint64_t)sp->entries_total);
		atomic_store(&p->done, sp->bytes_done + (uint64_t)sp->entries_done);
	} else {
		atomic_store(&p->total, (uint64_t)sp->entries_total);
		atomic_store(&p->done, (uint64_t)sp->entries_done);
	}
	ui_job_say(p, "条目 %lld/%lld，音像 %.1f/%.1f MB", "entries %lld/%lld, media %.1f/%.1f MB",
		   sp->entries_done, sp->entries_total, (double)sp->bytes_done / 1e6,
		   (double)sp->bytes_total / 1e6);
	return atomic_load(&p->cancel) != 0;
}

/* The job (worker thread, the job's own store connection P->j). Returns
 * sync_job_sync's status; the result in words in P's note. */
static int ui_sync_job(void *arg, ui_job_progress *p)
{
	ui_sync_arg *a = arg;
	sync_result res;
	jl_status rc;

	a->w.t.cancel = &p->cancel; /* x stops it even while HQ is slow to answer */
	ui_job_say(p, "连接 %s", "connecting to %s", a->w.t.remote);
	rc = sync_job_sync(p->j, &a->w.t, ui_sync_progress, p, &res, &p->msgs);
	if (rc == JL_OK)
		ui_job_say(p, "同步完成：发送 %lld 条存证链条目、%lld 个音像文件",
			   "sync done: %lld entries, %lld media sent", res.sent, res.media_sent);
	else if (atomic_load(&p->cancel))
		rc = JL_ECANCELED;
	sync_result_free(&res);
	return rc;
}

static void ui_sync_quiet(void);

/* The end (screens' thread): the result in one line, home's line read
 * again, and the sync a finalise asked for meanwhile. Returns 1: shown. */
static int ui_sync_end(int rc, ui_job_progress *p, void *arg)
{
	ui_sync_arg *a = arg;
	buf line = BUF_INIT;
	int quiet = a->quiet;

	ui_sync_stale = 1;
	if (rc == JL_OK) {
		pthread_mutex_lock(&p->lock);
		ui_say(0, "%s", "%s", p->text);
		pthread_mutex_unlock(&p->lock);
	} else if (rc == JL_ECANCELED) {
		ui_say(0, "同步已取消（总部已确认的部分已保存）", "sync cancelled (what HQ acknowledged is kept)");
	} else {
		/* The reason alone (not the file it concerns): one line of 80
		 * columns holds it, a host key's fingerprint included. */
		if (p->msgs.n)
			buf_puts(&line, UI_T(p->msgs.items[0].zh, p->msgs.items[0].en));
		else
			buf_puts(&line, jl_status_text((jl_status)rc, ui_g.lang));
		/* The background one is news, not an alarm: the link is often down
		 * in the field, and it tries again after the next finalise. */
		if (quiet)
			ui_say(0, "后台同步未完成：%s", "background sync not done: %s", buf_str(&line));
		else
			ui_say(1, "同步失败：%s", "sync failed: %s", buf_str(&line));
	}
	buf_free(&line);
	sync_where_free(&a->w);
	free(a);
	/* The one more a finalise asked for: now when the runner is already
	 * free, else from home's next paint. */
	if (ui_sync_again && !ui_job_running())
		ui_sync_quiet();
	return 1;
}

/* Starts the job with W (taken: freed by the job's end, or here). */
static void ui_sync_launch(int quiet, sync_where *w)
{
	ui_sync_arg *a = calloc(1, sizeof *a);
	char keep[sizeof ui_g.status];

	if (!a) {
		sync_where_free(w);
		ui_say(1, "内存不足", "out of memory");
		return;
	}
	a->w = *w;
	a->quiet = quiet;
	/* Quiet: the message bar keeps what it said ("finalised"); the job's
	 * own line shows the sync going on. */
	if (quiet)
		memcpy(keep, ui_g.status, sizeof keep);
	if (ui_job_start_then("正在同步到总部", "syncing to headquarters", ui_sync_job, a,
			      ui_sync_end) != 0) {
		sync_where_free(&a->w);
		free(a);
		return;
	}
	if (quiet)
		memcpy(ui_g.status, keep, sizeof keep);
}

void ui_sync_start(void)
{
	sync_where w;
	sync_opts o = {0};
	msglist err = MSGLIST_INIT;

	if (ui_job_running()) {
		ui_say(1, "已有后台任务在进行，请等它结束（x 取消）",
		       "a background job is running: wait for it to end (x cancels it)");
		return;
	}
	if (sync_where_load(&o, 1, &w, &err) != JL_OK) {
		/* Not set up: how, in the words `jilu sync` uses. */
		ui_say_msgs(&err);
		sync_where_free(&w);
		msglist_free(&err);
		return;
	}
	msglist_free(&err);
	ui_sync_launch(0, &w);
}

/* Starts the quiet sync when sync.conf says auto = yes and no job runs;
 * else notes that one is wanted. */
static void ui_sync_quiet(void)
{
	sync_where w;
	sync_opts o = {0};
	msglist err = MSGLIST_INIT;

	if (sync_where_load(&o, 1, &w, &err) != JL_OK || !w.conf.autosync) {
		/* Not configured for it: nothing said, nothing tried. */
		sync_where_free(&w);
		msglist_free(&err);
		return;
	}
	msglist_free(&err);
	if (ui_job_running()) {
		ui_sync_again = 1;
		sync_where_free(&w);
		return;
	}
	ui_sync_again = 0;
	ui_sync_launch(1, &w);
}

void ui_sync_after_finalise(void)
{
	ui_sync_stale = 1;
	ui_sync_quiet();
}

void ui_sync_home_line(char *out, size_t n)
{
	time_t now = time(NULL);
	msglist err = MSGLIST_INIT;

	if (ui_sync_again && !ui_job_running())
		ui_sync_quiet();

	if (ui_sync_stale || now != ui_sync_read_at) {
		sync_state_free(&ui_sync_st);
		if (sync_state_read(ui_g.j, &ui_sync_st, &err) != JL_OK)
			ui_sync_st.waiting = -1;
		msglist_free(&err);
		ui_sync_read_at = now;
		ui_sync_stale = 0;
	}
	if (ui_sync_st.waiting < 0)
		snprintf(out, n, "%s", UI_T("无法读取同步状态", "cannot read the sync state"));
	else
		snprintf(out, n, UI_T("上次同步：%s · 待同步 %lld 条", "last sync: %s · %lld waiting"),
			 ui_sync_st.last_at ? ui_sync_st.last_at : UI_T("从未", "never"),
			 ui_sync_st.waiting);
}
