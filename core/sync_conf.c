/* core/sync_conf.c — "key = value" settings, strictly read. */
#include "core/sync_conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

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

static char *sync_conf_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Trims spaces and tabs around a key or a value (the line's end was trimmed
 * already: a CR inside the line is the key's or the value's, refused). */
static char *sync_conf_trim_blank(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

jl_status sync_conf_load(const char *path, sync_conf *c, msglist *err)
{
	FILE *fp;
	char *line = NULL, *key, *val, *eq, **slot;
	size_t cap = 0;
	ssize_t got;
	int n = 0;
	jl_status rc = JL_OK;
	buf where = BUF_INIT;

	memset(c, 0, sizeof *c);
	fp = fopen(path, "re");
	if (!fp) {
		if (errno == ENOENT)
			return JL_OK;
		msglist_addf(err, NULL, path, "无法读取同步设置：%s", "cannot read the sync settings: %s",
			     strerror(errno));
		return JL_ESTORE;
	}
	while ((got = getline(&line, &cap, fp)) >= 0) {
		n++;
		buf_reset(&where);
		buf_printf(&where, "%s:%d", path, n);
		if (memchr(line, '\0', (size_t)got)) {
			/* A NUL would end the value early, silently. */
			msglist_add(err, NULL, buf_str(&where), "此行含有 NUL 字节", "a NUL byte in the line");
			rc = JL_EINVALID;
			break;
		}
		key = sync_conf_trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			msglist_add(err, NULL, buf_str(&where), "应为“键 = 值”", "expected \"key = value\"");
			rc = JL_EINVALID;
			break;
		}
		*eq = '\0';
		val = sync_conf_trim_blank(eq + 1);
		key = sync_conf_trim_blank(key);
		/* A key and its value are each one line of UTF-8 with nothing a
		 * terminal acts on (ESC, C1 controls, bidirectional overrides):
		 * the host name is shown on the sync screen and in messages. */
		if (!text_check(key, strlen(key), TEXT_LINE, err, NULL, buf_str(&where)) ||
		    !text_check(val, strlen(val), TEXT_LINE, err, NULL, buf_str(&where))) {
			rc = JL_EINVALID;
			break;
		}
		if (strcmp(key, "auto") == 0) {
			/* Said plainly, or refused: a typo must not switch it off unseen. */
			if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0) {
				msglist_addf(err, NULL, buf_str(&where), "auto 须为 yes 或 no（现为 %s）",
					     "auto must be yes or no (got %s)", val);
				rc = JL_EINVALID;
				break;
			}
			c->autosync = strcmp(val, "yes") == 0;
			continue;
		}
		slot = strcmp(key, "remote") == 0 ? &c->remote
		       : strcmp(key, "identity") == 0 ? &c->identity
		       : strcmp(key, "known_hosts") == 0 ? &c->known_hosts : NULL;
		if (!slot) {
			msglist_addf(err, NULL, buf_str(&where),
				     "未知的设置项 %s（可用：remote、identity、known_hosts、auto）",
				     "unknown setting %s (remote, identity, known_hosts, auto)", key);
			rc = JL_EINVALID;
			break;
		}
		if (*slot) {
			msglist_addf(err, NULL, buf_str(&where), "设置项 %s 给出了两次", "%s is given twice",
				     key);
			rc = JL_EINVALID;
			break;
		}
		if (!*val) {
			msglist_addf(err, NULL, buf_str(&where), "设置项 %s 没有值", "%s has no value", key);
			rc = JL_EINVALID;
			break;
		}
		/* Quotes are not read: "PATH" would name a file with quotes in it. */
		if (*val == '"' || *val == '\'') {
			msglist_addf(err, NULL, buf_str(&where), "%s 的值不用引号，请去掉引号",
				     "the value of %s is written without quotes: remove them", key);
			rc = JL_EINVALID;
			break;
		}
		*slot = strdup(val);
		if (!*slot) {
			rc = JL_ENOMEM;
			break;
		}
	}
	if (rc != JL_OK)
		sync_conf_free(c);
	free(line);
	fclose(fp);
	buf_free(&where);
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
