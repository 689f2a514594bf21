/*
 * core/shape_object.h — the shapes made of named members: party, officers,
 * signatures and av (spec/forms.md "Value shapes"). shape_check dispatches
 * here; each appends one message per problem to C->out and trims the text
 * members of V in place.
 */
#ifndef CORE_SHAPE_OBJECT_H
#define CORE_SHAPE_OBJECT_H

#include <cJSON.h>

#include "core/shape.h"
#include "core/shape_ctx.h"

/*
 * FINAL follows shape_check: 0 (a draft) checks only what is given — types,
 * allowed ids, unknown or repeated keys, repeated certificate numbers, the
 * check character of an id number; non-zero also asks for completeness —
 * required members, reasons, O->min.
 */

/* V (not NULL) as a party; a given id number is checked by its id_type
 * (a lowercase x check character of a resident id becomes X). */
void shape_object_party(shape_ctx *c, cJSON *v, const char *path, int final);
/* V as officers. */
void shape_object_officers(shape_ctx *c, cJSON *v, const shape_opts *o,
			   const char *path, int final);
/* V as signatures. */
/* Returns 1 when ROLE is a role a signature may have (party, officer, …). */
int shape_signature_role_known(const char *role);
/* Returns the roles a signature may have, in the order a person picks from
 * (static: nothing to free), *N their count. */
const char *const *shape_signature_roles(int *n);

void shape_object_signatures(shape_ctx *c, cJSON *v, const shape_opts *o,
			     const char *path, int final);
/* V as an audio/video record. */
void shape_object_av(shape_ctx *c, cJSON *v, const char *path, int final);

#endif
