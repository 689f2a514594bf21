/* tests/unit/test_sync_pace.c — sync_io_pace (core/sync_io.h) over a real
 * socket pair: a peer trickling bytes, each well within the read deadline,
 * is ended (SYNC_IO_SLOW, said in both languages) once it falls behind the
 * pace; the same trickle passes with no pace set, and a peer keeping the
 * pace passes with it. (HQ paces each medium's bytes: a thief of a device's
 * key must not hold a medium's lock for ever.) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/sync_io.h"

typedef struct {
	int a[2];
	int peer;
	pid_t child;
	sync_io io;
} pair;

static int setup(void **state)
{
	pair *p = calloc(1, sizeof *p);
	int sv[2];

	assert_non_null(p);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	p->a[0] = p->a[1] = sv[0];
	p->peer = sv[1];
	p->child = -1;
	/* A read deadline of 300 ms: each byte below comes within it. */
	sync_io_init(&p->io, sync_fd_read, sync_fd_write, p->a, 300);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	pair *p = *state;

	if (p->child > 0) {
		kill(p->child, SIGKILL);
		waitpid(p->child, NULL, 0);
	}
	sync_io_free(&p->io);
	close(p->a[0]);
	close(p->peer);
	free(p);
	return 0;
}

/* A child writes a frame header of HEAD bytes, then N bytes one at a
 * time, GAP_MS apart. */
static void trickle_frame(pair *p, unsigned head, unsigned n, int gap_ms)
{
	unsigned char h[4] = {0, (unsigned char)(head >> 16), (unsigned char)(head >> 8),
			      (unsigned char)head};
	struct timespec gap = {0, (long)gap_ms * 1000000L};

	p->child = fork();
	assert_true(p->child >= 0);
	if (p->child == 0) {
		if (write(p->peer, h, 4) != 4)
			_exit(1);
		for (unsigned i = 0; i < n; i++) {
			nanosleep(&gap, NULL);
			if (write(p->peer, "x", 1) != 1)
				_exit(0);
		}
		_exit(0);
	}
}

/* A frame of N bytes, each GAP_MS apart. */
static void trickle(pair *p, unsigned n, int gap_ms)
{
	trickle_frame(p, n, n, gap_ms);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_trickle_behind_the_pace_ends_slow(void **state)
{
	pair *p = *state;
	char *frame = malloc(SYNC_FRAME_MAX);
	buf zh = BUF_INIT, en = BUF_INIT;
	double t0;

	assert_non_null(frame);
	/* 20 bytes, one every 100 ms (2 s in all), against 1,000 bytes/s. */
	trickle(p, 20, 100);
	sync_io_pace(&p->io, 1000);
	t0 = now_s();
	assert_int_equal(sync_io_read_frame(&p->io, frame), -1);
	assert_int_equal(p->io.fail, SYNC_IO_SLOW);
	/* Ended at the deadline's slack (300 ms) and a little: not at the end
	 * of the trickle. */
	assert_true(now_s() - t0 < 1.0);
	sync_io_why(&p->io, &zh, &en);
	assert_non_null(strstr(buf_str(&en), "too slow: under 1000 bytes/s"));
	assert_non_null(strstr(buf_str(&zh), "传送太慢"));
	buf_free(&zh);
	buf_free(&en);
	free(frame);
}

static void test_trickle_into_a_large_frame_ends_slow(void **state)
{
	pair *p = *state;
	char *frame = malloc(SYNC_FRAME_MAX);
	double t0;

	assert_non_null(frame);
	/* A frame said to be 100,000 bytes (read straight into the buffer, not
	 * through the read-ahead), its bytes trickled. */
	trickle_frame(p, 100000, 20, 100);
	sync_io_pace(&p->io, 1000);
	t0 = now_s();
	assert_int_equal(sync_io_read_frame(&p->io, frame), -1);
	assert_int_equal(p->io.fail, SYNC_IO_SLOW);
	assert_true(now_s() - t0 < 1.0);
	free(frame);
}

static void test_same_trickle_without_a_pace_is_read_whole(void **state)
{
	pair *p = *state;
	char *frame = malloc(SYNC_FRAME_MAX);

	assert_non_null(frame);
	trickle(p, 6, 100);
	sync_io_pace(&p->io, 1000);
	sync_io_pace(&p->io, 0); /* ended again: no pace */
	assert_int_equal(sync_io_read_frame(&p->io, frame), 6);
	assert_memory_equal(frame, "xxxxxx", 6);
	free(frame);
}

static void test_peer_keeping_the_pace_is_read_whole(void **state)
{
	pair *p = *state;
	char *frame = malloc(SYNC_FRAME_MAX);
	unsigned char h[4] = {0, 0, 0x27, 0x10}; /* 10,000 bytes */
	char *data = malloc(10000);

	assert_non_null(frame);
	assert_non_null(data);
	memset(data, 'y', 10000);
	sync_io_pace(&p->io, 1000);
	assert_int_equal(write(p->peer, h, 4), 4);
	assert_int_equal(write(p->peer, data, 10000), 10000);
	assert_int_equal(sync_io_read_frame(&p->io, frame), 10000);
	free(data);
	free(frame);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trickle_behind_the_pace_ends_slow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trickle_into_a_large_frame_ends_slow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_trickle_without_a_pace_is_read_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_keeping_the_pace_is_read_whole, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
