/*
 * Several roles, retirement and reopening in core (issue 9), as every caller
 * meets them: officer_roles_parse reads either language, perm_allowed asks
 * "any of these roles", officer_retired_at says when, a retired officer has
 * no role and cannot act, and action_reopen is a head's or a supervisor's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/action_reopen.h"
#include "core/officer.h"
#include "core/perm.h"
#include "tests/unit/testutil.h"

static int setup(void **state)
{
	*state = tu_store_new(); /* zhang (admin, acting), li (officer) */
	return 0;
}

static int teardown(void **state)
{
	tu_store_free(*state);
	return 0;
}

static void test_roles_parse_either_language_into_the_tables_order(void **state)
{
	msglist err = MSGLIST_INIT;
	buf out = BUF_INIT;

	(void)state;
	assert_int_equal(officer_roles_parse("信息中心, head,执法人员,head", &out, &err, "--role"), 0);
	assert_string_equal(buf_str(&out), "officer,head,admin");
	assert_int_equal(officer_roles_parse("archivist,chief", &out, &err, "--role"), -1);
	assert_int_equal(err.n, 1);
	assert_non_null(strstr(err.items[0].en, "unknown role chief"));
	assert_string_equal(err.items[0].where, "--role");
	msglist_free(&err);
	assert_int_equal(officer_roles_parse("", &out, &err, "--role"), -1);
	msglist_free(&err);
	assert_string_equal(perm_role_label("supervisor", 0), "政策法规股");
	assert_string_equal(perm_role_label("supervisor", 1), "supervisor");
	assert_string_equal(perm_role_parse("行政机关负责人"), "head");
	assert_int_equal(perm_role_bits("officer,head"), PERM_ROLE_OFFICER | PERM_ROLE_HEAD);
	assert_int_equal(perm_role_bits("headx,xhead"), 0);
	buf_free(&out);
}

static void test_any_of_several_roles_allows(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;

	tu_status(officer_add(s->j, "ma", "马六", "13010", "head,archivist", &err), JL_OK, &err);
	assert_true(perm_allowed(s->j, "ma", PERM_COPY_DECIDE));
	assert_true(perm_allowed(s->j, "ma", PERM_CASEFILE));
	assert_true(perm_allowed(s->j, "ma", PERM_REOPEN));
	assert_false(perm_allowed(s->j, "ma", PERM_ROSTER));
	tu_status(officer_set_role(s->j, "ma", "archivist", &err), JL_OK, &err);
	assert_false(perm_allowed(s->j, "ma", PERM_COPY_DECIDE));
	assert_true(perm_allowed(s->j, "ma", PERM_CASEFILE));
}

static void test_retired_at_says_when_and_a_retired_officer_has_no_role(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;
	char when[64];

	tu_status(officer_add(s->j, "ma", "马六", "13010", "head", &err), JL_OK, &err);
	assert_int_equal(officer_retired_at(s->j, "ma", when, sizeof when), 0);
	assert_string_equal(when, "");
	assert_int_equal(officer_retired_at(s->j, "nobody", when, sizeof when), -1);
	setenv("JILU_NOW", "2026-06-01T10:00:00+08:00", 1);
	tu_status(officer_retire(s->j, "ma", "调离", &err), JL_OK, &err);
	unsetenv("JILU_NOW");
	msglist_free(&err); /* the ledger's note of a clock set back (JILU_NOW) */
	assert_int_equal(officer_retired_at(s->j, "ma", when, sizeof when), 1);
	assert_string_equal(when, "2026-06-01T10:00:00+08:00");
	assert_int_equal(officer_retired_at(s->j, "ma", when, 5), 1);
	assert_string_equal(when, "2026");
	assert_int_equal(officer_retired_at(s->j, "ma", NULL, 0), 1);
	assert_false(perm_allowed(s->j, "ma", PERM_COPY_DECIDE));
	assert_int_equal(jl_act_as(s->j, "ma", &err), JL_EDENIED);
	assert_string_equal(err.items[0].req, "R7.1");
	assert_non_null(strstr(err.items[0].en, "retired on 2026-06-01T10:00:00+08:00"));
	msglist_free(&err);
	assert_int_equal(officer_retire(s->j, "ma", NULL, &err), JL_EINVALID);
	msglist_free(&err);
	/* The last serving admin stays. */
	assert_int_equal(officer_retire(s->j, "zhang", NULL, &err), JL_EINVALID);
	assert_string_equal(err.items[0].req, "R5.1");
	msglist_free(&err);
}

static void test_reopen_in_core_needs_a_head_or_supervisor(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;
	reopen_row *rows = NULL;
	action_row a;
	long long id = tu_action(s, "inspection");
	int n = 0;

	tu_status(action_close(s->j, id, &err), JL_OK, &err);
	assert_int_equal(action_reopen(s->j, id, "补充", &err), JL_EDENIED); /* zhang: admin */
	msglist_free(&err);
	tu_status(officer_add(s->j, "sun", "孙立", "13007", "supervisor", &err), JL_OK, &err);
	tu_status(jl_act_as(s->j, "sun", &err), JL_OK, &err);
	assert_int_equal(action_reopen(s->j, id, " ", &err), JL_EUSAGE);
	msglist_free(&err);
	tu_status(action_reopen(s->j, id, "补充", &err), JL_OK, &err);
	tu_status(action_get(s->j, id, &a), JL_OK, &err);
	assert_null(a.closed_at);
	assert_int_equal(a.ledger_seq, 0);
	action_row_free(&a);
	tu_status(action_reopenings(s->j, id, &rows, &n), JL_OK, &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].reopened_by, "sun");
	assert_string_equal(rows[0].closed_by, "zhang");
	assert_string_equal(rows[0].reason, "补充");
	reopen_rows_free(rows, n);
	assert_int_equal(action_reopen(s->j, id, "再", &err), JL_EINVALID); /* open */
	msglist_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_parse_either_language_into_the_tables_order),
		cmocka_unit_test_setup_teardown(test_any_of_several_roles_allows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retired_at_says_when_and_a_retired_officer_has_no_role,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_in_core_needs_a_head_or_supervisor, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
