/*
 * bench/bench_ssh.c — a bare libssh connect + host key check + public-key
 * auth + exec, the floor under any sync: what `jilu sync` with nothing to
 * send is compared with (bench/sync.sh, issue 8 item 8).
 *
 * Usage: build/bench/bench_ssh ssh://USER@HOST:PORT KEYFILE KNOWN_HOSTS [N]
 *
 * Runs N (default 20) handshakes through the same code `jilu sync` uses
 * (sync_ssh_open), each exec'ing whatever HQ's authorized_keys forces for
 * KEYFILE (bench/sync.sh forces `true`) and reading to its end; prints the
 * median in milliseconds. Without arguments it says so and exits 0: `make
 * bench` runs every bench binary, and this one is driven by bench/sync.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tui/sync_ssh.h"

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	sync_target t = {0};
	sync_ssh *s;
	msglist err = MSGLIST_INIT;
	double *ms;
	char tmp[256];
	int n, i;

	if (argc < 4) {
		printf("bench_ssh: driven by bench/sync.sh (make bench runs it)\n");
		return 0;
	}
	t.remote = argv[1];
	t.identity = argv[2];
	t.known_hosts = argv[3];
	t.timeout_s = 30;
	n = argc > 4 ? atoi(argv[4]) : 20;
	if (n < 1)
		n = 1;
	ms = calloc((size_t)n, sizeof *ms);
	if (!ms)
		return 1;
	for (i = 0; i < n; i++) {
		double t0 = bench_now();
		if (sync_ssh_open(&t, "true", &s, &err) != JL_OK) {
			fprintf(stderr, "bench_ssh: %s\n", err.n ? err.items[0].en : "failed");
			msglist_free(&err);
			free(ms);
			return 1;
		}
		while (sync_ssh_io(s)->read(sync_ssh_io(s)->ctx, tmp, sizeof tmp, 5000) > 0)
			;
		sync_ssh_close(s);
		ms[i] = (bench_now() - t0) * 1e3;
	}
	qsort(ms, (size_t)n, sizeof *ms, bench_cmp);
	printf("%.2f\n", ms[n / 2]);
	free(ms);
	return 0;
}
