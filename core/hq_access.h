/* core/hq_access.h — the access log at headquarters (R22.2). What HQ holds
 * of a device is the device's own chain, rebuilt: a read at HQ written into
 * it would make HQ's copy differ from the device's, and the device's next
 * sync would be refused as a rewritten history. So a read at HQ (`record
 * show`, `export`, `copy` of a DEVICE:ID) is logged in HQ's registry,
 * table hq_access, before anything is shown.
 *
 * The table is a hash chain of its own, as a device's ledger is, so a row
 * cut or edited with sqlite3 fails `hq verify`: each row keeps prev (the
 * hash of the row before; ledger_genesis for the first) and hash =
 * ledger_hash(prev, canonical), canonical being the row as compact JSON
 * with its keys sorted:
 *   {"action":A,"at":T,"by":OFFICER|null,"device":D,"id":N,
 *    "records":"1,2","sha256":HEX|null,"what":W}
 * Table hq_access_head keeps the last row's id and hash, so a cut at the
 * end is seen too. */
#ifndef CORE_HQ_ACCESS_H
#define CORE_HQ_ACCESS_H

#include "core/access.h"
#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"

/*
 * Appends to the HQ registry at HQ_PATH (made if missing: the table
 * hq_access) that OFFICER (NULL: nobody named) read WHAT ("show", "export",
 * "copy") of RECORDS (N ids) in action ACTION of DEVICE, now; SHA256 (may be
 * NULL) the hex SHA-256 of what was given. Rows a jilu before the chain
 * wrote are chained first, in id order. Returns JL_OK, or JL_ESTORE with
 * the reason in ERR: then nothing is shown.
 */
jl_status hq_access_log(const char *hq_path, const char *device, const char *officer,
			const char *what, long long action, const long long *records, int n,
			const char *sha256, msglist *err);

/*
 * Lists HQ's own reads from the registry at HQ_PATH, by id, into *ROWS
 * (free with access_rows_free; seq is the row's id, device the device read):
 * only of DEVICE, by OFFICER, of RECORD, in ACTION, at or after SINCE (each
 * NULL or 0: any). A registry with no read yet lists none. Checks no
 * permission: the caller did (tui/cli_hq_log.c). Returns JL_OK or JL_ESTORE
 * with the reason in ERR.
 */
jl_status hq_access_list(const char *hq_path, const char *device, const char *officer,
			 long long record, long long action, const char *since, access_row **rows,
			 int *n, msglist *err);

/*
 * Re-checks the chain of hq_access in the HQ store D: each row's hash, its
 * link to the row before, ids without a gap, and the last row against
 * hq_access_head. Each fault is a message in OUT whose "where" is
 * "hq_access #ID". Returns the number of faults, or -1 on a store error.
 */
int hq_access_verify(db *d, msglist *out);

#endif
