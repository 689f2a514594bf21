/* tui/cli_status.c — `jilu status`: where an officer stands, at a glance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/sync_send.h"
#include "core/verify_note.h"
#include "tui/cli.h"

/* The number of ledger entries, or -1. */
static long long status_entries(cli *c)
{
	sqlite3_stmt *st = db_prepare(c->j->db, "SELECT count(*) FROM ledger");
	long long n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

int cli_status(cli *c, int argc, char **argv)
{
	static const cli_command cmd = {"status", NULL, "status [--json]",
		"数据库、设备、当前执法人员、进行中的执法活动、未完成和已逾期的期限、上次核验",
		"the store, the device, who acts, open actions, open and overdue deadlines, the last verify"};
	action_row *rows = NULL;
	check_list l = {0};
	time_t now = clock_now_epoch();
	int n = 0, i, json = 0, overdue = 0;
	long long entries;
	sync_state ss = {0};
	jl_status rc;
	verify_note vn = {0};

	for (i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return cli_help(c, &cmd);
		int took = cli_flag(c, &cmd, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, &cmd, "多余的参数", "unexpected argument");
	}
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = action_list(c->j, NULL, 1, &rows, &n);
	if (rc == JL_OK)
		rc = check_deadlines(c->j, now, &l, &c->msgs);
	for (i = 0; i < l.n; i++)
		overdue += now >= l.items[i].due;
	entries = rc == JL_OK ? status_entries(c) : -1;
	/* The last sync as the sync itself noted it (core/sync_send.c). */
	if (rc == JL_OK)
		rc = sync_state_read(c->j, &ss, &c->msgs);
	if (rc == JL_OK)
		verify_note_read(c->j, &vn);
	if (rc == JL_OK && json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "store", c->db_path);
		cJSON_AddStringToObject(o, "device", c->j->device ? c->j->device : "");
		if (c->officer)
			cJSON_AddStringToObject(o, "officer", c->officer);
		else
			cJSON_AddNullToObject(o, "officer");
		cJSON_AddNumberToObject(o, "open_actions", n);
		cJSON_AddNumberToObject(o, "open_deadlines", l.n);
		cJSON_AddNumberToObject(o, "overdue_deadlines", overdue);
		cJSON_AddNumberToObject(o, "ledger_entries", (double)entries);
		if (vn.at && vn.result) {
			cJSON *v = cJSON_AddObjectToObject(o, "last_verify");
			cJSON_AddStringToObject(v, "at", vn.at);
			cJSON_AddStringToObject(v, "result", vn.result);
			cJSON_AddNumberToObject(v, "entries", (double)vn.entries);
		} else {
			cJSON_AddNullToObject(o, "last_verify"); /* never: said, not guessed */
		}
		/* A sync notes when HQ acknowledged everything. */
		if (ss.last_at)
			cJSON_AddStringToObject(o, "last_sync", ss.last_at);
		else
			cJSON_AddNullToObject(o, "last_sync");
		cJSON_AddNumberToObject(o, "sync_waiting", (double)ss.waiting);
		rc = cli_print_json(o);
	} else if (rc == JL_OK) {
		cli_linef(stdout, "%s%s", CLI_T(c, "数据库：    ", "Store:      "), c->db_path);
		cli_linef(stdout, "%s%s", CLI_T(c, "设备：      ", "Device:     "), c->j->device ? c->j->device : "?");
		cli_linef(stdout, "%s%s", CLI_T(c, "执法人员：  ", "Acting:     "),
			  c->officer ? c->officer : CLI_T(c, "（未指定：--as、JILU_OFFICER 或配置文件）",
							  "(nobody: --as, JILU_OFFICER or the config file)"));
		printf(CLI_T(c, "进行中的执法活动：%d\n", "Open actions: %d\n"), n);
		for (i = 0; i < n && i < 10; i++)
			cli_linef(stdout, "  %lld  %s  %s", rows[i].id, cli_kind_label(c, rows[i].kind),
				  rows[i].title ? rows[i].title : "");
		printf(CLI_T(c, "未完成的期限：%d（已逾期 %d）— jilu deadlines\n",
			     "Open deadlines: %d (%d overdue) — jilu deadlines\n"), l.n, overdue);
		printf(CLI_T(c, "账本记录：%lld\n", "Ledger entries: %lld\n"), entries);
		if (vn.at && vn.result && strcmp(vn.result, "ok") == 0)
			cli_linef(stdout, CLI_T(c, "上次核验：%s，存证链完好（%lld 条）", "Last verify: %s, the ledger held (%lld entries)"),
				  vn.at, vn.entries);
		else if (vn.at && vn.result)
			cli_linef(stdout, CLI_T(c, "上次核验：%s，发现不符——运行 jilu verify 查看", "Last verify: %s, found faults — run jilu verify to see them"),
				  vn.at);
		else
			printf("%s\n", CLI_T(c, "上次核验：从未核验（运行 jilu verify）", "Last verify: never (run jilu verify)"));
		printf(CLI_T(c, "上次同步：%s（待同步的存证链条目 %lld 条）\n",
			     "Last sync: %s (%lld ledger entries waiting)\n"),
		       ss.last_at ? ss.last_at : CLI_T(c, "从未", "never"), ss.waiting);
	}
	action_rows_free(rows, n);
	check_list_free(&l);
	verify_note_free(&vn);
	sync_state_free(&ss);
	return cli_finish(c, rc);
}
