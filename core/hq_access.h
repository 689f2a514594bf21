/* core/hq_access.h — the access log at headquarters (R22.2). What HQ holds
 * of a device is the device's own chain, rebuilt: a read at HQ written into
 * it would make HQ's copy differ from the device's, and the device's next
 * sync would be refused as a rewritten history. So a read at HQ (`record
 * show`, `export`, `copy` of a DEVICE:ID) is logged in HQ's registry,
 * table hq_access, before anything is shown. */
#ifndef CORE_HQ_ACCESS_H
#define CORE_HQ_ACCESS_H

#include "core/msg.h"
#include "core/status.h"

/*
 * Appends to the HQ registry at HQ_PATH (made if missing: the table
 * hq_access) that OFFICER (NULL: nobody named) read WHAT ("show", "export",
 * "copy") of RECORDS (N ids) in action ACTION of DEVICE, now; SHA256 (may be
 * NULL) the hex SHA-256 of what was given. Returns JL_OK, or JL_ESTORE with
 * the reason in ERR: then nothing is shown.
 */
jl_status hq_access_log(const char *hq_path, const char *device, const char *officer,
			const char *what, long long action, const long long *records, int n,
			const char *sha256, msglist *err);

#endif
