/* tests/unit/test_shape.c — value shapes (spec/forms.md "Value shapes") and
 * identifier check characters (regulation/documents.md). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/shape.h"

static const char *const outcomes[] = {"accepted", "verify", "corrected"};
static const shape_opts choice3 = {outcomes, 3, -1};
static const shape_opts choice3_min2 = {outcomes, 3, 2};
static const shape_opts min2 = {NULL, 0, 2};

static cJSON *parse(const char *json)
{
	cJSON *v = cJSON_Parse(json);

	assert_non_null(v);
	return v;
}

/* Checks JSON as shape T under PATH; returns the number of problems. */
static int check(shape_type t, const char *json, const shape_opts *o,
		 const char *path, int final, msglist *out)
{
	cJSON *v = parse(json);
	int n = shape_check(t, v, o, "R1.1", path, final, out);

	cJSON_Delete(v);
	return n;
}

/* The first message at WHERE, or NULL. */
static const msg *at(const msglist *l, const char *where)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].where && strcmp(l->items[i].where, where) == 0)
			return &l->items[i];
	return NULL;
}

/* Asserts a message at WHERE whose texts contain ZH and EN. */
static void expect(const msglist *l, const char *where, const char *zh,
		   const char *en)
{
	const msg *m = at(l, where);

	if (!m)
		fail_msg("no message at %s", where);
	if (zh && !strstr(m->zh, zh))
		fail_msg("%s: \"%s\" lacks \"%s\"", where, m->zh, zh);
	if (en && !strstr(m->en, en))
		fail_msg("%s: \"%s\" lacks \"%s\"", where, m->en, en);
}

static void expect_ok(shape_type t, const char *json, const shape_opts *o,
		      int final)
{
	msglist l = MSGLIST_INIT;
	int n = check(t, json, o, "f", final, &l);

	if (n != 0)
		fail_msg("%s refused: %s", json, l.items[0].en);
	msglist_free(&l);
}

/* Asserts exactly one problem, at WHERE, containing ZH. */
static void expect_one(shape_type t, const char *json, const shape_opts *o,
		       int final, const char *where, const char *zh)
{
	msglist l = MSGLIST_INIT;
	int n = check(t, json, o, "f", final, &l);

	if (n != 1)
		fail_msg("%s: %d problems, wanted 1", json, n);
	assert_int_equal(l.n, 1);
	expect(&l, where, zh, NULL);
	msglist_free(&l);
}

/* ---- names ---- */

static void test_shape_names_round_trip(void **state)
{
	int t;

	(void)state;
	for (t = 0; t < SHAPE_INVALID; t++)
		assert_int_equal(shape_from_name(shape_name((shape_type)t)), t);
	assert_string_equal(shape_name(SHAPE_PARTY), "party");
	assert_int_equal(shape_from_name("signatures"), SHAPE_SIGNATURES);
}

static void test_shape_from_unknown_name_is_invalid(void **state)
{
	(void)state;
	assert_int_equal(shape_from_name("Party"), SHAPE_INVALID);
	assert_int_equal(shape_from_name(""), SHAPE_INVALID);
	assert_int_equal(shape_from_name(NULL), SHAPE_INVALID);
}

/* ---- text ---- */

