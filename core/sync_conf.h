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
} sync_conf;

/* Returns the directory of jilu's settings, $XDG_CONFIG_HOME/jilu or
 * ~/.config/jilu; caller frees. NULL when neither is set. */
char *sync_conf_dir(void);

/*
 * Reads the settings file PATH ("key = value" lines: remote, identity,
 * known_hosts; # comments). A missing file leaves C empty and returns JL_OK.
 * An unknown key, a key given twice or without a value, a line without
 * "=", a NUL byte, a
 * line that is not UTF-8 or holds a control or invisible character
 * (core/text.h TEXT_LINE), or a quoted value is JL_EINVALID with
 * "PATH:LINE: …" in ERR. Free C with sync_conf_free.
 */
jl_status sync_conf_load(const char *path, sync_conf *c, msglist *err);

/* Appends the text of C as sync_conf_load reads it. */
void sync_conf_text(const sync_conf *c, buf *out);

void sync_conf_free(sync_conf *c);

#endif
