/* tests/unit/test_typed.c — core/typed.c: values read as officers type them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/typed.h"

static const char *const choice_ids[] = {"statement", "defence", "recusal"};
static form_choice choices[] = {
	{"statement", {"陈述", "statement"}},
	{"defence", {"申辩", "defence"}},
	{"recusal", {"申请回避", "recusal"}},
};

static form_field field(const char *id, shape_type type)
{
	form_field fd;

	memset(&fd, 0, sizeof fd);
	fd.id = (char *)id;
	fd.type = type;
	fd.req = (char *)"R1.1";
	fd.min = -1;
	if (type == SHAPE_CHOICE || type == SHAPE_CHOICES) {
		fd.choices = choices;
		fd.choice_ids = (const char **)choice_ids;
		fd.nchoices = 3;
	}
	return fd;
}

/* TEXT read as FD's shape, printed unformatted (caller frees), or NULL. */
static char *typed(shape_type type, const char *text, msglist *out)
{
	form_field fd = field("f", type);
	cJSON *v = typed_value(NULL, &fd, text, out);
	char *s = v ? cJSON_PrintUnformatted(v) : NULL;

	cJSON_Delete(v);
	return s;
}

static void expect(shape_type type, const char *text, const char *want)
{
	msglist out = MSGLIST_INIT;
	char *got = typed(type, text, &out);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(out.n, 0);
	free(got);
}

static void refused(shape_type type, const char *text, const char *example)
{
	msglist out = MSGLIST_INIT;
	char *got = typed(type, text, &out);

	assert_null(got);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.items[0].where, "f");
	assert_string_equal(out.items[0].req, "R1.1");
	assert_non_null(strstr(out.items[0].zh, example));
	assert_non_null(strstr(out.items[0].zh, "f:="));
	msglist_free(&out);
}

static void test_numbers_bools_and_ids(void **state)
{
	(void)state;
	expect(SHAPE_MONEY, "5000", "5000");
	expect(SHAPE_MONEY, "12.5", "12.5");
	expect(SHAPE_BOOL, "否", "false");
	expect(SHAPE_BOOL, "是", "true");
	expect(SHAPE_BOOL, "true", "true");
	expect(SHAPE_RECORD, "7", "7");
	refused(SHAPE_MONEY, "五千", "f=5000");
	refused(SHAPE_MONEY, "1.234", "f=5000");
	refused(SHAPE_MONEY, "-5", "f=5000");
	refused(SHAPE_BOOL, "也许", "f=是");
	refused(SHAPE_RECORD, "7x", "f=7");
	refused(SHAPE_RECORD, "0", "f=7");
}

static void test_choices_and_lists(void **state)
{
	(void)state;
	expect(SHAPE_CHOICE, "申辩", "\"defence\"");
	expect(SHAPE_CHOICE, "defence", "\"defence\"");
	expect(SHAPE_CHOICE, "other", "\"other\""); /* the shape names the choices */
	expect(SHAPE_CHOICES, "statement,申辩、recusal", "[\"statement\",\"defence\",\"recusal\"]");
	expect(SHAPE_LIST, "营业执照复印件，平面布局图, ", "[\"营业执照复印件\",\"平面布局图\"]");
	expect(SHAPE_LIST, "一项", "[\"一项\"]");
}

static void test_dates_and_datetimes_stored_canonical(void **state)
{
	(void)state;
	setenv("JILU_NOW", "2026-11-27T16:05:09", 1);
	expect(SHAPE_DATETIME, "now", "\"2026-11-27T16:05:09\"");
	expect(SHAPE_DATETIME, "today 15:00", "\"2026-11-27T15:00\"");
	expect(SHAPE_DATETIME, "2026-11-26 09:30", "\"2026-11-26T09:30\"");
	expect(SHAPE_DATETIME, "2026/11/26 09:30", "\"2026-11-26T09:30\"");
	expect(SHAPE_DATETIME, "2026-11-26T09:30", "\"2026-11-26T09:30\"");
	expect(SHAPE_DATE, "today", "\"2026-11-27\"");
	expect(SHAPE_DATE, "2026/12/01", "\"2026-12-01\"");
	refused(SHAPE_DATETIME, "today", "f=2026-11-27 15:00");
	unsetenv("JILU_NOW");
}

static void test_signatures_and_av(void **state)
{
	(void)state;
	expect(SHAPE_SIGNATURES, "party:赵丽,officer:张三/refused",
	       "[{\"role\":\"party\",\"name\":\"赵丽\",\"status\":\"signed\"},"
	       "{\"role\":\"officer\",\"name\":\"张三\",\"status\":\"refused\"}]");
	expect(SHAPE_AV, "video", "{\"mode\":\"video\"}");
	refused(SHAPE_SIGNATURES, "赵丽", "f=party:赵丽");
	refused(SHAPE_PARTY, "某超市", "f:={");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_bools_and_ids),
		cmocka_unit_test(test_choices_and_lists),
		cmocka_unit_test(test_dates_and_datetimes_stored_canonical),
		cmocka_unit_test(test_signatures_and_av),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
