/* tests/unit/test_text.c — core/text.c, the one rule for stored strings:
 * one-line values refuse line breaks, controls and bidi controls; text of
 * nothing visible is blank; identifiers are NFKC-normalised; stored text is
 * escaped for a terminal and made valid for JSON. And the shapes hold their
 * strings to it (core/shape*.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/msg.h"
#include "core/shape.h"
#include "core/text.h"

/* Returns 1 when S passes as K; a refusal leaves its one message in *L. */
static int ok(const char *s, text_kind k, msglist *l)
{
	msglist_free(l);
	return text_check(s, strlen(s), k, l, "R1.1", "f");
}

static void expect_refused(const char *s, text_kind k, const char *zh, const char *en)
{
	msglist l = MSGLIST_INIT;

	if (ok(s, k, &l))
		fail_msg("\"%s\" passed as kind %d", s, (int)k);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].where, "f");
	assert_string_equal(l.items[0].req, "R1.1");
	if (zh && !strstr(l.items[0].zh, zh))
		fail_msg("\"%s\" not in \"%s\"", zh, l.items[0].zh);
	if (en && !strstr(l.items[0].en, en))
		fail_msg("\"%s\" not in \"%s\"", en, l.items[0].en);
	msglist_free(&l);
}

static void test_one_line_value_refuses_line_breaks(void **state)
{
	(void)state;
	expect_refused("王五\n拒绝签名", TEXT_LINE, "第3个字符是换行（U+000A），此处只可填一行文字",
		       "character 3 is a line break (U+000A): this value is one line of text");
	expect_refused("a\xE2\x80\xA8" "b", TEXT_LINE, "U+2028", NULL);
	expect_refused("a\xE2\x80\xA9" "b", TEXT_LINE, "U+2029", NULL);
	expect_refused("a\n", TEXT_ID, "换行", NULL);
	/* Several lines where the field says so. */
	assert_true(text_check("a\nb\tc", 5, TEXT_LINES, NULL, NULL, NULL));
}

static void test_one_line_value_refuses_tab_and_every_control(void **state)
{
	(void)state;
	expect_refused("a\tb", TEXT_LINE, "第2个字符是控制字符 U+0009，不允许（此处只可填一行文字）",
		       "character 2 is the control character U+0009 (this value is one line of text)");
	expect_refused("王\x1b[2J", TEXT_LINE, "U+001B", NULL);
	expect_refused("x\x7f", TEXT_LINE, "U+007F", NULL);
	expect_refused("x\xC2\x85", TEXT_LINE, "U+0085", NULL);
	expect_refused("x\xC2\x9B" "2J", TEXT_LINE, "U+009B", NULL);
	expect_refused("x\x1b", TEXT_LINES, "U+001B", "only line feeds and tabs");
	/* A NUL inside the given length is seen. */
	assert_false(text_check("ab\0cd", 5, TEXT_LINE, NULL, NULL, NULL));
}

static void test_one_line_value_refuses_bidi_controls(void **state)
{
	static const char *const bidi[] = {
		"\xE2\x80\xAE", /* U+202E RIGHT-TO-LEFT OVERRIDE */
		"\xE2\x80\xAA", /* U+202A */
		"\xE2\x81\xA6", /* U+2066 LEFT-TO-RIGHT ISOLATE */
		"\xE2\x81\xA9", /* U+2069 */
		"\xE2\x80\x8F", /* U+200F RIGHT-TO-LEFT MARK */
		"\xD8\x9C",     /* U+061C ARABIC LETTER MARK */
	};
	buf b = BUF_INIT;
	size_t i;

	(void)state;
	expect_refused("张\xE2\x80\xAE三", TEXT_LINE, "第2个字符是文字方向控制符 U+202E，此处不允许",
		       "character 2 is the bidirectional control U+202E, not allowed here");
	for (i = 0; i < sizeof bidi / sizeof *bidi; i++) {
		buf_reset(&b);
		buf_printf(&b, "a%sb", bidi[i]);
		expect_refused(buf_str(&b), TEXT_LINE, "文字方向控制符", NULL);
		/* In text of several lines they pass, and are shown escaped. */
		assert_true(text_check(b.data, b.len, TEXT_LINES, NULL, NULL, NULL));
	}
	buf_free(&b);
}