static void test_text_trims_ascii_and_ideographic_spaces(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateString("\u3000 \t 王五 路\u3000\n\u3000");

	(void)state;
	assert_int_equal(shape_check(SHAPE_TEXT, v, NULL, NULL, "f", 1, &l), 0);
	assert_string_equal(v->valuestring, "王五 路");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_text_untouched_when_nothing_to_trim(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateString("现场");

	(void)state;
	assert_int_equal(shape_check(SHAPE_TEXT, v, NULL, NULL, "f", 0, &l), 0);
	assert_string_equal(v->valuestring, "现场");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_text_all_blank_trims_to_empty(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateString(" \u3000 ");

	(void)state;
	assert_int_equal(shape_check(SHAPE_TEXT, v, NULL, NULL, "f", 0, &l), 0);
	assert_string_equal(v->valuestring, "");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_text_refuses_number_with_field_path(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_TEXT, "12", NULL, "place", 0, &l), 1);
	expect(&l, "place", "应为文字", "expected text");
	assert_string_equal(l.items[0].req, "R1.1");
	msglist_free(&l);
}

/* SHAPE_TEXT on the raw bytes S (cJSON keeps them as given); returns the
 * number of problems, the first in *L at "place". */
static int check_raw_text(const char *s, msglist *l)
{
	cJSON *v = cJSON_CreateString(s);
	int n;

	assert_non_null(v);
	n = shape_check(SHAPE_TEXT, v, NULL, "R1.1", "place", 0, l);
	cJSON_Delete(v);
	return n;
}

/* Asserts that S is refused as text with one problem at "place" holding
 * ZH and EN. */
static void expect_bad_text(const char *s, const char *zh, const char *en)
{
	msglist l = MSGLIST_INIT;

	if (check_raw_text(s, &l) != 1)
		fail_msg("text \"%s\": %zu problems, wanted 1", s, l.n);
	expect(&l, "place", zh, en);
	assert_string_equal(l.items[0].req, "R1.1");
	msglist_free(&l);
}

static void test_text_refuses_invalid_utf8_naming_the_character(void **state)
{
	(void)state;
	expect_bad_text("\x80", "第1个字符不是有效的 UTF-8 编码",
			"character 1 is not valid UTF-8");
	expect_bad_text("现场\xE7\x8E", "第3个字符不是有效的 UTF-8", NULL); /* cut short */
	expect_bad_text("ab\xC3(", "第3个字符", "character 3");      /* bad continuation */
	expect_bad_text("\xFF", "UTF-8", NULL);
	expect_bad_text("\xF8\x88\x80\x80\x80", "UTF-8", NULL);         /* 5-byte form */
}

static void test_text_refuses_overlongs_surrogates_and_beyond_10ffff(void **state)
{
	(void)state;
	expect_bad_text("\xC0\xAF", "UTF-8", NULL);             /* '/' in 2 bytes */
	expect_bad_text("\xC1\xBF", "UTF-8", NULL);
	expect_bad_text("\xE0\x80\xAF", "UTF-8", NULL);         /* '/' in 3 bytes */
	expect_bad_text("\xE0\x9F\xBF", "UTF-8", NULL);         /* U+07FF in 3 */
	expect_bad_text("\xF0\x8F\xBF\xBF", "UTF-8", NULL);     /* U+FFFF in 4 */
	expect_bad_text("\xED\xA0\x80", "UTF-8", NULL);         /* U+D800 */
	expect_bad_text("\xED\xBF\xBF", "UTF-8", NULL);         /* U+DFFF */
	expect_bad_text("\xF4\x90\x80\x80", "UTF-8", NULL);     /* U+110000 */
	expect_bad_text("\xF5\x80\x80\x80", "UTF-8", NULL);
}

static void test_text_refuses_control_characters_but_lf_and_tab(void **state)
{
	(void)state;
	expect_bad_text("a\x01", "第2个字符是控制字符 U+0001",
			"character 2 is the control character U+0001");
	expect_bad_text("王\x1b[2J", "第2个字符是控制字符 U+001B", NULL);
	expect_bad_text("a\rb", "U+000D", NULL);
	expect_bad_text("a\vb", "U+000B", NULL);
	expect_bad_text("x\x7f", "U+007F", NULL);
	expect_bad_text("x\xC2\x80", "U+0080", NULL);
	expect_bad_text("x\xC2\x85y", "U+0085", NULL);
	expect_bad_text("x\xC2\x9F", "U+009F", NULL);
}

static void test_text_accepts_lf_tab_and_every_plane(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	{
		/* Line feeds and tabs in a field that says "multiline" only;
		 * tests/unit/test_text.c holds the one-line rule. */
		static const shape_opts lines = {NULL, 0, -1, 1};
		cJSON *v = cJSON_CreateString("第一行\n\t第二行");

		assert_int_equal(shape_check(SHAPE_TEXT, v, &lines, "R1.1", "place", 0, &l), 0);
		cJSON_Delete(v);
	}
	assert_int_equal(check_raw_text("\xC2\xA0", &l), 0);          /* U+00A0 */
	assert_int_equal(check_raw_text("\xED\x9F\xBF", &l), 0);      /* U+D7FF */
	assert_int_equal(check_raw_text("\xEE\x80\x80", &l), 0);      /* U+E000 */
	assert_int_equal(check_raw_text("\xF0\x9F\x98\x80", &l), 0);  /* U+1F600 */
	assert_int_equal(check_raw_text("\xF4\x8F\xBF\xBF", &l), 0);  /* U+10FFFF */
	assert_int_equal(check_raw_text("𠮷野家", &l), 0);
	msglist_free(&l);
}

/* Control characters around the text are trimmed away, not refused; the
 * position named is in the stored (trimmed) text. */
static void test_text_checked_after_trimming(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateString("\r\n 现场 \r\n");

	(void)state;
	assert_int_equal(shape_check(SHAPE_TEXT, v, NULL, NULL, "f", 0, &l), 0);
	assert_string_equal(v->valuestring, "现场");
	cJSON_Delete(v);
	msglist_free(&l);
	expect_bad_text(" \t现\x01", "第2个字符", NULL);
}

static void test_text_ok_sees_nul_within_given_length(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(shape_text_ok("ab\0cd", 5, &l, "R1.1", "reason"), 0);
	expect(&l, "reason", "第3个字符是控制字符 U+0000",
	       "character 3 is the control character U+0000");
	assert_int_equal(shape_text_ok("ab\0cd", 2, NULL, NULL, NULL), 1);
	assert_int_equal(shape_text_ok(NULL, 0, NULL, NULL, NULL), 1);
	assert_int_equal(shape_text_ok("\xC3", 1, NULL, NULL, NULL), 0);
	/* A sequence is not read past the length given. */
	assert_int_equal(shape_text_ok("\xC3\xA9", 1, NULL, NULL, NULL), 0);
	assert_int_equal(shape_text_ok("\xC3\xA9", 2, NULL, NULL, NULL), 1);
	assert_int_equal(l.n, 1);
	msglist_free(&l);
}

/* cJSON ends a string at \u0000: what follows is lost from the parsed value,
 * so shape_check cannot see it (the raw input has to be checked). */
static void test_text_nul_escape_is_cut_off_by_cjson(void **state)
{
	cJSON *v = parse("\"ab\\u0000\\u001b\"");

	(void)state;
	assert_string_equal(v->valuestring, "ab");
	cJSON_Delete(v);
}

/* ---- date ---- */

static void test_date_accepts_leap_days(void **state)
{
	(void)state;
	expect_ok(SHAPE_DATE, "\"2024-02-29\"", NULL, 1);
	expect_ok(SHAPE_DATE, "\"2000-02-29\"", NULL, 1);
	expect_ok(SHAPE_DATE, "\"2026-12-31\"", NULL, 1);
}

static void test_date_refuses_feb_29_outside_leap_years(void **state)
{
	(void)state;
	expect_one(SHAPE_DATE, "\"2023-02-29\"", NULL, 0, "f", "日期不存在");
	expect_one(SHAPE_DATE, "\"1900-02-29\"", NULL, 0, "f", "日期不存在");
}

static void test_date_refuses_impossible_days_and_months(void **state)
{
	(void)state;
	expect_one(SHAPE_DATE, "\"2026-04-31\"", NULL, 0, "f", "日期不存在");
	expect_one(SHAPE_DATE, "\"2026-13-01\"", NULL, 0, "f", "日期不存在");
	expect_one(SHAPE_DATE, "\"2026-01-00\"", NULL, 0, "f", "日期不存在");
	expect_one(SHAPE_DATE, "\"0000-01-01\"", NULL, 0, "f", "日期不存在");
}

static void test_date_refuses_other_forms(void **state)
{
	(void)state;
	expect_one(SHAPE_DATE, "\"2026-1-05\"", NULL, 0, "f",
		   "应为日期（YYYY-MM-DD）");
	expect_one(SHAPE_DATE, "\"2026/01/05\"", NULL, 0, "f", "YYYY-MM-DD");
	expect_one(SHAPE_DATE, "\"2026-01-05T10:00\"", NULL, 0, "f",
		   "YYYY-MM-DD");
	expect_one(SHAPE_DATE, "\"2026\"", NULL, 0, "f", "YYYY-MM-DD");
	expect_one(SHAPE_DATE, "20260105", NULL, 0, "f", "YYYY-MM-DD");
}

static void test_parse_date_gives_parts(void **state)
{
	int y = 0, m = 0, d = 0;

	(void)state;
	assert_int_equal(shape_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_int_equal(shape_parse_date("2023-02-29", &y, &m, &d), -1);
	assert_int_equal(shape_parse_date("", &y, &m, &d), -1);
	assert_int_equal(shape_parse_date(NULL, &y, &m, &d), -1);
}

/* ---- datetime ---- */

static void test_datetime_accepts_every_documented_form(void **state)
{
	static const char *ok[] = {
		"2026-11-26T09:30",       "2026-11-26 09:30",
		"2026-11-26T09:30:15",    "2026-11-26T23:59:59Z",
		"2026-11-26T09:30+08:00", "2026-11-26T09:30:00-05:00",
		"2024-02-29T00:00",       "2026-11-26 09:30Z",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof *ok; i++)
		if (shape_parse_datetime(ok[i]) != 0)
			fail_msg("refused %s", ok[i]);
	expect_ok(SHAPE_DATETIME, "\"2026-11-26T09:30\"", NULL, 1);
}

static void test_datetime_refuses_times_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(shape_parse_datetime("2026-11-26T24:00"), -1);
	assert_int_equal(shape_parse_datetime("2026-11-26T12:60"), -1);
	assert_int_equal(shape_parse_datetime("2026-11-26T12:00:60"), -1);
	assert_int_equal(shape_parse_datetime("2023-02-29T12:00"), -1);
	assert_int_equal(shape_parse_datetime("2026-11-26T12:00+08:60"), -1);
	expect_one(SHAPE_DATETIME, "\"2026-02-30T08:00\"", NULL, 0, "f",
		   "不存在");
}

static void test_datetime_refuses_other_forms(void **state)
{
	static const char *bad[] = {
		"2026-11-26",          "2026-11-26T9:30",
		"2026-11-26T09",       "2026-11-26T09:30:1",
		"2026-11-26T09:30.5",  "2026-11-26T09:30+0800",
		"2026-11-26T09:30 ",   "2026-11-26X09:30",
		"2026-11-26T09:30ZZ",  "",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (shape_parse_datetime(bad[i]) == 0)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(shape_parse_datetime(NULL), -1);
	expect_one(SHAPE_DATETIME, "\"09:30\"", NULL, 0, "f",
		   "应为日期时间");
}

/* ---- bool, choice, choices ---- */

static void test_bool_accepts_true_and_false_only(void **state)
{
	(void)state;
	expect_ok(SHAPE_BOOL, "true", NULL, 1);
	expect_ok(SHAPE_BOOL, "false", NULL, 1);
	expect_one(SHAPE_BOOL, "\"true\"", NULL, 0, "f", "true 或 false");
	expect_one(SHAPE_BOOL, "1", NULL, 0, "f", "true 或 false");
}

static void test_choice_accepts_listed_id(void **state)
{
	(void)state;
	expect_ok(SHAPE_CHOICE, "\"verify\"", &choice3, 1);
}

static void test_choice_refusal_names_allowed_ids(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_CHOICE, "\"Verify\"", &choice3, "outcome",
			       0, &l), 1);
	expect(&l, "outcome", "accepted、verify、corrected",
	       "accepted, verify, corrected");
	msglist_free(&l);
	expect_one(SHAPE_CHOICE, "[\"verify\"]", &choice3, 0, "f", "verify");
}

