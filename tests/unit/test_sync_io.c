/* tests/unit/test_sync_io.c — core/sync_io.c over a real socket pair: JSON
 * lines and frames round-trip; a line or frame over its limit, a message
 * that is not a JSON object with "t", a stream cut in the middle and a
 * silent peer each end with their own reason, never a crash or a wait. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/jsonx.h"
#include "core/sync_io.h"

typedef struct {
	int a[2]; /* this side: read and write fds (the same socket) */
	int peer;
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
	sync_io_init(&p->io, sync_fd_read, sync_fd_write, p->a, 200);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	pair *p = *state;

	sync_io_free(&p->io);
	close(p->a[0]);
	if (p->peer >= 0)
		close(p->peer);
	free(p);
	return 0;
}

static void peer_write(pair *p, const void *data, size_t n)
{
	assert_int_equal(write(p->peer, data, n), (ssize_t)n);
}

static void test_message_round_trip(void **state)
{
	pair *p = *state;
	cJSON *m = cJSON_CreateObject(), *got = NULL;
	sync_io other;
	int fds[2];

	cJSON_AddStringToObject(m, "t", "hello");
	cJSON_AddStringToObject(m, "name", "张三\n\"x\"");
	fds[0] = fds[1] = p->peer;
	sync_io_init(&other, sync_fd_read, sync_fd_write, fds, 200);
	assert_int_equal(sync_io_write_msg(&other, m), 0);
	assert_int_equal(sync_io_write_msg(&other, m), 0);
	assert_int_equal(sync_io_read_msg(&p->io, &got), 0);
	assert_string_equal(jsonx_str(got, "name"), "张三\n\"x\"");
	cJSON_Delete(got);
	assert_int_equal(sync_io_read_msg(&p->io, &got), 0);
	assert_string_equal(jsonx_str(got, "t"), "hello");
	cJSON_Delete(got);
	cJSON_Delete(m);
	sync_io_free(&other);
}

static void test_frames_round_trip_and_follow_a_line(void **state)
{
	pair *p = *state;
	char *big = malloc(SYNC_FRAME_MAX), *in = malloc(SYNC_FRAME_MAX);
	cJSON *got = NULL;
	sync_io other;
	int fds[2];

	assert_non_null(big);
	assert_non_null(in);
	for (size_t i = 0; i < SYNC_FRAME_MAX; i++)
		big[i] = (char)(i * 7);
	fds[0] = fds[1] = p->peer;
	sync_io_init(&other, sync_fd_read, sync_fd_write, fds, 2000);
	/* A line and a frame in one write: the frame's bytes read ahead with the
	 * line are not lost. */
	peer_write(p, "{\"t\":\"media\"}\n\0\0\0\3abc", 14 + 7);
	assert_int_equal(sync_io_read_msg(&p->io, &got), 0);
	cJSON_Delete(got);
	assert_int_equal(sync_io_read_frame(&p->io, in), 3);
	assert_memory_equal(in, "abc", 3);
	pid_t pid = fork();
	if (pid == 0) {
		/* the writer blocks until the reader takes it: another process */
		sync_io_write_frame(&other, big, SYNC_FRAME_MAX);
		_exit(0);
	}
	assert_int_equal(sync_io_read_frame(&p->io, in), SYNC_FRAME_MAX);
	waitpid(pid, NULL, 0);
	assert_memory_equal(in, big, SYNC_FRAME_MAX);
	assert_int_equal(sync_io_write_frame(&other, big, SYNC_FRAME_MAX + 1), -1);
	assert_int_equal(other.fail, SYNC_IO_TOOLONG);
	assert_int_equal(sync_io_write_frame(&other, big, 0), -1);
	sync_io_free(&other);
	free(big);
	free(in);
}

