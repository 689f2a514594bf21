/* core/sync_conf.c — "key = value" settings, strictly read. */
#include "core/sync_conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kv.h"

char *sync_conf_dir(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	buf b = BUF_INIT;

	if (x && *x)
		buf_printf(&b, "%s/jilu", x);
	else if (home && *home)
		buf_printf(&b, "%s/.config/jilu", home);
	else
		return NULL;
	return buf_steal(&b);
}

jl_status sync_conf_load(const char *path, sync_conf *c, msglist *err)
{
	kv_file f;
	char *key, *val, **slot;
	int got;
	jl_status rc = JL_OK;

	memset(c, 0, sizeof *c);
	if (kv_open(&f, path, "remote、identity、known_hosts、auto",
		    "remote, identity, known_hosts, auto") != 0) {
		if (errno == ENOENT)
			return JL_OK;
		msglist_addf(err, NULL, path, "无法读取同步设置：%s", "cannot read the sync settings: %s",
			     strerror(errno));
		return JL_ESTORE;
	}
	/* The line as such is kv_next's to judge (core/kv.h); the keys and
	 * values are judged here. */
	while (rc == JL_OK && (got = kv_next(&f, &key, &val, err)) != 0) {
		if (got < 0) {
			rc = JL_EINVALID;
			break;
		}
		if (strcmp(key, "auto") == 0) {
			/* Said plainly, or refused: a typo must not switch it off unseen. */
			if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0) {
				msglist_addf(err, NULL, kv_where(&f), "auto 须为 yes 或 no（现为 %s）",
					     "auto must be yes or no (got %s)", val);
				rc = JL_EINVALID;
			}
			c->autosync = strcmp(val, "yes") == 0;
			continue;
		}
		slot = strcmp(key, "remote") == 0 ? &c->remote
		       : strcmp(key, "identity") == 0 ? &c->identity
		       : strcmp(key, "known_hosts") == 0 ? &c->known_hosts : NULL;
		if (!slot) {
			msglist_addf(err, NULL, kv_where(&f),
				     "未知的设置项 %s（可用：remote、identity、known_hosts、auto）",
				     "unknown setting %s (remote, identity, known_hosts, auto)", key);
			rc = JL_EINVALID;
		} else if (*slot) {
			msglist_addf(err, NULL, kv_where(&f), "设置项 %s 给出了两次", "%s is given twice",
				     key);
			rc = JL_EINVALID;
		} else if (!*val) {
			msglist_addf(err, NULL, kv_where(&f), "设置项 %s 没有值", "%s has no value", key);
			rc = JL_EINVALID;
		} else if (*val == '"' || *val == '\'') {
			/* Quotes are not read: "PATH" would name a file with quotes in it. */
			msglist_addf(err, NULL, kv_where(&f), "%s 的值不用引号，请去掉引号",
				     "the value of %s is written without quotes: remove them", key);
			rc = JL_EINVALID;
		} else if (!(*slot = strdup(val))) {
			rc = JL_ENOMEM;
		}
	}
	if (rc != JL_OK)
		sync_conf_free(c);
	kv_close(&f);
	return rc;
}

void sync_conf_text(const sync_conf *c, buf *out)
{
	buf_puts(out, "# jilu sync settings (written by `jilu sync setup`)\n");
	if (c->remote)
		buf_printf(out, "remote = %s\n", c->remote);
	if (c->identity)
		buf_printf(out, "identity = %s\n", c->identity);
	if (c->known_hosts)
		buf_printf(out, "known_hosts = %s\n", c->known_hosts);
	if (c->autosync)
		buf_puts(out, "auto = yes\n");
}

void sync_conf_free(sync_conf *c)
{
	free(c->remote);
	free(c->identity);
	free(c->known_hosts);
	memset(c, 0, sizeof *c);
}
