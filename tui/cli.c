/* tui/cli.c — command-line plumbing shared by every command. */
#include "tui/cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/db.h"
#include "core/form.h"
#include "core/officer.h"
#include "core/text.h"
#include "tui/cli_hq_act.h"
#include "tui/cli_pin.h"
#include "tui/cli_readonly.h"

jl_status cli_open(cli *c, int mode)
{
	/* Making a store and verifying one need no form definition. */
	int no_forms = mode == CLI_READ_NO_FORMS || mode == CLI_CREATE || mode == CLI_SYNC;
	char *forms = no_forms ? NULL : form_default_dir();
	jl_status rc;

	if (!no_forms && !forms)
		return JL_ENOMEM;
	if ((rc = cli_ref_store(c, mode)) != JL_OK) {
		free(forms);
		return rc;
	}
	/* At HQ a read is logged in HQ's registry (the device's store is
	 * read as it is); on a device, a logged read opens the store for
	 * writing, or as it is when it cannot be written (cli_readonly.h). */
	if (mode == CLI_READ_LOGGED && !c->hq_device)
		rc = cli_open_logged(c, forms);
	else
		rc = jl_open(c->db_path,
			     mode == CLI_CREATE  ? DB_OPEN_CREATE
			     : mode == CLI_WRITE || mode == CLI_SYNC ? DB_OPEN_WRITE
						 : DB_OPEN_READ,
			     forms, &c->j, &c->msgs, NULL);
	free(forms);
	if (rc == JL_OK)
		rc = cli_ref_check(c);
	if (rc == JL_OK && (mode == CLI_READ || mode == CLI_READ_LOGGED) && c->officer && c->hq_device) {
		/* At HQ, HQ's own roster says who reads, never the device's
		 * (tui/cli_hq_act.h): one not on it is refused, not read as
		 * nobody, as the device's roster may still list him. */
		rc = cli_hq_act(c, c->hq_path);
		if (rc == JL_OK)
			rc = cli_hq_act_lend(c, c->j);
	} else if (rc == JL_OK && (mode == CLI_READ || mode == CLI_READ_LOGGED) && c->officer) {
		/* Who reads decides what a confidential record shows (R20.2): an
		 * officer of the roster acts, proven; a stale JILU_OFFICER does
		 * not stop anyone reading, as nobody. */
		officer_row o;

		if (officer_get(c->j, c->officer, &o) == JL_OK) {
			officer_row_free(&o);
			rc = cli_pin_act(c);
		}
	}
	if (rc != JL_OK || mode != CLI_WRITE)
		return rc;
	rc = jl_need_device(c->j, &c->msgs);
	if (rc == JL_OK && c->officer)
		rc = cli_pin_act(c); /* proven as the store demands: a PIN */
	return rc;
}

int cli_finish(cli *c, jl_status rc)
{
	buf line = BUF_INIT;
	size_t i;

	for (i = 0; i < c->msgs.n; i++) {
		buf_reset(&line);
		if (!c->msgs.items[i].req)
			buf_puts(&line, "jilu: ");
		msg_format(&c->msgs.items[i], c->lang, &line);
		/* Messages echo values (a file name, a field): escaped, on one line. */
		cli_linef(stderr, "%s", buf_str(&line));
	}
	if (rc != JL_OK && rc != JL_FOUND && c->msgs.n == 0)
		fprintf(stderr, "jilu: %s\n", jl_status_text(rc, c->lang));
	buf_free(&line);
	msglist_free(&c->msgs);
	return jl_status_exit(rc);
}

int cli_is_help(const char *arg)
{
	return arg && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0);
}

int cli_help(cli *c, const cli_command *cmd)
{
	printf("usage: jilu %s\n\n%s\n", cmd->usage, CLI_T(c, cmd->zh, cmd->en));
	return 0;
}

