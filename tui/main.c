/* tui/main.c — entry point: global options, then one command. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/jl.h"
#include "core/text.h"
#include "tui/act.h"
#include "tui/cli_hq_act.h"
#include "tui/cli.h"
#include "tui/cli_ssh.h"
#include "tui/config.h"
#include "tui/ui.h"

#define JILU_VERSION "0.1.0"

static int main_run(int argc, char **argv);

/* The config file, read once; its strings are the defaults of the cli. */
static config main_config;

static void main_usage(const char *lang, FILE *fp)
{
	int en = strcmp(lang, "en") == 0;

	fprintf(fp,
		"usage: jilu [--db PATH] [--device ID] [--as OFFICER] [--lang zh|en] COMMAND ...\n\n"
		"%s\n\n"
		"  init [--device ID]            %s\n"
		"  officer add|list|role|roles|retire|pin|pin-lock   %s\n"
		"  action open|close|reopen|list|show   %s\n"
		"  record new|set|finalize|amend|show   %s\n"
		"  media add|list                %s\n"
		"  verify                        %s\n"
		"  check ACTION | deadlines      %s\n"
		"  forms list|show|check         %s\n"
		"  export ACTION [-o FILE]       %s\n"
		"  status | help [COMMAND]       %s\n"
		"  sync [setup|trust]            %s\n"
		"  hq ingest|enroll|verify|...   %s\n\n"
		"%s\n\n"
		"%s\n",
		en ? "jilu records administrative enforcement as the county Measures demand."
		   : "jilu（记录）：按《行政执法全过程记录实施办法》记录行政执法。",
		en ? "create the database" : "创建数据库",
		en ? "the officer roster" : "执法人员名册",
		en ? "enforcement actions (licensing, penalty, compulsory, inspection, fee)"
		   : "执法活动（许可、处罚、强制、检查、收费）",
		en ? "records: drafts, finalising, corrections" : "记录：草稿、定稿、更正",
		en ? "photos, audio and video attached to a record" : "记录的照片、录音、录像",
		en ? "check that no final record was changed or removed" : "核验定稿记录未被改动或删除",
		en ? "what an action still lacks; open deadlines" : "执法活动缺少什么；未完成的期限",
		en ? "the form definitions" : "表单定义",
		en ? "the case file of an action, to print and archive" : "导出执法案卷（打印、归档）",
		en ? "where things stand; how a command is used" : "当前状况；命令用法",
		en ? "send the ledger and media to headquarters over SSH" : "通过 SSH 把存证链和音像文件同步到总部",
		en ? "headquarters: receive a device's sync; enrol a device's key"
		   : "总部：接收设备同步；登记设备密钥",
		en ? "An id may be written DEVICE:ID (CL-T01:42). At headquarters (--db hq.db) a "
		     "record or action is always DEVICE:ID, and action list, deadlines, check, verify "
		     "and status go across every device; --device ID narrows them to one."
		   : "编号可写作 设备:编号（如 CL-T01:42）。在总部（--db hq.db）记录和执法活动须写 "
		     "设备:编号；action list、deadlines、check、verify、status 列出每台设备，"
		     "--device ID 只看一台。",
		en ? "Environment: JILU_DB, JILU_OFFICER, JILU_LANG, JILU_FORMS, JILU_NOW (a fixed "
		     "\"now\", YYYY-MM-DDTHH:MM[:SS][±HH:MM]). `jilu COMMAND --help` for more."
		   : "环境变量：JILU_DB、JILU_OFFICER、JILU_LANG、JILU_FORMS、JILU_NOW（固定的"
		     "“当前时间”，YYYY-MM-DDTHH:MM[:SS][±HH:MM]）。配置文件 $XDG_CONFIG_HOME/jilu/config"
		     "（store、officer、language）。`jilu help 命令` 查看详细用法。");
}

