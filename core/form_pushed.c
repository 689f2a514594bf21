/* core/form_pushed.c — the store's definitions from headquarters joined to
 * the forms directory's. */
#include "core/form_pushed.h"

#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"

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

jl_status form_pushed_load(db *d, formset *fs, msglist *problems)
{
	sqlite3_stmt *st;
	calendar *cal;
	jl_status rc = JL_OK;
	int has, step;

	has = form_pushed_has_table(d, "pushed_forms");
	if (has <= 0)
		goto check;
	/* By version: a definition naming another form finds it whichever
	 * version came first. */
	st = db_prepare(d, "SELECT id, version, json FROM pushed_forms ORDER BY version, id");
	if (!st)
		goto store;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		buf where = BUF_INIT;
		form_pushed_where(&where, (const char *)sqlite3_column_text(st, 0),
				  sqlite3_column_int64(st, 1));
		rc = formset_add(fs, buf_str(&where), (const char *)sqlite3_column_text(st, 2),
				 (size_t)sqlite3_column_bytes(st, 2), NULL, problems);
		buf_free(&where);
		if (rc == JL_ENOMEM)
			break;
		rc = JL_OK; /* a bad one is left out, said in PROBLEMS */
	}
	sqlite3_reset(st);
	if (rc != JL_OK)
		return rc;
	if (step != SQLITE_DONE)
		goto store;
	st = db_prepare(d, "SELECT json FROM pushed_calendar ORDER BY seq DESC LIMIT 1");
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
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		goto store;
	return JL_OK;
check:
	if (has == 0)
		return JL_OK;
store:
	db_error(d, problems, "无法读取总部下发的表单定义", "cannot read the definitions from headquarters");
	return JL_ESTORE;
}
