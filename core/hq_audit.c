/* core/hq_audit.c — HQ's refusals, and the entries received after a time. */
#include "core/hq_audit.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

/* Returns 1 when the time AT (as HQ wrote it) is at or after SINCE (0:
 * always); a time that does not parse is shown rather than hidden. */
static int hq_after(const char *at, time_t since)
{
	time_t t;

	return since == 0 || !at || clock_parse(at, &t) != 0 || t >= since;
}

jl_status hq_refusals_list(db *d, const char *device, time_t since, hq_refusal_row **rows, int *n,
			   msglist *err)
{
	sqlite3_stmt *st = db_prepare(d, "SELECT device, at, reason, detail FROM hq_refusals "
					 "WHERE ?1 IS NULL OR device = ?1 ORDER BY id");
	hq_refusal_row *r = NULL, *grown;
	int cap = 0, step;

	*rows = NULL;
	*n = 0;
	if (!st)
		goto store;
	if (device)
		sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(st, 1);
		if (!hq_after(at, since))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(r, (size_t)cap * sizeof *r);
			if (!grown) {
				sqlite3_reset(st);
				hq_refusals_free(r, *n);
				*n = 0;
				return JL_ENOMEM;
			}
			r = grown;
		}
		r[*n].device = db_column_dup(st, 0);
		r[*n].at = db_column_dup(st, 1);
		r[*n].reason = db_column_dup(st, 2);
		r[*n].detail = db_column_dup(st, 3);
		(*n)++;
	}
	sqlite3_reset(st);
	*rows = r;
	if (step == SQLITE_DONE)
		return JL_OK;
	hq_refusals_free(r, *n);
	*rows = NULL;
	*n = 0;
store:
	db_error(d, err, "无法读取总部的拒绝记录", "cannot read HQ's refusals");
	return JL_ESTORE;
}

void hq_refusals_free(hq_refusal_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].device);
		free(rows[i].at);
		free(rows[i].reason);
		free(rows[i].detail);
	}
	free(rows);
}

jl_status hq_received_list(db *d, db *m, const char *device, time_t since, hq_received_row **rows,
			   int *n, msglist *err)
{
	/* The runs received, then each entry of a run that counts. */
	sqlite3_stmt *runs = db_prepare(d, "SELECT first_seq, last_seq, received_at FROM hq_received "
					   "WHERE device = ?1 ORDER BY first_seq, rowid");
	sqlite3_stmt *st = NULL;
	hq_received_row *r = NULL, *grown;
	long long done_to = 0;
	int cap = 0, step, s2;
	db *bad = d;

	*rows = NULL;
	*n = 0;
	if (!runs)
		goto store;
	sqlite3_bind_text(runs, 1, device, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(runs)) == SQLITE_ROW) {
		long long first = sqlite3_column_int64(runs, 0), last = sqlite3_column_int64(runs, 1);
		const char *at = (const char *)sqlite3_column_text(runs, 2);
		/* A batch resent after a lost acknowledgement is noted again:
		 * each entry counts once, when it first came. */
		if (first <= done_to)
			first = done_to + 1;
		if (last < first)
			continue;
		done_to = last;
		if (!hq_after(at, since))
			continue;
		st = db_prepare(m, "SELECT seq, kind, subject, json_extract(body, '$.at') FROM ledger "
				   "WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq");
		if (!st) {
			bad = m;
			break;
		}
		sqlite3_bind_int64(st, 1, first);
		sqlite3_bind_int64(st, 2, last);
		while ((s2 = sqlite3_step(st)) == SQLITE_ROW) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				grown = realloc(r, (size_t)cap * sizeof *r);
				if (!grown)
					break;
				r = grown;
			}
			r[*n].seq = sqlite3_column_int64(st, 0);
			r[*n].received_at = strdup(at ? at : "");
			r[*n].kind = db_column_dup(st, 1);
			r[*n].subject = db_column_dup(st, 2);
			r[*n].at = db_column_dup(st, 3);
			(*n)++;
		}
		sqlite3_reset(st);
		if (s2 != SQLITE_DONE) {
			bad = m;
			step = SQLITE_ERROR;
			break;
		}
	}
	sqlite3_reset(runs);
	*rows = r;
	if (step == SQLITE_DONE)
		return JL_OK;
	hq_received_free(r, *n);
	*rows = NULL;
	*n = 0;
store:
	db_error(bad, err, "无法读取总部收到的条目", "cannot read the entries HQ received");
	return JL_ESTORE;
}

void hq_received_free(hq_received_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].received_at);
		free(rows[i].kind);
		free(rows[i].subject);
		free(rows[i].at);
	}
	free(rows);
}