static void test_identifier_refuses_invisible_characters(void **state)
{
	(void)state;
	expect_refused("1303\xE2\x80\x8B" "01", TEXT_ID, "第5个字符 U+200B 不可见，编号中不允许",
		       "character 5 (U+200B) is invisible, not allowed in an identifier");
	expect_refused("13\xC2\xA0" "03", TEXT_ID, "U+00A0", NULL);
	expect_refused("13\xEF\xBB\xBF" "03", TEXT_ID, "U+FEFF", NULL);
	expect_refused("13\xE3\x85\xA4" "03", TEXT_ID, "U+3164", NULL);
	/* A plain space is an identifier's own business; one-line names may
	 * hold what ids may not. */
	assert_true(text_check("CL T01", 6, TEXT_ID, NULL, NULL, NULL));
	assert_true(text_check("13\xC2\xA0" "03", 6, TEXT_LINE, NULL, NULL, NULL));
}

static void test_every_kind_accepts_what_people_write(void **state)
{
	static const char *const fine[] = {
		"张三", "张\xE3\x80\x80三", "昌黎县惠民超市（民生街店）", "𠮷野家", "Zoë",
		"O'Brien-Smith",
		"\xE2\x9D\xA4\xEF\xB8\x8F",                     /* ❤ + VS16 */
		"\xEE\x80\x80",                                 /* private use (rare names) */
	};
	static const char *const zwj = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof fine / sizeof *fine; i++) {
		assert_true(text_check(fine[i], strlen(fine[i]), TEXT_LINE, NULL, NULL, NULL));
		assert_true(text_check(fine[i], strlen(fine[i]), TEXT_LINES, NULL, NULL, NULL));
	}
	/* A joiner is writing in several lines, invisible in a one-line value. */
	assert_true(text_check(zwj, strlen(zwj), TEXT_LINES, NULL, NULL, NULL));
	assert_false(text_check(zwj, strlen(zwj), TEXT_LINE, NULL, NULL, NULL));
}

/* An invisible character inside a one-line value would make two names that
 * read the same differ: "张\u200B三" passing for a second officer. */
static void test_one_line_value_refuses_invisible_characters(void **state)
{
	(void)state;
	expect_refused("张\xE2\x80\x8B三", TEXT_LINE, "第2个字符 U+200B 不可见，此处不允许",
		       "character 2 (U+200B) is invisible, not allowed here");
	expect_refused("张\xE3\x85\xA4三", TEXT_LINE, "U+3164", NULL);
	expect_refused("张\xE2\x81\xA0三", TEXT_LINE, "U+2060", NULL);
	expect_refused("张\xC2\xAD三", TEXT_LINE, "U+00AD", NULL);
	assert_true(text_check("张\xE2\x80\x8B三", 9, TEXT_LINES, NULL, NULL, NULL));
}

static void test_invalid_utf8_refused_in_every_kind(void **state)
{
	static const char *const bad[] = {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
					  "ab\xE7\x8E", "\xFF"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		expect_refused(bad[i], TEXT_LINE, "不是有效的 UTF-8 编码", "not valid UTF-8");
		expect_refused(bad[i], TEXT_LINES, "UTF-8", NULL);
		expect_refused(bad[i], TEXT_ID, "UTF-8", NULL);
	}
}

/* The invisible family of the issue, alone and together, is blank; found by
 * Unicode property, so its kin are too. A bidi control is not among them:
 * it is refused by name (tests/unit/test_text_bidi.c). */
static void test_invisible_only_text_is_blank(void **state)
{
	static const char *const blank[] = {
		"", " ", "\t\n", "\xE2\x80\x8B", "\xC2\xA0", "\xE2\x80\xA8",
		"\xEF\xBB\xBF", "\xE2\x81\xA0", "\xE3\x85\xA4", "\xE3\x80\x80",
		"\xE1\x85\x9F",             /* U+115F HANGUL CHOSEONG FILLER */
		"\xEF\xBE\xA0",             /* U+FFA0 HALFWIDTH HANGUL FILLER */
		"\xE2\x80\x83",             /* U+2003 EM SPACE */
		"\xC2\xAD",                 /* U+00AD SOFT HYPHEN */
		"\xE1\xA0\x8E",             /* U+180E MONGOLIAN VOWEL SEPARATOR */
		"\xEF\xB8\x8F",             /* U+FE0F alone */
		"\xE2\x80\x8B\xE3\x80\x80\xC2\xA0\xE2\x81\xA0",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof blank / sizeof *blank; i++)
		if (!text_blank(blank[i]))
			fail_msg("blank[%zu] is not blank", i);
	assert_true(text_blank(NULL));
	assert_false(text_blank("\xE2\x80\x8B" "a"));
	assert_false(text_blank("\xE3\x80\x80张"));
	assert_false(text_blank("\xFF"));   /* something is there */
	assert_false(text_blank("-"));
}

