/* tui/cli_hq_status.h — at headquarters, `check` without an ACTION and
 * `status`, across every device. */
#ifndef TUI_CLI_HQ_STATUS_H
#define TUI_CLI_HQ_STATUS_H

#include "tui/cli.h"

/* `check` without an ACTION at HQ (HQ's store at HQ): what every open
 * action of every device (or of ONLY) lacks, device by device; exit 1 when
 * any lacks something. Returns the exit code. */
int cli_hq_status_check(cli *c, const char *hq, const char *only, int argc, char **argv);

/* `status` at HQ: per device (or ONLY), open actions, open and overdue
 * deadlines, ledger entries HQ holds and the last sync. Returns the exit
 * code. */
int cli_hq_status(cli *c, const char *hq, const char *only, int argc, char **argv);

#endif
