/*
 * bench/bench_store.c — the store against the goals of DESIGN.md:
 *
 *   finalising a record within 1.5 times a bare SQLite insert-and-commit on
 *   the same disk; verifying 100,000 ledger entries in at most 0.4 s; at
 *   most 3.5 KB of store per record (issue 6, item 9: the ledger holds a
 *   record's data by its SHA-256, not a second copy); cold start with
 *   100,000 records. Each figure is printed beside its goal.
 *
 * Usage (from the top of the tree, it reads forms/):
 *
 *   build/bench/bench_store [N [PER_ACTION]]
 *
 * N records (default 100000) are finalised through the real engine
 * (record_create with finalize=1), all in one action unless PER_ACTION
 * says how many go in each. Everything lives in a temporary directory
 * (mkdtemp under $TMPDIR or /tmp), removed at the end unless BENCH_KEEP=1
 * (its path then goes to stderr, for profiling). Figures go to
 * stdout, progress to stderr. Exits 0 unless something fails: speed is
 * measured here, never asserted.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <cJSON.h>
#include <sqlite3.h>

#include "core/action.h"
#include "core/jl.h"
#include "core/ledger.h"
#include "core/officer.h"
#include "core/record.h"
#include "core/verify.h"

#define TENTHS 10

static char bench_dir[1024];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of CPU this process has used: in user space and in the kernel. */
typedef struct {
	double user, sys;
} cpu_use;

static cpu_use cpu_now(void)
{
	struct rusage ru;
	cpu_use c;

	getrusage(RUSAGE_SELF, &ru);
	c.user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
	c.sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	return c;
}

static cpu_use cpu_since(cpu_use a)
{
	cpu_use b = cpu_now();

	b.user -= a.user;
	b.sys -= a.sys;
	return b;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "bench_store: cannot remove %s: %s\n", path, strerror(errno));
	return 0;
}

static void cleanup(void)
{
	const char *keep = getenv("BENCH_KEEP");

	if (bench_dir[0] && keep && *keep && strcmp(keep, "0") != 0) {
		/* For profiling: the store stays for a driver to open. */
		fprintf(stderr, "bench_store: kept %s\n", bench_dir);
		bench_dir[0] = '\0';
		return;
	}
	if (bench_dir[0])
		nftw(bench_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	bench_dir[0] = '\0';
}

static void die_msgs(const char *what, jl_status rc, msglist *m)
{
	size_t i;

	fprintf(stderr, "bench_store: %s: %s\n", what, jl_status_text(rc, "en"));
	for (i = 0; m && i < m->n; i++) {
		buf line = BUF_INIT;
		msg_format(&m->items[i], "en", &line);
		fprintf(stderr, "  %s\n", buf_str(&line));
		buf_free(&line);
	}
	cleanup();
	exit(1);
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, why);
	cleanup();
	exit(1);
}

/* Bytes of PATH, 0 when it is not there. */
static long long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

static long long wal_bytes(const char *path)
{
	char wal[1200];

	snprintf(wal, sizeof wal, "%s-wal", path);
	return file_size(wal);
}

/*
 * A complete inspection.onsite record, every field filled (officers, party
 * and signatures as in tests/cli/lib.sh): 1.4 KB of JSON.
 */
