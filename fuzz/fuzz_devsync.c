/* fuzz/fuzz_devsync.c — the device's side of a sync (sync_run,
 * core/sync_send.c) fed what headquarters (or whoever answers in its place)
 * sends back: the greeting, go, from, media_ok, ack, bye and error lines.
 *
 * Input: HQ's bytes, as the device reads them from the channel. What the
 * device writes is counted and dropped.
 *
 * The device's store is made once per process in a scratch directory
 * (on /dev/shm when it can be written, else under $TMPDIR)
 * (device D1, its init entry); before each input the notes a sync leaves
 * (meta sync_seq, sync_at) are removed, so each input starts from the same
 * store.
 *
 * Properties:
 *   - never a crash, a leak, UB or a hang;
 *   - a sync never changes the device's chain: what HQ pushes (protocol 2)
 *     may extend it, what was there stays;
 *   - the sync is noted (meta sync_seq) only with every entry the device had
 *     written acknowledged, and JL_OK only then; any other end has its
 *     reason in the message list. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/db.h"
#include "core/jl.h"
#include "core/sync_io.h"
#include "core/sync_send.h"
#include "fuzz/fuzz.h"

static jl *fuzz_j;
static char fuzz_dir[1024];

typedef struct {
	const uint8_t *p;
	size_t left;
} fuzz_stream;

static long fuzz_read(void *ctx, void *p, size_t n, int timeout_ms)
{
	fuzz_stream *s = ctx;

	(void)timeout_ms;
	if (n > s->left)
		n = s->left;
	memcpy(p, s->p, n);
	s->p += n;
	s->left -= n;
	return (long)n;
}

static int fuzz_write(void *ctx, const void *p, size_t n, int timeout_ms)
{
	(void)ctx;
	(void)p;
	(void)n;
	(void)timeout_ms;
	return 0;
}

static int fuzz_rm_all(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* At the end of a run the store and its directory go. */
static void fuzz_bye(void)
{
	jl_close(fuzz_j);
	fuzz_j = NULL;
	nftw(fuzz_dir, fuzz_rm_all, 16, FTW_DEPTH | FTW_PHYS);
}

static void fuzz_setup(void)
{
	static char path[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	msglist err = MSGLIST_INIT;
	int created;

	if (fuzz_j)
		return;
	/* In memory where there is a tmpfs: a sync that ends well commits. */
	if (access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/fuzz-devsync.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_ASSERT(mkdtemp(fuzz_dir), "a scratch directory");
	atexit(fuzz_bye);
	snprintf(path, sizeof path, "%s/jilu.db", fuzz_dir);
	FUZZ_ASSERT(jl_open(path, DB_OPEN_CREATE, NULL, &fuzz_j, &err, NULL) == JL_OK, "a device store");
	FUZZ_ASSERT(jl_init_device(fuzz_j, "D1", &created, &err) == JL_OK, "device D1");
	msglist_free(&err);
}

/* The number of entries and the head's hash (into HEAD). */
static long long fuzz_chain(char head[80])
{
	sqlite3_stmt *st;
	long long n = -1;

	head[0] = '\0';
	FUZZ_ASSERT(sqlite3_prepare_v2(db_sqlite(fuzz_j->db),
				       "SELECT count(*), (SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1) "
				       "FROM ledger", -1, &st, NULL) == SQLITE_OK, "the ledger reads");
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
		snprintf(head, 80, "%s", sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
	}
	sqlite3_finalize(st);
	return n;
}

/* The hash of entry SEQ into HASH (80 bytes); returns 1 when there is one. */
static int fuzz_hash_at(long long seq, char hash[80])
{
	sqlite3_stmt *st;
	int found = 0;

	hash[0] = '\0';
	FUZZ_ASSERT(sqlite3_prepare_v2(db_sqlite(fuzz_j->db), "SELECT hash FROM ledger WHERE seq = ?1",
				       -1, &st, NULL) == SQLITE_OK, "the ledger reads");
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(hash, 80, "%s", (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_stream in = {data, size};
	msglist err = MSGLIST_INIT;
	sync_result res;
	sync_io io;
	char before[80], after[80], *noted;
	long long n0, n1;
	jl_status rc;

	fuzz_setup();
	FUZZ_ASSERT(sqlite3_exec(db_sqlite(fuzz_j->db),
				 "DELETE FROM meta WHERE key IN ('sync_seq', 'sync_at')", NULL, NULL,
				 NULL) == SQLITE_OK, "the store is reset");
	n0 = fuzz_chain(before);
	sync_io_init(&io, fuzz_read, fuzz_write, &in, 1000);
	rc = sync_run(fuzz_j, &io, NULL, NULL, &res, &err);
	n1 = fuzz_chain(after);
	/* What HQ pushes (protocol 2: roles, retirements) may extend the
	 * chain; what was there stays as it was. */
	FUZZ_ASSERT(n1 >= n0 && fuzz_hash_at(n0, after) && strcmp(before, after) == 0,
		    "a sync never changes the device's chain, only extends it");
	noted = db_meta_get(fuzz_j->db, "sync_seq");
	if (getenv("FUZZ_VERBOSE")) /* what a kept input does, when writing one */
		fprintf(stderr, "sync_run: %s, HQ holds %lld of %lld%s%s\n", jl_status_text(rc, "en"),
			res.hq_seq, n1, err.n ? ": " : "", err.n ? err.items[err.n - 1].en : "");
	/* Noted only when HQ acknowledged every entry the device had written
	 * (a push refused after that leaves the note: sync_run). */
	if (noted)
		FUZZ_ASSERT(atoll(noted) == n0, "a sync is noted only with every entry acknowledged");
	if (rc == JL_OK) {
		FUZZ_ASSERT(res.hq_seq == n0, "a sync ends well only with every entry acknowledged");
		FUZZ_ASSERT(noted, "a sync that ended well is noted");
	} else {
		FUZZ_ASSERT(err.n > 0 || err.oom, "a sync that ends badly says why");
	}
	free(noted);
	sync_result_free(&res);
	sync_io_free(&io);
	msglist_free(&err);
	return 0;
}
