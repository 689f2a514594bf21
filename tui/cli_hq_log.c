/* tui/cli_hq_log.c — `jilu log` at headquarters (R22.2, issue 9 item 6):
 * what each device synced of its access log, and the reads done at HQ
 * itself (core/hq_access.h: never written into a device's chain), merged
 * by time, each with the place it was read at — the device, or HQ — and
 * every id as DEVICE:ID. */
#include "tui/cli_hq_log.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/access.h"
#include "core/buf.h"
#include "core/hq.h"
#include "core/hq_access.h"
#include "core/hq_device.h"
#include "core/hq_list.h"
#include "core/perm.h"
#include "core/ref.h"
#include "core/text.h"
#include "tui/cli_hq_each.h"
#include "tui/cli_hq_act.h"

/* One entry to print: read on its device (at_hq 0) or at HQ (1). */
typedef struct {
	int at_hq;
	access_row a;
} hq_log_row;

typedef struct {
	const char *officer, *since;
	long long record, action;
	hq_log_row *rows;
	int n, cap;
} hq_log_ctx;

/* Moves ROWS (N, from access_list or hq_access_list) into X, freeing the
 * array. Returns JL_OK or JL_ENOMEM (ROWS freed either way). */
static jl_status hq_log_take(hq_log_ctx *x, access_row *rows, int n, int at_hq)
{
	int i;

	if (x->n + n > x->cap) {
		int cap = x->cap ? x->cap : 64;
		hq_log_row *more;

		while (cap < x->n + n)
			cap *= 2;
		more = realloc(x->rows, (size_t)cap * sizeof *more);
		if (!more) {
			access_rows_free(rows, n);
			return JL_ENOMEM;
		}
		x->rows = more;
		x->cap = cap;
	}
	for (i = 0; i < n; i++) {
		x->rows[x->n].at_hq = at_hq;
		x->rows[x->n++].a = rows[i];
	}
	free(rows);
	return JL_OK;
}

/* One device: who acts is checked on its roster (access_list needs a
 * supervisor or head there), then its entries and HQ's reads of it. */
static jl_status hq_log_one(cli *c, const char *device, const hq_list_row *reg, void *ctx)
{
	hq_log_ctx *x = ctx;
	access_row *rows = NULL;
	int n = 0;
	jl_status rc;

	(void)reg;
	/* Who acts was proven on HQ's roster and lent to this device's store
	 * (cli_hq_each), so access_list judges him by HQ's roles. */
	rc = access_list(c->j, x->officer, x->record, x->action, x->since, &rows, &n, &c->msgs);
	if (rc != JL_OK)
		return rc;
	if ((rc = hq_log_take(x, rows, n, 0)) != JL_OK)
		return rc;
	rc = hq_access_list(c->hq_path, device, x->officer, x->record, x->action, x->since, &rows, &n,
			    &c->msgs);
	return rc == JL_OK ? hq_log_take(x, rows, n, 1) : rc;
}

/* By time; at one time a device's entry before HQ's, then by device, then
 * in the order written. */
static int hq_log_by_time(const void *pa, const void *pb)
{
	const hq_log_row *a = pa, *b = pb;
	int k = strcmp(a->a.at ? a->a.at : "", b->a.at ? b->a.at : "");

	if (!k)
		k = a->at_hq - b->at_hq;
	if (!k)
		k = strcmp(a->a.device ? a->a.device : "", b->a.device ? b->a.device : "");
	return k ? k : (a->a.seq > b->a.seq) - (a->a.seq < b->a.seq);
}

