/* fuzz/fuzz_hqsession.c — HQ's side of a sync session (hq_ingest, core/hq.c)
 * fed the bytes a device (or whoever holds a device's key) sends.
 *
 * Input: what the device writes to HQ's stdin — JSON lines (hello, batch,
 * media, done) and raw media frames. An input beginning with '!' has that
 * byte dropped and every batch line's entries whose "hash" is "*" chained
 * by the harness (prev_hash the head before them, hash computed), so that
 * the fuzzer reaches past the hash checks into the rebuilding of rows.
 *
 * The HQ store is made once per process in a scratch directory (on
 * /dev/shm when it can be written, else under $TMPDIR) and copied
 * back before each input (its two files: HQ's registry and device D1's
 * store), so each input starts from the same HQ. Device D1 is the one the
 * key names.
 *
 * Properties:
 *   - never a crash, a leak, UB or a hang (the sanitizers, libFuzzer);
 *   - HQ answers in JSON lines, each an object with a string "t";
 *   - nothing stored half: the device's chain at HQ ends exactly where HQ's
 *     last "ack" (or "bye") said, or where it started when HQ acknowledged
 *     nothing — a refused batch leaves no entry of it;
 *   - the chain HQ holds is whole: seq 1…N, each entry's prev_hash the hash
 *     before it and its hash the hash of prev_hash and body;
 *   - JL_OK only after a "done", with a "bye" sent; any other end has its
 *     reason in the message list. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>
#include <sqlite3.h>

#include "core/db.h"
#include "core/hq.h"
#include "core/hq_store.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/sync_io.h"
#include "fuzz/fuzz.h"

#define FUZZ_DEVICE "D1"

static char fuzz_dir[1024], fuzz_hq[PATH_MAX], fuzz_dev[PATH_MAX];
static char *fuzz_pristine_hq, *fuzz_pristine_dev;
static size_t fuzz_pristine_hq_len, fuzz_pristine_dev_len;

/* Reads PATH whole (caller frees). NULL when it cannot. */
static char *fuzz_slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	char *p = NULL;

	if (fd < 0 || fstat(fd, &st) != 0)
		goto done;
	p = malloc((size_t)st.st_size + 1);
	if (p && read(fd, p, (size_t)st.st_size) != st.st_size) {
		free(p);
		p = NULL;
	}
	*len = (size_t)st.st_size;
done:
	if (fd >= 0)
		close(fd);
	return p;
}

static void fuzz_put(const char *path, const char *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	FUZZ_ASSERT(fd >= 0, "the scratch store can be written");
	FUZZ_ASSERT(write(fd, p, len) == (ssize_t)len, "the scratch store is written whole");
	close(fd);
}

