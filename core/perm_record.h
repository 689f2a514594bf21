/* core/perm_record.h — the permission table's rows that judge a record as it
 * is finalised (core/perm.h): who finalises a case file, decides a copy
 * request, or amends a confidential mark away. */
#ifndef CORE_PERM_RECORD_H
#define CORE_PERM_RECORD_H

#include <cJSON.h>

#include "core/jl.h"
#include "core/record.h"

/*
 * Judges whether J's acting officer may finalise draft R (its data DATA) —
 * a first version or, when R->amends, a correction. Inside the caller's
 * transaction. Returns JL_OK, JL_EDENIED (exit 6) or JL_EREFUSED (a
 * copy.request's decided_by is not the acting head) with the reason in OUT,
 * or JL_ESTORE.
 */
jl_status perm_record_check(jl *j, const record_row *r, const cJSON *data, msglist *out);

/*
 * R20.2: returns 1 when J's acting officer (J->officer; NULL: nobody) may
 * read record R in full — R is not marked confidential, or the officer is
 * of its action (opened it, entered or finalised a record in it) or an
 * archivist, supervisor or head. 0 when not: show only that it exists, its
 * form and time, and PERM_RECORD_SEALED. -1 on a store error.
 */
int perm_record_readable(jl *j, const record_row *r);

/* What the unentitled see in place of a confidential record's content. */
#define PERM_RECORD_SEALED_ZH "涉密，无权查阅"
#define PERM_RECORD_SEALED_EN "confidential: not yours to read"

/* Returns 1 when record data DATA (parsed) is marked confidential. */
int perm_record_secret(const cJSON *data);

#endif
