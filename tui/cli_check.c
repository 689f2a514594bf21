/* tui/cli_check.c — `jilu check ACTION` and `jilu deadlines`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/check.h"
#include "core/action.h"
#include "core/action_reopen.h"
#include "core/clock.h"
#include "core/record.h"
#include "core/jsonx.h"
#include "core/perm_record.h"
#include "core/ref.h"
#include "core/text.h"
#include "tui/cli.h"

static void check_reopenings(cli *c, long long id, cJSON *root);

static void check_due_text(buf *out, time_t due)
{
	struct tm tm;
	char s[32];

	localtime_r(&due, &tm);
	if (tm.tm_hour == 0 && tm.tm_min == 0 && tm.tm_sec == 0) {
		/* Due at a midnight: the end of the day before reads right
		 * ("by 2026-11-30" rather than "2026-12-01 00:00"). */
		time_t before = due - 1;
		localtime_r(&before, &tm);
		strftime(s, sizeof s, "%Y-%m-%d 24:00", &tm);
	} else {
		strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm);
	}
	buf_puts(out, s);
}

/* Appends "期限 …，已逾期 …" / "due …, overdue by …" for a deadline. */
static void check_due_words(buf *out, const check_item *it, time_t now, const char *lang)
{
	int en = strcmp(lang, "en") == 0;

	if (it->sealed) {
		/* R20.2: the due time may be the sealed record's own deadline. */
		buf_puts(out, en ? " — due: confidential" : "——期限涉密");
		if (now >= it->due)
			buf_puts(out, en ? ", overdue" : "，已逾期");
		return;
	}
	buf_puts(out, en ? " — due " : "——期限 ");
	check_due_text(out, it->due);
	if (now >= it->due) {
		buf_puts(out, en ? ", overdue by " : "，已逾期 ");
		clock_span(out, (long long)(now - it->due), lang);
	} else {
		buf_puts(out, en ? ", " : "，剩余 ");
		clock_span(out, (long long)(it->due - now), lang);
		if (en)
			buf_puts(out, " left");
	}
}

/* How an officer knows action ID: its title and its party — the first one
 * a record of the action the acting officer may read names (party or
 * applicant). Sets *TITLE and *PARTY
 * to new strings (caller frees), each NULL when there is none. */
static void check_action_about(cli *c, long long id, char **title, char **party)
{
	action_row a;
	record_row *rows = NULL;
	int n = 0, i;
	cJSON *d = NULL;

	*title = *party = NULL;
	memset(&a, 0, sizeof a);
	if (action_get(c->j, id, &a) == JL_OK && a.title)
		*title = strdup(a.title);
	if (record_list(c->j, id, &rows, &n) == JL_OK)
		for (i = 0; i < n && !*party; i++) {
			const cJSON *p;
			const char *name;
			cJSON_Delete(d);
			d = NULL;
			/* R20.2: a confidential record's party is its content. */
			if (perm_record_readable(c->j, &rows[i]) != 1)
				continue;
			d = cJSON_Parse(rows[i].data);
			p = cJSON_GetObjectItemCaseSensitive(d, "party");
			if (!p)
				p = cJSON_GetObjectItemCaseSensitive(d, "applicant");
			if ((name = jsonx_str(p, "name")))
				*party = strdup(name);
		}
	cJSON_Delete(d);
	record_rows_free(rows, n);
	action_row_free(&a);
}

/* Appends "执法活动 N「TITLE」PARTY" for action ID: an officer knows a matter
 * by its title and party, not its number. */
static void check_action_words(cli *c, long long id, const char *device, buf *out)
{
	char *title, *party;

	check_action_about(c, id, &title, &party);
	buf_puts(out, strcmp(c->lang, "en") == 0 ? "action " : "执法活动 ");
	ref_format(out, device, id);
	if (title)
		buf_printf(out, strcmp(c->lang, "en") == 0 ? " \"%s\"" : "「%s」", title);
	if (party)
		buf_printf(out, " %s", party);
	free(title);
	free(party);
}

void cli_check_item_text(cli *c, const check_item *it, time_t now, int with_action,
			 const char *device, buf *line)
{
	msg m;
	buf where = BUF_INIT, text = BUF_INIT;
	int en = strcmp(c->lang, "en") == 0;
	const form *f;
	const form_field *fd;

	if (with_action)
		check_action_words(c, it->action, device, &where);
	/* Supervisors read titles and labels, not form and field ids (--json
	 * keeps the ids). */
	f = it->form ? formset_find(c->j->forms, it->form) : NULL;
	fd = f && it->field ? form_field_find(f, it->field) : NULL;
	if (it->record) {
		buf_printf(&where, en ? "%srecord " : "%s记录 ", where.len ? " " : "");
		ref_format(&where, device, it->record);
	}
	if (f)
		buf_printf(&where, en ? " (%s)" : "《%s》", form_text_get(&f->title, c->lang));
	if (fd)
		buf_printf(&where, en ? " %s" : "%s", form_text_get(&fd->label, c->lang));
	else if (it->field)
		buf_printf(&where, "%s%s", where.len ? " " : "", it->field);
	buf_puts(&text, en ? it->en : it->zh);
	if (it->type == CHECK_DEADLINE)
		check_due_words(&text, it, now, c->lang);
	m.req = it->req;
	m.where = where.len ? where.data : NULL;
	m.zh = m.en = text.data;
	msg_format(&m, c->lang, line);
	buf_free(&where);
	buf_free(&text);
}

