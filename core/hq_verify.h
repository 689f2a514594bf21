/* core/hq_verify.h — `jilu hq verify`: what headquarters holds, re-checked. */
#ifndef CORE_HQ_VERIFY_H
#define CORE_HQ_VERIFY_H

#include "core/msg.h"
#include "core/status.h"

typedef struct {
	long long devices, entries, media;
} hq_verify_report;

/*
 * Re-checks what the HQ store at DB_PATH holds: each device's store through
 * `verify` (the chain, every row against its entry, the media it names),
 * ending at the head HQ acknowledged to the device; and every medium's file
 * against its SHA-256; and the chain of HQ's own reads (core/hq_access.h).
 * FORMS_DIR: the form definitions (jl_open's). Returns
 * JL_OK when all holds; JL_FOUND with the faults in OUT (each "where"
 * begins with its device); JL_ESTORE (no such store, or not an HQ store).
 */
jl_status hq_verify(const char *db_path, const char *forms_dir, hq_verify_report *rep, msglist *out);

#endif
