/* tui/cli_ssh.h — a command run through an SSH key's forced command
 * (`command="jilu --as zs",restrict,pty KEY`): the officer is the key's, the
 * command is what the officer typed (SSH_ORIGINAL_COMMAND). */
#ifndef TUI_CLI_SSH_H
#define TUI_CLI_SSH_H

/*
 * Splits S into words as a POSIX shell would for plain words: blanks
 * separate, '…' is literal, "…" keeps blanks (\" and \\ inside), a
 * backslash outside quotes takes the next character. A first word "jilu"
 * (or ending in "/jilu") is dropped. Returns the number of words and a
 * new NULL-terminated array in *WORDS (free with cli_ssh_free), or -1 when
 * a quote is left open or memory runs out (*WORDS NULL).
 */
int cli_ssh_split(const char *s, char ***words);

void cli_ssh_free(char **words);

#endif
