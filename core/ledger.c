/* core/ledger.c — appending to the hash chain. */
#include "core/ledger.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "core/schema.h"

const char ledger_genesis[LEDGER_HASH_LEN + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void ledger_hex(const unsigned char *md, char out[LEDGER_HASH_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[LEDGER_HASH_LEN] = '\0';
}

struct ledger_hasher {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

ledger_hasher *ledger_hasher_new(void)
{
	ledger_hasher *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	h->ctx = EVP_MD_CTX_new();
	if (!h->md || !h->ctx) {
		ledger_hasher_free(h);
		return NULL;
	}
	return h;
}

void ledger_hasher_free(ledger_hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	free(h);
}

int ledger_hasher_run(ledger_hasher *h, const char *prev, const char *body,
		      char out[LEDGER_HASH_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_DigestInit_ex2(h->ctx, h->md, NULL) != 1 ||
	    EVP_DigestUpdate(h->ctx, prev, strlen(prev)) != 1 ||
	    EVP_DigestUpdate(h->ctx, body, strlen(body)) != 1 ||
	    EVP_DigestFinal_ex(h->ctx, md, &n) != 1 || n != 32) {
		/* Never a made-up hash: the caller refuses to go on. */
		memset(out, 0, LEDGER_HASH_LEN + 1);
		return -1;
	}
	ledger_hex(md, out);
	return 0;
}

/* Returns this thread's hasher, or NULL. Fetching the digest costs more
 * than hashing a body (EVP_Digest with EVP_sha256() fetches it on every
 * call): one hasher per thread, made on first use and freed when the thread
 * ends. Per thread, not per process: the screens verify and sync on a
 * worker thread while the officer finalises, and HQ judges the next batch's
 * entries on one while it stores the batch before; two threads sharing one
 * digest context would mix their bytes into wrong hashes. */
static pthread_key_t ledger_key;
static pthread_once_t ledger_once = PTHREAD_ONCE_INIT;
static int ledger_key_ok;

static void ledger_key_free(void *h)
{
	ledger_hasher_free(h);
}

static void ledger_key_make(void)
{
	ledger_key_ok = pthread_key_create(&ledger_key, ledger_key_free) == 0;
}

static ledger_hasher *ledger_process_hasher(void)
{
	ledger_hasher *h;

	if (pthread_once(&ledger_once, ledger_key_make) != 0 || !ledger_key_ok)
		return NULL;
	h = pthread_getspecific(ledger_key);
	if (!h) {
		h = ledger_hasher_new();
		if (h && pthread_setspecific(ledger_key, h) != 0) {
			ledger_hasher_free(h);
			h = NULL;
		}
	}
	return h;
}

int ledger_hash(const char *prev, const char *body, char out[LEDGER_HASH_LEN + 1])
{
	ledger_hasher *h = ledger_process_hasher();

	if (!h) {
		memset(out, 0, LEDGER_HASH_LEN + 1);
		return -1;
	}
	return ledger_hasher_run(h, prev, body, out);
}

int ledger_sha256_hex(const void *data, size_t len, char out[LEDGER_HASH_LEN + 1])
{
	ledger_hasher *h = ledger_process_hasher();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!h || EVP_DigestInit_ex2(h->ctx, h->md, NULL) != 1 ||
	    EVP_DigestUpdate(h->ctx, data, len) != 1 || EVP_DigestFinal_ex(h->ctx, md, &n) != 1 ||
	    n != 32) {
		/* Never a made-up hash: an empty one matches nothing. */
		memset(out, 0, LEDGER_HASH_LEN + 1);
		return -1;
	}
	ledger_hex(md, out);
	return 0;
}

long long ledger_next_seq(db *d)
{
	/* Past the highest seq ever used, not just the highest left: an entry
	 * cut from the end stays a gap that verify reports. */
	sqlite3_stmt *st = db_prepare(d,
		"SELECT max(coalesce((SELECT max(seq) FROM ledger), 0),"
		"           coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ledger'), 0)) + 1");
	long long seq = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return seq;
}

int ledger_body_at(const char *body, char *out, size_t outsz)
{
	const char *p = body ? strstr(body, "\"at\":\"") : NULL, *q;

	if (outsz)
		out[0] = '\0';
	if (!p)
		return -1;
	p += 6;
	q = strchr(p, '"');
	if (!q || (size_t)(q - p) >= outsz)
		return -1;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return 0;
}

/* Warns in WARN when BODY is stamped earlier than PREV_BODY (the last entry,
 * SEQ - 1). Times that do not parse are not compared. */
static void ledger_warn_clock(const char *prev_body, const char *body, long long seq,
			      msglist *warn)
{
	char was[64], now[64];
	time_t tw, tn;
	buf where = BUF_INIT;

	if (!warn || !prev_body || ledger_body_at(prev_body, was, sizeof was) != 0 ||
	    ledger_body_at(body, now, sizeof now) != 0 || clock_parse(was, &tw) != 0 ||
	    clock_parse(now, &tn) != 0 || tn >= tw)
		return;
	buf_printf(&where, "ledger #%lld", seq);
	msglist_addf(warn, "R22.3", buf_str(&where),
		     "警告：本机时钟（%s）早于上一条存证链记录（%s）：已照常保存，请校正时钟；jilu verify 会指出此条",
		     "warning: this device's clock (%s) is behind the last ledger entry (%s): stored all the same; set the clock right (jilu verify names this entry)",
		     now, was);
	buf_free(&where);
}

jl_status ledger_append(db *d, long long seq, const char *device, const char *kind,
			const char *subject, const char *body, msglist *warn)
{
	sqlite3_stmt *st;
	char prev[LEDGER_HASH_LEN + 1], hash[LEDGER_HASH_LEN + 1];
	char *prev_body = NULL;
	int rc;

	/* One read: the seq that is next (SEQ must be it: a caller's bug
	 * otherwise, SEQ comes from ledger_next_seq), the hash to chain to and
	 * the time of the last entry there is. After entries were cut from the
	 * end SEQ skips their numbers, so the gap stays for verify to report,
	 * and officers can still record. */
	st = db_prepare(d,
		"SELECT max(coalesce((SELECT max(seq) FROM ledger), 0),"
		"           coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ledger'), 0)) + 1,"
		" (SELECT hash FROM ledger WHERE seq < ?1 ORDER BY seq DESC LIMIT 1),"
		" (SELECT body FROM ledger WHERE seq < ?1 ORDER BY seq DESC LIMIT 1)");
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || sqlite3_column_int64(st, 0) != seq) {
		sqlite3_reset(st);
		return JL_ESTORE;
	}
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 1));
	else
		memcpy(prev, ledger_genesis, sizeof prev);
	if (warn && sqlite3_column_type(st, 2) != SQLITE_NULL)
		prev_body = strdup((const char *)sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	if (ledger_hash(prev, body, hash) != 0) {
		free(prev_body);
		return JL_ESTORE; /* nothing is acknowledged without its hash */
	}

	st = db_prepare(d, "INSERT INTO ledger(seq, device, kind, subject, body, prev_hash, hash) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st) {
		free(prev_body);
		return JL_ESTORE;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		ledger_warn_clock(prev_body, body, seq, warn);
	free(prev_body);
	return rc == SQLITE_DONE ? JL_OK : JL_ESTORE;
}

void ledger_init_body(buf *out, long long seq, const char *device, const char *created_at, int schema)
{
	buf_puts(out, "{\"at\":");
	jsonx_quote(out, created_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"kind\":\"init\",\"seq\":");
	buf_put_lld(out, seq);
	buf_puts(out, ",\"store\":{\"created_at\":");
	jsonx_quote(out, created_at);
	buf_puts(out, ",\"device\":");
	jsonx_quote(out, device);
	buf_puts(out, ",\"schema\":");
	buf_put_lld(out, schema);
	buf_puts(out, "}}");
}

jl_status ledger_init(db *d, const char *device, char **have, msglist *err)
{
	buf now = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	sqlite3_stmt *st;
	long long seq;
	jl_status rc = JL_ESTORE;

	*have = NULL;
	if (db_begin(d) != JL_OK) {
		db_error(d, err, "无法开始事务", "cannot begin a transaction");
		return JL_ESTORE;
	}
	*have = db_meta_get(d, "device");
	if (*have) {
		rc = JL_OK; /* initialised already: nothing changes */
		goto done;
	}
	seq = ledger_next_seq(d);
	if (seq < 0)
		goto store;
	if (seq != 1) {
		/* Entries without the id they were written under: the id was
		 * removed behind jilu's back, and a new one would adopt them. */
		st = db_prepare(d, "SELECT device FROM ledger ORDER BY seq LIMIT 1");
		if (st && sqlite3_step(st) == SQLITE_ROW)
			msglist_addf(err, NULL, "--device",
				     "数据库没有设备编号，但存证链已有记录（第一条属于设备 %s）：设备编号被删除，不能重新初始化",
				     "the database has no device id but its ledger has entries (the first of device %s): the id was removed, and the store cannot be initialised again",
				     (const char *)sqlite3_column_text(st, 0));
		else
			msglist_add(err, NULL, "--device",
				    "数据库没有设备编号，但存证链已有记录：不能重新初始化",
				    "the database has no device id but its ledger has entries: it cannot be initialised again");
		if (st)
			sqlite3_reset(st);
		goto done;
	}
	clock_now(&now);
	ledger_init_body(&body, seq, device, buf_str(&now), DB_SCHEMA_VERSION);
	buf_puts(&subject, "device:");
	buf_puts(&subject, device);
	if (now.oom || body.oom || subject.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (db_meta_set(d, "device", device) != JL_OK ||
	    db_meta_set(d, "created_at", buf_str(&now)) != JL_OK ||
	    ledger_append(d, seq, device, "init", buf_str(&subject), buf_str(&body), NULL) != JL_OK ||
	    db_commit(d) != JL_OK)
		goto store;
	*have = strdup(device);
	rc = *have ? JL_OK : JL_ENOMEM;
	goto done;
store:
	db_error(d, err, "无法保存设备编号", "cannot store the device id");
	rc = JL_ESTORE;
done:
	db_rollback(d); /* nothing to undo once committed */
	buf_free(&now);
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

struct ledger_reader {
	sqlite3_stmt *st;
};

jl_status ledger_reader_open(db *d, long long from, long long to, long long action,
			     ledger_reader **out)
{
	/* Chosen by subject for an action, not by the rows' state: an entry
	 * still shows when its row was tampered with. */
	static const char all[] =
		"SELECT seq, device, kind, subject, body, prev_hash, hash FROM ledger"
		" WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq";
	static const char of_action[] =
		"SELECT seq, device, kind, subject, body, prev_hash, hash FROM ledger l"
		" WHERE seq BETWEEN ?1 AND ?2 AND (l.subject = 'action:' || ?3"
		"   OR l.subject IN (SELECT 'record:' || r.id FROM records r WHERE r.action_id = ?3)"
		"   OR l.subject IN (SELECT 'media:' || m.id FROM media m"
		"                    JOIN records r ON r.id = m.record_id WHERE r.action_id = ?3))"
		" ORDER BY seq";
	ledger_reader *r = calloc(1, sizeof *r);

	*out = NULL;
	if (!r)
		return JL_ENOMEM;
	/* A statement of its own, not a cached one: the reader stays open while
	 * its caller runs cached statements, perhaps another reader. */
	if (sqlite3_prepare_v2(db_sqlite(d), action ? of_action : all, -1, &r->st, NULL) !=
	    SQLITE_OK) {
		ledger_reader_close(r);
		return JL_ESTORE;
	}
	sqlite3_bind_int64(r->st, 1, from);
	sqlite3_bind_int64(r->st, 2, to > 0 ? to : (long long)(~0ULL >> 1));
	if (action)
		sqlite3_bind_int64(r->st, 3, action);
	*out = r;
	return JL_OK;
}

/* Returns column I of ST as text, "" with *BAD set when jilu would never
 * have written it (NULL, not text, a hidden NUL byte). */
static const char *ledger_col(sqlite3_stmt *st, int i, int *bad)
{
	const char *s;

	if (sqlite3_column_type(st, i) != SQLITE_TEXT) {
		*bad = 1;
		return "";
	}
	s = (const char *)sqlite3_column_text(st, i);
	if (!s) {
		*bad = 1;
		return "";
	}
	if (strlen(s) != (size_t)sqlite3_column_bytes(st, i))
		*bad = 1;
	return s;
}

int ledger_reader_next(ledger_reader *r, ledger_entry *e)
{
	int rc = sqlite3_step(r->st);

	memset(e, 0, sizeof *e);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	e->seq = sqlite3_column_int64(r->st, 0);
	if (sqlite3_column_type(r->st, 0) != SQLITE_INTEGER)
		e->bad = 1;
	e->device = ledger_col(r->st, 1, &e->bad);
	e->kind = ledger_col(r->st, 2, &e->bad);
	e->subject = ledger_col(r->st, 3, &e->bad);
	e->body = ledger_col(r->st, 4, &e->bad);
	e->prev_hash = ledger_col(r->st, 5, &e->bad);
	e->hash = ledger_col(r->st, 6, &e->bad);
	return 1;
}

void ledger_reader_close(ledger_reader *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->st);
	free(r);
}
