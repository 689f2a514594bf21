/*
 * core/casefile.h — the case file (案卷) of one action as the engine reads
 * it (Art. 19, R19.1): the action, its records and their attachments, the
 * ledger entries that speak for them and the verdict of verifying the whole
 * ledger, all from one snapshot of the store. The command line (tui/export*)
 * and the screens only lay it out.
 */
#ifndef CORE_CASEFILE_H
#define CORE_CASEFILE_H

#include "core/action.h"
#include "core/jl.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/msg.h"
#include "core/record.h"
#include "core/verify.h"

/* One ledger entry that speaks for the action, one of its records or attachments. */
typedef struct {
	long long seq;
	char *kind, *subject, *hash, *prev_hash, *body;
} casefile_entry;

/* Everything the case file says, read in one snapshot of the store. */
typedef struct {
	action_row a;
	record_row *rows;       /* every record of the action, drafts too */
	int n;
	media_row **media;      /* attachments of rows[i]; NULL for drafts */
	int *nmedia;
	int nfinal, ndrafts;
	casefile_entry *ledger; /* in seq order: the opening, records, attachments, close */
	int nledger;
	verify_report rep;
	jl_status verified;     /* JL_OK, or JL_FOUND with the faults in faults */
	msglist faults;
	char *exported_at;      /* when it was read (clock_now) */
} casefile;

/*
 * Reads action ID and all the case file says of it into *X (zeroed here)
 * in one snapshot of the store: its own unless the caller is in a
 * transaction. PROGRESS (with CTX; may be NULL) is told how the verification
 * of the ledger goes and may cancel it. Returns JL_OK; JL_ENOTFOUND (no such
 * action), JL_ESTORE, JL_ENOMEM or JL_ECANCELED with the reason in ERR.
 * Whatever it returns, the caller frees *X with casefile_free.
 */
jl_status casefile_load(jl *j, long long id, ledger_progress_fn progress, void *ctx,
			casefile *x, msglist *err);

/* Frees everything *X holds and zeroes it; safe to call twice. */
void casefile_free(casefile *x);

/* Returns 1 when R is final (belongs in the case file), else 0. */
int casefile_is_final(const record_row *r);

/* Returns the entry of X's ledger numbered SEQ, or NULL (SEQ 0: none); the
 * entry belongs to X. */
const casefile_entry *casefile_entry_find(const casefile *x, long long seq);

#endif
