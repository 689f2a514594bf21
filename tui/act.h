/* tui/act.h — who acts, proven: the one rule the command line and the
 * screens share (README, "Who acts is proven"). */
#ifndef TUI_ACT_H
#define TUI_ACT_H

#include "core/jl.h"

/*
 * Whether this process runs as an SSH key's forced command that names its
 * officer (`command="jilu --as zs",restrict,pty KEY`): jilu's own command
 * line gave --as (AS_GIVEN) and no command (WORDS_GIVEN 0), and sshd ran it
 * for a login — SSH_ORIGINAL_COMMAND holds what the officer typed, or, for
 * an interactive login that opens the screens, SSH_CONNECTION is set.
 * Returns 1 when so: the key is then proof of the officer named by --as,
 * and of no other. The deployment that makes these variables trustworthy
 * (an account that runs nothing but jilu) is the README's.
 */
int act_by_key(int as_given, int words_given);

/* Returns 1 when OFFICER must give a PIN to act on J: the officer has one
 * and BY_KEY is 0. 0 otherwise (also for an unknown officer: acting then
 * says so). */
int act_needs_pin(jl *j, const char *officer, int by_key);

/*
 * Sets who acts on J to OFFICER, proven as the store demands: BY_KEY (see
 * act_by_key) is proof enough (jl_act_as_key); an officer without a PIN is
 * claimed (jl_act_as); one with a PIN needs PIN (NULL: none given), checked
 * and counted by core (jl_act_as_pin). Returns what those return, with the
 * reason in ERR.
 */
jl_status act_as(jl *j, const char *officer, int by_key, const char *pin, msglist *err);

#endif
