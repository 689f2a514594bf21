/* tui/config.c — reading the config file. */
#include "tui/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/kv.h"

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
static void config_why(int en, const msglist *why)
{
	fprintf(stderr, "jilu: %s: %s\n", why->n && why->items[0].where ? why->items[0].where : "?",
		why->n ? (en ? why->items[0].en : why->items[0].zh) : "?");
}

int config_read(config *cf, const char *lang)
{
	int en = lang && strcmp(lang, "en") == 0, rc = 0, got;
	kv_file f;
	char *key, *val;
	msglist why = MSGLIST_INIT;

	memset(cf, 0, sizeof *cf);
	cf->path = config_path();
	if (!cf->path)
		return 0;
	if (kv_open(&f, cf->path, "store、officer、language", "store, officer, language") != 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			free(cf->path);
			cf->path = NULL;
			return 0;
		}
		fprintf(stderr, "jilu: %s: %s\n", cf->path,
			en ? "cannot read the config file" : "无法读取配置文件");
		return -1;
	}
	/* The line as such is core/kv.c's to judge (a NUL, no "=", a control
	 * or invisible character); the keys and values are judged here. */
	while (rc == 0 && (got = kv_next(&f, &key, &val, &why)) != 0) {
		char **slot = NULL;
		const char *where = kv_where(&f);
		if (got < 0) {
			config_why(en, &why);
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
			fprintf(stderr, "jilu: %s: %s: %s\n", where, key,
				en ? "unknown key (keys: store, officer, language)"
				   : "未知的键（可用：store、officer、language）");
			rc = -1;
		} else if (*slot) {
			fprintf(stderr, "jilu: %s: %s: %s\n", where, key,
				en ? "given twice" : "给出了两次");
			rc = -1;
		} else if (!*val) {
			fprintf(stderr, "jilu: %s: %s: %s\n", where, key,
				en ? "has no value" : "没有值");
			rc = -1;
		} else if (slot == &cf->language && strcmp(val, "zh") != 0 && strcmp(val, "en") != 0) {
			fprintf(stderr, "jilu: %s: language: %s\n", where,
				en ? "zh or en" : "应为 zh 或 en");
			rc = -1;
		} else if (!(*slot = strdup(val))) {
			rc = -1;
		}
	}
	kv_close(&f);
	msglist_free(&why);
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
