/* tui/cli_hq_audit.h — at headquarters, what a stolen device key is held
 * to and what it did: `hq limits` (HQ's limits on media), `hq refusals`
 * (every refusal HQ recorded) and `hq received` (a device's entries received
 * after a time). */
#ifndef TUI_CLI_HQ_AUDIT_H
#define TUI_CLI_HQ_AUDIT_H

#include "tui/cli.h"

/* Each returns the command's exit code. */
int cli_hq_limits(cli *c, int argc, char **argv);
int cli_hq_refusals(cli *c, int argc, char **argv);
int cli_hq_received(cli *c, int argc, char **argv);

#endif
