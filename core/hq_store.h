/* core/hq_store.h — what headquarters keeps of each device: its chain, the
 * rows the chain vouches for, its media, and every refusal. */
#ifndef CORE_HQ_STORE_H
#define CORE_HQ_STORE_H

#include <cJSON.h>

#include "core/db.h"
#include "core/ledger.h"
#include "core/msg.h"
#include "core/status.h"

/*
 * Creates HQ's registry tables in D when missing (hq_devices, hq_received,
 * hq_media, hq_held, hq_refusals, hq_syncs): a jilu store is an HQ store once it has
 * them (each device's entries are in its own store: core/hq_device.h).
 * They are made here rather than in a numbered migration so that a device's
 * store never carries them. Returns JL_OK or JL_ESTORE.
 */
jl_status hq_store_init(db *d, msglist *err);

/* Records a refusal of DEVICE's sync (what, in English, and a detail) in
 * its own transaction. Best effort: a store error here is not reported. */
void hq_store_refusal(db *d, const char *device, const char *reason, const char *detail);

/* Records one sync session of DEVICE: its clock and the skew. */
void hq_store_session(db *d, const char *device, const char *device_time, long long skew,
		      long long entries, const char *result);

/*
 * Notes in the registry D that DEVICE's store now ends at SEQ/HASH, the
 * entries FIRST…SEQ received now. Best effort: the device's store is what
 * holds (a crash here leaves the registry behind, and the next batch puts it
 * right).
 */
void hq_store_note_head(db *d, const char *device, long long first, long long seq,
			const char hash[LEDGER_HASH_LEN + 1]);

/*
 * Checks that DATA (the text sent with an entry, or NULL) is what BODY (the
 * entry's parsed body) vouches for. A record's body vouches for its data
 * either by the data itself (record.data) or by its SHA-256
 * (record.data_sha256). Returns 0 when it holds or the entry vouches for no
 * data; 1 with the reason in ZH/EN.
 */
int hq_store_check_data(const cJSON *body, const char *data, buf *zh, buf *en);

/* Finds the medium a media entry's body names: {"media":{"sha256","size"}}
 * or the same two at the top. Returns 1 and sets *SHA (owned by BODY) and
 * *SIZE, or 0. */
int hq_store_body_media(const cJSON *body, const char **sha, long long *size);

/* Returns 1 when S is 64 lowercase hex digits. */
int hq_store_is_hash(const char *s);

#endif