static void test_choices_accepts_distinct_ids(void **state)
{
	(void)state;
	expect_ok(SHAPE_CHOICES, "[\"accepted\",\"corrected\"]", &choice3, 1);
	expect_ok(SHAPE_CHOICES, "[]", &choice3, 1);
}

static void test_choices_refuses_repeat_at_its_index(void **state)
{
	(void)state;
	expect_one(SHAPE_CHOICES, "[\"verify\",\"accepted\",\"verify\"]",
		   &choice3, 0, "f[2]", "重复");
}

static void test_choices_refuses_unknown_id_at_its_index(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_CHOICES, "[\"verify\",\"x\",3]", &choice3,
			       "rights", 0, &l), 2);
	expect(&l, "rights[1]", "accepted、verify、corrected", NULL);
	expect(&l, "rights[2]", "应为以下之一", "expected one of");
	msglist_free(&l);
}

static void test_choices_min_applies_only_when_final(void **state)
{
	(void)state;
	expect_one(SHAPE_CHOICES, "[\"verify\"]", &choice3_min2, 1, "f",
		   "至少选择2项（现有 1 项）");
	expect_ok(SHAPE_CHOICES, "[\"verify\"]", &choice3_min2, 0);
	expect_one(SHAPE_CHOICES, "\"verify\"", &choice3, 0, "f", "数组");
}

/* ---- money ---- */

static void test_money_accepts_up_to_two_decimals(void **state)
{
	(void)state;
	expect_ok(SHAPE_MONEY, "1500", NULL, 1);
	expect_ok(SHAPE_MONEY, "0", NULL, 1);
	expect_ok(SHAPE_MONEY, "12.34", NULL, 1);
	expect_ok(SHAPE_MONEY, "0.07", NULL, 1);
	expect_ok(SHAPE_MONEY, "99999999.99", NULL, 1);
	expect_ok(SHAPE_MONEY, "1.10", NULL, 1);
}

/* 0.1 + 0.2 is 0.30000000000000004, not the double of 0.3: its decimal
 * text has 17 decimals, so it is refused. */
static void test_money_refuses_double_that_is_not_nearest_a_cent(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateNumber(0.1 + 0.2);

	(void)state;
	assert_int_equal(shape_check(SHAPE_MONEY, v, NULL, NULL, "f", 1, &l), 1);
	expect(&l, "f", "两位小数", "2 decimal places");
	cJSON_Delete(v);
	msglist_free(&l);
	expect_one(SHAPE_MONEY, "0.30000000000000004", NULL, 0, "f", "两位小数");
	expect_ok(SHAPE_MONEY, "0.3", NULL, 1);
	expect_ok(SHAPE_MONEY, "0.30", NULL, 1);
}

/* The old tolerance grew with the amount and let a third decimal through. */
static void test_money_refuses_third_decimal_of_large_amounts(void **state)
{
	(void)state;
	expect_one(SHAPE_MONEY, "20000000000.001", NULL, 0, "f", "两位小数");
	expect_one(SHAPE_MONEY, "999999999999.999", NULL, 0, "f", "两位小数");
	expect_one(SHAPE_MONEY, "123456789.125", NULL, 0, "f", "两位小数");
	expect_ok(SHAPE_MONEY, "999999999999.99", NULL, 1);
	expect_ok(SHAPE_MONEY, "20000000000.01", NULL, 1);
}

static void test_money_capped_at_1e12_yuan(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	expect_ok(SHAPE_MONEY, "1000000000000", NULL, 1);
	expect_ok(SHAPE_MONEY, "1e12", NULL, 1);
	assert_int_equal(check(SHAPE_MONEY, "1000000000000.01", NULL, "fine", 0,
			       &l), 1);
	expect(&l, "fine", "金额不能超过 1000000000000 元",
	       "must not exceed 1000000000000 yuan");
	msglist_free(&l);
	expect_one(SHAPE_MONEY, "12345678901234567.89", NULL, 0, "f", "不能超过");
	expect_one(SHAPE_MONEY, "1e300", NULL, 0, "f", "不能超过");
}

static void test_money_refuses_three_decimals(void **state)
{
	(void)state;
	expect_one(SHAPE_MONEY, "12.345", NULL, 0, "f", "两位小数");
	expect_one(SHAPE_MONEY, "0.001", NULL, 0, "f", "两位小数");
}

static void test_money_refuses_negative(void **state)
{
	(void)state;
	expect_one(SHAPE_MONEY, "-0.01", NULL, 0, "f", "不能为负");
}

static void test_money_refuses_minus_zero(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateNumber(-0.0);

	(void)state;
	expect_one(SHAPE_MONEY, "-0", NULL, 0, "f", "不能为负");
	expect_one(SHAPE_MONEY, "-0.00", NULL, 0, "f", "不能为负");
	expect_one(SHAPE_MONEY, "-0e5", NULL, 0, "f", "不能为负");
	assert_int_equal(shape_check(SHAPE_MONEY, v, NULL, NULL, "f", 0, &l), 1);
	expect(&l, "f", "不能为负", "must not be negative");
	cJSON_Delete(v);
	msglist_free(&l);
	expect_ok(SHAPE_MONEY, "0.00", NULL, 1);
}

static void test_money_refuses_text_and_infinity(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = cJSON_CreateNumber(INFINITY);

	(void)state;
	expect_one(SHAPE_MONEY, "\"1500\"", NULL, 0, "f", "应为金额");
	assert_int_equal(shape_check(SHAPE_MONEY, v, NULL, NULL, "f", 0, &l), 1);
	cJSON_Delete(v);
	msglist_free(&l);
}

/* ---- list ---- */

static void test_list_trims_each_entry(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = parse("[\" 营业执照 \",\"\u3000身份证\"]");

	(void)state;
	assert_int_equal(shape_check(SHAPE_LIST, v, &min2, NULL, "f", 1, &l), 0);
	assert_string_equal(cJSON_GetArrayItem(v, 0)->valuestring, "营业执照");
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "身份证");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_list_refuses_blank_and_non_text_entries(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_LIST, "[\"a\",\"  \",3]", NULL,
			       "participants", 0, &l), 2);
	expect(&l, "participants[1]", "不能为空", "must not be empty");
	expect(&l, "participants[2]", "应为文字", "expected text");
	msglist_free(&l);
	expect_one(SHAPE_LIST, "\"a\"", NULL, 0, "f", "应为文字数组");
}

static void test_list_min_applies_only_when_final(void **state)
{
	(void)state;
	expect_one(SHAPE_LIST, "[\"a\"]", &min2, 1, "f", "至少2项（现有 1 项）");
	expect_ok(SHAPE_LIST, "[\"a\"]", &min2, 0);
}

