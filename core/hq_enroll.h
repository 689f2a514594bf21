/* core/hq_enroll.h — the authorized_keys line that enrols a device's key at
 * headquarters: its forced command is `jilu hq ingest`, so the key says
 * which device is calling (docs/sync.md). */
#ifndef CORE_HQ_ENROLL_H
#define CORE_HQ_ENROLL_H

#include "core/buf.h"
#include "core/msg.h"
#include "core/status.h"

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
