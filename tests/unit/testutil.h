/* tests/unit/testutil.h — what the unit tests of core share: temporary
 * directories (cleaned up), files, one-value SQL queries, message lookup, and
 * a store with officers to record in. Include after <cmocka.h>. */
#ifndef TESTS_UNIT_TESTUTIL_H
#define TESTS_UNIT_TESTUTIL_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/jl.h"
#include "core/ledger.h"
#include "core/msg.h"
#include "core/officer.h"
#include "core/action.h"
#include "core/record.h"

/* A new empty directory under $TMPDIR (or /tmp); free with tu_rmtree. */
static inline char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	buf b = BUF_INIT;
	char *dir;

	buf_printf(&b, "%s/jilu-unit-XXXXXX", base && *base ? base : "/tmp");
	dir = buf_steal(&b);
	assert_non_null(dir);
	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s failed", dir);
	return dir;
}

static inline int tu_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

/* Removes DIR and everything below it, then frees DIR. */
static inline void tu_rmtree(char *dir)
{
	if (!dir)
		return;
	nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* DIR/NAME in a new string (caller frees). */
static inline char *tu_path(const char *dir, const char *name)
{
	buf b = BUF_INIT;
	char *p;

	buf_printf(&b, "%s/%s", dir, name);
	p = buf_steal(&b);
	assert_non_null(p);
	return p;
}

static inline int tu_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Writes TEXT (LEN bytes; -1: strlen) to PATH. */
static inline void tu_write_len(const char *path, const char *text, long len)
{
	FILE *fp = fopen(path, "wb");

	if (!fp)
		fail_msg("cannot write %s", path);
	if (len < 0)
		len = (long)strlen(text);
	if (len && fwrite(text, 1, (size_t)len, fp) != (size_t)len)
		fail_msg("short write to %s", path);
	fclose(fp);
}

static inline void tu_write(const char *path, const char *text)
{
	tu_write_len(path, text, -1);
}

/* Runs SQL; returns SQLite's result code (the error text goes to *ERRMSG
 * when ERRMSG is not NULL; free it with sqlite3_free). */
static inline int tu_exec(sqlite3 *h, const char *sql, char **errmsg)
{
	char *e = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &e);

	if (errmsg)
		*errmsg = e;
	else
		sqlite3_free(e);
	return rc;
}

/* Runs SQL and fails the test unless it succeeds. */
static inline void tu_must(sqlite3 *h, const char *sql)
{
	char *e = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &e) != SQLITE_OK)
		fail_msg("%s: %s", sql, e ? e : "?");
}

/* The integer in the first column of the first row of SQL (fails without one). */
static inline long long tu_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row", sql);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The text in the first column of the first row of SQL, or NULL (caller frees). */
static inline char *tu_text(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* Prints every message of L (shown when a test fails). */
static inline void tu_dump(const msglist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		print_message("    [%s] [%s] %s | %s\n", l->items[i].req ? l->items[i].req : "-",
			      l->items[i].where ? l->items[i].where : "-", l->items[i].zh,
			      l->items[i].en);
}

/* The first message of L with requirement REQ, place WHERE and TEXT in its
 * Chinese or English text (each NULL: any), or NULL. */
static inline const msg *tu_find(const msglist *l, const char *req, const char *where,
				 const char *text)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const msg *m = &l->items[i];
		if (req && (!m->req || strcmp(m->req, req) != 0))
			continue;
		if (where && (!m->where || strcmp(m->where, where) != 0))
			continue;
		if (text && !strstr(m->zh, text) && !strstr(m->en, text))
			continue;
		return m;
	}
	return NULL;
}

/* Fails unless L holds a message as tu_find describes it. */
static inline void tu_expect(const msglist *l, const char *req, const char *where,
			     const char *text)
{
	if (tu_find(l, req, where, text))
		return;
	tu_dump(l);
	fail_msg("no message [%s] [%s] \"%s\" among %zu", req ? req : "*", where ? where : "*",
		 text ? text : "*", l->n);
}

/* Fails (showing the messages) unless the call returned WANT. */
#define tu_status(got, want, l)                                                          \
	do {                                                                             \
		jl_status got_ = (got);                                                  \
		if (got_ != (want)) {                                                    \
			tu_dump(l);                                                      \
			fail_msg("status %s, want %s", jl_status_text(got_, "en"),       \
				 jl_status_text((want), "en"));                          \
		}                                                                        \
	} while (0)

/* A store in a temporary directory, opened with the real forms/, device T01,
 * officers zhang (13001) and li (13002), zhang acting. */
