/* tui/atomic.h — a file replaced whole or not at all. */
#ifndef TUI_ATOMIC_H
#define TUI_ATOMIC_H

#include <stddef.h>

#include "core/msg.h"
#include "core/status.h"

/*
 * Writes the LEN bytes at DATA to PATH: a temporary file beside it, fsynced,
 * renamed over it, then the directory fsynced, so PATH holds the old file or
 * the whole new one, even across a power cut. The new file is as readable as
 * any the user makes (0666 less the umask). Returns JL_OK; JL_ESTORE with
 * what failed (in both languages) appended to MSGS; or JL_ENOMEM. No
 * temporary file is left behind; the caller frees nothing new.
 */
jl_status atomic_write(const char *path, const char *data, size_t len,
		       msglist *msgs);

#endif
