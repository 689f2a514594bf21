/* tui/cli_record.c — `jilu record new|set|finalize|amend|show`. */
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/action.h"
#include "core/media.h"
#include "core/perm_record.h"
#include "core/record.h"
#include "core/record_discard.h"
#include "core/text.h"
#include "core/typed.h"
#include "tui/cli.h"
#include "tui/cli_readonly.h"
#include "tui/show.h"

static int record_cmd_new(cli *c, int argc, char **argv);
static int record_cmd_set(cli *c, int argc, char **argv);
static int record_cmd_finalize(cli *c, int argc, char **argv);
static int record_cmd_amend(cli *c, int argc, char **argv);
static int record_cmd_show(cli *c, int argc, char **argv);
static int record_cmd_discard(cli *c, int argc, char **argv);
static int record_cmd_list(cli *c, int argc, char **argv);

static const cli_command record_commands[] = {
	{"new", record_cmd_new, "record new ACTION FORM [FIELD=TEXT | FIELD:=JSON ...] [--finalize]",
	 "新建记录（草稿；--finalize 立即定稿）；只输出新记录编号。FIELD=TEXT 为文本，FIELD:=JSON 为任意 JSON 值。"
	 "--finalize 被规则拒绝时（退出码 3）草稿仍保存，并输出其编号",
	 "create a record (a draft; --finalize to finalise at once); prints the new record id alone. "
	 "FIELD=TEXT sets text, FIELD:=JSON any JSON value. When --finalize is refused by a rule "
	 "(exit 3) the draft is kept and its id printed all the same"},
	{"set", record_cmd_set, "record set RECORD FIELD=TEXT | FIELD:=JSON ...",
	 "修改草稿的字段（FIELD:=null 清除）；定稿记录不可修改",
	 "set fields of a draft (FIELD:=null clears one); a final record cannot be changed"},
	{"finalize", record_cmd_finalize, "record finalize RECORD",
	 "按《办法》检查全部规则，通过则定稿并记入存证链；否则逐条列出问题（退出码 3）",
	 "check every rule of the Measures; if all pass, finalise and enter it in the ledger; "
	 "otherwise list each problem (exit 3)"},
	{"amend", record_cmd_amend,
	 "record amend RECORD --reason TEXT [FIELD=TEXT | FIELD:=JSON ...]",
	 "更正定稿记录：新建一条定稿记录，注明所更正的记录和理由；只输出新记录编号",
	 "correct a final record: a new final record naming the one it corrects and why; "
	 "prints the new record id alone"},
	{"show", record_cmd_show, "record show RECORD [--json]", "显示记录", "show a record"},
	{"discard", record_cmd_discard, "record discard RECORD",
	 "删除一条草稿（定稿记录不能删除，只能更正；已附音像文件的草稿也不能删除）",
	 "remove a draft (a final record is never removed, only corrected; nor is a draft with "
	 "attachments)"},
	{"list", record_cmd_list, "record list ACTION [--json]", "列出执法活动的记录",
	 "list the records of an action"},
};

/*
 * When FORM_ID.json is in the forms directory but was left out for its
 * problems, says so — with those problems — rather than "no form": the
 * definition is broken, not missing. Returns 1 when it did.
 */
static int record_form_broken(cli *c, const char *form_id)
{
	const msglist *p = &c->j->form_problems;
	buf file = BUF_INIT;
	size_t i;

	if (!form_id || formset_find(c->j->forms, form_id) ||
	    !formset_left_out(c->j->forms, form_id))
		return 0;
	msglist_add(&c->msgs, NULL, form_id,
		    "表单定义有问题，未能载入，不能使用：运行 jilu forms check 查看",
		    "the form definition has problems and was not loaded, so it cannot be "
		    "used: run jilu forms check");
	buf_printf(&file, "/%s.json", form_id);
	for (i = 0; i < p->n; i++) {
		const char *w = p->items[i].where, *at = w ? strstr(w, buf_str(&file)) : NULL;
		if (at && (at[file.len] == ':' || at[file.len] == '\0'))
			msglist_add(&c->msgs, NULL, w, p->items[i].zh, p->items[i].en);
	}
	buf_free(&file);
	return 1;
}

/*
 * Reads each FIELD=TEXT of ARGV (N arguments, as cli_values took them) by
 * its field's shape in form FORM_ID (core/typed.h), replacing the string in
 * VALUES. FIELD:=JSON and fields the form does not have are left for the
 * record's own checks. Returns JL_OK, or JL_EINVALID with every shape error
 * in C->msgs (JL_ENOMEM when memory ran out).
 */
