/* tui/cli_forms.c — `jilu forms list|show|check` and `jilu verify`. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "core/form.h"
#include "core/form_read.h"
#include "core/verify.h"
#include "core/verify_note.h"
#include "core/typed.h"
#include "core/form_pushed.h"
#include "tui/cli.h"

static int forms_cmd_list(cli *c, int argc, char **argv);
static int forms_cmd_show(cli *c, int argc, char **argv);
static int forms_cmd_check(cli *c, int argc, char **argv);

static const cli_command forms_commands[] = {
	{"list", forms_cmd_list, "forms list [--json]", "列出表单", "list the forms"},
	{"show", forms_cmd_show, "forms show FORM [--json]", "显示表单的字段和规则",
	 "show a form's fields and rules"},
	{"check", forms_cmd_check, "forms check [DIR]",
	 "检查表单定义，逐条列出问题（文件与 JSON 路径）；有问题时退出码 2",
	 "check the form definitions and list every problem (file and JSON path); exit 2 if any"},
};

/* Loads the definitions without a store (forms need none). */
static jl_status forms_load(cli *c, const char *dir, formset **fs, msglist *problems)
{
	char *def = dir ? NULL : form_default_dir();
	jl_status rc = formset_load(dir ? dir : def, fs, problems);
	msglist ignored = MSGLIST_INIT;
	db *d = NULL;

	/* The forms in use: with the definitions headquarters sent the store. */
	if (rc == JL_OK && !dir && c->db_path && access(c->db_path, F_OK) == 0 &&
	    db_open(c->db_path, DB_OPEN_READ, &d, &ignored) == JL_OK) {
		rc = form_pushed_load(d, *fs, problems);
		db_close(d);
	}
	msglist_free(&ignored);
	free(def);
	return rc;
}

static int forms_cmd_list(cli *c, int argc, char **argv)
{
	formset *fs = NULL;
	msglist problems = MSGLIST_INIT;
	jl_status rc;
	int i, json = 0;

	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &forms_commands[0], argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, &forms_commands[0], "多余的参数", "unexpected argument");
	}
	rc = forms_load(c, NULL, &fs, &problems);
	if (rc == JL_OK && json) {
		cJSON *arr = cJSON_CreateArray();
		for (i = 0; arr && i < formset_count(fs); i++) {
			const form *f = formset_at(fs, i);
			cJSON *o = cJSON_CreateObject(), *t = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", f->id);
			cJSON_AddNumberToObject(o, "version", f->version);
			cJSON_AddStringToObject(t, "zh", form_text_get(&f->title, "zh"));
			cJSON_AddStringToObject(t, "en", form_text_get(&f->title, "en"));
			cJSON_AddItemToObject(o, "title", t);
			cJSON_AddItemToArray(arr, o);
		}
		rc = cli_print_json(arr);
	}
	for (i = 0; rc == JL_OK && !json && i < formset_count(fs); i++) {
		const form *f = formset_at(fs, i);
		char ver[16];
		snprintf(ver, sizeof ver, "v%d", f->version);
		cli_pad(stdout, f->id, 24);
		fputs("  ", stdout);
		cli_pad(stdout, ver, 4);
		fputs("  ", stdout);
		cli_linef(stdout, "%s", form_text_get(&f->title, c->lang));
	}
	if (rc == JL_OK && problems.n)
		fprintf(stderr, "%s\n", CLI_T(c, "有表单定义存在问题，未列出：jilu forms check",
					      "some definitions have problems and are left out: jilu forms check"));
	if (rc != JL_OK)
		msglist_take(&c->msgs, &problems); /* why nothing loaded, not "storage error" */
	msglist_free(&problems);
	formset_free(fs);
	return cli_finish(c, rc);
}

/*
 * Appends the condition WHEN of form F in words: its "describe" when the
 * definition gives one (D), else, for the plain comparisons most
 * conditions are ($f = 'x', $f <> 'x', $f IN ('x', 'y')), the field's label
 * and the choice's label; else the expression itself.
 */
