/* core/access.h — the access log (R22.2): who read what, when, from which
 * device, as chained ledger entries of kind "access".
 *
 * One entry per command or screen visit, never per line. Its body, in the
 * canonical form of every entry (keys sorted, no spaces):
 *   {"action":A,"at":T,"by":OFFICER|null,"device":D,"kind":"access",
 *    "records":[R,…],"seq":N[,"sha256":HEX],"what":"show"|"export"|"copy"}
 * (sha256: of the copy given, for "copy").
 * subject "access:A". Deleting or editing one breaks the ledger's chain, so
 * `verify` fails; sync carries them with the rest of the ledger.
 */
#ifndef CORE_ACCESS_H
#define CORE_ACCESS_H

#include "core/jl.h"

/*
 * Appends one access entry for J's acting officer (J->officer; NULL:
 * nobody named) in its own transaction: WHAT ("show", "export", "copy")
 * of RECORDS (N ids, may be 0) in action ACTION; SHA256 (NULL: none) the
 * hex SHA-256 of what was given (a copy). The store must be open for
 * writing and have its device id. Returns JL_OK or JL_ESTORE with the
 * reason in ERR: the caller then shows nothing (no read goes unlogged).
 */
jl_status access_log(jl *j, const char *what, long long action, const long long *records,
		     int n, const char *sha256, msglist *err);

/* One access entry, as `jilu log` lists it. */
typedef struct {
	long long seq, action;
	char *at, *by, *device, *what, *records; /* records: "1,2,3" */
} access_row;

/*
 * Lists access entries in ledger order into *ROWS (free with
 * access_rows_free): only those by OFFICER, of RECORD, in ACTION, at or
 * after SINCE (each NULL or 0: any). Needs a supervisor or head
 * (perm_check PERM_READ_LOG: JL_EDENIED). Returns JL_OK or JL_ESTORE.
 */
jl_status access_list(jl *j, const char *officer, long long record, long long action,
		      const char *since, access_row **rows, int *n, msglist *err);

/*
 * Reads every row of ST into *ROWS (*N of them; free with
 * access_rows_free), ST's columns being, from 0: seq, at, by, device,
 * action, records, what — the one reader of a device's log (access_list)
 * and of HQ's (hq_access_list). Resets ST. Returns JL_OK, JL_ENOMEM or
 * JL_ESTORE (nothing in *ROWS then); says nothing: the caller does.
 */
jl_status access_rows_read(sqlite3_stmt *st, access_row **rows, int *n);

void access_rows_free(access_row *rows, int n);

#endif
