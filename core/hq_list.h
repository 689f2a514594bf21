/* core/hq_list.h — which devices headquarters holds: what the read
 * commands at HQ go through, device by device (issue 8 item 1). */
#ifndef CORE_HQ_LIST_H
#define CORE_HQ_LIST_H

#include "core/msg.h"
#include "core/status.h"

typedef struct {
	char *device;    /* as enrolled (core/hq.h hq_device_valid) */
	long long seq;   /* the head of its chain HQ holds */
	char *last_sync; /* when HQ last heard from it */
} hq_list_row;

/*
 * Returns 1 when the store at PATH is headquarters' registry (it has the
 * table hq_devices), else 0 — also when PATH cannot be opened: the command's
 * own open then says why. Opens PATH read-only and changes nothing.
 */
int hq_list_is_hq(const char *path);

/*
 * Lists the devices the HQ store at PATH holds, by device id. Returns JL_OK
 * with *ROWS (free with hq_list_free) and *N; JL_ESTORE with the reason in
 * ERR (no such store, not HQ's).
 */
jl_status hq_list_devices(const char *path, hq_list_row **rows, int *n, msglist *err);

/* Frees ROWS (N of them) as hq_list_devices returned them. */
void hq_list_free(hq_list_row *rows, int n);

#endif
