/* core/typed.h — values as officers type them (`FIELD=TEXT`), read by the
 * field's shape: shared by the command line and the screens. */
#ifndef CORE_TYPED_H
#define CORE_TYPED_H

#include <cJSON.h>

#include "core/form.h"
#include "core/jl.h"

/*
 * Reads TEXT as a value of field FD:
 *   text                 as typed
 *   money                5000, 12.50
 *   bool                 是/否, true/false, yes/no
 *   record               7 (a record id)
 *   choice               an id or its label (no_issue, 未发现问题)
 *   choices, list        entries separated by , ， or 、
 *   date                 2026-11-27, 2026/11/27, today
 *   datetime             now, today 15:00, 2026-11-27 15:00, 2026/11/27 15:00
 *                        (stored as 2026-11-27T15:00)
 *   officers             zhang+,li+ : roster ids (J's officers), + when the
 *                        certificate was shown, - when not
 *   signatures           party:赵丽,officer:zhang,officer:li,party:王五/refused
 *                        (ROLE:NAME[/STATUS]; an officer's roster id gives his
 *                        name)
 *   av                   video, audio, photos (its mode alone)
 *   party                only as FIELD:=JSON
 * Anything else the shape's own check will judge (dates are not validated
 * here, only spelled canonically). Returns a new value (the caller frees it
 * with cJSON_Delete), or NULL with one message in OUT at the field that says
 * what was expected, with an example and the FIELD:=JSON form; NULL with
 * OUT->oom when memory ran out. J may be NULL when FD is not an officers or
 * signatures field.
 */
cJSON *typed_value(jl *j, const form_field *fd, const char *text, msglist *out);

/* Returns an example of what FD takes as FIELD=TEXT: the definition's own
 * ("example") when it has one, else one of FD's shape; "" when it has no
 * typed form (a party: only FIELD:=JSON). Owned by FD, or static. */
const char *typed_example(const form_field *fd);

/* Returns an example of FD's value as FIELD:=JSON (a party's: the
 * definition's "example" when it has one). Owned by FD, or static. */
const char *typed_json_example(const form_field *fd);

#endif
