/* core/sync_pull.h — the device's side of what headquarters sends back:
 * form definitions, the calendar, the roster (docs/sync.md,
 * "Headquarters → device"). */
#ifndef CORE_SYNC_PULL_H
#define CORE_SYNC_PULL_H

#include <cJSON.h>

#include "core/jl.h"
#include "core/msg.h"
#include "core/status.h"

/* What a push changed on the device. */
typedef struct {
	int forms;     /* definitions stored */
	int calendar;  /* 1 when a calendar was stored */
	int kinds;     /* 1 when kinds.json was stored */
	int officers;  /* roster entries written */
	int pins;      /* PIN hashes set */
} sync_pulled;

/*
 * Adds to HELLO the member "have": every definition J can use (id, version,
 * SHA-256), the calendar, kinds.json and the roster version HQ last sent,
 * and "parts": true (this device takes a push in several messages). Returns JL_OK,
 * JL_ENOMEM or JL_ESTORE (reason in ERR).
 */
jl_status sync_pull_have(jl *j, cJSON *hello, msglist *err);

/*
 * Checks and applies PUSH ({"t":"push",…}) to J's store in one transaction:
 * all of it or, with any problem, nothing. Definitions are checked as
 * `jilu forms check` checks them and join J->forms; the calendar replaces
 * J->forms's; roster changes are entries of J's own chain. Returns JL_OK
 * with OUT filled; JL_EREFUSED with each problem in ERR (which definition,
 * which JSON path, which officer); JL_ESTORE; JL_ENOMEM. After a refusal,
 * J->forms may hold definitions the store does not: close J.
 */
jl_status sync_pull_apply(jl *j, const cJSON *push, sync_pulled *out, msglist *err);

#endif
