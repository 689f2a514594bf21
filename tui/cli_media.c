/* tui/cli_media.c — `jilu media add|list`. */
#include <stdlib.h>
#include <string.h>

#include "core/media.h"
#include "tui/cli.h"

static int media_cmd_add(cli *c, int argc, char **argv);
static int media_cmd_list(cli *c, int argc, char **argv);

static const cli_command media_commands[] = {
	{"add", media_cmd_add,
	 "media add RECORD FILE... [--kind photo|audio|video|surveillance] [--captured-at DATETIME]",
	 "把照片、录音、录像存入音像库并附到记录（定稿记录也可）；每个文件输出一个附件编号",
	 "store photos, audio and video in the media store and attach them to a record (final "
	 "records too); prints one attachment id per file"},
	{"list", media_cmd_list, "media list RECORD", "列出记录的音像附件", "list a record's attachments"},
};

const char *cli_media_kind_label(cli *c, const char *kind)
{
	static const char *const map[][3] = {
		{"photo", "照片", "photo"},
		{"audio", "录音", "audio"},
		{"video", "录像", "video"},
		{"surveillance", "监控录像", "surveillance"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], kind) == 0)
			return CLI_T(c, map[i][1], map[i][2]);
	return kind;
}

static int media_cmd_add(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &media_commands[0];
	const char *kind = NULL, *captured = NULL;
	long long record = argc >= 1 ? cli_id(argv[0]) : 0, id;
	int i, nfiles = 0;
	jl_status rc = JL_OK;

	for (i = 1; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--kind", &kind);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--captured-at", &captured);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(c, cmd, "未知选项", "unknown option");
		else
			nfiles++;
	}
	if (!record || nfiles == 0)
		return cli_usage(c, cmd, "须给出记录编号和至少一个文件", "RECORD and at least one FILE are required");
	rc = cli_open(c, CLI_WRITE);
	for (i = 1; rc == JL_OK && i < argc; i++) {
		if (strcmp(argv[i], "--kind") == 0 || strcmp(argv[i], "--captured-at") == 0) {
			i++;
			continue;
		}
		rc = media_add(c->j, record, argv[i], kind, captured, &id, &c->msgs);
		if (rc == JL_OK) {
			printf("%lld\n", id);
			fflush(stdout);
		}
	}
	return cli_finish(c, rc);
}

static int media_cmd_list(cli *c, int argc, char **argv)
{
	long long record = argc == 1 ? cli_id(argv[0]) : 0;
	media_row *rows = NULL;
	int n = 0, i;
	jl_status rc;

	if (!record)
		return cli_usage(c, &media_commands[1], "须给出一个记录编号", "one RECORD id is required");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK)
		rc = media_list(c->j, record, &rows, &n);
	for (i = 0; rc == JL_OK && i < n; i++) {
		char id[32], size[32];
		snprintf(id, sizeof id, "%lld", rows[i].id);
		snprintf(size, sizeof size, "%lld", rows[i].size);
		cli_pad(stdout, id, 5);
		fputs("  ", stdout);
		cli_pad(stdout, cli_media_kind_label(c, rows[i].kind), 8);
		fputs("  ", stdout);
		cli_pad(stdout, rows[i].name, 24);
		fputs("  ", stdout);
		cli_pad(stdout, size, 12);
		cli_linef(stdout, "  %s  %s  %.16s", rows[i].captured_at, rows[i].stored_at,
			  rows[i].sha256);
	}
	media_rows_free(rows, n);
	return cli_finish(c, rc);
}

int cli_media(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "media", media_commands,
			    (int)(sizeof media_commands / sizeof media_commands[0]), argc, argv);
}
