/* core/db.h — the SQLite store: open, migrate, cached statements, transactions. */
#ifndef CORE_DB_H
#define CORE_DB_H

#include <sqlite3.h>

#include "core/msg.h"
#include "core/status.h"

typedef struct db db;

/* The schema version this program writes (PRAGMA user_version). */
#define DB_SCHEMA_VERSION 9

/* How db_open opens a store. */
enum {
	DB_OPEN_WRITE = 0,  /* an existing store, to read and write */
	DB_OPEN_CREATE = 1, /* made (with its directory) when missing */
	DB_OPEN_READ = 2,   /* an existing store, to read: on read-only media
			     * it is opened as it is, read-only */
};

/*
 * Opens the store at PATH in mode CREATE (DB_OPEN_…). DB_OPEN_CREATE makes a
 * missing file (and its directory); otherwise a missing file is an error. Migrations run in one
 * transaction. A database made by a newer program is refused (JL_ENEWER).
 * On success *OUT is the handle (free with db_close). Problems go to ERR.
 */
jl_status db_open(const char *path, int create, db **out, msglist *err);

/* Finalises every cached statement and closes. Safe with NULL. */
void db_close(db *d);

/* Returns the SQLite handle (owned by D). */
sqlite3 *db_sqlite(db *d);
/* Returns the path D was opened with (owned by D). */
const char *db_path(const db *d);
/* Returns the full path of the file SQLite opened for D, symbolic links
 * resolved (its -wal and -shm lie beside it; so does media/), or db_path
 * when SQLite gives none. Borrowed: valid while D is open. */
const char *db_file(db *d);

/*
 * Returns column I of the row ST stands on as a malloc'd copy of its text
 * (the caller frees), or NULL when the column is NULL or memory ran out.
 */
char *db_column_dup(sqlite3_stmt *st, int i);

/*
 * Returns a prepared statement for SQL, reset and with cleared bindings,
 * cached in D: the caller never finalises it. SQL must be a string literal
 * (the cache keys on its address). NULL on error (db_errmsg tells).
 */
sqlite3_stmt *db_prepare(db *d, const char *sql);

/*
 * The one list reader: steps ST (prepared and bound by the caller) to its end,
 * FILL copying each row into a new element of SIZE bytes of a growing array.
 * Returns JL_OK with *ROWS (caller frees each element with FREE_ROW, then the
 * array) and *N; JL_ESTORE when a step fails (the list would be silently
 * short) or JL_ENOMEM, with *ROWS NULL and *N 0 (what was read is freed).
 * ST is reset.
 */
jl_status db_list(sqlite3_stmt *st, size_t size, void (*fill)(sqlite3_stmt *st, void *row),
		  void (*free_row)(void *row), void **rows, int *n);

/* Frees N rows of SIZE bytes at ROWS, each with FREE_ROW (what db_list was
 * given), then ROWS itself. ROWS may be NULL when N is 0. */
void db_rows_free(void *rows, int n, size_t size, void (*free_row)(void *row));

/* Returns SQLite's last error message for D. */
const char *db_errmsg(db *d);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return JL_OK or JL_ESTORE. */
jl_status db_begin(db *d);
jl_status db_commit(db *d);
void db_rollback(db *d);

/*
 * Begins a consistent read: every read until db_snapshot_end sees the store
 * as it stood at the first of them, while other sessions write. Inside a
 * transaction already (the caller's) it does nothing. Returns 1 when it
 * began one (pass it to db_snapshot_end), 0 when it did not need to, -1 on
 * a store error.
 */
int db_snapshot_begin(db *d);
/* Ends the read db_snapshot_begin began when BEGAN is 1; else nothing. */
void db_snapshot_end(db *d, int began);

/* Runs SQL with no result rows. Returns JL_OK or JL_ESTORE. */
jl_status db_exec(db *d, const char *sql);

/* Reads meta value KEY into a new string (caller frees), or NULL. */
char *db_meta_get(db *d, const char *key);
/* Sets meta KEY to VALUE. */
jl_status db_meta_set(db *d, const char *key, const char *value);

/* Sets meta KEY to VALUE unless it is set already (another session may be
 * setting it at the same moment); *STORED gets the value that holds (caller
 * frees). */
jl_status db_meta_set_once(db *d, const char *key, const char *value, char **stored);

/* Returns the default path: $XDG_DATA_HOME/jilu/jilu.db or
 * ~/.local/share/jilu/jilu.db; caller frees. */
char *db_default_path(void);

/* Appends a store-error message naming what failed and SQLite's reason. */
void db_error(db *d, msglist *err, const char *what_zh, const char *what_en);

#endif
