/* core/hq_hold.h — what a device's key may leave at HQ that no entry
 * names: HQ's limits on media (the largest medium, the bytes held per
 * device, the slowest transfer) and the media HQ holds for a device before
 * an entry names them (docs/sync.md, "What a stolen device key can do").
 *
 * A device sends each medium just before the entry naming it, and ends the
 * batch there (core/sync_send.c), so an honest device has at most one
 * medium at HQ that no entry of it names: the one it is sending, or the one
 * whose batch a cut lost (which it offers again first on its next sync).
 * Every medium a device begins is noted in the registry's hq_held (sha256,
 * device, size, complete, session); a note goes once an entry of the
 * device's store at HQ names the medium. When a device begins another
 * medium, what an earlier session of it left unnamed (and did not offer
 * again in this one) is removed; when it says `done`, all it holds unnamed
 * is. Each removal is recorded in hq_refusals. A jilu from before one
 * medium per batch sends a whole batch's media first: those stay, counted
 * against the cap, until the batch or the session's done. */
#ifndef CORE_HQ_HOLD_H
#define CORE_HQ_HOLD_H

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"

/* The largest medium the protocol carries (a day of body-camera video is
 * far less): a size past it is a message not understood. */
#define HQ_MEDIA_MAX (64LL << 30)

/* The average rate a transfer must keep by default, bytes/s: 16 kbit/s,
 * which a GPRS uplink (2G, two slots, ~27 kbit/s) still meets. */
#define HQ_MIN_RATE_DEFAULT 2048

/* HQ's limits on media, kept in the registry's meta (`jilu hq limits`). */
typedef struct {
	long long media_max; /* the largest medium HQ takes, bytes (≤ HQ_MEDIA_MAX) */
	long long hold_max;  /* bytes one device may have at HQ that no entry names */
	long long min_rate;  /* bytes/s a medium's transfer must average (0: no floor) */
} hq_limits;

/* Reads HQ's limits from the registry D into *LIM, each unset one at its
 * default (media_max and hold_max HQ_MEDIA_MAX, min_rate
 * HQ_MIN_RATE_DEFAULT). Returns JL_OK, or JL_ESTORE with the reason in ERR
 * (a value in meta that is not a number in its range). */
jl_status hq_limits_read(db *d, hq_limits *lim, msglist *err);

/* Stores *LIM in the registry D (one transaction). Returns JL_OK,
 * JL_EINVALID (a value out of its range, said in ERR) or JL_ESTORE. */
jl_status hq_limits_write(db *d, const hq_limits *lim, msglist *err);

/*
 * DEVICE offers the medium SHA256 of SIZE bytes; M is the device's store at
 * HQ. Refuses a size over LIM->media_max before a byte is taken. When HQ
 * holds the medium, sets *HAS (its note, if any, becomes this session's;
 * beside another device that holds it unnamed, the device is noted too, so
 * that one's removal keeps it). Otherwise this is the device's new medium:
 * what else it holds unnamed — but what this session sent or offered again,
 * and partial files a session is writing — is removed (each removal
 * recorded), and the medium is noted as begun unless what stays, with
 * SIZE, is over LIM->hold_max.
 * Returns JL_OK; JL_EREFUSED with the reason in ERR (over a limit; the
 * caller records it); JL_ESTORE.
 */
jl_status hq_hold_offer(db *d, db *m, const char *device, const char *sha256, long long size,
			const hq_limits *lim, int *has, msglist *err);

/* The medium SHA256 of DEVICE is complete and recorded in hq_media: its note
 * says so (inside the caller's transaction on D). Returns 0 or -1. */
int hq_hold_complete(db *d, const char *device, const char *sha256);

/* Forgets DEVICE's note of SHA256 (its bytes were refused and removed).
 * Best effort. */
void hq_hold_forget(db *d, const char *device, const char *sha256);

/*
 * DEVICE said `done`: it has sent every medium its entries name. Every
 * medium it holds at HQ that no entry of M names is removed — a complete one
 * from hq_media and media/, a partial file unless a session is writing it —
 * and each removal recorded in hq_refusals (reason "unnamed"). Returns
 * JL_OK or JL_ESTORE.
 */
jl_status hq_hold_settle(db *d, db *m, const char *device, msglist *err);

#endif
