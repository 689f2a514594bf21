/* core/hq_mirror.h — each device's store as HQ rebuilds it from the entries
 * it holds: a jilu store beside HQ's (device-ID.db, sharing its media/), so
 * that every read command works at HQ with --device ID, and `verify` there
 * holds every row HQ rebuilt to the entry that vouches for it. */
#ifndef CORE_HQ_MIRROR_H
#define CORE_HQ_MIRROR_H

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"

/* Returns the path of DEVICE's store beside the HQ store at HQ_PATH
 * (DIR/device-DEVICE.db); caller frees. NULL when out of memory. */
char *hq_mirror_path(const char *hq_path, const char *device);

/*
 * Brings DEVICE's store at HQ up to the chain HQ holds (hq_ledger of HQ, the
 * store D), in one transaction: each entry with the rows it vouches for,
 * rebuilt from its body (and a record's data, sent with its entry). The store
 * is made on first use. Returns JL_OK (*ADDED: entries applied), or JL_ESTORE
 * with the reason in ERR: what HQ acknowledged stays in hq_ledger and the
 * next call starts again where the store stands.
 */
jl_status hq_mirror_update(db *d, const char *device, long long *added, msglist *err);

#endif
