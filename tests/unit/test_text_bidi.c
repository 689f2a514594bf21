/* tests/unit/test_text_bidi.c — a bidi control (U+202A–U+202E, U+2066–U+2069,
 * U+200E, U+200F, U+061C) is hidden but not a blank: trimming keeps it, so
 * that text_check refuses it by name, and text of one alone is not blank. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/text.h"

static const char *const bidi[] = {
	"\xE2\x80\xAE", /* U+202E RIGHT-TO-LEFT OVERRIDE */
	"\xE2\x80\xAA", /* U+202A LEFT-TO-RIGHT EMBEDDING */
	"\xE2\x81\xA6", /* U+2066 LEFT-TO-RIGHT ISOLATE */
	"\xE2\x81\xA9", /* U+2069 POP DIRECTIONAL ISOLATE */
	"\xE2\x80\x8F", /* U+200F RIGHT-TO-LEFT MARK */
	"\xD8\x9C",     /* U+061C ARABIC LETTER MARK */
};

static void test_trim_keeps_a_bidi_control_at_either_edge(void **state)
{
	size_t i;
	char in[32];

	(void)state;
	for (i = 0; i < sizeof bidi / sizeof *bidi; i++) {
		char *t;
		snprintf(in, sizeof in, " %sadmin\xE2\x80\x8B", bidi[i]);
		t = text_trim(in);
		assert_non_null(t);
		assert_int_equal(0, strncmp(t, bidi[i], strlen(bidi[i])));
		assert_string_equal("admin", t + strlen(bidi[i]));
		free(t);
		snprintf(in, sizeof in, "admin%s\xC2\xA0", bidi[i]);
		t = text_trim(in);
		assert_non_null(t);
		assert_int_equal(strlen("admin") + strlen(bidi[i]), strlen(t));
		free(t);
	}
}

static void test_a_bidi_control_alone_is_not_blank_and_is_refused_by_name(void **state)
{
	msglist l = MSGLIST_INIT;
	char *t = text_trim("\xE2\x80\xAE" "admin");

	(void)state;
	for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++)
		if (text_blank(bidi[i]))
			fail_msg("bidi[%zu] is blank", i);
	assert_int_equal(0, text_check(t, strlen(t), TEXT_ID, &l, NULL, "--role"));
	assert_int_equal(1, (int)l.n);
	assert_non_null(strstr(l.items[0].zh, "U+202E"));
	assert_non_null(strstr(l.items[0].en, "bidirectional control U+202E"));
	msglist_free(&l);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim_keeps_a_bidi_control_at_either_edge),
		cmocka_unit_test(test_a_bidi_control_alone_is_not_blank_and_is_refused_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
