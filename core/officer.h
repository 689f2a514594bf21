/* core/officer.h — the officer roster. */
#ifndef CORE_OFFICER_H
#define CORE_OFFICER_H

#include "core/jl.h"

#include "core/buf.h"

typedef struct {
	char *id, *name, *cert, *role, *created_at;
	char *changed_at, *changed_by; /* the roster entry: when and by whom (NULL: nobody acted) */
	long long ledger_seq;          /* the roster entry that vouches for the row */
	char *roles;                   /* every role, "officer,archivist" in the order of
					* core/perm.h; ROLE is the first */
	char *retired_at, *retired_by, *retired_reason; /* NULL while serving */
} officer_row;

/* Adds an officer with the roster entry that vouches for it (kind
 * "officer"), in one transaction. The first officer of a store is its admin
 * (ROLE NULL or "admin"; another role is refused) and nobody need act; after
 * that the acting officer must be an admin (perm_check PERM_ROSTER, else
 * JL_EDENIED) and ROLE NULL means "officer". NAME is one
 * line, stored trimmed; CERT an identifier, stored normalised (core/text.h,
 * text_ident) and unique as such. Needs the store's device id; nobody need
 * act (the first officers). Returns JL_OK, JL_EINVALID (reasons in ERR),
 * JL_ENOMEM or JL_ESTORE. */
jl_status officer_add(jl *j, const char *id, const char *name, const char *cert,
		      const char *role, msglist *err);

/* Gives officer ID the roles ROLE (one role or a comma-separated list, in
 * English or the bureau's words: officer_roles_parse) with a new roster
 * entry, in one transaction (no entry when the roles are already those).
 * Needs an acting admin; a retired officer's roles stay as they were; the
 * last serving admin keeps "admin". Returns JL_OK, JL_EINVALID (unknown
 * role, retired, last admin), JL_ENOTFOUND (no such officer), JL_EUSAGE
 * (nobody acts), JL_EDENIED (not an admin), JL_ESTORE. */
jl_status officer_set_role(jl *j, const char *id, const char *role, msglist *err);

/*
 * Retires officer ID (R7.1): a roster entry stamped now, by the acting
 * admin, keeping REASON (NULL or blank: none). The officer stays on the
 * roster for the records that name him and can no longer act (jl_act_as…
 * refuses him). Returns JL_OK, JL_EINVALID (retired already, or the last
 * serving admin), JL_ENOTFOUND, JL_EUSAGE (nobody acts), JL_EDENIED (not an
 * admin) or JL_ESTORE, with the reason in ERR.
 */
jl_status officer_retire(jl *j, const char *id, const char *reason, msglist *err);

/*
 * Whether officer ID is retired: returns 1 and copies the time of his
 * retirement ("YYYY-MM-DDTHH:MM:SS+HH:MM", as stamped) into WHEN_OUT (when
 * not NULL; cut to WHEN_SIZE-1 bytes, always terminated); 0 when he serves;
 * -1 when there is no such officer or the roster cannot be read. Allocates
 * nothing.
 */
int officer_retired_at(jl *j, const char *id, char *when_out, size_t when_size);

/*
 * Reads IN, one role or several separated by commas (a role repeated is one;
 * each in English, "archivist", or the bureau's word, "档案管理员"), into
 * OUT as the canonical list: English ids in the order of core/perm.h,
 * comma-separated. Returns 0; -1 with the unknown name in ERR at WHERE.
 */
int officer_roles_parse(const char *in, buf *out, msglist *err, const char *where);

/* Returns the role bits (PERM_ROLE_…) of O: none once O is retired. */
int officer_role_bits(const officer_row *o);

/* Appends the canonical body of O's roster entry SEQ (its values now). */
void officer_ledger_body(buf *out, long long seq, const char *device, const officer_row *o);

/* Fills *O with officer ID (free with officer_row_free). JL_ENOTFOUND when none. */
jl_status officer_get(jl *j, const char *id, officer_row *o);

/* Returns every officer by id in *ROWS (free with officer_rows_free). */
jl_status officer_list(jl *j, officer_row **rows, int *n);

void officer_row_free(officer_row *o);
void officer_rows_free(officer_row *rows, int n);

#endif
