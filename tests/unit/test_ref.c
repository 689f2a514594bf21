/* tests/unit/test_ref.c — core/ref.c: `ID` and `DEVICE:ID`, the one parser
 * of every id argument. Well-formed names parse (the device normalised as
 * `init --device` stores it); each malformed one is refused with a message
 * that says what is wrong and shows the example CL-T01:42. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/buf.h"
#include "core/msg.h"
#include "core/ref.h"
#include "tests/unit/testutil.h"

/* Parses S; returns its status, the reason (English) in WHY when refused. */
static jl_status parse(const char *s, ref *r, char *why, size_t whylen)
{
	msglist err = MSGLIST_INIT;
	jl_status rc = ref_parse(s, r, &err);

	why[0] = '\0';
	if (err.n) {
		snprintf(why, whylen, "%s | %s", err.items[0].en, err.items[0].zh);
		assert_int_equal(err.n, 1);
	}
	if (rc == JL_OK)
		assert_int_equal(err.n, 0);
	msglist_free(&err);
	return rc;
}

static void test_plain_and_device_names_parse(void **state)
{
	ref r;
	char why[512];

	(void)state;
	assert_int_equal(parse("42", &r, why, sizeof why), JL_OK);
	assert_string_equal(r.device, "");
	assert_int_equal(r.id, 42);
	assert_int_equal(parse("cl-t01:7", &r, why, sizeof why), JL_OK);
	assert_string_equal(r.device, "cl-t01");
	assert_int_equal(r.id, 7);
	assert_int_equal(parse("CL-T01:42", &r, why, sizeof why), JL_OK);
	assert_string_equal(r.device, "CL-T01");
	assert_int_equal(parse("9223372036854775807", &r, why, sizeof why), JL_OK);
	assert_true(r.id == 9223372036854775807LL);
	assert_int_equal(parse("T01:007", &r, why, sizeof why), JL_OK);
	assert_int_equal(r.id, 7);
	/* A Chinese keyboard's colon, and a full-width device id, as `init
	 * --device` would store it (NFKC). */
	assert_int_equal(parse("T01\xef\xbc\x9a" "5", &r, why, sizeof why), JL_OK);
	assert_string_equal(r.device, "T01");
	assert_int_equal(r.id, 5);
	assert_int_equal(parse("\xef\xbc\xb4\xef\xbc\x90\xef\xbc\x91:3", &r, why, sizeof why), JL_OK);
	assert_string_equal(r.device, "T01");
}

/* Refused, with REASON in the message and the example. */
static void refused(const char *s, const char *reason)
{
	ref r;
	char why[512];

	if (parse(s, &r, why, sizeof why) != JL_EUSAGE)
		fail_msg("\"%s\" was accepted", s);
	if (!strstr(why, reason))
		fail_msg("\"%s\": want \"%s\" in \"%s\"", s, reason, why);
	if (!strstr(why, "CL-T01:42") || !strstr(why, "例如 CL-T01:42"))
		fail_msg("\"%s\": no example in \"%s\"", s, why);
	assert_int_equal(r.id, 0);
}

static void test_malformed_names_are_refused_saying_why(void **state)
{
	(void)state;
	refused("", "the id is empty");
	refused(NULL, "the id is empty");
	refused(":42", "device id before the colon is missing");
	refused("T01:", "the number is missing");
	refused("T01:4x", "only the digits");
	refused("T01:-4", "only the digits");
	refused("+4", "only the digits");
	refused(" 4", "only the digits");
	refused("T01:\xef\xbc\x94", "only the digits"); /* a full-width 4 */
	refused("T01:0", "numbers start at 1");
	refused("0", "numbers start at 1");
	refused("9223372036854775808", "too large");
	refused("T01:99999999999999999999999999999999999", "too large");
	refused("T01::4", "holds no colon");
	refused("a:b:9", "holds no colon");
	refused(" :4", "the device id is missing");
	refused("\xe3\x80\x80:4", "U+3000"); /* an ideographic space alone */
}

static void test_invisible_characters_are_named(void **state)
{
	(void)state;
	refused("T\xe2\x80\x8b" "01:4", "U+200B");  /* zero width space */
	refused("T01:4\xe2\x80\x8b", "U+200B");
	refused("T01\xe2\x80\xae:4", "U+202E");     /* right-to-left override */
	refused("T01:\t4", "U+0009");
	refused("T01:4\n", "U+000A");
	refused("\xff:4", "UTF-8");
}

static void test_a_device_id_too_long_is_refused(void **state)
{
	char s[REF_DEVICE_MAX + 8];

	(void)state;
	memset(s, 'a', REF_DEVICE_MAX + 1);
	strcpy(s + REF_DEVICE_MAX + 1, ":1");
	refused(s, "too long");
	memset(s, 'a', REF_DEVICE_MAX);
	strcpy(s + REF_DEVICE_MAX, ":1");
	{
		ref r;
		char why[512];
		assert_int_equal(parse(s, &r, why, sizeof why), JL_OK);
		assert_int_equal(strlen(r.device), REF_DEVICE_MAX);
	}
}

static void test_format_names_the_device_when_there_is_one(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	ref_format(&b, "T01", 42);
	assert_string_equal(buf_str(&b), "T01:42");
	buf_reset(&b);
	ref_format(&b, NULL, 42);
	assert_string_equal(buf_str(&b), "42");
	buf_reset(&b);
	ref_format(&b, "", 7);
	assert_string_equal(buf_str(&b), "7");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_device_names_parse),
		cmocka_unit_test(test_malformed_names_are_refused_saying_why),
		cmocka_unit_test(test_invisible_characters_are_named),
		cmocka_unit_test(test_a_device_id_too_long_is_refused),
		cmocka_unit_test(test_format_names_the_device_when_there_is_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
