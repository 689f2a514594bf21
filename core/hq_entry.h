/* core/hq_entry.h — what HQ can tell of one entry without its store: that it
 * is well formed, hashes to its hash, names the device, and vouches for the
 * data sent with it; and the values of the rows it vouches for. Pure work on
 * the entry's own bytes, so a batch's entries can be judged on another
 * thread while the batch before is stored (core/hq_pipe.h). */
#ifndef CORE_HQ_ENTRY_H
#define CORE_HQ_ENTRY_H

#include "core/buf.h"
#include "core/hq_rows.h"
#include "core/ledger.h"
#include "core/sync_batch.h"

/* The verdict on one entry (hq_entry_pre). */
enum {
	HQ_PRE_OK = 0,        /* the rows' values in .rows */
	HQ_PRE_MALFORMED = 1, /* a member missing or of the wrong type */
	HQ_PRE_BAD = 2,       /* refused, the reason in .zh/.en */
	HQ_PRE_NOMEM = -1,
};

typedef struct {
	int verdict;          /* HQ_PRE_… */
	hq_rows rows;         /* the values of the rows it vouches for, when OK */
	int media_ok;         /* a media entry naming its medium: */
	char media_sha[LEDGER_HASH_LEN + 1];
	long long media_size;
	buf zh, en;           /* why, when HQ_PRE_BAD */
} hq_pre;

/* Judges entry E of DEVICE into *P (zeroed, or used before: its memory is
 * kept): the checks that need no store, in the order HQ reports them after
 * the store's own (the entry's place in the chain). The body is parsed and
 * freed here. */
void hq_entry_pre(const char *device, const sync_entry *e, hq_pre *p);

/* Frees what P holds. */
void hq_pre_free(hq_pre *p);

/* Returns 1 when E has every member of an entry (seq a positive integer;
 * kind, subject, body; prev_hash and hash 64 lowercase hex digits). */
int hq_entry_well_formed(const sync_entry *e);

#endif