static void test_oversized_frame_length_refused(void **state)
{
	pair *p = *state;
	char *in = malloc(SYNC_FRAME_MAX);

	peer_write(p, "\0\x10\0\1", 4); /* 1 MiB + 1 */
	assert_int_equal(sync_io_read_frame(&p->io, in), -1);
	assert_int_equal(p->io.fail, SYNC_IO_TOOLONG);
	free(in);
}

static void test_zero_frame_refused(void **state)
{
	pair *p = *state;
	char *in = malloc(SYNC_FRAME_MAX);

	peer_write(p, "\0\0\0\0", 4);
	assert_int_equal(sync_io_read_frame(&p->io, in), -1);
	assert_int_equal(p->io.fail, SYNC_IO_TOOLONG);
	free(in);
}

static void test_garbage_is_not_a_message(void **state)
{
	pair *p = *state;
	cJSON *got = NULL;
	const char *bad[] = {"garbage\n", "[1]\n", "{\"t\":1}\n", "{\"x\":\"y\"}\n", "{\"t\":\"a\"\n", "\n"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		peer_write(p, bad[i], strlen(bad[i]));
		assert_int_equal(sync_io_read_msg(&p->io, &got), -1);
		assert_null(got);
		assert_int_equal(p->io.fail, SYNC_IO_GARBAGE);
	}
}

static void test_line_over_the_limit_stops_at_the_limit(void **state)
{
	pair *p = *state;
	cJSON *got = NULL;

	pid_t pid = fork();
	if (pid == 0) {
		/* More than the limit with no newline, then the stream stays open. */
		char chunk[65536];
		memset(chunk, 'x', sizeof chunk);
		for (size_t sent = 0; sent < SYNC_LINE_MAX + sizeof chunk; sent += sizeof chunk)
			if (write(p->peer, chunk, sizeof chunk) < 0)
				_exit(0);
		sleep(5);
		_exit(0);
	}
	p->io.timeout_ms = 3000;
	assert_int_equal(sync_io_read_msg(&p->io, &got), -1);
	assert_int_equal(p->io.fail, SYNC_IO_TOOLONG);
	assert_true(p->io.in_cap <= SYNC_LINE_MAX + (128u << 10));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_cut_in_the_middle_is_truncated_and_between_is_eof(void **state)
{
	pair *p = *state;
	cJSON *got = NULL;

	peer_write(p, "{\"t\":\"ok\"}\n{\"t\":\"he", 19);
	shutdown(p->peer, SHUT_WR);
	assert_int_equal(sync_io_read_msg(&p->io, &got), 0);
	cJSON_Delete(got);
	assert_int_equal(sync_io_read_msg(&p->io, &got), -1);
	assert_int_equal(p->io.fail, SYNC_IO_TRUNC);
}

static void test_clean_end_is_eof(void **state)
{
	pair *p = *state;
	cJSON *got = NULL;

	shutdown(p->peer, SHUT_WR);
	assert_int_equal(sync_io_read_msg(&p->io, &got), -1);
	assert_int_equal(p->io.fail, SYNC_IO_EOF);
}

static void test_silent_peer_times_out(void **state)
{
	pair *p = *state;
	cJSON *got = NULL;
	char in[4];
	buf zh = BUF_INIT, en = BUF_INIT;

	assert_int_equal(sync_io_read_msg(&p->io, &got), -1);
	assert_int_equal(p->io.fail, SYNC_IO_TIMEOUT);
	sync_io_why(&p->io, &zh, &en);
	assert_non_null(strstr(buf_str(&en), "dead"));
	peer_write(p, "\0\0", 2);
	assert_int_equal(sync_io_read_frame(&p->io, in), -1);
	assert_int_equal(p->io.fail, SYNC_IO_TIMEOUT);
	buf_free(&zh);
	buf_free(&en);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_message_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frames_round_trip_and_follow_a_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_frame_length_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_frame_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_is_not_a_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_over_the_limit_stops_at_the_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_in_the_middle_is_truncated_and_between_is_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clean_end_is_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_silent_peer_times_out, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
