/* tests/unit/test_cond.c — conditions and checks as SQLite expressions
 * (core/cond.c): results, parameter binding (forms/README.md), and the lock
 * that keeps an expression to the record it is given. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/cond.h"
#include "tests/unit/testutil.h"

static int setup(void **state)
{
	cond_env *e = NULL;

	if (cond_open(&e) != JL_OK)
		return -1;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	cond_close(*state);
	return 0;
}

/* Evaluates EXPR (a string literal: cached by address) over DATA (JSON text,
 * NULL for none) and returns what cond_eval returns. */
static int eval_with(cond_env *e, const char *expr, const char *data, const cond_extra *x)
{
	cJSON *v = data ? cJSON_Parse(data) : NULL;
	buf err = BUF_INIT;
	int r;

	if (data && !v)
		fail_msg("bad test JSON %s", data);
	r = cond_eval(e, expr, v, x, &err);
	buf_free(&err);
	cJSON_Delete(v);
	return r;
}

static int eval(cond_env *e, const char *expr, const char *data)
{
	return eval_with(e, expr, data, NULL);
}

/* Compiles EXPR with no parameter check; returns 0 or -1 (reason in *WHY when given). */
static int compile(cond_env *e, const char *expr, char **why)
{
	buf err = BUF_INIT;
	int r = cond_compile(e, expr, NULL, NULL, &err);

	if (why)
		*why = strdup(buf_str(&err));
	if (r != 0)
		assert_true(err.len > 0); /* a refusal always says why */
	buf_free(&err);
	return r;
}

/* Fails unless EXPR is refused, both at compile time and when evaluated. */
static void expect_refused(cond_env *e, const char *expr)
{
	char *why = NULL;

	if (compile(e, expr, &why) == 0)
		fail_msg("accepted: %s", expr);
	free(why);
	assert_int_equal(eval(e, expr, "{}"), -2);
}

static void test_true_false_and_null_results(void **state)
{
	cond_env *e = *state;

	assert_int_equal(eval(e, "1 = 1", NULL), 1);
	assert_int_equal(eval(e, "1 = 2", NULL), 0);
	assert_int_equal(eval(e, "NULL", NULL), -1);
	assert_int_equal(eval(e, "NULL = 1", NULL), -1);
	assert_int_equal(eval(e, "'x' IS NULL", NULL), 0);
	/* Any non-zero number is true, as in SQLite; 0.0 is false. */
	assert_int_equal(eval(e, "0.5", NULL), 1);
	assert_int_equal(eval(e, "-3", NULL), 1);
	assert_int_equal(eval(e, "0.0", NULL), 0);
}

static void test_absent_and_null_fields_bind_as_null(void **state)
{
	cond_env *e = *state;

	assert_int_equal(eval(e, "$a IS NULL", "{}"), 1);
	assert_int_equal(eval(e, "$a IS NULL", "{\"a\": null}"), 1);
	assert_int_equal(eval(e, "$a IS NULL", NULL), 1);
	assert_int_equal(eval(e, "$a = 1", "{}"), -1);
	assert_int_equal(eval(e, "$a IS NULL", "{\"a\": 0}"), 0);
}

static void test_strings_bind_as_text(void **state)
{
	cond_env *e = *state;

	assert_int_equal(eval(e, "$s = 'no_issue'", "{\"s\": \"no_issue\"}"), 1);
	assert_int_equal(eval(e, "$s <> 'no_issue'", "{\"s\": \"referred\"}"), 1);
	assert_int_equal(eval(e, "typeof($s) = 'text'", "{\"s\": \"12\"}"), 1);
	assert_int_equal(eval(e, "length($s) = 2", "{\"s\": \"张三\"}"), 1);
	/* Text is data, never SQL. */
	assert_int_equal(eval(e, "$s = 'x'' OR 1=1 --'", "{\"s\": \"x' OR 1=1 --\"}"), 1);
	assert_int_equal(eval(e, "$s = 'x'", "{\"s\": \"x' OR '1'='1\"}"), 0);
}

