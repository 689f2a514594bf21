/* core/hq_publish.c — `jilu hq publish`: what HQ's operators publish for
 * the devices (definitions, calendar, kinds.json), checked and kept in HQ's
 * registry. core/hq_push.c sends it. */
#include "core/hq_publish.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/form.h"
#include "core/form_read.h"
#include "core/ledger.h"

static const char hq_publish_schema[] =
	"CREATE TABLE IF NOT EXISTS hq_forms("
	"  id TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  published_at TEXT NOT NULL,"
	"  PRIMARY KEY (id, version));"
	"CREATE TABLE IF NOT EXISTS hq_calendar("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  sha256 TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  published_at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS hq_kinds("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  sha256 TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  published_at TEXT NOT NULL);";

jl_status hq_publish_init(db *d, msglist *err)
{
	if (db_exec(d, hq_publish_schema) != JL_OK) {
		db_error(d, err, "无法建立总部下发数据表", "cannot create headquarters' publishing tables");
		return JL_ESTORE;
	}
	return JL_OK;
}

/* Stores form F (its file's text) unless held. Inside the caller's
 * transaction. Returns JL_OK (*STORED 1 when new), JL_EREFUSED or JL_ESTORE. */
static jl_status hq_publish_form(db *d, const form *f, const char *now, int *stored,
				 msglist *err)
{
	sqlite3_stmt *st;
	char *text = NULL;
	char sha[LEDGER_HASH_LEN + 1];
	size_t len = 0;
	int ferr = 0, step;
	jl_status rc = JL_ESTORE;

	*stored = 0;
	text = form_slurp(f->file, &len, &ferr);
	if (!text) {
		file_msg(err, f->file, "无法读取", "cannot read", ferr);
		return JL_ESTORE;
	}
	/* Hashed again as read now: what is stored is what was hashed. */
	ledger_sha256_hex(text, len, sha);
	if (strcmp(sha, f->sha256) != 0 || strlen(text) != len) {
		msglist_add(err, NULL, f->file, "检查期间文件被改动，请重新发布",
			    "the file changed while it was checked: publish again");
		rc = JL_EINVALID;
		goto done;
	}
	st = db_prepare(d, "SELECT sha256 FROM hq_forms WHERE id = ?1 AND version = ?2");
	if (!st)
		goto done;
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, f->version);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		int same = strcmp((const char *)sqlite3_column_text(st, 0), sha) == 0;
		sqlite3_reset(st);
		if (same) {
			rc = JL_OK;
			goto done;
		}
		msglist_addf(err, NULL, f->file,
			     "总部已发布表单 %s 第 %d 版，内容与此不同：同一版本号不能更改，请提高 version",
			     "headquarters published form %s version %d already, with other text: a "
			     "version is never changed; raise \"version\"",
			     f->id, f->version);
		rc = JL_EREFUSED;
		goto done;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto done;
	st = db_prepare(d, "INSERT INTO hq_forms(id, version, sha256, json, published_at) "
			   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!st)
		goto done;
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, f->version);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto done;
	*stored = 1;
	rc = JL_OK;
done:
	free(text);
	return rc;
}

/* The two definitions kept as "the newest row in use": the calendar and
 * kinds.json. One array each: db_prepare caches on the address. */
static const char hq_cal_newest_sql[] = "SELECT sha256 FROM hq_calendar ORDER BY seq DESC LIMIT 1";
static const char hq_cal_insert_sql[] =
	"INSERT INTO hq_calendar(sha256, json, published_at) VALUES (?1, ?2, ?3)";
static const char hq_kinds_newest_sql[] = "SELECT sha256 FROM hq_kinds ORDER BY seq DESC LIMIT 1";
static const char hq_kinds_insert_sql[] =
	"INSERT INTO hq_kinds(sha256, json, published_at) VALUES (?1, ?2, ?3)";

/*
 * Stores DIR/NAME (calendar.json or kinds.json) by INSERT_SQL when it
 * differs from the newest published (NEWEST_SQL). The file was checked with
 * the directory (formset_load); the calendar is parsed again here because
 * publishing reads it anew, kinds.json is held to FS as read now. Inside the
 * caller's transaction. Returns JL_OK (*STORED 1 when new) or a status.
 */
