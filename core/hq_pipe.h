/* core/hq_pipe.h — HQ's two helper threads during an ingest session: a
 * worker that reads the next batch's text and judges its entries
 * (core/hq_entry.h) while the session stores the batch before, and writes
 * and hashes a medium's frame while the session reads the next; and one
 * that copies the device store's WAL into its file (a checkpoint) after
 * each acknowledgement, while the session goes on with the next batch. The session's own thread keeps all
 * of the link's reading and writing and every write to the store, so the
 * order of what is stored and acknowledged is the same as without them.
 * When a thread cannot be started, the work is done on the caller's thread:
 * slower, never different. */
#ifndef CORE_HQ_PIPE_H
#define CORE_HQ_PIPE_H

#include <sqlite3.h>
#include <stddef.h>

#include "core/hq_entry.h"
#include "core/sync_batch.h"

/* A batch message and what is known of it: filled by hq_slot_run. */
typedef struct {
	const char *device;  /* whose entries */
	const char *line;   /* the message's text (lent: the caller keeps it
			     * unchanged until the job is done) */
	size_t len;
	int fast;           /* sync_batch_read's answer: 1 read, 0 not the
			     * device's own form (parse it with cJSON), -1 no memory */
	sync_batch batch;   /* the entries, when fast */
	hq_pre *pre;        /* one verdict per entry of batch (pre_cap of room) */
	size_t pre_cap;
} hq_slot;

#define HQ_SLOT_INIT {NULL, NULL, 0, 0, SYNC_BATCH_INIT, NULL, 0}

/* Judges each entry of B for DEVICE into S->pre (grown as needed; the
 * previous verdicts cleared). Returns 0, or -1 when out of memory. */
int hq_slot_judge(hq_slot *s, const sync_batch *b, const char *device);

/* Frees what S holds. Safe to call twice. */
void hq_slot_free(hq_slot *s);

/* Reads the slot's line (ARG, an hq_slot) into its batch and judges the
 * entries: a job for hq_worker_run. */
void hq_slot_run(void *arg);

/* A thread that runs one job at a time, handed over by the session's
 * thread; while it runs one, the session's thread goes on with the next
 * thing (storing the batch before, reading a medium's next frame). */
typedef struct hq_worker hq_worker;

/* Starts a worker. Returns it (free with hq_worker_stop), or NULL when out
 * of memory; a worker whose thread did not start runs each job in
 * hq_worker_run, on the caller's thread. */
hq_worker *hq_worker_start(void);

/* Hands FN(ARG) to W, after the job before it is done. The caller must not
 * touch what ARG points to until hq_worker_wait. */
void hq_worker_run(hq_worker *w, void (*fn)(void *), void *arg);

/* Waits until the job handed over last is done. */
void hq_worker_wait(hq_worker *w);

/* Waits for the job at hand, ends the thread, frees W. Safe with NULL. */
void hq_worker_stop(hq_worker *w);

typedef struct hq_ckpt hq_ckpt;

/* The WAL's size past which the next write waits for the checkpoint. */
#define HQ_WAL_SOFT_MAX (64LL << 20)

/* Starts the checkpointing thread for the store WRITER writes (a
 * connection of its own to the same file), and watches how long WRITER's
 * WAL grows (its WAL hook: WRITER's automatic checkpoint is off). Returns
 * it, or NULL (then the caller checkpoints itself). */
hq_ckpt *hq_ckpt_start(sqlite3 *writer);

/* Asks for a checkpoint: one is run after the latest request (requests
 * made while one runs are served by one more). */
void hq_ckpt_kick(hq_ckpt *c);

/*
 * Called before each write transaction of WRITER. The WAL starts again
 * from its beginning only when a write begins after everything in it was
 * copied; a checkpoint running beside the writes always lags a little, so
 * without a pause the WAL would grow by every batch of a long sync (as
 * large as the store itself). Once it holds more than HQ_WAL_SOFT_MAX
 * bytes, this waits for the checkpoint at hand to end, so the next write
 * starts it again.
 */
void hq_ckpt_before_write(hq_ckpt *c);

/* Waits for a checkpoint that is running, ends the thread, closes its
 * connection, frees C. Safe with NULL. */
void hq_ckpt_stop(hq_ckpt *c);

#endif