static void test_datetimes_compare_through_julianday(void **state)
{
	cond_env *e = *state;
	static const char *const expr = "julianday($ended_at) > julianday($started_at)";

	assert_int_equal(eval(e, expr, "{\"started_at\": \"2024-05-01T09:00\", "
				       "\"ended_at\": \"2024-05-01T10:00\"}"), 1);
	assert_int_equal(eval(e, expr, "{\"started_at\": \"2024-05-01T10:00\", "
				       "\"ended_at\": \"2024-05-01T09:00\"}"), 0);
	assert_int_equal(eval(e, expr, "{\"started_at\": \"2024-05-01T10:00\"}"), -1);
}

static void test_numbers_bind_as_integer_or_real(void **state)
{
	cond_env *e = *state;

	assert_int_equal(eval(e, "typeof($n) = 'integer'", "{\"n\": 3}"), 1);
	assert_int_equal(eval(e, "$n + 1 = 4", "{\"n\": 3}"), 1);
	assert_int_equal(eval(e, "typeof($n) = 'integer'", "{\"n\": 3.0}"), 1);
	assert_int_equal(eval(e, "typeof($x) = 'real'", "{\"x\": 2.5}"), 1);
	assert_int_equal(eval(e, "$x * 2 = 5", "{\"x\": 2.5}"), 1);
	assert_int_equal(eval(e, "$n = -7", "{\"n\": -7}"), 1);
	assert_int_equal(eval(e, "$n = 1234567890123", "{\"n\": 1234567890123}"), 1);
}

static void test_bools_bind_as_one_and_zero(void **state)
{
	cond_env *e = *state;

	assert_int_equal(eval(e, "$b = 1", "{\"b\": true}"), 1);
	assert_int_equal(eval(e, "$b = 0", "{\"b\": false}"), 1);
	assert_int_equal(eval(e, "typeof($b) = 'integer'", "{\"b\": true}"), 1);
	assert_int_equal(eval(e, "$b", "{\"b\": false}"), 0);
	assert_int_equal(eval(e, "$b", "{\"b\": true}"), 1);
}

static void test_arrays_bind_as_json_text(void **state)
{
	cond_env *e = *state;

	assert_int_equal(eval(e, "json_array_length($a) = 3", "{\"a\": [1, 2, 3]}"), 1);
	assert_int_equal(eval(e, "json_array_length($a) = 0", "{\"a\": []}"), 1);
	assert_int_equal(eval(e, "(SELECT count(*) FROM json_each($a) WHERE value > 1) = 2",
			      "{\"a\": [1, 2, 3]}"), 1);
	assert_int_equal(eval(e, "(SELECT count(*) FROM json_each($rights) "
				 "WHERE value IN ('statement','defence','recusal')) = 3",
			      "{\"rights\": [\"statement\", \"defence\", \"recusal\", \"other\"]}"), 1);
	assert_int_equal(eval(e, "(SELECT count(*) FROM json_each($rights) "
				 "WHERE value IN ('statement','defence','recusal')) = 3",
			      "{\"rights\": [\"statement\"]}"), 0);
	assert_int_equal(eval(e, "(SELECT count(*) FROM json_tree($a)) > 3",
			      "{\"a\": [[1], [2]]}"), 1);
	/* An absent array is NULL: the check passes, `required` is what objects. */
	assert_int_equal(eval(e, "json_array_length($a) = 3", "{}"), -1);
}

static void test_objects_bind_as_json_text(void **state)
{
	cond_env *e = *state;
	static const char *const party = "{\"p\": {\"name\": \"王五\", \"id_type\": \"uscc\"}}";

	assert_int_equal(eval(e, "$p ->> 'id_type' = 'uscc'", party), 1);
	assert_int_equal(eval(e, "json_extract($p, '$.name') = '王五'", party), 1);
	assert_int_equal(eval(e, "json_valid($p)", party), 1);
}

