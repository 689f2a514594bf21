/* tui/cli_action.c — `jilu action open|close|reopen|list|show`. */
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/action_reopen.h"
#include "core/clock.h"
#include "core/close.h"
#include "core/record.h"
#include "core/text.h"
#include "tui/cli.h"

static int action_cmd_open(cli *c, int argc, char **argv);
static int action_cmd_close(cli *c, int argc, char **argv);
void cli_action_line(const char *device, const char *id, int id_cols, const char *kind,
		     const char *state, const char *opened, const char *recs, const char *title)
{
	if (device) {
		cli_pad(stdout, device, 10);
		fputs("  ", stdout);
	}
	cli_pad(stdout, id, id_cols);
	fputs("  ", stdout);
	cli_pad(stdout, kind, 10);
	fputs("  ", stdout);
	cli_pad(stdout, state, 8);
	fputs("  ", stdout);
	cli_pad(stdout, opened, 25);
	fputs("  ", stdout);
	cli_pad(stdout, recs, 4);
	fputs("  ", stdout);
	/* Escaped: a line break in a title cannot forge a row. */
	cli_linef(stdout, "%s", title);
}

static int action_cmd_list(cli *c, int argc, char **argv);
static int action_cmd_show(cli *c, int argc, char **argv);
static int action_cmd_reopen(cli *c, int argc, char **argv);

static const cli_command action_commands[] = {
	{"open", action_cmd_open, "action open KIND [--title TEXT]",
	 "开启执法活动（KIND：licensing 许可、penalty 处罚、compulsory 强制、inspection 检查、fee 收费，英文或中文均可）；只输出新活动编号",
	 "open an action (KIND: licensing penalty compulsory inspection fee, or 许可 处罚 强制 检查 收费); prints the new action id alone"},
	{"close", action_cmd_close, "action close ACTION [--force --reason TEXT]",
	 "结束执法活动（记入存证链；30 日内须归档）。jilu check 仍有缺漏时拒绝（退出码 3），"
	 "除非 --force --reason 理由：理由被保存，并由 check 报告",
	 "close an action (a ledger entry; archive it within 30 days). Refused (exit 3) while "
	 "jilu check finds gaps, unless --force --reason TEXT: the reason is kept and reported "
	 "by check"},
	{"list", action_cmd_list, "action list [--kind KIND] [--open|--closed] [--json]", "列出执法活动",
	 "list actions"},
	{"show", action_cmd_show, "action show ACTION", "显示执法活动及其记录",
	 "show an action and its records"},
	{"reopen", action_cmd_reopen, "action reopen ACTION --reason TEXT",
	 "重新开启已结束的执法活动（仅行政机关负责人或政策法规股；理由记入存证链，show 与 check 显示）",
	 "reopen a closed action (a head or a supervisor only; the reason is a ledger entry, "
	 "shown by show and check)"},
};

static int action_cmd_reopen(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &action_commands[4];
	const char *reason = NULL;
	long long id = 0;
	jl_status rc;
	int i;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--reason", &reason);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		if (id || c->bad_id || cli_is_option(argv[i]) || !(id = cli_id(c, argv[i])))
			return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	}
	if (!id)
		return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	if (!reason)
		return cli_usage(c, cmd, "须给出 --reason 理由", "--reason TEXT is required");
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = action_reopen(c->j, id, reason, &c->msgs);
	if (rc == JL_OK)
		cli_after_write(c, 0, id);
	return cli_finish(c, rc);
}

const char *cli_kind_label(cli *c, const char *kind)
{
	static const char *const map[][3] = {
		{"licensing", "行政许可", "licensing"},
		{"penalty", "行政处罚", "penalty"},
		{"compulsory", "行政强制", "compulsory"},
		{"inspection", "行政检查", "inspection"},
		{"fee", "行政收费", "fee"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], kind) == 0)
			return CLI_T(c, map[i][1], map[i][2]);
	return kind;
}

