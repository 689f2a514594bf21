/* core/hq_audit.h — what HQ's operators review after a device's key may have
 * been stolen: the refusals HQ recorded, and the entries it received from a
 * device after a given time (docs/sync.md, "What a stolen device key can
 * do"). Reads only. */
#ifndef CORE_HQ_AUDIT_H
#define CORE_HQ_AUDIT_H

#include <time.h>

#include "core/db.h"
#include "core/msg.h"
#include "core/status.h"

typedef struct {
	char *device, *at, *reason, *detail; /* detail may be NULL */
} hq_refusal_row;

/*
 * The refusals of the registry D, oldest first: DEVICE's only unless it is
 * NULL, and only those recorded at or after SINCE unless it is 0. Returns
 * JL_OK with *ROWS (free with hq_refusals_free) and *N, or JL_ESTORE with
 * the reason in ERR.
 */
jl_status hq_refusals_list(db *d, const char *device, time_t since, hq_refusal_row **rows, int *n,
			   msglist *err);
void hq_refusals_free(hq_refusal_row *rows, int n);

typedef struct {
	long long seq;
	char *received_at; /* when HQ received it (hq_received) */
	char *kind, *subject;
	char *at;          /* the device's own time in the body, or NULL */
} hq_received_row;

/*
 * The entries of DEVICE that HQ received at or after SINCE (0: all), by
 * seq: from the registry D's hq_received and the device's store M at HQ.
 * Returns JL_OK with *ROWS (free with hq_received_free) and *N, or
 * JL_ESTORE with the reason in ERR.
 */
jl_status hq_received_list(db *d, db *m, const char *device, time_t since, hq_received_row **rows,
			   int *n, msglist *err);
void hq_received_free(hq_received_row *rows, int n);

#endif