static void test_extra_media_counts_and_finalized_at(void **state)
{
	cond_env *e = *state;
	cond_extra x = {2, 1, 0, 0, 3, "2024-05-01T10:00:00+08:00"};

	assert_int_equal(eval_with(e, "$_audio + $_video >= 1", "{}", &x), 1);
	assert_int_equal(eval_with(e, "$_photo = 2 AND $_media = 3 AND $_surveillance = 0", "{}", &x), 1);
	assert_int_equal(eval_with(e, "$_finalized_at = '2024-05-01T10:00:00+08:00'", "{}", &x), 1);
	/* With no extra, counts are 0 and the time is NULL. */
	assert_int_equal(eval_with(e, "$_audio + $_video >= 1", "{}", NULL), 0);
	assert_int_equal(eval_with(e, "$_finalized_at IS NULL", "{}", NULL), 1);
	/* A field named like an extra in the data does not stand in for it. */
	assert_int_equal(eval_with(e, "$_photo = 0", "{\"_photo\": 9}", NULL), 1);
}

/* Accepts "a" and "started_at"; counts the calls. */
static int known_ab(const char *name, void *ctx)
{
	(*(int *)ctx)++;
	return strcmp(name, "a") == 0 || strcmp(name, "started_at") == 0;
}

static void test_unknown_parameter_refused_by_known(void **state)
{
	cond_env *e = *state;
	buf err = BUF_INIT;
	int calls = 0;

	assert_int_equal(cond_compile(e, "$a = 1 AND julianday($started_at) > 0", known_ab,
				      &calls, &err), 0);
	assert_int_equal(calls, 2);
	assert_int_equal(err.len, 0);

	assert_int_equal(cond_compile(e, "$a = $nosuch", known_ab, &calls, &err), -1);
	assert_non_null(strstr(buf_str(&err), "$nosuch"));
	buf_free(&err);
}

static void test_known_is_asked_again_for_a_cached_expression(void **state)
{
	cond_env *e = *state;
	static const char *const expr = "$b = 2";
	buf err = BUF_INIT;
	int calls = 0;

	/* Compiled once without a check (cond_eval), the expression is still
	 * checked against the form's fields when compiled for one. */
	assert_int_equal(eval(e, expr, "{\"b\": 2}"), 1);
	assert_int_equal(cond_compile(e, expr, known_ab, &calls, &err), -1);
	assert_non_null(strstr(buf_str(&err), "$b"));
	buf_free(&err);
}

static void test_parameters_must_be_named_with_dollar(void **state)
{
	cond_env *e = *state;

	expect_refused(e, "?1 = 1");
	expect_refused(e, "? = 1");
	expect_refused(e, ":a = 1");
	expect_refused(e, "@a = 1");
}

static void test_attach_is_refused(void **state)
{
	cond_env *e = *state;

	expect_refused(e, "(ATTACH DATABASE ':memory:' AS x)");
	expect_refused(e, "1); ATTACH DATABASE 'x.db' AS x; SELECT (1");
	expect_refused(e, "(SELECT count(*) FROM x.sqlite_master)");
}

static void test_load_extension_is_refused(void **state)
{
	cond_env *e = *state;

	expect_refused(e, "load_extension('/tmp/evil')");
	expect_refused(e, "load_extension('/tmp/evil', 'init') IS NULL");
}

static void test_random_is_refused(void **state)
{
	cond_env *e = *state;

	/* A condition must give the same answer for the same record. */
	expect_refused(e, "random() > 0");
	expect_refused(e, "abs(random()) >= 0");
	expect_refused(e, "length(randomblob(4)) = 4");
	expect_refused(e, "changes() = 0");
	expect_refused(e, "total_changes() = 0");
	expect_refused(e, "last_insert_rowid() = 0");
}

static void test_reading_a_table_is_refused(void **state)
{
	cond_env *e = *state;

	expect_refused(e, "(SELECT count(*) FROM records)");
	expect_refused(e, "(SELECT count(*) FROM nosuch) = 0");
	expect_refused(e, "(SELECT count(*) FROM sqlite_temp_master) = 0");
	expect_refused(e, "(SELECT count(*) FROM pragma_table_list) > 0");
	expect_refused(e, "(SELECT count(*) FROM pragma_function_list) > 0");
	expect_refused(e, "(SELECT count(*) FROM pragma_database_list) > 0");
	expect_refused(e, "EXISTS (SELECT 1 FROM dbstat)");
}

