/* core/jsonx.c — canonical JSON. */
#include "core/jsonx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Insertion sort of an object's linked children by key: objects are small. */
static void jsonx_sort(cJSON *v)
{
	cJSON *c, *next, *sorted = NULL;

	if (!v)
		return;
	for (c = v->child; c; c = c->next)
		jsonx_sort(c);
	if (!cJSON_IsObject(v))
		return;
	for (c = v->child; c; c = next) {
		cJSON **pp = &sorted;
		next = c->next;
		while (*pp && strcmp((*pp)->string, c->string) <= 0)
			pp = &(*pp)->next;
		c->next = *pp;
		*pp = c;
	}
	/* cJSON keeps prev pointers, with the head's prev pointing at the tail. */
	v->child = sorted;
	if (sorted) {
		cJSON *prev = NULL;
		for (c = sorted; c; c = c->next) {
			c->prev = prev;
			prev = c;
		}
		sorted->prev = prev;
	}
}

char *jsonx_canonical(cJSON *v)
{
	jsonx_sort(v);
	return cJSON_PrintUnformatted(v);
}

void jsonx_quote(buf *b, const char *s)
{
	const unsigned char *p, *run;

	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "\"");
	/* Copy runs of plain bytes at once: the ledger builds many bodies. */
	for (p = run = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		buf_append(b, (const char *)run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\b': buf_puts(b, "\\b"); break;
		case '\f': buf_puts(b, "\\f"); break;
		default: buf_printf(b, "\\u%04x", *p);
		}
	}
	buf_append(b, (const char *)run, (size_t)(p - run));
	buf_puts(b, "\"");
}

int jsonx_int(const cJSON *v, long long min, long long max, long long *out)
{
	double d;
	long long n;

	if (!cJSON_IsNumber(v))
		return 0;
	d = v->valuedouble;
	/* -2^63 and 2^63 are exact doubles: the range of long long is
	 * [-2^63, 2^63), so the cast below is defined. NaN fails both tests. */
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != floor(d))
		return 0;
	n = (long long)d;
	if (n < min || n > max)
		return 0;
	if (out)
		*out = n;
	return 1;
}

const char *jsonx_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void jsonx_add_str(cJSON *obj, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(obj, key, s);
	else
		cJSON_AddNullToObject(obj, key);
}

void jsonx_add_id(cJSON *obj, const char *key, long long id)
{
	if (id)
		cJSON_AddNumberToObject(obj, key, (double)id);
	else
		cJSON_AddNullToObject(obj, key);
}