typedef struct {
	char *dir;
	char *db;
	jl *j;
} tu_store;

static inline tu_store *tu_store_new(void)
{
	tu_store *s = calloc(1, sizeof *s);
	msglist err = MSGLIST_INIT, probs = MSGLIST_INIT;
	db *d = NULL;

	assert_non_null(s);
	s->dir = tu_tmpdir();
	s->db = tu_path(s->dir, "jilu.db");
	tu_status(db_open(s->db, 1, &d, &err), JL_OK, &err);
	{
		/* As `jilu init` does: the device id and the store's first entry. */
		char *have = NULL;
		tu_status(ledger_init(d, "T01", &have, &err), JL_OK, &err);
		assert_string_equal(have, "T01");
		free(have);
	}
	db_close(d);
	tu_status(jl_open(s->db, 0, "forms", &s->j, &err, &probs), JL_OK, &err);
	if (probs.n) {
		tu_dump(&probs);
		fail_msg("forms/ has problems");
	}
	assert_string_equal(s->j->device, "T01");
	tu_status(officer_add(s->j, "zhang", "张三", "13001", NULL, &err), JL_OK, &err);
	tu_status(officer_add(s->j, "li", "李四", "13002", NULL, &err), JL_OK, &err);
	tu_status(jl_act_as(s->j, "zhang", &err), JL_OK, &err);
	msglist_free(&err);
	msglist_free(&probs);
	return s;
}

static inline void tu_store_free(tu_store *s)
{
	if (!s)
		return;
	jl_close(s->j);
	free(s->db);
	tu_rmtree(s->dir);
	free(s);
}

static inline sqlite3 *tu_sql(tu_store *s)
{
	return db_sqlite(s->j->db);
}

/* JSON values used by many tests (as tests/cli/lib.sh). */
#define TU_OFFICERS2                                                             \
	"[{\"name\":\"张三\",\"cert\":\"13001\",\"shown\":true},"                \
	"{\"name\":\"李四\",\"cert\":\"13002\",\"shown\":true}]"
#define TU_PARTY_CO                                                              \
	"{\"name\":\"昌黎县某超市有限公司\",\"id_type\":\"uscc\","                 \
	"\"id_number\":\"91350100M000100Y43\",\"address\":\"昌黎县民生街1号\","     \
	"\"representative\":\"王五\",\"phone\":\"0335-1234567\"}"
#define TU_PARTY_PERSON                                                          \
	"{\"name\":\"王五\",\"id_type\":\"resident_id\","                          \
	"\"id_number\":\"11010519491231002X\",\"address\":\"昌黎县\"}"
#define TU_SIGS_INSPECTION                                                       \
	"[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"signed\"},"           \
	"{\"role\":\"officer\",\"name\":\"张三\",\"status\":\"signed\"},"          \
	"{\"role\":\"officer\",\"name\":\"李四\",\"status\":\"signed\"}]"
/* A complete inspection.onsite: it finalises as it is. */
#define TU_INSPECTION                                                            \
	"{\"started_at\":\"2024-05-01T09:00\",\"ended_at\":\"2024-05-01T10:00\","  \
	"\"place\":\"昌黎县民生街1号\",\"officers\":" TU_OFFICERS2 ","              \
	"\"party\":" TU_PARTY_CO ",\"situation\":\"货架整齐，价签齐全\","           \
	"\"result\":\"no_issue\",\"av\":{\"mode\":\"video\"},"                     \
	"\"signatures\":" TU_SIGS_INSPECTION "}"

/* Parses TEXT (fails the test when it is not JSON); free with cJSON_Delete. */
static inline cJSON *tu_json(const char *text)
{
	cJSON *v = cJSON_Parse(text);

	if (!v)
		fail_msg("test JSON does not parse: %s", text);
	return v;
}

/* Opens an action of KIND in S (zhang acting) and returns its id. */
static inline long long tu_action(tu_store *s, const char *kind)
{
	msglist err = MSGLIST_INIT;
	long long id = 0;

	tu_status(action_open(s->j, kind, "测试", &id, &err), JL_OK, &err);
	msglist_free(&err);
	assert_true(id > 0);
	return id;
}

/* Creates and finalises record FORM in ACTION with VALUES (JSON text);
 * returns its id. */
static inline long long tu_final(tu_store *s, long long action, const char *form_id,
				 const char *values)
{
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json(values);
	long long id = 0;

	tu_status(record_create(s->j, action, form_id, v, 1, &id, &out), JL_OK, &out);
	cJSON_Delete(v);
	msglist_free(&out);
	assert_true(id > 0);
	return id;
}

#endif