static void check_line(cli *c, const check_item *it, time_t now, int with_action)
{
	buf line = BUF_INIT;

	cli_check_item_text(c, it, now, with_action, c->hq_device, &line);
	cli_linef(stdout, "%s", buf_str(&line)); /* names and certificates from the store */
	buf_free(&line);
}

cJSON *cli_check_item_json(const check_item *it, time_t now)
{
	static const char *const types[] = {"missing", "finding", "deadline"};
	cJSON *o = cJSON_CreateObject(), *msgo;
	buf art = BUF_INIT, due = BUF_INIT;

	cJSON_AddStringToObject(o, "type", types[it->type]);
	cJSON_AddStringToObject(o, "req", it->req);
	msg_article(it->req, "zh", &art);
	cJSON_AddStringToObject(o, "article", buf_str(&art));
	cJSON_AddNumberToObject(o, "action", (double)it->action);
	jsonx_add_id(o, "record", it->record);
	jsonx_add_str(o, "form", it->form);
	jsonx_add_str(o, "field", it->field);
	msgo = cJSON_AddObjectToObject(o, "message");
	cJSON_AddStringToObject(msgo, "zh", it->zh);
	cJSON_AddStringToObject(msgo, "en", it->en);
	if (it->type == CHECK_DEADLINE && it->sealed) {
		/* R20.2: no time that may be the sealed record's own deadline. */
		cJSON_AddNullToObject(o, "due");
		cJSON_AddBoolToObject(o, "overdue", now >= it->due);
	} else if (it->type == CHECK_DEADLINE) {
		struct tm tm;
		char s[40];
		localtime_r(&it->due, &tm);
		char zone[8];
		strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
		strftime(zone, sizeof zone, "%z", &tm);
		/* "+08:00", as jilu writes every other time. */
		snprintf(s + strlen(s), sizeof s - strlen(s), "%.3s:%.2s", zone, zone + 3);
		cJSON_AddStringToObject(o, "due", s);
		cJSON_AddBoolToObject(o, "overdue", now >= it->due);
		cJSON_AddNumberToObject(o, "seconds_left", (double)(it->due - now));
	}
	buf_free(&art);
	buf_free(&due);
	return o;
}

int cli_check(cli *c, int argc, char **argv)
{
	long long id = 0;
	int json = 0, i, found;
	check_list l = {0};
	time_t now = clock_now_epoch();
	jl_status rc;

	for (i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf("usage: jilu check ACTION [--json]\n\n%s\n",
			       CLI_T(c, "按《办法》列出执法活动缺少的记录、发现的问题和未到/已过的期限，每行以需求编号和条款开头。"
					"ACTION 可写作 设备:编号（如 CL-T01:7）；在总部不给 ACTION 时"
					"检查每台设备所有进行中的执法活动（--device ID 只看一台）。\n"
					"退出码：0 没有缺少的记录、没有发现问题、没有逾期的期限（未到期的期限照常列出）；"
					"1 缺少记录、发现问题或有期限已逾期；2 用法有误；4 存储错误。",
				     "List what the Measures still want of an action: missing records, findings and "
				     "open deadlines, one line each beginning with the requirement id and article. "
				     "ACTION may be DEVICE:ACTION (CL-T01:7); "
				     "at headquarters, without ACTION: every open action of every device "
				     "(--device ID: of one).\n"
				     "Exit status: 0 nothing missing, no findings, nothing overdue (deadlines still "
				     "running are listed all the same); 1 something missing, a finding, or a deadline "
				     "overdue; 2 usage; 4 storage error."));
			return 0;
		}
		int took = cli_flag(c, NULL, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (took)
			continue;
		if (!id && !cli_is_option(argv[i]) && (id = cli_id(c, argv[i])))
			;
		else
			return cli_usage(c, &(cli_command){"check", NULL, "check ACTION [--json]", "", ""},
					 "参数有误", "bad argument");
	}
	if (!id)
		return cli_usage(c, &(cli_command){"check", NULL, "check ACTION [--json]", "", ""},
				 "须给出一个执法活动编号", "one ACTION id is required");
	rc = cli_open(c, 0);
	if (rc == JL_OK) {
		rc = check_action(c->j, id, now, &l, &c->msgs);
		if (rc == JL_ENOTFOUND) {
			msglist_addf(&c->msgs, NULL, NULL, "没有执法活动 %lld", "no action %lld", id);
			rc = JL_EINVALID;
		}
	}
	if (rc == JL_OK && json) {
		cJSON *root = cJSON_CreateObject(), *items = cJSON_CreateArray();
		cJSON_AddNumberToObject(root, "action", (double)id);
		cJSON_AddBoolToObject(root, "complete", l.n == 0);
		cJSON_AddItemToObject(root, "items", items);
		for (i = 0; i < l.n; i++)
			cJSON_AddItemToArray(items, cli_check_item_json(&l.items[i], now));
		check_reopenings(c, id, root);
		rc = cli_print_json(root);
	} else if (rc == JL_OK) {
		for (i = 0; i < l.n; i++)
			check_line(c, &l.items[i], now, 0);
		if (l.n == 0)
		{
			char shown[REF_DEVICE_MAX + 32];
			printf(CLI_T(c, "执法活动 %s：按《办法》应有的记录齐全，没有发现问题\n",
				     "action %s: every record the Measures require is there; no findings\n"),
			       cli_ref_str(c, id, shown, sizeof shown));
		}
		check_reopenings(c, id, NULL);
	}
	/* Exit 1 means something is wrong now: a deadline still running (an
	 * archive due in 30 days) is listed, and is not. */
	found = check_list_wrong(&l, now);
	check_list_free(&l);
	if (rc != JL_OK)
		return cli_finish(c, rc);
	return cli_finish(c, found ? JL_FOUND : JL_OK);
}

