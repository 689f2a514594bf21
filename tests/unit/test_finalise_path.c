/* tests/unit/test_finalise_path.c — finalising does each piece of work once
 * (values applied and judged before the write lock, one pass of shape checks
 * under it) and still says and stores exactly what it did when it did every
 * piece twice: each problem once, field by field with "required" after the
 * field's own problems, a store-dependent link checked under the lock, and
 * the stored data normalised, canonical and vouched for by the ledger. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "core/record.h"
#include "core/shape.h"
#include "core/verify.h"
#include "tests/unit/testutil.h"

static int setup(void **state)
{
	*state = tu_store_new();
	return 0;
}

static int teardown(void **state)
{
	tu_store_free(*state);
	return 0;
}

/* record_create(FINALIZE) of FORM_ID in ACTION with VALUES (JSON text). */
static jl_status create(tu_store *s, long long action, const char *form_id, const char *values,
			int finalize, long long *id, msglist *out)
{
	cJSON *v = tu_json(values);
	jl_status rc = record_create(s->j, action, form_id, v, finalize, id, out);

	cJSON_Delete(v);
	return rc;
}

/* Fails unless the messages of L are at exactly the N places WANT, in order. */
static void expect_places(const msglist *l, const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < l->n && i < n; i++)
		if (!l->items[i].where || strcmp(l->items[i].where, want[i]) != 0)
			break;
	if (i == n && l->n == n)
		return;
	tu_dump(l);
	fail_msg("message %zu is not at \"%s\" (%zu messages, %zu wanted)", i,
		 i < n ? want[i] : "(none)", l->n, n);
}

/* Values given untrimmed, a full-width certificate and a lower-case check
 * character are stored as every pass of the old path left them: trimmed,
 * NFKC, upper-case, the data canonical, and the ledger vouching for it. */
static void test_values_applied_before_the_lock_are_stored_normalised(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;
	verify_report rep;
	cJSON *back;
	char *text, *canon;

	tu_status(create(s, a, "inspection.onsite",
			 "{\"started_at\":\"2024-05-01T09:00\",\"ended_at\":\"2024-05-01T10:00\","
			 "\"place\":\"\\u3000 昌黎县民生街1号\\t\","
			 "\"officers\":[{\"name\":\" 张三\",\"cert\":\"１３００１\",\"shown\":true},"
			 "{\"name\":\"李四\",\"cert\":\"13002 \",\"shown\":true}],"
			 "\"party\":{\"name\":\"王五 \",\"id_type\":\"resident_id\","
			 "\"id_number\":\"11010519491231002x\",\"address\":\"昌黎县\"},"
			 "\"situation\":\"\\n货架整齐\\n价签齐全 \",\"result\":\"no_issue\","
			 "\"av\":{\"mode\":\" video \"},\"signatures\":" TU_SIGS_INSPECTION "}",
			 1, &id, &out), JL_OK, &out);
	assert_int_equal(id, 1);
	text = tu_text(tu_sql(s), "SELECT json_extract(data, '$.place') || '|' || "
				  "json_extract(data, '$.officers[0].name') || '|' || "
				  "json_extract(data, '$.officers[0].cert') || '|' || "
				  "json_extract(data, '$.officers[1].cert') || '|' || "
				  "json_extract(data, '$.party.id_number') || '|' || "
				  "json_extract(data, '$.situation') || '|' || "
				  "json_extract(data, '$.av.mode') FROM records WHERE id = 1");
	assert_string_equal(text, "昌黎县民生街1号|张三|13001|13002|11010519491231002X|"
				  "货架整齐\n价签齐全|video");
	free(text);
	/* The stored text is the canonical form of itself. */
	text = tu_text(tu_sql(s), "SELECT data FROM records WHERE id = 1");
	back = tu_json(text);
	canon = jsonx_canonical(back);
	assert_string_equal(text, canon);
	free(canon);
	cJSON_Delete(back);
	free(text);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM records WHERE state = 'final' "
					   "AND ledger_seq IS NOT NULL"), 1);
	tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	assert_int_equal(out.n, 0);
	msglist_free(&out);
}

/* A refusal lists each field's own problems and then, when it has none, its
 * "required", in the order of the form, then the form's checks: the one pass
 * of shape checks keeps the order the two passes gave. */
