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

