/* tui/cli_officer_key.h — `jilu officer key OFFICER PUBKEYFILE`: the
 * authorized_keys line that makes an officer's SSH key open the screens as
 * that officer. */
#ifndef TUI_CLI_OFFICER_KEY_H
#define TUI_CLI_OFFICER_KEY_H

#include "tui/cli.h"

/* Prints the line (exit 0), or says what is wrong with the officer, the key
 * file or the paths (exit 2; 4 when the store cannot be read). */
int cli_officer_key(cli *c, int argc, char **argv);

#endif
