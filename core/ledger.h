/* core/ledger.h — the hash-chained ledger (DESIGN.md; R22.3). */
#ifndef CORE_LEDGER_H
#define CORE_LEDGER_H

#include "core/buf.h"
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
 * write transaction. When BODY's time ("at") is earlier than the last
 * entry's, a warning goes to WARN (when not NULL) and the entry is appended
 * all the same: a device whose clock was once wrong must still record, and
 * `verify` names such entries. Returns JL_OK or JL_ESTORE.
 */
jl_status ledger_append(db *d, long long seq, const char *device, const char *kind,
			const char *subject, const char *body, msglist *warn);

/*
 * Copies the time of BODY (its top-level "at") into OUT (OUTSZ bytes).
 * Every body jilu writes has one; no other key of a body is named "at", and
 * a quote inside a string is always escaped, so a scan finds it. Returns 0,
 * or -1 when BODY has none (OUT is then empty).
 */
int ledger_body_at(const char *body, char *out, size_t outsz);

/*
 * The store's first entry (kind "init", subject "device:ID"): it names the
 * device and when the store was made. In one transaction: sets meta
 * 'device' to DEVICE unless it is set already, and when it was not, sets
 * meta 'created_at' and appends the entry. *HAVE gets the device id that
 * holds (caller frees; compare it with DEVICE to know whether the store
 * was someone else's). A store whose ledger has entries but no device id
 * (removed behind jilu's back) is refused: JL_ESTORE with the reason in
 * ERR. Returns JL_OK, JL_ESTORE.
 */
jl_status ledger_init(db *d, const char *device, char **have, msglist *err);

/* Appends the body of the "init" entry SEQ of DEVICE made at CREATED_AT by
 * a store of schema SCHEMA (the version it was made with: a later migration
 * does not change what entry #1 vouched for). */
void ledger_init_body(buf *out, long long seq, const char *device, const char *created_at, int schema);

/* Told how far a long read over the ledger has come (DONE of TOTAL, in
 * entries), now and then; returns nonzero to stop it (JL_ECANCELED). */
typedef int (*ledger_progress_fn)(void *ctx, long long done, long long total);

/* One entry as read: every text is borrowed from the reader and valid until
 * its next step. A column that is NULL, not text or hides a NUL byte (jilu
 * writes none of these) sets BAD and reads as "" (never NULL). */
typedef struct {
	long long seq;
	const char *device, *kind, *subject, *body, *prev_hash, *hash;
	int bad;
} ledger_entry;

typedef struct ledger_reader ledger_reader;

/*
 * Opens a reader of the entries FROM to TO (inclusive; TO 0: to the end) in
 * seq order: what `verify` walks, what a case file shows and what sync
 * sends. ACTION 0 reads every entry; else only those that speak for action
 * ACTION: its opening and close, its records' and their attachments'.
 * Reads in the caller's transaction or snapshot (db_snapshot_begin).
 * Returns the reader in *OUT (free with ledger_reader_close), or JL_ESTORE.
 */
jl_status ledger_reader_open(db *d, long long from, long long to, long long action,
			     ledger_reader **out);

/* Reads the next entry into *E. Returns 1, 0 at the end, -1 on a read error
 * (never mistaken for the end). */
int ledger_reader_next(ledger_reader *r, ledger_entry *e);

/* Frees R. Safe with NULL. */
void ledger_reader_close(ledger_reader *r);

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

/* Writes the hex SHA-256 of LEN bytes at DATA into OUT (65 bytes). Returns
 * 0, or -1 when hashing failed (OUT is then empty: never a made-up hash). */
int ledger_sha256_hex(const void *data, size_t len, char out[LEDGER_HASH_LEN + 1]);

#endif
