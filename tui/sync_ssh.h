/* tui/sync_ssh.h — the device's SSH link to headquarters (libssh): the
 * stream core's sync protocol runs over. Here, not in core/, which never
 * includes a network header (make core-alone). */
#ifndef TUI_SYNC_SSH_H
#define TUI_SYNC_SSH_H

#include <stdatomic.h>

#include "core/msg.h"
#include "core/status.h"
#include "core/sync_io.h"

/* Where and how to reach HQ. */
typedef struct {
	const char *remote;      /* ssh://USER@HOST[:PORT] */
	const char *identity;    /* the device's private key file */
	const char *known_hosts; /* the only known-hosts file consulted */
	int timeout_s;           /* the deadline of the connect and of every read and write */
	/* Non-zero: stop (the screens' x). A read waiting on HQ looks at it
	 * every 200 ms and ends the stream; NULL: nothing stops it but the
	 * deadline. */
	const _Atomic int *cancel;
} sync_target;

typedef struct sync_ssh sync_ssh;

/*
 * Splits ssh://USER@HOST[:PORT] (HOST may be [v6]). Returns JL_OK with *USER
 * and *HOST (caller frees) and *PORT (22 unless given), or JL_EUSAGE with
 * what is wrong in ERR.
 */
jl_status sync_remote_parse(const char *remote, char **user, char **host, int *port,
			    msglist *err);

/*
 * Connects to T->remote, checks HQ's host key against T->known_hosts only
 * (an unknown or changed key is refused with its SHA-256 fingerprint; no ssh
 * config file is read), authenticates with T->identity alone, and runs
 * COMMAND on an exec channel (HQ's forced command replaces it). Returns
 * JL_OK and *OUT (free with sync_ssh_close), or JL_ELINK (JL_EUSAGE for a
 * malformed remote) with the reason in one message in ERR.
 */
jl_status sync_ssh_open(const sync_target *t, const char *command, sync_ssh **out, msglist *err);

/* The protocol stream over the channel (owned by S). */
sync_io *sync_ssh_io(sync_ssh *s);

/* Appends what the remote command wrote to its stderr, if anything (waits
 * briefly for it: it explains a stream that ended early). */
void sync_ssh_stderr(sync_ssh *s, buf *out);

/* Sends EOF, closes the channel and the session, frees S. Safe with NULL. */
void sync_ssh_close(sync_ssh *s);

/*
 * `jilu sync trust`: connects to T->remote and adds the key HQ presents to
 * T->known_hosts only when its SHA-256 fingerprint is FINGERPRINT
 * ("SHA256:…" or the part after it). Returns JL_OK (*ALREADY set when it was
 * already trusted), JL_ELINK when the connection fails or the key presented
 * has another fingerprint (both shown), JL_ESTORE when the file cannot be
 * written; the reason in ERR.
 */
jl_status sync_ssh_trust(const sync_target *t, const char *fingerprint, int *already, msglist *err);

#endif
