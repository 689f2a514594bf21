/* tui/cli_pin.c — the PIN on the command line. */
#include "tui/cli_pin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui/act.h"

/* Asks PROMPT on the terminal and reads a line without echo into a new
 * string (caller frees); NULL when there is no terminal or nothing read. */
static char *cli_pin_ask(const char *prompt)
{
	FILE *tty = fopen("/dev/tty", "r+");
	struct termios old, quiet;
	char line[256];
	char *got = NULL;
	int hushed = 0;

	if (!tty)
		return NULL;
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		hushed = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
	}
	if (fgets(line, sizeof line, tty)) {
		line[strcspn(line, "\r\n")] = '\0';
		got = strdup(line);
	}
	if (hushed)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	memset(line, 0, sizeof line);
	return got;
}

jl_status cli_pin_act(cli *c)
{
	return cli_pin_act_on(c, c->j);
}

jl_status cli_pin_act_on(cli *c, jl *j)
{
	const char *env = getenv("JILU_PIN");
	char *asked = NULL;
	jl_status rc;

	/* The rule of who acts is tui/act.c's, shared with the screens. */
	if (!act_needs_pin(j, c->officer, c->by_key))
		return act_as(j, c->officer, c->by_key, NULL, &c->msgs);
	if ((!env || !*env) && isatty(0)) {
		char prompt[160];

		snprintf(prompt, sizeof prompt, "%s %s: ", CLI_T(c, "PIN，执法人员", "PIN for officer"),
			 c->officer);
		asked = cli_pin_ask(prompt);
	}
	rc = act_as(j, c->officer, 0, asked ? asked : (env && *env ? env : NULL), &c->msgs);
	if (asked) {
		memset(asked, 0, strlen(asked));
		free(asked);
	}
	return rc;
}

jl_status cli_pin_read_new(cli *c, char **out)
{
	char line[256];

	*out = NULL;
	if (isatty(0)) {
		char *a = cli_pin_ask(CLI_T(c, "新 PIN：", "new PIN: "));
		char *b = a ? cli_pin_ask(CLI_T(c, "再输入一次：", "again: ")) : NULL;
		jl_status rc = JL_OK;

		if (!a || !b) {
			rc = JL_ECANCELED;
		} else if (strcmp(a, b) != 0) {
			msglist_add(&c->msgs, NULL, "PIN", "两次输入的 PIN 不同，未作更改",
				    "the two PINs differ; nothing was changed");
			rc = JL_EINVALID;
		}
		if (b) {
			memset(b, 0, strlen(b));
			free(b);
		}
		if (rc == JL_OK)
			*out = a;
		else if (a) {
			memset(a, 0, strlen(a));
			free(a);
		}
		return rc;
	}
	if (!fgets(line, sizeof line, stdin)) {
		msglist_add(&c->msgs, NULL, "PIN", "标准输入中没有 PIN", "no PIN on standard input");
		return JL_EINVALID;
	}
	line[strcspn(line, "\r\n")] = '\0';
	*out = strdup(line);
	memset(line, 0, sizeof line);
	return *out ? JL_OK : JL_ENOMEM;
}
