/* tui/cli_hq_read.c — at headquarters, the read commands across every
 * device: `action list`, `deadlines`, `check` (every open action), `verify`
 * and `status`, each row with its DEVICE and every id as DEVICE:ID, so that
 * what is shown can be pasted back (`record show T01:42`); `--device ID`
 * narrows them to one device.
 *
 * One connection per device, opened read-only once per command and closed
 * before the next: HQ may hold hundreds of devices, more than SQLite lets
 * one connection ATTACH (10 by default, 125 at most), and a device store
 * that cannot be read is then said for that device while the others are
 * still listed. Lists that sort across devices (actions newest first,
 * deadlines the earliest due first, so the overdue lead) keep only the rows
 * they print, formatted while their device is open; `check` and `status`
 * print device by device as they go. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/form.h"
#include "core/hq_device.h"
#include "core/hq_list.h"
#include "core/ref.h"
#include "core/text.h"
#include "tui/cli.h"
#include "tui/cli_hq_each.h"
#include "tui/cli_hq_status.h"

/* One row to print once every device was read. */
typedef struct {
	char *device;
	long long id;     /* the action */
	char *key;        /* what it sorts by (opened_at) */
	time_t due;       /* deadlines: when due */
	char *line;       /* the text line, or NULL */
	cJSON *json;      /* the --json object, or NULL */
} hq_read_row;

typedef struct {
	hq_read_row *rows;
	int n, cap;
} hq_read_rows;

static void hq_read_rows_free(hq_read_rows *r)
{
	int i;

	for (i = 0; i < r->n; i++) {
		free(r->rows[i].device);
		free(r->rows[i].key);
		free(r->rows[i].line);
		cJSON_Delete(r->rows[i].json);
	}
	free(r->rows);
	memset(r, 0, sizeof *r);
}

/* Appends a row (taking LINE and JSON, copying DEVICE and KEY). Returns
 * JL_OK or JL_ENOMEM (LINE and JSON freed then). */
static jl_status hq_read_add(hq_read_rows *r, const char *device, long long id, const char *key,
			     time_t due, char *line, cJSON *json)
{
	hq_read_row *row;

	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 64;
		hq_read_row *more = realloc(r->rows, (size_t)cap * sizeof *more);
		if (!more) {
			free(line);
			cJSON_Delete(json);
			return JL_ENOMEM;
		}
		r->rows = more;
		r->cap = cap;
	}
	row = &r->rows[r->n];
	row->device = strdup(device);
	row->key = strdup(key ? key : "");
	row->id = id;
	row->due = due;
	row->line = line;
	row->json = json;
	r->n++;
	return row->device && row->key ? JL_OK : JL_ENOMEM;
}

/* ---- action list ---- */

typedef struct {
	const char *kind;
	int state;
	hq_read_rows rows;
} hq_read_actions_ctx;

static jl_status hq_read_actions_one(cli *c, const char *device, const hq_list_row *reg, void *ctx)
{
	hq_read_actions_ctx *x = ctx;
	action_row *rows = NULL;
	int n = 0, i;
	jl_status rc;

	(void)reg;
	rc = action_list(c->j, x->kind, x->state, &rows, &n);
	for (i = 0; rc == JL_OK && i < n; i++) {
		action_row *a = &rows[i];
		cJSON *o = cJSON_CreateObject();
		if (!o) {
			rc = JL_ENOMEM;
			break;
		}
		cJSON_AddStringToObject(o, "device", device);
		cli_hq_each_add_ref(o, "ref", device, a->id);
		cJSON_AddNumberToObject(o, "id", (double)a->id);
		cJSON_AddStringToObject(o, "kind", a->kind);
		if (a->title)
			cJSON_AddStringToObject(o, "title", a->title);
		cJSON_AddStringToObject(o, "opened_at", a->opened_at);
		cJSON_AddStringToObject(o, "opened_by", a->opened_by);
		if (a->closed_at) {
			cJSON_AddStringToObject(o, "closed_at", a->closed_at);
			cJSON_AddStringToObject(o, "closed_by", a->closed_by);
		}
		if (a->close_reason)
			cJSON_AddStringToObject(o, "close_reason", a->close_reason);
		cJSON_AddNumberToObject(o, "records", a->nrecords);
		rc = hq_read_add(&x->rows, device, a->id, a->opened_at, 0, NULL, o);
	}
	action_rows_free(rows, n);
	return rc;
}

