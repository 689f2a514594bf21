/* core/record_body.c — a record's ledger body (record_ledger_body, record.h). */
#include "core/record.h"

#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "core/ledger.h"

/*
 * The record's body is written into memory sized for it beforehand: `verify`
 * rebuilds one body per record, and the calls into buf for each of its
 * fifty pieces showed in its profile. The escaping is jsonx_quote's (and
 * the unit tests hold every body to jsonx_canonical).
 */
typedef struct {
	char *p;
} record_w;

#define RECORD_LIT(w, s) record_put((w), (s), sizeof(s) - 1)

static void record_put(record_w *w, const char *s, size_t n)
{
	memcpy(w->p, s, n);
	w->p += n;
}

/* Writes S as a JSON string literal, or null; at most 6 × strlen(S) + 2 bytes. */
static void record_quote(record_w *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p, *run;

	if (!s) {
		RECORD_LIT(w, "null");
		return;
	}
	*w->p++ = '"';
	for (p = run = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		record_put(w, (const char *)run, (size_t)(p - run));
		run = p + 1;
		*w->p++ = '\\';
		switch (*p) {
		case '"': *w->p++ = '"'; break;
		case '\\': *w->p++ = '\\'; break;
		case '\n': *w->p++ = 'n'; break;
		case '\r': *w->p++ = 'r'; break;
		case '\t': *w->p++ = 't'; break;
		case '\b': *w->p++ = 'b'; break;
		case '\f': *w->p++ = 'f'; break;
		default:
			RECORD_LIT(w, "u00");
			*w->p++ = hex[*p >> 4];
			*w->p++ = hex[*p & 15];
		}
	}
	record_put(w, (const char *)run, (size_t)(p - run));
	*w->p++ = '"';
}

/* Writes V in decimal (at most 20 bytes). */
static void record_lld(record_w *w, long long v)
{
	char tmp[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*w->p++ = '-';
	while (n)
		*w->p++ = tmp[--n];
}

/* Writes {"cert":…,"id":…,"name":…}: who, as the roster had them. */
static void record_who(record_w *w, const char *id, const char *name, const char *cert)
{
	RECORD_LIT(w, "{\"cert\":");
	record_quote(w, cert);
	RECORD_LIT(w, ",\"id\":");
	record_quote(w, id);
	RECORD_LIT(w, ",\"name\":");
	record_quote(w, name);
	*w->p++ = '}';
}

/* Returns the most bytes record_quote may write for S. */
static size_t record_quoted_max(const char *s)
{
	return s ? 6 * strlen(s) + 2 : 4;
}

int record_ledger_body(buf *out, long long seq, const char *kind, const char *device,
		       const record_row *r, const record_ledger_ctx *x)
{
	const char *texts[] = {r->finalized_at, device, kind, x->action_device, x->action_kind,
			       x->action_opened_at, x->action_opened_by, x->action_title,
			       r->author, x->author_name, x->author_cert, r->created_at,
			       r->device, r->finalized_at, r->finalized_by, x->finalizer_name,
			       x->finalizer_cert, r->form, r->reason};
	char hex[LEDGER_HASH_LEN + 1], small[2048], *mem = small;
	const char *sha = x->data_sha256;
	size_t need = 512 + 5 * 24 + LEDGER_HASH_LEN, i;
	record_w w;
	int rc = 0;

	if (!sha && r->data) {
		rc = ledger_sha256_hex(r->data, strlen(r->data), hex);
		sha = rc == 0 ? hex : NULL;
	}
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		need += record_quoted_max(texts[i]);
	if (need > sizeof small && !(mem = malloc(need))) {
		out->oom = 1;
		return -1;
	}
	w.p = mem;
	RECORD_LIT(&w, "{\"at\":");
	record_quote(&w, r->finalized_at);
	RECORD_LIT(&w, ",\"device\":");
	record_quote(&w, device);
	RECORD_LIT(&w, ",\"kind\":");
	record_quote(&w, kind);
	/* The record vouches for its action and its officers as they stood: an
	 * action or a roster entry edited afterwards no longer matches. */
	RECORD_LIT(&w, ",\"record\":{\"action\":{\"device\":");
	record_quote(&w, x->action_device);
	RECORD_LIT(&w, ",\"id\":");
	record_lld(&w, r->action_id);
	RECORD_LIT(&w, ",\"kind\":");
	record_quote(&w, x->action_kind);
	RECORD_LIT(&w, ",\"opened_at\":");
	record_quote(&w, x->action_opened_at);
	RECORD_LIT(&w, ",\"opened_by\":");
	record_quote(&w, x->action_opened_by);
	RECORD_LIT(&w, ",\"title\":");
	record_quote(&w, x->action_title);
	RECORD_LIT(&w, "},\"amends\":");
	if (r->amends)
		record_lld(&w, r->amends);
	else
		RECORD_LIT(&w, "null");
	RECORD_LIT(&w, ",\"author\":");
	record_who(&w, r->author, x->author_name, x->author_cert);
	RECORD_LIT(&w, ",\"created_at\":");
	record_quote(&w, r->created_at);
	/* The data by its SHA-256, not a second copy (DESIGN.md). */
	RECORD_LIT(&w, ",\"data_sha256\":");
	record_quote(&w, sha);
	RECORD_LIT(&w, ",\"device\":");
	record_quote(&w, r->device);
	RECORD_LIT(&w, ",\"finalized_at\":");
	record_quote(&w, r->finalized_at);
	RECORD_LIT(&w, ",\"finalized_by\":");
	record_who(&w, r->finalized_by, x->finalizer_name, x->finalizer_cert);
	RECORD_LIT(&w, ",\"form\":");
	record_quote(&w, r->form);
	RECORD_LIT(&w, ",\"id\":");
	record_lld(&w, r->id);
	RECORD_LIT(&w, ",\"reason\":");
	record_quote(&w, r->reason);
	RECORD_LIT(&w, ",\"version\":");
	record_lld(&w, r->form_version);
	RECORD_LIT(&w, "},\"seq\":");
	record_lld(&w, seq);
	*w.p++ = '}';
	buf_append(out, mem, (size_t)(w.p - mem));
	if (mem != small)
		free(mem);
	return rc;
}