int cli_usage(cli *c, const cli_command *cmd, const char *zh, const char *en)
{
	if (c->bad_id) {
		/* What is wrong first: "须给出记录编号" alone would hide that one was given. */
		msglist why = MSGLIST_INIT;
		ref r;
		buf line = BUF_INIT;

		if (c->ref_mixed)
			msglist_add(&why, NULL, NULL, "一条命令中的编号须属于同一台设备",
				    "the ids of one command must belong to one device");
		else if (ref_parse(c->bad_id, &r, &why) == JL_OK)
			msglist_add(&why, NULL, NULL, "此处不能用这个编号", "this id cannot be used here");
		if (why.n)
			msg_format(&why.items[0], c->lang, &line);
		cli_linef(stderr, "jilu: %s: %s%s", *c->bad_id ? c->bad_id : "\"\"", /* as typed, escaped */
			  CLI_T(c, "不是编号：", "not an id: "), buf_str(&line));
		buf_free(&line);
		msglist_free(&why);
	} else
		fprintf(stderr, "jilu: %s\n", CLI_T(c, zh, en));
	fprintf(stderr, "usage: jilu %s\n", cmd->usage);
	return 2;
}

int cli_is_option(const char *arg)
{
	return arg[0] == '-' && !isdigit((unsigned char)arg[1]);
}

int cli_twice(cli *c, const cli_command *cmd, const char *opt)
{
	fprintf(stderr, "jilu: %s %s\n", opt,
		CLI_T(c, "给出了两次（只能给一次）", "given twice (give it once)"));
	if (cmd)
		fprintf(stderr, "usage: jilu %s\n", cmd->usage);
	return 2;
}

int cli_flag(cli *c, const cli_command *cmd, const char *arg, const char *name, int *flag)
{
	if (strcmp(arg, name) != 0)
		return 0;
	if (*flag) {
		cli_twice(c, cmd, name);
		return -1;
	}
	*flag = 1;
	return 1;
}

int cli_missing_value(cli *c, const cli_command *cmd, const char *opt)
{
	fprintf(stderr, "jilu: %s %s\n", opt, CLI_T(c, "缺少参数值", "needs a value"));
	if (cmd)
		fprintf(stderr, "usage: jilu %s\n", cmd->usage);
	return 2;
}

int cli_opt(cli *c, const cli_command *cmd, int argc, char **argv, int *i, const char *name,
	    const char **value)
{
	const char *next;

	if (strcmp(argv[*i], name) != 0)
		return 0;
	if (*value) {
		cli_twice(c, cmd, name);
		return -1;
	}
	next = *i + 1 < argc ? argv[*i + 1] : NULL;
	if (!next || (next[0] == '-' && next[1] == '-' && next[2])) {
		cli_missing_value(c, cmd, name);
		return -1;
	}
	*value = next;
	++*i;
	return 1;
}

long long cli_id(cli *c, const char *s)
{
	msglist why = MSGLIST_INIT;
	ref r;

	if (!s)
		return 0;
	/* One parser for every command (core/ref.c); cli_usage asks it again
	 * what is wrong. */
	if (ref_parse(s, &r, &why) != JL_OK) {
		msglist_free(&why);
		c->bad_id = s;
		return 0;
	}
	if (!r.device[0]) {
		c->ref_plain = 1;
		return r.id;
	}
	if (c->ref_device[0] && strcmp(c->ref_device, r.device) != 0) {
		c->ref_mixed = 1;
		c->bad_id = s;
		return 0;
	}
	memcpy(c->ref_device, r.device, sizeof r.device);
	return r.id;
}

/* Returns 1 when JSON text S holds the escape \u0000 (not an escaped
 * backslash followed by "u0000"). */
static int cli_json_has_nul(const char *s)
{
	const char *p;

	for (p = s; (p = strstr(p, "u0000")) != NULL; p++) {
		const char *q = p;
		int slashes = 0;
		while (q > s && q[-1] == '\\') {
			q--;
			slashes++;
		}
		if (slashes % 2 == 1)
			return 1;
	}
	return 0;
}

