/* tests/unit/test_sync_batch.c — core/sync_batch.c: whenever the reader
 * without cJSON takes a batch, cJSON reads the same line to the very same
 * entries; whatever it does not take exactly (spaces, other members, other
 * numbers, odd escapes, a cut line) it leaves to cJSON, and never reads
 * past the line. Checked on written batches, on hand-made lines, on every
 * cut of a line and on thousands of lines with a byte changed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sync_batch.h"

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* LINE is read by cJSON to the entries B holds. */
static void same_as_cjson(const sync_batch *b, const char *line, size_t len)
{
	cJSON *m = cJSON_ParseWithLength(line, len);
	sync_batch c = SYNC_BATCH_INIT;

	assert_non_null(m);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "t")->valuestring, "batch");
	assert_int_equal(sync_batch_from_json(&c, cJSON_GetObjectItemCaseSensitive(m, "entries")), 0);
	assert_int_equal(c.n, b->n);
	for (size_t i = 0; i < b->n; i++) {
		assert_int_equal(c.v[i].has_seq, b->v[i].has_seq);
		if (b->v[i].has_seq)
			assert_int_equal(c.v[i].seq, b->v[i].seq);
		same_str(c.v[i].kind, b->v[i].kind);
		same_str(c.v[i].subject, b->v[i].subject);
		same_str(c.v[i].body, b->v[i].body);
		same_str(c.v[i].prev_hash, b->v[i].prev_hash);
		same_str(c.v[i].hash, b->v[i].hash);
		same_str(c.v[i].data, b->v[i].data);
		assert_int_equal(c.v[i].data_len, b->v[i].data_len);
	}
	sync_batch_free(&c);
	cJSON_Delete(m);
}

/* A batch as the device writes it (core/sync_send.c): cJSON, unformatted. */
static char *written_batch(int n)
{
	static const char *texts[] = {
		"{\"at\":\"2026-11-26T09:00:00+08:00\",\"device\":\"T01\",\"kind\":\"finalize\"}",
		"quotes \" and \\ backslashes \\\" and / slashes",
		"控制字符 \x01\x1f tab\t newline\n return\r",
		"中文、emoji 😀 and \xe2\x80\xa8 line separator",
		"",
	};
	cJSON *m = cJSON_CreateObject(), *arr = cJSON_CreateArray(), *e;
	char *s;

	cJSON_AddStringToObject(m, "t", "batch");
	cJSON_AddItemToObject(m, "entries", arr);
	for (int i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "seq", (double)(i * 997 + 1));
		cJSON_AddStringToObject(e, "kind", i % 2 ? "finalize" : "open");
		cJSON_AddStringToObject(e, "subject", "record:42");
		cJSON_AddStringToObject(e, "body", texts[i % 5]);
		cJSON_AddStringToObject(e, "prev_hash", texts[(i + 1) % 5]);
		cJSON_AddStringToObject(e, "hash", "ab");
		if (i % 3)
			cJSON_AddStringToObject(e, "data", texts[(i + 2) % 5]);
		cJSON_AddItemToArray(arr, e);
	}
	s = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	return s;
}

static void test_written_batches_read_as_cjson_reads_them(void **state)
{
	sync_batch b = SYNC_BATCH_INIT;

	(void)state;
	for (int n = 0; n < 12; n++) {
		char *s = written_batch(n);
		assert_int_equal(sync_batch_read(&b, s, strlen(s)), 1);
		assert_int_equal(b.n, (size_t)n);
		same_as_cjson(&b, s, strlen(s));
		free(s);
	}
	sync_batch_free(&b);
}

static void test_escapes_decode_as_cjson_decodes_them(void **state)
{
	static const char *lines[] = {
		"{\"t\":\"batch\",\"entries\":[{\"seq\":1,\"body\":\"\\u00e9\\u4e2d\\ud83d\\ude00\\/\\b\\f\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"seq\":0,\"kind\":\"\\\"\\\\\"},{}]}",
		"{\"t\":\"batch\",\"entries\":[{\"seq\":999999999999999,\"data\":\"x\\u0041\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"hash\":\"h\",\"seq\":12}]}",
	};
	sync_batch b = SYNC_BATCH_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		assert_int_equal(sync_batch_read(&b, lines[i], strlen(lines[i])), 1);
		same_as_cjson(&b, lines[i], strlen(lines[i]));
	}
	assert_string_equal(b.v[0].hash, "h");
	assert_int_equal(b.v[0].seq, 12);
	sync_batch_free(&b);
}

