/* tui/export_text.h — the case file laid out as text, to print on A4. */
#ifndef TUI_EXPORT_TEXT_H
#define TUI_EXPORT_TEXT_H

#include "core/buf.h"
#include "tui/cli.h"
#include "tui/export.h"

/*
 * Appends the case file X to OUT as text in C's language: the cover with the
 * contents and corrections, each final record on a page of its own with its
 * attachments and ledger entry, then the ledger entries and the verdict.
 * Every line fits 80 columns. Sets OUT->oom when out of memory; the caller
 * frees nothing new.
 */
void export_text(cli *c, const export_file *x, buf *out);

#endif