cJSON *cli_values(cli *c, int argc, char **argv)
{
	cJSON *obj = cJSON_CreateObject();
	int i;

	if (!obj)
		return NULL;
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *name;
		int json = eq && eq > argv[i] && eq[-1] == ':';
		size_t len = eq ? (size_t)(eq - argv[i]) - (size_t)json : 0;
		cJSON *v;

		if (!eq || len == 0) {
			msglist_add(&c->msgs, NULL, argv[i], "应为 字段=文本 或 字段:=JSON",
			    "expected FIELD=TEXT or FIELD:=JSON");
			goto fail;
		}
		name = strndup(argv[i], len);
		if (!name)
			goto fail;
		if (cJSON_GetObjectItemCaseSensitive(obj, name)) {
			msglist_add(&c->msgs, NULL, name, "字段给出了两次", "field given twice");
			free(name);
			goto fail;
		}
		if (json && cli_json_has_nul(eq + 1)) {
			/* cJSON would cut the text there: what was entered would not be kept. */
			msglist_add(&c->msgs, NULL, name, "JSON 中含空字符（\\u0000），不允许",
				    "JSON with a NUL character (\\u0000) is not allowed");
			free(name);
			goto fail;
		}
		if (json) {
			const char *errp;
			v = cJSON_ParseWithOpts(eq + 1, &errp, 1);
			if (!v) {
				long pos = errp ? (long)(errp - (eq + 1)) : 0;
				msglist_addf(&c->msgs, NULL, name, "JSON 无效（第 %ld 个字符附近）",
					     "invalid JSON (near character %ld)", pos + 1);
				free(name);
				goto fail;
			}
		} else {
			v = cJSON_CreateString(eq + 1);
		}
		if (!v) {
			free(name);
			goto fail;
		}
		cJSON_AddItemToObject(obj, name, v);
		free(name);
	}
	return obj;
fail:
	cJSON_Delete(obj);
	return NULL;
}

int cli_width(const char *s)
{
	mbstate_t st;
	int cols = 0;

	memset(&st, 0, sizeof st);
	while (s && *s) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not valid in this locale: count a byte as a column. */
			memset(&st, 0, sizeof st);
			s++;
			cols++;
			continue;
		}
		w = wcwidth(wc);
		cols += w > 0 ? w : 0;
		s += n;
	}
	return cols;
}

void cli_pad(FILE *fp, const char *s, int cols)
{
	buf b = BUF_INIT;
	int w;

	text_escape(&b, s, 0);
	w = cli_width(buf_str(&b));
	fputs(buf_str(&b), fp);
	for (; w < cols; w++)
		fputc(' ', fp);
	buf_free(&b);
}

void cli_linef(FILE *fp, const char *fmt, ...)
{
	buf raw = BUF_INIT, safe = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	text_escape_n(&safe, buf_str(&raw), raw.len, 0);
	fprintf(fp, "%s\n", buf_str(&safe));
	buf_free(&raw);
	buf_free(&safe);
}

int cli_dispatch(cli *c, const char *group, const cli_command *table, int n, int argc,
		 char **argv)
{
	int i;

	if (argc < 1 || cli_is_help(argv[0])) {
		printf("usage:\n");
		for (i = 0; i < n; i++)
			printf("  jilu %s\n      %s\n", table[i].usage, CLI_T(c, table[i].zh, table[i].en));
		return argc < 1 ? 2 : 0;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(argv[0], table[i].name) == 0) {
			if (argc > 1 && cli_is_help(argv[1]))
				return cli_help(c, &table[i]);
			return table[i].run(c, argc - 1, argv + 1);
		}
	}
	cli_linef(stderr, "jilu: %s %s: %s", group, argv[0],
		  CLI_T(c, "没有这个子命令（--help 查看）", "no such command (see --help)"));
	return 2;
}

jl_status cli_print_json(cJSON *v)
{
	/* Valid JSON whatever bytes the store holds, and nothing raw to a
	 * terminal (core/text.h). */
	char *s = v ? text_json_print(v, 1) : NULL;

	cJSON_Delete(v);
	if (!s)
		return JL_ENOMEM;
	printf("%s\n", s);
	free(s);
	return JL_OK;
}