static jl_status record_typed(cli *c, const char *form_id, cJSON *values, int n, char **argv)
{
	const form *f = form_id ? formset_find(c->j->forms, form_id) : NULL;
	jl_status rc = JL_OK;
	int i;

	for (i = 0; f && i < n; i++) {
		const char *eq = strchr(argv[i], '=');
		char *name;
		const form_field *fd;
		cJSON *v;

		if (!eq || eq == argv[i] || eq[-1] == ':')
			continue;
		name = strndup(argv[i], (size_t)(eq - argv[i]));
		if (!name)
			return JL_ENOMEM;
		fd = form_field_find(f, name);
		if (fd && fd->type != SHAPE_TEXT) {
			v = typed_value(c->j, fd, eq + 1, &c->msgs);
			if (v)
				cJSON_ReplaceItemInObjectCaseSensitive(values, name, v);
			else
				rc = c->msgs.oom ? JL_ENOMEM : JL_EINVALID;
		}
		free(name);
	}
	return rc;
}

/* The form of record ID, for record_typed (caller frees), or NULL. */
static char *record_form_of(cli *c, long long id)
{
	record_row r;
	char *fid = NULL;

	if (record_get(c->j, id, &r) == JL_OK) {
		fid = r.form;
		r.form = NULL;
		record_row_free(&r);
	}
	return fid;
}

/* After a write to record ID failed: is its form's definition broken? */
static void record_form_hint(cli *c, long long id, jl_status rc)
{
	record_row r;

	if (rc != JL_EINVALID || !c->j || record_get(c->j, id, &r) != JL_OK)
		return;
	record_form_broken(c, r.form);
	record_row_free(&r);
}

static int record_cmd_new(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &record_commands[0];
	long long action, id = 0;
	int finalize = 0, i, n = 0;
	char **vals = calloc((size_t)argc + 1, sizeof *vals);
	cJSON *values = NULL;
	jl_status rc = JL_EUSAGE;

	if (!vals)
		return cli_finish(c, JL_ENOMEM);
	for (i = 2; i < argc; i++) {
		int took = cli_flag(c, cmd, argv[i], "--finalize", &finalize);
		if (took < 0) {
			free(vals);
			return 2;
		}
		if (!took)
			vals[n++] = argv[i];
	}
	if (argc < 2 || !(action = cli_id(c, argv[0]))) {
		free(vals);
		return cli_usage(c, cmd, "须给出执法活动编号和表单", "ACTION and FORM are required");
	}
	values = cli_values(c, n, vals);
	if (values && (rc = cli_open(c, CLI_WRITE)) == JL_OK &&
	    (rc = record_typed(c, argv[1], values, n, vals)) == JL_OK)
		rc = record_form_broken(c, argv[1])
			     ? JL_EINVALID
			     : record_create(c->j, action, argv[1], values, finalize, &id, &c->msgs);
	/* A refused --finalize keeps the draft (core/record.h): its id is
	 * acknowledged like any other. */
	if (rc == JL_EREFUSED && id)
		msglist_addf(&c->msgs, NULL, NULL,
			     "未定稿；草稿已保存为记录 %lld：补正后定稿（jilu record set %lld 字段=值，"
			     "再 jilu record finalize %lld），或删除（jilu record discard %lld）",
			     "not finalised; the draft was kept as record %lld: fix it (jilu record set "
			     "%lld FIELD=VALUE, then jilu record finalize %lld) or remove it (jilu record "
			     "discard %lld)",
			     id, id, id, id);
	if (rc == JL_OK || (rc == JL_EREFUSED && id)) {
		printf("%lld\n", id);
		fflush(stdout); /* acknowledged: the caller may rely on it now */
		if (rc == JL_OK)
			cli_after_write(c, id, 0);
	}
	cJSON_Delete(values);
	free(vals);
	return cli_finish(c, rc);
}

static int record_cmd_set(cli *c, int argc, char **argv)
{
	long long id = argc >= 2 ? cli_id(c, argv[0]) : 0;
	cJSON *values;
	jl_status rc = JL_EUSAGE;

	if (!id)
		return cli_usage(c, &record_commands[1], "须给出记录编号和至少一个字段",
				 "RECORD and at least one field are required");
	values = cli_values(c, argc - 1, argv + 1);
	if (values && (rc = cli_open(c, CLI_WRITE)) == JL_OK) {
		char *fid = record_form_of(c, id);
		rc = record_typed(c, fid, values, argc - 1, argv + 1);
		free(fid);
	}
	if (values && rc == JL_OK)
		rc = record_set(c->j, id, values, &c->msgs);
	if (rc == JL_OK)
		cli_after_write(c, id, 0);
	record_form_hint(c, id, rc);
	cJSON_Delete(values);
	return cli_finish(c, rc);
}

