/* core/db_probe.h — what a database file holds, looked at without changing it:
 * a store of jilu's, an empty database, or another program's (never touched). */
#ifndef CORE_DB_PROBE_H
#define CORE_DB_PROBE_H

#include <sqlite3.h>

#include "core/buf.h"

/* What a database holds. */
enum {
	DB_PROBE_EMPTY = 0,   /* no table at all: a new store may be made in it */
	DB_PROBE_OURS = 1,    /* jilu's: a meta table with its schema version */
	DB_PROBE_FOREIGN = 2, /* tables, but not jilu's: never touched */
	DB_PROBE_UNKNOWN = 3, /* cannot tell (not a database, unreadable, pages in a -wal) */
};

/* Appends to URI the SQLite URI of the file PATH, read-only and immutable
 * (nothing beside it, no -wal or -shm, is read or made). */
void db_probe_uri(buf *uri, const char *path);

/* Returns what the open connection H holds (DB_PROBE_…). Reads only. */
int db_probe_handle(sqlite3 *h);

/*
 * Returns what the file PATH holds (DB_PROBE_…), looked at without changing
 * it by a byte (immutable: no journal, -wal or -shm is made). A database whose
 * newest pages may still be in its -wal cannot be judged that way:
 * DB_PROBE_UNKNOWN, and the caller looks through its own connection.
 */
int db_probe_file(const char *path);

/* Returns the name (a static string) of the first of jilu's tables that the
 * open connection H lacks, or that lacks one of its columns; NULL when all
 * are there. Reads only (no row). */
const char *db_probe_missing_table(sqlite3 *h);

#endif