static void forms_when_words(cli *c, const form *f, const char *when, const form_text *d,
			     buf *out)
{
	char name[64], rest[256];
	const form_field *fd;
	int en = strcmp(c->lang, "en") == 0, neg = 0, in = 0;
	const char *p;

	if (d && (d->zh || d->en)) {
		buf_puts(out, form_text_get(d, c->lang));
		return;
	}
	if (sscanf(when, "$%63[a-z_] = '%255[^']'", name, rest) == 2 ||
	    (neg = sscanf(when, "$%63[a-z_] <> '%255[^']'", name, rest) == 2) ||
	    (in = sscanf(when, "$%63[a-z_] IN (%255[^)])", name, rest) == 2)) {
		fd = form_field_find(f, name);
		if (fd && fd->nchoices) {
			buf_printf(out, "%s%s", form_text_get(&fd->label, c->lang),
				   neg ? (en ? " is not " : "不是") : (en ? " is " : "为"));
			/* Each quoted choice id, by its label. */
			for (p = rest; *p;) {
				const char *q = strchr(p, '\''), *e;
				char id[64];
				if (!in) {
					buf_puts(out, form_choice_label(fd, rest, c->lang));
					break;
				}
				if (!q || !(e = strchr(q + 1, '\'')) || e - q - 1 >= (long)sizeof id)
					break;
				snprintf(id, sizeof id, "%.*s", (int)(e - q - 1), q + 1);
				if (p != rest)
					buf_puts(out, en ? " or " : "或");
				buf_puts(out, form_choice_label(fd, id, c->lang));
				p = e + 1;
				p = strchr(p, ',') ? strchr(p, ',') + 1 : p + strlen(p);
			}
			return;
		}
	}
	buf_puts(out, when);
}

/* What each cross-record rule demands, in words (core/rules.c). */
static const char *forms_rule_words(cli *c, const char *rule)
{
	static const char *const map[][3] = {
		{"reminder_served", "强制执行前催告书须已送达且期限届满",
		 "before execution, the reminder must be served and its deadline passed"},
		{"one_supplement_notice", "同一次收件只能一次性告知补正",
		 "one receipt, one notice of everything to supplement"},
		{"after_close", "执法活动结束后才能归档", "archived only after the action closed"},
		{"review_in_time", "改正期限届满后须复查（jilu check 报告）",
		 "reviewed after the correction deadline (reported by jilu check)"},
		{"copy_confidential", "涉密或已更正的记录不予复制",
		 "no copy of a confidential or corrected record"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], rule) == 0)
			return CLI_T(c, map[i][1], map[i][2]);
	return rule;
}

/* Appends " FIELD=VALUE" for FD's example, quoted for the shell: bare when
 * nothing in it is special, in double quotes when only blanks are, else in
 * single quotes; a party as 'FIELD:=JSON'. */
static void forms_example_arg(const form_field *fd, buf *out)
{
	const char *ex = typed_example(fd), *p;
	int blank = 0, special = 0;

	if (fd->type == SHAPE_PARTY) {
		ex = typed_json_example(fd);
		special = 1;
	}
	for (p = ex; *p; p++) {
		if (*p == ' ')
			blank = 1;
		else if (strchr("\"'$`\\!&|;<>()*?[]#~{}\t", *p))
			special = 1;
	}
	if (special) {
		buf_printf(out, " '%s%s", fd->id, fd->type == SHAPE_PARTY ? ":=" : "=");
		for (p = ex; *p; p++) {
			if (*p == '\'')
				buf_puts(out, "'\\''");
			else
				buf_printf(out, "%c", *p);
		}
		buf_puts(out, "'");
	} else if (!*ex) {
		buf_printf(out, " %s=…", fd->id);
	} else {
		buf_printf(out, blank ? " %s=\"%s\"" : " %s=%s", fd->id, ex);
	}
}

/* Definitions are data (and will come from headquarters): every line
 * escaped as stored text is (core/text.h). */
static void forms_print_field(cli *c, const form *f, const form_field *fd)
{
	buf line = BUF_INIT;
	size_t at;
	int w;

	buf_printf(&line, "  %-20s %-10s ", fd->id, shape_name(fd->type));
	at = line.len;
	buf_puts(&line, form_text_get(&fd->label, c->lang));
	for (w = cli_width(buf_str(&line) + at); w < 24; w++)
		buf_puts(&line, " ");
	buf_printf(&line, " %-7s", fd->req ? fd->req : "");
	if (fd->required && !fd->when)
		buf_printf(&line, " %s", CLI_T(c, "必填", "required"));
	else if (fd->required) {
		buf_printf(&line, " %s ", CLI_T(c, "必填，当", "required when"));
		forms_when_words(c, f, fd->when, &fd->describe, &line);
	}
	else if (fd->when) {
		buf_printf(&line, " %s ", CLI_T(c, "选填，适用于", "optional, when"));
		forms_when_words(c, f, fd->when, &fd->describe, &line);
	} else
		buf_printf(&line, " %s", CLI_T(c, "选填", "optional"));
	if (fd->min >= 0)
		buf_printf(&line, CLI_T(c, "，至少 %d 项", ", at least %d"), fd->min);
	if (fd->form)
		buf_printf(&line, " → %s", fd->form);
	cli_linef(stdout, "%s", buf_str(&line));
	if (fd->help.zh || fd->help.en)
		cli_linef(stdout, "      %s", form_text_get(&fd->help, c->lang));
	/* Who must sign, from the definition: what finalising demands. */
	for (int k = 0; k < fd->nsigners; k++) {
		const form_signers *g = &fd->signers[k];
		buf_reset(&line);
		buf_puts(&line, form_text_get(&g->describe, c->lang));
		if (g->when) /* a group that applies only sometimes: when, in words */
			buf_printf(&line, CLI_T(c, "（%s时）", " (for %s)"),
				   form_text_get(&g->when_describe, c->lang));
		cli_linef(stdout, "      %s%s", k ? CLI_T(c, "      ", "       ") : CLI_T(c, "须有：", "needs: "),
			  buf_str(&line));
	}
	if (*typed_example(fd) || fd->type == SHAPE_PARTY) {
		buf_reset(&line);
		forms_example_arg(fd, &line);
		cli_linef(stdout, "      %s%s", CLI_T(c, "例如", "e.g."), buf_str(&line));
	}
	for (int k = 0; k < fd->nchoices; k++)
		cli_linef(stdout, "      %-18s %s", fd->choices[k].id,
			  form_text_get(&fd->choices[k].label, c->lang));
	buf_free(&line);
}

