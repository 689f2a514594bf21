/* core/shape_ctx.c — what every shape check is built from (see shape_ctx.h). */
#include "core/shape_ctx.h"

#include <stdlib.h>
#include <string.h>

#include "core/shape.h"

const char *shape_ctx_where(shape_ctx *c, const char *path, int idx, const char *key)
{
	const char *p = path ? path : "";

	buf_reset(&c->where);
	buf_puts(&c->where, p);
	if (idx >= 0)
		buf_printf(&c->where, "[%d]", idx);
	if (key) {
		if (c->where.len)
			buf_puts(&c->where, ".");
		buf_puts(&c->where, key);
	}
	if (c->where.oom)
		c->out->oom = 1;
	return buf_str(&c->where);
}

int shape_ctx_absent(const cJSON *v)
{
	return !v || cJSON_IsNull(v);
}

static int ascii_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' ||
	       ch == '\f' || ch == '\r';
}

static int ideographic_space(const char *p)
{
	return (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
	       (unsigned char)p[2] == 0x80;
}

/* Bounds of S without surrounding blanks (ASCII whitespace and U+3000). */
static void trim_bounds(const char *s, size_t *start, size_t *end)
{
	size_t a = 0, b = strlen(s);

	for (;;) {
		if (a < b && ascii_space((unsigned char)s[a]))
			a++;
		else if (b - a >= 3 && ideographic_space(s + a))
			a += 3;
		else
			break;
	}
	for (;;) {
		if (b > a && ascii_space((unsigned char)s[b - 1]))
			b--;
		else if (b - a >= 3 && ideographic_space(s + b - 3))
			b -= 3;
		else
			break;
	}
	*start = a;
	*end = b;
}

int shape_ctx_blank(const cJSON *v)
{
	size_t a, b;

	if (!cJSON_IsString(v) || !v->valuestring)
		return 1;
	trim_bounds(v->valuestring, &a, &b);
	return a == b;
}

/*
 * The trimmed text goes through a copy because cJSON 1.7.15 strcpy()s a
 * shorter value over the old one, and overlapping strcpy is undefined.
 */
void shape_ctx_trim(shape_ctx *c, cJSON *v)
{
	size_t a, b;
	char *copy;

	if (!cJSON_IsString(v) || !v->valuestring)
		return;
	trim_bounds(v->valuestring, &a, &b);
	if (a == 0 && v->valuestring[b] == '\0')
		return;
	copy = malloc(b - a + 1);
	if (!copy) {
		c->out->oom = 1;
		return;
	}
	memcpy(copy, v->valuestring + a, b - a);
	copy[b - a] = '\0';
	/* NULL only for a reference item, which is not ours to change. */
	(void)cJSON_SetValuestring(v, copy);
	free(copy);
}

/* "a、b、c" and "a, b, c" for messages that name the allowed ids. */
static void join_ids(const char *const *ids, int n, buf *zh, buf *en)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i) {
			buf_puts(zh, "、");
			buf_puts(en, ", ");
		}
		buf_puts(zh, ids[i]);
		buf_puts(en, ids[i]);
	}
}

int shape_ctx_id_in(const char *s, const char *const *ids, int n)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (strcmp(s, ids[i]) == 0)
			return 1;
	return 0;
}

void shape_ctx_not_among(shape_ctx *c, const char *where, const char *zh,
			 const char *en, const char *const *ids, int n)
{
	buf z = BUF_INIT, e = BUF_INIT;

	/* Built whole here: msglist_addf gives both formats the same args. */
	buf_puts(&z, zh);
	buf_puts(&z, "：");
	buf_puts(&e, en);
	buf_puts(&e, ": ");
	join_ids(ids, n, &z, &e);
	if (z.oom || e.oom)
		c->out->oom = 1;
	msglist_add(c->out, c->req, where, buf_str(&z), buf_str(&e));
	buf_free(&z);
	buf_free(&e);
}

void shape_ctx_min(shape_ctx *c, const char *path, int min, int n, const char *zh,
		   const char *en)
{
	msglist_addf(c->out, c->req, path, zh, en, min, n);
}

/*
 * Decodes the character at S (N ≥ 1 bytes left): its code point in *CP.
 * Returns its length in bytes, or 0 when the bytes there are not UTF-8 —
 * a stray continuation byte, a sequence cut short, an overlong form, a
 * surrogate (U+D800–U+DFFF) or a code point above U+10FFFF.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
	unsigned long x;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xC0)
		return 0;
	if (s[0] < 0xE0) {
		len = 2;
		x = s[0] & 0x1Fu;
	} else if (s[0] < 0xF0) {
		len = 3;
		x = s[0] & 0x0Fu;
	} else if (s[0] < 0xF8) {
		len = 4;
		x = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		x = x << 6 | (s[i] & 0x3Fu);
	}
	if (x < least[len] || x > 0x10FFFF || (x >= 0xD800 && x <= 0xDFFF))
		return 0;
	*cp = x;
	return len;
}

/* C0 but line feed and tab, DEL, C1. */
static int control_char(unsigned long cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F ||
	       (cp >= 0x80 && cp <= 0x9F);
}

int shape_text_ok(const char *s, size_t len, msglist *out, const char *req,
		  const char *where)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, pos = 0;
	unsigned long cp = 0;

	while (i < len) {
		pos++;
		k = utf8_decode(p + i, len - i, &cp);
		if (k == 0) {
			if (out)
				msglist_addf(out, req, where,
					     "第%zu个字符不是有效的 UTF-8 编码",
					     "character %zu is not valid UTF-8",
					     pos);
			return 0;
		}
		if (control_char(cp)) {
			if (out)
				msglist_addf(out, req, where,
					     "第%zu个字符是控制字符 U+%04lX，不允许（只可用换行和制表符）",
					     "character %zu is the control character U+%04lX (only line feeds and tabs are allowed)",
					     pos, cp);
			return 0;
		}
		i += k;
	}
	return 1;
}

int shape_ctx_text(shape_ctx *c, cJSON *v, const char *where)
{
	if (!cJSON_IsString(v) || !v->valuestring) {
		msglist_add(c->out, c->req, where, "应为文字", "expected text");
		return 0;
	}
	/* Trimmed first: the positions named are those of the stored text. */
	shape_ctx_trim(c, v);
	return shape_text_ok(v->valuestring, strlen(v->valuestring), c->out,
			     c->req, where);
}

const cJSON *shape_ctx_given(const cJSON *v)
{
	if (!cJSON_IsString(v) || shape_ctx_blank(v) ||
	    !shape_text_ok(v->valuestring, strlen(v->valuestring), NULL, NULL,
			   NULL))
		return NULL;
	return v;
}

void shape_ctx_bool(shape_ctx *c, const cJSON *v, const char *where)
{
	if (!cJSON_IsBool(v))
		msglist_add(c->out, c->req, where, "应为 true 或 false",
			    "expected true or false");
}