static int record_cmd_finalize(cli *c, int argc, char **argv)
{
	long long id = argc == 1 ? cli_id(c, argv[0]) : 0;
	jl_status rc;

	if (!id)
		return cli_usage(c, &record_commands[2], "须给出一个记录编号", "one RECORD id is required");
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = record_finalize(c->j, id, &c->msgs);
	if (rc == JL_OK)
		cli_after_write(c, id, 0);
	record_form_hint(c, id, rc);
	return cli_finish(c, rc);
}

static int record_cmd_amend(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &record_commands[3];
	long long id = argc >= 1 ? cli_id(c, argv[0]) : 0, new_id = 0;
	const char *reason = NULL;
	char **vals = calloc((size_t)argc + 1, sizeof *vals);
	cJSON *values = NULL;
	int i, n = 0;
	jl_status rc = JL_EUSAGE;

	if (!vals)
		return cli_finish(c, JL_ENOMEM);
	for (i = 1; i < argc; i++) {
		int took = cli_opt(c, cmd, argc, argv, &i, "--reason", &reason);
		if (took < 0) {
			free(vals);
			return 2;
		}
		if (!took)
			vals[n++] = argv[i];
	}
	if (!id || !reason) {
		free(vals);
		return cli_usage(c, cmd, "须给出记录编号和 --reason 理由", "RECORD and --reason are required");
	}
	values = cli_values(c, n, vals);
	if (values && (rc = cli_open(c, CLI_WRITE)) == JL_OK) {
		char *fid = record_form_of(c, id);
		rc = record_typed(c, fid, values, n, vals);
		free(fid);
	}
	if (values && rc == JL_OK)
		rc = record_amend(c->j, id, reason, values, &new_id, &c->msgs);
	record_form_hint(c, id, rc);
	if (rc == JL_OK) {
		printf("%lld\n", new_id);
		fflush(stdout); /* acknowledged: the caller may rely on it now */
		cli_after_write(c, new_id, 0);
	}
	cJSON_Delete(values);
	free(vals);
	return cli_finish(c, rc);
}

static int record_cmd_show(cli *c, int argc, char **argv)
{
	long long id = 0;
	int json = 0, i;
	record_row r;
	jl_status rc;

	memset(&r, 0, sizeof r);
	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &record_commands[4], argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (id || c->bad_id || !(id = cli_id(c, argv[i])))
			return cli_usage(c, &record_commands[4], "须给出一个记录编号",
					 "one RECORD id is required");
	}
	if (!id)
		return cli_usage(c, &record_commands[4], "须给出一个记录编号", "one RECORD id is required");
	rc = cli_open(c, CLI_READ_LOGGED);
	if (rc == JL_OK) {
		rc = record_get(c->j, id, &r);
		if (rc == JL_ENOTFOUND) {
			msglist_addf(&c->msgs, NULL, NULL, "没有记录 %lld", "no record %lld", id);
			rc = JL_EINVALID;
		}
	}
	/* R22.2: logged before anything is shown; unlogged, nothing is. */
	if (rc == JL_OK)
		rc = cli_log_read(c, "show", r.action_id, &r, 1, 0);
	if (rc == JL_OK && json) {
		cJSON *o = show_record_json(c->j, &r);
		char *s = o ? text_json_print(o, 1) : NULL; /* nothing raw to a terminal */
		if (s)
			printf("%s\n", s);
		else
			rc = JL_ENOMEM;
		free(s);
		cJSON_Delete(o);
	} else if (rc == JL_OK) {
		buf out = BUF_INIT;
		media_row *m = NULL;
		int nm = 0;
		char shown[REF_DEVICE_MAX + 32];
		show_record_at(&out, c->j, formset_find_for(c->j->forms, r.form, r.form_version), &r, c->lang, c->hq_device);
		rc = media_list(c->j, r.id, &m, &nm);
		if (nm)
			buf_printf(&out, "\n%s\n", CLI_T(c, "音像附件：", "Attachments:"));
		for (i = 0; i < nm; i++)
			show_linef(&out, "  %s  %s  %s  %lld %s  %s %s", cli_ref_str(c, m[i].id, shown, sizeof shown),
				   cli_media_kind_label(c, m[i].kind),
				   m[i].sealed ? CLI_T(c, PERM_RECORD_SEALED_ZH, PERM_RECORD_SEALED_EN) : m[i].name, m[i].size,
				   CLI_T(c, "字节", "bytes"), CLI_T(c, "拍摄", "captured"), m[i].captured_at);
		media_rows_free(m, nm);
		fputs(buf_str(&out), stdout);
		buf_free(&out);
	}
	record_row_free(&r);
	return cli_finish(c, rc);
}

