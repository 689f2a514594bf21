/* tui/cli_log.c — `jilu log`: the access log, for supervisors and heads (R22.2). */
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/text.h"
#include "tui/cli.h"
#include "tui/cli_hq_log.h"

static const cli_command log_command = {
	"log", NULL, "log [--officer ID] [--record [DEVICE:]R] [--action [DEVICE:]A] [--since DATE] [--json]",
	"访问日志：谁在何时、从哪台设备查阅、导出或复制了什么（仅政策法规股和负责人）",
	"the access log: who read, exported or copied what, when, from which device "
	"(supervisors and heads only)"};

int cli_log(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &log_command;
	const char *officer = NULL, *record = NULL, *action = NULL, *since = NULL;
	long long rid = 0, aid = 0;
	access_row *rows = NULL;
	int n = 0, i, json = 0;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took;

		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		took = cli_opt(c, cmd, argc, argv, &i, "--officer", &officer);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--record", &record);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--action", &action);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--since", &since);
		if (!took)
			took = cli_flag(c, cmd, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	if ((record && !(rid = cli_id(c, record))) || (action && !(aid = cli_id(c, action))))
		return cli_usage(c, cmd, "编号有误", "bad id");
	/* At headquarters: every device's log and HQ's own reads. */
	if ((i = cli_hq_log(c, officer, rid, aid, since, json)) >= 0)
		return i;
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = access_list(c->j, officer, rid, aid, since, &rows, &n, &c->msgs);
	if (rc == JL_OK && json) {
		cJSON *a = cJSON_CreateArray();
		char *s;

		for (i = 0; a && i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "seq", (double)rows[i].seq);
			cJSON_AddStringToObject(o, "at", rows[i].at ? rows[i].at : "");
			if (rows[i].by)
				cJSON_AddStringToObject(o, "by", rows[i].by);
			else
				cJSON_AddNullToObject(o, "by");
			cJSON_AddStringToObject(o, "device", rows[i].device ? rows[i].device : "");
			cJSON_AddStringToObject(o, "what", rows[i].what ? rows[i].what : "");
			cJSON_AddNumberToObject(o, "action", (double)rows[i].action);
			cJSON_AddStringToObject(o, "records", rows[i].records ? rows[i].records : "");
			cJSON_AddItemToArray(a, o);
		}
		s = a ? text_json_print(a, 1) : NULL;
		if (s)
			printf("%s\n", s);
		else
			rc = JL_ENOMEM;
		free(s);
		cJSON_Delete(a);
	} else if (rc == JL_OK) {
		for (i = 0; i < n; i++)
			cli_linef(stdout, "#%lld  %s  %s  %s  %s %s %lld  %s %s", rows[i].seq,
				  rows[i].at ? rows[i].at : "",
				  rows[i].by ? rows[i].by : CLI_T(c, "（无人）", "(nobody)"),
				  rows[i].device ? rows[i].device : "", rows[i].what ? rows[i].what : "",
				  CLI_T(c, "执法活动", "action"), rows[i].action,
				  CLI_T(c, "记录", "records"), rows[i].records ? rows[i].records : "");
	}
	access_rows_free(rows, n);
	return cli_finish(c, rc);
}
