/* tui/show.h — how values and records read for a person (show, export). */
#ifndef TUI_SHOW_H
#define TUI_SHOW_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/form.h"
#include "core/record.h"

/* Appends V (a value of FIELD) as a person reads it, in LANG. Lines after the
 * first are indented by INDENT spaces. */
void show_value(buf *out, const form_field *field, const cJSON *v, const char *lang, int indent);

/*
 * Appends record R as text: a heading, who and when, what it corrects, then
 * each field "label: value" in the form's order (fields not relevant and
 * empty are left out). F may be NULL (unknown form: raw JSON).
 */
void show_record(buf *out, jl *j, const form *f, const record_row *r, const char *lang);

/* Returns a new cJSON object for R (id, action, form, state, data …); caller frees. */
cJSON *show_record_json(const record_row *r);

#endif