static int action_cmd_open(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &action_commands[0];
	const char *kind = NULL, *title = NULL;
	long long id = 0;
	jl_status rc;
	int i;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--title", &title);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (argv[i][0] != '-' && !kind)
			kind = argv[i];
		else
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	if (!kind)
		return cli_usage(c, cmd, "须给出执法类别 KIND", "KIND is required");
	if (action_kind_parse(kind))
		kind = action_kind_parse(kind);
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = action_open(c->j, kind, title, &id, &c->msgs);
	if (rc == JL_OK) {
		printf("%lld\n", id);
		fflush(stdout); /* acknowledged: the caller may rely on it now */
		cli_after_write(c, 0, id);
	}
	return cli_finish(c, rc);
}

static int action_cmd_close(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &action_commands[1];
	const char *reason = NULL;
	long long id = 0;
	int force = 0, i;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--reason", &reason);
		if (took < 0)
			return 2;
		if (!took && (took = cli_flag(c, cmd, argv[i], "--force", &force)) < 0)
			return 2;
		if (took)
			continue;
		if (id || c->bad_id || cli_is_option(argv[i]) || !(id = cli_id(c, argv[i])))
			return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	}
	if (!id)
		return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = close_action(c->j, id, force, reason, clock_now_epoch(), &c->msgs);
	if (rc == JL_OK)
		cli_after_write(c, 0, id);
	return cli_finish(c, rc);
}

static const char *action_state(cli *c, const action_row *a)
{
	return a->closed_at ? CLI_T(c, "已结束", "closed") : CLI_T(c, "进行中", "open");
}

static int action_cmd_list(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &action_commands[2];
	const char *kind = NULL;
	action_row *rows = NULL;
	int state = 0, n = 0, i, json = 0;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--kind", &kind);
		if (!took)
			took = cli_flag(c, cmd, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if ((strcmp(argv[i], "--open") == 0 || strcmp(argv[i], "--closed") == 0) && state)
			/* --open --closed, or either twice: never the last one silently. */
			return cli_usage(c, cmd, "--open 与 --closed 只能给出一个，且只能一次",
					 "give --open or --closed once, not both");
		if (strcmp(argv[i], "--open") == 0)
			state = 1;
		else if (strcmp(argv[i], "--closed") == 0)
			state = 2;
		else
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	if (kind && action_kind_parse(kind))
		kind = action_kind_parse(kind);
	if (kind && !action_kind_valid(kind))
		return cli_usage(c, cmd, "未知的执法类别", "unknown kind of action");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = action_list(c->j, kind, state, &rows, &n);
	if (rc == JL_OK && json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)rows[i].id);
			cJSON_AddStringToObject(o, "kind", rows[i].kind);
			if (rows[i].title)
				cJSON_AddStringToObject(o, "title", rows[i].title);
			cJSON_AddStringToObject(o, "opened_at", rows[i].opened_at);
			cJSON_AddStringToObject(o, "opened_by", rows[i].opened_by);
			if (rows[i].closed_at) {
				cJSON_AddStringToObject(o, "closed_at", rows[i].closed_at);
				cJSON_AddStringToObject(o, "closed_by", rows[i].closed_by);
			}
			if (rows[i].close_reason)
				cJSON_AddStringToObject(o, "close_reason", rows[i].close_reason);
			cJSON_AddNumberToObject(o, "records", rows[i].nrecords);
			cJSON_AddItemToArray(arr, o);
		}
		rc = cli_print_json(arr);
	} else if (rc == JL_OK) {
		cli_action_line(NULL, CLI_T(c, "编号", "id"), 6, CLI_T(c, "类别", "kind"),
				CLI_T(c, "状态", "state"), CLI_T(c, "开启时间", "opened"),
				CLI_T(c, "记录", "recs"), CLI_T(c, "名称", "title"));
	}
	for (i = 0; rc == JL_OK && !json && i < n; i++) {
		char id[32], cnt[32];
		snprintf(id, sizeof id, "%lld", rows[i].id);
		snprintf(cnt, sizeof cnt, "%d", rows[i].nrecords);
		cli_action_line(NULL, id, 6, cli_kind_label(c, rows[i].kind), action_state(c, &rows[i]),
				rows[i].opened_at, cnt, rows[i].title ? rows[i].title : "");
	}
	action_rows_free(rows, n);
	return cli_finish(c, rc);
}

