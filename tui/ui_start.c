/* tui/ui_start.c — the store, its first officers and who acts. */
#include "tui/ui_start.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/officer.h"
#include "core/officer_pin.h"
#include "core/text.h"
#include "tui/act.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_home.h"
#include "tui/ui_job.h"
#include "tui/ui_list.h"

void ui_start_show_msgs(const char *title, const msglist *l)
{
	ui_list list;
	buf line = BUF_INIT;
	size_t i;

	memset(&list, 0, sizeof list);
	list.screen = UI_S_LIST;
	for (i = 0; i < l->n; i++) {
		buf_reset(&line);
		msg_format(&l->items[i], ui_g.lang, &line);
		ui_list_add(&list, buf_str(&line), 0, 0, 0);
	}
	while (ui_list_run(&list, title) == UI_REQ_OPEN)
		;
	buf_free(&line);
	ui_list_free(&list);
}

static jl_status ui_start_open(int mode, msglist *err)
{
	char *forms = form_default_dir();
	jl_status rc;

	jl_close(ui_g.j);
	ui_g.j = NULL;
	rc = jl_open(ui_g.db_path, mode, forms, &ui_g.j, err, NULL);
	free(forms);
	return rc;
}

/* The device id, asked once for a store that has none; core's rule of
 * `init` (jl_init_device: one id, set once, checked as an id) decides.
 * Returns JL_OK, or the status with the reason in ERR. */
static jl_status ui_start_init(msglist *err)
{
	char host[256], *device, *norm;
	jl_status rc;
	int created = 0;

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "device");
	host[sizeof host - 1] = '\0';
	for (;;) {
		msglist bad = MSGLIST_INIT;

		device = ui_edit_run(UI_T("新数据库：本设备编号（如 CL-T01），设定后不可更改",
					  "New store: this device's id (e.g. CL-T01); it never changes"),
				     host, 0, 0, NULL, NULL);
		if (!device)
			return JL_EUSAGE;
		norm = text_ident(device);
		free(device);
		if (!norm)
			return JL_ENOMEM;
		if (!text_blank(norm) && jl_device_valid(norm, &bad) == JL_OK)
			break;
		if (bad.n)
			ui_say_msgs(&bad);
		else
			ui_say(1, "设备编号不能为空", "the device id cannot be empty");
		msglist_free(&bad);
		free(norm);
	}
	rc = jl_init_device(ui_g.j, norm, &created, err);
	free(norm);
	return rc;
}

int ui_start_add_officer(void)
{
	char *id = NULL, *name = NULL, *cert = NULL;
	msglist err = MSGLIST_INIT;
	int added = 0;

	id = ui_edit_run(UI_T("新执法人员：登录编号（字母、数字，如 zhang）",
			      "New officer: login id (letters, digits, e.g. zhang)"),
			 "", 0, 0, NULL, NULL);
	if (!id || !*id)
		goto done;
	name = ui_edit_run(UI_T("姓名", "Name"), "", 0, 0, NULL, NULL);
	if (!name)
		goto done;
	cert = ui_edit_run(UI_T("执法证号", "Certificate number"), "", 0, 0, NULL, NULL);
	if (!cert)
		goto done;
	if (officer_add(ui_g.j, id, name, cert, NULL, &err) != JL_OK) {
		ui_say_msgs(&err);
		goto done;
	}
	ui_say(0, "已添加执法人员 %s", "officer %s added", name);
	added = 1;
done:
	free(id);
	free(name);
	free(cert);
	msglist_free(&err);
	return added;
}

/* Words the refusal of officer ID's PIN for the message bar: wrong, with
 * the tries left, or locked until when (core's message when neither). */
static void ui_start_pin_refused(const char *id, const msglist *err)
{
	int fails = 0;
	long long until = 0;

	officer_pin_state(ui_g.j, id, &fails, &until);
	if (until) {
		time_t t = (time_t)until;
		struct tm tm;
		char hm[16];

		localtime_r(&t, &tm);
		strftime(hm, sizeof hm, "%H:%M", &tm);
		ui_say(1, "%s 连续输错 PIN %d 次，已锁定至 %s，请届时再试或选择其他人员",
		       "%s entered a wrong PIN %d times: locked until %s; try then, or pick another officer", id,
		       OFFICER_PIN_TRIES, hm);
	} else if (fails > 0) {
		ui_say(1, "PIN 错误：还可再试 %d 次（Esc 选择其他人员）",
		       "wrong PIN: %d tries left (Esc picks another officer)", OFFICER_PIN_TRIES - fails);
	} else {
		ui_say_msgs(err);
	}
}

/* Proves officer ID on the screens: nothing when the key named him or he
 * has no PIN; else JILU_PIN once, then the PIN asked (shown as *) until it
 * is right or the person leaves with Esc. Returns the status of the last
 * try (JL_ECANCELED when the person left), the reason said. */
