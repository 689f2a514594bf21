/* core/form_pushed.c — the store's definitions from headquarters joined to
 * the forms directory's. */
#include "core/form_pushed.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/form_read.h"

void form_pushed_where(buf *out, const char *id, long long version)
{
	/* Ends in ID.json: the checker holds a definition's id to its file name. */
	buf_printf(out, "HQ@%lld/%s.json", version, id);
}

/* Returns 1 when D has table NAME, 0 when not, -1 on an error. */
static int form_pushed_has_table(db *d, const char *name)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
	int step;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}

/* One definition kept from HQ, while they are added. */
typedef struct {
	char *id, *json;
	long long version;
	msglist problems; /* of its last try */
	int added;
} form_pushed_row;

/* Adds ROWS to FS: a definition may name a form kept beside it, so those
 * that fail are tried again while any other is added. The problems of those
 * never added go to PROBLEMS. Returns JL_OK or JL_ENOMEM. */
static jl_status form_pushed_add(formset *fs, form_pushed_row *rows, int n, msglist *problems)
{
	int progress = 1, i;
	jl_status rc;

	while (progress) {
		progress = 0;
		for (i = 0; i < n; i++) {
			buf where = BUF_INIT;
			if (rows[i].added)
				continue;
			msglist_free(&rows[i].problems);
			form_pushed_where(&where, rows[i].id, rows[i].version);
			rc = formset_add(fs, buf_str(&where), rows[i].json, strlen(rows[i].json), NULL,
					 &rows[i].problems);
			buf_free(&where);
			if (rc == JL_ENOMEM)
				return rc;
			if (rc == JL_OK)
				rows[i].added = progress = 1;
		}
	}
	for (i = 0; i < n; i++)
		msglist_take(problems, &rows[i].problems);
	return JL_OK;
}

/* The statements of the two places definitions are kept: a store's from HQ,
 * and HQ's registry's published ones. One array each: db_prepare caches on
 * the address. */
static const char form_pushed_forms_sql[] =
	"SELECT id, version, json FROM pushed_forms ORDER BY id, version";
static const char form_pushed_cal_sql[] =
	"SELECT json FROM pushed_calendar ORDER BY seq DESC LIMIT 1";
static const char form_published_forms_sql[] =
	"SELECT id, version, json FROM hq_forms ORDER BY id, version";
static const char form_published_cal_sql[] =
	"SELECT json FROM hq_calendar ORDER BY seq DESC LIMIT 1";
static const char form_pushed_kinds_sql[] =
	"SELECT json FROM pushed_kinds ORDER BY seq DESC LIMIT 1";
static const char form_published_kinds_sql[] =
	"SELECT json FROM hq_kinds ORDER BY seq DESC LIMIT 1";

/* Puts the newest kinds.json of D (KINDS_SQL, in table TABLE: none in a
 * store older than it) in place of FS's, when it holds against FS's forms.
 * Returns JL_OK or JL_ESTORE (reason in PROBLEMS). */
static jl_status form_pushed_kinds(db *d, formset *fs, msglist *problems, const char *table,
				   const char *kinds_sql)
{
	sqlite3_stmt *st;
	cJSON *k;
	int has = form_pushed_has_table(d, table), step;

	if (has == 0)
		return JL_OK;
	if (has < 0 || !(st = db_prepare(d, kinds_sql)))
		goto store;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		k = kinds_parse("HQ:kinds.json", (const char *)sqlite3_column_text(st, 0),
				(size_t)sqlite3_column_bytes(st, 0), fs, problems);
		if (k)
			formset_set_kinds(fs, k);
	}
	sqlite3_reset(st);
	if (step == SQLITE_ROW || step == SQLITE_DONE)
		return JL_OK;
store:
	db_error(d, problems, "无法读取总部下发的执法类别要求", "cannot read kinds.json from headquarters");
	return JL_ESTORE;
}

/* form_pushed_load from table TABLE of D by FORMS_SQL and CAL_SQL. */
static jl_status form_pushed_load_from(db *d, formset *fs, msglist *problems, const char *table,
				       const char *forms_sql, const char *cal_sql,
				       const char *kinds_table, const char *kinds_sql)
{
	sqlite3_stmt *st;
	calendar *cal;
	form_pushed_row *rows = NULL, *p;
	jl_status rc = JL_OK;
	int has, step, n = 0, i;

	has = form_pushed_has_table(d, table);
	if (has == 0)
		return JL_OK; /* none kept (a store older than schema 7, read as it is) */
	if (has < 0)
		goto store;
	st = db_prepare(d, forms_sql);
	if (!st)
		goto store;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		p = realloc(rows, (size_t)(n + 1) * sizeof *rows);
		if (!p) {
			rc = JL_ENOMEM;
			break;
		}
		rows = p;
		memset(&rows[n], 0, sizeof *rows);
		rows[n].id = strdup((const char *)sqlite3_column_text(st, 0));
		rows[n].version = sqlite3_column_int64(st, 1);
		rows[n].json = strdup((const char *)sqlite3_column_text(st, 2));
		n++;
		if (!rows[n - 1].id || !rows[n - 1].json) {
			rc = JL_ENOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc == JL_OK && step != SQLITE_DONE)
		goto store;
	if (rc == JL_OK)
		rc = form_pushed_add(fs, rows, n, problems);
	if (rc != JL_OK)
		goto done;
	st = db_prepare(d, cal_sql);
	if (!st)
		goto store;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		cal = calendar_parse("HQ:calendar", (const char *)sqlite3_column_text(st, 0),
				     (size_t)sqlite3_column_bytes(st, 0), problems);
		if (cal)
			formset_set_calendar(fs, cal);
	}
	sqlite3_reset(st);
	if (step == SQLITE_ROW || step == SQLITE_DONE) {
		/* After the definitions: kinds.json names them. */
		rc = form_pushed_kinds(d, fs, problems, kinds_table, kinds_sql);
		goto done;
	}
store:
	db_error(d, problems, "无法读取总部下发的表单定义", "cannot read the definitions from headquarters");
	rc = JL_ESTORE;
done:
	for (i = 0; i < n; i++) {
		free(rows[i].id);
		free(rows[i].json);
		msglist_free(&rows[i].problems);
	}
	free(rows);
	return rc;
}

jl_status form_pushed_load(db *d, formset *fs, msglist *problems)
{
	return form_pushed_load_from(d, fs, problems, "pushed_forms", form_pushed_forms_sql,
				     form_pushed_cal_sql, "pushed_kinds", form_pushed_kinds_sql);
}

jl_status form_pushed_load_published(db *hq, formset *fs, msglist *problems)
{
	return form_pushed_load_from(hq, fs, problems, "hq_forms", form_published_forms_sql,
				     form_published_cal_sql, "hq_kinds", form_published_kinds_sql);
}

int form_pushed_keep(db *d, const char *insert, const char *hash, const char *json,
		     const char *now)
{
	sqlite3_stmt *st = db_prepare(d, insert);
	int step;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return -1;
	return sqlite3_changes(db_sqlite(d)) ? 0 : 3;
}
