/* tui/cli_hq_each.h — at headquarters, a read run on each device's store
 * in turn, and the DEVICE:ID names of what it shows. */
#ifndef TUI_CLI_HQ_EACH_H
#define TUI_CLI_HQ_EACH_H

#include <cJSON.h>

#include "core/check.h"
#include "core/hq_list.h"
#include "tui/cli.h"

/* Called with C->j open on DEVICE's store (REG: what the registry says of
 * it); returns a status, its messages in C->msgs. */
typedef jl_status (*cli_hq_each_fn)(cli *c, const char *device, const hq_list_row *reg, void *ctx);

/*
 * Runs FN on each device's store at HQ (HQ_PATH), by device id, or on
 * ONLY's alone when ONLY is not NULL, each opened read-only (with the form
 * definitions when FORMS) and closed before the next. A device whose store
 * cannot be read is reported and the others still run. Returns the worst
 * status.
 */
jl_status cli_hq_each(cli *c, const char *hq_path, const char *only, int forms, cli_hq_each_fn fn,
		      void *ctx);

/*
 * Reads the arguments of CMD, an HQ read that takes --json alone, setting
 * *JSON when given. Returns -1 when they are good; otherwise the exit
 * status the command returns (the usage error said). Allocates nothing.
 */
int cli_hq_each_json_arg(cli *c, const cli_command *cmd, int argc, char **argv, int *json);

/* Adds NAME: "DEVICE:ID" to O. */
void cli_hq_each_add_ref(cJSON *o, const char *name, const char *device, long long id);

/* Adds "device", "action_ref" and (when IT names one) "record_ref" to O. */
void cli_hq_each_item_refs(cJSON *o, const char *device, const check_item *it);

#endif
