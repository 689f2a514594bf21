/* core/hq_media.h — the media HQ holds: received frame by frame into a
 * partial file (a cut transfer resumes at its byte), checked by SHA-256,
 * then moved to media/ab/abcdef… beside HQ's store. */
#ifndef CORE_HQ_MEDIA_H
#define CORE_HQ_MEDIA_H

#include "core/buf.h"
#include "core/db.h"
#include "core/ledger.h"
#include "core/msg.h"
#include "core/status.h"

/* Returns 1 when HQ holds the medium SHA256 (of SIZE bytes), 0 when not, -1 on error. */
int hq_media_has(db *d, const char *sha256, long long size);

/*
 * Where a medium's bytes go: the partial file of SHA256 under the media
 * directory beside D (made when missing), opened for appending and locked
 * (flock) against a second session. Returns JL_OK with *PATH (caller frees),
 * *FD (caller closes: that releases the lock) and *HAVE, the bytes already
 * there (a cut transfer resumes there; a partial file longer than SIZE
 * starts again); JL_ELINK when another session holds the lock; JL_ESTORE.
 */
jl_status hq_media_partial(db *d, const char *sha256, long long size, char **path,
				 int *fd, long long *have, msglist *err);

/* The SHA-256 of a medium as its bytes arrive. */
typedef struct hq_media_sum hq_media_sum;

/* Starts the sum with the first HAVE bytes already in the partial file FD
 * (a cut transfer's). Returns it (free with hq_media_sum_free), or NULL. */
hq_media_sum *hq_media_sum_begin(int fd, long long have);
/* Adds N bytes at P. Returns 0 or -1. */
int hq_media_sum_add(hq_media_sum *m, const void *p, size_t n);
void hq_media_sum_free(hq_media_sum *m);

/* One frame of a medium to write and add to its sum: a job for a worker
 * thread (core/hq_pipe.h), so that the session reads the next frame
 * meanwhile. */
typedef struct {
	int fd;                /* the partial file */
	hq_media_sum *sum;
	const char *p;         /* the frame's bytes (lent) and their count */
	size_t n;
	long long at;          /* the file's size before them */
	long long kicked;      /* where the writeback last started (kept here) */
	int failed;            /* set when writing or summing failed: the
				* frames after it are not written */
} hq_media_frame;

/* Writes the frame ARG (an hq_media_frame) at the end of its file, adds it
 * to the sum, and starts writing back every 8 MiB that have come, so that
 * the fsync before the acknowledgement finds little left to do. Sets
 * failed on an error. */
void hq_media_frame_write(void *arg);

/*
 * The partial file at PATH (open as FD, its lock held by the caller) is
 * complete and SUM holds the sum of its bytes: checks they are SIZE bytes
 * whose SHA-256 is SHA256, fsyncs the file, moves it to media/ab/abcdef…
 * and records it. Returns JL_OK; JL_EREFUSED when the bytes do not match
 * (the partial file is removed, so the next sync sends it whole); JL_ESTORE.
 * SUM is ended here (the caller still frees it).
 */
jl_status hq_media_done(db *d, const char *device, const char *path, int fd, hq_media_sum *sum,
			const char *sha256, long long size, msglist *err);

/* Appends the media directory beside D's file (DIR/media). */
void hq_media_dir(db *d, buf *out);

#endif