static int fuzz_rm(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	if (ftw->level == 0)
		return 0; /* the scratch directory itself stays */
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Removes what a session may leave beside the stores (media, journals). */
static void fuzz_clean(void)
{
	FUZZ_ASSERT(nftw(fuzz_dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS) == 0,
		    "the scratch directory can be cleaned");
}

static int fuzz_rm_all(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* At the end of a run the scratch directory goes (a crash leaves it, with
 * the store as the input left it). */
static void fuzz_bye(void)
{
	nftw(fuzz_dir, fuzz_rm_all, 16, FTW_DEPTH | FTW_PHYS);
}

/* Makes the pristine HQ once: an HQ store that knows device D1, empty. */
static void fuzz_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	msglist err = MSGLIST_INIT;
	int in, out;

	if (fuzz_pristine_hq)
		return;
	/* In memory where there is a tmpfs: every input commits and fsyncs. */
	if (access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/fuzz-hqsession.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_ASSERT(mkdtemp(fuzz_dir), "a scratch directory");
	atexit(fuzz_bye);
	snprintf(fuzz_hq, sizeof fuzz_hq, "%s/hq.db", fuzz_dir);
	snprintf(fuzz_dev, sizeof fuzz_dev, "%s/device-" FUZZ_DEVICE ".db", fuzz_dir);
	/* An empty session makes both stores as a first sync does. */
	in = memfd_create("in", 0);
	out = memfd_create("out", 0);
	FUZZ_ASSERT(in >= 0 && out >= 0, "memory files");
	hq_ingest(fuzz_hq, FUZZ_DEVICE, in, out, 5, &err);
	msglist_free(&err);
	close(in);
	close(out);
	fuzz_pristine_hq = fuzz_slurp(fuzz_hq, &fuzz_pristine_hq_len);
	fuzz_pristine_dev = fuzz_slurp(fuzz_dev, &fuzz_pristine_dev_len);
	FUZZ_ASSERT(fuzz_pristine_hq && fuzz_pristine_dev, "the pristine HQ was made");
}

/* Chains the "*" hashes of one batch line (see the header); returns the
 * line to send (caller frees), or NULL to send LINE as it is. HEAD is the
 * hash the chain ends with so far, advanced over the batch. */
static char *fuzz_fix_batch(const char *line, size_t len, char head[LEDGER_HASH_LEN + 1])
{
	cJSON *m = cJSON_ParseWithLength(line, len), *e;
	const char *t = m ? jsonx_str(m, "t") : NULL, *body, *h;
	char *out = NULL;

	if (!t || strcmp(t, "batch") != 0)
		goto done;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m, "entries")) {
		body = jsonx_str(e, "body");
		h = jsonx_str(e, "hash");
		if (!body || !h) {
			continue;
		}
		if (strcmp(h, "*") == 0) {
			char want[LEDGER_HASH_LEN + 1];
			if (ledger_hash(head, body, want) != 0)
				continue;
			cJSON_DeleteItemFromObjectCaseSensitive(e, "prev_hash");
			cJSON_DeleteItemFromObjectCaseSensitive(e, "hash");
			cJSON_AddStringToObject(e, "prev_hash", head);
			cJSON_AddStringToObject(e, "hash", want);
			memcpy(head, want, sizeof want);
		} else if (hq_store_is_hash(h)) {
			memcpy(head, h, LEDGER_HASH_LEN + 1);
		}
	}
	out = cJSON_PrintUnformatted(m);
done:
	cJSON_Delete(m);
	return out;
}

/* Writes DATA to FD, fixing batch lines when FIX (see the header). */
static void fuzz_feed(int fd, const uint8_t *data, size_t size, int fix)
{
	char head[LEDGER_HASH_LEN + 1];
	const char *p = (const char *)data, *end = p + size, *nl;
	char *fixed;

	memcpy(head, ledger_genesis, sizeof head);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		fixed = fix ? fuzz_fix_batch(p, (size_t)(nl - p), head) : NULL;
		if (fixed) {
			FUZZ_ASSERT(write(fd, fixed, strlen(fixed)) == (ssize_t)strlen(fixed), "fed");
			FUZZ_ASSERT(write(fd, "\n", 1) == 1, "fed");
			free(fixed);
		} else {
			FUZZ_ASSERT(write(fd, p, (size_t)(nl - p)) == nl - p, "fed");
		}
		p = nl;
	}
	FUZZ_ASSERT(lseek(fd, 0, SEEK_SET) == 0, "rewound");
}

/* Reads what HQ answered (fd OUT) and returns the last seq it acknowledged
 * ("ack" or "bye"), or -1; *BYE is set when HQ said goodbye. */