static void test_list_refuses_bad_text_entry_at_its_index(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_LIST, "[\"营业执照\",\"身份\\u001b证\",\"\xC0\xAF\"]",
			       NULL, "participants", 0, &l), 2);
	expect(&l, "participants[1]", "第3个字符是控制字符 U+001B", "U+001B");
	expect(&l, "participants[2]", "UTF-8", "UTF-8");
	msglist_free(&l);
}

/* ---- record ---- */

static void test_record_accepts_positive_integer(void **state)
{
	(void)state;
	expect_ok(SHAPE_RECORD, "1", NULL, 1);
	expect_ok(SHAPE_RECORD, "4711", NULL, 1);
}

static void test_record_refuses_zero_negative_fraction_text(void **state)
{
	(void)state;
	expect_one(SHAPE_RECORD, "0", NULL, 0, "f", "记录编号");
	expect_one(SHAPE_RECORD, "-3", NULL, 0, "f", "记录编号");
	expect_one(SHAPE_RECORD, "2.5", NULL, 0, "f", "记录编号");
	expect_one(SHAPE_RECORD, "\"7\"", NULL, 0, "f", "记录编号");
	expect_one(SHAPE_RECORD, "1e12", NULL, 0, "f", "记录编号");
}

/* ---- identifiers (regulation/documents.md) ---- */

static void test_uscc_documented_pass(void **state)
{
	char e = '?';

	(void)state;
	assert_int_equal(ident_uscc_valid("91350100M000100Y43", &e), 0);
	assert_int_equal(e, '\0');
}

static void test_uscc_wrong_check_char_names_expected(void **state)
{
	char e = 0;

	(void)state;
	assert_int_equal(ident_uscc_valid("91350100M000100Y4A", &e), -1);
	assert_int_equal(e, '3');
}

static void test_uscc_forbidden_letter_is_not_a_check_failure(void **state)
{
	char e = '?';

	(void)state;
	/* I, O, S, V, Z are not in the alphabet; lowercase neither. */
	assert_int_equal(ident_uscc_valid("91350100MI00100Y43", &e), -1);
	assert_int_equal(e, '\0');
	assert_int_equal(ident_uscc_valid("91350100m000100Y43", &e), -1);
	assert_int_equal(e, '\0');
}

static void test_uscc_wrong_length_refused(void **state)
{
	char e = '?';

	(void)state;
	assert_int_equal(ident_uscc_valid("91350100M000100Y4", &e), -1);
	assert_int_equal(e, '\0');
	assert_int_equal(ident_uscc_valid("91350100M000100Y433", &e), -1);
	assert_int_equal(ident_uscc_valid("", &e), -1);
	assert_int_equal(ident_uscc_valid(NULL, &e), -1);
}

static void test_resident_id_documented_passes(void **state)
{
	char e = '?';

	(void)state;
	assert_int_equal(ident_resident_id_valid("11010519491231002X", &e), 0);
	assert_int_equal(e, '\0');
	assert_int_equal(ident_resident_id_valid("360426199101010071", &e), 0);
}

static void test_resident_id_wrong_check_names_expected_x(void **state)
{
	char e = 0;

	(void)state;
	assert_int_equal(ident_resident_id_valid("110105194912310021", &e), -1);
	assert_int_equal(e, 'X');
}

static void test_resident_id_stdnum_checksum_failure(void **state)
{
	char e = 0;

	(void)state;
	assert_int_equal(ident_resident_id_valid("360426199101010072", &e), -1);
	assert_int_equal(e, '1');
}

static void test_resident_id_lowercase_x_accepted(void **state)
{
	(void)state;
	assert_int_equal(ident_resident_id_valid("11010519491231002x", NULL), 0);
}

static void test_resident_id_birth_19490230_refused(void **state)
{
	char e = '?';

	(void)state;
	/* Its check digit is right (0); only the date is wrong. */
	assert_int_equal(ident_resident_id_valid("110105194902300020", &e), -1);
	assert_int_equal(e, '\0');
}

static void test_resident_id_leap_day_births(void **state)
{
	(void)state;
	assert_int_equal(ident_resident_id_valid("110105200002290013", NULL), 0);
	assert_int_equal(ident_resident_id_valid("110105190002290017", NULL), -1);
}

static void test_resident_id_letter_or_old_length_refused(void **state)
{
	char e = '?';

	(void)state;
	assert_int_equal(ident_resident_id_valid("1101051949123100AX", &e), -1);
	assert_int_equal(e, '\0');
	assert_int_equal(ident_resident_id_valid("110105491231002", &e), -1);
	assert_int_equal(e, '\0');
}

/* ---- party ---- */

static void test_party_accepts_company_with_valid_uscc(void **state)
{
	(void)state;
	expect_ok(SHAPE_PARTY,
		  "{\"name\":\"某某公司\",\"id_type\":\"uscc\","
		  "\"id_number\":\"91350100M000100Y43\",\"address\":\"福州\","
		  "\"representative\":\"张三\",\"phone\":\"0591\","
		  "\"licence\":\"L1\",\"contact\":\"李四\",\"gender\":\"\","
		  "\"employer\":\"\",\"position\":\"经理\"}",
		  NULL, 1);
}

static void test_party_uscc_wrong_check_char_message(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY,
			       "{\"name\":\"某某公司\",\"id_type\":\"uscc\","
			       "\"id_number\":\"91350100M000100Y4A\"}",
			       NULL, "party", 0, &l), 1);
	expect(&l, "party.id_number", "校验位错误，应为 3",
	       "wrong check character, should be 3");
	msglist_free(&l);
}

static void test_party_resident_wrong_check_char_message(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"王五\",\"id_type\":\"resident_id\","
		   "\"id_number\":\"110105194912310021\"}",
		   NULL, 0, "f.id_number", "校验位错误，应为 X");
}

static void test_party_resident_bad_birth_date_says_so(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY,
			       "{\"name\":\"王五\",\"id_type\":\"resident_id\","
			       "\"id_number\":\"110105194902300020\"}",
			       NULL, "party", 0, &l), 1);
	expect(&l, "party.id_number", "出生日期", "birth date");
	msglist_free(&l);
}

static void test_party_id_length_and_character_messages(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\"uscc\","
		   "\"id_number\":\"91350100M000100Y4\"}",
		   NULL, 0, "f.id_number", "应为18位（现有 17 位）");
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\"uscc\","
		   "\"id_number\":\"91350100MO00100Y43\"}",
		   NULL, 0, "f.id_number", "第10位字符无效");
	/* A full-width Ｘ is normalised to X (NFKC, tests/unit/test_text.c);
	 * a letter that is no check character stays wrong. */
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\"resident_id\","
		   "\"id_number\":\"11010519491231002Y\"}",
		   NULL, 0, "f.id_number", "第18位字符无效");
}

static void test_party_resident_lowercase_x_upper_cased(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = parse("{\"name\":\"王五\",\"id_type\":\"resident_id\","
			 "\"id_number\":\" 11010519491231002x \"}");

	(void)state;
	assert_int_equal(shape_check(SHAPE_PARTY, v, NULL, NULL, "party", 1,
				     &l), 0);
	assert_string_equal(
		cJSON_GetObjectItem(v, "id_number")->valuestring,
		"11010519491231002X");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_party_name_required_at_party_name_when_final(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY, "{\"name\":\"\u3000 \"}", NULL,
			       "party", 1, &l), 1);
	expect(&l, "party.name", "名称", "name");
	msglist_free(&l);
	expect_one(SHAPE_PARTY, "{\"address\":\"x\"}", NULL, 1, "f.name",
		   "须填写");
}

