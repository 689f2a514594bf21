/* tui/cli_officer.c — `jilu officer add|role|roles|retire|list|pin`. */
#include <stdlib.h>
#include <string.h>

#include "core/officer.h"
#include "core/officer_pin.h"
#include "core/perm.h"
#include "tui/cli.h"
#include "tui/cli_officer_key.h"
#include "tui/cli_pin.h"

static int officer_cmd_add(cli *c, int argc, char **argv);
static int officer_cmd_list(cli *c, int argc, char **argv);
static int officer_cmd_role(cli *c, int argc, char **argv);
static int officer_cmd_pin(cli *c, int argc, char **argv);
/*
 * Reads the arguments of CMD that takes one officer ID (into *ID) and the
 * option OPT with its value (into *VAL; left as it is when not given).
 * Returns -1 when they are good; otherwise the exit status the command
 * returns (help shown, or a usage error said). Allocates nothing.
 */
static int officer_args(cli *c, const cli_command *cmd, int argc, char **argv, const char *opt,
			const char **val, const char **id)
{
	int i;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, opt, val);

		if (took < 0)
			return 2;
		if (took)
			continue;
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		if (argv[i][0] != '-' && !*id)
			*id = argv[i];
		else
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	if (!*id)
		return cli_usage(c, cmd, "须给出 ID", "ID is required");
	return -1;
}

static int officer_cmd_roles(cli *c, int argc, char **argv);
static int officer_cmd_retire(cli *c, int argc, char **argv);
static int officer_cmd_pin_lock(cli *c, int argc, char **argv);

static const cli_command officer_commands[] = {
	{"add", officer_cmd_add,
	 "officer add ID --name NAME --cert CERTNO [--role ROLE[,ROLE…]]…",
	 "登记执法人员（执法证号必填；角色：执法人员 officer、档案管理员 archivist、政策法规股 "
	 "supervisor、行政机关负责人 head、信息中心 admin，可有多个）",
	 "add an officer (the certificate number is required; roles: officer, archivist, "
	 "supervisor, head, admin, one or more)"},
	{"list", officer_cmd_list, "officer list [--json]", "列出执法人员", "list the officers"},
	{"key", cli_officer_key, "officer key OFFICER PUBKEYFILE",
	 "打印 authorized_keys 的一行（SSH 登录即以该执法人员身份打开操作界面）",
	 "print the authorized_keys line that opens the screens as this officer over SSH"},
	{"role", officer_cmd_role, "officer role ID ROLE[,ROLE…]",
	 "更改执法人员的角色（记入存证链；系统管理员）", "change an officer's roles (a ledger entry; an admin)"},
	{"roles", officer_cmd_roles, "officer roles ID [--set ROLE[,ROLE…]]",
	 "查看或（系统管理员）重设执法人员的全部角色（记入存证链）",
	 "show an officer's roles, or (an admin) set them all (a ledger entry)"},
	{"retire", officer_cmd_retire, "officer retire ID [--reason TEXT]",
	 "执法人员离任：仍留在名册中供记录引用，不能再操作（系统管理员；记入存证链）",
	 "retire an officer: kept on the roster for the records that name him, no longer "
	 "able to act (an admin; a ledger entry)"},
	{"pin", officer_cmd_pin, "officer pin ID",
	 "设置执法人员的 PIN（终端上输入两次，或从标准输入读一行）；本人或系统管理员",
	 "set an officer's PIN (typed twice on a terminal, or one line of stdin); "
	 "the officer or an admin"},
	{"pin-lock", officer_cmd_pin_lock, "officer pin-lock [SECONDS]",
	 "查看或（系统管理员）设置连续 5 次输错 PIN 后的锁定时长（默认 900 秒，1 至 86400）",
	 "show or (an admin) set how long five wrong PINs in a row lock an officer "
	 "(default 900 seconds, 1 to 86400)"},
};

/* Returns the row of officer_commands named NAME (each caller names its own,
 * so adding a row never hands one command another's usage). */
static const cli_command *officer_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof officer_commands / sizeof officer_commands[0]; i++)
		if (strcmp(officer_commands[i].name, name) == 0)
			return &officer_commands[i];
	abort();
}

/* Appends the roles ROLES ("officer,archivist") in the bureau's words of
 * C's language: "执法人员、档案管理员" or "officer, archivist". */
