/* tests/unit/test_officers_roster.c — core/roster.c on a temporary store
 * with the real forms/: officers and officer signatures resolved against
 * the roster, leniently in a draft, strictly when finalising, citing the
 * article of the form's `officers` field; the record's time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "core/roster.h"
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

/* Resolves VALUE (JSON text) as field FIELD of FORM_ID; *PROBLEMS gets the
 * count, OUT the messages. Returns the value as resolved (caller frees). */
static cJSON *resolve(tu_store *s, const char *form_id, const char *field, const char *value,
		      int final, int *problems, msglist *out)
{
	const form *f = formset_find(s->j->forms, form_id);
	const form_field *fd;
	cJSON *v = tu_json(value);

	assert_non_null(f);
	fd = form_field_find(f, field);
	assert_non_null(fd);
	*problems = roster_resolve_value(s->j, f, fd, v, final, 0, out, NULL);
	return v;
}

/* The canonical text of V; caller frees. */
static char *canon(cJSON *v)
{
	char *t = jsonx_canonical(v);

	assert_non_null(t);
	return t;
}

static void test_an_id_gets_the_rosters_name_and_certificate(void **state)
{
	msglist out = MSGLIST_INIT;
	int n;
	cJSON *v = resolve(*state, "inspection.onsite", "officers",
			   "[{\"id\":\"li\",\"shown\":false}]", 1, &n, &out);
	char *t = canon(v);

	assert_int_equal(n, 0);
	assert_string_equal(t, "[{\"cert\":\"13002\",\"id\":\"li\",\"name\":\"李四\",\"shown\":false}]");
	free(t);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_a_draft_keeps_an_unknown_name_and_finalising_refuses_it(void **state)
{
	const char *in = "[{\"name\":\"王大锤\",\"cert\":\"13777\",\"shown\":true}]";
	msglist out = MSGLIST_INIT;
	int n;
	cJSON *v = resolve(*state, "penalty.onsite", "officers", in, 0, &n, &out);
	char *t = canon(v);

	/* Half done is allowed in a draft: kept as typed, no id invented. */
	assert_int_equal(n, 0);
	assert_int_equal(out.n, 0);
	assert_null(strstr(t, "\"id\""));
	free(t);
	cJSON_Delete(v);
	v = resolve(*state, "penalty.onsite", "officers", in, 1, &n, &out);
	assert_int_equal(n, 1);
	tu_expect(&out, "R9.1", "officers[0]", "王大锤 (certificate 13777) is not on the roster");
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_an_unknown_id_is_refused_in_a_draft_too(void **state)
{
	msglist out = MSGLIST_INIT;
	int n;
	cJSON *v = resolve(*state, "licensing.inquiry", "officers",
			   "[{\"id\":\"zhang\",\"shown\":true},{\"id\":\"ghost\",\"shown\":true}]", 0,
			   &n, &out);

	assert_int_equal(n, 1);
	tu_expect(&out, "R7.1", "officers[1].id", "no officer ghost is on the roster");
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_a_signature_cites_the_officers_fields_article(void **state)
{
	msglist out = MSGLIST_INIT;
	int n;
	/* inspection.onsite's signatures cite R18.3; an officer not on the
	 * roster fails R18.1, the article its `officers` field serves. */
	cJSON *v = resolve(*state, "inspection.onsite", "signatures",
			   "[{\"role\":\"officer\",\"name\":\"赵六\",\"status\":\"signed\"},"
			   "{\"role\":\"officer\",\"name\":\"李四\",\"status\":\"signed\"}]",
			   1, &n, &out);
	char *t;

	assert_int_equal(n, 1);
	tu_expect(&out, "R18.1", "signatures[0].name", "the signing officer \"赵六\" is not on the roster");
	t = canon(cJSON_GetArrayItem(v, 1));
	assert_string_equal(t, "{\"id\":\"li\",\"name\":\"李四\",\"role\":\"officer\",\"status\":\"signed\"}");
	free(t);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_the_records_time_is_its_first_datetime_given(void **state)
{
	tu_store *s = *state;
	const form *f = formset_find(s->j->forms, "inspection.onsite");
	cJSON *d = tu_json("{\"ended_at\":\"2026-11-05T10:10+08:00\"}");
	time_t t;

	assert_non_null(f);
	/* started_at is not given: ended_at is the first datetime there is. */
	assert_int_equal(clock_parse("2026-11-05T10:10+08:00", &t), 0);
	assert_true(roster_record_time(f, d) == t);
	cJSON_AddStringToObject(d, "started_at", "2026-11-05T09:00+08:00");
	assert_int_equal(clock_parse("2026-11-05T09:00+08:00", &t), 0);
	assert_true(roster_record_time(f, d) == t);
	cJSON_Delete(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_an_id_gets_the_rosters_name_and_certificate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_draft_keeps_an_unknown_name_and_finalising_refuses_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_unknown_id_is_refused_in_a_draft_too, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_signature_cites_the_officers_fields_article, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_records_time_is_its_first_datetime_given, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
