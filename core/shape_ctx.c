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
	if (idx >= 0) {
		buf_puts(&c->where, "[");
		buf_put_lld(&c->where, idx);
		buf_puts(&c->where, "]");
	}
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

int shape_ctx_blank(const cJSON *v)
{
	return !cJSON_IsString(v) || text_blank(v->valuestring);
}

/*
 * The trimmed text goes through a copy because cJSON 1.7.15 strcpy()s a
 * shorter value over the old one, and overlapping strcpy is undefined.
 */
void shape_ctx_trim(shape_ctx *c, cJSON *v, text_kind k)
{
	size_t a, b, len;
	char *copy;

	if (!cJSON_IsString(v) || !v->valuestring)
		return;
	len = strlen(v->valuestring);
	if (k == TEXT_ID) {
		copy = text_ident(v->valuestring);
		if (copy && strcmp(copy, v->valuestring) == 0) {
			free(copy);
			return;
		}
	} else {
		text_trim_bounds(v->valuestring, len, &a, &b);
		if (a == 0 && b == len)
			return;
		copy = strndup(v->valuestring + a, b - a);
	}
	if (!copy) {
		c->out->oom = 1;
		return;
	}
	/* NULL only for a reference item, which is not ours to change. */
	if (cJSON_SetValuestring(v, copy))
		c->changed++;
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

int shape_text_ok(const char *s, size_t len, msglist *out, const char *req,
		  const char *where)
{
	return text_check(s, len, TEXT_LINES, out, req, where);
}

int shape_ctx_text(shape_ctx *c, cJSON *v, const char *where, text_kind k)
{
	if (!cJSON_IsString(v) || !v->valuestring) {
		msglist_add(c->out, c->req, where, "应为文字", "expected text");
		return 0;
	}
	/* Trimmed first: the positions named are those of the stored text. */
	shape_ctx_trim(c, v, k);
	return text_check(v->valuestring, strlen(v->valuestring), k, c->out, c->req,
			  where);
}

int shape_ctx_text_at(shape_ctx *c, cJSON *v, const char *path, int idx, const char *key,
		      text_kind k)
{
	if (!cJSON_IsString(v) || !v->valuestring)
		return shape_ctx_text(c, v, shape_ctx_where(c, path, idx, key), k);
	shape_ctx_trim(c, v, k);
	/* Checked quietly first: the place is spelled out only for a problem. */
	if (text_check(v->valuestring, strlen(v->valuestring), k, NULL, NULL, NULL))
		return 1;
	return text_check(v->valuestring, strlen(v->valuestring), k, c->out, c->req,
			  shape_ctx_where(c, path, idx, key));
}

const cJSON *shape_ctx_given(const cJSON *v, text_kind k)
{
	if (!cJSON_IsString(v) || shape_ctx_blank(v) ||
	    !text_check(v->valuestring, strlen(v->valuestring), k, NULL, NULL, NULL))
		return NULL;
	return v;
}

void shape_ctx_bool(shape_ctx *c, const cJSON *v, const char *where)
{
	if (!cJSON_IsBool(v))
		msglist_add(c->out, c->req, where, "应为 true 或 false",
			    "expected true or false");
}