static void officer_roles_label(cli *c, buf *out, const char *roles)
{
	int en = strcmp(c->lang, "en") == 0, i, n = 0;
	int bits = perm_role_bits(roles);

	for (i = 0; perm_role_id(i); i++)
		if (bits & perm_role_bit(perm_role_id(i)))
			buf_printf(out, "%s%s", n++ ? (en ? ", " : "、") : "",
				   perm_role_label(perm_role_id(i), en));
}

static int officer_cmd_add(cli *c, int argc, char **argv)
{
	const cli_command *cmd = officer_command("add");
	const char *id = NULL, *name = NULL, *cert = NULL, *role = NULL;
	buf roles = BUF_INIT; /* every --role, joined by commas */
	jl_status rc;
	int i;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--name", &name);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--cert", &cert);
		if (!took && (took = cli_opt(c, cmd, argc, argv, &i, "--role", &role)) > 0) {
			/* --role may be given again: each adds its roles. */
			buf_printf(&roles, "%s%s", roles.len ? "," : "", role);
			role = NULL;
		}
		if (took < 0) {
			buf_free(&roles);
			return 2;
		}
		if (took)
			continue;
		if (argv[i][0] != '-' && !id)
			id = argv[i];
		else {
			buf_free(&roles);
			return cli_usage(c, cmd, "参数有误", "bad argument");
		}
	}
	if (!id || !name || !cert) {
		buf_free(&roles);
		return cli_usage(c, cmd, "须给出 ID、--name 和 --cert", "ID, --name and --cert are required");
	}
	{
		/* The first officer is added before anyone can act as one. */
		const char *as = c->officer;
		officer_row *rows = NULL;
		int n = 0;

		c->officer = NULL;
		rc = cli_open(c, CLI_WRITE);
		if (rc == JL_OK)
			rc = officer_list(c->j, &rows, &n);
		officer_rows_free(rows, n);
		c->officer = as;
		if (rc == JL_OK && as && n > 0)
			rc = cli_pin_act(c);
	}
	if (rc == JL_OK)
		rc = roles.oom ? JL_ENOMEM
			       : officer_add(c->j, id, name, cert, roles.len ? buf_str(&roles) : NULL,
					     &c->msgs);
	if (rc == JL_OK)
		printf("%s\n", id);
	buf_free(&roles);
	return cli_finish(c, rc);
}

static int officer_cmd_list(cli *c, int argc, char **argv)
{
	officer_row *rows = NULL;
	int n = 0, i, json = 0;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, officer_command("list"), argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, officer_command("list"), "多余的参数", "unexpected argument");
	}
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = officer_list(c->j, &rows, &n);
	if (rc == JL_OK && json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", rows[i].id);
			cJSON_AddStringToObject(o, "name", rows[i].name);
			cJSON_AddStringToObject(o, "cert", rows[i].cert);
			cJSON_AddStringToObject(o, "role", rows[i].role);
			{
				cJSON *ra = cJSON_AddArrayToObject(o, "roles");
				const char *p = rows[i].roles;

				while (ra && p && *p) {
					size_t k = strcspn(p, ",");
					char *one = strndup(p, k);

					if (one)
						cJSON_AddItemToArray(ra, cJSON_CreateString(one));
					free(one);
					p += k + (p[k] == ',');
				}
			}
			if (rows[i].retired_at)
				cJSON_AddStringToObject(o, "retired_at", rows[i].retired_at);
			else
				cJSON_AddNullToObject(o, "retired_at");
			cJSON_AddItemToArray(arr, o);
		}
		rc = cli_print_json(arr);
	} else if (rc == JL_OK) {
		if (n == 0)
			fprintf(stderr, "%s\n", CLI_T(c, "还没有执法人员（jilu officer add）",
						      "no officers yet (jilu officer add)"));
		else {
			cli_pad(stdout, CLI_T(c, "编号", "id"), 12);
			fputs("  ", stdout);
			cli_pad(stdout, CLI_T(c, "姓名", "name"), 10);
			fputs("  ", stdout);
			cli_pad(stdout, CLI_T(c, "执法证号", "certificate"), 18);
			fputs("  ", stdout);
			cli_linef(stdout, "%s", CLI_T(c, "角色", "role"));
		}
		for (i = 0; i < n; i++) {
			cli_pad(stdout, rows[i].id, 12);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].name, 10);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].cert, 18);
			fputs("  ", stdout);
			{
				buf lab = BUF_INIT;

				officer_roles_label(c, &lab, rows[i].roles);
				if (rows[i].retired_at)
					buf_printf(&lab, CLI_T(c, "（已于 %.10s 离任）", " (retired on %.10s)"),
						   rows[i].retired_at);
				cli_linef(stdout, "%s", buf_str(&lab));
				buf_free(&lab);
			}
		}
	}
	officer_rows_free(rows, n);
	return cli_finish(c, rc);
}

