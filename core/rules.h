/* core/rules.h — the named cross-record rules a form definition may list. */
#ifndef CORE_RULES_H
#define CORE_RULES_H

#include <cJSON.h>

#include "core/jl.h"
#include "core/record.h"

/*
 * Applies every rule F lists to record R (whose data is DATA) at
 * finalisation. Appends one message per problem to OUT. Returns the number
 * appended, or -1 on a store error.
 */
int rules_apply(jl *j, const form *f, const record_row *r, const cJSON *data, msglist *out);

#endif
