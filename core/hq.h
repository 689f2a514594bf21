/* core/hq.h — headquarters' side of sync: `jilu hq ingest`, the forced
 * command of each device's key (docs/sync.md). */
#ifndef CORE_HQ_H
#define CORE_HQ_H

#include "core/buf.h"
#include "core/msg.h"
#include "core/status.h"

/* A device clock further than this from HQ's is warned about (and both
 * times kept). */
#define HQ_SKEW_WARN 300

/*
 * Runs one ingest session for DEVICE (the identity HQ's authorized_keys line
 * gave its key: never what the device says) over the file descriptors IN and
 * OUT, storing into the HQ store at DB_PATH (made on first use). Every read
 * and write waits at most TIMEOUT_S seconds. Returns JL_OK when the device
 * said it was done; JL_EREFUSED (a fork, a bad hash, edited data: recorded
 * in hq_refusals, nothing of the batch kept); JL_EINVALID (a message not
 * understood or over a limit); JL_ELINK (the link died); JL_ESTORE. The
 * reason is in ERR and was sent to the device.
 */
jl_status hq_ingest(const char *db_path, const char *device, int in, int out, int timeout_s,
		    msglist *err);

/* Returns 1 when S can be a device id (1–64 of A–Z a–z 0–9 . _ -), else 0. */
int hq_device_valid(const char *s);

#endif