static void test_party_path_follows_field_id(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY, "{}", NULL, "applicant", 1, &l), 1);
	expect(&l, "applicant.name", "须填写", NULL);
	msglist_free(&l);
}

static void test_party_unknown_key_named(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY, "{\"name\":\"a\",\"email\":\"x\"}",
			       NULL, "party", 0, &l), 1);
	expect(&l, "party.email", "email", "unknown field \"email\"");
	msglist_free(&l);
}

static void test_party_member_must_be_text(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY, "{\"name\":\"a\",\"phone\":591}", NULL, 0,
		   "f.phone", "应为文字");
	expect_one(SHAPE_PARTY, "{\"name\":5}", NULL, 0, "f.name", "应为文字");
}

static void test_party_repeated_key_refused(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY, "{\"name\":\"a\",\"name\":\"b\"}", NULL, 0,
		   "f.name", "重复");
}

static void test_party_trims_every_member(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = parse("{\"name\":\" 某某公司\u3000\",\"address\":\"\t福州 \"}");

	(void)state;
	assert_int_equal(shape_check(SHAPE_PARTY, v, NULL, NULL, "p", 0, &l), 0);
	assert_string_equal(cJSON_GetObjectItem(v, "name")->valuestring,
			    "某某公司");
	assert_string_equal(cJSON_GetObjectItem(v, "address")->valuestring,
			    "福州");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_party_unknown_id_type_names_allowed(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\"passport\","
		   "\"id_number\":\"E123\"}",
		   NULL, 0, "f.id_type", "uscc、resident_id、other");
}

static void test_party_id_number_without_id_type_refused_when_final(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY, "{\"name\":\"a\",\"id_number\":\"E123\"}",
		   NULL, 1, "f.id_type", "证件类型");
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\" \",\"id_number\":\"E123\"}",
		   NULL, 1, "f.id_type", "证件类型");
}

static void test_party_checked_id_type_needs_number_when_final(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY, "{\"name\":\"a\",\"id_type\":\"uscc\"}", NULL,
		   1, "f.id_number", "须填写证件号码");
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\"resident_id\","
		   "\"id_number\":\" \"}",
		   NULL, 1, "f.id_number", "须填写证件号码");
}

static void test_party_other_id_not_checked(void **state)
{
	(void)state;
	expect_ok(SHAPE_PARTY,
		  "{\"name\":\"a\",\"id_type\":\"other\",\"id_number\":\"E1\"}",
		  NULL, 1);
	expect_ok(SHAPE_PARTY, "{\"name\":\"a\",\"id_type\":\"other\"}", NULL, 1);
}

static void test_party_not_an_object(void **state)
{
	(void)state;
	expect_one(SHAPE_PARTY, "\"某某公司\"", NULL, 0, "f", "应为当事人");
}

/* ---- officers ---- */

#define TWO_OFFICERS                                                       \
	"[{\"name\":\"甲\",\"cert\":\"35001\",\"shown\":true},"            \
	"{\"name\":\"乙\",\"cert\":\"35002\",\"shown\":false}]"

static void test_officers_accepts_two_with_shown_recorded(void **state)
{
	(void)state;
	expect_ok(SHAPE_OFFICERS, TWO_OFFICERS, &min2, 1);
}

static void test_officers_min_message_counts_given(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_OFFICERS,
			       "[{\"name\":\"甲\",\"cert\":\"1\",\"shown\":true}]",
			       &min2, "officers", 1, &l), 1);
	expect(&l, "officers", "至少2名执法人员（现有 1 名）",
	       "at least 2 officers (1 given)");
	msglist_free(&l);
}

static void test_officers_min_ignored_in_draft(void **state)
{
	(void)state;
	expect_ok(SHAPE_OFFICERS,
		  "[{\"name\":\"甲\",\"cert\":\"1\",\"shown\":true}]", &min2, 0);
}

static void test_officers_duplicate_cert_at_later_entry(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_OFFICERS,
			       "[{\"name\":\"甲\",\"cert\":\"35001\",\"shown\":true},"
			       "{\"name\":\"乙\",\"cert\":\" 35001 \",\"shown\":true}]",
			       &min2, "officers", 1, &l), 1);
	expect(&l, "officers[1].cert", "执法证号重复",
	       "duplicate certificate number");
	msglist_free(&l);
}

static void test_officers_missing_shown_reported_when_final(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_OFFICERS,
			       "[{\"name\":\"甲\",\"cert\":\"1\",\"shown\":true},"
			       "{\"name\":\"乙\",\"cert\":\"2\",\"shown\":null}]",
			       NULL, "officers", 1, &l), 1);
	expect(&l, "officers[1].shown", "须记录是否出示执法证件", "shown");
	msglist_free(&l);
}

static void test_officers_shown_must_be_bool(void **state)
{
	(void)state;
	expect_one(SHAPE_OFFICERS,
		   "[{\"name\":\"甲\",\"cert\":\"1\",\"shown\":\"yes\"}]", NULL,
		   0, "f[0].shown", "true 或 false");
}

static void test_officers_name_and_cert_required_when_final(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_OFFICERS,
			       "[{\"name\":\" \",\"shown\":true}]", NULL,
			       "officers", 1, &l), 2);
	expect(&l, "officers[0].name", "须填写姓名", NULL);
	expect(&l, "officers[0].cert", "须填写执法证号", NULL);
	msglist_free(&l);
}

static void test_officers_trims_name_and_cert(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v = parse("[{\"name\":\" 甲 \",\"cert\":\"\u300035001\","
			 "\"shown\":true}]");
	cJSON *o;

	(void)state;
	assert_int_equal(shape_check(SHAPE_OFFICERS, v, NULL, NULL, "o", 0, &l),
			 0);
	o = cJSON_GetArrayItem(v, 0);
	assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, "甲");
	assert_string_equal(cJSON_GetObjectItem(o, "cert")->valuestring,
			    "35001");
	cJSON_Delete(v);
	msglist_free(&l);
}

static void test_officers_unknown_key_and_non_object(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_OFFICERS,
			       "[{\"name\":\"甲\",\"cert\":\"1\",\"shown\":true,"
			       "\"rank\":\"x\"},\"乙\"]",
			       NULL, "officers", 0, &l), 2);
	expect(&l, "officers[0].rank", "rank", "unknown field");
	expect(&l, "officers[1]", "应为执法人员", NULL);
	msglist_free(&l);
	expect_one(SHAPE_OFFICERS, "{}", NULL, 0, "f", "应为执法人员数组");
}

/* ---- signatures ---- */

static void test_signatures_accepts_signed_sealed_and_refused(void **state)
{
	(void)state;
	expect_ok(SHAPE_SIGNATURES,
		  "[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"refused\","
		  "\"reason\":\"拒绝签字\"},"
		  "{\"role\":\"officer\",\"name\":\"甲\",\"status\":\"signed\"},"
		  "{\"role\":\"witness\",\"name\":\"丙\",\"status\":\"sealed\","
		  "\"reason\":\"\"}]",
		  NULL, 1);
}

static void test_signatures_refused_needs_reason_when_final(void **state)
{
	(void)state;
	expect_one(SHAPE_SIGNATURES,
		   "[{\"role\":\"officer\",\"name\":\"甲\",\"status\":\"signed\"},"
		   "{\"role\":\"party\",\"name\":\"王五\",\"status\":\"refused\","
		   "\"reason\":\"  \"}]",
		   NULL, 1, "f[1].reason", "拒签须写明原因");
}