static long long fuzz_answers(int out, int *bye)
{
	off_t n = lseek(out, 0, SEEK_END);
	char *text, *p, *nl;
	long long last = -1, v;

	*bye = 0;
	FUZZ_ASSERT(n >= 0, "HQ's answers can be read back");
	text = malloc((size_t)n + 1);
	FUZZ_ASSERT(text, "memory");
	FUZZ_ASSERT(pread(out, text, (size_t)n, 0) == n, "HQ's answers read back");
	text[n] = '\0';
	for (p = text; *p; p = nl + 1) {
		cJSON *m;
		const char *t;

		nl = strchr(p, '\n');
		FUZZ_ASSERT(nl, "HQ ends every answer with a newline");
		m = cJSON_ParseWithLength(p, (size_t)(nl - p));
		t = m ? jsonx_str(m, "t") : NULL;
		FUZZ_ASSERT(t, "HQ's answers are JSON objects with a string t");
		if ((strcmp(t, "ack") == 0 || strcmp(t, "bye") == 0)) {
			FUZZ_ASSERT(jsonx_int(cJSON_GetObjectItemCaseSensitive(m, "seq"), 0, LLONG_MAX, &v),
				    "an acknowledgement names a seq");
			last = v;
			if (strcmp(t, "bye") == 0)
				*bye = 1;
		}
		cJSON_Delete(m);
	}
	free(text);
	return last;
}

/* Checks the chain of the device's store at HQ; returns its head seq. */
static long long fuzz_chain(void)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	char prev[LEDGER_HASH_LEN + 1], want[LEDGER_HASH_LEN + 1];
	long long n = 0;

	memcpy(prev, ledger_genesis, sizeof prev);
	FUZZ_ASSERT(sqlite3_open_v2(fuzz_dev, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK,
		    "the device's store at HQ opens");
	FUZZ_ASSERT(sqlite3_prepare_v2(s, "SELECT seq, prev_hash, hash, body FROM ledger ORDER BY seq",
				       -1, &st, NULL) == SQLITE_OK, "its ledger reads");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *ph = (const char *)sqlite3_column_text(st, 1);
		const char *h = (const char *)sqlite3_column_text(st, 2);
		const char *body = (const char *)sqlite3_column_text(st, 3);
		n++;
		FUZZ_ASSERT(sqlite3_column_int64(st, 0) == n, "HQ's chain has no gap");
		FUZZ_ASSERT(ph && h && body && strcmp(ph, prev) == 0, "each entry continues the one before");
		FUZZ_ASSERT(ledger_hash(ph, body, want) == 0 && strcmp(want, h) == 0,
			    "each entry HQ holds hashes to its hash");
		memcpy(prev, h, sizeof prev);
	}
	sqlite3_finalize(st);
	sqlite3_close(s);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	msglist err = MSGLIST_INIT;
	int fix = size > 0 && data[0] == '!', in, out, bye;
	long long acked, head;
	jl_status rc;

	fuzz_setup();
	fuzz_clean();
	fuzz_put(fuzz_hq, fuzz_pristine_hq, fuzz_pristine_hq_len);
	fuzz_put(fuzz_dev, fuzz_pristine_dev, fuzz_pristine_dev_len);
	in = memfd_create("in", 0);
	out = memfd_create("out", 0);
	FUZZ_ASSERT(in >= 0 && out >= 0, "memory files");
	fuzz_feed(in, data + fix, size - (size_t)fix, fix);
	rc = hq_ingest(fuzz_hq, FUZZ_DEVICE, in, out, 5, &err);
	acked = fuzz_answers(out, &bye);
	head = fuzz_chain();
	if (getenv("FUZZ_VERBOSE")) /* what a kept input does, when writing one */
		fprintf(stderr, "hq_ingest: %s, acknowledged %lld, holds %lld%s%s\n", jl_status_text(rc, "en"),
			acked, head, err.n ? ": " : "", err.n ? err.items[err.n - 1].en : "");
	FUZZ_ASSERT(head == (acked < 0 ? 0 : acked),
		    "HQ holds exactly what it acknowledged: nothing half, nothing lost");
	if (rc == JL_OK)
		FUZZ_ASSERT(bye, "a session ends well only with a goodbye");
	else
		FUZZ_ASSERT(err.n > 0 || err.oom, "a session that ends badly says why");
	msglist_free(&err);
	close(in);
	close(out);
	return 0;
}
