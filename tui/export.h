/*
 * tui/export.h — the case file (案卷) of one action as `jilu export` lays it
 * out. The engine reads it (core/casefile.h); these are its names here.
 */
#ifndef TUI_EXPORT_H
#define TUI_EXPORT_H

#include "core/casefile.h"
#include "tui/cli.h"

typedef casefile_entry export_entry;
typedef casefile export_file;

/* Returns 1 when R is final (belongs in the case file), else 0. */
int export_is_final(const record_row *r);

/* Returns the entry of X's ledger numbered SEQ, or NULL (SEQ 0: none); the
 * entry belongs to X. */
const export_entry *export_entry_find(const export_file *x, long long seq);

#endif
