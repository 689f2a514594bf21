/* tui/cli_readonly.h — reading a store that cannot be written (an archive
 * DVD, a read-only mount of a backup): what show and export may still do
 * when their reading cannot be logged (R22.2, README "Read-only stores"). */
#ifndef TUI_CLI_READONLY_H
#define TUI_CLI_READONLY_H

#include "core/record.h"
#include "tui/cli.h"

/*
 * Opens C's store for a logged read (CLI_READ_LOGGED, FORMS the folder of
 * definitions): for writing, so the access entry can be appended; when the
 * store cannot be written at all (read-only media or permissions) it is
 * opened read-only as it is and C->unlogged set. Returns JL_OK, or the
 * status and messages of the write open.
 */
jl_status cli_open_logged(cli *c, const char *forms);

/*
 * Logs the reading WHAT ("show", "export") of the records ROWS (N; with
 * FINALS_ONLY only the final ones count) of action ACTION, before anything
 * is shown. On a store that cannot be written (C->unlogged): refuses
 * (JL_EDENIED, exit 6) when a confidential record's content would be shown
 * to this reader, as that reading cannot be logged; else prints to stderr
 * that this reading could not be logged and returns JL_OK. Otherwise as
 * cli_access_log (at HQ, HQ's registry). Allocates nothing the caller frees.
 */
jl_status cli_log_read(cli *c, const char *what, long long action, const record_row *rows, int n,
		       int finals_only);

#endif
