/*
 * The permission table and the PIN in core, as every caller (command line,
 * screens, sync) meets them: perm_check, officer_add and officer_set_role
 * refuse without the role, jl_act_as refuses an officer with a PIN, and
 * jl_act_as_pin counts wrong PINs and locks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/officer.h"
#include "core/officer_pin.h"
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

static void test_perm_check_names_requirement_role_and_who(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;

	assert_int_equal(perm_check(s->j, PERM_ROSTER, &err), JL_OK);
	tu_status(jl_act_as(s->j, "li", &err), JL_OK, &err);
	assert_int_equal(perm_check(s->j, PERM_ROSTER, &err), JL_EDENIED);
	assert_int_equal(err.n, 1);
	assert_string_equal(err.items[0].req, "R5.1");
	assert_non_null(strstr(err.items[0].en, "only admin may"));
	assert_non_null(strstr(err.items[0].en, "li (officer) acted"));
	assert_int_equal(jl_status_exit(JL_EDENIED), 6);
	msglist_free(&err);
	free(s->j->officer);
	s->j->officer = NULL;
	assert_int_equal(perm_check(s->j, PERM_READ_LOG, &err), JL_EDENIED);
	assert_non_null(strstr(err.items[0].en, "nobody acts"));
	msglist_free(&err);
}

static void test_roster_changes_need_an_admin_in_core(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;

	tu_status(jl_act_as(s->j, "li", &err), JL_OK, &err);
	assert_int_equal(officer_add(s->j, "wang", "王五", "13003", NULL, &err), JL_EDENIED);
	msglist_free(&err);
	assert_int_equal(officer_set_role(s->j, "li", "head", &err), JL_EDENIED);
	msglist_free(&err);
	tu_status(jl_act_as(s->j, "zhang", &err), JL_OK, &err);
	tu_status(officer_add(s->j, "wang", "王五", "13003", "archivist", &err), JL_OK, &err);
	tu_status(officer_set_role(s->j, "li", "head", &err), JL_OK, &err);
	assert_true(perm_allowed(s->j, "li", PERM_COPY_DECIDE));
	assert_true(perm_allowed(s->j, "wang", PERM_CASEFILE));
	assert_false(perm_allowed(s->j, "wang", PERM_READ_LOG));
	msglist_free(&err);
}

static void test_pin_needed_counted_and_locking_in_core(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;
	int i;

	tu_status(officer_pin_set(s->j, "li", "2580", &err), JL_OK, &err);
	assert_int_equal(officer_pin_has(s->j, "li"), 1);
	assert_int_equal(jl_act_as(s->j, "li", &err), JL_EDENIED);
	msglist_free(&err);
	tu_status(jl_act_as_pin(s->j, "li", "2580", &err), JL_OK, &err);
	assert_string_equal(s->j->officer, "li");
	setenv("JILU_NOW", "2026-05-01T09:00:00+08:00", 1);
	for (i = 0; i < OFFICER_PIN_TRIES; i++) {
		assert_int_equal(jl_act_as_pin(s->j, "li", "0000", &err), JL_EDENIED);
		msglist_free(&err);
	}
	assert_int_equal(jl_act_as_pin(s->j, "li", "2580", &err), JL_EDENIED);
	assert_non_null(strstr(err.items[0].en, "locked"));
	msglist_free(&err);
	/* JILU_NOW (any user may set it) does not count a lock down. */
	setenv("JILU_NOW", "2026-05-01T09:15:01+08:00", 1);
	assert_int_equal(jl_act_as_pin(s->j, "li", "2580", &err), JL_EDENIED);
	assert_non_null(strstr(err.items[0].en, "locked"));
	msglist_free(&err);
	unsetenv("JILU_NOW");
	/* An admin setting li's PIN again lifts the lock. */
	tu_status(jl_act_as(s->j, "zhang", &err), JL_OK, &err);
	tu_status(officer_pin_set(s->j, "li", "2580", &err), JL_OK, &err);
	tu_status(jl_act_as_pin(s->j, "li", "2580", &err), JL_OK, &err);
	/* li (an officer) may set his own, not zhang's. */
	assert_int_equal(officer_pin_set(s->j, "zhang", "9999", &err), JL_EDENIED);
	msglist_free(&err);
	assert_int_equal(officer_pin_set(s->j, "li", "12", &err), JL_EINVALID);
	msglist_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_perm_check_names_requirement_role_and_who, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roster_changes_need_an_admin_in_core, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_needed_counted_and_locking_in_core, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
