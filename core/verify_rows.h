/* core/verify_rows.h — the checks of `verify` on the rows entries vouch
 * for (verify.c walks the chain and calls them). */
#ifndef CORE_VERIFY_ROWS_H
#define CORE_VERIFY_ROWS_H

#include "core/buf.h"
#include "core/jl.h"
#include "core/ledger.h"
#include "core/verify.h"

/* Reports a fault of entry SEQ (0: of no one entry) in OUT; the first one
 * reported is REP->fault_seq. */
void verify_fault(verify_report *rep, msglist *out, long long seq, const char *zh,
		  const char *en);

/* What the walk keeps between entries: the roster, the last action read.
 * Returns a new cache (free with verify_cache_free), or NULL. */
typedef struct verify_cache verify_cache;
verify_cache *verify_cache_new(jl *j);
void verify_cache_free(verify_cache *c);

/*
 * Checks record ID, its action and who entered and finalised it (as C holds
 * them) against entry E (a finalisation or amendment), rebuilding the body
 * in WANT (emptied first). Returns 0 when it holds, 1 with the reason in
 * ZH/EN, -1 on a store error.
 */
int verify_record_entry(jl *j, verify_cache *c, const ledger_entry *e, long long id,
			verify_report *rep, buf *want, buf *zh, buf *en);

/* Looks for rows that no entry vouches for (written behind the program's
 * back, or their entry removed), records in a state jilu never writes,
 * drafts posing as corrections, and officers named but missing. C's scan of
 * the records is finished here. Returns 0, 1 on a fault (reported), -1. */
int verify_orphans(jl *j, verify_cache *c, verify_report *rep, msglist *out);

/* Looks for a NUL byte hidden in a text column of a row an entry vouches
 * for. Returns 0, 1 on a fault (reported), -1. */
int verify_hidden(jl *j, verify_report *rep, msglist *out);

#endif
