/* core/db.c — the SQLite store. */
#include "core/db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/db_probe.h"
#include "core/schema.h"

#define DB_CACHE_MAX 96

struct db {
	sqlite3 *h;
	char *path;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[DB_CACHE_MAX];
	int ncache;
};

sqlite3 *db_sqlite(db *d) { return d->h; }
const char *db_path(const db *d) { return d->path; }

const char *db_file(db *d)
{
	const char *f = d->h ? sqlite3_db_filename(d->h, "main") : NULL;

	return f && *f ? f : d->path;
}
const char *db_errmsg(db *d) { return sqlite3_errmsg(d->h); }

void db_error(db *d, msglist *err, const char *what_zh, const char *what_en)
{
	const char *why = d ? db_errmsg(d) : "?";
	buf zh = BUF_INIT, en = BUF_INIT;

	buf_printf(&zh, "%s：%s", what_zh, why);
	buf_printf(&en, "%s: %s", what_en, why);
	msglist_add(err, NULL, NULL, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
}

char *db_default_path(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	buf b = BUF_INIT;

	if (x && *x)
		buf_printf(&b, "%s/jilu/jilu.db", x);
	else
		buf_printf(&b, "%s/.local/share/jilu/jilu.db", home && *home ? home : ".");
	return buf_steal(&b);
}

/* Makes every missing directory above PATH's last component. */
static int db_mkdirs(const char *path)
{
	char *p = strdup(path), *s;
	int rc = 0;

	if (!p)
		return -1;
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	free(p);
	return rc;
}

sqlite3_stmt *db_prepare(db *d, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int i;

	for (i = 0; i < d->ncache; i++) {
		if (d->cache[i].sql == sql) {
			st = d->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v3(d->h, sql, -1,
			       d->ncache < DB_CACHE_MAX ? SQLITE_PREPARE_PERSISTENT : 0,
			       &st, NULL) != SQLITE_OK)
		return NULL;
	if (d->ncache < DB_CACHE_MAX) {
		d->cache[d->ncache].sql = sql;
		d->cache[d->ncache].st = st;
		d->ncache++;
	}
	/* Past the cache size the statement leaks until close: never expected,
	 * the program has far fewer distinct statements. */
	return st;
}

char *db_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

void db_rows_free(void *rows, int n, size_t size, void (*free_row)(void *row))
{
	int i;

	for (i = 0; i < n; i++)
		free_row((char *)rows + (size_t)i * size);
	free(rows);
}

jl_status db_list(sqlite3_stmt *st, size_t size, void (*fill)(sqlite3_stmt *st, void *row),
		  void (*free_row)(void *row), void **rows, int *n)
{
	char *out = NULL;
	int cap = 0, step;
	jl_status rc = JL_OK;

	*rows = NULL;
	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			char *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(out, (size_t)cap * size);
			if (!p) {
				rc = JL_ENOMEM;
				goto done;
			}
			out = p;
		}
		memset(out + (size_t)*n * size, 0, size);
		fill(st, out + (size_t)*n * size);
		++*n;
	}
	if (step != SQLITE_DONE)
		rc = JL_ESTORE;
done:
	sqlite3_reset(st);
	if (rc != JL_OK) {
		db_rows_free(out, *n, size, free_row);
		out = NULL;
		*n = 0;
	}
	*rows = out;
	return rc;
}

jl_status db_exec(db *d, const char *sql)
{
	return sqlite3_exec(d->h, sql, NULL, NULL, NULL) == SQLITE_OK ? JL_OK : JL_ESTORE;
}

/* Runs the cached statement SQL (no result rows, no parameters). Every
 * write begins and commits: compiling BEGIN and COMMIT afresh each time
 * (sqlite3_exec) was a tenth of SQLite's share of finalising a record. */
static jl_status db_run(db *d, const char *sql)
{
	sqlite3_stmt *st = db_prepare(d, sql);
	int rc;

	if (!st)
		return JL_ESTORE;
	rc = sqlite3_step(st);
	/* Reset at once: a finished statement holds nothing, but is not left
	 * for the next call to find. The step's error stays for db_errmsg. */
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? JL_OK : JL_ESTORE;
}

jl_status db_begin(db *d) { return db_run(d, "BEGIN IMMEDIATE"); }
jl_status db_commit(db *d) { return db_run(d, "COMMIT"); }