static void test_signatures_unknown_role_names_allowed(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_SIGNATURES,
			       "[{\"role\":\"boss\",\"name\":\"甲\","
			       "\"status\":\"signed\"}]",
			       NULL, "signatures", 0, &l), 1);
	expect(&l, "signatures[0].role", "party、present、witness",
	       "interviewee, chair, recorder, participant");
	msglist_free(&l);
}

static void test_signatures_status_and_name_required_when_final(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_SIGNATURES, "[{\"role\":\"witness\"}]",
			       NULL, "signatures", 1, &l), 2);
	expect(&l, "signatures[0].name", "须填写", NULL);
	expect(&l, "signatures[0].status", "signed、sealed、refused", NULL);
	msglist_free(&l);
	expect_one(SHAPE_SIGNATURES,
		   "[{\"role\":\"witness\",\"name\":\"丙\",\"status\":\"ok\"}]",
		   NULL, 0, "f[0].status", "应为以下之一");
}

static void test_signatures_unknown_key_refused(void **state)
{
	(void)state;
	expect_one(SHAPE_SIGNATURES,
		   "[{\"role\":\"witness\",\"name\":\"丙\",\"status\":\"signed\","
		   "\"date\":\"2026-01-01\"}]",
		   NULL, 0, "f[0].date", "未知字段");
}

static void test_signatures_min_applies_only_when_final(void **state)
{
	static const char *one =
		"[{\"role\":\"witness\",\"name\":\"丙\",\"status\":\"signed\"}]";

	(void)state;
	expect_one(SHAPE_SIGNATURES, one, &min2, 1, "f", "现有 1 个");
	expect_ok(SHAPE_SIGNATURES, one, &min2, 0);
}

/* ---- av ---- */

static void test_av_video_and_audio_need_no_reason(void **state)
{
	(void)state;
	expect_ok(SHAPE_AV, "{\"mode\":\"video\"}", NULL, 1);
	expect_ok(SHAPE_AV, "{\"mode\":\"audio\",\"reason\":null}", NULL, 1);
}

static void test_av_photos_and_none_need_reason_when_final(void **state)
{
	(void)state;
	expect_one(SHAPE_AV, "{\"mode\":\"photos\"}", NULL, 1, "f.reason",
		   "说明原因");
	expect_one(SHAPE_AV, "{\"mode\":\"none\",\"reason\":\"\"}", NULL, 1,
		   "f.reason", "说明原因");
	expect_ok(SHAPE_AV, "{\"mode\":\"none\",\"reason\":\"设备故障\"}", NULL,
		  1);
}

static void test_av_mode_required_when_final_and_checked(void **state)
{
	(void)state;
	expect_one(SHAPE_AV, "{\"reason\":\"x\"}", NULL, 1, "f.mode",
		   "video、audio、photos、none");
	expect_one(SHAPE_AV, "{\"mode\":\"film\"}", NULL, 0, "f.mode",
		   "应为以下之一");
}

static void test_av_unknown_key_refused(void **state)
{
	(void)state;
	expect_one(SHAPE_AV, "{\"mode\":\"video\",\"file\":\"a.mp4\"}", NULL, 0,
		   "f.file", "未知字段");
}

/* ---- text members of party, officers, signatures, av ---- */

static void test_every_text_member_held_to_text_rules_at_its_path(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY,
			       "{\"name\":\"某某\\u0085公司\",\"address\":\"\xED\xA0\x80\","
			       "\"phone\":\"0591\\u007f\"}",
			       NULL, "party", 0, &l), 3);
	expect(&l, "party.name", "第3个字符是控制字符 U+0085", NULL);
	expect(&l, "party.address", "UTF-8", NULL);
	expect(&l, "party.phone", "U+007F", NULL);
	msglist_free(&l);
	expect_one(SHAPE_OFFICERS,
		   "[{\"name\":\"甲\",\"cert\":\"1\",\"shown\":true},"
		   "{\"name\":\"乙\",\"cert\":\"2\\u0007\",\"shown\":true}]",
		   NULL, 1, "f[1].cert", "U+0007");
	expect_one(SHAPE_SIGNATURES,
		   "[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"refused\","
		   "\"reason\":\"\xC0\xA0\"}]",
		   NULL, 1, "f[0].reason", "UTF-8");
	expect_one(SHAPE_AV, "{\"mode\":\"none\",\"reason\":\"故障\\u001b\"}", NULL,
		   1, "f.reason", "U+001B");
}

/* A choice member that is bad text gets one problem, not a second one for
 * not being among the ids. */
static void test_bad_text_choice_member_reported_once(void **state)
{
	(void)state;
	expect_one(SHAPE_SIGNATURES,
		   "[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"\xC0\xAF\"}]",
		   NULL, 0, "f[0].status", "UTF-8");
	expect_one(SHAPE_AV, "{\"mode\":\"video\\u0001\"}", NULL, 0, "f.mode",
		   "U+0001");
	expect_one(SHAPE_PARTY,
		   "{\"name\":\"a\",\"id_type\":\"uscc\","
		   "\"id_number\":\"91350100M000100Y4\\u001b\"}",
		   NULL, 0, "f.id_number", "U+001B");
}

/* A key that is not valid text is refused without being echoed (it would
 * reach the officer's terminal as it is). */
static void test_unknown_key_of_bad_text_not_echoed(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_PARTY, "{\"name\":\"a\",\"\\u001b[2J\":\"x\"}",
			       NULL, "party", 0, &l), 1);
	expect(&l, "party", "未知字段", "unknown field");
	assert_null(strchr(l.items[0].where, 0x1b));
	assert_null(strchr(l.items[0].zh, 0x1b));
	assert_null(strchr(l.items[0].en, 0x1b));
	msglist_free(&l);
}

/* ---- drafts: what is given is checked, completeness waits for final ---- */

static void test_draft_accepts_party_partly_filled(void **state)
{
	(void)state;
	expect_ok(SHAPE_PARTY, "{\"address\":\"昌黎县民生街1号\"}", NULL, 0);
	expect_ok(SHAPE_PARTY, "{}", NULL, 0);
	expect_ok(SHAPE_PARTY, "{\"name\":\"a\",\"id_type\":\"uscc\"}", NULL, 0);
	expect_ok(SHAPE_PARTY, "{\"id_number\":\"E123\"}", NULL, 0);
	expect_ok(SHAPE_PARTY,
		  "{\"id_type\":\"resident_id\",\"id_number\":\" \"}", NULL, 0);
}

static void test_draft_still_checks_given_id_type_and_id_number(void **state)
{
	(void)state;
	/* No name yet: only the check character is refused. */
	expect_one(SHAPE_PARTY,
		   "{\"id_type\":\"uscc\",\"id_number\":\"91350100M000100Y4A\"}",
		   NULL, 0, "f.id_number", "校验位错误，应为 3");
	expect_one(SHAPE_PARTY,
		   "{\"id_type\":\"resident_id\",\"id_number\":\"110105194902300020\"}",
		   NULL, 0, "f.id_number", "出生日期");
	expect_one(SHAPE_PARTY, "{\"id_type\":\"passport\"}", NULL, 0,
		   "f.id_type", "应为以下之一");
	expect_one(SHAPE_PARTY, "{\"phone\":591}", NULL, 0, "f.phone",
		   "应为文字");
}

static void test_draft_accepts_officers_partly_filled(void **state)
{
	(void)state;
	expect_ok(SHAPE_OFFICERS,
		  "[{\"name\":\"甲\"},{\"cert\":\"35002\"},{\"shown\":false},{}]",
		  &min2, 0);
}

