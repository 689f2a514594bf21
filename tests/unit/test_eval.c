/* tests/unit/test_eval.c — core/eval.c, the one place that decides which
 * fields are relevant and which checks hold: a condition that cannot be
 * evaluated is reported (form, field or check, and the limit), never read as
 * "not relevant" or "holds"; zoned times are read as local time by every
 * caller alike; and each limit of core/cond.c is named when it is hit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cond.h"
#include "core/eval.h"
#include "tests/unit/testutil.h"

/* json_each over a JSON array of N zeros. */
#define ZEROS(n) "json_each('[' || substr(replace(hex(zeroblob(" #n ")), '00', '0,'), 1, " \
	#n " * 2 - 1) || ']')"
#define CROSS "(SELECT count(*) FROM " ZEROS(1000) " a, " ZEROS(1000) " b, " ZEROS(1000) \
	" c) >= 0"

typedef struct {
	cond_env *ce;
	form f;
	form_field fields[4];
	form_check checks[3];
} fixture;

static int setup(void **state)
{
	fixture *x = calloc(1, sizeof *x);

	if (!x || cond_open(&x->ce) != JL_OK)
		return -1;
	setenv("TZ", "UTC", 1);
	tzset();
	x->f.id = "test.form";
	x->f.fields = x->fields;
	x->f.nfields = 4;
	x->fields[0] = (form_field){.id = "started_at", .type = SHAPE_DATETIME};
	x->fields[1] = (form_field){.id = "early", .type = SHAPE_TEXT,
				    .when = "$started_at < '2026-11-26T09:00'"};
	x->fields[2] = (form_field){.id = "detail", .type = SHAPE_TEXT, .when = "$early = 'yes'"};
	x->fields[3] = (form_field){.id = "more", .type = SHAPE_TEXT, .when = "0"};
	x->checks[0] = (form_check){.id = "holds", .field = "early", .expr = "1"};
	x->checks[1] = (form_check){.id = "fails", .field = "early", .expr = "0"};
	x->checks[2] = (form_check){.id = "not_applied", .field = "early", .when = "0", .expr = "0"};
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	fixture *x = *state;

	cond_close(x->ce);
	free(x);
	return 0;
}

static void test_relevance_follows_the_conditions(void **state)
{
	fixture *x = *state;
	cJSON *data = cJSON_Parse("{\"started_at\":\"2026-11-26T08:00\",\"early\":\"yes\"}");
	msglist out = MSGLIST_INIT;
	int rel[4];

	assert_int_equal(eval_relevant(x->ce, &x->f, data, rel, &out), 0);
	assert_int_equal(out.n, 0);
	assert_int_equal(rel[0], 1);
	assert_int_equal(rel[1], 1);
	assert_int_equal(rel[2], 1);
	assert_int_equal(rel[3], 0);
	cJSON_Delete(data);
}

/* 09:30 in Beijing is 01:30 here (UTC): early. The screens once read the
 * stored text as it is, and called it not early. */
static void test_a_zoned_time_is_read_as_local_time(void **state)
{
	fixture *x = *state;
	cJSON *data = cJSON_Parse("{\"started_at\":\"2026-11-26T09:30+08:00\"}");
	msglist out = MSGLIST_INIT;
	int rel[4];

	assert_int_equal(eval_relevant(x->ce, &x->f, data, rel, &out), 0);
	assert_int_equal(rel[1], 1);
	assert_int_equal(eval_expr(x->ce, &x->f, "zoned", "$started_at < '2026-11-26T09:00'", data,
				   NULL, &out), 1);
	cJSON_Delete(data);
}

static void test_a_condition_that_cannot_run_is_reported_and_its_field_kept(void **state)
{
	fixture *x = *state;
	cJSON *data = cJSON_Parse("{\"started_at\":\"2026-11-26T10:00\"}");
	msglist out = MSGLIST_INIT;
	int rel[4];

	/* Steps, not the clock, stop it, however slow the machine (ASan). */
	cond_set_budget(x->ce, 2000000, 600000);
	x->fields[1].when = CROSS " AND $started_at > ''";
	assert_int_equal(eval_relevant(x->ce, &x->f, data, rel, &out), -1);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.items[0].where, "early");
	assert_non_null(strstr(out.items[0].en, "form test.form: the condition (when) of field early "
						"could not be evaluated: it exceeded the limit of 2000000 steps"));
	assert_non_null(strstr(out.items[0].zh, "超出运算步数限制"));
	/* Unknown is shown, never hidden: this field and those after it. */
	assert_int_equal(rel[1], 1);
	assert_int_equal(rel[3], 1);
	msglist_free(&out);
	cJSON_Delete(data);
}

