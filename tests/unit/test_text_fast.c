/* tests/unit/test_text_fast.c — the fast paths of core/text.c give
 * libunistring's answers: every code point text_plain calls plain has none
 * of the properties the rules look for, and the decoder's own reading of
 * ASCII and three-byte forms accepts exactly what libunistring accepts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "core/text.h"
#include "tests/unit/testutil.h"

/* What any rule of text.h looks for, asked of libunistring directly. */
static int special(ucs4_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       uc_is_property_white_space(cp) || uc_is_property_bidi_control(cp) ||
	       uc_is_property_default_ignorable_code_point(cp) ||
	       uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_Cc | UC_CATEGORY_MASK_Cf |
							    UC_CATEGORY_MASK_Cs | UC_CATEGORY_MASK_Z);
}

static void test_plain_code_points_have_none_of_the_properties(void **state)
{
	uint32_t cp;
	long plain = 0;

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (!text_plain(cp))
			continue;
		plain++;
		if (special(cp))
			fail_msg("U+%04X is called plain but libunistring says otherwise",
				 (unsigned)cp);
	}
	/* ASCII, the CJK ideographs and the rest: the fast path is used. */
	assert_true(plain > 20000);
	assert_true(text_plain('A') && text_plain(0x4E2D) && text_plain(0xFF0C));
	assert_false(text_plain(' ') || text_plain(0x3000) || text_plain(0x3164) ||
		     text_plain(0x200B) || text_plain(0x00AD) || text_plain(0x202E));
}

/* Each plain character passes every kind of text and is neither trimmed,
 * blank nor escaped, in the middle of a value or at its ends. */
static void test_plain_characters_pass_every_rule(void **state)
{
	uint32_t cp;

	(void)state;
	for (cp = 0; cp <= 0xFFFF; cp++) {
		uint8_t u[8];
		size_t n, a, b;
		buf e = BUF_INIT;

		if (!text_plain(cp))
			continue;
		n = (size_t)u8_uctomb(u, cp, (int)sizeof u);
		assert_true(n >= 1 && n <= 3);
		u[n] = 0;
		assert_int_equal(text_check((char *)u, n, TEXT_ID, NULL, NULL, NULL), 1);
		assert_int_equal(text_check((char *)u, n, TEXT_LINE, NULL, NULL, NULL), 1);
		assert_int_equal(text_check((char *)u, n, TEXT_LINES, NULL, NULL, NULL), 1);
		assert_int_equal(text_blank((char *)u), 0);
		text_trim_bounds((char *)u, n, &a, &b);
		assert_true(a == 0 && b == n);
		text_escape(&e, (char *)u, 0);
		assert_int_equal(e.len, n);
		buf_free(&e);
	}
}

/* The characters next to the ranges keep their rules: U+3000 is trimmed and
 * blank, U+3164 and U+200B are invisible, U+2028 breaks a line. */
static void test_neighbours_of_the_ranges_keep_their_rules(void **state)
{
	msglist out = MSGLIST_INIT;

	(void)state;
	assert_int_equal(text_blank("\xE3\x80\x80"), 1);             /* U+3000 */
	assert_int_equal(text_blank("\xE3\x85\xA4"), 1);             /* U+3164 */
	assert_int_equal(text_check("a\xE2\x80\x8B" "b", 5, TEXT_LINE, &out, NULL, "x"), 0);
	tu_expect(&out, NULL, "x", "U+200B");
	assert_int_equal(text_check("a\xE2\x80\xA8" "b", 5, TEXT_LINE, &out, NULL, "y"), 0);
	tu_expect(&out, NULL, "y", "U+2028");
	assert_int_equal(text_check("\xC2\xAD", 2, TEXT_LINE, &out, NULL, "z"), 0);
	tu_expect(&out, NULL, "z", "U+00AD");
	assert_int_equal(text_check("1 2", 3, TEXT_ID, NULL, NULL, NULL), 1);
	assert_int_equal(text_check("1\t2", 3, TEXT_LINES, NULL, NULL, NULL), 1);
	assert_int_equal(text_check("1\t2", 3, TEXT_LINE, NULL, NULL, NULL), 0);
	msglist_free(&out);
}

/* Every byte alone (NUL too: raw input is checked with its length), and
 * every lead byte E0–EF with every second byte and the third bytes at the
 * edges of the continuation range: text_check takes
 * exactly the sequences libunistring calls UTF-8 (no overlong form, no
 * surrogate) and, refusing one, says it is not UTF-8. */
static void test_decoder_accepts_what_libunistring_accepts(void **state)
{
	static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
	unsigned b0, b1, t;

	(void)state;
	for (b0 = 0; b0 < 0x100; b0++) {
		char s[2] = {(char)b0, 0};
		int want = b0 < 0x80 && (b0 >= 0x20 || b0 == '\n' || b0 == '\t') && b0 != 0x7F;

		assert_int_equal(text_check(s, 1, TEXT_LINES, NULL, NULL, NULL), want);
	}
	for (b0 = 0xE0; b0 <= 0xEF; b0++)
		for (b1 = 0; b1 < 0x100; b1++)
			for (t = 0; t < sizeof thirds; t++) {
				unsigned char s[3] = {(unsigned char)b0, (unsigned char)b1, thirds[t]};
				int utf8 = u8_check(s, 3) == NULL;
				msglist out = MSGLIST_INIT;

				if (text_check((char *)s, 3, TEXT_LINES, &out, NULL, NULL) != utf8)
					fail_msg("%02X %02X %02X: text_check says %s, libunistring %s",
						 s[0], s[1], s[2], utf8 ? "no" : "yes",
						 utf8 ? "yes" : "no");
				if (!utf8)
					tu_expect(&out, NULL, NULL, "not valid UTF-8");
				msglist_free(&out);
			}
}

/* An identifier of printable ASCII is its own NFKC form: it is only trimmed. */
static void test_ascii_identifier_is_only_trimmed(void **state)
{
	char *s;

	(void)state;
	s = text_ident("  91350100M000100Y43 ");
	assert_string_equal(s, "91350100M000100Y43");
	free(s);
	s = text_ident("\xEF\xBC\x91\xEF\xBC\x93" "01"); /* full-width 1 and 3 */
	assert_string_equal(s, "1301");
	free(s);
	s = text_ident("\xE2\x91\xA0 a"); /* ① */
	assert_string_equal(s, "1 a");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_code_points_have_none_of_the_properties),
		cmocka_unit_test(test_plain_characters_pass_every_rule),
		cmocka_unit_test(test_neighbours_of_the_ranges_keep_their_rules),
		cmocka_unit_test(test_decoder_accepts_what_libunistring_accepts),
		cmocka_unit_test(test_ascii_identifier_is_only_trimmed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
