/* tui/show.h — how values and records read for a person (show, export). */
#ifndef TUI_SHOW_H
#define TUI_SHOW_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/form.h"
#include "core/record.h"

/* Appends V (a value of FIELD) as a person reads it, in LANG. Lines after the
 * first are indented by INDENT spaces. Every string from the store is
 * escaped (core/text.h, text_escape): only a text field that says
 * "multiline" keeps its line breaks (and tabs); in any other value a line
 * break shows as "\n" and cannot forge a line of the record. */
void show_value(buf *out, const form_field *field, const cJSON *v, const char *lang, int indent);

/*
 * Appends record R as text: a heading, who and when, what it corrects, then
 * each field "label: value" in the form's order (fields not relevant and
 * empty are left out). F may be NULL (unknown form: raw JSON).
 */
void show_record(buf *out, jl *j, const form *f, const record_row *r, const char *lang);
/* The same, naming R and the records and action it refers to as
 * DEVICE:ID when DEVICE is not NULL (at headquarters). */
void show_record_at(buf *out, jl *j, const form *f, const record_row *r, const char *lang,
		    const char *device);

/* Appends one line to OUT: FMT formatted, everything in it escaped as
 * text_escape does, then a newline. For lines that hold values from the store. */
void show_linef(buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends S (NULL: nothing) escaped as one line (text_escape, no flags). */
void show_put(buf *out, const char *s);

/* Returns a new cJSON object for R (id, action, form, state, data …), every
 * string valid UTF-8 (text_json_clean); caller frees. Print it with
 * text_json_print, which keeps a terminal safe. A confidential record J's
 * acting officer may not read (perm_record_readable) gives only id, action,
 * form, state, times and "sealed": "涉密，无权查阅". */
cJSON *show_record_json(jl *j, const record_row *r);

/* Returns the label in LANG of ID, a word of the shapes' fixed vocabularies
 * (id types, signer roles and statuses, av modes), or ID itself when it is
 * none of them. Static text or ID: nothing to free. One table for the
 * command line, the case file and the screens. */
const char *show_vocab(const char *id, const char *lang);

#endif
