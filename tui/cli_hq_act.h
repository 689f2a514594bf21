/* tui/cli_hq_act.h — who acts at headquarters: HQ's own roster decides.
 *
 * HQ's registry (hq.db) is a jilu store with the bureau's roster (`jilu
 * --db hq.db officer add …`); the device stores beside it hold each
 * device's roster as the device last synced it, which lags: an officer HQ
 * retired may still serve there, and a supervisor of the policy and
 * regulation section need be on no device. So every read at HQ proves the
 * acting officer (claim, PIN, SSH key: tui/act.c's rule) on HQ's store and
 * lends that store to each device's (jl->roster), so that the permission
 * table and the confidential records' rule (core/perm.h) read HQ's roles.
 */
#ifndef TUI_CLI_HQ_ACT_H
#define TUI_CLI_HQ_ACT_H

#include "tui/cli.h"

/*
 * Proves C->officer (NULL: nobody acts, and nothing is opened) on HQ's own
 * roster, the store at HQ_PATH, once per command: opens it as C->hq_roster
 * (closed by cli_hq_act_close) with the officer acting there. Returns JL_OK;
 * JL_EDENIED (exit 6) when the officer --as names is not on HQ's roster —
 * whatever a device's roster says — or is retired there, or his PIN (HQ's)
 * is missing, wrong or locked; or a store status; the reason in C->msgs.
 * One JILU_OFFICER names (not --as) who is not on HQ's roster is a stale
 * default: said in C->msgs, and nobody acts (C->officer set to NULL).
 */
jl_status cli_hq_act(cli *c, const char *hq_path);

/* Lends C->hq_roster to J, a device's store opened at HQ: J's acting
 * officer is HQ's proven one and its roles HQ's. Does nothing when nobody
 * acts. Returns JL_OK or JL_ENOMEM. */
jl_status cli_hq_act_lend(cli *c, jl *j);

/* Closes C->hq_roster, when open. */
void cli_hq_act_close(cli *c);

#endif
