/* tests/unit/test_screens_core.c — what core gives the screens: actions a
 * page at a time (action_page: keyset, newest first, kind, state, a Chinese
 * substring of the title or the party) and the form a missing item wants
 * (check_item.wants). A real store with the real forms/. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/record.h"
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

static long long open_action(tu_store *s, const char *kind, const char *title)
{
	msglist err = MSGLIST_INIT;
	long long id = 0;

	tu_status(action_open(s->j, kind, title, &id, &err), JL_OK, &err);
	msglist_free(&err);
	return id;
}

/* 120 actions read 50 at a time: every one once, newest first, and the
 * last page short. */
static void test_action_page_reads_every_action_once_newest_first(void **state)
{
	tu_store *s = *state;
	action_page_row *rows = NULL;
	long long before = 0, expect = 120;
	int n = 0, pages = 0, total = 0, i;

	for (i = 1; i <= 120; i++)
		open_action(s, "inspection", "日常检查");
	do {
		assert_int_equal(action_page(s->j, NULL, 1, NULL, before, 50, &rows, &n), JL_OK);
		for (i = 0; i < n; i++)
			assert_int_equal(rows[i].a.id, expect--);
		total += n;
		if (n)
			before = rows[n - 1].a.id;
		pages++;
		action_page_free(rows, n);
	} while (n == 50);
	assert_int_equal(total, 120);
	assert_int_equal(pages, 3);
}

/* Kind, state and a Chinese substring of the title or of the party's name. */
static void test_action_page_filters_kind_state_and_search(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;
	action_page_row *rows = NULL;
	long long a, b, c, r = 0;
	int n = 0;
	cJSON *v = tu_json("{\"party\": " TU_PARTY_CO "}");

	a = open_action(s, "inspection", "惠民超市日常检查");
	b = open_action(s, "licensing", "饺子馆许可申请");
	c = open_action(s, "inspection", "另一检查");
	tu_status(record_create(s->j, c, "inspection.onsite", v, 0, &r, &err), JL_OK, &err);
	tu_status(action_close(s->j, a, &err), JL_OK, &err);

	assert_int_equal(action_page(s->j, "licensing", 0, NULL, 0, 50, &rows, &n), JL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].a.id, b);
	action_page_free(rows, n);

	assert_int_equal(action_page(s->j, NULL, 2, NULL, 0, 50, &rows, &n), JL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].a.id, a);
	action_page_free(rows, n);

	/* The party is named by a draft of the action: found by 某超市. */
	assert_int_equal(action_page(s->j, NULL, 0, "某超市", 0, 50, &rows, &n), JL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].a.id, c);
	assert_string_equal(rows[0].party, "昌黎县某超市有限公司");
	assert_int_equal(rows[0].nfinal, 0);
	assert_int_equal(rows[0].a.nrecords, 1);
	action_page_free(rows, n);

	assert_int_equal(action_page(s->j, NULL, 0, "饺子", 0, 50, &rows, &n), JL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].a.id, b);
	assert_null(rows[0].party);
	action_page_free(rows, n);

	assert_int_equal(action_page(s->j, NULL, 0, "没有这个", 0, 50, &rows, &n), JL_OK);
	assert_int_equal(n, 0);
	action_page_free(rows, n);
	cJSON_Delete(v);
	msglist_free(&err);
}

/* A missing record names the form that would satisfy it, for the screens
 * to open; one of several (penalty's investigation) names none. */
static void test_check_missing_item_wants_its_form(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;
	check_list l = {0};
	long long a = open_action(s, "inspection", "检查"), p = open_action(s, "penalty", "处罚");
	int i, wants = 0;

	tu_status(check_action(s->j, a, clock_now_epoch(), &l, &err), JL_OK, &err);
	for (i = 0; i < l.n; i++)
		if (l.items[i].type == CHECK_MISSING && l.items[i].wants &&
		    strcmp(l.items[i].wants, "inspection.onsite") == 0)
			wants++;
	assert_int_equal(wants, 1);
	check_list_free(&l);

	tu_status(check_action(s->j, p, clock_now_epoch(), &l, &err), JL_OK, &err);
	wants = 0;
	for (i = 0; i < l.n; i++)
		if (l.items[i].type == CHECK_MISSING && strstr(l.items[i].zh, "调查记录")) {
			assert_null(l.items[i].wants);
			wants++;
		}
	assert_int_equal(wants, 1);
	check_list_free(&l);
	msglist_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_action_page_reads_every_action_once_newest_first,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_action_page_filters_kind_state_and_search, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_check_missing_item_wants_its_form, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
