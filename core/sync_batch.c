/* core/sync_batch.c — a batch of entries read without a cJSON tree. */
#include "core/sync_batch.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"

static const char sb_head[] = "{\"t\":\"batch\",\"entries\":[";

/* Room for one more entry. Returns 0 or -1. */
static int sb_grow(sync_batch *b)
{
	size_t cap;
	sync_entry *v;

	if (b->n < b->cap)
		return 0;
	cap = b->cap ? 2 * b->cap : 1024;
	v = realloc(b->v, cap * sizeof *v);
	if (!v)
		return -1;
	b->v = v;
	b->cap = cap;
	return 0;
}

/* Four hex digits at S. Returns their value, or -1. */
static long sb_hex4(const char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Writes code point C (not a surrogate, not 0) as UTF-8 at *O. */
static void sb_utf8(char **o, unsigned long c)
{
	unsigned char *u = (unsigned char *)*o;

	if (c < 0x80) {
		*u++ = (unsigned char)c;
	} else if (c < 0x800) {
		*u++ = (unsigned char)(0xc0 | c >> 6);
		*u++ = (unsigned char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*u++ = (unsigned char)(0xe0 | c >> 12);
		*u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		*u++ = (unsigned char)(0x80 | (c & 0x3f));
	} else {
		*u++ = (unsigned char)(0xf0 | c >> 18);
		*u++ = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		*u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		*u++ = (unsigned char)(0x80 | (c & 0x3f));
	}
	*o = (char *)u;
}

/* Decodes the JSON string whose text begins at *P (just past its opening
 * quote) into *O, NUL-terminated. A decoded string is never longer than
 * its text, quotes included, so the caller's room of the line's length is
 * enough. Returns 1 with *P past the closing quote and *O past the NUL, or
 * 0 for anything this reader leaves to cJSON (a bad escape, \u0000, a
 * lone surrogate, the end of the line). */
static int sb_string(const char **p, const char *end, char **o)
{
	const char *s = *p, *q;
	char *w = *o;
	long c, lo;

	for (;;) {
		for (q = s; q < end && *q != '"' && *q != '\\'; q++)
			;
		memcpy(w, s, (size_t)(q - s));
		w += q - s;
		s = q;
		if (s >= end)
			return 0;
		if (*s == '"')
			break;
		if (end - s < 2)
			return 0;
		switch (s[1]) {
		case '"': *w++ = '"'; break;
		case '\\': *w++ = '\\'; break;
		case '/': *w++ = '/'; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (end - s < 6 || (c = sb_hex4(s + 2)) <= 0 || (c >= 0xdc00 && c <= 0xdfff))
				return 0;
			if (c >= 0xd800 && c <= 0xdbff) {
				if (end - s < 12 || s[6] != '\\' || s[7] != 'u' ||
				    (lo = sb_hex4(s + 8)) < 0xdc00 || lo > 0xdfff)
					return 0;
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			sb_utf8(&w, (unsigned long)c);
			s += 4;
			break;
		default:
			return 0;
		}
		s += 2;
	}
	*w++ = '\0';
	*p = s + 1;
	*o = w;
	return 1;
}

/* An integer of 1 to 15 digits (exact in the double cJSON would make of
 * it) at *P. Returns 1 with *V and *P past it, or 0. */
static int sb_int(const char **p, const char *end, long long *v)
{
	const char *s = *p;
	long long n = 0;
	int digits = 0;

	while (s < end && *s >= '0' && *s <= '9' && digits < 16) {
		n = n * 10 + (*s - '0');
		s++;
		digits++;
	}
	if (digits == 0 || digits > 15 || (digits > 1 && **p == '0') ||
	    (s < end && (*s == '.' || *s == 'e' || *s == 'E' || (*s >= '0' && *s <= '9'))))
		return 0;
	*v = n;
	*p = s;
	return 1;
}

/* The member of an entry named KEY (KLEN bytes): where its string goes,
 * or NULL when it is not a string member an entry has. */
static const char **sb_slot(sync_entry *e, const char *key, size_t klen)
{
#define SB_IS(name) (klen == sizeof name - 1 && memcmp(key, name, klen) == 0)
	if (SB_IS("kind"))
		return &e->kind;
	if (SB_IS("subject"))
		return &e->subject;
	if (SB_IS("body"))
		return &e->body;
	if (SB_IS("prev_hash"))
		return &e->prev_hash;
	if (SB_IS("hash"))
		return &e->hash;
	if (SB_IS("data"))
		return &e->data;
	return NULL;
#undef SB_IS
}

/* One entry object at *P ('{' first) into E. Returns 1 or 0. */
static int sb_entry(const char **p, const char *end, char **o, sync_entry *e)
{
	const char *s = *p, *key, **slot;
	char *start;
	size_t klen;

	memset(e, 0, sizeof *e);
	if (s >= end || *s++ != '{')
		return 0;
	if (s < end && *s == '}') {
		*p = s + 1;
		return 1;
	}
	for (;;) {
		if (s >= end || *s++ != '"')
			return 0;
		key = s;
		while (s < end && *s != '"' && *s != '\\')
			s++;
		if (s >= end || *s != '"')
			return 0;
		klen = (size_t)(s - key);
		s++;
		if (s >= end || *s++ != ':')
			return 0;
		if (klen == 3 && memcmp(key, "seq", 3) == 0) {
			if (e->has_seq || !sb_int(&s, end, &e->seq))
				return 0;
			e->has_seq = 1;
		} else {
			slot = sb_slot(e, key, klen);
			/* Another member, a repeated one or one that is not a
			 * string: cJSON reads it. */
			if (!slot || *slot || s >= end || *s++ != '"')
				return 0;
			start = *o;
			if (!sb_string(&s, end, o))
				return 0;
			*slot = start;
			if (slot == &e->data)
				e->data_len = (size_t)(*o - start - 1);
		}
		if (s < end && *s == ',') {
			s++;
			continue;
		}
		if (s < end && *s == '}') {
			*p = s + 1;
			return 1;
		}
		return 0;
	}
}

int sync_batch_read(sync_batch *b, const char *line, size_t len)
{
	const char *s = line, *end = line + len;
	char *o;

	b->n = 0;
	if (len < sizeof sb_head - 1 + 2 || memcmp(line, sb_head, sizeof sb_head - 1) != 0)
		return 0;
	if (b->text_cap < len) {
		char *t = realloc(b->text, len);
		if (!t)
			return -1;
		b->text = t;
		b->text_cap = len;
	}
	o = b->text;
	s += sizeof sb_head - 1;
	if (*s != ']') {
		for (;;) {
			if (sb_grow(b) != 0)
				return -1;
			if (!sb_entry(&s, end, &o, &b->v[b->n]))
				return 0;
			b->n++;
			if (s < end && *s == ',') {
				s++;
				continue;
			}
			break;
		}
	}
	/* "]}" and the end of the line, nothing after. */
	if (end - s != 2 || s[0] != ']' || s[1] != '}')
		return 0;
	return 1;
}

int sync_batch_from_json(sync_batch *b, const cJSON *entries)
{
	const cJSON *e;
	sync_entry *x;

	b->n = 0;
	cJSON_ArrayForEach(e, entries) {
		if (sb_grow(b) != 0)
			return -1;
		x = &b->v[b->n++];
		memset(x, 0, sizeof *x);
		x->has_seq = jsonx_int(cJSON_GetObjectItemCaseSensitive(e, "seq"), LLONG_MIN, LLONG_MAX,
				       &x->seq);
		x->kind = jsonx_str(e, "kind");
		x->subject = jsonx_str(e, "subject");
		x->body = jsonx_str(e, "body");
		x->prev_hash = jsonx_str(e, "prev_hash");
		x->hash = jsonx_str(e, "hash");
		x->data = jsonx_str(e, "data");
		x->data_len = x->data ? strlen(x->data) : 0;
	}
	return 0;
}

void sync_batch_free(sync_batch *b)
{
	free(b->v);
	free(b->text);
	b->v = NULL;
	b->text = NULL;
	b->n = b->cap = b->text_cap = 0;
}
