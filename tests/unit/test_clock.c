/* tests/unit/test_clock.c — core/clock.c: clock_parse takes only real dates,
 * times and offsets, each part exactly its digits; a malformed JILU_NOW is
 * refused by clock_check_env (and so by jl_open: no store opens with it) and
 * never becomes an empty stamp. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/jl.h"
#include "core/msg.h"
#include "tests/unit/testutil.h"

/* UTC, so that local datetimes have known epochs too. */
static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	unsetenv("JILU_NOW");
	return 0;
}

static int parses(const char *s)
{
	time_t t;

	return clock_parse(s, &t);
}

static void test_well_formed_dates_and_datetimes_parse(void **state)
{
	time_t t;

	(void)state;
	assert_int_equal(clock_parse("2026-11-26", &t), 0);
	assert_int_equal(t, 1795651200);
	assert_int_equal(clock_parse("2026-11-26T09:30", &t), 0);
	assert_int_equal(t, 1795651200 + 9 * 3600 + 30 * 60);
	assert_int_equal(clock_parse("2026-11-26 09:30:15", &t), 0);
	assert_int_equal(t, 1795651200 + 9 * 3600 + 30 * 60 + 15);
	assert_int_equal(clock_parse("2026-11-26T09:30:00+08:00", &t), 0);
	assert_int_equal(t, 1795651200 + 1 * 3600 + 30 * 60);
	assert_int_equal(clock_parse("2026-11-26T09:30Z", &t), 0);
	assert_int_equal(t, 1795651200 + 9 * 3600 + 30 * 60);
}

static void test_month_out_of_range_is_refused(void **state)
{
	(void)state;
	assert_int_equal(parses("2026-13-01"), -2);
	assert_int_equal(parses("2026-00-10T09:30"), -2);
	assert_int_equal(parses("2026-12-01T09:30"), 0);
}

static void test_day_the_month_does_not_have_is_refused(void **state)
{
	(void)state;
	assert_int_equal(parses("2026-11-31"), -2);
	assert_int_equal(parses("2026-04-31T09:30"), -2);
	assert_int_equal(parses("2026-01-00"), -2);
	assert_int_equal(parses("2026-13-45T99:99"), -2);
	assert_int_equal(parses("2026-12-31"), 0);
	assert_int_equal(parses("2026-04-30T09:30"), 0);
}

static void test_february_29_only_in_leap_years(void **state)
{
	(void)state;
	assert_int_equal(parses("2028-02-29"), 0);   /* divisible by 4 */
	assert_int_equal(parses("2000-02-29"), 0);   /* by 400 */
	assert_int_equal(parses("2026-02-29"), -2);
	assert_int_equal(parses("1900-02-29"), -2);  /* by 100, not by 400 */
	assert_int_equal(parses("2028-02-30"), -2);
}

static void test_hour_minute_second_out_of_range_are_refused(void **state)
{
	(void)state;
	assert_int_equal(parses("2026-11-26T24:00"), -2);
	assert_int_equal(parses("2026-11-26T23:60"), -2);
	assert_int_equal(parses("2026-11-26T23:59:60"), -2);
	assert_int_equal(parses("2026-11-26T23:59:59"), 0);
	assert_int_equal(parses("2026-11-26T00:00:00"), 0);
}

static void test_offset_beyond_14_hours_is_refused(void **state)
{
	(void)state;
	assert_int_equal(parses("2026-11-26T09:30+14:00"), 0);
	assert_int_equal(parses("2026-11-26T09:30-12:00"), 0);
	assert_int_equal(parses("2026-11-26T09:30+05:45"), 0);
	assert_int_equal(parses("2026-11-26T09:30+14:01"), -2);
	assert_int_equal(parses("2026-11-26T09:30+15:00"), -2);
	assert_int_equal(parses("2026-11-26T09:30-23:00"), -2);
	assert_int_equal(parses("2026-11-26T09:30+08:60"), -2);
}

static void test_each_part_must_have_all_its_digits(void **state)
{
	(void)state;
	assert_int_equal(parses("2026-11-26T9:30"), -1);
	assert_int_equal(parses("2026-11-26T09:3"), -1);
	assert_int_equal(parses("2026-1-26"), -1);
	assert_int_equal(parses("2026-11- 6"), -1);
	assert_int_equal(parses("2026-11-26T 9:30"), -1);
	assert_int_equal(parses("2026-11-26T+9:30"), -1);
	assert_int_equal(parses("2026-11-26T09:30:5"), -1);
	assert_int_equal(parses("2026-11-26T09:30+8:00"), -1);
	assert_int_equal(parses("2026-11-26T09:30x"), -1);
	assert_int_equal(parses("2026-11-26T"), -1);
	assert_int_equal(parses(""), -1);
	assert_int_equal(parses(NULL), -1);
}

