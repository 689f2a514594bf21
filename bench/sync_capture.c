/*
 * bench/sync_capture.c — a sync without ssh, and the device's side of it
 * recorded, so that `jilu hq ingest` can be measured apart from the channel.
 *
 *   build/bench/sync_capture STORE HQDB JILU [STREAM]
 *
 * Runs the device's side of a sync (sync_run, the code `jilu sync` runs)
 * from the store STORE into `JILU hq ingest --db HQDB --device D` started
 * here over two pipes (D is the store's device). When STREAM is given, every
 * byte the device writes is copied there: fed to `jilu hq ingest` on stdin
 * against an empty HQ database of the same device, it replays the sync
 * exactly (HQ's answers are then not read; a fresh HQ asks for each medium
 * from byte 0, as it did here), which is what bench/sync.sh times. Prints
 * the wall time and entries sent to stdout. Exits 0 when the sync ended
 * with HQ's goodbye.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/jl.h"
#include "core/sync_send.h"

typedef struct {
	int fds[2]; /* read from HQ's stdout, write to HQ's stdin */
	int tee;    /* the recording, or -1 */
} capture;

static long capture_read(void *ctx, void *p, size_t n, int timeout_ms)
{
	return sync_fd_read(((capture *)ctx)->fds, p, n, timeout_ms);
}

static int capture_write(void *ctx, const void *p, size_t n, int timeout_ms)
{
	capture *c = ctx;
	const char *s = p;
	size_t left = n;
	ssize_t w;

	while (c->tee >= 0 && left > 0) {
		w = write(c->tee, s, left);
		if (w <= 0)
			return -1;
		s += w;
		left -= (size_t)w;
	}
	return sync_fd_write(c->fds, p, n, timeout_ms);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	msglist err = MSGLIST_INIT;
	sync_result res;
	sync_io io;
	capture c = {{-1, -1}, -1};
	int to_hq[2], from_hq[2], status = 0;
	jl *j = NULL;
	pid_t pid;
	double t0;
	jl_status rc;

	if (argc < 4) {
		fprintf(stderr, "usage: %s STORE HQDB JILU [STREAM]\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (jl_open(argv[1], DB_OPEN_WRITE, NULL, &j, &err, NULL) != JL_OK || !j->device) {
		fprintf(stderr, "sync_capture: cannot open %s: %s\n", argv[1],
			err.n ? err.items[0].en : "no device id");
		return 1;
	}
	if (argc > 4 && (c.tee = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
		perror(argv[4]);
		return 1;
	}
	if (pipe(to_hq) != 0 || pipe(from_hq) != 0) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(to_hq[0], 0);
		dup2(from_hq[1], 1);
		close(to_hq[0]);
		close(to_hq[1]);
		close(from_hq[0]);
		close(from_hq[1]);
		execl(argv[3], argv[3], "hq", "ingest", "--db", argv[2], "--device", j->device,
		      (char *)NULL);
		_exit(127);
	}
	close(to_hq[0]);
	close(from_hq[1]);
	c.fds[0] = from_hq[0];
	c.fds[1] = to_hq[1];
	sync_io_init(&io, capture_read, capture_write, &c, 60000);
	t0 = now_s();
	rc = sync_run(j, &io, NULL, NULL, &res, &err);
	close(to_hq[1]);
	waitpid(pid, &status, 0);
	printf("sync_capture: %lld entries, %llu media bytes in %.3f s (status %d, hq exit %d)\n",
	       res.sent, res.media_bytes, now_s() - t0, (int)rc,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (rc != JL_OK)
		for (size_t i = 0; i < err.n; i++)
			fprintf(stderr, "sync_capture: %s\n", err.items[i].en);
	sync_result_free(&res);
	sync_io_free(&io);
	msglist_free(&err);
	jl_close(j);
	if (c.tee >= 0)
		close(c.tee);
	return rc == JL_OK ? 0 : 1;
}
