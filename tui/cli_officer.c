/* tui/cli_officer.c — `jilu officer add|role|list`. */
#include <stdlib.h>
#include <string.h>

#include "core/officer.h"
#include "tui/cli.h"
#include "tui/cli_officer_key.h"

static int officer_cmd_add(cli *c, int argc, char **argv);
static int officer_cmd_list(cli *c, int argc, char **argv);
static int officer_cmd_role(cli *c, int argc, char **argv);

static const cli_command officer_commands[] = {
	{"add", officer_cmd_add,
	 "officer add ID --name NAME --cert CERTNO [--role officer|archivist|supervisor|head|admin]",
	 "登记执法人员（执法证号必填）", "add an officer (the certificate number is required)"},
	{"list", officer_cmd_list, "officer list", "列出执法人员", "list the officers"},
	{"key", cli_officer_key, "officer key OFFICER PUBKEYFILE",
	 "打印 authorized_keys 的一行（SSH 登录即以该执法人员身份打开操作界面）",
	 "print the authorized_keys line that opens the screens as this officer over SSH"},
	{"role", officer_cmd_role, "officer role ID officer|archivist|supervisor|head|admin",
	 "更改执法人员的角色（记入存证链）", "change an officer's role (a ledger entry)"},
};

static const char *officer_role_label(cli *c, const char *role)
{
	static const char *const map[][3] = {
		{"officer", "执法人员", "officer"},
		{"archivist", "档案管理员", "archivist"},
		{"supervisor", "法规监督", "supervisor"},
		{"head", "局负责人", "head of bureau"},
		{"admin", "系统管理员", "administrator"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], role) == 0)
			return CLI_T(c, map[i][1], map[i][2]);
	return role;
}

static int officer_cmd_add(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &officer_commands[0];
	const char *id = NULL, *name = NULL, *cert = NULL, *role = NULL;
	jl_status rc;
	int i;

	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--name", &name);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--cert", &cert);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--role", &role);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (argv[i][0] != '-' && !id)
			id = argv[i];
		else
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	if (!id || !name || !cert)
		return cli_usage(c, cmd, "须给出 ID、--name 和 --cert", "ID, --name and --cert are required");
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
		if (rc == JL_OK && as && n > 0)
			rc = jl_act_as(c->j, as, &c->msgs);
		c->officer = as;
	}
	if (rc == JL_OK)
		rc = officer_add(c->j, id, name, cert, role, &c->msgs);
	if (rc == JL_OK)
		printf("%s\n", id);
	return cli_finish(c, rc);
}

static int officer_cmd_list(cli *c, int argc, char **argv)
{
	officer_row *rows = NULL;
	int n = 0, i;
	jl_status rc;

	(void)argv;
	if (argc)
		return cli_usage(c, &officer_commands[1], "多余的参数", "unexpected argument");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = officer_list(c->j, &rows, &n);
	if (rc == JL_OK) {
		if (n == 0)
			fprintf(stderr, "%s\n", CLI_T(c, "还没有执法人员（jilu officer add）",
						      "no officers yet (jilu officer add)"));
		for (i = 0; i < n; i++) {
			cli_pad(stdout, rows[i].id, 12);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].name, 10);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].cert, 18);
			fputs("  ", stdout);
			cli_linef(stdout, "%s", officer_role_label(c, rows[i].role));
		}
	}
	officer_rows_free(rows, n);
	return cli_finish(c, rc);
}

static int officer_cmd_role(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &officer_commands[2];
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

int cli_officer(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "officer", officer_commands,
			    (int)(sizeof officer_commands / sizeof officer_commands[0]), argc, argv);
}
