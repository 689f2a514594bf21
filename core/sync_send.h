/* core/sync_send.h — the device's side of the exchange with headquarters. */
#ifndef CORE_SYNC_SEND_H
#define CORE_SYNC_SEND_H

#include "core/jl.h"
#include "core/msg.h"
#include "core/status.h"
#include "core/sync_io.h"

/* Where a sync stands, for a progress bar. */
typedef struct {
	long long entries_done, entries_total;
	unsigned long long bytes_done, bytes_total; /* media bytes */
} sync_progress;

/* Called as the sync moves on; returns non-zero to cancel (the sync ends
 * as a cut one would: what HQ acknowledged stays, the rest goes next time). */
typedef int (*sync_progress_fn)(void *ctx, const sync_progress *p);

typedef struct {
	long long sent;            /* entries HQ acknowledged this time */
	long long media_sent;      /* media transferred (whole or the rest of one) */
	unsigned long long media_bytes;
	long long hq_seq;          /* the chain head HQ holds at the end */
	long long skew;            /* the device's clock minus HQ's, seconds */
	char *warn_zh, *warn_en;   /* HQ's warning (clock), or NULL; caller frees */
	int pushed;                /* 1 when HQ sent anything back (core/sync_pull.h) */
	int forms_in;              /* definitions HQ sent that now take effect */
	int calendar_in;           /* 1 when HQ sent a calendar */
	int kinds_in;              /* 1 when HQ sent kinds.json */
	int officers_in;           /* roster changes (officers, PIN hashes) from HQ */
} sync_result;

/*
 * Runs the exchange over IO (docs/sync.md): reads what HQ holds for J's
 * device, sends what is missing (media first, then the entries that name
 * them, in batches each acknowledged), takes what HQ sends back (definitions,
 * calendar, roster: core/sync_pull.h) and ends. Returns JL_OK when HQ has
 * acknowledged everything; JL_EREFUSED when HQ refused (a fork, an entry
 * that does not hold, another protocol version) or the device refused what
 * HQ sent (nothing of it applied); JL_ELINK when the link died or HQ failed; JL_ESTORE
 * on a local store error; the reason in ERR. RES is filled as far as it got
 * (free its warnings with sync_result_free).
 */
jl_status sync_run(jl *j, sync_io *io, sync_progress_fn progress, void *ctx, sync_result *res,
		   msglist *err);

void sync_result_free(sync_result *res);

/* What the device knows of its last sync, for the screens and `sync status`. */
typedef struct {
	char *last_at;       /* when HQ last acknowledged everything, or NULL (never) */
	long long hq_seq;    /* the entry HQ held then (0: none) */
	long long waiting;   /* entries HQ has not acknowledged */
} sync_state;

/*
 * Reads J's sync state (meta 'sync_at' and 'sync_seq', written by a sync
 * that ended with everything acknowledged). Returns JL_OK with *OUT (free
 * with sync_state_free), or JL_ESTORE.
 */
jl_status sync_state_read(jl *j, sync_state *out, msglist *err);
void sync_state_free(sync_state *s);

#endif