/* Newest first, as `action list` on a device (there by id: ids of two
 * devices do not compare, their opening times do). */
static int hq_read_by_opened(const void *pa, const void *pb)
{
	const hq_read_row *a = pa, *b = pb;
	int k = strcmp(b->key, a->key);

	if (!k)
		k = strcmp(a->device, b->device);
	return k ? k : (a->id < b->id) - (a->id > b->id);
}

static const char *hq_read_json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static int hq_read_actions(cli *c, const char *hq, const char *only, int argc, char **argv)
{
	static const cli_command cmd = {"action list", NULL,
					"action list [--kind KIND] [--open|--closed] [--json]", "", ""};
	hq_read_actions_ctx x;
	int json = 0, i;
	jl_status rc;

	memset(&x, 0, sizeof x);
	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, &cmd, argc, argv, &i, "--kind", &x.kind);
		if (!took)
			took = cli_flag(c, &cmd, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if ((strcmp(argv[i], "--open") == 0 || strcmp(argv[i], "--closed") == 0) && x.state)
			return cli_usage(c, &cmd, "--open 与 --closed 只能给出一个，且只能一次",
					 "give --open or --closed once, not both");
		if (strcmp(argv[i], "--open") == 0)
			x.state = 1;
		else if (strcmp(argv[i], "--closed") == 0)
			x.state = 2;
		else
			return cli_usage(c, &cmd, "参数有误", "bad argument");
	}
	if (x.kind && action_kind_parse(x.kind))
		x.kind = action_kind_parse(x.kind);
	if (x.kind && !action_kind_valid(x.kind))
		return cli_usage(c, &cmd, "未知的执法类别", "unknown kind of action");
	rc = cli_hq_each(c, hq, only, 0, hq_read_actions_one, &x);
	if (x.rows.n) /* none when refused before any device (qsort wants an array) */
		qsort(x.rows.rows, (size_t)x.rows.n, sizeof *x.rows.rows, hq_read_by_opened);
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < x.rows.n; i++) {
			cJSON_AddItemToArray(arr, x.rows.rows[i].json);
			x.rows.rows[i].json = NULL;
		}
		if (cli_print_json(arr) != JL_OK)
			rc = JL_ENOMEM;
	} else {
		cli_action_line(CLI_T(c, "设备", "device"), CLI_T(c, "编号", "id"), 14,
				CLI_T(c, "类别", "kind"), CLI_T(c, "状态", "state"),
				CLI_T(c, "开启时间", "opened"), CLI_T(c, "记录", "recs"),
				CLI_T(c, "名称", "title"));
		for (i = 0; i < x.rows.n; i++) {
			const hq_read_row *r = &x.rows.rows[i];
			const cJSON *o = r->json;
			buf id = BUF_INIT;
			char cnt[32];
			ref_format(&id, r->device, r->id);
			snprintf(cnt, sizeof cnt, "%d",
				 (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "records")));
			cli_action_line(r->device, buf_str(&id), 14,
					cli_kind_label(c, hq_read_json_str(o, "kind")),
					cJSON_GetObjectItemCaseSensitive(o, "closed_at")
						? CLI_T(c, "已结束", "closed")
						: CLI_T(c, "进行中", "open"),
					r->key, cnt, hq_read_json_str(o, "title"));
			buf_free(&id);
		}
	}
	hq_read_rows_free(&x.rows);
	return cli_finish(c, rc);
}

/* ---- deadlines ---- */

typedef struct {
	time_t now;
	hq_read_rows rows;
} hq_read_deadlines_ctx;

static jl_status hq_read_deadlines_one(cli *c, const char *device, const hq_list_row *reg, void *ctx)
{
	hq_read_deadlines_ctx *x = ctx;
	check_list l = {0};
	jl_status rc;
	int i;

	(void)reg;
	rc = check_deadlines(c->j, x->now, &l, &c->msgs);
	for (i = 0; rc == JL_OK && i < l.n; i++) {
		buf line = BUF_INIT;
		cJSON *o = cli_check_item_json(&l.items[i], x->now);
		if (!o) {
			rc = JL_ENOMEM;
			break;
		}
		cli_hq_each_item_refs(o, device, &l.items[i]);
		cli_check_item_text(c, &l.items[i], x->now, 1, device, &line);
		rc = hq_read_add(&x->rows, device, l.items[i].action, NULL, l.items[i].due, buf_steal(&line),
				 o);
	}
	check_list_free(&l);
	return rc;
}