static const cli_command main_commands[] = {
	{"init", cli_init, "init [--device ID]", "创建数据库；再次运行不作任何改变",
	 "create the database; running it again changes nothing"},
	{"officer", cli_officer, "officer add|list|role|roles|retire|pin|pin-lock|key", "执法人员名册",
	 "the officer roster"},
	{"action", cli_action, "action open|close|reopen|list|show", "执法活动",
	 "enforcement actions"},
	{"record", cli_record, "record new|set|finalize|amend|show", "记录", "records"},
	{"media", cli_media, "media add|list", "音像记录", "audio-visual records"},
	{"verify", cli_verify, "verify", "核验存证链与全部定稿记录、音像文件",
	 "check the ledger against every final record and media file"},
	{"check", cli_check, "check ACTION [--json]  (DEVICE:ACTION; at HQ without ACTION: every open action)",
	 "按《办法》检查执法活动缺少什么", "what the Measures still want of an action"},
	{"deadlines", cli_deadlines, "deadlines [--json]", "所有未完成的期限，已逾期的在前",
	 "every open deadline, overdue first"},
	{"forms", cli_forms, "forms list | forms show FORM [--json] | forms check [DIR]",
	 "表单定义", "the form definitions"},
	{"copy", cli_copy, "copy REQUEST [-o FILE [--force]]",
	 "按批准的复制申请制作复制件（仅负责人）", "the copy an approved copy request grants (heads)"},
	{"log", cli_log, "log [--officer ID] [--record [DEVICE:]R] [--action [DEVICE:]A] [--since DATE] [--json]",
	 "访问日志（仅政策法规股和负责人）", "the access log (supervisors and heads)"},
	{"export", cli_export, "export ACTION [--format text|json] [-o FILE]", "导出执法案卷",
	 "export the case file"},
	{"status", cli_status, "status [--json]", "数据库、设备、当前执法人员、进行中的执法活动、期限",
	 "the store, the device, who acts, open actions, deadlines"},
	{"sync", cli_sync, "sync [setup|trust] [--remote ssh://USER@HOST[:PORT]] ...",
	 "同步到总部（SSH）", "sync to headquarters over SSH"},
	{"hq", cli_hq, "hq ingest|enroll|verify|deadlines|actions|publish|limits|refusals|received",
	 "总部：接收同步、登记设备密钥、发布表单定义与日历",
	 "headquarters: receive syncs, enrol device keys, publish definitions and the calendar"},
};

/* `init` once its arguments are read: DEVICE is the --device given
 * (normalised) or NULL. Returns the exit code. */
static int main_init(cli *c, const char *device)
{
	jl_status rc;
	int created = 0;

	c->officer = NULL; /* nobody needs to act to create the store */
	rc = cli_open(c, CLI_CREATE);
	if (rc == JL_OK)
		rc = jl_init_device(c->j, device, &created, &c->msgs);
	if (rc == JL_OK)
		cli_linef(stdout, "%s %s (%s)",
			  created ? CLI_T(c, "已创建数据库：", "created database:")
				  : CLI_T(c, "数据库已存在：", "database exists:"),
			  c->db_path, c->j->device);
	return cli_finish(c, rc);
}

/* The device id travels with every record: an identifier (core/text.h),
 * stored normalised (full-width letters and digits become ASCII). */
int cli_init(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &main_commands[0];
	const char *device = NULL;
	char *norm = NULL;
	int i, rc;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--device", &device);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, cmd, "多余的参数", "unexpected argument");
	}
	if (device) {
		norm = text_ident(device);
		if (!norm)
			return cli_finish(c, JL_ENOMEM);
		if (text_blank(norm)) {
			free(norm);
			return cli_usage(c, cmd, "设备编号不能为空", "the device id cannot be empty");
		}
		if (jl_device_valid(norm, &c->msgs) != JL_OK) {
			free(norm);
			return cli_finish(c, JL_EUSAGE);
		}
	}
	rc = main_init(c, norm);
	free(norm);
	return rc;
}

/*
 * Options anywhere on the line: --db, --as and --lang with their values are
 * moved before the command (ARGV keeps its order otherwise), where the loop
 * of main reads them, twice refused as anywhere. One without a value is left
 * where it is, for the command to refuse. Returns a new vector (the caller
 * frees the vector, not the strings), NULL when memory ran out.
 */
static char **main_hoist(int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof *v);
	int n = 1, i;

	if (!v)
		return NULL;
	v[0] = argv[0];
	for (i = 1; i < argc; i++)
		if ((!strcmp(argv[i], "--db") || !strcmp(argv[i], "--as") || !strcmp(argv[i], "--lang")) &&
		    i + 1 < argc) {
			v[n++] = argv[i];
			v[n++] = argv[++i];
		}
	for (i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "--db") || !strcmp(argv[i], "--as") || !strcmp(argv[i], "--lang")) &&
		    i + 1 < argc) {
			i++;
			continue;
		}
		v[n++] = argv[i];
	}
	return v;
}

int main(int argc, char **argv)
{
	char **hoisted = main_hoist(argc, argv);

	if (!hoisted)
		return 4;
	int rc = main_run(argc, hoisted);
	free(hoisted);
	config_free(&main_config);
	return rc;
}

