/* tests/unit/test_sync_pull_twice.c — core/sync_pull.c on a temporary store
 * with the real forms/: the same push applied twice (two syncs at once both
 * told HQ they lacked the calendar, and HQ answered both) keeps the
 * calendar once; a calendar sent again after another one is the one in use
 * again, so it is a new row. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/sync_pull.h"
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

/* A push of calendar JSON (with its SHA-256), as HQ sends it. Caller frees. */
static cJSON *calendar_push(const char *json)
{
	char sha[LEDGER_HASH_LEN + 1];
	cJSON *push = cJSON_CreateObject(), *c;

	assert_non_null(push);
	ledger_sha256_hex(json, strlen(json), sha);
	cJSON_AddStringToObject(push, "t", "push");
	c = cJSON_AddObjectToObject(push, "calendar");
	assert_non_null(c);
	cJSON_AddStringToObject(c, "sha256", sha);
	cJSON_AddStringToObject(c, "json", json);
	return push;
}

/* Applies PUSH to S; it must be taken. Returns whether a calendar was stored. */
static int apply(tu_store *s, const cJSON *push)
{
	msglist err = MSGLIST_INIT;
	sync_pulled out;

	tu_status(sync_pull_apply(s->j, push, &out, &err), JL_OK, &err);
	msglist_free(&err);
	return out.calendar;
}

static const char cal_a[] = "{\"years\":[2026],\"holidays\":[\"2026-10-01\"],\"workdays\":[]}";
static const char cal_b[] = "{\"years\":[2026],\"holidays\":[\"2026-10-02\"],\"workdays\":[]}";

static void test_the_same_calendar_twice_is_kept_once(void **state)
{
	tu_store *s = *state;
	cJSON *push = calendar_push(cal_a);

	assert_int_equal(apply(s, push), 1);
	assert_int_equal(apply(s, push), 0);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM pushed_calendar"), 1);
	cJSON_Delete(push);
}

static void test_a_calendar_sent_again_after_another_is_in_use_again(void **state)
{
	tu_store *s = *state;
	cJSON *a = calendar_push(cal_a), *b = calendar_push(cal_b);
	char *newest;

	assert_int_equal(apply(s, a), 1);
	assert_int_equal(apply(s, b), 1);
	assert_int_equal(apply(s, a), 1);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM pushed_calendar"), 3);
	newest = tu_text(tu_sql(s), "SELECT json FROM pushed_calendar ORDER BY seq DESC LIMIT 1");
	assert_string_equal(newest, cal_a);
	free(newest);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_same_calendar_twice_is_kept_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_calendar_sent_again_after_another_is_in_use_again,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
