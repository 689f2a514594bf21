/* core/kv.h — "key = value" settings files, read strictly: the one line
 * reader of the config file (tui/config.c) and sync.conf (core/sync_conf.c).
 * Each caller judges its own keys and values; what is wrong with a line as
 * such is judged here, the same for both. */
#ifndef CORE_KV_H
#define CORE_KV_H

#include <stdio.h>

#include "core/buf.h"
#include "core/msg.h"

/* One file being read (fields private to core/kv.c). */
typedef struct {
	FILE *fp;
	char *path;
	char *line;
	size_t cap;
	int lineno;
	buf where;
	const char *keys_zh, *keys_en;
} kv_file;

/*
 * Opens PATH for reading into F. KEYS_ZH and KEYS_EN (static texts, "store、
 * officer、language" / "store, officer, language") name the keys in the
 * message of a line without "=". Returns 0; -1 with errno set when the file
 * cannot be opened (ENOENT: there is none), F then needing no kv_close.
 */
int kv_open(kv_file *f, const char *path, const char *keys_zh, const char *keys_en);

/*
 * Reads the next setting of F, skipping blank lines and lines whose first
 * character after blanks is #. A line is read whole, however long (the tail
 * of a long comment is never a setting); its end (LF, CR) and the spaces and
 * tabs around the key and the value are trimmed, and nothing else: a CR
 * inside the line is the key's or the value's, and refused.
 * Returns 1 with *KEY and *VAL set (owned by F, valid until the next call);
 * 0 at the end of the file; -1 with one message at kv_where(F) in ERR when
 * the line holds a NUL byte, has no "=", or its key or value is not one line
 * of UTF-8 free of controls and invisible characters (core/text.h
 * TEXT_LINE: nothing a terminal acts on reaches a message or the screen).
 */
int kv_next(kv_file *f, char **key, char **val, msglist *err);

/* Returns "PATH:LINE" of the line last read (owned by F). */
const char *kv_where(const kv_file *f);

/* Closes F and frees what it holds. Safe to call twice. */
void kv_close(kv_file *f);

#endif
