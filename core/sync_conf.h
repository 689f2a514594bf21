/* core/sync_conf.h — the device's sync settings ($XDG_CONFIG_HOME/jilu/sync.conf). */
#ifndef CORE_SYNC_CONF_H
#define CORE_SYNC_CONF_H

#include "core/buf.h"
#include "core/msg.h"
#include "core/status.h"

typedef struct {
	char *remote;      /* ssh://USER@HOST[:PORT] */
	char *identity;    /* private key file */
	char *known_hosts; /* known-hosts file */
	int autosync;      /* "auto = yes": the screens sync after each finalise */
} sync_conf;

/* Returns the directory of jilu's settings, $XDG_CONFIG_HOME/jilu or
 * ~/.config/jilu; caller frees. NULL when neither is set. */
char *sync_conf_dir(void);

/*
 * Reads the settings file PATH ("key = value" lines: remote, identity,
 * known_hosts, auto (yes or no); # comments). An auto that is neither yes
 * nor no is JL_EINVALID, never taken as either. A missing file leaves C
 * empty and returns JL_OK. An unknown key, a key given twice or without a
 * value, a line without "=", a NUL byte, a line that is not UTF-8 or holds a
 * control or invisible character (core/text.h TEXT_LINE), or a quoted value
 * is JL_EINVALID with "PATH:LINE: …" in ERR. Free C with sync_conf_free.
 */
jl_status sync_conf_load(const char *path, sync_conf *c, msglist *err);

/* Appends the text of C as sync_conf_load reads it. */
void sync_conf_text(const sync_conf *c, buf *out);

void sync_conf_free(sync_conf *c);

#endif