static int officer_cmd_role(cli *c, int argc, char **argv)
{
	const cli_command *cmd = officer_command("role");
	jl_status rc;

	if (argc == 1 && cli_is_help(argv[0]))
		return cli_help(c, cmd);
	if (argc != 2 || argv[0][0] == '-' || argv[1][0] == '-')
		return cli_usage(c, cmd, "须给出 ID 和角色", "ID and ROLE are required");
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = officer_set_role(c->j, argv[0], argv[1], &c->msgs);
	return cli_finish(c, rc);
}

static int officer_cmd_roles(cli *c, int argc, char **argv)
{
	const cli_command *cmd = officer_command("roles");
	const char *id = NULL, *set = NULL;
	officer_row o;
	jl_status rc;
	int i;

	if ((i = officer_args(c, cmd, argc, argv, "--set", &set, &id)) >= 0)
		return i;
	rc = cli_open(c, set ? CLI_WRITE : CLI_READ);
	if (rc == JL_OK && set)
		rc = officer_set_role(c->j, id, set, &c->msgs);
	if (rc == JL_OK) {
		rc = officer_get(c->j, id, &o);
		if (rc == JL_ENOTFOUND)
			msglist_addf(&c->msgs, NULL, "ID", "没有执法人员 %s", "no officer %s", id);
		if (rc == JL_OK) {
			buf lab = BUF_INIT;

			officer_roles_label(c, &lab, o.roles);
			cli_linef(stdout, "%s", buf_str(&lab));
			buf_free(&lab);
			officer_row_free(&o);
		}
	}
	return cli_finish(c, rc);
}

static int officer_cmd_retire(cli *c, int argc, char **argv)
{
	const cli_command *cmd = officer_command("retire");
	const char *id = NULL, *reason = NULL;
	char when[64];
	jl_status rc;
	int i;

	if ((i = officer_args(c, cmd, argc, argv, "--reason", &reason, &id)) >= 0)
		return i;
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = officer_retire(c->j, id, reason, &c->msgs);
	if (rc == JL_OK && officer_retired_at(c->j, id, when, sizeof when) == 1)
		cli_linef(stdout, CLI_T(c, "%s 已于 %s 离任", "%s retired on %s"), id, when);
	return cli_finish(c, rc);
}

static int officer_cmd_pin(cli *c, int argc, char **argv)
{
	const cli_command *cmd = officer_command("pin");
	char *pin = NULL;
	jl_status rc;

	if (argc == 1 && cli_is_help(argv[0]))
		return cli_help(c, cmd);
	if (argc != 1 || argv[0][0] == '-')
		return cli_usage(c, cmd, "须给出 ID", "ID is required");
	/* Who acts is proven first (their own PIN when they have one). */
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = jl_need_officer(c->j, &c->msgs);
	if (rc == JL_OK)
		rc = cli_pin_read_new(c, &pin);
	if (rc == JL_OK)
		rc = officer_pin_set(c->j, argv[0], pin, &c->msgs);
	if (pin) {
		memset(pin, 0, strlen(pin));
		free(pin);
	}
	return cli_finish(c, rc);
}

static int officer_cmd_pin_lock(cli *c, int argc, char **argv)
{
	const cli_command *cmd = officer_command("pin-lock");
	long long secs = 0;
	jl_status rc;

	if (argc == 1 && cli_is_help(argv[0]))
		return cli_help(c, cmd);
	if (argc > 1 || (argc == 1 && (c->bad_id || !(secs = cli_id(c, argv[0])))))
		return cli_usage(c, cmd, "SECONDS 须为正整数", "SECONDS is a positive whole number");
	rc = cli_open(c, argc ? CLI_WRITE : CLI_READ);
	if (rc == JL_OK && argc)
		rc = officer_pin_lock_set(c->j, secs > OFFICER_PIN_LOCK_MAX ? -1 : (long)secs, &c->msgs);
	if (rc == JL_OK)
		printf("%ld\n", officer_pin_lock_seconds(c->j));
	return cli_finish(c, rc);
}

int cli_officer(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "officer", officer_commands,
			    (int)(sizeof officer_commands / sizeof officer_commands[0]), argc, argv);
}
