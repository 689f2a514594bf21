/* core/hq_device.h — what headquarters holds of one device: a jilu store of
 * its own beside HQ's registry (DIR/device-ID.db, sharing DIR/media/), made
 * of the device's entries and the rows each vouches for, rebuilt from the
 * entry. Every read command works on it (`jilu --db HQ --device ID …`) and
 * `verify` there holds every row to its entry, as on the device. */
#ifndef CORE_HQ_DEVICE_H
#define CORE_HQ_DEVICE_H

#include <cJSON.h>

#include "core/db.h"
#include "core/hq_entry.h"
#include "core/ledger.h"
#include "core/msg.h"
#include "core/status.h"
#include "core/sync_batch.h"

/* Returns the path of DEVICE's store beside the HQ store at HQ_PATH
 * (DIR/device-DEVICE.db); caller frees. NULL when out of memory. */
char *hq_device_path(const char *hq_path, const char *device);

/* Opens DEVICE's store beside HQ (made on first use). Returns JL_OK and
 * *OUT (free with db_close), or a status with the reason in ERR. */
jl_status hq_device_open(db *hq, const char *device, db **out, msglist *err);

/*
 * Copies what the WAL of M holds into M's file (a passive checkpoint: it
 * waits for no reader, and leaves for later what a reader still sees).
 * HQ calls it after sending a batch's acknowledgement: SQLite's automatic
 * checkpoint (off in M) ran inside the batch's COMMIT, so the device waited
 * for the copying before it heard the acknowledgement, a sixth of HQ's time.
 * Durability does not depend on it: the acknowledged commit is in the WAL,
 * fsynced (synchronous=FULL), and a checkpoint cut short is taken up again
 * by the next one or when the store is next opened.
 */
void hq_device_checkpoint(db *m);

/* Reads the head of M's chain: *SEQ (0 when empty) and HASH (the genesis
 * hash when empty). Returns JL_OK or JL_ESTORE. */
jl_status hq_device_head(db *m, long long *seq, char hash[LEDGER_HASH_LEN + 1]);

/*
 * Checks and stores one batch of DEVICE's ENTRIES (each {seq, kind,
 * subject, body, prev_hash, hash[, data]}) in its store M, in
 * one transaction: each entry must continue the chain (seq one past the
 * head, prev_hash the head's hash), hash to its hash, name DEVICE, vouch for
 * the data sent with it, name only media HQ (the registry HQ) holds, and
 * its rows must rebuild in the store. Entries held already (the same hash at
 * the same seq) are skipped: a batch resent after a lost acknowledgement
 * stores nothing twice. Returns JL_OK with the new head in *SEQ/HASH and
 * *STORED; JL_EREFUSED (nothing of the batch kept) or JL_EINVALID with the
 * reason in ERR; JL_ESTORE. PRE, when not NULL, holds the verdict of
 * hq_entry_pre on each entry (judged ahead on another thread); when NULL,
 * each entry is judged here.
 */
jl_status hq_device_batch(db *hq, db *m, const char *device, const sync_batch *entries,
			  const hq_pre *pre, long long *seq, char hash[LEDGER_HASH_LEN + 1],
			  long long *stored, msglist *err);

#endif
