/* core/officer.h — the officer roster. */
#ifndef CORE_OFFICER_H
#define CORE_OFFICER_H

#include "core/jl.h"

typedef struct {
	char *id, *name, *cert, *role, *created_at;
} officer_row;

/* Adds an officer. ROLE NULL means "officer". NAME is one line, stored
 * trimmed; CERT an identifier, stored normalised (core/text.h, text_ident)
 * and unique as such. Returns JL_OK, JL_EINVALID (reasons in ERR),
 * JL_ENOMEM or JL_ESTORE. */
jl_status officer_add(jl *j, const char *id, const char *name, const char *cert,
		      const char *role, msglist *err);

/* Fills *O with officer ID (free with officer_row_free). JL_ENOTFOUND when none. */
jl_status officer_get(jl *j, const char *id, officer_row *o);

/* Returns every officer by id in *ROWS (free with officer_rows_free). */
jl_status officer_list(jl *j, officer_row **rows, int *n);

void officer_row_free(officer_row *o);
void officer_rows_free(officer_row *rows, int n);

#endif
