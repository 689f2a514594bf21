/* tui/export_json.h — the case file as JSON, for a program to read. */
#ifndef TUI_EXPORT_JSON_H
#define TUI_EXPORT_JSON_H

#include "core/buf.h"
#include "core/status.h"
#include "tui/cli.h"
#include "tui/export.h"

/*
 * Appends the case file X to OUT as one JSON document and a newline: the
 * action, its final records with their attachments, the number of drafts
 * left out, the ledger entries (with what an auditor needs to recompute each
 * hash) and the verdict of verify. Returns JL_OK, or JL_ENOMEM; the caller
 * frees nothing new.
 */
jl_status export_json(cli *c, const export_file *x, buf *out);

#endif
