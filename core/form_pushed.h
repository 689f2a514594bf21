/* core/form_pushed.h — the definitions and calendar headquarters sent,
 * kept in the store (pushed_forms, pushed_calendar: docs/sync.md). */
#ifndef CORE_FORM_PUSHED_H
#define CORE_FORM_PUSHED_H

#include "core/db.h"
#include "core/form.h"
#include "core/msg.h"
#include "core/status.h"

/*
 * Adds to FS every definition D keeps from headquarters (each version, by
 * id and version), and puts the newest calendar and kinds.json D keeps in
 * place of FS's. Each was checked when it arrived; one that no longer passes
 * (a kinds.json naming a form the forms directory lost) is left out with its
 * problems in PROBLEMS, and FS keeps its own. A store older than schema 7
 * (or 9, for kinds.json; read as it is) has none. Returns JL_OK, JL_ESTORE (reason in PROBLEMS) or JL_ENOMEM.
 */
jl_status form_pushed_load(db *d, formset *fs, msglist *problems);

/*
 * As form_pushed_load, from what HQ's registry HQ published (`jilu hq
 * publish`: hq_forms, hq_calendar; none when it never published): HQ's lists
 * across devices judge each device's records by the versions sent to them.
 */
jl_status form_pushed_load_published(db *hq, formset *fs, msglist *problems);

/*
 * SQL that keeps a calendar from HQ (?1 its SHA-256, ?2 its text, ?3 when
 * received) as the newest row of pushed_calendar, unless the newest row
 * already holds that hash: the same push applied twice (two syncs at once,
 * or HQ told twice) keeps it once. A calendar sent again after another one
 * is a new row, being the one in use again. sqlite3_changes says which.
 */
#define FORM_PUSHED_CALENDAR_INSERT                                             \
	"INSERT INTO pushed_calendar(sha256, json, received_at) SELECT ?1, ?2, ?3" \
	" WHERE ?1 IS NOT (SELECT sha256 FROM pushed_calendar ORDER BY seq DESC LIMIT 1)"

/* As FORM_PUSHED_CALENDAR_INSERT, for kinds.json from HQ (pushed_kinds). */
#define FORM_PUSHED_KINDS_INSERT                                             \
	"INSERT INTO pushed_kinds(sha256, json, received_at) SELECT ?1, ?2, ?3" \
	" WHERE ?1 IS NOT (SELECT sha256 FROM pushed_kinds ORDER BY seq DESC LIMIT 1)"

/* Where a definition from HQ is named in problems: "HQ@VERSION/ID.json".
 * Appends it to OUT. */
void form_pushed_where(buf *out, const char *id, long long version);

/* Keeps a text from HQ (HASH its SHA-256, JSON the text, NOW when
 * received) with INSERT, FORM_PUSHED_CALENDAR_INSERT or
 * FORM_PUSHED_KINDS_INSERT, inside the caller's transaction. Returns 0 when
 * kept, 3 when the same text was kept already, -1 on a store error. */
int form_pushed_keep(db *d, const char *insert, const char *hash, const char *json,
		     const char *now);

#endif