static void test_draft_still_refuses_duplicate_cert_and_wrong_types(void **state)
{
	(void)state;
	expect_one(SHAPE_OFFICERS, "[{\"cert\":\"35001\"},{\"cert\":\" 35001 \"}]",
		   NULL, 0, "f[1].cert", "执法证号重复");
	expect_one(SHAPE_OFFICERS, "[{\"shown\":\"yes\"}]", NULL, 0,
		   "f[0].shown", "true 或 false");
	expect_one(SHAPE_OFFICERS, "[{\"rank\":\"x\"}]", NULL, 0, "f[0].rank",
		   "未知字段");
}

static void test_draft_accepts_signatures_partly_filled(void **state)
{
	(void)state;
	expect_ok(SHAPE_SIGNATURES,
		  "[{\"role\":\"party\"},{\"name\":\"王五\",\"status\":\"refused\"},"
		  "{\"role\":\"\",\"status\":\" \"},{}]",
		  &min2, 0);
}

static void test_draft_still_checks_given_role_and_status(void **state)
{
	(void)state;
	expect_one(SHAPE_SIGNATURES, "[{\"role\":\"boss\"}]", NULL, 0,
		   "f[0].role", "party、present、witness");
	expect_one(SHAPE_SIGNATURES, "[{\"status\":\"agreed\"}]", NULL, 0,
		   "f[0].status", "signed、sealed、refused");
	expect_one(SHAPE_SIGNATURES, "[{\"name\":1}]", NULL, 0, "f[0].name",
		   "应为文字");
}

static void test_draft_accepts_av_without_mode_or_reason(void **state)
{
	(void)state;
	expect_ok(SHAPE_AV, "{\"mode\":\"photos\"}", NULL, 0);
	expect_ok(SHAPE_AV, "{\"mode\":\"none\",\"reason\":\" \"}", NULL, 0);
	expect_ok(SHAPE_AV, "{\"reason\":\"设备故障\"}", NULL, 0);
	expect_ok(SHAPE_AV, "{}", NULL, 0);
	expect_one(SHAPE_AV, "{\"mode\":\"film\"}", NULL, 0, "f.mode",
		   "应为以下之一");
}

/* The same partial values are refused once the record is finalised. */
static void test_final_refuses_what_the_draft_accepted(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(check(SHAPE_OFFICERS, "[{\"name\":\"甲\"}]", NULL,
			       "officers", 1, &l), 2);
	expect(&l, "officers[0].cert", "须填写执法证号", NULL);
	expect(&l, "officers[0].shown", "须记录是否出示执法证件", NULL);
	msglist_free(&l);
	assert_int_equal(check(SHAPE_SIGNATURES,
			       "[{\"name\":\"王五\",\"status\":\"refused\"}]",
			       NULL, "signatures", 1, &l), 2);
	expect(&l, "signatures[0].role", "须填写，可选", "required, one of");
	expect(&l, "signatures[0].reason", "拒签须写明原因", NULL);
	msglist_free(&l);
	expect_one(SHAPE_AV, "{\"mode\":\"photos\"}", NULL, 1, "f.reason",
		   "说明原因");
	expect_one(SHAPE_PARTY, "{\"id_type\":\"uscc\",\"name\":\"a\"}", NULL, 1,
		   "f.id_number", "须填写证件号码");
}

/* ---- every shape ---- */

