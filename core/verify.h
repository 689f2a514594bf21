/* core/verify.h — `jilu verify`: does the ledger still vouch for the store? */
#ifndef CORE_VERIFY_H
#define CORE_VERIFY_H

#include "core/jl.h"

typedef struct {
	long long entries;   /* ledger entries checked */
	long long records;   /* final records vouched for */
	long long actions;   /* closed actions vouched for */
	long long media;     /* media files re-hashed */
	long long fault_seq; /* the first entry that fails, 0 when none or not one entry */
} verify_report;

/*
 * Recomputes the chain, checks every entry against the row it speaks for and
 * every media file against its hash, and looks for final rows no entry
 * vouches for. Returns JL_OK when everything holds; JL_FOUND with the first
 * fault in OUT (and REP->fault_seq); JL_ESTORE when the store cannot be read.
 */
jl_status verify_run(jl *j, verify_report *rep, msglist *out);

#endif
