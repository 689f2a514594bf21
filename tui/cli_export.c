/*
 * tui/cli_export.c — `jilu export`: the case file (案卷) of one action, as an
 * archivist prints and files it (Art. 19, R19.1), with the ledger entries
 * that vouch for it and the verdict of `jilu verify` (R22.3).
 *
 * The whole file is built in memory, then written at once: to stdout, or to
 * -o FILE through file_write_atomic, so an archive never holds half a case file.
 * Reading is export.c, the layouts export_text.c and export_json.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/buf.h"
#include "core/file.h"
#include "tui/cli.h"
#include "tui/cli_readonly.h"
#include "tui/export.h"
#include "tui/export_json.h"
#include "tui/export_text.h"

static const cli_command export_command = {
	"export", cli_export, "export ACTION [--format text|json] [-o FILE [--force]]",
	"导出执法活动的案卷（《办法》第十九条）：全部定稿记录及其更正、音像附件、存证链记录，"
	"以及全库存证链核验结果；草稿不收入案卷。文本格式每行不超过 80 列，可直接用 A4 纸打印。"
	"-o 写入文件（先写临时文件再换入，不会留下半份案卷）；文件已存在时须加 --force 才替换，"
	"数据库本身、其 -wal/-shm 文件和音像库内的文件一律不写。存证链核验发现问题时照常导出，退出码 1",
	"export an action's case file (Art. 19): every final record with its corrections, "
	"attachments and ledger entries, and the verdict of verifying the whole ledger; drafts "
	"are left out. The text form fits A4 (80 columns a line). -o writes FILE (a temporary "
	"file moved into place: never half a case file); an existing FILE is replaced only "
	"with --force, and the database, its -wal/-shm files and the media store never. When verification finds a fault the "
	"file is still written and the exit code is 1"};

static jl_status export_write_stdout(cli *c, const buf *text)
{
	if (file_fd_is_store(fileno(stdout), db_file(c->j->db))) {
		/* `jilu export 1 >> jilu.db`: the case file would be appended to
		 * the database itself. */
		msglist_add(&c->msgs, NULL, NULL, "标准输出就是数据库本身，不写入",
			    "standard output is the database itself: nothing is written to it");
		return JL_EINVALID;
	}
	if (fwrite(buf_str(text), 1, text->len, stdout) != text->len || fflush(stdout) != 0) {
		msglist_add(&c->msgs, NULL, NULL, "无法写出案卷（标准输出）",
			    "cannot write the case file (standard output)");
		return JL_ESTORE;
	}
	return JL_OK;
}

int cli_export(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &export_command;
	const char *output = NULL, *format = NULL;
	long long id = 0;
	int json = 0, i, force = 0;
	export_file x;
	buf out = BUF_INIT;
	jl_status rc;

	for (i = 0; i < argc; i++)
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
	for (i = 0; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--format", &format);
		if (!took)
			took = cli_opt(c, cmd, argc, argv, &i, "-o", &output);
		if (!took && strcmp(argv[i], "--output") == 0)
			took = cli_opt(c, cmd, argc, argv, &i, "--output", &output);
		if (!took)
			took = cli_flag(c, cmd, argv[i], "--force", &force);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (cli_is_option(argv[i]) || id || !(id = cli_id(c, argv[i])))
			return cli_usage(c, cmd, "参数有误", "bad argument");
	}
	if (format && strcmp(format, "json") != 0 && strcmp(format, "text") != 0)
		return cli_usage(c, cmd, "--format 须为 text 或 json", "--format is text or json");
	json = format && strcmp(format, "json") == 0;
	if (!id)
		return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	if (force && !output)
		return cli_usage(c, cmd, "--force 只与 -o 一起用", "--force goes with -o FILE");
	if (output && !*output)
		return cli_usage(c, cmd, "-o 须给出文件名", "-o needs a FILE");

	memset(&x, 0, sizeof x);
	rc = cli_open(c, CLI_READ_LOGGED);
	if (rc == JL_OK && output)
		rc = jl_output_ok(c->j, output, force, &c->msgs); /* before any work */
	if (rc != JL_OK)
		goto done;
	rc = casefile_load(c->j, id, NULL, NULL, &x, &c->msgs);
	if (rc != JL_OK)
		goto done;
	/* R22.2: logged before anything is shown; unlogged, nothing is. (Output
	 * into the store itself is refused below: nothing shown, nothing logged.) */
	if (output || !file_fd_is_store(fileno(stdout), db_path(c->j->db))) {
		/* Drafts are not in a case file: the final records are logged. */
		rc = cli_log_read(c, "export", id, x.rows, x.n, 1);
		if (rc != JL_OK)
			goto done;
	}
	if (json) {
		rc = export_json(c, &x, &out);
		if (rc != JL_OK)
			goto done;
	} else {
		export_text(c, &x, &out);
	}
	if (out.oom) {
		rc = JL_ENOMEM;
		goto done;
	}
	rc = output ? file_write_atomic(output, buf_str(&out), out.len,
					force ? FILE_REPLACE : FILE_NEW, &c->msgs)
		    : export_write_stdout(c, &out);
	if (rc == JL_OK && x.verified == JL_FOUND) {
		/* Written all the same (the fault is in the file); the exit code tells a script. */
		msglist_take(&c->msgs, &x.faults);
		rc = JL_FOUND;
	}
done:
	casefile_free(&x);
	buf_free(&out);
	return cli_finish(c, rc);
}
