/* tui/cli_media.c — `jilu media add|list`. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/jsonx.h"
#include "core/media.h"
#include "core/media_import.h"
#include "core/perm_record.h"
#include "core/typed.h"
#include "tui/cli.h"

static int media_cmd_add(cli *c, int argc, char **argv);

/* An attachment's name, or in its place the seal (R20.2) in C's language. */
#define MEDIA_NAME(c, m) ((m)->sealed ? CLI_T(c, PERM_RECORD_SEALED_ZH, PERM_RECORD_SEALED_EN) : (m)->name)
static int media_cmd_list(cli *c, int argc, char **argv);

static const cli_command media_commands[] = {
	{"add", media_cmd_add,
	 "media add RECORD FILE... [--kind photo|audio|video|surveillance|document] [--captured-at DATETIME]",
	 "把照片、录音、录像存入音像库并附到记录（定稿记录也可）；全部存入或一个也不存；"
	 "空文件、同一记录已有的同一文件不收；每个文件输出一个附件编号",
	 "store photos, audio and video in the media store and attach them to a record (final "
	 "records too): all of them or none; an empty file, or one the record already has, is "
	 "refused; prints one attachment id per file"},
	{"list", media_cmd_list, "media list RECORD [--json]", "列出记录的音像附件", "list a record's attachments"},
};

const char *cli_media_kind_label(cli *c, const char *kind)
{
	static const char *const map[][3] = {
		{"photo", "照片", "photo"},
		{"audio", "录音", "audio"},
		{"video", "录像", "video"},
		{"surveillance", "监控录像", "surveillance"},
		{"document", "文件扫描件", "document"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], kind) == 0)
			return CLI_T(c, map[i][1], map[i][2]);
	return kind;
}

/* Set by SIGINT or SIGTERM during `media add`: the copy stops, nothing is
 * stored and no temporary file is left (core's cancel), instead of a kill
 * part way. */
static volatile sig_atomic_t media_interrupted;

static void media_on_signal(int sig)
{
	(void)sig;
	media_interrupted = 1;
}

static int media_cancel_cb(void *ctx, long long done, long long total)
{
	(void)ctx;
	(void)done;
	(void)total;
	return media_interrupted;
}

static int media_cmd_add(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &media_commands[0];
	media_add_opts opts;
	long long record = argc >= 1 && !cli_is_option(argv[0]) ? cli_id(c, argv[0]) : 0, *ids = NULL;
	const char **files = calloc((size_t)argc + 1, sizeof *files), **from = NULL;
	cJSON *captured = NULL;
	int i, nfiles = 0;
	jl_status rc = JL_OK;

	memset(&opts, 0, sizeof opts);
	if (!files)
		return cli_finish(c, JL_ENOMEM);
	for (i = 1; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--kind", &opts.kind);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "--captured-at", &opts.captured_at);
		if (took < 0) {
			free(files);
			return 2;
		}
		if (took)
			continue;
		if (argv[i][0] == '-' && argv[i][1]) {
			free(files);
			return cli_usage(c, cmd, "未知选项", "unknown option");
		}
		files[nfiles++] = argv[i];
	}
	if (!record || nfiles == 0) {
		free(files);
		return cli_usage(c, cmd, "须给出记录编号和至少一个文件",
				 "RECORD and at least one FILE are required");
	}
	if (opts.captured_at) {
		/* Typed as any datetime (now, today 15:00, slashes), stored canonical. */
		form_field fd;
		memset(&fd, 0, sizeof fd);
		fd.id = (char *)"--captured-at";
		fd.type = SHAPE_DATETIME;
		captured = typed_value(NULL, &fd, opts.captured_at, &c->msgs);
		if (!captured) {
			free(files);
			return cli_finish(c, c->msgs.oom ? JL_ENOMEM : JL_EUSAGE);
		}
		opts.captured_at = captured->valuestring;
	}
	ids = calloc((size_t)nfiles, sizeof *ids);
	from = calloc((size_t)nfiles, sizeof *from);
	opts.captured_from = from;
	rc = ids && from ? cli_open(c, CLI_WRITE) : JL_ENOMEM;
	if (rc == JL_OK) {
		struct sigaction sa, old_int, old_term;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = media_on_signal;
		sigemptyset(&sa.sa_mask);
		/* A SIGINT ignored (nohup, a background job) stays ignored. */
		sigaction(SIGINT, NULL, &old_int);
		if (old_int.sa_handler != SIG_IGN)
			sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, &old_term);
		opts.progress = media_cancel_cb;
		rc = media_add(c->j, record, files, nfiles, &opts, ids, &c->msgs);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	for (i = 0; rc == JL_OK && i < nfiles; i++)
		printf("%lld\n", ids[i]);
	/* Which capture time each file got (R19.2), on stderr: stdout is the ids. */
	for (i = 0; rc == JL_OK && i < nfiles; i++) {
		static const char *const src[][3] = {
			{"given", "所填时间（文件自身记载的时间一并保存，供 check 对照）",
			 "the time given (the file's own time is kept beside it for check)"},
			{"exif", "照片 EXIF 拍摄时间", "the photo's EXIF time"},
			{"mp4", "视频文件的创建时间", "the video's creation time"},
			{"mtime", "文件修改时间（文件中未记载拍摄时间）", "the file's modification time (it records none)"},
		};
		for (size_t k = 0; from[i] && k < sizeof src / sizeof src[0]; k++)
			if (strcmp(from[i], src[k][0]) == 0)
				fprintf(stderr, CLI_T(c, "附件 %lld：拍摄时间取自%s\n", "attachment %lld: capture time from %s\n"),
					ids[i], CLI_T(c, src[k][1], src[k][2]));
	}
	if (rc == JL_OK)
		fflush(stdout); /* acknowledged: every file is stored */
	free(ids);
	free(from);
	free(files);
	cJSON_Delete(captured);
	return cli_finish(c, rc);
}

