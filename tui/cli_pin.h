/* tui/cli_pin.h — the command line's proof of who acts: the PIN, asked on
 * the terminal or taken from JILU_PIN, and the SSH key's forced command. */
#ifndef TUI_CLI_PIN_H
#define TUI_CLI_PIN_H

#include "tui/cli.h"

/*
 * Acts as C->officer, proven as the store demands: when the officer has a
 * PIN it is taken from JILU_PIN or, failing that, asked on the terminal
 * (/dev/tty, not echoed); C->by_key (an SSH forced command named the
 * officer) is proof enough. Returns what jl_act_as_pin returns.
 */
jl_status cli_pin_act(cli *c);

/* The same on store J, whose roster decides (at headquarters, HQ's own:
 * tui/cli_hq_act.h). */
jl_status cli_pin_act_on(cli *c, jl *j);

/*
 * Reads a new PIN into a new string *OUT (caller frees, after wiping it):
 * asked twice on the terminal when stdin is one, else one line of stdin.
 * Returns JL_OK, JL_EINVALID (the two differ, or nothing read) or
 * JL_ECANCELED, with the reason in C->msgs.
 */
jl_status cli_pin_read_new(cli *c, char **out);

#endif
