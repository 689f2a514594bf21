/* core/roster.h — officers named in a record are officers of the roster
 * (R7.1, R9.1, R18.1): named by roster id, not names typed in. */
#ifndef CORE_ROSTER_H
#define CORE_ROSTER_H

#include <time.h>

#include <cJSON.h>

#include "core/form.h"
#include "core/jl.h"

/*
 * Resolves V, a value of field FD of form F (officers or signatures; any other shape
 * is left alone) that passed shape_check, in place:
 * - an `officers` entry giving "id" must name a roster officer; its "name"
 *   and "cert" become the roster's as it stands now (so a later roster
 *   change does not alter a final record). In a draft (FINAL 0) a name or
 *   certificate typed beside the id must be that officer's: a mistake to
 *   show, not to mend;
 * - an entry giving a name and a certificate without an id gets the id of
 *   the roster officer with both (certificates are unique); one matching
 *   none is refused when FINAL, and left as it is in a draft (half done);
 *   an entry with only one of them is left to the shape's "required";
 * - an officer signature likewise, by "id" or by a "name" one roster
 *   officer has (a name several have is refused when FINAL: give the id);
 *   an id on anyone else's signature is refused;
 * - the same officer twice in `officers` is refused;
 * - when FINAL, an officer retired before WHEN (roster_record_time) is
 *   refused.
 * Each problem goes to OUT at its JSON path citing the requirement of F's
 * `officers` field (R7.1, R9.1, R18.1: the article the form serves; FD's own
 * when F has none). When a member was set (V was not resolved already) and
 * CHANGED is not NULL, *CHANGED is set to 1 (else left). Returns the number
 * of problems, or -1 on a store error (reason in OUT).
 */
int roster_resolve_value(jl *j, const form *f, const form_field *fd, cJSON *v, int final,
			 time_t when, msglist *out, int *changed);

/* The time of a record of form F with DATA, against which retirement is
 * judged: the first datetime field of F that DATA gives (when the
 * inspection, the inquiry … took place), else now (clock_now_epoch). */
time_t roster_record_time(const form *f, const cJSON *data);

#endif