static void test_statement_separator_is_refused(void **state)
{
	cond_env *e = *state;

	expect_refused(e, "1; DROP TABLE x");
	expect_refused(e, "1;");
	expect_refused(e, "1) ; DROP TABLE x; SELECT (1");
}

static void test_what_is_not_a_single_expression_is_refused(void **state)
{
	cond_env *e = *state;

	expect_refused(e, "");
	expect_refused(e, "1, 2");
	expect_refused(e, "1), (2");
	expect_refused(e, "1 = ");
	expect_refused(e, "1) UNION SELECT (2");
	expect_refused(e, "0) UNION ALL SELECT (1) ORDER BY (1");
	expect_refused(e, "1) WHERE (0");
	expect_refused(e, "1) FROM json_each('[1,2]') WHERE (1");
	expect_refused(e, "1 -- )");
}

static void test_subqueries_over_json_and_nested_parentheses_are_expressions(void **state)
{
	cond_env *e = *state;

	/* What the guards must not catch: parentheses and keywords inside an
	 * expression, and brackets inside strings and quoted names. */
	assert_int_equal(eval(e, "((1 + (2)) * 3) = 9", "{}"), 1);
	assert_int_equal(eval(e, "(SELECT max(value) FROM json_each($a)) = 3", "{\"a\": [3, 1]}"), 1);
	assert_int_equal(eval(e, "$s = ')'", "{\"s\": \")\"}"), 1);
	assert_int_equal(eval(e, "$s = '(('", "{\"s\": \"((\"}"), 1);
	assert_int_equal(eval(e, "(SELECT \"v)\" FROM (SELECT 1 AS \"v)\")) = 1", "{}"), 1);
	assert_int_equal(eval(e, "(VALUES (1)) = 1", "{}"), 1);
	assert_int_equal(eval(e, "1 /* a ( comment */ = 1", "{}"), 1);
	assert_int_equal(eval(e, "CASE WHEN $a > 1 THEN 1 ELSE 0 END", "{\"a\": 2}"), 1);
}

static void test_runtime_error_is_minus_two_with_a_reason(void **state)
{
	cond_env *e = *state;
	cJSON *v = cJSON_Parse("{\"a\": \"not json\"}");
	buf err = BUF_INIT;

	assert_int_equal(cond_eval(e, "json_array_length($a) = 1", v, NULL, &err), -2);
	assert_true(err.len > 0);
	/* The statement is reset: the next evaluation works. */
	buf_reset(&err);
	cJSON_Delete(v);
	v = cJSON_Parse("{\"a\": [1]}");
	assert_int_equal(cond_eval(e, "json_array_length($a) = 1", v, NULL, &err), 1);
	cJSON_Delete(v);
	buf_free(&err);
}

static void test_bindings_do_not_leak_between_evaluations(void **state)
{
	cond_env *e = *state;
	static const char *const expr = "$a IS NULL";

	assert_int_equal(eval(e, expr, "{\"a\": 1}"), 0);
	assert_int_equal(eval(e, expr, "{}"), 1);
}

static void test_one_expression_compiled_at_two_addresses_gives_one_answer(void **state)
{
	cond_env *e = *state;
	char *a = strdup("$n > 1"), *b = strdup("$n > 1");
	cJSON *v = cJSON_Parse("{\"n\": 2}");
	buf err = BUF_INIT;

	assert_int_equal(cond_eval(e, a, v, NULL, &err), 1);
	assert_int_equal(cond_eval(e, b, v, NULL, &err), 1);
	cJSON_Delete(v);
	buf_free(&err);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_true_false_and_null_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_and_null_fields_bind_as_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings_bind_as_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_datetimes_compare_through_julianday, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_bind_as_integer_or_real, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bools_bind_as_one_and_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arrays_bind_as_json_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_objects_bind_as_json_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_media_counts_and_finalized_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_parameter_refused_by_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_is_asked_again_for_a_cached_expression, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parameters_must_be_named_with_dollar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_extension_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reading_a_table_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statement_separator_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_what_is_not_a_single_expression_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subqueries_over_json_and_nested_parentheses_are_expressions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runtime_error_is_minus_two_with_a_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bindings_do_not_leak_between_evaluations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_expression_compiled_at_two_addresses_gives_one_answer, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
