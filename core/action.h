/* core/action.h — enforcement actions (Art. 2): one matter, of one kind. */
#ifndef CORE_ACTION_H
#define CORE_ACTION_H

#include "core/buf.h"
#include "core/jl.h"

typedef struct {
	long long id;
	char *kind, *title, *device, *opened_by, *opened_at, *closed_by, *closed_at;
	long long ledger_seq;   /* the close's entry; 0 while open */
	long long open_seq;     /* the opening's entry */
	int nrecords;           /* records of any state (action_list only) */
} action_row;

/* Returns 1 when KIND is one of the five kinds of R2.1. */
int action_kind_valid(const char *kind);

/* Opens an action with its ledger entry (kind "open"), in one transaction;
 * *ID gets its id. Needs an acting officer. */
jl_status action_open(jl *j, const char *kind, const char *title, long long *id,
		      msglist *err);

/* Closes action ID: one ledger entry. JL_EFINAL when already closed. */
jl_status action_close(jl *j, long long id, msglist *err);

/* Fills *A (free with action_row_free); JL_ENOTFOUND when there is none. */
jl_status action_get(jl *j, long long id, action_row *a);

/*
 * Lists actions, newest first. KIND NULL for all; STATE 0 all, 1 open only,
 * 2 closed only. Free with action_rows_free.
 */
jl_status action_list(jl *j, const char *kind, int state, action_row **rows, int *n);

void action_row_free(action_row *a);
void action_rows_free(action_row *rows, int n);

/* Appends the canonical ledger body of A's opening, entry SEQ. */
void action_open_body(buf *out, long long seq, const char *device, const action_row *a);

/* Appends the canonical ledger body of A's close, entry SEQ. */
void action_ledger_body(buf *out, long long seq, const char *device, const action_row *a);

#endif