static jl_status ui_start_prove(const char *id, int by_key)
{
	const char *env = getenv("JILU_PIN");
	int env_tried = !env || !*env;
	jl_status rc;

	if (!act_needs_pin(ui_g.j, id, by_key)) {
		msglist err = MSGLIST_INIT;

		rc = act_as(ui_g.j, id, by_key, NULL, &err);
		if (rc != JL_OK)
			ui_say_msgs(&err);
		msglist_free(&err);
		return rc;
	}
	for (;;) {
		msglist err = MSGLIST_INIT;
		char prompt[160], *pin;

		if (!env_tried) {
			env_tried = 1;
			pin = strdup(env); /* as on the command line */
		} else {
			snprintf(prompt, sizeof prompt, UI_T("请输入 %s 的 PIN（Esc 返回）", "PIN for %s (Esc goes back)"),
				 id);
			pin = ui_edit_secret(prompt);
			if (!pin)
				return JL_ECANCELED;
		}
		rc = act_as(ui_g.j, id, 0, pin, &err);
		memset(pin, 0, strlen(pin));
		free(pin);
		if (rc != JL_OK)
			ui_start_pin_refused(id, &err);
		msglist_free(&err);
		if (rc == JL_OK || rc != JL_EDENIED)
			return rc;
	}
}

/* Sets who acts to officer ID, proven (ui_start_prove; BY_KEY: ID is the
 * one an SSH key named); returns 0, or -1 with the reason said. */
static int ui_start_act(const char *id, int by_key)
{
	officer_row o;

	if (ui_start_prove(id, by_key) != JL_OK)
		return -1;
	if (officer_get(ui_g.j, id, &o) != JL_OK) {
		ui_say(1, "无法读取执法人员 %s", "cannot read officer %s", id);
		return -1;
	}
	free(ui_g.officer);
	free(ui_g.officer_label);
	ui_g.officer = strdup(id);
	{
		buf b = BUF_INIT;
		buf_printf(&b, "%s (%s)", o.name, o.cert);
		ui_g.officer_label = buf_steal(&b);
	}
	officer_row_free(&o);
	return 0;
}

/* Who acts: a pick from the roster (name and certificate), or a new
 * officer. Returns 0 when someone acts, -1 when the person left. */
static int ui_start_pick_officer(void)
{
	for (;;) {
		officer_row *rows = NULL;
		int n = 0, i;
		ui_list l;
		ui_req r;

		if (officer_list(ui_g.j, &rows, &n) != JL_OK) {
			ui_say(1, "无法读取执法人员名册", "cannot read the roster");
			return -1;
		}
		memset(&l, 0, sizeof l);
		l.screen = UI_S_PICK;
		ui_list_set_heading(&l, n ? UI_T("请选择您的身份（执法人员）：", "Who are you? Pick yourself:")
					  : UI_T("名册中还没有执法人员，请先添加。",
						 "The roster is empty: add the officers first."));
		for (i = 0; i < n; i++)
			if (!rows[i].retired_at) /* a retired officer can no longer act */
				ui_list_addf(&l, i, "%-12s %s  %s %s", rows[i].id, rows[i].name,
					     UI_T("执法证号", "cert."), rows[i].cert); /* ids are ASCII */
		ui_list_add(&l, UI_T("＋ 添加执法人员", "+ add an officer"), A_BOLD, 0, -1);
		r = ui_list_run(&l, UI_T("选择执法人员", "Who acts"));
		if (r == UI_REQ_CHOOSE) {
			long long tag = l.rows[l.cur].tag;
			if (tag < 0) {
				ui_start_add_officer();
			} else if (ui_start_act(rows[tag].id, 0) == 0) {
				ui_list_free(&l);
				officer_rows_free(rows, n);
				return 0;
			}
		}
		ui_list_free(&l);
		officer_rows_free(rows, n);
		if (r != UI_REQ_CHOOSE)
			return -1;
	}
}

int ui_start(const char *officer)
{
	msglist err = MSGLIST_INIT;
	jl_status rc;
	int exists = access(ui_g.db_path, F_OK) == 0;

	if (!exists && !ui_confirm("此处还没有数据库，是否新建？", "There is no store here yet. Create it?"))
		return 0;
	rc = ui_start_open(exists ? DB_OPEN_WRITE : DB_OPEN_CREATE, &err);
	if (rc == JL_OK && !ui_g.j->device)
		rc = ui_start_init(&err);
	if (rc != JL_OK) {
		if (err.n == 0)
			msglist_add(&err, NULL, NULL, jl_status_text(rc, "zh"), jl_status_text(rc, "en"));
		ui_start_show_msgs(UI_T("无法打开数据库", "Cannot open the store"), &err);
		msglist_free(&err);
		return jl_status_exit(rc);
	}
	if (officer && ui_start_act(officer, ui_g.by_key) != 0)
		officer = NULL; /* not proven, or no such officer: said; ask */
	if (!officer && ui_start_pick_officer() != 0)
		return 0;
	/* Leaving home with a job running asks first (ui_job_quit_ok). */
	do
		ui_home_run();
	while (!ui_g.quit && !ui_job_quit_ok());
	msglist_free(&err);
	return 0;
}
