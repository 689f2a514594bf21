/* core/ledger.c — appending to the hash chain. */
#include "core/ledger.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void ledger_sha256_hex(const void *data, size_t len, char out[LEDGER_HASH_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	ledger_hex(md, out);
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

int ledger_hash(const char *prev, const char *body, char out[LEDGER_HASH_LEN + 1])
{
	/* Fetching the digest costs more than hashing a body: one hasher serves
	 * the whole process (the program has no threads), kept to its end. */
	static ledger_hasher *h;

	if (!h)
		h = ledger_hasher_new();
	if (!h) {
		memset(out, 0, LEDGER_HASH_LEN + 1);
		return -1;
	}
	return ledger_hasher_run(h, prev, body, out);
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

jl_status ledger_append(db *d, long long seq, const char *device, const char *kind,
			const char *subject, const char *body)
{
	sqlite3_stmt *st;
	char prev[LEDGER_HASH_LEN + 1], hash[LEDGER_HASH_LEN + 1];
	int rc;

	/* One read: the seq that is next (SEQ must be it: a caller's bug
	 * otherwise, SEQ comes from ledger_next_seq) and the hash to chain to,
	 * the last entry's there is. After entries were cut from the end SEQ
	 * skips their numbers, so the gap stays for verify to report, and
	 * officers can still record. */
	st = db_prepare(d,
		"SELECT max(coalesce((SELECT max(seq) FROM ledger), 0),"
		"           coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ledger'), 0)) + 1,"
		" (SELECT hash FROM ledger WHERE seq < ?1 ORDER BY seq DESC LIMIT 1)");
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
	sqlite3_reset(st);
	if (ledger_hash(prev, body, hash) != 0)
		return JL_ESTORE; /* nothing is acknowledged without its hash */

	st = db_prepare(d, "INSERT INTO ledger(seq, device, kind, subject, body, prev_hash, hash) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? JL_OK : JL_ESTORE;
}
