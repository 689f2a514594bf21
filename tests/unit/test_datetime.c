/* tests/unit/test_datetime.c — one reader of dates and datetimes
 * (clock_split in core/clock.c): clock_parse and the date and datetime shapes
 * accept and refuse the very same texts — leap days, zones from −12:00 to
 * +14:00 and none beyond, seconds or none, local or with an offset — and
 * clock_plausible refuses times that cannot be true. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/msg.h"
#include "core/shape.h"
#include "tests/unit/testutil.h"

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	unsetenv("JILU_NOW");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	unsetenv("JILU_NOW");
	return 0;
}

/* Texts at the boundaries, each with what the one reader makes of it. */
static const struct {
	const char *s;
	int split; /* clock_split: 0, -1 shape, -2 range */
	int timed;
} cases[] = {
	{"2024-02-29", 0, 0},
	{"2024-02-29T23:59:59", 0, 1},
	{"2000-02-29T00:00", 0, 1},
	{"2100-02-29", -2, 0},
	{"2100-02-29T00:00", -2, 1},
	{"2026-02-29 12:00", -2, 1},
	{"2026-11-26T09:30", 0, 1},
	{"2026-11-26T09:30:00", 0, 1},
	{"2026-11-26 09:30:15", 0, 1},
	{"2026-11-26T09:30Z", 0, 1},
	{"2026-11-26T09:30:00Z", 0, 1},
	{"2026-11-26T09:30+14:00", 0, 1},
	{"2026-11-26T09:30+14:01", -2, 1},
	{"2026-11-26T09:30+15:00", -2, 1},
	{"2026-11-26T09:30-12:00", 0, 1},
	{"2026-11-26T09:30-12:01", -2, 1},
	{"2026-11-26T09:30-13:00", -2, 1},
	{"2026-11-26T09:30-14:00", -2, 1},
	{"2026-11-26T09:30+05:45", 0, 1},
	{"2026-11-26T09:30+08:60", -2, 1},
	{"2026-11-26T09:30+0800", -1, 1},
	{"2026-11-26T09:30+08", -1, 1},
	{"2026-11-26T24:00", -2, 1},
	{"2026-11-26T9:30", -1, 1},
	{"2026-11-26T09:30:5", -1, 1},
	{"2026-11-26T", -1, 1},
	{"2026-11-26Z", -1, 0},
	{"2026-11-26x", -1, 0},
	{"26-11-26", -1, 0},
	{"", -1, 0},
};

static void test_clock_and_the_shapes_read_every_boundary_alike(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		clock_fields t;
		time_t epoch;
		int r = clock_split(cases[i].s, &t);

		if (r != cases[i].split)
			fail_msg("clock_split(\"%s\") = %d, want %d", cases[i].s, r, cases[i].split);
		if ((clock_parse(cases[i].s, &epoch) == 0) != (cases[i].split == 0))
			fail_msg("clock_parse(\"%s\") disagrees", cases[i].s);
		if ((shape_parse_datetime(cases[i].s) == 0) != (cases[i].split == 0 && cases[i].timed))
			fail_msg("shape_parse_datetime(\"%s\") disagrees", cases[i].s);
		if ((shape_parse_date(cases[i].s, NULL, NULL, NULL) == 0) !=
		    (cases[i].split == 0 && !cases[i].timed))
			fail_msg("shape_parse_date(\"%s\") disagrees", cases[i].s);
	}
}

static void test_a_datetime_shape_names_what_is_wrong_as_clock_split_sees_it(void **state)
{
	msglist out = MSGLIST_INIT;
	cJSON *v = cJSON_CreateString("2026-11-26T09:30-13:00");
	shape_opts o = {NULL, 0, -1};

	(void)state;
	assert_int_equal(shape_check(SHAPE_DATETIME, v, &o, "R18.1", "started_at", 0, &out), 1);
	assert_non_null(strstr(out.items[0].en, "no such date or time"));
	cJSON_Delete(v);
	msglist_free(&out);
	v = cJSON_CreateString("2026-11-26T09:30+0800");
	assert_int_equal(shape_check(SHAPE_DATETIME, v, &o, "R18.1", "started_at", 0, &out), 1);
	assert_non_null(strstr(out.items[0].en, "expected a date and time"));
	cJSON_Delete(v);
	msglist_free(&out);
}

static time_t at(const char *s)
{
	time_t t = 0;

	if (clock_parse(s, &t) != 0)
		fail_msg("clock_parse(\"%s\") failed", s);
	return t;
}

