/* tui/ui_secret.h — confidential records (R20.2) and the access log (R22.2)
 * in the screens, by core's own rules: perm_record_readable decides who
 * reads a record in full, access_log writes the entry `record show` and
 * `export` write. */
#ifndef TUI_UI_SECRET_H
#define TUI_UI_SECRET_H

#include "core/casefile.h"
#include "core/check.h"
#include "core/jl.h"
#include "core/record.h"

/* Returns 1 when the screens' acting officer may read R in full, else 0
 * (a store error counts as not: nothing is shown that was not allowed). */
int ui_secret_readable(const record_row *r);

/* As ui_secret_readable for record ID; 1 when ID is 0 (no record). Reads
 * the record; allocates nothing that outlives the call. */
int ui_secret_readable_id(long long id);

/* What the unentitled see in place of a record's content, in the screens'
 * language. */
const char *ui_secret_sealed(void);

/* Appends the action screen's row of record R for those who may not read
 * it: indented DEPTH amendments deep, its id, form TITLE, state and time,
 * and the sealed words. */
void ui_secret_row(buf *b, const record_row *r, const char *title, int depth);

/* The text of check item IT as the screens may show it: its own, or the
 * sealed words when it speaks of a record this officer may not read (the
 * findings quote the record's values). */
const char *ui_secret_item_text(const check_item *it);

/*
 * Opening record R's content on a screen (one visit): when the officer may
 * not read it, says its form, its time and 涉密，无权查阅 on the message bar
 * and returns -1; else writes one access entry ("show") and returns 0, or
 * says why it could not and returns -1 (no read goes unlogged).
 */
int ui_secret_visit(const record_row *r, const char *form_title);

/*
 * A case file exported from the screens: one access entry ("export") of
 * its final records, on J (the export job's connection), before anything
 * is written. Returns JL_OK or the status with the reason in ERR.
 */
jl_status ui_secret_log_export(jl *j, const casefile *x, msglist *err);

#endif