static void test_wrong_json_type_gives_one_problem_per_shape(void **state)
{
	static const struct {
		shape_type t;
		const char *json;
		const char *zh;
	} cases[] = {
		{SHAPE_TEXT, "[]", "应为文字"},
		{SHAPE_DATE, "{}", "应为日期（YYYY-MM-DD）"},
		{SHAPE_DATETIME, "true", "应为日期时间"},
		{SHAPE_BOOL, "0", "应为 true 或 false"},
		{SHAPE_CHOICE, "1", "应为以下之一"},
		{SHAPE_CHOICES, "{}", "数组"},
		{SHAPE_MONEY, "[]", "应为金额"},
		{SHAPE_LIST, "{}", "应为文字数组"},
		{SHAPE_RECORD, "true", "应为记录编号"},
		{SHAPE_PARTY, "[]", "应为当事人"},
		{SHAPE_OFFICERS, "\"甲\"", "应为执法人员数组"},
		{SHAPE_SIGNATURES, "{}", "应为签名数组"},
		{SHAPE_AV, "\"video\"", "应为音像记录"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_one(cases[i].t, cases[i].json, &choice3, 1, "f",
			   cases[i].zh);
}

static void test_check_returns_count_and_appends(void **state)
{
	msglist l = MSGLIST_INIT;

	(void)state;
	msglist_add(&l, NULL, NULL, "先前", "earlier");
	assert_int_equal(check(SHAPE_AV, "{\"mode\":1,\"x\":2}", NULL, "av", 0,
			       &l), 2);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[1].req, "R1.1");
	msglist_free(&l);
}

/* shape_is_empty on JSON text. */
static int empty(shape_type t, const char *json)
{
	cJSON *v = parse(json);
	int r = shape_is_empty(t, v);

	cJSON_Delete(v);
	return r;
}

static void test_is_empty_null_and_absent(void **state)
{
	(void)state;
	assert_int_equal(shape_is_empty(SHAPE_TEXT, NULL), 1);
	assert_int_equal(empty(SHAPE_MONEY, "null"), 1);
	assert_int_equal(empty(SHAPE_PARTY, "null"), 1);
}

static void test_is_empty_text_when_blank(void **state)
{
	(void)state;
	assert_int_equal(empty(SHAPE_TEXT, "\" \u3000\t\""), 1);
	assert_int_equal(empty(SHAPE_TEXT, "\"\""), 1);
	assert_int_equal(empty(SHAPE_TEXT, "\" a\""), 0);
}

static void test_is_empty_arrays_without_entries(void **state)
{
	(void)state;
	assert_int_equal(empty(SHAPE_LIST, "[]"), 1);
	assert_int_equal(empty(SHAPE_CHOICES, "[]"), 1);
	assert_int_equal(empty(SHAPE_OFFICERS, "[]"), 1);
	assert_int_equal(empty(SHAPE_SIGNATURES, "[]"), 1);
	assert_int_equal(empty(SHAPE_LIST, "[\"a\"]"), 0);
	assert_int_equal(empty(SHAPE_OFFICERS, "[{}]"), 0);
}

static void test_is_empty_party_without_name_av_without_mode(void **state)
{
	(void)state;
	assert_int_equal(empty(SHAPE_PARTY, "{\"address\":\"x\",\"name\":\" \"}"), 1);
	assert_int_equal(empty(SHAPE_PARTY, "{\"name\":\"a\"}"), 0);
	assert_int_equal(empty(SHAPE_AV, "{\"reason\":\"x\"}"), 1);
	assert_int_equal(empty(SHAPE_AV, "{\"mode\":\"video\"}"), 0);
}

static void test_is_empty_never_for_scalars(void **state)
{
	(void)state;
	assert_int_equal(empty(SHAPE_MONEY, "0"), 0);
	assert_int_equal(empty(SHAPE_RECORD, "0"), 0);
	assert_int_equal(empty(SHAPE_BOOL, "false"), 0);
	assert_int_equal(empty(SHAPE_DATE, "\"\""), 0);
	assert_int_equal(empty(SHAPE_CHOICE, "\"\""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_names_round_trip),
		cmocka_unit_test(test_shape_from_unknown_name_is_invalid),
		cmocka_unit_test(test_text_trims_ascii_and_ideographic_spaces),
		cmocka_unit_test(test_text_untouched_when_nothing_to_trim),
		cmocka_unit_test(test_text_all_blank_trims_to_empty),
		cmocka_unit_test(test_text_refuses_number_with_field_path),
		cmocka_unit_test(test_text_refuses_invalid_utf8_naming_the_character),
		cmocka_unit_test(test_text_refuses_overlongs_surrogates_and_beyond_10ffff),
		cmocka_unit_test(test_text_refuses_control_characters_but_lf_and_tab),
		cmocka_unit_test(test_text_accepts_lf_tab_and_every_plane),
		cmocka_unit_test(test_text_checked_after_trimming),
		cmocka_unit_test(test_text_ok_sees_nul_within_given_length),
		cmocka_unit_test(test_text_nul_escape_is_cut_off_by_cjson),
		cmocka_unit_test(test_date_accepts_leap_days),
		cmocka_unit_test(test_date_refuses_feb_29_outside_leap_years),
		cmocka_unit_test(test_date_refuses_impossible_days_and_months),
		cmocka_unit_test(test_date_refuses_other_forms),
		cmocka_unit_test(test_parse_date_gives_parts),
		cmocka_unit_test(test_datetime_accepts_every_documented_form),
		cmocka_unit_test(test_datetime_refuses_times_out_of_range),
		cmocka_unit_test(test_datetime_refuses_other_forms),
		cmocka_unit_test(test_bool_accepts_true_and_false_only),
		cmocka_unit_test(test_choice_accepts_listed_id),
		cmocka_unit_test(test_choice_refusal_names_allowed_ids),
		cmocka_unit_test(test_choices_accepts_distinct_ids),
		cmocka_unit_test(test_choices_refuses_repeat_at_its_index),
		cmocka_unit_test(test_choices_refuses_unknown_id_at_its_index),
		cmocka_unit_test(test_choices_min_applies_only_when_final),
		cmocka_unit_test(test_money_accepts_up_to_two_decimals),
		cmocka_unit_test(test_money_refuses_double_that_is_not_nearest_a_cent),
		cmocka_unit_test(test_money_refuses_third_decimal_of_large_amounts),
		cmocka_unit_test(test_money_capped_at_1e12_yuan),
		cmocka_unit_test(test_money_refuses_three_decimals),
		cmocka_unit_test(test_money_refuses_negative),
		cmocka_unit_test(test_money_refuses_minus_zero),
		cmocka_unit_test(test_money_refuses_text_and_infinity),
		cmocka_unit_test(test_list_trims_each_entry),
		cmocka_unit_test(test_list_refuses_blank_and_non_text_entries),
		cmocka_unit_test(test_list_min_applies_only_when_final),
		cmocka_unit_test(test_list_refuses_bad_text_entry_at_its_index),
		cmocka_unit_test(test_record_accepts_positive_integer),
		cmocka_unit_test(test_record_refuses_zero_negative_fraction_text),
		cmocka_unit_test(test_uscc_documented_pass),
		cmocka_unit_test(test_uscc_wrong_check_char_names_expected),
		cmocka_unit_test(test_uscc_forbidden_letter_is_not_a_check_failure),
		cmocka_unit_test(test_uscc_wrong_length_refused),
		cmocka_unit_test(test_resident_id_documented_passes),
		cmocka_unit_test(test_resident_id_wrong_check_names_expected_x),
		cmocka_unit_test(test_resident_id_stdnum_checksum_failure),
		cmocka_unit_test(test_resident_id_lowercase_x_accepted),
		cmocka_unit_test(test_resident_id_birth_19490230_refused),
		cmocka_unit_test(test_resident_id_leap_day_births),
		cmocka_unit_test(test_resident_id_letter_or_old_length_refused),
		cmocka_unit_test(test_party_accepts_company_with_valid_uscc),
		cmocka_unit_test(test_party_uscc_wrong_check_char_message),
		cmocka_unit_test(test_party_resident_wrong_check_char_message),
		cmocka_unit_test(test_party_resident_bad_birth_date_says_so),
		cmocka_unit_test(test_party_id_length_and_character_messages),
		cmocka_unit_test(test_party_resident_lowercase_x_upper_cased),
		cmocka_unit_test(test_party_name_required_at_party_name_when_final),
		cmocka_unit_test(test_party_path_follows_field_id),
		cmocka_unit_test(test_party_unknown_key_named),
		cmocka_unit_test(test_party_member_must_be_text),
		cmocka_unit_test(test_party_repeated_key_refused),
		cmocka_unit_test(test_party_trims_every_member),
		cmocka_unit_test(test_party_unknown_id_type_names_allowed),
		cmocka_unit_test(test_party_id_number_without_id_type_refused_when_final),
		cmocka_unit_test(test_party_checked_id_type_needs_number_when_final),
		cmocka_unit_test(test_party_other_id_not_checked),
		cmocka_unit_test(test_party_not_an_object),
		cmocka_unit_test(test_officers_accepts_two_with_shown_recorded),
		cmocka_unit_test(test_officers_min_message_counts_given),
		cmocka_unit_test(test_officers_min_ignored_in_draft),
		cmocka_unit_test(test_officers_duplicate_cert_at_later_entry),
		cmocka_unit_test(test_officers_missing_shown_reported_when_final),
		cmocka_unit_test(test_officers_shown_must_be_bool),
		cmocka_unit_test(test_officers_name_and_cert_required_when_final),
		cmocka_unit_test(test_officers_trims_name_and_cert),
		cmocka_unit_test(test_officers_unknown_key_and_non_object),
		cmocka_unit_test(test_signatures_accepts_signed_sealed_and_refused),
		cmocka_unit_test(test_signatures_refused_needs_reason_when_final),
		cmocka_unit_test(test_signatures_unknown_role_names_allowed),
		cmocka_unit_test(test_signatures_status_and_name_required_when_final),
		cmocka_unit_test(test_signatures_unknown_key_refused),
		cmocka_unit_test(test_signatures_min_applies_only_when_final),
		cmocka_unit_test(test_av_video_and_audio_need_no_reason),
		cmocka_unit_test(test_av_photos_and_none_need_reason_when_final),
		cmocka_unit_test(test_av_mode_required_when_final_and_checked),
		cmocka_unit_test(test_av_unknown_key_refused),
		cmocka_unit_test(test_every_text_member_held_to_text_rules_at_its_path),
		cmocka_unit_test(test_bad_text_choice_member_reported_once),
		cmocka_unit_test(test_unknown_key_of_bad_text_not_echoed),
		cmocka_unit_test(test_draft_accepts_party_partly_filled),
		cmocka_unit_test(test_draft_still_checks_given_id_type_and_id_number),
		cmocka_unit_test(test_draft_accepts_officers_partly_filled),
		cmocka_unit_test(test_draft_still_refuses_duplicate_cert_and_wrong_types),
		cmocka_unit_test(test_draft_accepts_signatures_partly_filled),
		cmocka_unit_test(test_draft_still_checks_given_role_and_status),
		cmocka_unit_test(test_draft_accepts_av_without_mode_or_reason),
		cmocka_unit_test(test_final_refuses_what_the_draft_accepted),
		cmocka_unit_test(test_wrong_json_type_gives_one_problem_per_shape),
		cmocka_unit_test(test_check_returns_count_and_appends),
		cmocka_unit_test(test_is_empty_null_and_absent),
		cmocka_unit_test(test_is_empty_text_when_blank),
		cmocka_unit_test(test_is_empty_arrays_without_entries),
		cmocka_unit_test(test_is_empty_party_without_name_av_without_mode),
		cmocka_unit_test(test_is_empty_never_for_scalars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