static jl_status hq_publish_newest(db *d, const char *dir, const char *name, const formset *fs,
				   const char *newest_sql, const char *insert_sql, const char *now,
				   int *stored, msglist *err)
{
	buf path = BUF_INIT;
	sqlite3_stmt *st;
	char sha[LEDGER_HASH_LEN + 1];
	char *text;
	size_t len = 0;
	int ferr = 0, step, same = 0, is_cal = strcmp(name, "calendar.json") == 0;
	jl_status rc = JL_ESTORE;

	*stored = 0;
	buf_printf(&path, "%s/%s", dir, name);
	text = file_slurp(buf_str(&path), is_cal ? CALENDAR_MAX : FORM_MAX_SIZE, &len, &ferr);
	if (!text) {
		buf_free(&path);
		return JL_OK; /* none: devices keep theirs */
	}
	{
		msglist problems = MSGLIST_INIT;
		int ok;
		if (is_cal) {
			calendar *c = calendar_parse(buf_str(&path), text, len, &problems);
			ok = c != NULL;
			calendar_free(c);
		} else {
			cJSON *k = kinds_parse(buf_str(&path), text, len, fs, &problems);
			ok = k != NULL;
			cJSON_Delete(k);
		}
		if (!ok) {
			msglist_take(err, &problems);
			rc = JL_EINVALID;
			goto done;
		}
		msglist_free(&problems);
	}
	ledger_sha256_hex(text, len, sha);
	st = db_prepare(d, newest_sql);
	if (!st)
		goto done;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		same = strcmp((const char *)sqlite3_column_text(st, 0), sha) == 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		goto done;
	if (same) {
		rc = JL_OK;
		goto done;
	}
	st = db_prepare(d, insert_sql);
	if (!st)
		goto done;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step == SQLITE_DONE) {
		*stored = 1;
		rc = JL_OK;
	}
done:
	free(text);
	buf_free(&path);
	return rc;
}

jl_status hq_publish(const char *db_path, const char *dir, hq_publish_report *rep, msglist *err)
{
	formset *fs = NULL;
	msglist problems = MSGLIST_INIT;
	db *d = NULL;
	buf now = BUF_INIT;
	jl_status rc;
	int i, stored, began = 0;

	memset(rep, 0, sizeof *rep);
	/* The checker of `jilu forms check`: any problem refuses the lot. */
	rc = formset_load(dir, &fs, &problems);
	if (rc == JL_OK && problems.n)
		rc = JL_EINVALID;
	if (rc != JL_OK) {
		msglist_take(err, &problems);
		msglist_addf(err, NULL, dir, "表单定义有问题，未发布任何内容（见上；jilu forms check %s）",
			     "the definitions have problems; nothing was published (see above; jilu "
			     "forms check %s)", dir);
		goto done;
	}
	rc = db_open(db_path, DB_OPEN_CREATE, &d, err);
	if (rc != JL_OK)
		goto done;
	if ((rc = hq_publish_init(d, err)) != JL_OK)
		goto done;
	if (db_begin(d) != JL_OK)
		goto store;
	began = 1;
	clock_now(&now);
	for (i = 0; i < formset_count(fs); i++) {
		rc = hq_publish_form(d, formset_at(fs, i), buf_str(&now), &stored, err);
		if (rc == JL_ESTORE && !err->n)
			goto store;
		if (rc != JL_OK)
			goto done;
		if (stored)
			rep->forms_new++;
		else
			rep->forms_same++;
	}
	rc = hq_publish_newest(d, dir, "calendar.json", fs, hq_cal_newest_sql, hq_cal_insert_sql,
			       buf_str(&now), &rep->calendar_new, err);
	if (rc == JL_ESTORE && !err->n)
		goto store;
	if (rc != JL_OK)
		goto done;
	/* kinds.json travels like the calendar (a directory without one has
	 * been refused by formset_load already). */
	rc = hq_publish_newest(d, dir, "kinds.json", fs, hq_kinds_newest_sql, hq_kinds_insert_sql,
			       buf_str(&now), &rep->kinds_new, err);
	if (rc == JL_ESTORE && !err->n)
		goto store;
	if (rc != JL_OK)
		goto done;
	if (db_commit(d) != JL_OK)
		goto store;
	began = 0;
	rc = JL_OK;
	goto done;
store:
	db_error(d, err, "无法保存发布的表单定义", "cannot store the published definitions");
	rc = JL_ESTORE;
done:
	if (began)
		db_rollback(d);
	if (rc != JL_OK)
		memset(rep, 0, sizeof *rep);
	db_close(d);
	formset_free(fs);
	msglist_free(&problems);
	buf_free(&now);
	return rc;
}
