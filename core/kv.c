/* core/kv.c — "key = value" settings files, read strictly. */
#include "core/kv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Trims spaces and tabs around S, and, when LINE_END, the line's LF and CR
 * after them. Returns the start; the end is cut in place. */
static char *kv_trim(char *s, int line_end)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
			 (line_end && (e[-1] == '\n' || e[-1] == '\r'))))
		*--e = '\0';
	return s;
}

int kv_open(kv_file *f, const char *path, const char *keys_zh, const char *keys_en)
{
	memset(f, 0, sizeof *f);
	f->fp = fopen(path, "re");
	if (!f->fp)
		return -1;
	f->path = strdup(path);
	if (!f->path) {
		fclose(f->fp);
		f->fp = NULL;
		errno = ENOMEM;
		return -1;
	}
	f->keys_zh = keys_zh;
	f->keys_en = keys_en;
	return 0;
}

int kv_next(kv_file *f, char **key, char **val, msglist *err)
{
	ssize_t got;
	char *s, *eq;

	while ((got = getline(&f->line, &f->cap, f->fp)) >= 0) {
		f->lineno++;
		buf_reset(&f->where);
		buf_printf(&f->where, "%s:%d", f->path, f->lineno);
		if (memchr(f->line, '\0', (size_t)got)) {
			/* A NUL would end the value early, silently. */
			msglist_add(err, NULL, buf_str(&f->where), "此行含有 NUL 字节",
				    "a NUL byte in the line");
			return -1;
		}
		s = kv_trim(f->line, 1);
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			buf zh = BUF_INIT, en = BUF_INIT;
			buf_printf(&zh, "应为 键 = 值（键：%s）", f->keys_zh);
			buf_printf(&en, "expected key = value (keys: %s)", f->keys_en);
			msglist_add(err, NULL, buf_str(&f->where), buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
			return -1;
		}
		*eq = '\0';
		*key = kv_trim(s, 0);
		*val = kv_trim(eq + 1, 0);
		/* Before anything of the line is shown: a key and its value are
		 * each one line of UTF-8 with nothing a terminal acts on (ESC, C1
		 * controls, bidirectional overrides). */
		if (!text_check(*key, strlen(*key), TEXT_LINE, err, NULL, buf_str(&f->where)) ||
		    !text_check(*val, strlen(*val), TEXT_LINE, err, NULL, buf_str(&f->where)))
			return -1;
		return 1;
	}
	return 0;
}

const char *kv_where(const kv_file *f)
{
	return buf_str(&f->where);
}

void kv_close(kv_file *f)
{
	if (f->fp)
		fclose(f->fp);
	free(f->path);
	free(f->line);
	buf_free(&f->where);
	memset(f, 0, sizeof *f);
}
