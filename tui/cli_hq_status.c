/* tui/cli_hq_status.c — at headquarters, `check` without an ACTION (what
 * every open action of every device lacks) and `status` (each device's
 * open actions, deadlines, entries and last sync), printed device by
 * device as each store is read. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/check.h"
#include "core/clock.h"
#include "tui/cli_hq_each.h"
#include "tui/cli_hq_status.h"

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
		/* As `jilu check` exits: a deadline still running is not lacking. */
		if (rc == JL_OK && check_list_wrong(&l, x->now))
			x->lacking++;
		if (rc == JL_OK && x->json) {
			cJSON *o = cJSON_CreateObject(), *items = cJSON_CreateArray();
			if (!o || !items) {
				cJSON_Delete(o);
				cJSON_Delete(items);
				rc = JL_ENOMEM;
			} else {
				cJSON_AddStringToObject(o, "device", device);
				cli_hq_each_add_ref(o, "action_ref", device, rows[i].id);
				cJSON_AddNumberToObject(o, "action", (double)rows[i].id);
				cJSON_AddBoolToObject(o, "complete", l.n == 0);
				cJSON_AddItemToObject(o, "items", items);
				for (k = 0; k < l.n; k++) {
					cJSON *it = cli_check_item_json(&l.items[k], x->now);
					if (it)
						cli_hq_each_item_refs(it, device, &l.items[k]);
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

int cli_hq_status_check(cli *c, const char *hq, const char *only, int argc, char **argv)
{
	static const cli_command cmd = {"check", NULL, "check [DEVICE:ACTION] [--json]", "", ""};
	hq_read_check_ctx x;
	jl_status rc;
	int i;

	memset(&x, 0, sizeof x);
	x.now = clock_now_epoch();
	if ((i = cli_hq_each_json_arg(c, &cmd, argc, argv, &x.json)) >= 0)
		return i;
	if (x.json && !(x.arr = cJSON_CreateArray()))
		return cli_finish(c, JL_ENOMEM);
	rc = cli_hq_each(c, hq, only, 1, hq_read_check_one, &x);
	if (x.json) {
		if (cli_print_json(x.arr) != JL_OK)
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

int cli_hq_status(cli *c, const char *hq, const char *only, int argc, char **argv)
{
	static const cli_command cmd = {"status", NULL, "status [--json]", "", ""};
	static const char *const zh[] = {"设备", "进行中", "未完成期限", "已逾期", "存证链条目", "最近同步"};
	static const char *const en[] = {"device", "open", "deadlines", "overdue", "entries", "last sync"};
	hq_read_status_ctx x;
	jl_status rc;
	int i;

	memset(&x, 0, sizeof x);
	x.now = clock_now_epoch();
	if ((i = cli_hq_each_json_arg(c, &cmd, argc, argv, &x.json)) >= 0)
		return i;
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
	rc = cli_hq_each(c, hq, only, 1, hq_read_status_one, &x);
	if (x.json) {
		cJSON *o = cJSON_CreateObject();
		if (o) {
			cJSON_AddStringToObject(o, "store", hq);
			cJSON_AddItemToObject(o, "devices", x.arr);
		} else
			cJSON_Delete(x.arr);
		if (cli_print_json(o) != JL_OK)
			rc = JL_ENOMEM;
	}
	return cli_finish(c, rc);
}