static int media_cmd_list(cli *c, int argc, char **argv)
{
	long long record = 0;
	media_row *rows = NULL;
	int n = 0, i, json = 0;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &media_commands[1], argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (record || c->bad_id || cli_is_option(argv[i]) || !(record = cli_id(c, argv[i])))
			return cli_usage(c, &media_commands[1], "须给出一个记录编号", "one RECORD id is required");
	}
	if (!record)
		return cli_usage(c, &media_commands[1], "须给出一个记录编号", "one RECORD id is required");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK) {
		rc = media_list(c->j, record, &rows, &n);
		if (rc == JL_ENOTFOUND)
			msglist_addf(&c->msgs, NULL, NULL, "没有记录 %lld", "no record %lld", record);
		else if (rc == JL_ESTORE)
			db_error(c->j->db, &c->msgs, "无法读取音像附件", "cannot read the attachments");
	}
	if (rc == JL_OK && json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)rows[i].id);
			cJSON_AddStringToObject(o, "kind", rows[i].kind);
			cJSON_AddStringToObject(o, "name", MEDIA_NAME(c, &rows[i]));
			cJSON_AddNumberToObject(o, "size", (double)rows[i].size);
			cJSON_AddStringToObject(o, "captured_at", rows[i].captured_at);
			/* R19.2: given, exif, mp4 or mtime; when given, the file's own time. */
			jsonx_add_str(o, "captured_from", rows[i].captured_from);
			jsonx_add_str(o, "file_time", rows[i].file_time);
			jsonx_add_str(o, "file_time_from", rows[i].file_time_from);
			cJSON_AddStringToObject(o, "stored_at", rows[i].stored_at);
			cJSON_AddStringToObject(o, "sha256", rows[i].sha256);
			cJSON_AddItemToArray(arr, o);
		}
		rc = cli_print_json(arr);
	} else if (rc == JL_OK && n) {
		cli_pad(stdout, CLI_T(c, "编号", "id"), 5);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "类别", "kind"), 8);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "文件名", "name"), 24);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "字节", "bytes"), 12);
		cli_linef(stdout, "  %s", CLI_T(c, "拍摄时间  存入时间  SHA-256", "captured  stored  SHA-256"));
	}
	for (i = 0; rc == JL_OK && !json && i < n; i++) {
		char id[REF_DEVICE_MAX + 32], size[32];
		cli_ref_str(c, rows[i].id, id, sizeof id);
		snprintf(size, sizeof size, "%lld", rows[i].size);
		cli_pad(stdout, id, 5);
		fputs("  ", stdout);
		cli_pad(stdout, cli_media_kind_label(c, rows[i].kind), 8);
		fputs("  ", stdout);
		cli_pad(stdout, MEDIA_NAME(c, &rows[i]), 24);
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
