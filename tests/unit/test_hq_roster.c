/*
 * At headquarters, HQ's own roster decides (core/jl.h jl->roster): the
 * permission table read through a device's store with HQ's store lent to it
 * takes HQ's roles and retirements, not the device's; and a device refuses
 * to set the PIN of an officer HQ's roster holds (core/officer_pin.h,
 * OFFICER_PIN_HQ).
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

typedef struct {
	tu_store *dev, *hq;
} two;

static int setup(void **state)
{
	two *t = calloc(1, sizeof *t);
	msglist err = MSGLIST_INIT;

	assert_non_null(t);
	t->dev = tu_store_new(); /* zhang (admin, acting), li (officer) */
	t->hq = tu_store_new();
	/* li is a supervisor on the device, an officer at HQ; zhou is HQ's
	 * supervisor and on no device. */
	tu_status(officer_set_role(t->dev->j, "li", "supervisor", &err), JL_OK, &err);
	tu_status(officer_add(t->hq->j, "zhou", "周政", "90002", "supervisor", &err), JL_OK, &err);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	two *t = *state;

	tu_store_free(t->dev);
	tu_store_free(t->hq);
	free(t);
	return 0;
}

/* Sets who acts on J to OFFICER without proof (the caller proved him). */
static void acts(jl *j, const char *officer)
{
	free(j->officer);
	j->officer = strdup(officer);
	assert_non_null(j->officer);
}

static void test_lent_roster_gives_hqs_roles(void **state)
{
	two *t = *state;
	msglist err = MSGLIST_INIT;

	/* On the device alone: its roles. */
	assert_int_equal(perm_allowed(t->dev->j, "li", PERM_READ_SECRET), 1);
	assert_int_equal(perm_allowed(t->dev->j, "zhou", PERM_READ_LOG), 0);
	/* HQ's lent: HQ's roles, whatever the device says. */
	t->dev->j->roster = t->hq->j;
	assert_ptr_equal(jl_roster(t->dev->j), t->hq->j);
	assert_int_equal(perm_allowed(t->dev->j, "li", PERM_READ_SECRET), 0);
	assert_int_equal(perm_allowed(t->dev->j, "zhou", PERM_READ_LOG), 1);
	acts(t->dev->j, "zhou");
	tu_status(perm_check(t->dev->j, PERM_READ_LOG, &err), JL_OK, &err);
	acts(t->dev->j, "li");
	assert_int_equal(perm_check(t->dev->j, PERM_READ_LOG, &err), JL_EDENIED);
	assert_non_null(strstr(err.items[0].en, "li (officer) acted"));
	msglist_free(&err);
	t->dev->j->roster = NULL;
	assert_ptr_equal(jl_roster(t->dev->j), t->dev->j);
}

static void test_retired_at_hq_loses_the_role_through_the_lent_roster(void **state)
{
	two *t = *state;
	msglist err = MSGLIST_INIT;

	tu_status(officer_retire(t->hq->j, "zhou", "调离", &err), JL_OK, &err);
	t->dev->j->roster = t->hq->j;
	assert_int_equal(perm_allowed(t->dev->j, "zhou", PERM_READ_LOG), 0);
	acts(t->dev->j, "zhou");
	assert_int_equal(perm_check(t->dev->j, PERM_READ_LOG, &err), JL_EDENIED);
	assert_non_null(strstr(err.items[0].en, "retired"));
	msglist_free(&err);
	t->dev->j->roster = NULL;
}

static void test_device_refuses_to_set_an_hq_officers_pin(void **state)
{
	two *t = *state;
	msglist err = MSGLIST_INIT;

	tu_status(officer_pin_set(t->dev->j, "li", "1111", &err), JL_OK, &err);
	/* A push from HQ named li (its word on his PIN: none). */
	assert_int_equal(db_meta_set(t->dev->j->db, OFFICER_PIN_HQ ":li", ""), JL_OK);
	assert_int_equal(officer_pin_set(t->dev->j, "li", "2222", &err), JL_EREFUSED);
	assert_non_null(strstr(err.items[0].en, "headquarters' roster"));
	msglist_free(&err);
	/* The device's PIN for him is as it was. */
	tu_status(jl_act_as_pin(t->dev->j, "li", "1111", &err), JL_OK, &err);
	/* HQ itself sets it: HQ's store holds no such note. */
	tu_status(officer_pin_set(t->hq->j, "li", "2222", &err), JL_OK, &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lent_roster_gives_hqs_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retired_at_hq_loses_the_role_through_the_lent_roster,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_refuses_to_set_an_hq_officers_pin, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
