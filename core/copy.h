/* core/copy.h — copies for a party (R21.1): the records a final, approved
 * copy.request names, never a confidential one, given by a head. */
#ifndef CORE_COPY_H
#define CORE_COPY_H

#include "core/jl.h"
#include "core/record.h"

/*
 * Checks that J's acting officer may give the copy REQUEST asks for and
 * loads its records. REQUEST must be a final copy.request not corrected
 * since, decided "approved"; each record it names final, the latest version
 * and not confidential; the acting officer a head (PERM_COPY_GIVE).
 * Returns JL_OK with the records in *ROWS (free with record_rows_free) and
 * the request's action in *ACTION; else JL_EDENIED, JL_EREFUSED (R21.1,
 * R20.2), JL_EINVALID (no such record) or JL_ESTORE, with the reason in ERR.
 * The caller gives the copy and logs it (access_log "copy" with its SHA-256).
 */
jl_status copy_prepare(jl *j, long long request, record_row **rows, int *n, long long *action,
		       msglist *err);

#endif