/* Shows action ID's reopenings (R22.3: who, when, why): lines after the
 * findings, or a "reopenings" array in JSON ROOT. Not findings: a reopened
 * action closes again as any other. */
static void check_reopenings(cli *c, long long id, cJSON *root)
{
	reopen_row *ro = NULL;
	cJSON *arr = root ? cJSON_AddArrayToObject(root, "reopenings") : NULL;
	int n = 0, k;

	if (action_reopenings(c->j, id, &ro, &n) != JL_OK)
		return;
	for (k = 0; k < n; k++) {
		if (arr) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "at", ro[k].reopened_at);
			cJSON_AddStringToObject(o, "by", ro[k].reopened_by);
			cJSON_AddStringToObject(o, "reason", ro[k].reason);
			cJSON_AddStringToObject(o, "closed_at", ro[k].closed_at);
			cJSON_AddStringToObject(o, "closed_by", ro[k].closed_by);
			cJSON_AddItemToArray(arr, o);
		} else {
			char shown[REF_DEVICE_MAX + 32];

			cli_linef(stdout, CLI_T(c, "注：执法活动 %s 曾于 %s 由 %s 重新开启（撤销 %s 于 %s 的结束），理由：%s",
						"note: action %s was reopened at %s by %s (undoing the close by %s at %s); reason: %s"),
				  cli_ref_str(c, id, shown, sizeof shown), ro[k].reopened_at, ro[k].reopened_by, ro[k].closed_by, ro[k].closed_at,
				  ro[k].reason);
		}
	}
	reopen_rows_free(ro, n);
}

int cli_deadlines(cli *c, int argc, char **argv)
{
	int json = 0, i;
	check_list l = {0};
	time_t now = clock_now_epoch();
	jl_status rc;

	for (i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf("usage: jilu deadlines [--json]\n\n%s\n",
			       CLI_T(c, "列出所有执法活动的未完成期限（补正告知、整改复查、归档、音像存储），已逾期的在前。在总部：每台设备的，带设备列（--device ID 只看一台）。",
				     "List every open deadline across all actions (supplement notices, correction "
				     "reviews, archiving, storing media), overdue first. At headquarters: every "
				     "device's, with a DEVICE column (--device ID: one device's)."));
			return 0;
		}
		int took = cli_flag(c, NULL, argv[i], "--json", &json);
		if (took < 0)
			return 2;
		if (!took)
			return cli_usage(c, &(cli_command){"deadlines", NULL, "deadlines [--json]", "", ""},
					 "参数有误", "bad argument");
	}
	rc = cli_open(c, 0);
	if (rc == JL_OK)
		rc = check_deadlines(c->j, now, &l, &c->msgs);
	if (rc == JL_OK && json) {
		cJSON *root = cJSON_CreateArray();
		for (i = 0; i < l.n; i++) {
			/* As the text names each action: by its title and party. */
			cJSON *o = cli_check_item_json(&l.items[i], now);
			char *title, *party;
			check_action_about(c, l.items[i].action, &title, &party);
			jsonx_add_str(o, "title", title);
			jsonx_add_str(o, "party", party);
			free(title);
			free(party);
			cJSON_AddItemToArray(root, o);
		}
		rc = cli_print_json(root);
	} else if (rc == JL_OK) {
		for (i = 0; i < l.n; i++)
			check_line(c, &l.items[i], now, 1);
		if (l.n == 0)
			printf("%s\n", CLI_T(c, "没有未完成的期限", "no open deadlines"));
	}
	check_list_free(&l);
	return cli_finish(c, rc);
}