static const char record_json[] =
	"{"
	"\"started_at\":\"2024-05-06T09:00:00+08:00\","
	"\"ended_at\":\"2024-05-06T10:30:00+08:00\","
	"\"place\":\"昌黎县民生街1号某超市营业场所及后部仓库\","
	"\"officers\":[{\"name\":\"张三\",\"cert\":\"13001\",\"shown\":true},"
	"{\"name\":\"李四\",\"cert\":\"13002\",\"shown\":true}],"
	"\"party\":{\"name\":\"昌黎县某超市有限公司\",\"id_type\":\"uscc\","
	"\"id_number\":\"91350100M000100Y43\",\"address\":\"昌黎县民生街1号\","
	"\"representative\":\"王五\",\"phone\":\"0335-1234567\"},"
	"\"presence\":\"法定代表人王五在场\","
	"\"recusal_requested\":false,"
	"\"situation\":\"检查人员到达现场时该超市正常营业。货架上陈列的预包装食品共计约三百个品种，"
	"其中冷藏柜内有酸奶十二盒标签上的保质期已过，后部仓库内存放的食用油二十桶未见进货查验记录。"
	"营业执照、食品经营许可证悬挂于收银台上方，在有效期内。\","
	"\"statement\":\"王五称过期酸奶系当日早晨未及时下架，进货查验记录由会计保管，可于三日内补交。\","
	"\"result\":\"issues_found\","
	"\"result_detail\":\"发现过期食品十二盒及进货查验记录缺失，已责令当场下架，另行处理。\","
	"\"av\":{\"mode\":\"video\"},"
	"\"signatures\":[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"signed\"},"
	"{\"role\":\"officer\",\"name\":\"张三\",\"status\":\"signed\"},"
	"{\"role\":\"officer\",\"name\":\"李四\",\"status\":\"signed\"}],"
	"\"remarks\":\"现场检查全程执法记录仪录像。\""
	"}";

/* Transactions after which the WAL growth per commit is sampled (before the
 * first automatic checkpoint, at 1000 pages, starts reusing the file). */
#define WAL_SAMPLE 100

/* The baseline: bare INSERT + COMMIT transactions of one row on a separate
 * file with the store's pragmas, every statement prepared once. */
typedef struct {
	sqlite3 *h;
	sqlite3_stmt *st, *begin, *commit; /* prepared once, as jilu's (core/db.c) */
	const char *path;
	long done;
	long long wal0;
	double wal_per_commit; /* bytes each of the first WAL_SAMPLE commits appended */
	double t;              /* seconds taken so far */
	cpu_use cpu;           /* CPU used so far */
} raw_bench;

