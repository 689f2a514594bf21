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

/*
 * Appends the authorized_keys line for DEVICE: 
 * command="JILU hq ingest --db DB --device DEVICE",restrict KEYLINE
 * KEYLINE is the public key file's one line ("ssh-ed25519 AAAA… comment").
 * Returns JL_OK, or JL_EINVALID with the reason in ERR (a device id or path
 * that cannot be quoted safely, a key line that is not one public key: a type
 * of other characters than a-z 0-9 - . @, data that is not base64 or does
 * not decode to a key of that type).
 */
jl_status hq_enroll_line(const char *jilu, const char *db_path, const char *device,
			 const char *keyline, buf *out, msglist *err);

#endif
