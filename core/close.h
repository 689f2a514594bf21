/* core/close.h — closing an action only when `check` finds nothing left,
 * or on an officer's stated reason (R19.1, R22.1). */
#ifndef CORE_CLOSE_H
#define CORE_CLOSE_H

#include <time.h>

#include "core/jl.h"

/*
 * Closes action ID as of NOW. While check_action (core/check.h) still finds
 * something (a missing record, a finding, an open deadline), refuses with
 * JL_EREFUSED and one message in OUT per item, plus how to close anyway;
 * with FORCE it closes even so and keeps REASON (one line of text, required
 * with FORCE: JL_EUSAGE without it) in the action's row and close entry, and
 * check reports it from then on. REASON without FORCE is a usage error.
 * Returns JL_OK, those, or action_close's statuses. Allocates nothing the
 * caller frees.
 */
jl_status close_action(jl *j, long long id, int force, const char *reason, time_t now,
		       msglist *out);

#endif
