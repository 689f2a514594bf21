/* tests/unit/test_numbers.c — numbers from JSON reach integer types only
 * through jsonx_int (core/jsonx.c): whole and in range, or refused. Issue 11:
 * a double outside the target type's range cast to it is undefined behaviour
 * (the ASan build, with -fsanitize=float-cast-overflow, stops on it). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/cond.h"
#include "core/jsonx.h"

/* jsonx_int on the JSON text TEXT with the range [MIN, MAX]: returns what it
 * returns, the integer in *OUT (left at 77 when refused). */
static int int_of(const char *text, long long min, long long max, long long *out)
{
	cJSON *v = cJSON_Parse(text);
	int r;

	if (!v)
		fail_msg("bad test JSON %s", text);
	*out = 77;
	r = jsonx_int(v, min, max, out);
	cJSON_Delete(v);
	return r;
}

static void test_whole_numbers_in_range_are_read(void **state)
{
	long long n;

	(void)state;
	assert_int_equal(int_of("2", 1, 10, &n), 1);
	assert_int_equal(n, 2);
	assert_int_equal(int_of("-0", 0, 0, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(int_of("1e3", 0, 1000, &n), 1);
	assert_int_equal(n, 1000);
	assert_int_equal(int_of("2147483647", 1, INT_MAX, &n), 1);
	assert_int_equal(n, INT_MAX);
	/* -2^63 is a double and a long long. */
	assert_int_equal(int_of("-9223372036854775808", LLONG_MIN, LLONG_MAX, &n), 1);
	assert_true(n == LLONG_MIN);
	assert_int_equal(int_of("9007199254740993", LLONG_MIN, LLONG_MAX, &n), 1);
	assert_true(n == 9007199254740992LL); /* the double nearest the text */
}

static void test_out_of_range_fractions_and_non_numbers_are_refused(void **state)
{
	static const char *const texts[] = {
		"2222222222", "1e300", "-1e300", "9223372036854775808", "1e19",
		"-9223372036854775809e3", "1.5", "0.000001", "1e-300", "true", "\"3\"",
		"null", "[3]", "{\"a\":3}", "1e400", "-1e400",
	};
	long long n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof *texts; i++) {
		if (int_of(texts[i], INT_MIN, INT_MAX, &n) != 0)
			fail_msg("accepted %s as an int", texts[i]);
		assert_true(n == 77);
	}
	assert_int_equal(int_of("9223372036854775808", LLONG_MIN, LLONG_MAX, &n), 0);
	assert_int_equal(int_of("0", 1, 10, &n), 0);
	assert_int_equal(int_of("11", 1, 10, &n), 0);
	assert_int_equal(jsonx_int(NULL, 0, 1, &n), 0);
	assert_int_equal(jsonx_int(NULL, 0, 1, NULL), 0);
}

/* Evaluates EXPR over the JSON object DATA; returns cond_eval's result. */
static int eval(const char *expr, const char *data)
{
	cond_env *e = NULL;
	cJSON *v = cJSON_Parse(data);
	buf err = BUF_INIT;
	int r;

	assert_non_null(v);
	assert_int_equal(cond_open(&e), JL_OK);
	r = cond_eval(e, expr, v, NULL, &err);
	if (r == -2)
		fail_msg("%s: %s", expr, buf_str(&err));
	buf_free(&err);
	cond_close(e);
	cJSON_Delete(v);
	return r;
}

/* Issue 11: {"rights_told":1e300} reaching a condition was cast to long long.
 * A number is bound as an integer only when it is one. */
static void test_huge_numbers_reach_conditions_as_reals(void **state)
{
	(void)state;
	assert_int_equal(eval("typeof($x) = 'real' AND $x > 1e299", "{\"x\":1e300}"), 1);
	assert_int_equal(eval("typeof($x) = 'real' AND $x < -1e299", "{\"x\":-1e300}"), 1);
	assert_int_equal(eval("typeof($x) = 'real'", "{\"x\":9223372036854775808}"), 1);
	assert_int_equal(eval("typeof($x) = 'real'", "{\"x\":2.5}"), 1);
	assert_int_equal(eval("typeof($x) = 'integer' AND $x = 3", "{\"x\":3}"), 1);
	assert_int_equal(eval("typeof($x) = 'integer' AND $x = -9223372036854775808",
			      "{\"x\":-9223372036854775808}"), 1);
	assert_int_equal(eval("$rights_told = 1", "{\"rights_told\":1e300}"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_numbers_in_range_are_read),
		cmocka_unit_test(test_out_of_range_fractions_and_non_numbers_are_refused),
		cmocka_unit_test(test_huge_numbers_reach_conditions_as_reals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