/* Appends RECORDS ("1,2") as "T01:1,T01:2" to OUT, or into the array ARR. */
static void hq_log_refs(const char *device, const char *records, buf *out, cJSON *arr)
{
	const char *p = records ? records : "";

	while (*p) {
		long long id = strtoll(p, NULL, 10);
		buf one = BUF_INIT;

		ref_format(&one, device, id);
		if (out)
			buf_printf(out, "%s%s", out->len ? "," : "", buf_str(&one));
		if (arr)
			cJSON_AddItemToArray(arr, cJSON_CreateString(buf_str(&one)));
		buf_free(&one);
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
}

/* Prints X's rows, as sorted: one line each, or one JSON array. Returns
 * JL_OK or JL_ENOMEM. */
static jl_status hq_log_print(cli *c, hq_log_ctx *x, int json)
{
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int i;

	if (json && !arr)
		return JL_ENOMEM;
	for (i = 0; i < x->n; i++) {
		const access_row *a = &x->rows[i].a;
		const char *dev = a->device ? a->device : "";
		buf act = BUF_INIT, recs = BUF_INIT;

		ref_format(&act, dev, a->action);
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON *r = cJSON_CreateArray();

			if (!o || !r) {
				cJSON_Delete(o);
				cJSON_Delete(r);
				cJSON_Delete(arr);
				buf_free(&act);
				return JL_ENOMEM;
			}
			cJSON_AddStringToObject(o, "at", a->at ? a->at : "");
			cJSON_AddStringToObject(o, "place", x->rows[i].at_hq ? "HQ" : dev);
			cJSON_AddStringToObject(o, "device", dev);
			cJSON_AddNumberToObject(o, x->rows[i].at_hq ? "hq_id" : "seq", (double)a->seq);
			if (a->by)
				cJSON_AddStringToObject(o, "by", a->by);
			else
				cJSON_AddNullToObject(o, "by");
			cJSON_AddStringToObject(o, "what", a->what ? a->what : "");
			cJSON_AddStringToObject(o, "action", buf_str(&act));
			hq_log_refs(dev, a->records, NULL, r);
			cJSON_AddItemToObject(o, "records", r);
			cJSON_AddItemToArray(arr, o);
		} else {
			hq_log_refs(dev, a->records, &recs, NULL);
			cli_pad(stdout, a->at ? a->at : "", 25);
			fputs("  ", stdout);
			cli_pad(stdout, x->rows[i].at_hq ? CLI_T(c, "总部", "HQ") : dev, 10);
			fputs("  ", stdout);
			cli_linef(stdout, "%s  %s  %s %s  %s %s",
				  a->by ? a->by : CLI_T(c, "（无人）", "(nobody)"), a->what ? a->what : "",
				  CLI_T(c, "执法活动", "action"), buf_str(&act), CLI_T(c, "记录", "records"),
				  buf_str(&recs));
		}
		buf_free(&act);
		buf_free(&recs);
	}
	return json ? cli_print_json(arr) : JL_OK;
}

int cli_hq_log(cli *c, const char *officer, long long record, long long action, const char *since,
	       int json)
{
	static const cli_command cmd = {"log", NULL, "log [--officer ID] [--record DEVICE:R] "
						     "[--action DEVICE:A] [--since DATE] [--json]", "", ""};
	const char *hq = c->hq_device ? c->hq_path : NULL, *only = c->hq_device;
	hq_log_ctx x;
	jl_status rc;
	int i;

	if (!hq && c->db_path && hq_list_is_hq(c->db_path))
		hq = c->db_path;
	if (!hq)
		return -1;
	if (c->ref_device[0]) {
		if (only && strcmp(only, c->ref_device) != 0)
			return cli_usage(c, &cmd, "编号所指的设备与 --device 不同",
					 "the id names another device than --device");
		only = c->ref_device;
	} else if (!only && c->ref_plain)
		return cli_usage(c, &cmd, "总部存有多台设备的数据：请写 设备:编号（例如 " REF_EXAMPLE "）",
				 "headquarters holds many devices: write DEVICE:ID (e.g. " REF_EXAMPLE ")");
	if (only && !c->hq_device) {
		char *path = hq_device_valid(only) ? hq_device_path(hq, only) : NULL;
		int held = path && access(path, F_OK) == 0;

		free(path);
		if (!held) {
			msglist_addf(&c->msgs, NULL, NULL, "总部没有设备 %s 的数据",
				     "headquarters holds nothing of device %s", only);
			return cli_finish(c, JL_ESTORE);
		}
	}
	memset(&x, 0, sizeof x);
	x.officer = officer;
	x.since = since;
	x.record = record;
	x.action = action;
	c->hq_path = hq;
	/* Supervisors and heads of HQ's roster only, judged once, before any
	 * device is read (tui/cli_hq_act.h); nobody acting is refused too. */
	rc = cli_hq_act(c, hq);
	if (rc == JL_OK) {
		jl at_hq; /* who acts, with HQ's roster lent, as to each device's store */

		memset(&at_hq, 0, sizeof at_hq);
		at_hq.roster = c->hq_roster;
		at_hq.officer = c->hq_roster ? c->hq_roster->officer : NULL;
		rc = perm_check(&at_hq, PERM_READ_LOG, &c->msgs);
	}
	if (rc == JL_OK)
		rc = cli_hq_each(c, hq, only, 0, hq_log_one, &x);
	/* Nothing is listed unless every device let the officer read it. */
	if (rc == JL_OK) {
		if (x.n)
			qsort(x.rows, (size_t)x.n, sizeof *x.rows, hq_log_by_time);
		rc = hq_log_print(c, &x, json);
	}
	for (i = 0; i < x.n; i++) {
		free(x.rows[i].a.at);
		free(x.rows[i].a.by);
		free(x.rows[i].a.device);
		free(x.rows[i].a.what);
		free(x.rows[i].a.records);
	}
	free(x.rows);
	return cli_finish(c, rc);
}