static void test_problems_come_field_by_field_then_the_checks(void **state)
{
	static const char *const want[] = {"place", "officers[0].shown", "situation",
					   "ended_at"};
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;

	tu_status(create(s, a, "inspection.onsite",
			 "{\"started_at\":\"2024-05-01T10:00\",\"ended_at\":\"2024-05-01T09:00\","
			 "\"officers\":[{\"name\":\"张三\",\"cert\":\"13001\"},"
			 "{\"name\":\"李四\",\"cert\":\"13002\",\"shown\":true}],"
			 "\"party\":" TU_PARTY_CO ",\"result\":\"no_issue\","
			 "\"av\":{\"mode\":\"video\"},\"signatures\":" TU_SIGS_INSPECTION "}",
			 1, &id, &out), JL_EREFUSED, &out);
	expect_places(&out, want, sizeof want / sizeof *want);
	tu_expect(&out, "R18.2", "place", "必填");
	tu_expect(&out, "R18.1", "officers[0].shown", "shown");
	tu_expect(&out, "R18.1", "ended_at", "must end after it started");
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM records"), 0);
	msglist_free(&out);
}

/* A value that does not apply is reported once (the attempt before the lock
 * says nothing), and what is wrong with the action comes first and alone. */
static void test_a_bad_value_is_reported_once_and_after_the_action(void **state)
{
	static const char *const want[] = {"place"};
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;

	tu_status(create(s, a, "inspection.onsite", "{\"place\": 5, \"result\": \"no_issue\"}", 1,
			 &id, &out), JL_EINVALID, &out);
	expect_places(&out, want, 1);
	msglist_free(&out);

	tu_status(create(s, 99, "inspection.onsite", "{\"place\": 5}", 1, &id, &out),
		  JL_EINVALID, &out);
	assert_int_equal(out.n, 1);
	tu_expect(&out, NULL, "ACTION", "no action 99");
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM records"), 0);
	msglist_free(&out);
}

/* The link of a record applied before the lock is taken and judged as
 * before: to a final record of its action it finalises; to one of another
 * action it is refused once, as a value that does not apply. */
static void test_a_link_is_checked_once_and_taken_when_it_holds(void **state)
{
	static const char *const want[] = {"serves"};
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), b = tu_action(s, "inspection"), id = 0;
	long long order = tu_final(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;
	buf v = BUF_INIT;

	buf_printf(&v, "{\"serves\": %lld, \"document_name\": \"现场检查笔录\", "
		       "\"recipient\": \"王五\", \"served_at\": \"2024-05-01T10:30\", "
		       "\"place\": \"昌黎县民生街1号\", \"method\": \"mail\", "
		       "\"mail_number\": \"EMS1234567\"}", order);
	tu_status(create(s, b, "service.receipt", buf_str(&v), 1, &id, &out), JL_EINVALID, &out);
	expect_places(&out, want, 1);
	tu_expect(&out, "R14.1", "serves", "no record 1 in this action");
	msglist_free(&out);
	tu_status(create(s, a, "service.receipt", buf_str(&v), 1, &id, &out), JL_OK, &out);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM records WHERE form = "
					   "'service.receipt' AND state = 'final'"), 1);
	buf_free(&v);
	msglist_free(&out);
}

/* The expressions see zoned times as local ones (eval_data), made once for
 * the conditions and the checks: 10:00 UTC is 18:00 in UTC+8, after 17:00. */
static void test_checks_see_a_zoned_time_as_local_time(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;
	char *tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC-8", 1);
	tzset();
	tu_status(create(s, a, "inspection.onsite",
			 "{\"started_at\":\"2024-05-01T10:00+00:00\",\"ended_at\":\"2024-05-01T17:00\","
			 "\"place\":\"昌黎县民生街1号\",\"officers\":" TU_OFFICERS2 ","
			 "\"party\":" TU_PARTY_CO ",\"situation\":\"货架整齐\","
			 "\"result\":\"no_issue\",\"av\":{\"mode\":\"video\"},"
			 "\"signatures\":" TU_SIGS_INSPECTION "}", 1, &id, &out), JL_EREFUSED, &out);
	tu_expect(&out, "R18.1", "ended_at", "must end after it started");
	msglist_free(&out);
	tu_status(create(s, a, "inspection.onsite",
			 "{\"started_at\":\"2024-05-01T10:00+08:00\",\"ended_at\":\"2024-05-01T17:00\","
			 "\"place\":\"昌黎县民生街1号\",\"officers\":" TU_OFFICERS2 ","
			 "\"party\":" TU_PARTY_CO ",\"situation\":\"货架整齐\","
			 "\"result\":\"no_issue\",\"av\":{\"mode\":\"video\"},"
			 "\"signatures\":" TU_SIGS_INSPECTION "}", 1, &id, &out), JL_OK, &out);
	if (tz) {
		setenv("TZ", tz, 1);
		free(tz);
	} else {
		unsetenv("TZ");
	}
	tzset();
	msglist_free(&out);
}

