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

/* Called with C->j open on DEVICE's store; returns a status (its messages
 * in C->msgs). */
typedef jl_status (*hq_read_fn)(cli *c, const char *device, const hq_list_row *reg, void *ctx);

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

/*
 * Runs FN on each device's store at HQ (HQ_PATH), or on ONLY's alone when
 * ONLY is not NULL, each opened read-only (with the form definitions when
 * FORMS) and closed before the next. A device whose store cannot be read is
 * reported and the others still run. Returns the worst status.
 */
static jl_status hq_read_each(cli *c, const char *hq_path, const char *only, int forms, hq_read_fn fn,
			      void *ctx)
{
	hq_list_row *devs = NULL;
	int n = 0, i;
	char *dir = forms ? form_default_dir() : NULL;
	jl_status rc, worst = JL_OK;

	if (forms && !dir)
		return JL_ENOMEM;
	rc = hq_list_devices(hq_path, &devs, &n, &c->msgs);
	if (rc != JL_OK) {
		free(dir);
		return rc;
	}
	for (i = 0; i < n; i++) {
		char *path;

		if (only && strcmp(only, devs[i].device) != 0)
			continue;
		path = hq_device_path(hq_path, devs[i].device);
		if (!path) {
			worst = JL_ENOMEM;
			break;
		}
		rc = jl_open(path, DB_OPEN_READ, dir, &c->j, &c->msgs, NULL);
		if (rc == JL_OK)
			rc = fn(c, devs[i].device, &devs[i], ctx);
		else
			msglist_addf(&c->msgs, NULL, NULL, "设备 %s 的数据无法读取",
				     "device %s: its store cannot be read", devs[i].device);
		jl_close(c->j);
		c->j = NULL;
		free(path);
		if (rc != JL_OK && (worst == JL_OK || jl_status_exit(rc) > jl_status_exit(worst)))
			worst = rc;
		if (rc == JL_ENOMEM)
			break;
	}
	hq_list_free(devs, n);
	free(dir);
	return worst;
}

/* Prints (then frees) ROOT as JSON. Returns JL_OK or JL_ENOMEM. */
static jl_status hq_read_print_json(cJSON *root)
{
	char *s = root ? text_json_print(root, 1) : NULL;

	cJSON_Delete(root);
	if (!s)
		return JL_ENOMEM;
	printf("%s\n", s);
	free(s);
	return JL_OK;
}

/* A JSON string of DEVICE:ID. */
static void hq_read_add_ref(cJSON *o, const char *name, const char *device, long long id)
{
	buf b = BUF_INIT;

	ref_format(&b, device, id);
	cJSON_AddStringToObject(o, name, buf_str(&b));
	buf_free(&b);
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
		hq_read_add_ref(o, "ref", device, a->id);
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
	rc = hq_read_each(c, hq, only, 0, hq_read_actions_one, &x);
	qsort(x.rows.rows, (size_t)x.rows.n, sizeof *x.rows.rows, hq_read_by_opened);
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < x.rows.n; i++) {
			cJSON_AddItemToArray(arr, x.rows.rows[i].json);
			x.rows.rows[i].json = NULL;
		}
		if (hq_read_print_json(arr) != JL_OK)
			rc = JL_ENOMEM;
	} else {
		cli_pad(stdout, CLI_T(c, "设备", "device"), 10);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "编号", "id"), 14);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "类别", "kind"), 10);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "状态", "state"), 8);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "开启时间", "opened"), 25);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "记录", "recs"), 4);
		fputs("  ", stdout);
		cli_linef(stdout, "%s", CLI_T(c, "名称", "title"));
		for (i = 0; i < x.rows.n; i++) {
			const hq_read_row *r = &x.rows.rows[i];
			const cJSON *o = r->json;
			buf id = BUF_INIT;
			char cnt[32];
			ref_format(&id, r->device, r->id);
			snprintf(cnt, sizeof cnt, "%d",
				 (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "records")));
			cli_pad(stdout, r->device, 10);
			fputs("  ", stdout);
			cli_pad(stdout, buf_str(&id), 14);
			fputs("  ", stdout);
			cli_pad(stdout, cli_kind_label(c, hq_read_json_str(o, "kind")), 10);
			fputs("  ", stdout);
			cli_pad(stdout,
				cJSON_GetObjectItemCaseSensitive(o, "closed_at") ? CLI_T(c, "已结束", "closed")
										: CLI_T(c, "进行中", "open"),
				8);
			fputs("  ", stdout);
			cli_pad(stdout, r->key, 25);
			fputs("  ", stdout);
			cli_pad(stdout, cnt, 4);
			fputs("  ", stdout);
			cli_linef(stdout, "%s", hq_read_json_str(o, "title"));
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

