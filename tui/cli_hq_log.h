/* tui/cli_hq_log.h — `jilu log` at headquarters: every device's synced
 * access entries and HQ's own reads (table hq_access), merged by time. */
#ifndef TUI_CLI_HQ_LOG_H
#define TUI_CLI_HQ_LOG_H

#include "tui/cli.h"

/*
 * Runs `log` at HQ when C's store is HQ's registry (or --device named one of
 * its devices): the filters as `log` parsed them (RECORD and ACTION ids of
 * the device C->ref_device or C->hq_device names). Who acts is checked on
 * HQ's own roster, as every read at HQ is (tui/cli_hq_act.h): a supervisor
 * or head there, or nothing is listed (exit 6). Returns the exit code, or -1
 * when C's store is a device's own (then the device's `log` runs).
 */
int cli_hq_log(cli *c, const char *officer, long long record, long long action, const char *since,
	       int json);

#endif
