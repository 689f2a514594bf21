/* core/hq_verify.h — `jilu hq verify`: what headquarters holds, re-checked. */
#ifndef CORE_HQ_VERIFY_H
#define CORE_HQ_VERIFY_H

#include "core/msg.h"
#include "core/status.h"

typedef struct {
	long long devices, entries, media;
} hq_verify_report;

/*
 * Re-checks the HQ store at DB_PATH: each device's chain from its first
 * entry (numbered without gaps, each linked to the one before and hashing to
 * its hash, naming its device, holding the data it vouches for) up to the
 * head HQ acknowledged; every medium's file against its SHA-256; every media
 * entry's medium present. Returns JL_OK when all holds; JL_FOUND with one
 * message per fault in OUT; JL_ESTORE (no such store, or not an HQ store).
 */
jl_status hq_verify(const char *db_path, hq_verify_report *rep, msglist *out);

#endif