static void test_trim_cuts_invisible_ends_but_not_controls(void **state)
{
	char *t;

	(void)state;
	t = text_trim("\xEF\xBB\xBF\xE3\x80\x80 张三\xE2\x80\x8B\xC2\xA0\n");
	assert_string_equal(t, "张三");
	free(t);
	/* A variation selector belongs to its character. */
	t = text_trim("\xE2\x9D\xA4\xEF\xB8\x8F ");
	assert_string_equal(t, "\xE2\x9D\xA4\xEF\xB8\x8F");
	free(t);
	/* ESC and NEL are refused, never cut silently. */
	t = text_trim("a\x1b");
	assert_string_equal(t, "a\x1b");
	free(t);
	t = text_trim("a\xC2\x85");
	assert_string_equal(t, "a\xC2\x85");
	free(t);
	t = text_trim("\xFF a \xFF");
	assert_string_equal(t, "\xFF a \xFF");
	free(t);
	assert_null(text_trim(NULL));
}

static void test_identifiers_are_nfkc_normalised(void **state)
{
	static const char *const in_out[][2] = {
		{"\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x90\xEF\xBC\x93", "1303"}, /* １３０３ */
		{"\xE3\x80\x80 13001\xE3\x80\x80", "13001"},
		{"\xEF\xBC\xA3\xEF\xBC\xAC\xEF\xBC\x8D\xEF\xBC\xB4\xEF\xBC\x90\xEF\xBC\x91", "CL-T01"},
		{"\xE2\x91\xA0", "1"},                   /* ① */
		{"1\xE3\x80\x80" "2", "1 2"},
		{"13001", "13001"},
		{"\xFF" "1", "\xFF" "1"},               /* not UTF-8: left to text_check */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof in_out / sizeof *in_out; i++) {
		char *t = text_ident(in_out[i][0]);
		assert_non_null(t);
		assert_string_equal(t, in_out[i][1]);
		free(t);
	}
	assert_null(text_ident(NULL));
}