/* The earliest due first (so the overdue lead), as `deadlines` on a device. */
static int hq_read_by_due(const void *pa, const void *pb)
{
	const hq_read_row *a = pa, *b = pb;
	int k = (a->due > b->due) - (a->due < b->due);

	if (!k)
		k = strcmp(a->device, b->device);
	return k ? k : (a->id > b->id) - (a->id < b->id);
}

/* Prints ROWS: as one JSON array, or a line each behind its device. */
static jl_status hq_read_print_rows(hq_read_rows *rows, int json)
{
	int i;

	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < rows->n; i++) {
			cJSON_AddItemToArray(arr, rows->rows[i].json);
			rows->rows[i].json = NULL;
		}
		return cli_print_json(arr);
	}
	for (i = 0; i < rows->n; i++) {
		cli_pad(stdout, rows->rows[i].device, 10);
		fputs("  ", stdout);
		cli_linef(stdout, "%s", rows->rows[i].line ? rows->rows[i].line : "");
	}
	return JL_OK;
}

static int hq_read_deadlines(cli *c, const char *hq, const char *only, int argc, char **argv)
{
	static const cli_command cmd = {"deadlines", NULL, "deadlines [--json]", "", ""};
	hq_read_deadlines_ctx x;
	int json = 0, i;
	jl_status rc;

	memset(&x, 0, sizeof x);
	x.now = clock_now_epoch();
	if ((i = cli_hq_each_json_arg(c, &cmd, argc, argv, &json)) >= 0)
		return i;
	rc = cli_hq_each(c, hq, only, 1, hq_read_deadlines_one, &x);
	if (x.rows.n)
		qsort(x.rows.rows, (size_t)x.rows.n, sizeof *x.rows.rows, hq_read_by_due);
	if (!json && x.rows.n)
		cli_linef(stdout, "%s  %s", CLI_T(c, "设备      ", "device    "),
			  CLI_T(c, "期限（已逾期的在前）", "deadline (overdue first)"));
	if (hq_read_print_rows(&x.rows, json) != JL_OK)
		rc = JL_ENOMEM;
	if (!json && x.rows.n == 0 && rc == JL_OK)
		printf("%s\n", CLI_T(c, "没有未完成的期限", "no open deadlines"));
	hq_read_rows_free(&x.rows);
	return cli_finish(c, rc);
}

int cli_hq_read(cli *c, int argc, char **argv)
{
	const char *hq = c->hq_device ? c->hq_path : c->db_path, *only = c->hq_device;
	int i;

	if (argc < 1 || !hq)
		return -1;
	for (i = 0; i < argc; i++)
		if (cli_is_help(argv[i]))
			return -1; /* the command's own help */
	if (strcmp(argv[0], "action") == 0 && argc >= 2 && strcmp(argv[1], "list") == 0) {
		if (!only && !hq_list_is_hq(hq))
			return -1;
		return hq_read_actions(c, hq, only, argc - 2, argv + 2);
	}
	if (strcmp(argv[0], "deadlines") != 0 && strcmp(argv[0], "check") != 0 &&
	    strcmp(argv[0], "status") != 0 && strcmp(argv[0], "verify") != 0)
		return -1;
	/* `check ACTION` is one action's, and `--device ID verify` that
	 * device's whole store, as on the device. */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[0], "check") == 0 && !cli_is_option(argv[i]))
			return -1;
	if (strcmp(argv[0], "verify") == 0 && only)
		return -1;
	if (!only && !hq_list_is_hq(hq))
		return -1;
	if (strcmp(argv[0], "deadlines") == 0)
		return hq_read_deadlines(c, hq, only, argc - 1, argv + 1);
	if (strcmp(argv[0], "check") == 0)
		return cli_hq_status_check(c, hq, only, argc - 1, argv + 1);
	if (strcmp(argv[0], "status") == 0)
		return cli_hq_status(c, hq, only, argc - 1, argv + 1);
	/* verify at HQ is `hq verify`: every device's chain and media. */
	{
		char *args[] = {(char *)"verify", NULL};
		if (argc > 1)
			return cli_usage(c, &(cli_command){"verify", NULL, "verify", "", ""}, "多余的参数",
					 "unexpected argument");
		c->db_path = hq;
		return cli_hq(c, 1, args);
	}
}
