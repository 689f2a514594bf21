/* core/hq_publish.h — `jilu hq publish`: the form definitions, calendar
 * and kinds.json HQ sends its devices (docs/sync.md, "Headquarters →
 * device"), checked and kept in HQ's registry. */
#ifndef CORE_HQ_PUBLISH_H
#define CORE_HQ_PUBLISH_H

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"

/* Creates hq_forms, hq_calendar and hq_kinds in HQ's registry D when missing (like
 * hq_store_init: never in a device's store). Returns JL_OK or JL_ESTORE. */
jl_status hq_publish_init(db *d, msglist *err);

typedef struct {
	int forms_new;     /* definitions stored now */
	int forms_same;    /* held already with the same text */
	int calendar_new;  /* 1 when the calendar was stored now */
	int kinds_new;     /* 1 when kinds.json was stored now */
} hq_publish_report;

/*
 * `jilu hq publish`: checks every definition of DIR with the checker of
 * `jilu forms check` and stores each (id, version, SHA-256, text) and
 * DIR/calendar.json and DIR/kinds.json in HQ's registry at DB_PATH (made on first use), in one
 * transaction. Returns JL_OK with REP filled; JL_EINVALID when DIR has
 * problems (each in ERR with its file and JSON path); JL_EREFUSED when a
 * definition HQ holds under the same id and version has other text; JL_ESTORE.
 * Nothing is stored unless JL_OK.
 */
jl_status hq_publish(const char *db_path, const char *dir, hq_publish_report *rep, msglist *err);

#endif
