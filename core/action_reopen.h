/* core/action_reopen.h — reopening a closed action (R22.3): a head or a
 * supervisor undoes its close, on the record, with a reason. */
#ifndef CORE_ACTION_REOPEN_H
#define CORE_ACTION_REOPEN_H

#include "core/buf.h"
#include "core/jl.h"

/* One reopening: who, when, why, and the close it undid (kept, so that
 * close's ledger entry still verifies byte for byte). */
typedef struct {
	long long action_id;
	char *reopened_at, *reopened_by, *reason, *device;
	char *closed_at, *closed_by, *close_reason; /* the close undone */
	long long close_seq, ledger_seq;
} reopen_row;

/*
 * Reopens closed action ID for REASON (one line, not blank): a ledger
 * entry of kind "reopen", the close it undoes kept in a reopening row, the
 * action open again (records may be added; `action close` closes it again
 * as before). Needs an acting head or supervisor (perm_check PERM_REOPEN).
 * One transaction. Returns JL_OK, JL_EINVALID (no reason, or the action is
 * open), JL_ENOTFOUND, JL_EUSAGE (nobody acts), JL_EDENIED or JL_ESTORE,
 * with the reason in ERR.
 */
jl_status action_reopen(jl *j, long long id, const char *reason, msglist *err);

/* Fills *ROWS with action ID's reopenings, oldest first (free with
 * reopen_rows_free). Returns JL_OK or JL_ESTORE. */
jl_status action_reopenings(jl *j, long long id, reopen_row **rows, int *n);

/* Fills *R with the reopening entry SEQ vouches for; JL_ENOTFOUND when
 * none. Free with reopen_row_free. */
jl_status action_reopening_by_seq(jl *j, long long seq, reopen_row *r);

/* Fills *R with the reopening that undid the close of entry CLOSE_SEQ of
 * action ID; JL_ENOTFOUND when none. Free with reopen_row_free. */
jl_status action_reopening_of_close(jl *j, long long id, long long close_seq, reopen_row *r);

/* Appends the canonical body of reopening R, entry SEQ. */
void action_reopen_body(buf *out, long long seq, const char *device, const reopen_row *r);

void reopen_row_free(reopen_row *r);
void reopen_rows_free(reopen_row *rows, int n);

#endif
