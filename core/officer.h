/* core/officer.h — the officer roster. */
#ifndef CORE_OFFICER_H
#define CORE_OFFICER_H

#include "core/jl.h"

#include "core/buf.h"

typedef struct {
	char *id, *name, *cert, *role, *created_at;
	char *changed_at, *changed_by; /* the roster entry: when and by whom (NULL: nobody acted) */
	long long ledger_seq;          /* the roster entry that vouches for the row */
} officer_row;

/* Adds an officer with the roster entry that vouches for it (kind
 * "officer"), in one transaction. ROLE NULL means "officer". NAME is one
 * line, stored trimmed; CERT an identifier, stored normalised (core/text.h,
 * text_ident) and unique as such. Needs the store's device id; nobody need
 * act (the first officers). Returns JL_OK, JL_EINVALID (reasons in ERR),
 * JL_ENOMEM or JL_ESTORE. */
jl_status officer_add(jl *j, const char *id, const char *name, const char *cert,
		      const char *role, msglist *err);

/* Gives officer ID the role ROLE with a new roster entry, in one
 * transaction (no entry when the role is already ROLE). Needs an acting
 * officer. Returns JL_OK, JL_EINVALID (unknown role), JL_ENOTFOUND (no such
 * officer), JL_EUSAGE (nobody acts), JL_ESTORE. */
jl_status officer_set_role(jl *j, const char *id, const char *role, msglist *err);

/* Appends the canonical body of O's roster entry SEQ (its values now). */
void officer_ledger_body(buf *out, long long seq, const char *device, const officer_row *o);

/* Fills *O with officer ID (free with officer_row_free). JL_ENOTFOUND when none. */
jl_status officer_get(jl *j, const char *id, officer_row *o);

/* Returns every officer by id in *ROWS (free with officer_rows_free). */
jl_status officer_list(jl *j, officer_row **rows, int *n);

void officer_row_free(officer_row *o);
void officer_rows_free(officer_row *rows, int n);

#endif
