/* fuzz/fuzz_body.c — a record's ledger body (record_ledger_body,
 * core/record_body.c), written by hand into memory sized beforehand: what the
 * ledger stores and `verify` rebuilds for every record.
 *
 * Input: a first line of five integers (entry, action id, record id, the
 * record it amends, form version), then one line per text of the record and
 * its context (kind, device, the record's form, state, data, author, device,
 * times, finaliser, reason, the action's kind, title, device, opener, time,
 * the names and certificates): a missing line is NULL. Ids are kept below
 * 10^15, as a store's are: cJSON prints larger numbers with an exponent.
 *
 * Properties: the body is written within its memory (ASan), is JSON, and is
 * canonical — canonicalising it gives the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/jsonx.h"
#include "core/record.h"
#include "fuzz/fuzz.h"

#define FUZZ_TEXTS 22
#define FUZZ_ID_MAX 999999999999999LL

static long long fuzz_bound(long long v)
{
	if (v > FUZZ_ID_MAX)
		return FUZZ_ID_MAX;
	if (v < -FUZZ_ID_MAX)
		return -FUZZ_ID_MAX;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = strndup((const char *)data, size), *t[FUZZ_TEXTS] = {NULL}, *p, *nl;
	long long n[5] = {0};
	record_row r;
	record_ledger_ctx x;
	buf body = BUF_INIT;
	cJSON *v;
	char *canon;
	int i, k = 0, rc;

	if (!copy)
		return 0;
	nl = strchr(copy, '\n');
	if (nl)
		*nl = '\0';
	/* strtoll, not sscanf: a number out of range is defined (clamped). */
	for (p = copy, i = 0; i < 5; i++)
		n[i] = strtoll(p, &p, 10);
	for (p = nl ? nl + 1 : NULL; p && k < FUZZ_TEXTS; p = nl ? nl + 1 : NULL) {
		t[k++] = p;
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
	}
	memset(&r, 0, sizeof r);
	memset(&x, 0, sizeof x);
	r.action_id = fuzz_bound(n[1]);
	r.id = fuzz_bound(n[2]);
	r.amends = fuzz_bound(n[3]);
	r.form_version = (int)(n[4] % 100000);
	i = 2;
	r.form = t[i++];
	r.state = t[i++];
	r.data = t[i++];
	r.author = t[i++];
	r.device = t[i++];
	r.created_at = t[i++];
	r.updated_at = t[i++];
	r.finalized_at = t[i++];
	r.finalized_by = t[i++];
	r.reason = t[i++];
	x.action_kind = t[i++];
	x.action_title = t[i++];
	x.action_device = t[i++];
	x.action_opened_by = t[i++];
	x.action_opened_at = t[i++];
	x.author_name = t[i++];
	x.author_cert = t[i++];
	x.finalizer_name = t[i++];
	x.finalizer_cert = t[i++];
	rc = record_ledger_body(&body, fuzz_bound(n[0]), t[0] ? t[0] : "finalize", t[1], &r, &x);
	FUZZ_ASSERT(rc == 0 || rc == -1, "record_ledger_body answers 0 or -1");
	if (body.oom)
		goto done;
	v = cJSON_Parse(buf_str(&body));
	FUZZ_ASSERT(v, "a ledger body is JSON");
	canon = jsonx_canonical(v);
	if (canon)
		FUZZ_ASSERT(strcmp(canon, buf_str(&body)) == 0, "a ledger body is canonical");
	free(canon);
	cJSON_Delete(v);
done:
	buf_free(&body);
	free(copy);
	return 0;
}