/* One check or finding: the rule in words (its "describe"), then what is
 * said when it fails; the expressions themselves are in `forms show --json`. */
static void forms_print_check(cli *c, const form *f, const form_check *ck)
{
	buf line = BUF_INIT;

	buf_printf(&line, "  %-7s ", ck->req);
	if (ck->describe.zh || ck->describe.en)
		buf_puts(&line, form_text_get(&ck->describe, c->lang));
	else if (ck->when) /* a definition checked before describes were required */
		forms_when_words(c, f, ck->when, NULL, &line);
	else
		buf_puts(&line, form_text_get(&ck->message, c->lang));
	cli_linef(stdout, "%s", buf_str(&line));
	if (ck->describe.zh || ck->describe.en)
		cli_linef(stdout, "          %s%s", CLI_T(c, "不符时：", "if not: "),
			  form_text_get(&ck->message, c->lang));
	buf_free(&line);
}

/* An example command an officer can paste: the fields required without
 * condition, and those the definition gives an example for (a field whose
 * condition the other examples meet), each typed as an officer types it
 * (core/typed.h). tests/cli/test_form_examples.sh finalises every one. */
static void forms_print_example(cli *c, const form *f)
{
	buf line = BUF_INIT;
	int i;

	buf_printf(&line, "jilu record new ACTION %s", f->id);
	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		if ((fd->required && !fd->when) || fd->example)
			forms_example_arg(fd, &line);
	}
	buf_puts(&line, " --finalize");
	printf("\n%s\n", CLI_T(c, "示例：", "Example:"));
	cli_linef(stdout, "  %s", buf_str(&line));
	buf_free(&line);
}