/* Adds "device" and the DEVICE:ID of the action and record to O. */
static void hq_read_json_refs(cJSON *o, const char *device, const check_item *it)
{
	cJSON_AddStringToObject(o, "device", device);
	hq_read_add_ref(o, "action_ref", device, it->action);
	if (it->record)
		hq_read_add_ref(o, "record_ref", device, it->record);
}

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
		hq_read_json_refs(o, device, &l.items[i]);
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
		return hq_read_print_json(arr);
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
	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &cmd, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, &cmd, "参数有误", "bad argument");
	}
	rc = hq_read_each(c, hq, only, 1, hq_read_deadlines_one, &x);
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

/* ---- check: every open action ---- */

typedef struct {
	time_t now;
	int json;
	cJSON *arr;      /* --json: one object per open action */
	int actions;     /* open actions checked */
	int lacking;     /* … of which something is wanted */
	int header;      /* the column heads were printed */
} hq_read_check_ctx;

static jl_status hq_read_check_one(cli *c, const char *device, const hq_list_row *reg, void *ctx)
{
	hq_read_check_ctx *x = ctx;
	action_row *rows = NULL;
	int n = 0, i, k;
	jl_status rc;

	(void)reg;
	rc = action_list(c->j, NULL, 1, &rows, &n);
	/* action_list is newest first; a check reads oldest first. */
	for (i = n - 1; rc == JL_OK && i >= 0; i--) {
		check_list l = {0};
		rc = check_action(c->j, rows[i].id, x->now, &l, &c->msgs);
		x->actions++;
		if (rc == JL_OK && l.n)
			x->lacking++;
		if (rc == JL_OK && x->json) {
			cJSON *o = cJSON_CreateObject(), *items = cJSON_CreateArray();
			if (!o || !items) {
				cJSON_Delete(o);
				cJSON_Delete(items);
				rc = JL_ENOMEM;
			} else {
				cJSON_AddStringToObject(o, "device", device);
				hq_read_add_ref(o, "action_ref", device, rows[i].id);
				cJSON_AddNumberToObject(o, "action", (double)rows[i].id);
				cJSON_AddBoolToObject(o, "complete", l.n == 0);
				cJSON_AddItemToObject(o, "items", items);
				for (k = 0; k < l.n; k++) {
					cJSON *it = cli_check_item_json(&l.items[k], x->now);
					if (it)
						hq_read_json_refs(it, device, &l.items[k]);
					cJSON_AddItemToArray(items, it);
				}
				cJSON_AddItemToArray(x->arr, o);
			}
		} else if (rc == JL_OK) {
			for (k = 0; k < l.n; k++) {
				buf line = BUF_INIT;
				if (!x->header++)
					cli_linef(stdout, "%s  %s", CLI_T(c, "设备      ", "device    "),
						  CLI_T(c, "进行中的执法活动缺少的", "what open actions lack"));
				cli_check_item_text(c, &l.items[k], x->now, 1, device, &line);
				cli_pad(stdout, device, 10);
				fputs("  ", stdout);
				cli_linef(stdout, "%s", buf_str(&line));
				buf_free(&line);
			}
		}
		check_list_free(&l);
	}
	fflush(stdout);
	action_rows_free(rows, n);
	return rc;
}

static int hq_read_check(cli *c, const char *hq, const char *only, int argc, char **argv)
{
	static const cli_command cmd = {"check", NULL, "check [DEVICE:ACTION] [--json]", "", ""};
	hq_read_check_ctx x;
	jl_status rc;
	int i;

	memset(&x, 0, sizeof x);
	x.now = clock_now_epoch();
	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &cmd, argv[i], "--json", &x.json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, &cmd, "参数有误", "bad argument");
	}
	if (x.json && !(x.arr = cJSON_CreateArray()))
		return cli_finish(c, JL_ENOMEM);
	rc = hq_read_each(c, hq, only, 1, hq_read_check_one, &x);
	if (x.json) {
		if (hq_read_print_json(x.arr) != JL_OK)
			rc = JL_ENOMEM;
	} else if (rc == JL_OK)
		printf(CLI_T(c, "进行中的执法活动 %d 个，其中 %d 个有缺漏\n",
			     "%d open actions, %d of them lacking something\n"),
		       x.actions, x.lacking);
	if (rc != JL_OK)
		return cli_finish(c, rc);
	return cli_finish(c, x.lacking ? JL_FOUND : JL_OK);
}