static void test_checks_hold_fail_or_are_reported(void **state)
{
	fixture *x = *state;
	cJSON *data = cJSON_Parse("{}");
	msglist out = MSGLIST_INIT;
	int holds[3];

	assert_int_equal(eval_checks(x->ce, &x->f, x->checks, 3, data, NULL, holds, &out), 0);
	assert_int_equal(holds[0], 1);
	assert_int_equal(holds[1], 0);
	assert_int_equal(holds[2], 1);
	/* An error in a check's `when` once read as "does not apply". */
	x->checks[2].when = "length(zeroblob(2400000000)) > 0";
	assert_int_equal(eval_checks(x->ce, &x->f, x->checks, 3, data, NULL, holds, &out), -1);
	assert_int_equal(out.n, 1);
	assert_non_null(strstr(out.items[0].en, "the check not_applied could not be evaluated: a string "
						"or blob exceeded the length limit of 1048576 bytes"));
	msglist_free(&out);
	cJSON_Delete(data);
}

static void test_each_limit_is_named(void **state)
{
	fixture *x = *state;
	cJSON *data = cJSON_Parse("{}");
	msglist out = MSGLIST_INIT;
	buf err = BUF_INIT;

	cond_set_budget(x->ce, 0, 600000);
	assert_int_equal(cond_eval(x->ce, CROSS, data, NULL, &err), -2);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_STEPS);
	cond_set_budget(x->ce, 0, 0);
	assert_int_equal(cond_eval(x->ce, "length(zeroblob(2400000000))", data, NULL, &err), -2);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_LENGTH);
	assert_int_equal(cond_eval(x->ce, "(SELECT count(*) FROM (SELECT zeroblob(1000000) || a.value "
					  "AS z FROM " ZEROS(400) " a ORDER BY z)) > 0",
				   data, NULL, &err), -2);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_MEMORY);
	/* The CPU time, when the steps would allow more. */
	cond_set_budget(x->ce, 1LL << 40, 50);
	assert_int_equal(eval_expr(x->ce, &x->f, "slow", CROSS, data, NULL, &out), -2);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_TIME);
	assert_non_null(strstr(out.items[0].en, "exceeded the time limit"));
	cond_set_budget(x->ce, 0, 0);
	/* A limit hit leaves nothing behind: the next evaluation runs whole. */
	assert_int_equal(cond_eval(x->ce, "1 + 1 = 2", data, NULL, &err), 1);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_NONE);
	/* A value longer than the limit is refused as it is bound. */
	cJSON_AddItemToObject(data, "long", cJSON_CreateString(""));
	{
		char *big = malloc(COND_LENGTH + 2);
		memset(big, 'x', COND_LENGTH + 1);
		big[COND_LENGTH + 1] = '\0';
		cJSON_ReplaceItemInObject(data, "long", cJSON_CreateString(big));
		free(big);
	}
	assert_int_equal(cond_eval(x->ce, "$long IS NOT NULL", data, NULL, &err), -2);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_LENGTH);
	buf_free(&err);
	msglist_free(&out);
	cJSON_Delete(data);
}

/* A runaway with every field empty is refused as it compiles (the forms
 * load); one that runs away only on data compiles, and is stopped there. */
static void test_a_runaway_on_no_data_is_refused_when_compiled(void **state)
{
	fixture *x = *state;
	buf err = BUF_INIT;
	cJSON *data = cJSON_Parse("{\"n\": 1000}");

	assert_int_equal(cond_compile(x->ce, "length(zeroblob(2400000000)) > 0", NULL, NULL, &err), -1);
	assert_string_equal(buf_str(&err),
			    "it exceeds the length limit of strings and blobs even with every field empty");
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_LENGTH);
	buf_reset(&err);
	assert_int_equal(cond_compile(x->ce, "length(zeroblob($n * 2400000)) > 0", NULL, NULL, &err), 0);
	assert_int_equal(cond_eval(x->ce, "length(zeroblob($n * 2400000)) > 0", data, NULL, &err), -2);
	assert_int_equal(cond_last_limit(x->ce), COND_LIMIT_LENGTH);
	/* The forms of forms/ all pass the probe (test_form loads them all). */
	buf_free(&err);
	cJSON_Delete(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_relevance_follows_the_conditions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_zoned_time_is_read_as_local_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_condition_that_cannot_run_is_reported_and_its_field_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checks_hold_fail_or_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_limit_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_runaway_on_no_data_is_refused_when_compiled, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