static int action_cmd_show(cli *c, int argc, char **argv)
{
	long long id = argc == 1 ? cli_id(c, argv[0]) : 0;
	action_row a;
	record_row *rows = NULL;
	int n = 0, i;
	jl_status rc;

	memset(&a, 0, sizeof a);
	if (!id)
		return cli_usage(c, &action_commands[3], "须给出一个执法活动编号", "one ACTION id is required");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK) {
		rc = action_get(c->j, id, &a);
		if (rc == JL_ENOTFOUND)
			msglist_addf(&c->msgs, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
	}
	if (rc == JL_OK)
		rc = record_list(c->j, id, &rows, &n);
	if (rc == JL_OK) {
		char shown[REF_DEVICE_MAX + 32];
		cli_linef(stdout, "%s %s  %s  %s", CLI_T(c, "执法活动", "Action"),
			  cli_ref_str(c, a.id, shown, sizeof shown), cli_kind_label(c, a.kind), action_state(c, &a));
		if (a.title)
			cli_linef(stdout, "%s%s", CLI_T(c, "名称：", "Title: "), a.title);
		cli_linef(stdout, "%s%s  %s", CLI_T(c, "开启：", "Opened: "), a.opened_at, a.opened_by);
		if (a.closed_at)
			cli_linef(stdout, "%s%s  %s", CLI_T(c, "结束：", "Closed: "), a.closed_at,
				  a.closed_by);
		if (a.close_reason)
			cli_linef(stdout, "%s%s", CLI_T(c, "强制结束理由：", "Closed with gaps, because: "),
				  a.close_reason);
		{
			reopen_row *ro = NULL;
			int nro = 0, k;

			/* Each reopening, oldest first: who undid which close, when, why. */
			if (action_reopenings(c->j, id, &ro, &nro) == JL_OK)
				for (k = 0; k < nro; k++)
					cli_linef(stdout, CLI_T(c, "重新开启：%s  %s（撤销 %s 于 %s 的结束），理由：%s",
								"Reopened: %s  %s (undoing the close by %s at %s), because: %s"),
						  ro[k].reopened_at, ro[k].reopened_by, ro[k].closed_by,
						  ro[k].closed_at, ro[k].reason);
			reopen_rows_free(ro, nro);
		}
		cli_linef(stdout, "%s%s", CLI_T(c, "设备：", "Device: "), a.device);
		fputc('\n', stdout);
		if (n == 0)
			printf("%s\n", CLI_T(c, "（还没有记录）", "(no records yet)"));
		for (i = 0; i < n; i++) {
			const form *f = formset_find_for(c->j->forms, rows[i].form, rows[i].form_version);
			cli_pad(stdout, cli_ref_str(c, rows[i].id, shown, sizeof shown), 6);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].form, 24);
			fputs("  ", stdout);
			cli_pad(stdout, f ? form_text_get(&f->title, c->lang) : "?", 22);
			fputs("  ", stdout);
			cli_pad(stdout, strcmp(rows[i].state, "final") == 0 ? CLI_T(c, "定稿", "final")
									  : CLI_T(c, "草稿", "draft"), 6);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].finalized_at ? rows[i].finalized_at : rows[i].updated_at, 0);
			if (rows[i].amends)
				printf(CLI_T(c, "  更正记录 %s", "  corrects %s"),
				       cli_ref_str(c, rows[i].amends, shown, sizeof shown));
			if (rows[i].amended_by)
				printf(CLI_T(c, "  已被记录 %s 更正", "  corrected by %s"),
				       cli_ref_str(c, rows[i].amended_by, shown, sizeof shown));
			fputc('\n', stdout);
		}
	}
	action_row_free(&a);
	record_rows_free(rows, n);
	return cli_finish(c, rc);
}

int cli_action(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "action", action_commands,
			    (int)(sizeof action_commands / sizeof action_commands[0]), argc, argv);
}