static void expect_escaped(const char *s, int flags, const char *want)
{
	buf b = BUF_INIT;

	text_escape(&b, s, flags);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void test_escape_shows_controls_and_bidi_visibly(void **state)
{
	(void)state;
	expect_escaped("a\x1b[2Jb", 0, "a\\x1b[2Jb");
	expect_escaped("张\xE2\x80\xAE三", 0, "张<U+202E>三");
	expect_escaped("a\nb\tc\rd", 0, "a\\nb\\tc\\rd");
	expect_escaped("a\nb\tc\rd", TEXT_ESC_LINES, "a\nb\tc\\rd");
	expect_escaped("x\xC2\x9B" "2J\x7f\x07", 0, "x\\x9b2J\\x7f\\x07");
	expect_escaped("cam\xFF.jpg", 0, "cam\\xff.jpg");
	expect_escaped("a\xE2\x80\xA8" "b\xE2\x81\xA6" "c", TEXT_ESC_LINES, "a<U+2028>b<U+2066>c");
	expect_escaped("1303\xE2\x80\x8B" "01\xEF\xBB\xBF", 0, "1303<U+200B>01<U+FEFF>");
	expect_escaped("\xE3\x85\xA4", 0, "<U+3164>");
	/* What is part of the writing stays as it is; a joiner only in text
	 * of several lines (a one-line value never holds one). */
	expect_escaped("张三 Zoë \xE2\x9D\xA4\xEF\xB8\x8F", 0, "张三 Zoë \xE2\x9D\xA4\xEF\xB8\x8F");
	expect_escaped("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", TEXT_ESC_LINES,
		       "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
	expect_escaped("张\xE2\x80\x8D三", 0, "张<U+200D>三");
	expect_escaped("", 0, "");
	{
		buf b = BUF_INIT;
		text_escape(&b, NULL, 0);
		assert_int_equal(b.len, 0);
		text_escape_n(&b, "a\0b", 3, 0);
		assert_string_equal(buf_str(&b), "a\\x00b");
		buf_free(&b);
	}
}

static void test_json_clean_makes_any_bytes_valid_json(void **state)
{
	cJSON *o = cJSON_CreateObject(), *arr, *ref, *back;
	char *s;
	int n;

	(void)state;
	cJSON_AddStringToObject(o, "name", "cam\xFF.jpg");
	cJSON_AddStringToObject(o, "k\xC0\xAF", "fine");
	cJSON_AddStringToObject(o, "ok", "张\xE2\x80\xAE三\x1b");
	arr = cJSON_AddArrayToObject(o, "list");
	cJSON_AddItemToArray(arr, cJSON_CreateString("\xED\xA0\x80x"));
	n = text_json_clean(o);
	assert_int_equal(n, 3);
	assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, "cam\xEF\xBF\xBD.jpg");
	assert_string_equal(cJSON_GetArrayItem(arr, 0)->valuestring,
			    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");
	/* Valid text is kept exactly: the JSON outputs hold the exact value. */
	assert_string_equal(cJSON_GetObjectItem(o, "ok")->valuestring, "张\xE2\x80\xAE三\x1b");
	s = cJSON_PrintUnformatted(o);
	back = cJSON_Parse(s);
	assert_non_null(back);
	assert_non_null(cJSON_GetObjectItem(back, "k\xEF\xBF\xBD\xEF\xBF\xBD"));
	cJSON_Delete(back);
	cJSON_free(s);
	/* A reference's text belongs to another tree: left alone. */
	ref = cJSON_CreateStringReference("\xFF");
	assert_int_equal(text_json_clean(ref), 0);
	cJSON_Delete(ref);
	assert_int_equal(text_json_clean(NULL), 0);
	cJSON_Delete(o);
}

/* JSON printed for a terminal: the same values, the dangerous characters as
 * \u escapes (a tag character as a surrogate pair); valid for any bytes. */
static void test_json_print_escapes_what_a_terminal_would_act_on(void **state)
{
	static const char *const value =
		"x\xE2\x80\xAE" "y\x7f\xC2\x9B" "z\xF0\x9F\x98\x80\xF3\xA0\x80\x81\x1b\n";
	cJSON *o = cJSON_CreateObject(), *back;
	char *s;

	(void)state;
	cJSON_AddStringToObject(o, "v", value);
	cJSON_AddStringToObject(o, "bad", "cam\xFF");
	s = text_json_print(o, 0);
	assert_non_null(s);
	assert_string_equal(s, "{\"v\":\"x\\u202ey\\u007f\\u009bz\xF0\x9F\x98\x80\\udb40\\udc01"
			       "\\u001b\\n\",\"bad\":\"cam\xEF\xBF\xBD\"}");
	back = cJSON_Parse(s);
	assert_non_null(back);
	assert_string_equal(cJSON_GetObjectItem(back, "v")->valuestring, value);
	cJSON_Delete(back);
	free(s);
	s = text_json_print(o, 1);
	assert_non_null(strchr(s, '\n')); /* the layout keeps its line feeds */
	assert_non_null(strstr(s, "\\u202e"));
	free(s);
	cJSON_Delete(o);
}

/* ---- the shapes hold their strings to the rule ----------------------- */

static int shape(shape_type t, const char *json, const shape_opts *o, msglist *l)
{
	cJSON *v = cJSON_Parse(json);
	int n;

	assert_non_null(v);
	msglist_free(l);
	n = shape_check(t, v, o, "R1.1", "f", 0, l);
	cJSON_Delete(v);
	return n;
}

static void test_shapes_one_line_members_and_fields(void **state)
{
	static const shape_opts lines = {NULL, 0, -1, 1}, line = {NULL, 0, -1, 0};
	msglist l = MSGLIST_INIT;

	(void)state;
	assert_int_equal(shape(SHAPE_SIGNATURES,
			       "[{\"role\":\"party\",\"name\":\"王五\\n执法人员 李四：拒绝签名\","
			       "\"status\":\"signed\"}]", NULL, &l), 1);
	assert_string_equal(l.items[0].where, "f[0].name");
	assert_non_null(strstr(l.items[0].zh, "换行"));
	assert_int_equal(shape(SHAPE_SIGNATURES,
			       "[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"refused\","
			       "\"reason\":\"a\\u202eb\"}]", NULL, &l), 1);
	assert_string_equal(l.items[0].where, "f[0].reason");
	assert_int_equal(shape(SHAPE_PARTY, "{\"name\":\"a\",\"address\":\"x\\ny\"}", NULL, &l), 1);
	assert_string_equal(l.items[0].where, "f.address");
	assert_int_equal(shape(SHAPE_OFFICERS, "[{\"name\":\"a\\tb\",\"cert\":\"1\"}]", NULL, &l), 1);
	assert_int_equal(shape(SHAPE_AV, "{\"mode\":\"none\",\"reason\":\"x\\ny\"}", NULL, &l), 1);
	assert_int_equal(shape(SHAPE_LIST, "[\"a\",\"b\\n- c\"]", NULL, &l), 1);
	assert_string_equal(l.items[0].where, "f[1]");
	assert_int_equal(shape(SHAPE_TEXT, "\"a\\nb\"", &line, &l), 1);
	assert_int_equal(shape(SHAPE_TEXT, "\"a\\nb\\u202e\"", &lines, &l), 0);
	msglist_free(&l);
}

static void test_shapes_normalise_ids_and_judge_duplicates_on_them(void **state)
{
	msglist l = MSGLIST_INIT;
	cJSON *v;

	(void)state;
	assert_int_equal(shape(SHAPE_OFFICERS,
			       "[{\"name\":\"张三\",\"cert\":\"13001\"},"
			       "{\"name\":\"张三\",\"cert\":\"\\uff11\\uff13\\uff10\\uff10\\uff11\"}]",
			       NULL, &l), 1);
	assert_string_equal(l.items[0].where, "f[1].cert");
	assert_string_equal(l.items[0].en, "duplicate certificate number");
	v = cJSON_Parse("{\"name\":\"王五\",\"id_type\":\"uscc\","
			"\"id_number\":\"\\u3000\\uff19\\uff11\\uff13\\uff15\\uff10\\uff11\\uff10\\uff10"
			"\\uff2d\\uff10\\uff10\\uff10\\uff11\\uff10\\uff10\\uff39\\uff14\\uff13\"}");
	msglist_free(&l);
	assert_int_equal(shape_check(SHAPE_PARTY, v, NULL, "R1.1", "f", 1, &l), 0);
	assert_string_equal(cJSON_GetObjectItem(v, "id_number")->valuestring, "91350100M000100Y43");
	cJSON_Delete(v);
	assert_int_equal(shape(SHAPE_OFFICERS, "[{\"name\":\"a\",\"cert\":\"13\\u200b001\"}]", NULL, &l), 1);
	assert_non_null(strstr(l.items[0].en, "invisible"));
	msglist_free(&l);
}

/* (Not U+202E: a bidi control is not blank, tests/unit/test_text_bidi.c.) */
static void test_shapes_invisible_only_is_empty(void **state)
{
	static const char *const empty[] = {
		"\"\\u200b\"", "\"\\u00a0\"", "\"\\u2028\"", "\"\\ufeff\"",
		"\"\\u2060\"", "\"\\u3164\"",
	};
	size_t i;
	cJSON *v;

	(void)state;
	for (i = 0; i < sizeof empty / sizeof *empty; i++) {
		v = cJSON_Parse(empty[i]);
		assert_true(shape_is_empty(SHAPE_TEXT, v));
		cJSON_Delete(v);
	}
	v = cJSON_Parse("{\"name\":\"\\u200b\\u3164\"}");
	assert_true(shape_is_empty(SHAPE_PARTY, v));
	cJSON_Delete(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_line_value_refuses_line_breaks),
		cmocka_unit_test(test_one_line_value_refuses_tab_and_every_control),
		cmocka_unit_test(test_one_line_value_refuses_bidi_controls),
		cmocka_unit_test(test_identifier_refuses_invisible_characters),
		cmocka_unit_test(test_one_line_value_refuses_invisible_characters),
		cmocka_unit_test(test_every_kind_accepts_what_people_write),
		cmocka_unit_test(test_invalid_utf8_refused_in_every_kind),
		cmocka_unit_test(test_invisible_only_text_is_blank),
		cmocka_unit_test(test_trim_cuts_invisible_ends_but_not_controls),
		cmocka_unit_test(test_identifiers_are_nfkc_normalised),
		cmocka_unit_test(test_escape_shows_controls_and_bidi_visibly),
		cmocka_unit_test(test_json_clean_makes_any_bytes_valid_json),
		cmocka_unit_test(test_json_print_escapes_what_a_terminal_would_act_on),
		cmocka_unit_test(test_shapes_one_line_members_and_fields),
		cmocka_unit_test(test_shapes_normalise_ids_and_judge_duplicates_on_them),
		cmocka_unit_test(test_shapes_invisible_only_is_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
