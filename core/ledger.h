/* core/ledger.h — the hash-chained ledger (DESIGN.md; R22.3). */
#ifndef CORE_LEDGER_H
#define CORE_LEDGER_H

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"

#define LEDGER_HASH_LEN 64 /* hex SHA-256 */

/* The prev_hash of the first entry. */
extern const char ledger_genesis[LEDGER_HASH_LEN + 1];

/*
 * Returns the seq the next entry will take (1 for an empty ledger), or -1 on
 * a store error. Call inside the write transaction that appends it.
 */
long long ledger_next_seq(db *d);

/*
 * Appends entry SEQ (from ledger_next_seq) with BODY, the canonical JSON the
 * caller built for it. hash = SHA-256(prev_hash ‖ body). Must run inside a
 * write transaction. Returns JL_OK or JL_ESTORE.
 */
jl_status ledger_append(db *d, long long seq, const char *device, const char *kind,
			const char *subject, const char *body);

/* Writes the hex SHA-256 of PREV ‖ BODY into OUT (65 bytes). Returns 0, or -1
 * when hashing failed (OUT is then empty: never a made-up hash). */
int ledger_hash(const char *prev, const char *body, char out[LEDGER_HASH_LEN + 1]);

/* A reusable SHA-256 for hashing many entries (verify): no allocation per hash. */
typedef struct ledger_hasher ledger_hasher;
/* Returns a new hasher (free with ledger_hasher_free), or NULL. */
ledger_hasher *ledger_hasher_new(void);
/* As ledger_hash, with H. */
int ledger_hasher_run(ledger_hasher *h, const char *prev, const char *body,
		       char out[LEDGER_HASH_LEN + 1]);
void ledger_hasher_free(ledger_hasher *h);

/* Writes the hex SHA-256 of LEN bytes at DATA into OUT (65 bytes). */
void ledger_sha256_hex(const void *data, size_t len, char out[LEDGER_HASH_LEN + 1]);

#endif