static void test_seconds_or_none_and_each_offset_name_the_same_instant(void **state)
{
	(void)state;
	assert_int_equal(at("2026-11-26T09:30"), at("2026-11-26T09:30:00"));
	assert_int_equal(at("2026-11-26T09:30Z"), at("2026-11-26T09:30+00:00"));
	assert_int_equal(at("2026-11-26T09:30+08:00"), at("2026-11-26T01:30Z"));
	/* Across the day, the month and the year. */
	assert_int_equal(at("2026-12-31T23:30-12:00"), at("2027-01-01T11:30Z"));
	assert_int_equal(at("2027-01-01T05:00+14:00"), at("2026-12-31T15:00Z"));
	assert_int_equal(at("2024-03-01T00:00+08:00"), at("2024-02-29T16:00Z"));
	assert_int_equal(at("2024-02-29") + 86400, at("2024-03-01"));
	assert_int_equal(at("2023-02-28") + 86400, at("2023-03-01"));
}

static void test_local_times_are_read_in_the_device_zone(void **state)
{
	(void)state;
	setenv("TZ", "CST-8", 1);
	tzset();
	assert_int_equal(at("2026-11-26T09:30"), at("2026-11-26T09:30+08:00"));
	assert_int_equal(at("2026-11-26"), at("2026-11-25T16:00Z"));
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(at("2026-11-26T09:30"), at("2026-11-26T09:30Z"));
}

static void test_plausible_times_run_from_2000_to_an_hour_ahead_of_the_clock(void **state)
{
	msglist out = MSGLIST_INIT;

	(void)state;
	setenv("JILU_NOW", "2026-12-01T10:00", 1);
	assert_int_equal(clock_plausible("2026-12-01T11:00", 1, "R18.1", "ended_at", &out), 0);
	assert_int_equal(clock_plausible("2026-12-01T11:00:00", 1, NULL, NULL, &out), 0);
	assert_int_equal(clock_plausible("2026-12-01T19:00+08:00", 1, NULL, NULL, &out), 0);
	assert_int_equal(clock_plausible("2000-01-01", 0, NULL, NULL, &out), 0);
	assert_int_equal(clock_plausible("2000-01-01T00:00", 1, NULL, NULL, &out), 0);
	assert_int_equal(out.n, 0);

	assert_int_equal(clock_plausible("2026-12-01T11:00:01", 1, "R18.1", "ended_at", &out), -1);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.items[0].where, "ended_at");
	assert_string_equal(out.items[0].req, "R18.1");
	assert_non_null(strstr(out.items[0].en, "2026-12-01T11:00:01 is ahead of this device's clock "
						"(2026-12-01T10:00) by more than 60 minutes"));
	assert_int_equal(clock_plausible("2026-12-01T20:00:01+08:00", 1, NULL, NULL, &out), -1);
	assert_int_equal(clock_plausible("9999-12-31T23:59", 1, NULL, NULL, &out), -1);
	assert_int_equal(clock_plausible("1999-12-31T23:59", 1, NULL, "started_at", &out), -1);
	assert_non_null(strstr(out.items[out.n - 1].en, "before 2000-01-01: 1999-12-31T23:59"));
	assert_int_equal(clock_plausible("0001-01-01", 0, NULL, NULL, &out), -1);
	assert_int_equal(out.n, 5);
	/* A date may be a deadline: ahead of the clock is no fault. */
	assert_int_equal(clock_plausible("9999-12-31", 0, NULL, NULL, &out), 0);
	/* What does not parse is the shape's to report. */
	assert_int_equal(clock_plausible("0001-13-01", 1, NULL, NULL, &out), 0);
	assert_int_equal(out.n, 5);
	msglist_free(&out);
}

static void test_without_jilu_now_the_real_clock_is_the_limit(void **state)
{
	msglist out = MSGLIST_INIT;
	char s[32];
	time_t t = time(NULL);
	struct tm tm;

	(void)state;
	t += 2 * 3600;
	localtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M", &tm);
	assert_int_equal(clock_plausible(s, 1, NULL, NULL, &out), -1);
	t -= 2 * 3600 + 120;
	localtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M", &tm);
	assert_int_equal(clock_plausible(s, 1, NULL, NULL, &out), 0);
	assert_int_equal(out.n, 1);
	msglist_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clock_and_the_shapes_read_every_boundary_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_datetime_shape_names_what_is_wrong_as_clock_split_sees_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seconds_or_none_and_each_offset_name_the_same_instant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_times_are_read_in_the_device_zone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plausible_times_run_from_2000_to_an_hour_ahead_of_the_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_jilu_now_the_real_clock_is_the_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
