/* tests/unit/test_ledger_threads.c — core/ledger.c's hashes are right on
 * every thread at once: the screens verify and sync on a worker thread while
 * the officer finalises, and HQ judges a batch's entries on one thread while
 * it stores the batch before. The digest context is kept per thread; one
 * shared by all would mix bytes of two hashes into wrong ones. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/ledger.h"

#define THREADS 4
#define ROUNDS 20000
#define INPUTS 16

static char bodies[INPUTS][512];
static char want[INPUTS][LEDGER_HASH_LEN + 1];
static char want_data[INPUTS][LEDGER_HASH_LEN + 1];
static const char prev[] = "0000000000000000000000000000000000000000000000000000000000000000";

typedef struct {
	int id;
	int wrong;
} worker;

static void *hash_many(void *arg)
{
	worker *w = arg;
	char got[LEDGER_HASH_LEN + 1];
	int i, k;

	for (i = 0; i < ROUNDS; i++) {
		k = (i + w->id * 5) % INPUTS;
		if (i % 2) {
			if (ledger_hash(prev, bodies[k], got) != 0 || strcmp(got, want[k]) != 0)
				w->wrong++;
		} else if (ledger_sha256_hex(bodies[k], strlen(bodies[k]), got) != 0 ||
			   strcmp(got, want_data[k]) != 0) {
			w->wrong++;
		}
	}
	return NULL;
}

static void test_hashes_on_many_threads_at_once_are_each_right(void **state)
{
	pthread_t t[THREADS];
	worker w[THREADS];
	int i;

	(void)state;
	/* What each hash is, computed on this thread alone first. */
	for (i = 0; i < INPUTS; i++) {
		snprintf(bodies[i], sizeof bodies[i],
			 "{\"at\":\"2026-11-30T08:00:00+08:00\",\"device\":\"T01\",\"kind\":\"finalize\","
			 "\"n\":%d,\"pad\":\"%.*s\"}", i, i * 9,
			 "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
			 "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz");
		assert_int_equal(ledger_hash(prev, bodies[i], want[i]), 0);
		assert_int_equal(ledger_sha256_hex(bodies[i], strlen(bodies[i]), want_data[i]), 0);
	}
	assert_string_not_equal(want[0], want[1]);
	for (i = 0; i < THREADS; i++) {
		w[i].id = i;
		w[i].wrong = 0;
		assert_int_equal(pthread_create(&t[i], NULL, hash_many, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].wrong, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashes_on_many_threads_at_once_are_each_right),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