/* ---- status ---- */

typedef struct {
	time_t now;
	int json;
	cJSON *arr;
	int devices;
} hq_read_status_ctx;

static jl_status hq_read_status_one(cli *c, const char *device, const hq_list_row *reg, void *ctx)
{
	hq_read_status_ctx *x = ctx;
	action_row *rows = NULL;
	check_list l = {0};
	int n = 0, i, overdue = 0;
	jl_status rc;

	rc = action_list(c->j, NULL, 1, &rows, &n);
	if (rc == JL_OK)
		rc = check_deadlines(c->j, x->now, &l, &c->msgs);
	for (i = 0; i < l.n; i++)
		overdue += x->now >= l.items[i].due;
	if (rc == JL_OK && x->json) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			rc = JL_ENOMEM;
		else {
			cJSON_AddStringToObject(o, "device", device);
			cJSON_AddNumberToObject(o, "open_actions", n);
			cJSON_AddNumberToObject(o, "open_deadlines", l.n);
			cJSON_AddNumberToObject(o, "overdue_deadlines", overdue);
			cJSON_AddNumberToObject(o, "ledger_entries", (double)reg->seq);
			cJSON_AddStringToObject(o, "last_sync", reg->last_sync);
			cJSON_AddItemToArray(x->arr, o);
		}
	} else if (rc == JL_OK) {
		char num[4][32];
		snprintf(num[0], sizeof num[0], "%d", n);
		snprintf(num[1], sizeof num[1], "%d", l.n);
		snprintf(num[2], sizeof num[2], "%d", overdue);
		snprintf(num[3], sizeof num[3], "%lld", reg->seq);
		cli_pad(stdout, device, 10);
		for (i = 0; i < 4; i++) {
			fputs("  ", stdout);
			cli_pad(stdout, num[i], 10);
		}
		fputs("  ", stdout);
		cli_linef(stdout, "%s", reg->last_sync);
	}
	x->devices++;
	check_list_free(&l);
	action_rows_free(rows, n);
	return rc;
}

static int hq_read_status(cli *c, const char *hq, const char *only, int argc, char **argv)
{
	static const cli_command cmd = {"status", NULL, "status [--json]", "", ""};
	static const char *const zh[] = {"设备", "进行中", "未完成期限", "已逾期", "存证链条目", "最近同步"};
	static const char *const en[] = {"device", "open", "deadlines", "overdue", "entries", "last sync"};
	hq_read_status_ctx x;
	jl_status rc;
	int i;

	memset(&x, 0, sizeof x);
	x.now = clock_now_epoch();
	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &cmd, argv[i], "--json", &x.json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, &cmd, "参数有误", "bad argument");
	}
	if (x.json && !(x.arr = cJSON_CreateArray()))
		return cli_finish(c, JL_ENOMEM);
	if (!x.json) {
		cli_linef(stdout, "%s%s", CLI_T(c, "总部数据库：", "Headquarters' store: "), hq);
		for (i = 0; i < 6; i++) {
			if (i)
				fputs("  ", stdout);
			cli_pad(stdout, CLI_T(c, zh[i], en[i]), i == 5 ? 0 : 10);
		}
		fputc('\n', stdout);
	}
	rc = hq_read_each(c, hq, only, 1, hq_read_status_one, &x);
	if (x.json) {
		cJSON *o = cJSON_CreateObject();
		if (o) {
			cJSON_AddStringToObject(o, "store", hq);
			cJSON_AddItemToObject(o, "devices", x.arr);
		} else
			cJSON_Delete(x.arr);
		if (hq_read_print_json(o) != JL_OK)
			rc = JL_ENOMEM;
	}
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
		return hq_read_check(c, hq, only, argc - 1, argv + 1);
	if (strcmp(argv[0], "status") == 0)
		return hq_read_status(c, hq, only, argc - 1, argv + 1);
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