static void bench_raw_open(raw_bench *r, const char *path)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	if (sqlite3_open_v2(path, &r->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die("raw: open", r->h ? sqlite3_errmsg(r->h) : "?");
	if (sqlite3_exec(r->h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
			       "PRAGMA foreign_keys=ON; "
			       "CREATE TABLE t(id INTEGER PRIMARY KEY, data TEXT NOT NULL)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->h, "INSERT INTO t(data) VALUES (?1)", -1, &r->st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->h, "BEGIN IMMEDIATE", -1, &r->begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->h, "COMMIT", -1, &r->commit, NULL) != SQLITE_OK)
		die("raw: set up", sqlite3_errmsg(r->h));
	r->wal0 = wal_bytes(path);
}

/* N more transactions of ROW; TOTAL is how many the run makes in all. Not
 * inlined: bench/callgrind can count inside it (its FUNCTION argument). */
__attribute__((noinline)) static void bench_raw_chunk(raw_bench *r, const char *row, long n, long total)
{
	cpu_use c = cpu_now();
	double t0 = now_s();
	long i;

	for (i = 0; i < n; i++) {
		if (sqlite3_step(r->begin) != SQLITE_DONE)
			die("raw: begin", sqlite3_errmsg(r->h));
		sqlite3_reset(r->begin);
		sqlite3_bind_text(r->st, 1, row, -1, SQLITE_STATIC);
		if (sqlite3_step(r->st) != SQLITE_DONE)
			die("raw: insert", sqlite3_errmsg(r->h));
		sqlite3_reset(r->st);
		if (sqlite3_step(r->commit) != SQLITE_DONE)
			die("raw: commit", sqlite3_errmsg(r->h));
		sqlite3_reset(r->commit);
		r->done++;
		if (r->done == (total < WAL_SAMPLE ? total : WAL_SAMPLE))
			r->wal_per_commit = (double)(wal_bytes(r->path) - r->wal0) / (double)r->done;
	}
	r->t += now_s() - t0;
	c = cpu_since(c);
	r->cpu.user += c.user;
	r->cpu.sys += c.sys;
}

static void bench_raw_close(raw_bench *r)
{
	sqlite3_finalize(r->st);
	sqlite3_finalize(r->begin);
	sqlite3_finalize(r->commit);
	sqlite3_close(r->h);
}

static void make_store(const char *path, jl **out)
{
	msglist err = MSGLIST_INIT;
	jl_status rc;
	jl *j;

	rc = jl_open(path, 1, "forms", &j, &err, NULL);
	if (rc != JL_OK)
		die_msgs("open the store (run from the top of the tree)", rc, &err);
	free(j->device);
	j->device = NULL;
	/* As `jilu init`: the device id and the store's first entry. */
	if ((rc = ledger_init(j->db, "BENCH01", &j->device, &err)) != JL_OK)
		die_msgs("set the device id", rc, &err);
	if ((rc = officer_add(j, "zhang", "张三", "13001", NULL, &err)) != JL_OK ||
	    (rc = officer_add(j, "li", "李四", "13002", NULL, &err)) != JL_OK ||
	    (rc = jl_act_as(j, "zhang", &err)) != JL_OK)
		die_msgs("add officers", rc, &err);
	*out = j;
}

int main(int argc, char **argv)
{
	long n = 100000, per_action = 0, i, tenth_n[TENTHS] = {0};
	double tenth_s[TENTHS] = {0};
	const char *tmp = getenv("TMPDIR");
	char store[1100], raw[1100];
	msglist err = MSGLIST_INIT;
	verify_report rep;
	cJSON *values;
	char *row;
	jl *j;
	jl_status rc;
	long long *actions, id = 0, main_b, wal_b, wal0;
	double t_raw, t_fin, t0, t_ver, t_ver2, t_open, t_list, raw_us, fin_us, raw_wal, fin_wal = 0;
	cpu_use raw_cpu, fin_cpu = {0, 0};
	raw_bench rb;
	long chunk;
	double ver_cpu[2] = {0, 0}; /* CPU seconds of each verify: on a shared machine, the part that is its own */
	int nactions = 0;
	action_row *acts = NULL;
	int nacts = 0;

	if (argc > 1) {
		char *end;
		n = strtol(argv[1], &end, 10);
		if (*end || n < 1)
			die("usage", "bench_store [N [PER_ACTION]] (N ≥ 1)");
	}
	if (argc > 2) {
		char *end;
		per_action = strtol(argv[2], &end, 10);
		if (*end || per_action < 0)
			die("usage", "bench_store [N [PER_ACTION]] (PER_ACTION ≥ 0; 0 = all in one)");
	}
	if (per_action == 0 || per_action > n)
		per_action = n;

	snprintf(bench_dir, sizeof bench_dir, "%s/jilu-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(bench_dir)) {
		bench_dir[0] = '\0';
		die("mkdtemp", strerror(errno));
	}
	snprintf(store, sizeof store, "%s/jilu.db", bench_dir);
	snprintf(raw, sizeof raw, "%s/raw.db", bench_dir);

	values = cJSON_Parse(record_json);
	if (!values)
		die("record values", "not JSON");
	row = cJSON_PrintUnformatted(values);
	if (!row)
		die("record values", "out of memory");

	/* 1 and 2. The baseline (bare SQLite on the same disk) and N records
	 * finalised through the engine, in alternating chunks: on a shared
	 * machine the disk's load changes from minute to minute, and each
	 * chunk of one meets about the same load as the chunk of the other.
	 * The actions are opened beforehand so that only record_create is
	 * timed. */
	bench_raw_open(&rb, raw);
	make_store(store, &j);
	nactions = (int)((n + per_action - 1) / per_action);
	actions = calloc((size_t)nactions, sizeof *actions);
	if (!actions)
		die("actions", "out of memory");
	for (i = 0; i < nactions; i++)
		if ((rc = action_open(j, "inspection", "bench", &actions[i], &err)) != JL_OK)
			die_msgs("action_open", rc, &err);
	fprintf(stderr, "bench_store: %ld raw insert+commit and %ld records through "
			"record_create(finalize=1), alternating, in %s ...\n", n, n, bench_dir);
	/* An empty WAL, so that its growth over the first commits is theirs. */
	if (sqlite3_wal_checkpoint_v2(db_sqlite(j->db), NULL, SQLITE_CHECKPOINT_TRUNCATE,
				      NULL, NULL) != SQLITE_OK)
		die("checkpoint", db_errmsg(j->db));
	wal0 = wal_bytes(store);
	chunk = n / 100 > 0 ? n / 100 : 1;
	t_fin = 0;
	t0 = now_s();
	for (i = 0; i < n; i++) {
		double ts;
		int k = (int)(i * TENTHS / n);
		cpu_use c;

		if (i % chunk == 0)
			bench_raw_chunk(&rb, row, i + chunk <= n ? chunk : n - i, n);
		c = cpu_now();
		ts = now_s();
		rc = record_create(j, actions[i / per_action], "inspection.onsite", values, 1,
				   &id, &err);
		if (rc != JL_OK)
			die_msgs("record_create", rc, &err);
		ts = now_s() - ts;
		c = cpu_since(c);
		fin_cpu.user += c.user;
		fin_cpu.sys += c.sys;
		t_fin += ts;
		tenth_s[k] += ts;
		tenth_n[k]++;
		if (i + 1 == (n < WAL_SAMPLE ? n : WAL_SAMPLE))
			fin_wal = (double)(wal_bytes(store) - wal0) / (double)(i + 1);
		if (n >= 1000 && (i + 1) % (n / TENTHS) == 0)
			fprintf(stderr, "  %ld done, %.1f s\n", i + 1, now_s() - t0);
	}
	bench_raw_close(&rb);
	t_raw = rb.t;
	raw_cpu = rb.cpu;
	raw_wal = rb.wal_per_commit;
	raw_us = t_raw / (double)n * 1e6;
	fin_us = t_fin / (double)n * 1e6;

	/* 3. Verify the whole ledger, twice: the second run finds every page
	 * in the OS cache. */
	for (i = 0; i < 2; i++) {
		cpu_use c0 = cpu_now();
		t0 = now_s();
		rc = verify_run(j, &rep, &err);
		t_ver2 = now_s() - t0;
		c0 = cpu_since(c0);
		ver_cpu[i] = c0.user + c0.sys;
		if (rc != JL_OK)
			die_msgs("verify_run", rc, &err);
		/* The store's start, two officers, the openings, the records. */
		if (rep.entries != n + 3 + nactions || rep.records != n)
			die("verify_run", "did not see every entry");
		if (i == 0)
			t_ver = t_ver2;
	}

	/* 4. Size on disk, before closing folds the WAL back. */
	main_b = file_size(store);
	wal_b = wal_bytes(store);
	jl_close(j);

	/* 5. Cold open of the full store (a new process would do the same; the
	 * OS page cache is warm). Then what a first screen lists. */
	t0 = now_s();
	rc = jl_open(store, 0, "forms", &j, &err, NULL);
	t_open = now_s() - t0;
	if (rc != JL_OK)
		die_msgs("jl_open (cold)", rc, &err);
	t0 = now_s();
	if (action_list(j, NULL, 0, &acts, &nacts) != JL_OK)
		die("action_list", db_errmsg(j->db));
	t_list = now_s() - t0;
	action_rows_free(acts, nacts);
	jl_close(j);

	printf("\njilu bench_store — %ld inspection.onsite records (%zu-byte values), "
	       "%d action%s, SQLite %s, WAL + synchronous=FULL\n\n",
	       n, strlen(row), nactions, nactions == 1 ? "" : "s", sqlite3_libversion());
	printf("  %-28s %11s %12s   %s\n", "measure", "per second", "each", "note");
	printf("  %-28s %11.0f %9.1f µs   %ld in %.2f s\n",
	       "raw insert+commit", (double)n / t_raw, raw_us, n, t_raw);
	printf("  %-28s %11.0f %9.1f µs   %.2f× the raw baseline (goal ≤ 1.5×)\n",
	       "finalise (record_create)", (double)n / t_fin, fin_us, fin_us / raw_us);
	for (i = 0; i < TENTHS; i++) {
		if (!tenth_n[i])
			continue;
		printf("  %-28s %11.0f %9.1f µs   %.2f×, records %ld–%ld\n",
		       i == 0 ? "  by tenth of the run" : "",
		       (double)tenth_n[i] / tenth_s[i], tenth_s[i] / (double)tenth_n[i] * 1e6,
		       tenth_s[i] / (double)tenth_n[i] * 1e6 / raw_us,
		       i * n / TENTHS + 1, i * n / TENTHS + tenth_n[i]);
	}
	printf("  %-28s %11s %9.1f µs   user CPU per record (raw: %.1f µs)\n",
	       "  where the time goes", "", fin_cpu.user / (double)n * 1e6,
	       raw_cpu.user / (double)n * 1e6);
	printf("  %-28s %11s %9.1f µs   kernel CPU per record (raw: %.1f µs)\n", "", "",
	       fin_cpu.sys / (double)n * 1e6, raw_cpu.sys / (double)n * 1e6);
	printf("  %-28s %11s %9.1f µs   waiting (wall − CPU) per record (raw: %.1f µs)\n", "", "",
	       (t_fin - fin_cpu.user - fin_cpu.sys) / (double)n * 1e6,
	       (t_raw - raw_cpu.user - raw_cpu.sys) / (double)n * 1e6);
	printf("  %-28s %11s %9.1f KB   WAL written per commit (raw: %.1f KB; first %d commits)\n",
	       "", "", fin_wal / 1024, raw_wal / 1024, WAL_SAMPLE);
	printf("  %-28s %11.0f %9.2f µs   %.3f s for %lld entries: %.3f s per 100,000 (goal ≤ 0.4 s)\n",
	       "verify (verify_run)", (double)rep.entries / t_ver,
	       t_ver / (double)rep.entries * 1e6, t_ver, rep.entries,
	       t_ver / (double)rep.entries * 1e5);
	printf("  %-28s %11.0f %9.2f µs   %.3f s, run again at once\n", "",
	       (double)rep.entries / t_ver2, t_ver2 / (double)rep.entries * 1e6, t_ver2);
	printf("  %-28s %11s %9.2f µs   CPU (user + kernel) per entry: %.3f s, %.3f s per 100,000\n", "",
	       "", ver_cpu[0] / (double)rep.entries * 1e6, ver_cpu[0],
	       ver_cpu[0] / (double)rep.entries * 1e5);
	printf("  %-28s %11s %9.1f ms   jl_open + forms load, full store (page cache warm)\n",
	       "open (cold)", "", t_open * 1e3);
	printf("  %-28s %11s %9.1f ms   action_list right after, %d action%s\n",
	       "first list after open", "", t_list * 1e3, nacts, nacts == 1 ? "" : "s");
	printf("  %-28s %11s %9.1f MB   %.2f KB per record (goal ≤ 3.5 KB; main %.1f MB + WAL %.1f MB)\n",
	       "database size", "", (double)(main_b + wal_b) / 1e6,
	       (double)(main_b + wal_b) / (double)n / 1024, (double)main_b / 1e6, (double)wal_b / 1e6);
	printf("\nraw insert+commit/s: %.0f\n", (double)n / t_raw);
	printf("finalise: %.0f records/s, %.1f µs each, %.2f× the raw baseline\n",
	       (double)n / t_fin, fin_us, fin_us / raw_us);
	printf("verify: %.0f entries/s (%.3f s for %lld; %.3f s run again)\n",
	       (double)rep.entries / t_ver, t_ver, rep.entries, t_ver2);
	printf("size: %.1f MB, %.0f bytes per record\n",
	       (double)(main_b + wal_b) / 1e6, (double)(main_b + wal_b) / (double)n);
	printf("open: %.1f ms\n", t_open * 1e3);
	msglist_free(&err);
	cJSON_Delete(values);
	free(row);
	free(actions);
	cleanup();
	return 0;
}
