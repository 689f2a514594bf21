/* tui/config.c — reading the config file. */
#include "tui/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/text.h"

static char *config_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Trims spaces and tabs around a key or a value (the line's end was trimmed
 * already: a CR inside the line is the key's or the value's, refused). */
static char *config_trim_blank(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static char *config_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *base = x && *x ? x : home;
	const char *mid = x && *x ? "/jilu/config" : "/.config/jilu/config";
	char *p;

	if (!base || !*base)
		return NULL;
	p = malloc(strlen(base) + strlen(mid) + 1);
	if (p) {
		strcpy(p, base);
		strcat(p, mid);
	}
	return p;
}

/* Prints "jilu: PATH:LINE: " and the first message of WHY in LANG. */
static void config_why(const char *path, int lineno, int en, const msglist *why)
{
	fprintf(stderr, "jilu: %s:%d: %s\n", path, lineno,
		why->n ? (en ? why->items[0].en : why->items[0].zh) : "?");
}

int config_read(config *cf, const char *lang)
{
	int en = lang && strcmp(lang, "en") == 0, lineno = 0, rc = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	FILE *fp;

	memset(cf, 0, sizeof *cf);
	cf->path = config_path();
	if (!cf->path)
		return 0;
	fp = fopen(cf->path, "r");
	if (!fp) {
		if (errno == ENOENT || errno == ENOTDIR) {
			free(cf->path);
			cf->path = NULL;
			return 0;
		}
		fprintf(stderr, "jilu: %s: %s\n", cf->path,
			en ? "cannot read the config file" : "无法读取配置文件");
		return -1;
	}
	/* Whole lines, however long: a line cut into pieces would read the
	 * tail of a long comment as a setting of its own. */
	while (rc == 0 && (got = getline(&line, &cap, fp)) >= 0) {
		char *s, *eq, *key, *val, **slot = NULL;
		msglist why = MSGLIST_INIT;
		lineno++;
		if (memchr(line, '\0', (size_t)got)) {
			/* A NUL would end the value early, silently. */
			fprintf(stderr, "jilu: %s:%d: %s\n", cf->path, lineno,
				en ? "a NUL byte in the line" : "此行含有 NUL 字节");
			rc = -1;
			break;
		}
		s = config_trim(line);
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			fprintf(stderr, "jilu: %s:%d: %s\n", cf->path, lineno,
				en ? "expected key = value (keys: store, officer, language)"
				   : "应为 键 = 值（键：store、officer、language）");
			rc = -1;
			break;
		}
		*eq = '\0';
		key = config_trim_blank(s);
		val = config_trim_blank(eq + 1);
		/* Before anything of the line is printed: a key and its value
		 * are each one line of UTF-8 with nothing a terminal acts on. */
		if (!text_check(key, strlen(key), TEXT_LINE, &why, NULL, NULL) ||
		    !text_check(val, strlen(val), TEXT_LINE, &why, NULL, NULL)) {
			config_why(cf->path, lineno, en, &why);
			msglist_free(&why);
			rc = -1;
			break;
		}
		if (strcmp(key, "store") == 0)
			slot = &cf->store;
		else if (strcmp(key, "officer") == 0)
			slot = &cf->officer;
		else if (strcmp(key, "language") == 0)
			slot = &cf->language;
		if (!slot) {
			fprintf(stderr, "jilu: %s:%d: %s: %s\n", cf->path, lineno, key,
				en ? "unknown key (keys: store, officer, language)"
				   : "未知的键（可用：store、officer、language）");
			rc = -1;
		} else if (*slot) {
			fprintf(stderr, "jilu: %s:%d: %s: %s\n", cf->path, lineno, key,
				en ? "given twice" : "给出了两次");
			rc = -1;
		} else if (!*val) {
			fprintf(stderr, "jilu: %s:%d: %s: %s\n", cf->path, lineno, key,
				en ? "has no value" : "没有值");
			rc = -1;
		} else if (slot == &cf->language && strcmp(val, "zh") != 0 && strcmp(val, "en") != 0) {
			fprintf(stderr, "jilu: %s:%d: language: %s\n", cf->path, lineno,
				en ? "zh or en" : "应为 zh 或 en");
			rc = -1;
		} else if (!(*slot = strdup(val))) {
			rc = -1;
		}
	}
	free(line);
	fclose(fp);
	return rc;
}

void config_free(config *cf)
{
	free(cf->path);
	free(cf->store);
	free(cf->officer);
	free(cf->language);
	memset(cf, 0, sizeof *cf);
}