/* A record finalised as it is created is written once, final: the row holds
 * what a draft finalised at once held (updated when finalised, the ledger
 * entry named), ids follow on from drafts, and the ledger vouches for it. */
static void test_a_record_finalised_at_creation_is_stored_final(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0, d;
	msglist out = MSGLIST_INIT;
	verify_report rep;
	cJSON *v = tu_json("{\"place\": \"民生街\"}");

	tu_status(record_create(s->j, a, "inspection.onsite", v, 0, &d, &out), JL_OK, &out);
	cJSON_Delete(v);
	assert_int_equal(d, 1);
	tu_status(create(s, a, "inspection.onsite", TU_INSPECTION, 1, &id, &out), JL_OK, &out);
	assert_int_equal(id, 2);
	assert_int_equal(tu_int(tu_sql(s),
		"SELECT count(*) FROM records r JOIN ledger l ON l.seq = r.ledger_seq "
		"WHERE r.id = 2 AND r.state = 'final' AND r.form_version = 1 "
		"AND r.author = 'zhang' AND r.finalized_by = 'zhang' AND r.device = 'T01' "
		"AND r.updated_at = r.finalized_at AND r.created_at <= r.finalized_at "
		"AND r.amends IS NULL AND r.reason IS NULL AND l.kind = 'finalize' "
		"AND l.subject = 'record:2'"), 1);
	tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	assert_int_equal(out.n, 0);
	assert_int_equal(rep.records, 1);
	/* A refused one stores nothing and takes no id. */
	tu_status(create(s, a, "inspection.onsite", "{\"place\": \"民生街\"}", 1, &id, &out),
		  JL_EREFUSED, &out);
	msglist_free(&out);
	tu_status(create(s, a, "inspection.onsite", TU_INSPECTION, 1, &id, &out), JL_OK, &out);
	assert_int_equal(id, 3);
	msglist_free(&out);
}

/* shape_check_noting says when normalising changed a value — the sign
 * finalising reads to keep the canonical text it already holds — and only
 * then. */
static void test_shape_check_notes_what_normalising_changed(void **state)
{
	static const struct {
		shape_type t;
		const char *json;
		int changed;
	} cases[] = {
		{SHAPE_TEXT, "\"昌黎县\"", 0},
		{SHAPE_TEXT, "\" 昌黎县\"", 1},
		{SHAPE_TEXT, "\"昌黎县\\u3000\"", 1},
		{SHAPE_PARTY, TU_PARTY_CO, 0},
		{SHAPE_PARTY, TU_PARTY_PERSON, 0},
		{SHAPE_PARTY, "{\"name\":\"王五\",\"id_type\":\"resident_id\","
			      "\"id_number\":\"11010519491231002x\"}", 1},
		{SHAPE_OFFICERS, TU_OFFICERS2, 0},
		{SHAPE_OFFICERS, "[{\"name\":\"张三\",\"cert\":\"１３００１\",\"shown\":true}]", 1},
		{SHAPE_LIST, "[\"a\", \"b \"]", 1},
		{SHAPE_SIGNATURES, TU_SIGS_INSPECTION, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *v = tu_json(cases[i].json);
		msglist out = MSGLIST_INIT;
		int changed = 0, again = 0;

		shape_check_noting(cases[i].t, v, NULL, NULL, "f", 1, &out, &changed);
		if (changed != cases[i].changed)
			fail_msg("case %zu (%s): changed %d", i, cases[i].json, changed);
		/* Normalising is idempotent: a second pass changes nothing. */
		shape_check_noting(cases[i].t, v, NULL, NULL, "f", 1, &out, &again);
		assert_int_equal(again, 0);
		cJSON_Delete(v);
		msglist_free(&out);
	}
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_values_applied_before_the_lock_are_stored_normalised),
		T(test_problems_come_field_by_field_then_the_checks),
		T(test_a_bad_value_is_reported_once_and_after_the_action),
		T(test_a_link_is_checked_once_and_taken_when_it_holds),
		T(test_checks_see_a_zoned_time_as_local_time),
		T(test_a_record_finalised_at_creation_is_stored_final),
		cmocka_unit_test(test_shape_check_notes_what_normalising_changed),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
