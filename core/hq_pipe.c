/* core/hq_pipe.c — the helper threads of an ingest session: one that takes
 * a job at a time (judging a batch, writing a medium's frame), and the
 * checkpointing one. */
#include "core/hq_pipe.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

int hq_slot_judge(hq_slot *s, const sync_batch *b, const char *device)
{
	size_t i;

	if (b->n > s->pre_cap) {
		hq_pre *p = realloc(s->pre, b->n * sizeof *p);
		if (!p)
			return -1;
		memset(p + s->pre_cap, 0, (b->n - s->pre_cap) * sizeof *p);
		s->pre = p;
		s->pre_cap = b->n;
	}
	for (i = 0; i < b->n; i++) {
		hq_entry_pre(device, &b->v[i], &s->pre[i]);
		if (s->pre[i].verdict == HQ_PRE_NOMEM)
			return -1;
	}
	return 0;
}

void hq_slot_free(hq_slot *s)
{
	size_t i;

	for (i = 0; i < s->pre_cap; i++)
		hq_pre_free(&s->pre[i]);
	free(s->pre);
	s->pre = NULL;
	s->pre_cap = 0;
	sync_batch_free(&s->batch);
}

void hq_slot_run(void *arg)
{
	hq_slot *s = arg;

	s->fast = sync_batch_read(&s->batch, s->line, s->len);
	if (s->fast == 1 && hq_slot_judge(s, &s->batch, s->device) != 0)
		s->fast = -1;
}

struct hq_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int started;
	int stop;
	void (*fn)(void *);  /* the job handed over, not yet done (NULL: none) */
	void *arg;
};

static void *hq_worker_main(void *arg)
{
	hq_worker *w = arg;
	void (*fn)(void *);

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->fn && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->fn)
			break;
		fn = w->fn;
		pthread_mutex_unlock(&w->lock);
		fn(w->arg);
		pthread_mutex_lock(&w->lock);
		w->fn = NULL;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

hq_worker *hq_worker_start(void)
{
	hq_worker *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	if (pthread_mutex_init(&w->lock, NULL) != 0) {
		free(w);
		return NULL;
	}
	if (pthread_cond_init(&w->cond, NULL) != 0) {
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	w->started = pthread_create(&w->thread, NULL, hq_worker_main, w) == 0;
	return w;
}

void hq_worker_run(hq_worker *w, void (*fn)(void *), void *arg)
{
	if (!w->started) {
		fn(arg);
		return;
	}
	pthread_mutex_lock(&w->lock);
	while (w->fn)
		pthread_cond_wait(&w->cond, &w->lock);
	w->fn = fn;
	w->arg = arg;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void hq_worker_wait(hq_worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->fn)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

void hq_worker_stop(hq_worker *w)
{
	if (!w)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->cond);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

struct hq_ckpt {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	sqlite3 *h;
	int asked;
	int running;
	int stop;
	sqlite3 *writer;
	long long wal_bytes;  /* WRITER's WAL after its last commit (its thread's) */
	int page;             /* the store's page size */
};

static void *hq_ckpt_main(void *arg)
{
	hq_ckpt *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->asked && !c->stop)
			pthread_cond_wait(&c->cond, &c->lock);
		if (!c->asked)
			break;
		c->asked = 0;
		c->running = 1;
		pthread_mutex_unlock(&c->lock);
		/* Passive: it waits for no one, and what it cannot copy yet
		 * (frames a reader still needs) waits for the next one. A
		 * failure changes nothing acknowledged: the WAL holds it. */
		sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->running = 0;
		pthread_cond_broadcast(&c->cond);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* WRITER's WAL hook: called on its thread after each commit. */
static int hq_ckpt_wal_hook(void *arg, sqlite3 *h, const char *name, int frames)
{
	hq_ckpt *c = arg;

	(void)h;
	(void)name;
	c->wal_bytes = (long long)frames * c->page;
	return SQLITE_OK;
}

hq_ckpt *hq_ckpt_start(sqlite3 *writer)
{
	const char *path = sqlite3_db_filename(writer, "main");
	hq_ckpt *c = calloc(1, sizeof *c);
	sqlite3_stmt *st = NULL;

	if (!c || !path || !*path) {
		free(c);
		return NULL;
	}
	c->page = 4096;
	if (sqlite3_prepare_v2(writer, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		c->page = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	if (pthread_cond_init(&c->cond, NULL) != 0)
		goto fail_lock;
	/* Not made: the session's own connection made it and holds it. */
	if (sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		goto fail;
	/* A connection finds the store in WAL mode when it first reads it;
	 * before that a checkpoint does nothing and says so only in its
	 * counts (-1). */
	if (sqlite3_exec(c->h, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (pthread_create(&c->thread, NULL, hq_ckpt_main, c) != 0)
		goto fail;
	c->writer = writer;
	sqlite3_wal_hook(writer, hq_ckpt_wal_hook, c);
	return c;
fail:
	sqlite3_close(c->h);
	pthread_cond_destroy(&c->cond);
fail_lock:
	pthread_mutex_destroy(&c->lock);
	free(c);
	return NULL;
}

void hq_ckpt_kick(hq_ckpt *c)
{
	pthread_mutex_lock(&c->lock);
	c->asked = 1;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void hq_ckpt_before_write(hq_ckpt *c)
{
	if (c->wal_bytes <= HQ_WAL_SOFT_MAX)
		return;
	pthread_mutex_lock(&c->lock);
	while (c->asked || c->running)
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void hq_ckpt_stop(hq_ckpt *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	c->asked = 0;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	sqlite3_wal_hook(c->writer, NULL, NULL);
	sqlite3_close(c->h);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