void db_rollback(db *d)
{
	if (!sqlite3_get_autocommit(d->h))
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_snapshot_begin(db *d)
{
	if (!sqlite3_get_autocommit(d->h))
		return 0;
	/* A deferred BEGIN takes its snapshot at the first read: the schema
	 * read makes that now, so the snapshot is the moment of this call. */
	if (db_exec(d, "BEGIN") != JL_OK)
		return -1;
	if (db_exec(d, "SELECT 1 FROM sqlite_schema LIMIT 1") != JL_OK) {
		db_rollback(d);
		return -1;
	}
	return 1;
}

void db_snapshot_end(db *d, int began)
{
	if (began == 1)
		db_rollback(d);
}

char *db_meta_get(db *d, const char *key)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT value FROM meta WHERE key = ?1");
	char *v = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return v;
}

jl_status db_meta_set(db *d, const char *key, const char *value)
{
	sqlite3_stmt *st = db_prepare(d,
		"INSERT INTO meta(key, value) VALUES (?1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	int rc;

	if (!st)
		return JL_ESTORE;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? JL_OK : JL_ESTORE;
}

jl_status db_meta_set_once(db *d, const char *key, const char *value, char **stored)
{
	sqlite3_stmt *st = db_prepare(d, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
					 "ON CONFLICT(key) DO NOTHING");
	int rc;

	*stored = NULL;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return JL_ESTORE;
	*stored = db_meta_get(d, key);
	return *stored ? JL_OK : JL_ESTORE;
}

static int db_user_version(db *d)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(d->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * A store loaded from `sqlite3 .dump` has user_version 0 but its tables;
 * the schema version is also kept in meta, so it is recovered from there.
 * Returns the version found there, or 0 when there is no meta table.
 */
static int db_meta_version(db *d)
{
	sqlite3_stmt *st = NULL;
	int v = 0;

	if (sqlite3_prepare_v2(d->h, "SELECT value FROM meta WHERE key = 'schema_version'",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * Returns 1 (with the reason in ERR) when D holds a store of a schema before
 * DB_SCHEMA_OLDEST: HAVE is its version, or -1 to read it here. No store of
 * these versions exists in the field: their ledger format is gone, and
 * nothing would vouch for what a conversion wrote. Checked before anything
 * is written, so such a store is left as it is.
 */
static int db_old_format(db *d, int have, msglist *err)
{
	if (have < 0)
		have = db_user_version(d);
	if (have == 0)
		have = db_meta_version(d); /* loaded from a dump */
	if (have <= 0 || have >= DB_SCHEMA_OLDEST)
		return 0;
	msglist_addf(err, NULL, d->path,
		     "数据库是旧的测试版格式（架构版本 %d，存证链格式已改为版本 %d），本程序不读取：请用 jilu init 新建数据库",
		     "the database has the old pre-release format (schema %d; the ledger format changed in version %d) and is not read: create a new one with jilu init",
		     have, DB_SCHEMA_OLDEST);
	return 1;
}

/* Returns 1 (with the reason in ERR) when D holds a store of a newer jilu:
 * HAVE is its version, or -1 to read it here. Checked before anything is
 * written (the switch to WAL too): such a store is left as it is. */
static int db_newer(db *d, int have, msglist *err)
{
	if (have < 0)
		have = db_user_version(d);
	if (have == 0)
		have = db_meta_version(d); /* loaded from a dump */
	if (have <= DB_SCHEMA_VERSION)
		return 0;
	msglist_addf(err, NULL, d->path,
		     "数据库由较新版本的 jilu 创建（架构版本 %d，本程序支持 %d），请升级 jilu",
		     "the database was made by a newer jilu (schema %d; this program knows %d): upgrade jilu",
		     have, DB_SCHEMA_VERSION);
	return 1;
}

static jl_status db_migrate(db *d, msglist *err)
{
	int have = db_user_version(d), v;
	buf sql = BUF_INIT;
	jl_status rc = JL_OK;

	if (have == DB_SCHEMA_VERSION)
		return JL_OK; /* the common case: nothing to lock */
	/* Several sessions may open a new or old store at once: decide inside
	 * the write lock, on what the store holds then. */
	if (db_begin(d) != JL_OK) {
		db_error(d, err, "无法开始迁移", "cannot start the migration");
		return JL_ESTORE;
	}
	have = db_user_version(d);
	if (have < 0) {
		db_error(d, err, "无法读取数据库版本", "cannot read the schema version");
		rc = JL_ESTORE;
		goto done;
	}
	if (have == 0)
		have = db_meta_version(d); /* loaded from a dump: the pragma was lost */
	if (db_newer(d, have, err)) {
		rc = JL_ENEWER;
		goto done;
	}
	if (db_old_format(d, have, err)) {
		rc = JL_ESTORE;
		goto done;
	}
	for (v = have + 1; v <= DB_SCHEMA_VERSION; v++) {
		if (db_exec(d, schema_migrations[v - 1]) != JL_OK) {
			msglist_addf(err, NULL, d->path, "迁移 %d 失败：%s", "migration %d failed: %s",
				     v, db_errmsg(d));
			rc = JL_ESTORE;
			goto done;
		}
	}
	buf_printf(&sql, "PRAGMA user_version = %d", DB_SCHEMA_VERSION);
	if (db_exec(d, buf_str(&sql)) != JL_OK ||
	    (have < DB_SCHEMA_VERSION &&
	     db_exec(d, "INSERT OR REPLACE INTO meta(key, value) VALUES "
			"('schema_version', " DB_SCHEMA_VERSION_TEXT ")") != JL_OK)) {
		db_error(d, err, "无法记录数据库版本", "cannot record the schema version");
		rc = JL_ESTORE;
		goto done;
	}
	if (db_commit(d) != JL_OK) {
		db_error(d, err, "无法提交迁移", "cannot commit the migration");
		rc = JL_ESTORE;
	}
done:
	if (rc != JL_OK)
		db_rollback(d);
	buf_free(&sql);
	return rc;
}

/*
 * For a store opened to read: its schema must be this program's as it is
 * (user_version, or the version kept in meta for a store loaded from a dump),
 * since reading never migrates. Returns JL_OK, JL_ENEWER or JL_ESTORE with
 * the reason in ERR.
 */
static jl_status db_read_version(db *d, msglist *err)
{
	int have = db_user_version(d);

	if (have == 0)
		have = db_meta_version(d);
	if (have == DB_SCHEMA_VERSION) {
		/* Pages are mapped rather than copied, as for writing. */
		db_exec(d, "PRAGMA mmap_size=1073741824");
		return JL_OK;
	}
	if (have > DB_SCHEMA_VERSION) {
		msglist_addf(err, NULL, d->path,
			     "数据库由较新版本的 jilu 创建（架构版本 %d，本程序支持 %d），请升级 jilu",
			     "the database was made by a newer jilu (schema %d; this program knows %d): upgrade jilu",
			     have, DB_SCHEMA_VERSION);
		return JL_ENEWER;
	}
	if (have < 0) {
		db_error(d, err, "无法读取数据库版本", "cannot read the schema version");
		return JL_ESTORE;
	}
	msglist_addf(err, NULL, d->path,
		     "数据库由较早版本的 jilu 创建（架构版本 %d），只读命令不升级它：请先运行 jilu init",
		     "the database was made by an older jilu (schema %d); a command that only reads "
		     "does not upgrade it: run jilu init first", have);
	return JL_ESTORE;
}

/*
 * Puts D in WAL mode. Switching a new store into WAL needs it to itself, and
 * SQLite answers "busy" at once rather than waiting: several sessions opening
 * a new store together (concurrent `init`s) wait their turn here, up to the
 * busy timeout.
 */
static jl_status db_wal(db *d)
{
	int tries;

	for (tries = 0; tries < 200; tries++) {
		if (db_exec(d, "PRAGMA journal_mode=WAL") == JL_OK)
			return JL_OK;
		if ((sqlite3_errcode(d->h) & 0xff) != SQLITE_BUSY &&
		    (sqlite3_errcode(d->h) & 0xff) != SQLITE_LOCKED)
			return JL_ESTORE;
		sqlite3_sleep(50);
	}
	return JL_ESTORE;
}

/* Returns 1 when D's last error says the file or its directory cannot be
 * written (read-only media, no permission), not that the store is bad. */
static int db_read_only_error(db *d)
{
	int code = sqlite3_errcode(d->h) & 0xff;

	return code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM;
}

/* Returns JL_ESTORE (the reason in ERR) when D, of the right schema version,
 * lacks one of jilu's tables: nothing is read from or written to such a
 * store, as a write would leave half of what it acknowledges. */
static jl_status db_tables_present(db *d, msglist *err)
{
	const char *missing = db_probe_missing_table(d->h);

	if (!missing)
		return JL_OK;
	msglist_addf(err, NULL, d->path,
		     "数据库缺少表 %s 或其中的列（在 jilu 之外被改动或已损坏），不读也不写",
		     "the database lacks its table %s or a column of it (changed behind jilu's back, or damaged): nothing is read or written",
		     missing);
	return JL_ESTORE;
}

/* Opens PATH read-only as an immutable file (nothing else may write it while
 * it is open). Its schema must be this program's. */
static jl_status db_open_immutable(const char *path, db **out, msglist *err)
{
	db *d = calloc(1, sizeof *d);
	buf uri = BUF_INIT;
	struct stat sb;
	jl_status rc = JL_OK;

	*out = NULL;
	if (!d)
		return JL_ENOMEM;
	/* An immutable open never reads the WAL: committed records still there
	 * would silently be missing. */
	buf_printf(&uri, "%s-wal", path);
	if (stat(buf_str(&uri), &sb) == 0 && sb.st_size > 0) {
		msglist_add(err, NULL, path,
			    "只读数据库旁有未并入的预写日志（-wal），须在可写的位置打开一次",
			    "a read-only database with an unmerged write-ahead log (-wal) beside it: open it once where it can be written");
		buf_free(&uri);
		free(d);
		return JL_ESTORE;
	}
	buf_reset(&uri);
	d->path = strdup(path);
	db_probe_uri(&uri, path);
	if (!d->path || uri.oom ||
	    sqlite3_open_v2(buf_str(&uri), &d->h,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = JL_ESTORE;
		goto done;
	}
	sqlite3_extended_result_codes(d->h, 1);
	if (db_user_version(d) != DB_SCHEMA_VERSION && db_meta_version(d) != DB_SCHEMA_VERSION) {
		msglist_add(err, NULL, path, "只读数据库的版本与本程序不同，无法读取",
			    "a read-only database of another schema version cannot be read");
		rc = JL_ESTORE;
	}
	if (rc == JL_OK)
		rc = db_tables_present(d, err);
done:
	buf_free(&uri);
	if (rc != JL_OK) {
		db_close(d);
		return rc;
	}
	*out = d;
	return JL_OK;
}

jl_status db_open(const char *path, int create, db **out, msglist *out_err)
{
	/* Problems are kept aside: a read-only store opened as it is after all
	 * should not report the first attempt's failure. */
	msglist mine = MSGLIST_INIT, *err = &mine;
	db *d = calloc(1, sizeof *d);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, what;
	const char *open_path = path;
	char *dot_path = NULL;
	struct stat sb;
	jl_status rc = JL_OK;

	*out = NULL;
	if (!d)
		return JL_ENOMEM;
	d->path = strdup(path);
	if (!d->path) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (!*path || strcmp(path, ":memory:") == 0) {
		/* SQLite would make a store that vanishes at exit: every record
		 * "saved" in it would be lost. */
		msglist_add(err, NULL, *path ? path : "--db",
			    "数据库须是一个文件（:memory: 或空路径退出即丢失）",
			    "the database must be a file (:memory: or an empty path is lost at exit)");
		rc = JL_EUSAGE;
		goto done;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		/* A FIFO or a device read as a database could hang or worse. */
		msglist_add(err, NULL, path, "数据库不是普通文件（目录、管道或设备）",
			    "the database is not a regular file (a directory, a pipe or a device)");
		rc = JL_ESTORE;
		goto done;
	}
	if (create == DB_OPEN_CREATE) {
		flags |= SQLITE_OPEN_CREATE;
		if (db_mkdirs(path) != 0) {
			msglist_addf(err, NULL, path, "无法创建目录：%s", "cannot create its directory: %s",
				     strerror(errno));
			rc = JL_ESTORE;
			goto done;
		}
	} else if (stat(path, &sb) != 0 || sb.st_size == 0) {
		/* An empty file is no store either: SQLite would quietly make one. */
		msglist_add(err, NULL, path, "数据库不存在，请先运行 jilu init",
			    "no database here: run jilu init first");
		rc = JL_ESTORE;
		goto done;
	}
	/* Before the first byte is written (the switch to WAL writes): a
	 * database of another program is left exactly as it is. */
	what = stat(path, &sb) == 0 && sb.st_size > 0 ? db_probe_file(path) : DB_PROBE_EMPTY;
	/* SQLite reads a name beginning with "file:" as a URI (Debian's build
	 * has SQLITE_USE_URI): "file::memory:" or "file:x?mode=memory" would make
	 * a store lost at exit, "file:x?immutable=1" one that ignores its -wal.
	 * The name given is a path: "./" keeps it one. */
	if (strncmp(path, "file:", 5) == 0)
		open_path = dot_path = malloc(strlen(path) + 3);
	if (dot_path) {
		memcpy(dot_path, "./", 2);
		memcpy(dot_path + 2, path, strlen(path) + 1);
	}
	else if (open_path != path) {
		rc = JL_ENOMEM;
		goto done;
	}
	if (sqlite3_open_v2(open_path, &d->h, flags, NULL) != SQLITE_OK) {
		msglist_addf(err, NULL, path, "无法打开数据库：%s", "cannot open the database: %s",
			     d->h ? sqlite3_errmsg(d->h) : "?");
		rc = JL_ESTORE;
		goto done;
	}
	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, 10000);
	/* Until the store is known to be ours, closing must not checkpoint a
	 * -wal into the file: that would rewrite another program's database. */
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
	if (what == DB_PROBE_UNKNOWN)
		what = db_probe_handle(d->h); /* through the -wal; still only read */
	if (what == DB_PROBE_FOREIGN) {
		msglist_add(err, NULL, path,
			    "不是 jilu 数据库（是别的程序的：有其表或其版本号），未作任何改动",
			    "not a jilu database (another program's: its tables or its version number); left unchanged");
		rc = JL_ESTORE;
		goto done;
	}
	/* A store of the pre-release format is ours but not readable: left as
	 * it is too. */
	if (db_old_format(d, -1, err)) {
		rc = JL_ESTORE;
		goto done;
	}
	if (create != DB_OPEN_READ && db_newer(d, -1, err)) {
		rc = JL_ENEWER;
		goto done;
	}
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, (int *)NULL);
	if (what == DB_PROBE_EMPTY && create != DB_OPEN_CREATE) {
		/* Only `init` makes a store. */
		msglist_add(err, NULL, path, "数据库不存在，请先运行 jilu init",
			    "no database here: run jilu init first");
		rc = JL_ESTORE;
		goto done;
	}
	if (create == DB_OPEN_READ) {
		/* Reading changes nothing: no switch to WAL, no migration. */
		rc = db_read_version(d, err);
		if (rc == JL_OK)
			rc = db_tables_present(d, err);
		goto done;
	}
	if (db_wal(d) != JL_OK ||
	    db_exec(d, "PRAGMA synchronous=FULL") != JL_OK ||
	    db_exec(d, "PRAGMA foreign_keys=ON") != JL_OK ||
	    /* Reads (verify, check, export) map pages instead of copying them. */
	    db_exec(d, "PRAGMA mmap_size=1073741824") != JL_OK) {
		int code = sqlite3_errcode(d->h) & 0xff;
		if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN ||
		    code == SQLITE_READONLY || code == SQLITE_PERM)
			/* The disk, not the store, is at fault: say so. */
			msglist_addf(err, NULL, path, "无法打开数据库（磁盘已满、只读或读写出错）：%s",
				     "cannot open the database (disk full, read-only or failing): %s",
				     db_errmsg(d));
		else
			msglist_addf(err, NULL, path, "不是可用的 jilu 数据库：%s",
				     "not a usable jilu database: %s", db_errmsg(d));
		rc = JL_ESTORE;
		goto done;
	}
	rc = db_migrate(d, err);
	if (rc == JL_OK)
		rc = db_tables_present(d, err);
done:
	free(dot_path);
	if (rc != JL_OK && create == DB_OPEN_READ && d->h && db_read_only_error(d)) {
		/* A store on read-only media (an archive copy, a read-only mount)
		 * can still be read, as it is: no pragma, no migration. */
		db *ro = NULL;
		if (db_open_immutable(path, &ro, err) == JL_OK) {
			msglist_free(&mine);
			db_close(d);
			*out = ro;
			return JL_OK;
		}
	}
	msglist_take(out_err, &mine);
	if (rc != JL_OK) {
		db_close(d);
		return rc;
	}
	*out = d;
	return JL_OK;
}

void db_close(db *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < d->ncache; i++)
		sqlite3_finalize(d->cache[i].st);
	if (d->h)
		sqlite3_close(d->h);
	free(d->path);
	free(d);
}
