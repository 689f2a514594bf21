/* core/hq_push.h — what headquarters sends devices: the form definitions,
 * calendar and kinds.json it published (core/hq_publish.h) and its roster
 * (docs/sync.md, "Headquarters → device"). */
#ifndef CORE_HQ_PUSH_H
#define CORE_HQ_PUSH_H

#include <cJSON.h>

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"
#include "core/sync_io.h"

/*
 * Builds the push for a device that holds HAVE (the hello's "have", or NULL:
 * nothing): each id's newest published definition the device lacks, the
 * published calendar and kinds.json when they differ, HQ's roster when it
 * differs. Sets
 * *OUT to {"t":"push",…} (caller frees) or NULL when nothing is new.
 * Returns JL_OK, JL_ESTORE or JL_ENOMEM with the reason in ERR.
 */
jl_status hq_push_build(db *d, const cJSON *have, cJSON **out, msglist *err);

/*
 * After the device's "done": sends it the push (when anything is new; in
 * parts when over a message's limit and HAVE says the device takes parts:
 * core/sync_parts.h) and reads its answer; once the device applied it, the
 * definitions, calendar and kinds.json are kept in M (HQ's store of the
 * device) too, so that read commands at HQ judge its records by the
 * versions it used. Returns JL_OK (nothing to send, or applied: "pushed"),
 * JL_EREFUSED (the device refused it, or it cannot be sent: the device was
 * told; the reason in ERR), JL_ELINK (the link died), JL_EINVALID (an
 * answer not understood) or JL_ESTORE.
 */
jl_status hq_push_run(db *d, db *m, sync_io *io, const cJSON *have, msglist *err);

/*
 * Returns 1 when HAVE (the hello's "have", NULL when absent) is what a
 * device says it holds: an object whose "forms" are {id, version, sha256}
 * with version a whole number from 1, whose "calendar", "kinds" and
 * "roster" are SHA-256 strings or null and whose "parts" is true or false;
 * else 0 with what is wrong appended to ZH and EN.
 */
int hq_push_have_ok(const cJSON *have, buf *zh, buf *en);

/* Appends HQ's roster version (SHA-256 of its lines, by id) to OUT and
 * returns 1; 0 when HQ has no officers; -1 on a store error. When ROSTER is
 * not NULL, it gets the officers as the push sends them (caller frees). */
int hq_push_roster(db *d, buf *out, cJSON **roster);

#endif