static int main_run(int argc, char **argv)
{
	cli c;
	char *default_db = NULL, *device_db = NULL;
	const char *lang = getenv("JILU_LANG"), *device = NULL;
	int i, rc, seen_db = 0, seen_as = 0, seen_lang = 0, seen_device = 0;
	char **ssh_words = NULL;

	setlocale(LC_ALL, "");
	if (!setlocale(LC_CTYPE, NULL) || strstr(setlocale(LC_CTYPE, NULL), "UTF-8") == NULL)
		setlocale(LC_CTYPE, "C.UTF-8");
	memset(&c, 0, sizeof c);
	c.lang = lang && strcmp(lang, "en") == 0 ? "en" : "zh";
	/* The config file, then the environment, then the options: the
	 * nearer to the command, the stronger. */
	if (config_read(&main_config, c.lang) != 0)
		return 2;
	if (!lang && main_config.language)
		c.lang = strcmp(main_config.language, "en") == 0 ? "en" : "zh";
	c.db_path = getenv("JILU_DB");
	if (!c.db_path || !*c.db_path)
		c.db_path = main_config.store;
	c.officer = getenv("JILU_OFFICER");
	if (c.officer && !*c.officer)
		c.officer = NULL;
	if (!c.officer)
		c.officer = main_config.officer;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		int *seen = strcmp(a, "--db") == 0 ? &seen_db : strcmp(a, "--as") == 0 ? &seen_as
			  : strcmp(a, "--lang") == 0 ? &seen_lang
			  : strcmp(a, "--device") == 0 ? &seen_device : NULL;
		if (seen && i + 1 >= argc)
			return cli_missing_value(&c, NULL, a);
		if (seen && (*seen)++)
			return cli_twice(&c, NULL, a);
		if (strcmp(a, "--db") == 0) {
			c.db_path = argv[++i];
			if (!*c.db_path) {
				/* Not the default store in silence: say which. */
				fprintf(stderr, "jilu: --db: %s\n",
					strcmp(c.lang, "en") == 0
						? "the database must be a file (an empty path names none)"
						: "数据库须是一个文件（空路径不指向任何文件）");
				return 2;
			}
		}
		else if (strcmp(a, "--as") == 0)
			c.officer = argv[++i];
		else if (strcmp(a, "--device") == 0)
			device = argv[++i]; /* at HQ: that device's store */
		else if (strcmp(a, "--lang") == 0) {
			const char *l = argv[++i];
			if (strcmp(l, "zh") != 0 && strcmp(l, "en") != 0) {
				fprintf(stderr, "jilu: --lang: zh | en\n");
				return 2;
			}
			c.lang = strcmp(l, "en") == 0 ? "en" : "zh";
		} else if (cli_is_help(a)) {
			main_usage(c.lang, stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("jilu %s\n", JILU_VERSION);
			return 0;
		} else {
			cli_linef(stderr, "jilu: %s: %s", a,
				  strcmp(c.lang, "en") == 0 ? "unknown option" : "未知选项");
			main_usage(c.lang, stderr);
			return 2;
		}
	}
	/* JILU_LANG=fr is a mistake, as --lang fr is: said, not read as zh. */
	if (!seen_lang && lang && *lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
		cli_linef(stderr, "jilu: JILU_LANG: %s",
			  "须为 zh 或 en / must be zh or en");
		return 2;
	}
	/* An SSH key's forced command (README, "Who acts is proven"): `jilu
	 * --as zs` on the command line, the officer's own words in
	 * SSH_ORIGINAL_COMMAND. The key proves the officer; the words may
	 * choose the language, never another officer or store. */
	if (act_by_key(seen_as, i < argc) && getenv("SSH_ORIGINAL_COMMAND")) {
		int nw = cli_ssh_split(getenv("SSH_ORIGINAL_COMMAND"), &ssh_words), k = 0;

		if (nw < 0) {
			fprintf(stderr, "jilu: SSH_ORIGINAL_COMMAND: %s\n",
				strcmp(c.lang, "en") == 0 ? "a quote is left open" : "引号未闭合");
			return 2;
		}
		while (k < nw && ssh_words[k][0] == '-') {
			if (strcmp(ssh_words[k], "--lang") == 0 && k + 1 < nw &&
			    (strcmp(ssh_words[k + 1], "zh") == 0 || strcmp(ssh_words[k + 1], "en") == 0)) {
				c.lang = strcmp(ssh_words[k + 1], "en") == 0 ? "en" : "zh";
				k += 2;
				continue;
			}
			cli_linef(stderr, "jilu: %s: %s", ssh_words[k],
				  strcmp(c.lang, "en") == 0
					  ? "not allowed through an SSH key (the key fixes the officer and the store)"
					  : "经 SSH 密钥登录时不可使用（密钥已确定执法人员和数据库）");
			cli_ssh_free(ssh_words);
			return 2;
		}
		argv = ssh_words + k;
		argc = nw - k;
		i = 0;
		c.by_key = 1;
	} else if (act_by_key(seen_as, i < argc)) {
		c.by_key = 1; /* an interactive login through the key: the screens */
	}
	c.as_given = seen_as;
	/* A fixed "now" that is not a datetime would stamp records with
	 * nothing: refused before anything runs. */
	if (clock_check_env(&c.msgs) != 0) {
		cli_ssh_free(ssh_words);
		return cli_finish(&c, JL_EINVALID);
	}
	if (!c.db_path || !*c.db_path) {
		default_db = db_default_path();
		c.db_path = default_db;
	}
	if (device && (rc = cli_hq_device(&c, device, &device_db)) != 0) {
		free(default_db);
		free(device_db);
		return rc;
	}
	if ((i >= argc && isatty(0) && isatty(1)) || (i < argc && strcmp(argv[i], "tui") == 0)) {
		/* At HQ (--device) the screens would act on the device's roster
		 * and write into HQ's copy of its chain: HQ reads with the
		 * commands, whose who-acts is HQ's roster (tui/cli_hq_act.h). */
		if (c.hq_device) {
			fprintf(stderr, "jilu: %s\n",
				CLI_T(&c, "总部不以界面打开设备的数据：请用查阅命令（如 jilu --db 总部数据库 --device ID action list）",
				      "headquarters does not open a device's store in the screens: read it with "
				      "the commands (e.g. jilu --db HQ.db --device ID action list)"));
			free(default_db);
			free(device_db);
			cli_ssh_free(ssh_words);
			return 2;
		}
		rc = ui_main(c.db_path, c.officer, c.lang, c.by_key);
		free(default_db);
		free(device_db);
		return rc;
	}
	if (i >= argc) {
		main_usage(c.lang, isatty(1) ? stdout : stderr);
		free(default_db);
		cli_ssh_free(ssh_words);
		return isatty(1) ? 0 : 2;
	}
	rc = -1;
	if (strcmp(argv[i], "help") == 0) {
		/* `jilu help [COMMAND [SUB]]` is `jilu [COMMAND [SUB]] --help`. */
		char *hv[4];
		int hn = 0;
		if (i + 1 >= argc) {
			main_usage(c.lang, stdout);
			free(default_db);
			return 0;
		}
		for (int k = i + 2; k < argc && hn < 2; k++)
			hv[hn++] = argv[k];
		hv[hn++] = (char *)"--help";
		hv[hn] = NULL;
		for (size_t k = 0; k < sizeof main_commands / sizeof main_commands[0]; k++)
			if (strcmp(argv[i + 1], main_commands[k].name) == 0)
				rc = k == 0 ? cli_help(&c, &main_commands[k])
					    : main_commands[k].run(&c, hn, hv);
		if (rc < 0) {
			cli_linef(stderr, "jilu: help %s: %s", argv[i + 1],
				  CLI_T(&c, "没有这个命令（jilu help 查看全部）", "no such command (see jilu help)"));
			rc = 2;
		}
		jl_close(c.j);
	cli_hq_act_close(&c);
		msglist_free(&c.msgs);
		free(default_db);
		return rc;
	}
	/* At HQ the lists go across every device (tui/cli_hq_read.c). */
	rc = cli_hq_read(&c, argc - i, argv + i);
	for (size_t k = 0; rc < 0 && k < sizeof main_commands / sizeof main_commands[0]; k++) {
		if (strcmp(argv[i], main_commands[k].name) == 0) {
			if (k == 0 && i + 1 < argc && cli_is_help(argv[i + 1]))
				rc = cli_help(&c, &main_commands[k]);
			else
				rc = main_commands[k].run(&c, argc - i - 1, argv + i + 1);
			break;
		}
	}
	if (rc < 0) {
		cli_linef(stderr, "jilu: %s: %s", argv[i],
			  strcmp(c.lang, "en") == 0 ? "unknown command (see jilu --help)"
						    : "未知命令（jilu --help 查看）");
		rc = 2;
	}
	jl_close(c.j);
	cli_hq_act_close(&c);
	msglist_free(&c.msgs);
	free(default_db);
	cli_ssh_free(ssh_words);
	free(device_db);
	free(c.ref_path);
	return rc;
}