static int record_cmd_discard(cli *c, int argc, char **argv)
{
	long long id = argc == 1 ? cli_id(c, argv[0]) : 0;
	jl_status rc;

	if (!id)
		return cli_usage(c, &record_commands[5], "须给出一个记录编号", "one RECORD id is required");
	rc = cli_open(c, CLI_WRITE);
	if (rc == JL_OK)
		rc = record_discard(c->j, id, &c->msgs);
	return cli_finish(c, rc);
}

static const char *record_state_label(cli *c, const record_row *r)
{
	return strcmp(r->state, "final") == 0 ? CLI_T(c, "定稿", "final") : CLI_T(c, "草稿", "draft");
}

static int record_cmd_list(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &record_commands[6];
	long long id = 0;
	int json = 0, i, n = 0;
	record_row *rows = NULL;
	action_row a;
	jl_status rc;

	memset(&a, 0, sizeof a);
	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, cmd, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (id || c->bad_id || cli_is_option(argv[i]) || !(id = cli_id(c, argv[i])))
			return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	}
	if (!id)
		return cli_usage(c, cmd, "须给出一个执法活动编号", "one ACTION id is required");
	rc = cli_open(c, CLI_READ);
	if (rc == JL_OK && (rc = action_get(c->j, id, &a)) == JL_ENOTFOUND) {
		msglist_addf(&c->msgs, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
		rc = JL_EINVALID;
	}
	if (rc == JL_OK)
		rc = record_list(c->j, id, &rows, &n);
	if (rc == JL_OK && json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < n; i++) {
			const form *f = formset_find_for(c->j->forms, rows[i].form, rows[i].form_version);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)rows[i].id);
			cJSON_AddStringToObject(o, "form", rows[i].form);
			if (f)
				cJSON_AddStringToObject(o, "title", form_text_get(&f->title, c->lang));
			cJSON_AddStringToObject(o, "state", rows[i].state);
			cJSON_AddStringToObject(o, "updated_at", rows[i].updated_at);
			if (rows[i].finalized_at)
				cJSON_AddStringToObject(o, "finalized_at", rows[i].finalized_at);
			if (rows[i].amends)
				cJSON_AddNumberToObject(o, "amends", (double)rows[i].amends);
			if (rows[i].amended_by)
				cJSON_AddNumberToObject(o, "amended_by", (double)rows[i].amended_by);
			cJSON_AddItemToArray(arr, o);
		}
		rc = cli_print_json(arr);
	} else if (rc == JL_OK) {
		cli_pad(stdout, CLI_T(c, "编号", "id"), 6);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "表单", "form"), 24);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "名称", "title"), 22);
		fputs("  ", stdout);
		cli_pad(stdout, CLI_T(c, "状态", "state"), 6);
		fputs("  ", stdout);
		cli_linef(stdout, "%s", CLI_T(c, "时间", "time"));
		for (i = 0; i < n; i++) {
			const form *f = formset_find_for(c->j->forms, rows[i].form, rows[i].form_version);
			char rid[REF_DEVICE_MAX + 32];
			cli_pad(stdout, cli_ref_str(c, rows[i].id, rid, sizeof rid), 6);
			fputs("  ", stdout);
			cli_pad(stdout, rows[i].form, 24);
			fputs("  ", stdout);
			cli_pad(stdout, f ? form_text_get(&f->title, c->lang) : "?", 22);
			fputs("  ", stdout);
			cli_pad(stdout, record_state_label(c, &rows[i]), 6);
			fputs("  ", stdout);
			cli_linef(stdout, "%s", rows[i].finalized_at ? rows[i].finalized_at : rows[i].updated_at);
		}
	}
	record_rows_free(rows, n);
	action_row_free(&a);
	return cli_finish(c, rc);
}

int cli_record(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "record", record_commands,
			    (int)(sizeof record_commands / sizeof record_commands[0]), argc, argv);
}
