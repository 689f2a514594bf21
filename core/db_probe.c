/* core/db_probe.c — what a database file holds, looked at without changing it. */
#include "core/db_probe.h"

#include <sys/stat.h>

#include "core/buf.h"

/* Appends the URI of the file PATH, read-only and immutable (nothing beside
 * it, no -wal or -shm, is read or made). */
void db_probe_uri(buf *uri, const char *path)
{
	const unsigned char *p;

	buf_puts(uri, "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ')
			buf_printf(uri, "%%%02X", *p);
		else
			buf_append(uri, (const char *)p, 1);
	}
	buf_puts(uri, "?mode=ro&immutable=1");
}

/* Says what the open connection H holds (see DB_PROBE_…). Reads only. */
int db_probe_handle(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	int what = DB_PROBE_UNKNOWN;

	if (sqlite3_prepare_v2(h,
			       "SELECT count(*), "
			       "  (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta') "
			       "FROM sqlite_master",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 0) == 0)
			what = DB_PROBE_EMPTY;
		else if (sqlite3_column_int(st, 1) == 0)
			what = DB_PROBE_FOREIGN;
		else
			what = DB_PROBE_OURS;
	}
	sqlite3_finalize(st);
	if (what == DB_PROBE_EMPTY) {
		/* No table, but a version or an application id: another program's
		 * (jilu sets its version with its tables, in one transaction). */
		st = NULL;
		if (sqlite3_prepare_v2(h,
				       "SELECT (SELECT user_version FROM pragma_user_version) <> 0"
				       "    OR (SELECT application_id FROM pragma_application_id) <> 0",
				       -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0))
			what = DB_PROBE_FOREIGN;
		sqlite3_finalize(st);
	}
	if (what != DB_PROBE_OURS)
		return what;
	/* A table named meta is not enough: jilu's keeps its schema version. */
	what = DB_PROBE_FOREIGN;
	if (sqlite3_prepare_v2(h, "SELECT 1 FROM meta WHERE key = 'schema_version'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		what = DB_PROBE_OURS;
	sqlite3_finalize(st);
	return what;
}

/*
 * Looks at the file PATH without changing it by a byte (immutable: no
 * journal, no -wal or -shm is made) and says what it holds. A store whose
 * newest pages are still in its -wal cannot be judged that way: then
 * DB_PROBE_UNKNOWN, and the caller looks through its own connection.
 */
int db_probe_file(const char *path)
{
	sqlite3 *h = NULL;
	buf uri = BUF_INIT;
	struct stat sb;
	int what = DB_PROBE_UNKNOWN;

	db_probe_uri(&uri, path);
	if (!uri.oom &&
	    sqlite3_open_v2(buf_str(&uri), &h,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL) == SQLITE_OK)
		what = db_probe_handle(h);
	sqlite3_close(h);
	buf_reset(&uri);
	buf_printf(&uri, "%s-wal", path);
	if (what != DB_PROBE_OURS && stat(buf_str(&uri), &sb) == 0 && sb.st_size > 0)
		what = DB_PROBE_UNKNOWN; /* the -wal may hold what the file lacks */
	buf_free(&uri);
	return what;
}


/* See db_probe.h. A store whose schema version is right but which lacks a
 * table or a column (dropped behind jilu's back) must not be written to: a
 * command would store an action or a ledger entry whose records or media
 * cannot follow. Each table is read for its columns (no row): SQLite says
 * whether they are all there. */
const char *db_probe_missing_table(sqlite3 *h)
{
	static const struct {
		const char *name, *sql;
	} tables[] = {
		{"meta", "SELECT key, value FROM meta LIMIT 0"},
		{"officers", "SELECT id, name, cert, role, created_at, created_by, changed_at,"
			     " changed_by, ledger_seq, roles, retired_at, retired_by, retired_reason"
			     " FROM officers LIMIT 0"},
		{"reopenings", "SELECT action_id, reopened_at, reopened_by, reason, device, closed_at,"
			       " closed_by, close_reason, close_seq, ledger_seq FROM reopenings LIMIT 0"},
		{"actions", "SELECT id, kind, title, device, opened_by, opened_at, closed_by,"
			    " closed_at, ledger_seq, open_seq FROM actions LIMIT 0"},
		{"records", "SELECT id, action_id, form, form_version, state, data, author, device,"
			    " created_at, updated_at, finalized_at, finalized_by, amends, reason,"
			    " ledger_seq FROM records LIMIT 0"},
		{"ledger", "SELECT seq, device, kind, subject, body, prev_hash, hash FROM ledger LIMIT 0"},
		{"media", "SELECT id, record_id, sha256, name, kind, size, captured_at, stored_at,"
			  " added_by, device, ledger_seq FROM media LIMIT 0"},
	};
	size_t i;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		sqlite3_stmt *st = NULL;
		int ok = sqlite3_prepare_v2(h, tables[i].sql, -1, &st, NULL) == SQLITE_OK;
		sqlite3_finalize(st);
		if (!ok)
			return tables[i].name;
	}
	return NULL;
}
