/* tui/cli_copy.c — `jilu copy REQUEST [-o FILE]`: the pages of the records a
 * final, approved copy request names, given to the party (R21.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/copy.h"
#include "core/file.h"
#include "core/ledger.h"
#include "tui/cli.h"
#include "tui/show.h"

static const cli_command copy_command = {
	"copy", NULL, "copy REQUEST [-o FILE [--force]]",
	"按已定稿批准的复制申请制作复制件（仅行政机关负责人；涉密记录不提供）；每次提供记入存证链（含 SHA-256）",
	"the copy a final, approved copy request grants (heads only; never a confidential record); "
	"each copy given is a ledger entry with its SHA-256"};

int cli_copy(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &copy_command;
	const char *output = NULL;
	long long id = 0, action = 0, *ids = NULL;
	record_row *rows = NULL;
	char sha[LEDGER_HASH_LEN + 1];
	buf out = BUF_INIT;
	int n = 0, i, force = 0;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took;

		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		took = cli_opt(c, cmd, argc, argv, &i, "-o", &output);
		if (!took)
			took = cli_flag(c, cmd, argv[i], "--force", &force);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (id || !(id = cli_id(c, argv[i])))
			return cli_usage(c, cmd, "须给出一个复制申请的记录编号", "one REQUEST record id is required");
	}
	if (!id)
		return cli_usage(c, cmd, "须给出一个复制申请的记录编号", "one REQUEST record id is required");
	rc = cli_open(c, CLI_READ_LOGGED);
	if (rc == JL_OK && output)
		rc = jl_output_ok(c->j, output, force, &c->msgs);
	if (rc == JL_OK)
		rc = copy_prepare(c->j, id, &rows, &n, &action, &c->msgs);
	if (rc != JL_OK)
		goto done;
	buf_printf(&out, "%s\n\n", CLI_T(c, "复制件（依复制申请）", "Copy (by copy request)"));
	for (i = 0; i < n; i++) {
		show_record(&out, c->j,
			    formset_find_for(c->j->forms, rows[i].form, rows[i].form_version),
			    &rows[i], c->lang);
		buf_puts(&out, "\n");
	}
	if (out.oom || !(ids = calloc((size_t)n + 1, sizeof *ids))) {
		rc = JL_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++)
		ids[i] = rows[i].id;
	if (ledger_sha256_hex(buf_str(&out), out.len, sha) != 0) {
		rc = JL_ESTORE;
		goto done;
	}
	/* Logged before it is given: a copy not in the ledger is never given. */
	rc = cli_access_log(c, "copy", action, ids, n, sha);
	if (rc == JL_OK && output)
		rc = file_write_atomic(output, buf_str(&out), out.len, force ? FILE_REPLACE : FILE_NEW,
				       &c->msgs);
	else if (rc == JL_OK)
		fputs(buf_str(&out), stdout);
	if (rc == JL_OK)
		fprintf(stderr, "SHA-256: %s\n", sha);
done:
	free(ids);
	record_rows_free(rows, n);
	buf_free(&out);
	return cli_finish(c, rc);
}
