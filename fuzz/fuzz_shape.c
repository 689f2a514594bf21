/* fuzz/fuzz_shape.c — the value shapes (core/shape.c, spec/forms.md).
 *
 * Input: a first line naming the shape ("party", "officers" …), optionally
 * followed by a space and the field's `min` (one digit), then the value as
 * JSON. Choice and choices fields offer "yes", "no" and "other".
 *
 * Properties, for every shape, draft and final:
 *   - shape_check returns the number of messages it appended;
 *   - checking the checked value again appends the same messages and leaves
 *     the value as it was (normalising is done once and for all);
 *   - a value complete enough to finalise is good enough for a draft;
 *   - every message says where (the field path) and cites a requirement
 *     (the field's, or the one a member answers to). */
#include <string.h>

#include <cJSON.h>

#include "core/msg.h"
#include "core/shape.h"
#include "fuzz/fuzz.h"

static const char *const fuzz_choices[] = {"yes", "no", "other"};

/* Returns 1 when the first HALF messages of M equal the rest, in order. */
static int fuzz_same_msgs(const msglist *m, size_t half)
{
	size_t i;

	if (m->n != 2 * half)
		return 0;
	for (i = 0; i < half; i++) {
		const msg *x = &m->items[i], *y = &m->items[half + i];
		if (strcmp(x->zh, y->zh) != 0 || strcmp(x->en, y->en) != 0 ||
		    strcmp(x->where, y->where) != 0 || strcmp(x->req, y->req) != 0)
			return 0;
	}
	return 1;
}

/* Checks V (consumed) as T twice with FINAL; returns the problems of the
 * first check. */
static int fuzz_check_twice(shape_type t, cJSON *v, const shape_opts *o, int final)
{
	msglist m = MSGLIST_INIT;
	char *once, *twice;
	size_t i, first_n;
	int n1, n2;

	n1 = shape_check(t, v, o, "R18.1", "f", final, &m);
	FUZZ_ASSERT(n1 >= 0 && (size_t)n1 == m.n, "shape_check returns what it appended");
	for (i = 0; i < m.n; i++) {
		if (!m.items[i].where || !m.items[i].req)
			fprintf(stderr, "message without where or req: %s / %s\n", m.items[i].zh,
				m.items[i].en);
		FUZZ_ASSERT(m.items[i].where && m.items[i].req && msg_req_valid(m.items[i].req) &&
			    m.items[i].zh[0] && m.items[i].en[0],
			    "a shape message says where, cites the requirement and says what");
	}
	once = cJSON_PrintUnformatted(v);
	first_n = m.n;
	n2 = shape_check(t, v, o, "R18.1", "f", final, &m);
	twice = cJSON_PrintUnformatted(v);
	if (!fuzz_same_msgs(&m, first_n))
		for (i = 0; i < m.n; i++)
			fprintf(stderr, "%s check: %s: %s / %s (%s)\n", i < first_n ? "first" : "second",
				m.items[i].where, m.items[i].zh, m.items[i].en, m.items[i].req);
	FUZZ_ASSERT(n2 == n1, "checking twice finds as many problems");
	FUZZ_ASSERT(fuzz_same_msgs(&m, first_n), "checking twice finds the same problems");
	FUZZ_ASSERT(once && twice && strcmp(once, twice) == 0, "checking twice changes nothing");
	(void)shape_is_empty(t, v);
	free(once);
	free(twice);
	msglist_free(&m);
	cJSON_Delete(v);
	return n1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	char name[16];
	size_t hl, rest;
	shape_opts o = {fuzz_choices, 3, -1};
	shape_type t;
	cJSON *v, *copy;
	int draft, final;

	if (!nl)
		return 0;
	hl = (size_t)(nl - (const char *)data);
	rest = size - hl - 1;
	if (hl >= 3 && hl < sizeof name && data[hl - 2] == ' ' && data[hl - 1] >= '0' &&
	    data[hl - 1] <= '9') {
		o.min = data[hl - 1] - '0';
		hl -= 2;
	}
	if (hl >= sizeof name)
		return 0;
	memcpy(name, data, hl);
	name[hl] = '\0';
	t = shape_from_name(name);
	if (t == SHAPE_INVALID)
		return 0;
	v = cJSON_ParseWithLength(nl + 1, rest);
	if (!v)
		return 0;
	copy = cJSON_Duplicate(v, 1);
	if (cJSON_IsNull(v) || !copy) { /* null is "absent": never passed to shape_check */
		cJSON_Delete(copy);
		cJSON_Delete(v);
		return 0;
	}
	draft = fuzz_check_twice(t, copy, &o, 0);
	final = fuzz_check_twice(t, v, &o, 1);
	FUZZ_ASSERT(final > 0 || draft == 0, "what may be finalised may be kept as a draft");
	return 0;
}