static void test_what_it_does_not_take_exactly_goes_to_cjson(void **state)
{
	static const char *lines[] = {
		"{\"t\":\"batch\", \"entries\":[]}",                          /* a space */
		"{\"t\":\"batch\",\"entries\":[],\"x\":1}",                   /* another member */
		"{\"t\":\"batch\",\"entries\":[{\"seq\":1.5}]}",               /* not an integer */
		"{\"t\":\"batch\",\"entries\":[{\"seq\":1e3}]}",
		"{\"t\":\"batch\",\"entries\":[{\"seq\":-1}]}",
		"{\"t\":\"batch\",\"entries\":[{\"seq\":01}]}",
		"{\"t\":\"batch\",\"entries\":[{\"seq\":1234567890123456}]}", /* past a double's exact digits */
		"{\"t\":\"batch\",\"entries\":[{\"seq\":\"7\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"data\":null}]}",
		"{\"t\":\"batch\",\"entries\":[{\"kind\":1}]}",
		"{\"t\":\"batch\",\"entries\":[{\"kind\":\"a\",\"kind\":\"b\"}]}", /* repeated */
		"{\"t\":\"batch\",\"entries\":[{\"extra\":\"a\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"body\":\"\\ud83d\"}]}",        /* lone surrogate */
		"{\"t\":\"batch\",\"entries\":[{\"body\":\"\\ude00\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"body\":\"a\\u0000b\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"body\":\"\\x\"}]}",
		"{\"t\":\"batch\",\"entries\":[{\"body\":\"\\u12G4\"}]}",
		"{\"t\":\"batch\",\"entries\":[]}x",                           /* after the end */
		"{\"t\":\"batch\",\"entries\":[{},]}",
		"{\"t\":\"batch\",\"entries\":[{\"k\\\"\":\"a\"}]}",
		"{\"t\":\"media\",\"sha256\":\"ab\",\"size\":1}",
		"{\"entries\":[],\"t\":\"batch\"}",
	};
	sync_batch b = SYNC_BATCH_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		if (sync_batch_read(&b, lines[i], strlen(lines[i])) != 0)
			fail_msg("taken: %s", lines[i]);
	}
	sync_batch_free(&b);
}

/* Every cut of a written line is left to cJSON, and never read past (ASan
 * watches: each cut is a copy of its own size). */
static void test_every_cut_is_left_to_cjson(void **state)
{
	char *s = written_batch(4);
	size_t n = strlen(s);
	sync_batch b = SYNC_BATCH_INIT;

	(void)state;
	for (size_t len = 0; len < n; len++) {
		char *cut = malloc(len ? len : 1);
		assert_non_null(cut);
		memcpy(cut, s, len);
		assert_int_equal(sync_batch_read(&b, cut, len), 0);
		free(cut);
	}
	free(s);
	sync_batch_free(&b);
}

/* A byte changed anywhere: either cJSON reads the line to the same entries
 * or the reader leaves it to cJSON. */
static void test_changed_bytes_never_read_otherwise(void **state)
{
	static const char alphabet[] = "\"\\{}[],:u0123456789abcdefxDd .e-tn\x01\x80";
	char *s = written_batch(3);
	size_t n = strlen(s);
	sync_batch b = SYNC_BATCH_INIT;
	unsigned seed = 12345;
	int taken = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char *t = malloc(n);
		assert_non_null(t);
		memcpy(t, s, n);
		for (int k = 0; k < 1 + round % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			t[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
		}
		if (sync_batch_read(&b, t, n) == 1) {
			same_as_cjson(&b, t, n);
			taken++;
		}
		free(t);
	}
	assert_true(taken > 0);
	free(s);
	sync_batch_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_batches_read_as_cjson_reads_them),
		cmocka_unit_test(test_escapes_decode_as_cjson_decodes_them),
		cmocka_unit_test(test_what_it_does_not_take_exactly_goes_to_cjson),
		cmocka_unit_test(test_every_cut_is_left_to_cjson),
		cmocka_unit_test(test_changed_bytes_never_read_otherwise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
