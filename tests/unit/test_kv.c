/* tests/unit/test_kv.c — core/kv.c, the one "key = value" line reader of
 * the config file and sync.conf: what it takes, what it trims, and each
 * line it refuses, said at PATH:LINE. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/kv.h"

static char kv_path[64];

/* Writes the N bytes of TEXT to a new scratch file (kv_path). */
static void kv_put(const char *text, size_t n)
{
	int fd;

	snprintf(kv_path, sizeof kv_path, "%s", "/tmp/jilu-test-kv.XXXXXX");
	if (getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 40)
		snprintf(kv_path, sizeof kv_path, "%s/jilu-test-kv.XXXXXX", getenv("TMPDIR"));
	fd = mkstemp(kv_path);
	assert_true(fd >= 0);
	assert_int_equal((ssize_t)n, write(fd, text, n));
	close(fd);
}

/* Reads the file to its first refusal or its end: the settings as
 * "key=value;" in OUT, the refusal's English in ERR. Returns kv_next's last. */
static int kv_all(buf *out, msglist *err)
{
	kv_file f;
	char *k, *v;
	int got;

	assert_int_equal(0, kv_open(&f, kv_path, "a、b", "a, b"));
	while ((got = kv_next(&f, &k, &v, err)) > 0)
		buf_printf(out, "%s=%s;", k, v);
	kv_close(&f);
	kv_close(&f); /* twice is safe */
	unlink(kv_path);
	return got;
}

static void test_settings_are_trimmed_and_comments_skipped(void **state)
{
	static const char text[] = "# a comment = not a setting\n\n  \t\n a =  x y \t\r\n"
				   "\tb= \n  # b = z\nc=d=e\r\n";
	buf out = BUF_INIT;
	msglist err = MSGLIST_INIT;

	(void)state;
	kv_put(text, sizeof text - 1);
	assert_int_equal(0, kv_all(&out, &err));
	assert_string_equal("a=x y;b=;c=d=e;", buf_str(&out));
	assert_int_equal(0, (int)err.n);
	buf_free(&out);
}

/* A long comment is one line: its tail is never read as a setting. */
static void test_a_long_line_is_read_whole(void **state)
{
	size_t n = 70000;
	char *text = malloc(n + 16);
	buf out = BUF_INIT;
	msglist err = MSGLIST_INIT;

	(void)state;
	assert_non_null(text);
	text[0] = '#';
	memset(text + 1, 'x', n - 1);
	memcpy(text + n - 6, "a = 1\n", 6);
	memcpy(text + n, "b = 2\n", 7);
	kv_put(text, n + 6);
	assert_int_equal(0, kv_all(&out, &err));
	assert_string_equal("b=2;", buf_str(&out));
	free(text);
	buf_free(&out);
}

/* Each refused line: (text, the English said, the line). */
static void test_each_bad_line_is_refused_where_it_is(void **state)
{
	static const struct {
		const char *text;
		size_t n;
		const char *en;
	} bad[] = {
#define BAD(text, en) {text, sizeof text - 1, en}
		BAD("a = 1\nb = x\0y\n", "a NUL byte in the line"),
		BAD("a = 1\njust words\n", "expected key = value (keys: a, b)"),
		BAD("a = 1\nb = x\ry\n", "U+000D"),
		BAD("a = 1\nb = \033[2J\n", "U+001B"),
		BAD("a = 1\nb = \xe2\x80\xae" "x\n", "bidirectional control U+202E"),
		BAD("a = 1\nb = \xff\n", "UTF-8"),
		BAD("a = 1\n\xe2\x80\x8b" "b = x\n", "U+200B"),
#undef BAD
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		buf out = BUF_INIT;
		msglist err = MSGLIST_INIT;
		char where[80];

		kv_put(bad[i].text, bad[i].n);
		snprintf(where, sizeof where, "%s:2", kv_path);
		if (kv_all(&out, &err) != -1)
			fail_msg("bad[%zu] was not refused", i);
		assert_string_equal("a=1;", buf_str(&out));
		assert_int_equal(1, (int)err.n);
		assert_string_equal(where, err.items[0].where);
		if (!strstr(err.items[0].en, bad[i].en))
			fail_msg("bad[%zu]: %s, not %s", i, err.items[0].en, bad[i].en);
		msglist_free(&err);
		buf_free(&out);
	}
}

static void test_a_missing_file_is_enoent(void **state)
{
	kv_file f;

	(void)state;
	errno = 0;
	assert_int_equal(-1, kv_open(&f, "/nonexistent/jilu/config", "a", "a"));
	assert_int_equal(ENOENT, errno);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings_are_trimmed_and_comments_skipped),
		cmocka_unit_test(test_a_long_line_is_read_whole),
		cmocka_unit_test(test_each_bad_line_is_refused_where_it_is),
		cmocka_unit_test(test_a_missing_file_is_enoent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
