/* tui/cli_ssh.c — the command an officer typed through an SSH forced command. */
#include "tui/cli_ssh.h"

#include <stdlib.h>
#include <string.h>

void cli_ssh_free(char **words)
{
	char **w;

	for (w = words; w && *w; w++)
		free(*w);
	free(words);
}

int cli_ssh_split(const char *s, char ***words)
{
	size_t len = strlen(s);
	char **out = calloc(len / 2 + 2, sizeof *out), *word = NULL;
	int n = 0;
	size_t k = 0;

	*words = NULL;
	if (!out)
		return -1;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		word = malloc(len + 1);
		if (!word)
			goto fail;
		k = 0;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n') {
			if (*s == '\'') {
				for (s++; *s && *s != '\''; s++)
					word[k++] = *s;
				if (!*s)
					goto fail;
				s++;
			} else if (*s == '"') {
				for (s++; *s && *s != '"'; s++) {
					if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					word[k++] = *s;
				}
				if (!*s)
					goto fail;
				s++;
			} else if (*s == '\\' && s[1]) {
				word[k++] = s[1];
				s += 2;
			} else {
				word[k++] = *s++;
			}
		}
		word[k] = '\0';
		out[n++] = word;
		word = NULL;
	}
	if (n > 0 && (strcmp(out[0], "jilu") == 0 ||
		      (strlen(out[0]) > 5 && strcmp(out[0] + strlen(out[0]) - 5, "/jilu") == 0))) {
		free(out[0]);
		memmove(out, out + 1, (size_t)n * sizeof *out);
		n--;
	}
	*words = out;
	return n;
fail:
	free(word);
	cli_ssh_free(out);
	return -1;
}
