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

/* One row of a page of actions (action_page): the action, the name of its
 * party as its first record gives it, and how many of its records are final. */
typedef struct {
	action_row a;
	char *party;  /* NULL when no record names one */
	int nfinal;
} action_page_row;

/*
 * Reads at most LIMIT actions with an id below BEFORE (0: from the newest),
 * newest first, for a screen that scrolls through 100,000 of them a page at
 * a time. KIND NULL for all; STATE as action_list; SEARCH (NULL or "" for
 * none) keeps the actions whose title or party name holds it as a substring
 * (Chinese too). Free *ROWS with action_page_free.
 */
jl_status action_page(jl *j, const char *kind, int state, const char *search,
		      long long before, int limit, action_page_row **rows, int *n);
void action_page_free(action_page_row *rows, int n);

void action_row_free(action_row *a);
void action_rows_free(action_row *rows, int n);

/* Appends the canonical ledger body of A's opening, entry SEQ. */
void action_open_body(buf *out, long long seq, const char *device, const action_row *a);

/* Appends the canonical ledger body of A's close, entry SEQ. */
void action_ledger_body(buf *out, long long seq, const char *device, const action_row *a);

#endif
