/* core/hq_list.c — the devices headquarters holds. */
#include "core/hq_list.h"

#include <stdlib.h>
#include <string.h>

#include "core/db.h"

int hq_list_is_hq(const char *path)
{
	msglist quiet = MSGLIST_INIT;
	db *d = NULL;
	sqlite3_stmt *st;
	int is_hq = 0;

	if (db_open(path, DB_OPEN_READ, &d, &quiet) != JL_OK)
		goto done;
	st = db_prepare(d, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hq_devices'");
	if (st) {
		is_hq = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
done:
	db_close(d);
	msglist_free(&quiet);
	return is_hq;
}

static char *hq_list_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return strdup(t ? (const char *)t : "");
}

static void hq_list_fill(sqlite3_stmt *st, void *row)
{
	hq_list_row *r = row;

	r->device = hq_list_text(st, 0);
	r->seq = sqlite3_column_int64(st, 1);
	r->last_sync = hq_list_text(st, 2);
}

static void hq_list_row_free(void *row)
{
	hq_list_row *r = row;

	free(r->device);
	free(r->last_sync);
}

jl_status hq_list_devices(const char *path, hq_list_row **rows, int *n, msglist *err)
{
	db *d = NULL;
	sqlite3_stmt *st;
	jl_status rc;
	int i;

	*rows = NULL;
	*n = 0;
	rc = db_open(path, DB_OPEN_READ, &d, err);
	if (rc != JL_OK)
		goto done;
	st = db_prepare(d, "SELECT device, seq, last_sync FROM hq_devices ORDER BY device");
	if (!st) {
		msglist_addf(err, NULL, path, "不是总部数据库（%s）", "not a headquarters store (%s)",
			     db_errmsg(d));
		rc = JL_ESTORE;
		goto done;
	}
	rc = db_list(st, sizeof **rows, hq_list_fill, hq_list_row_free, (void **)rows, n);
	for (i = 0; rc == JL_OK && i < *n; i++)
		if (!(*rows)[i].device || !(*rows)[i].last_sync) {
			hq_list_free(*rows, *n);
			*rows = NULL;
			*n = 0;
			rc = JL_ENOMEM;
		}
done:
	db_close(d);
	return rc;
}

void hq_list_free(hq_list_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		hq_list_row_free(&rows[i]);
	free(rows);
}
