/*
 * bench/bench_keys.c — key-press latency of the screens' text editor: the
 * time from a key written to the terminal until the screens echo it.
 *
 * Usage: build/bench/bench_keys N JILU [ARGS...]
 *
 * Runs JILU ARGS (with --lang en: the walk reads English) on a
 * pseudo-terminal of 80×24 (TERM=screen, LANG C.UTF-8, the store from
 * JILU_DB), walks to the editor of the situation field of the
 * first record of the first action (Enter, Enter, seven times j, Enter), then
 * types N keys, one at a time, each only after the last was echoed: the time
 * from the write of a key to the first output that holds it. Then Tab (the
 * field is left and saved) and ^C.
 *
 * Prints to stdout:
 *   keys N median_us M p99_us P max_us X
 *   typing_from S.US typing_to S.US   (CLOCK_REALTIME: for a trace's -tt times)
 *   left_at S.US                      (when Tab was sent)
 * Exits 0, or 1 when a step of the walk is not seen within 20 s.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int bench_fd = -1;
static char bench_seen[1 << 16]; /* the output's tail, searched by wait_for */
static size_t bench_nseen;

static double mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void real_now(char *out, size_t n)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(out, n, "%lld.%06ld", (long long)ts.tv_sec, ts.tv_nsec / 1000);
}

/* Reads what is there within WAIT_MS into the tail; returns the bytes read
 * (0 on timeout), with a pointer to them in *GOT. */
static ssize_t pump(int wait_ms, const char **got)
{
	struct pollfd p = {bench_fd, POLLIN, 0};
	static char chunk[8192];
	ssize_t r;

	*got = chunk;
	if (poll(&p, 1, wait_ms) <= 0)
		return 0;
	r = read(bench_fd, chunk, sizeof chunk);
	if (r <= 0)
		return 0;
	if (bench_nseen + (size_t)r > sizeof bench_seen) {
		size_t keep = sizeof bench_seen / 2;
		memmove(bench_seen, bench_seen + bench_nseen - keep, keep);
		bench_nseen = keep;
	}
	memcpy(bench_seen + bench_nseen, chunk, (size_t)r);
	bench_nseen += (size_t)r;
	return r;
}

/* Waits until NEEDLE has been output (since the last wait); 0, or -1. */
static int wait_for(const char *needle)
{
	double end = mono_us() + 20e6;
	const char *got;

	while (mono_us() < end) {
		if (memmem(bench_seen, bench_nseen, needle, strlen(needle))) {
			bench_nseen = 0;
			return 0;
		}
		pump(100, &got);
	}
	fprintf(stderr, "bench_keys: never saw \"%s\"\n", needle);
	return -1;
}

static void send_str(const char *s)
{
	ssize_t w = write(bench_fd, s, strlen(s));
	(void)w;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct winsize ws = {24, 80, 0, 0};
	int n, i, rc = 1;
	pid_t pid;
	double *lat;
	char from[32], to[32], left[32];
	const char *got;

	if (argc < 3 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: bench_keys N JILU [ARGS...]\n");
		return 2;
	}
	lat = calloc((size_t)n, sizeof *lat);
	if (!lat)
		return 1;
	pid = forkpty(&bench_fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("bench_keys: forkpty");
		return 1;
	}
	if (pid == 0) {
		setenv("TERM", "screen", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	/* Home, the action, its record, the situation field's editor. */
	if (wait_for("bench") != 0)
		goto done;
	send_str("\r");
	if (wait_for("Records") != 0)
		goto done;
	usleep(200000);
	send_str("\r");
	if (wait_for("Situation") != 0)
		goto done;
	usleep(200000);
	send_str("jjjjjjj");
	usleep(300000);
	send_str("\r");
	if (wait_for("done, saved") != 0) /* the editor's key bar */
		goto done;
	usleep(300000);
	while (pump(50, &got) > 0)
		;
	real_now(from, sizeof from);
	for (i = 0; i < n; i++) {
		char key[2] = {(char)('a' + i % 26), 0};
		double t0 = mono_us(), t1 = 0;
		ssize_t r;

		send_str(key);
		while (mono_us() - t0 < 5e6) {
			r = pump(1000, &got);
			if (r > 0 && memchr(got, key[0], (size_t)r)) {
				t1 = mono_us();
				break;
			}
		}
		if (!t1) {
			fprintf(stderr, "bench_keys: key %d never echoed\n", i);
			goto done;
		}
		lat[i] = t1 - t0;
		/* The rest of this repaint before the next key. */
		while (pump(2, &got) > 0)
			;
	}
	real_now(to, sizeof to);
	usleep(100000);
	real_now(left, sizeof left);
	send_str("\t");
	usleep(500000);
	while (pump(50, &got) > 0)
		;
	qsort(lat, (size_t)n, sizeof *lat, cmp_double);
	printf("keys %d median_us %.0f p99_us %.0f max_us %.0f\n", n, lat[n / 2],
	       lat[(int)((double)(n - 1) * 0.99)], lat[n - 1]);
	printf("typing_from %s typing_to %s\n", from, to);
	printf("left_at %s\n", left);
	rc = 0;
done:
	send_str("\003");
	usleep(200000);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	free(lat);
	return rc;
}
