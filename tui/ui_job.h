/*
 * tui/ui_job.h — one long piece of work (media copy, verify, export, sync)
 * run in a worker thread while the screens stay usable.
 *
 * The screens start a job with ui_job_start; the job runs FN on its own
 * thread with its OWN store connection (P->j: an SQLite connection is never
 * shared between threads), reports through P (plain stores to the atomic
 * fields), and polls P->cancel. The screens poll the job about every 100 ms:
 * a status line on every screen shows its label and percentage, `x` cancels
 * it, and when it ends its result (done / cancelled / the error) goes to the
 * message bar. One job at a time.
 *
 * A job never calls curses, ui_say or anything of ui_g but ui_g.lang: it
 * speaks only through P. core/ stays curses-free and thread-agnostic.
 */
#ifndef TUI_UI_JOB_H
#define TUI_UI_JOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/jl.h"

typedef struct ui_job_progress {
	/* Written by the job, read by the screens. TOTAL 0: not known yet. */
	_Atomic uint64_t done;
	_Atomic uint64_t total;
	/* Set by the screens (`x`, or a confirmed q); the job returns
	 * JL_ECANCELED as soon as it sees it, having stored nothing half. */
	_Atomic int cancel;
	/* A short note in the screens' language (ui_job_say): what is being
	 * done now, or, when the job ends, its result ("3 files attached").
	 * Guarded by LOCK. */
	char text[200];
	pthread_mutex_t lock;
	/* The job's own connection to the screens' store (ui_g.db_path),
	 * opened on the worker thread before FN runs, acting as the screens'
	 * officer; closed by the runner after FN returns. When it cannot be
	 * opened FN is not run: the error is shown (see ui_job_start for ARG). */
	jl *j;
	/* What went wrong (or what a check found), shown when the job ends:
	 * the first on the message bar; owned and freed by the runner. */
	msglist msgs;
} ui_job_progress;

/*
 * The work. Runs on the worker thread; ARG is what ui_job_start was given.
 * Returns a jl_status: JL_OK (done), JL_ECANCELED (P->cancel was seen),
 * or another status (an error, with the reason in P->msgs).
 */
typedef int (*ui_job_fn)(void *arg, ui_job_progress *p);

/*
 * Runs on the screens' thread once the job has ended and been joined, with
 * FN's status, the progress (P->j is already closed and NULL) and ARG: the
 * place to show a full result (a verify report) and to free ARG. The runner
 * is free again by then (ui_job_running() is 0): END may open a screen or
 * start the next job. Called before the generic result is put on the
 * message bar; returning 1 says "I have shown the result", so the runner
 * says nothing more.
 */
typedef int (*ui_job_end_fn)(int rc, ui_job_progress *p, void *arg);

/*
 * Starts FN(ARG) on a worker thread, shown as LABEL_ZH / LABEL_EN (static
 * strings, or strings that outlive the job). ARG belongs to the job from
 * then on: FN frees it. ARG must be NULL or one block from malloc, because
 * when the job's connection cannot be opened FN is not run and the runner
 * free()s ARG itself. Returns 0 when the job started; -1 when one already
 * runs or the thread cannot start (said on the message bar; ARG stays the
 * caller's).
 */
int ui_job_start(const char *label_zh, const char *label_en, ui_job_fn fn, void *arg);

/* As ui_job_start, with END called on the screens' thread when it ends
 * (NULL: none). With an END, END frees ARG (whatever its shape), even when
 * FN was not run; FN must not. */
int ui_job_start_then(const char *label_zh, const char *label_en, ui_job_fn fn, void *arg,
		      ui_job_end_fn end);

/* Returns 1 while a job runs (started and its end not yet shown). */
int ui_job_running(void);

/* Asks the running job to stop (sets its cancel flag); nothing when none. */
void ui_job_cancel(void);

/*
 * For the key loop, about every 100 ms: when the job has ended, joins it,
 * runs its END and puts its result on the message bar. Returns 1 when
 * something changed that is worth a repaint (progress or the end).
 */
int ui_job_poll(void);

/*
 * Writes the status line of the running job ("正在导入音像文件 42%  x 取消")
 * into OUT (N bytes). Returns 1 when a job runs (OUT filled), else 0.
 */
int ui_job_line(char *out, size_t n);

/*
 * Before the screens quit: when a job runs, asks whether to cancel it;
 * on yes cancels it and waits for it to end (nothing is stored half).
 * Returns 1 when the screens may quit, 0 when the person chose to stay.
 */
int ui_job_quit_ok(void);

/* Cancels the running job, if any, and waits for it to end, showing
 * nothing more than its result (the screens are ending: a signal). */
void ui_job_stop(void);

/*
 * A progress callback for core's long work (file_progress_fn,
 * ledger_progress_fn), CTX being the job's ui_job_progress: stores DONE and
 * TOTAL and returns 1 (stop) once the job is cancelled. Thread-safe.
 */
int ui_job_progress_cb(void *ctx, long long done, long long total);

/* Sets P's note from the format in the screens' language (thread-safe). */
void ui_job_say(ui_job_progress *p, const char *zh_fmt, const char *en_fmt, ...)
	__attribute__((format(printf, 2, 4), format(printf, 3, 4)));

#endif