static int forms_cmd_show(cli *c, int argc, char **argv)
{
	const char *id = NULL;
	int json = 0, i;
	formset *fs = NULL;
	const form *f;
	msglist problems = MSGLIST_INIT;
	jl_status rc;

	for (i = 0; i < argc; i++) {
		int took = cli_flag(c, &forms_commands[1], argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (!id)
			id = argv[i];
		else
			return cli_usage(c, &forms_commands[1], "多余的参数", "unexpected argument");
	}
	if (!id)
		return cli_usage(c, &forms_commands[1], "须给出表单标识", "FORM is required");
	rc = forms_load(c, NULL, &fs, &problems);
	if (rc != JL_OK)
		msglist_take(&c->msgs, &problems); /* why nothing loaded, not "storage error" */
	msglist_free(&problems);
	if (rc != JL_OK)
		return cli_finish(c, rc);
	f = formset_find(fs, id);
	if (!f && formset_left_out(fs, id)) {
		msglist_add(&c->msgs, NULL, id,
			    "表单定义有问题，未能载入，不能使用：运行 jilu forms check 查看",
			    "the form definition has problems and was not loaded, so it cannot be "
			    "used: run jilu forms check");
		formset_free(fs);
		return cli_finish(c, JL_EINVALID);
	}
	if (!f) {
		msglist_add(&c->msgs, NULL, id, "没有这个表单（jilu forms list）", "no such form (jilu forms list)");
		formset_free(fs);
		return cli_finish(c, JL_EINVALID);
	}
	if (json) {
		/* Read again as it was loaded: a regular file, capped. */
		size_t len = 0;
		int err = 0;
		char *text = form_slurp(f->file, &len, &err);
		if (text) {
			fwrite(text, 1, len, stdout);
		} else {
			/* Replaced since it was loaded: said which and why. */
			file_msg(&c->msgs, f->file, "无法读取", "cannot read", err);
			rc = JL_ESTORE;
		}
		free(text);
	} else {
		cli_linef(stdout, "%s  %s / %s  v%d", f->id, f->title.zh, f->title.en, f->version);
		printf("%s", CLI_T(c, "适用：", "Kinds: "));
		for (i = 0; i < f->nkinds; i++)
			printf("%s%s", i ? ", " : "", f->kinds[i]);
		printf("\n%s", CLI_T(c, "依据：", "Requirements: "));
		for (i = 0; i < f->nreqs; i++)
			printf("%s%s", i ? ", " : "", f->reqs[i]);
		printf("\n\n%s\n", CLI_T(c, "字段：", "Fields:"));
		for (i = 0; i < f->nfields; i++)
			forms_print_field(c, f, &f->fields[i]);
		if (f->nchecks)
			printf("\n%s\n", CLI_T(c, "检查（不通过则不能定稿）：", "Checks (refuse finalising):"));
		for (i = 0; i < f->nchecks; i++)
			forms_print_check(c, f, &f->checks[i]);
		if (f->nfindings)
			printf("\n%s\n", CLI_T(c, "发现项（jilu check 报告）：", "Findings (reported by jilu check):"));
		for (i = 0; i < f->nfindings; i++)
			forms_print_check(c, f, &f->findings[i]);
		if (f->nrules)
			printf("\n%s\n", CLI_T(c, "跨记录规则：", "Cross-record rules:"));
		for (i = 0; i < f->nrules; i++)
			cli_linef(stdout, "  %s", forms_rule_words(c, f->rules[i]));
		forms_print_example(c, f);
	}
	formset_free(fs);
	return cli_finish(c, rc);
}

static int forms_cmd_check(cli *c, int argc, char **argv)
{
	formset *fs = NULL;
	msglist problems = MSGLIST_INIT;
	jl_status rc;
	int n;

	if (argc > 1)
		return cli_usage(c, &forms_commands[2], "多余的参数", "unexpected argument");
	rc = forms_load(c, argc ? argv[0] : NULL, &fs, &problems);
	if (rc != JL_OK) {
		msglist_take(&c->msgs, &problems);
		return cli_finish(c, rc);
	}
	n = formset_count(fs);
	formset_free(fs);
	if (problems.n) {
		size_t count = problems.n;
		msglist_take(&c->msgs, &problems);
		cli_finish(c, JL_EINVALID);
		fprintf(stderr, CLI_T(c, "jilu: %zu 处问题；%d 个表单可用\n",
				      "jilu: %zu problems; %d forms usable\n"), count, n);
		return 2;
	}
	printf(CLI_T(c, "%d 个表单定义均无问题\n", "all %d form definitions are sound\n"), n);
	return 0;
}

int cli_forms(cli *c, int argc, char **argv)
{
	return cli_dispatch(c, "forms", forms_commands,
			    (int)(sizeof forms_commands / sizeof forms_commands[0]), argc, argv);
}

int cli_verify(cli *c, int argc, char **argv)
{
	verify_report rep;
	jl_status rc;

	if (argc && cli_is_help(argv[0])) {
		printf("usage: jilu verify\n\n%s\n",
		       CLI_T(c, "重新计算存证链哈希链，逐条核对设备编号与建库记录、执法人员名册、执法活动的立项与结束、"
				"定稿记录和音像文件，并指出每一条时间早于前一条的存证链记录；"
				"全部相符退出码 0，否则指出不符之处及原因，退出码 1。",
			     "Recompute the ledger's hash chain and hold to it the device id and the store's "
			     "start, the roster, every action's opening and close, every final record and "
			     "media file; name every entry stamped earlier than the one before it. Exit 0 "
			     "when all holds, else say what fails and why, exit 1."));
		return 0;
	}
	if (argc) {
		fprintf(stderr, "jilu: verify: %s\n", CLI_T(c, "多余的参数", "unexpected argument"));
		return 2;
	}
	rc = cli_open(c, CLI_READ_NO_FORMS);
	if (rc == JL_OK) {
		rc = verify_run(c->j, &rep, &c->msgs);
		/* For `jilu status`; never changes the verdict. */
		verify_note_write(c->j, rc, rep.entries);
	}
	if (rc == JL_OK)
		printf(CLI_T(c, "存证链完好：%lld 条存证链记录，%lld 条定稿记录，%lld 个已结束的执法活动，%lld 个音像文件均相符\n",
			     "ledger holds: %lld entries; %lld final records, %lld closed actions, %lld media files match\n"),
		       rep.entries, rep.records, rep.actions, rep.media);
	return cli_finish(c, rc);
}
