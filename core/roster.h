/* core/roster.h — officers named in a record are officers of the roster
 * (R7.1, R9.1, R18.1): not names typed in. */
#ifndef CORE_ROSTER_H
#define CORE_ROSTER_H

#include <cJSON.h>

#include "core/form.h"
#include "core/jl.h"

/*
 * Checks record data DATA of form F as it is finalised: every entry of an
 * `officers` field names a roster officer by certificate number, with that
 * officer's name; every signature of role "officer" names a roster officer
 * by name. Each one that does not is a problem in OUT citing the field's
 * requirement (R7.1, R9.1, R18.1 as the form says) at its JSON path.
 * Returns the number of problems, or -1 on a store error.
 */
int roster_check_record(jl *j, const form *f, const cJSON *data, msglist *out);

#endif
