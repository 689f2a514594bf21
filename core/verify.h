/* core/verify.h — `jilu verify`: does the ledger still vouch for the store? */
#ifndef CORE_VERIFY_H
#define CORE_VERIFY_H

#include "core/jl.h"
#include "core/ledger.h"

typedef struct {
	long long entries;   /* ledger entries checked */
	long long records;   /* final records vouched for */
	long long actions;   /* closed actions vouched for */
	long long media;     /* media files re-hashed */
	long long fault_seq; /* the first entry that fails, 0 when none or not one entry */
} verify_report;

/*
 * Recomputes the chain, checks every entry against the row it speaks for
 * (the store's start against its device id, roster entries against the
 * officers, openings and closes against the actions, records by their
 * data's SHA-256, media files by theirs), names every entry stamped earlier
 * than the one before it, and looks for rows no entry vouches for and a
 * ledger cut at its end. Reads one snapshot (its own unless the caller is
 * in a transaction). Returns JL_OK when everything holds; JL_FOUND with the
 * faults in OUT (the first in REP->fault_seq); JL_ESTORE when the store
 * cannot be read.
 */
jl_status verify_run(jl *j, verify_report *rep, msglist *out);

/* As verify_run, telling PROGRESS (with CTX; may be NULL) how far it has
 * come; JL_ECANCELED when PROGRESS asked to stop (no verdict then). */
jl_status verify_run_progress(jl *j, verify_report *rep, ledger_progress_fn progress, void *ctx,
			      msglist *out);

#endif