static void test_refused_value_leaves_the_output_alone(void **state)
{
	time_t t = 12345;

	(void)state;
	assert_int_not_equal(clock_parse("2026-02-30", &t), 0);
	assert_int_equal(t, 12345);
}

static void test_malformed_jilu_now_is_refused_naming_it(void **state)
{
	msglist err = MSGLIST_INIT;

	(void)state;
	setenv("JILU_NOW", "2026-11-26T9:30", 1);
	assert_int_equal(clock_check_env(&err), -1);
	assert_int_equal(err.n, 1);
	assert_string_equal(err.items[0].where, "JILU_NOW");
	assert_non_null(strstr(err.items[0].en, "YYYY-MM-DDTHH:MM"));
	assert_non_null(strstr(err.items[0].en, "2026-11-26T9:30"));
	assert_non_null(strstr(err.items[0].en, "not a datetime"));
	assert_non_null(strstr(err.items[0].zh, "应为日期时间"));
	msglist_free(&err);
	setenv("JILU_NOW", "2026-13-45T99:99", 1);
	assert_int_equal(clock_check_env(&err), -1);
	assert_non_null(strstr(err.items[0].en, "no such date or time"));
	msglist_free(&err);
	setenv("JILU_NOW", "2026-11-26", 1); /* a day is no stamp */
	assert_int_equal(clock_check_env(NULL), -1);
	setenv("JILU_NOW", "2026-11-26T09:30:00+08:00", 1);
	assert_int_equal(clock_check_env(&err), 0);
	assert_int_equal(err.n, 0);
	unsetenv("JILU_NOW");
	assert_int_equal(clock_check_env(&err), 0);
}

static void test_clock_now_never_appends_an_empty_stamp(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	setenv("JILU_NOW", "2026-11-26T9:30", 1);
	assert_int_equal(clock_now(&b), -1);
	/* the real clock, whole: "YYYY-MM-DDTHH:MM:SS+HH:MM" */
	assert_int_equal(b.len, 25);
	assert_int_equal(clock_parse(buf_str(&b), &(time_t){0}), 0);
	buf_reset(&b);
	setenv("JILU_NOW", "2026-11-26T09:30", 1);
	assert_int_equal(clock_now(&b), 0);
	assert_string_equal(buf_str(&b), "2026-11-26T09:30");
	unsetenv("JILU_NOW");
	buf_free(&b);
}

static void test_clock_now_epoch_ignores_an_out_of_range_jilu_now(void **state)
{
	time_t before = time(NULL), got;

	(void)state;
	setenv("JILU_NOW", "2026-02-30T09:30", 1);
	got = clock_now_epoch();
	unsetenv("JILU_NOW");
	assert_true(got >= before && got <= time(NULL));
}

static void test_no_store_opens_while_jilu_now_is_malformed(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "jilu.db");
	msglist err = MSGLIST_INIT;
	jl *j = NULL;

	(void)state;
	setenv("JILU_NOW", "2026-11-26T9:30", 1);
	assert_int_equal(jl_open(path, 1, "forms", &j, &err, NULL), JL_EINVALID);
	assert_null(j);
	assert_int_equal(err.n, 1);
	assert_string_equal(err.items[0].where, "JILU_NOW");
	assert_false(tu_exists(path));
	msglist_free(&err);
	setenv("JILU_NOW", "2026-11-26T09:30", 1);
	assert_int_equal(jl_open(path, 1, "forms", &j, &err, NULL), JL_OK);
	jl_close(j);
	unsetenv("JILU_NOW");
	free(path);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_well_formed_dates_and_datetimes_parse, setup),
		cmocka_unit_test_setup(test_month_out_of_range_is_refused, setup),
		cmocka_unit_test_setup(test_day_the_month_does_not_have_is_refused, setup),
		cmocka_unit_test_setup(test_february_29_only_in_leap_years, setup),
		cmocka_unit_test_setup(test_hour_minute_second_out_of_range_are_refused, setup),
		cmocka_unit_test_setup(test_offset_beyond_14_hours_is_refused, setup),
		cmocka_unit_test_setup(test_each_part_must_have_all_its_digits, setup),
		cmocka_unit_test_setup(test_refused_value_leaves_the_output_alone, setup),
		cmocka_unit_test_setup(test_malformed_jilu_now_is_refused_naming_it, setup),
		cmocka_unit_test_setup(test_clock_now_never_appends_an_empty_stamp, setup),
		cmocka_unit_test_setup(test_clock_now_epoch_ignores_an_out_of_range_jilu_now, setup),
		cmocka_unit_test_setup(test_no_store_opens_while_jilu_now_is_malformed, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
