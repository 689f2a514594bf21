/* tui/sync_job.h — one sync with headquarters as a function: where to (the
 * options, then sync.conf), its own store connection, the link, the
 * exchange. `jilu sync` and the screens' sync (tui/ui_sync.c) both call it,
 * so the two can never sync differently. */
#ifndef TUI_SYNC_JOB_H
#define TUI_SYNC_JOB_H

#include "core/jl.h"
#include "core/msg.h"
#include "core/status.h"
#include "core/sync_conf.h"
#include "core/sync_send.h"
#include "tui/sync_ssh.h"

/* What the command line gave; NULL: take sync.conf's. */
typedef struct {
	const char *remote, *identity, *known_hosts;
	const char *autosync; /* `sync setup --auto yes|no` only */
} sync_opts;

/* Where a sync goes: T points into CONF and KH. */
typedef struct {
	sync_conf conf;
	char *kh;      /* the default known-hosts file, $XDG_CONFIG_HOME/jilu/known_hosts */
	sync_target t;
} sync_where;

/*
 * Fills W from O, then $XDG_CONFIG_HOME/jilu/sync.conf, then the defaults
 * (JILU_SYNC_TIMEOUT seconds, else 30). NEED_IDENTITY: a device key must be
 * set too. Returns JL_OK; JL_EUSAGE when no headquarters (or key) is set,
 * with how to set it (jilu sync setup) in ERR; JL_EINVALID or JL_ESTORE for
 * a sync.conf that cannot be read. Free W with sync_where_free either way.
 */
jl_status sync_where_load(const sync_opts *o, int need_identity, sync_where *w, msglist *err);
void sync_where_free(sync_where *w);

/*
 * Syncs store J with headquarters at T. J is the caller's connection, used
 * by this thread alone (the screens' worker opens its own: an SQLite
 * connection is never shared between threads). Connects (strict host key),
 * runs the exchange (core/sync_send.h), which notes the time and HQ's head
 * in J's store when HQ acknowledged everything. PROGRESS (may be NULL) is
 * called as it moves and cancels the sync by returning non-zero (what HQ
 * acknowledged stays). Returns sync_run's status, or sync_ssh_open's
 * (JL_ELINK: the reason in one line), or JL_ESTORE (no device id); the
 * reason in ERR, with what HQ's side said when the link ended early. RES is
 * filled as far as it got (free with sync_result_free).
 */
jl_status sync_job_sync(jl *j, const sync_target *t, sync_progress_fn progress, void *ctx,
			sync_result *res, msglist *err);

#endif
