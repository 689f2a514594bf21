/* core/hq_push.h — what headquarters sends devices: the form definitions and
 * calendar it published (`jilu hq publish`) and its roster (docs/sync.md,
 * "Headquarters → device"). */
#ifndef CORE_HQ_PUSH_H
#define CORE_HQ_PUSH_H

#include <cJSON.h>

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"
#include "core/sync_io.h"

/* Creates hq_forms and hq_calendar in HQ's registry D when missing (like
 * hq_store_init: never in a device's store). Returns JL_OK or JL_ESTORE. */
jl_status hq_push_init(db *d, msglist *err);

typedef struct {
	int forms_new;     /* definitions stored now */
	int forms_same;    /* held already with the same text */
	int calendar_new;  /* 1 when the calendar was stored now */
	int kinds_new;     /* 1 when kinds.json was stored now */
} hq_publish_report;

/*
 * `jilu hq publish`: checks every definition of DIR with the checker of
 * `jilu forms check` and stores each (id, version, SHA-256, text) and
 * DIR/calendar.json in HQ's registry at DB_PATH (made on first use), in one
 * transaction. Returns JL_OK with REP filled; JL_EINVALID when DIR has
 * problems (each in ERR with its file and JSON path); JL_EREFUSED when a
 * definition HQ holds under the same id and version has other text; JL_ESTORE.
 * Nothing is stored unless JL_OK.
 */
jl_status hq_publish(const char *db_path, const char *dir, hq_publish_report *rep, msglist *err);

/*
 * Builds the push for a device that holds HAVE (the hello's "have", or NULL:
 * nothing): each id's newest published definition the device lacks, the
 * published calendar when it differs, HQ's roster when it differs. Sets
 * *OUT to {"t":"push",…} (caller frees) or NULL when nothing is new.
 * Returns JL_OK, JL_ESTORE or JL_ENOMEM with the reason in ERR.
 */
jl_status hq_push_build(db *d, const cJSON *have, cJSON **out, msglist *err);

/*
 * After the device's "done": sends it the push (when anything is new) and
 * reads its answer; once the device applied it, the definitions and
 * calendar are kept in M (HQ's store of the device) too, so that read
 * commands at HQ judge its records by the versions it used. Returns JL_OK (nothing to send, or applied: "pushed"),
 * JL_EREFUSED (the device refused it: the reason in ERR), JL_ELINK (the link
 * died), JL_EINVALID (an answer not understood) or JL_ESTORE.
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
