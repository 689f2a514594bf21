/* tui/ui_action.c — the action screen (see ui_action.h). */
#include "tui/ui_action.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/action.h"
#include "core/action_reopen.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/close.h"
#include "core/db.h"
#include "core/media.h"
#include "core/officer.h"
#include "core/record.h"
#include "core/casefile.h"
#include "core/file.h"
#include "tui/cli.h"
#include "tui/export.h"
#include "tui/export_text.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_form.h"
#include "tui/ui_home.h"
#include "tui/ui_job.h"
#include "tui/ui_list.h"
#include "tui/ui_media.h"
#include "tui/ui_secret.h"
#include "tui/ui_text.h"

typedef struct {
	long long id;
	action_row a;
	record_row *recs;
	int nrec;
	check_list checks;
	ui_list list;  /* rows: a record (tag = its id) or a check item (tag = -(index+1)) */
	unsigned jobs_seen; /* ui_g.jobs_ended when last loaded */
} ui_action;

static void ui_action_close(ui_action *s);
static void ui_action_reopen(ui_action *s);

static const char *ui_action_who(const char *officer_id, char *out, size_t outlen)
{
	officer_row o;

	if (officer_id && officer_get(ui_g.j, officer_id, &o) == JL_OK) {
		snprintf(out, outlen, "%s", o.name);
		officer_row_free(&o);
	} else {
		snprintf(out, outlen, "%s", officer_id ? officer_id : "");
	}
	return out;
}

/* Appends record I and, indented under it, the amendments that correct it. */
static void ui_action_add_record(ui_action *s, int i, int depth)
{
	record_row *r = &s->recs[i];
	const form *f = formset_find_for(ui_g.j->forms, r->form, r->form_version);
	char who[64];
	media_row *m = NULL;
	int nm = 0, k;
	buf b = BUF_INIT;

	media_list(ui_g.j, r->id, &m, &nm);
	media_rows_free(m, nm);
	for (k = 0; k < depth; k++)
		buf_puts(&b, "   ");
	if (depth)
		buf_printf(&b, "└ %s ", UI_T("更正", "amendment"));
	buf_printf(&b, "%-4lld %s  %s  %s  %s", r->id, f ? form_text_get(&f->title, ui_g.lang) : r->form,
		   strcmp(r->state, "final") == 0 ? UI_T("定稿", "final") : UI_T("草稿", "draft"),
		   ui_action_who(r->finalized_by ? r->finalized_by : r->author, who, sizeof who),
		   r->finalized_at ? r->finalized_at : r->updated_at);
	if (nm)
		buf_printf(&b, UI_T("  音像 %d", "  media %d"), nm);
	if (r->reason)
		buf_printf(&b, UI_T("  原因：%s", "  reason: %s"), r->reason);
	if (!ui_secret_readable(r)) {
		/* R20.2: that it exists, its form and its time; not who, not why. */
		buf_reset(&b);
		ui_secret_row(&b, r, f ? form_text_get(&f->title, ui_g.lang) : r->form, depth);
	}
	ui_list_add(&s->list, buf_str(&b), 0, 0, r->id);
	buf_free(&b);
	for (k = 0; k < s->nrec; k++)
		if (s->recs[k].amends == r->id)
			ui_action_add_record(s, k, depth + 1);
}

static int ui_action_item_cmp(const void *a, const void *b)
{
	const check_item *x = a, *y = b;
	return strcmp(x->req ? x->req : "", y->req ? y->req : "");
}

static void ui_action_load(ui_action *s)
{
	msglist err = MSGLIST_INIT;
	buf b = BUF_INIT, art = BUF_INIT, last = BUF_INIT;
	int i, keep = s->list.cur;

	action_row_free(&s->a);
	record_rows_free(s->recs, s->nrec);
	s->recs = NULL;
	s->nrec = 0;
	check_list_free(&s->checks);
	memset(&s->checks, 0, sizeof s->checks);
	ui_list_clear(&s->list);
	if (action_get(ui_g.j, s->id, &s->a) != JL_OK) {
		ui_say(1, "无法读取执法活动 %lld", "cannot read action %lld", s->id);
		return;
	}
	record_list(ui_g.j, s->id, &s->recs, &s->nrec);
	check_action(ui_g.j, s->id, clock_now_epoch(), &s->checks, &err);
	msglist_free(&err);
	/* Grouped by article: sorted by requirement id. */
	if (s->checks.n > 1)
		qsort(s->checks.items, (size_t)s->checks.n, sizeof *s->checks.items, ui_action_item_cmp);

	buf_printf(&b, "%s · %s · %s %s · %s", ui_home_kind_label(s->a.kind), s->a.title ? s->a.title : "",
		   UI_T("开启于", "opened"), s->a.opened_at,
		   s->a.closed_at ? UI_T("已结案", "closed") : UI_T("未结", "open"));
	ui_list_set_heading(&s->list, buf_str(&b));
	ui_list_add(&s->list, UI_T("记录", "Records"), A_BOLD | A_UNDERLINE, 1, 0);
	for (i = 0; i < s->nrec; i++) {
		int amends_here = 0, k;
		for (k = 0; k < s->nrec; k++)
			amends_here |= s->recs[i].amends == s->recs[k].id;
		if (!amends_here)
			ui_action_add_record(s, i, 0);
	}
	if (s->nrec == 0)
		ui_list_add(&s->list, UI_T("  （还没有记录：按 n 新建）", "  (no records yet: press n)"), 0, 1, 0);
	ui_list_add(&s->list, "", 0, 1, 0);
	ui_list_add(&s->list, UI_T("按《办法》尚缺（Enter 打开对应表单）", "What the Measures still want (Enter opens the form)"),
		    A_BOLD | A_UNDERLINE, 1, 0);
	if (s->checks.n == 0)
		ui_list_add(&s->list, UI_T("  无：已满足《办法》的要求", "  nothing: the Measures are satisfied"), 0, 1, 0);
	for (i = 0; i < s->checks.n; i++) {
		const check_item *it = &s->checks.items[i];
		buf_reset(&art);
		if (it->req)
			msg_article(it->req, ui_g.lang, &art);
		if (strcmp(buf_str(&art), buf_str(&last)) != 0) {
			ui_list_add(&s->list, buf_str(&art), A_BOLD, 1, 0);
			buf_reset(&last);
			buf_puts(&last, buf_str(&art));
		}
		buf_reset(&b);
		buf_printf(&b, "  %s %s", it->req ? it->req : "", ui_secret_item_text(it));
		if (it->record)
			buf_printf(&b, UI_T("（记录 %lld）", " (record %lld)"), it->record);
		else if (it->wants)
			buf_puts(&b, UI_T(" → Enter 新建", " → Enter fills it"));
		ui_list_add(&s->list, buf_str(&b), it->type == CHECK_DEADLINE && it->due <= clock_now_epoch()
							   ? ui_attr_alert()
							   : 0,
			    0, -(long long)(i + 1));
	}
	s->list.cur = keep;
	buf_free(&b);
	buf_free(&art);
	buf_free(&last);
}

/* What a new record of FORM_ID starts with: the party and the place the
 * action already knows, and the officers of its last record with "shown"
 * false, to be confirmed again. Returns a new object (caller frees). */
static cJSON *ui_action_prefill(ui_action *s, const form *nf)
{
	cJSON *v = cJSON_CreateObject();
	int i, k;

	for (k = 0; k < nf->nfields; k++) {
		const form_field *fd = &nf->fields[k];
		if (fd->type != SHAPE_PARTY && fd->type != SHAPE_OFFICERS && strcmp(fd->id, "place") != 0)
			continue;
		for (i = s->nrec - 1; i >= 0; i--) {
			const form *pf = formset_find_for(ui_g.j->forms, s->recs[i].form, s->recs[i].form_version);
			if (!ui_secret_readable(&s->recs[i]))
				continue; /* R20.2: nothing of it carried into a new record */
			cJSON *data = cJSON_Parse(s->recs[i].data);
			const cJSON *got = NULL;
			int f2;
			for (f2 = 0; pf && data && f2 < pf->nfields && !got; f2++) {
				const form_field *pd = &pf->fields[f2];
				const cJSON *val = cJSON_GetObjectItemCaseSensitive(data, pd->id);
				if (!val || cJSON_IsNull(val))
					continue;
				if ((fd->type == SHAPE_PARTY && pd->type == SHAPE_PARTY) ||
				    (fd->type == SHAPE_OFFICERS && pd->type == SHAPE_OFFICERS) ||
				    (fd->type == SHAPE_TEXT && strcmp(pd->id, "place") == 0))
					got = val;
			}
			if (got) {
				cJSON *copy = cJSON_Duplicate(got, 1);
				if (fd->type == SHAPE_OFFICERS) {
					cJSON *e;
					cJSON_ArrayForEach(e, copy) {
						cJSON_DeleteItemFromObjectCaseSensitive(e, "shown");
						cJSON_AddBoolToObject(e, "shown", 0);
						/* By roster id: the roster's name and certificate of today. */
						if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "id"))) {
							cJSON_DeleteItemFromObjectCaseSensitive(e, "name");
							cJSON_DeleteItemFromObjectCaseSensitive(e, "cert");
						}
					}
				}
				cJSON_AddItemToObject(v, fd->id, copy);
			}
			cJSON_Delete(data);
			if (got)
				break;
		}
	}
	return v;
}

static void ui_action_new_record(ui_action *s, const char *form_id)
{
	const form *nf = NULL;
	msglist err = MSGLIST_INIT;
	long long id = 0;
	cJSON *values;

	if (!form_id) {
		const form **forms = calloc((size_t)formset_count(ui_g.j->forms) + 1, sizeof *forms);
		const char **titles = calloc((size_t)formset_count(ui_g.j->forms) + 1, sizeof *titles);
		int n = 0, i, k, at = 0;
		for (i = 0; forms && titles && i < formset_count(ui_g.j->forms); i++) {
			const form *f = formset_at(ui_g.j->forms, i);
			if (form_allows_kind(f, s->a.kind)) {
				/* The cursor starts on the form of the last record: the
				 * next inspection is most often another inspection. */
				if (s->nrec && strcmp(f->id, s->recs[s->nrec - 1].form) == 0)
					at = n;
				forms[n] = f;
				titles[n++] = form_text_get(&f->title, ui_g.lang);
			}
		}
		k = n ? ui_pick(UI_T("新建记录", "New record"), UI_T("表单：", "Form:"), titles, n, at) : -1;
		nf = k >= 0 ? forms[k] : NULL;
		free(forms);
		free(titles);
	} else {
		nf = formset_find(ui_g.j->forms, form_id);
	}
	if (!nf)
		return;
	values = ui_action_prefill(s, nf);
	if (record_create(ui_g.j, s->id, nf->id, values, 0, &id, &err) != JL_OK) {
		/* What an older record held no longer fits: start empty. */
		msglist_free(&err);
		if (record_create(ui_g.j, s->id, nf->id, NULL, 0, &id, &err) != JL_OK) {
			ui_say_msgs(&err);
			goto done;
		}
	}
	if (cJSON_GetArraySize(values))
		ui_say(0, "已带入当事人、地点与执法人员；请确认是否再次出示执法证",
		       "party, place and officers filled in; confirm the certificates were shown again");
	ui_form_run(id, NULL, 0);
done:
	cJSON_Delete(values);
	msglist_free(&err);
}

/* Writes the case file (as `jilu export` lays it out) to a file the person
 * names: never the store or its media, never over a file unasked. */
/* One background export, one block (freed by the job, or by the runner
 * when the job cannot start: ui_job.h). */
typedef struct {
	long long id;
	int replace;
	char path[]; /* where to write */
} ui_action_export_job;

/* The job (worker thread, its own connection): the case file read,
 * verified and written atomically, or nothing written. */
static int ui_action_export_run(void *arg, ui_job_progress *p)
{
	ui_action_export_job *ej = arg;
	cli c;
	export_file x;
	buf out = BUF_INIT;
	jl_status rc;

	memset(&c, 0, sizeof c);
	memset(&x, 0, sizeof x);
	c.lang = ui_g.lang;
	c.db_path = ui_g.db_path;
	c.officer = p->j->officer;
	c.j = p->j;
	rc = jl_output_ok(p->j, ej->path, ej->replace, &p->msgs); /* not the store, not its media */
	if (rc == JL_OK)
		rc = casefile_load(p->j, ej->id, ui_job_progress_cb, p, &x, &p->msgs);
	if (rc == JL_OK) /* R22.2: logged before anything is written */
		rc = ui_secret_log_export(p->j, &x, &p->msgs);
	if (rc == JL_OK) {
		export_text(&c, &x, &out);
		rc = out.oom ? JL_ENOMEM
			     : file_write_atomic(ej->path, buf_str(&out), out.len,
						 ej->replace ? FILE_REPLACE : FILE_NEW, &p->msgs);
	}
	if (rc == JL_OK)
		ui_job_say(p, "案卷已导出：%s%s", "case file written: %s%s", ej->path,
			   x.verified == JL_FOUND ? UI_T("（核验发现问题，见案卷）", " (verify found a fault: see the file)")
						  : "");
	else if (rc == JL_ECANCELED)
		ui_job_say(p, "未写入文件", "no file written");
	/* Messages the export itself put in C are the job's to show. */
	for (size_t i = 0; i < c.msgs.n; i++)
		msglist_add(&p->msgs, c.msgs.items[i].req, c.msgs.items[i].where, c.msgs.items[i].zh,
			    c.msgs.items[i].en);
	casefile_free(&x);
	msglist_free(&c.msgs);
	buf_free(&out);
	free(ej);
	return rc;
}

static void ui_action_export(ui_action *s)
{
	char def[64], *path;
	int replace = 0;
	ui_action_export_job *ej;

	snprintf(def, sizeof def, "%s-%lld.txt", UI_T("案卷", "casefile"), s->id);
	path = ui_edit_run(UI_T("导出案卷到文件", "Export the case file to"), def, 0, 0, NULL, NULL);
	if (!path || !*path) {
		free(path);
		return;
	}
	if (access(path, F_OK) == 0) {
		if (!ui_confirm("文件已存在，是否覆盖？", "The file exists. Replace it?")) {
			free(path);
			return;
		}
		replace = 1;
	}
	ej = malloc(sizeof *ej + strlen(path) + 1);
	if (!ej) {
		ui_say(1, "%s", "%s", jl_status_text(JL_ENOMEM, ui_g.lang));
		free(path);
		return;
	}
	ej->id = s->id;
	ej->replace = replace;
	strcpy(ej->path, path);
	free(path);
	/* Reading and verifying a long case file runs in the background. */
	if (ui_job_start("导出案卷", "exporting the case file", ui_action_export_run, ej) != 0)
		free(ej);
}

static void ui_action_draw(ui_view *v, int top, int bottom)
{
	ui_action *s = v->data;

	/* A job that ended (media attached) changed what this screen shows. */
	if (s->jobs_seen != ui_g.jobs_ended) {
		s->jobs_seen = ui_g.jobs_ended;
		ui_action_load(s);
	}
	/* A checklist item longer than a row (a deadline with its date and the
	 * time left) is shown whole under the list while it is selected. */
	/* (A reload just above may have shortened the list under the cursor.) */
	if (s->list.cur >= 0 && s->list.cur < s->list.n && s->list.rows[s->list.cur].tag < 0 &&
	    -s->list.rows[s->list.cur].tag - 1 < s->checks.n) {
		const check_item *it = &s->checks.items[-s->list.rows[s->list.cur].tag - 1];
		buf full = BUF_INIT;
		size_t st[3], en[3];
		int n, k;

		buf_printf(&full, "%s %s", it->req ? it->req : "", ui_secret_item_text(it)); /* R20.2 */
		if (it->due && !it->sealed) { /* R20.2: a sealed item's due is not shown */
			struct tm tm;
			char when[32];

			localtime_r(&it->due, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
			buf_printf(&full, UI_T("——期限 %s", " — due %s"), when);
		}
		if (ui_text_width(buf_str(&full)) > COLS - 4 && bottom - top > 8) {
			n = ui_text_wrap(buf_str(&full), COLS - 2, st, en, 3);
			ui_list_draw(&s->list, top, bottom - n - 1);
			mvhline(bottom - n - 1, 0, ACS_HLINE, COLS);
			for (k = 0; k < n; k++)
				ui_text_putn(bottom - n + k, 1, buf_str(&full) + st[k], en[k] - st[k], COLS - 2, 0);
			buf_free(&full);
			return;
		}
		buf_free(&full);
	}
	ui_list_draw(&s->list, top, bottom);
}

static void ui_action_key(ui_view *v, int key, ui_req req)
{
	ui_action *s = v->data;
	long long tag = s->list.n ? s->list.rows[s->list.cur].tag : 0;
	msglist err = MSGLIST_INIT;

	(void)key;
	if (ui_list_move(&s->list, req, 1, LINES - 2))
		return;
	switch (req) {
	case UI_REQ_OPEN:
		if (tag > 0) {
			ui_form_run(tag, NULL, 0);
		} else if (tag < 0) {
			const check_item *it = &s->checks.items[-tag - 1];
			/* R19.2's "recorded, but no file attached" is met by
			 * attaching the file, not by editing the form. */
			if (it->record && it->type == CHECK_DEADLINE && strcmp(it->req, "R19.2") == 0)
				ui_media_attach(it->record);
			else if (it->record)
				ui_form_run(it->record, it->field, 0);
			else if (it->wants)
				ui_action_new_record(s, it->wants);
			else if (it->type == CHECK_MISSING)
				ui_action_new_record(s, NULL);
			else
				ui_say(0, "此项不由某一表单填写", "no one form fills this");
		}
		break;
	case UI_REQ_NEW_RECORD:
		if (s->a.closed_at)
			ui_say(1, "执法活动已结案", "the action is closed");
		else
			ui_action_new_record(s, NULL);
		break;
	case UI_REQ_AMEND:
		if (tag > 0)
			ui_form_run(tag, NULL, 1); /* the reason first, then the fields */
		break;
	case UI_REQ_MEDIA:
		/* On a record, or on a checklist item about one (the cursor is
		 * there when a form is left). */
		if (tag > 0)
			ui_media_attach(tag);
		else if (tag < 0 && s->checks.items[-tag - 1].record)
			ui_media_attach(s->checks.items[-tag - 1].record);
		else
			ui_say(1, "请先选中一份记录", "select a record first");
		break;
	case UI_REQ_EXPORT:
		ui_action_export(s);
		break;
	case UI_REQ_CLOSE_ACTION:
		ui_action_close(s);
		break;
	case UI_REQ_REOPEN:
		ui_action_reopen(s);
		break;
	case UI_REQ_REFRESH:
		break;
	case UI_REQ_BACK:
		v->done = 1;
		msglist_free(&err);
		return;
	default:
		msglist_free(&err);
		return;
	}
	msglist_free(&err);
	ui_action_load(s);
}


/* Closes the action as the command line does, through core's guarded close
 * (core/close.h): while check still finds something, the refusal lists it
 * and the officer may close anyway only by giving the reason, which is kept
 * and reported by check (R19.1, R22.1). */
static void ui_action_close(ui_action *s)
{
	msglist err = MSGLIST_INIT;
	jl_status rc;
	char *reason;

	if (!ui_confirm("结案后不能再新建记录。确定结案？", "No record can be added once closed. Close it?"))
		return;
	rc = close_action(ui_g.j, s->id, 0, NULL, clock_now_epoch(), &err);
	if (rc == JL_OK) {
		ui_say(0, "已结案", "closed");
		goto done;
	}
	ui_say_msgs(&err);
	if (rc != JL_EREFUSED ||
	    !ui_confirm("仍有缺项。仍要结案？须说明理由（理由将保存并由检查报告）",
			"Items are still missing. Close anyway? A reason is needed (kept, and reported by check)"))
		goto done;
	reason = ui_edit_run(UI_T("结案理由", "Reason for closing"), "", 0, 0, NULL, NULL);
	if (!reason || !*reason) {
		ui_say(1, "未说明理由：未结案", "no reason given: not closed");
		free(reason);
		goto done;
	}
	msglist_free(&err);
	if (close_action(ui_g.j, s->id, 1, reason, clock_now_epoch(), &err) != JL_OK)
		ui_say_msgs(&err);
	else
		ui_say(0, "已结案（理由已记录）", "closed (the reason is kept)");
	free(reason);
done:
	msglist_free(&err);
}

/* Reopens a closed action on its stated reason (core/action_reopen.h: heads
 * and supervisors only, a ledger entry); a refusal is shown in words. */
static void ui_action_reopen(ui_action *s)
{
	msglist err = MSGLIST_INIT;
	char *reason = ui_edit_run(UI_T("重新开启的理由", "Reason for reopening"), "", 0, 0, NULL, NULL);

	if (!reason || !*reason) {
		if (reason)
			ui_say(1, "未说明理由：未重新开启", "no reason given: not reopened");
		free(reason);
		return;
	}
	if (action_reopen(ui_g.j, s->id, reason, &err) != JL_OK)
		ui_say_msgs(&err);
	else
		ui_say(0, "已重新开启", "reopened");
	free(reason);
	msglist_free(&err);
}

/* The action's key bar: new record and close while it is open, amend on a
 * final record, media on a record or an item about one. */
static int ui_action_offers(ui_view *v, ui_req req)
{
	ui_action *s = v->data;
	long long tag = s->list.cur >= 0 && s->list.cur < s->list.n ? s->list.rows[s->list.cur].tag : 0;
	int i;

	if (tag < 0 && -tag - 1 >= s->checks.n)
		tag = 0;

	switch (req) {
	case UI_REQ_NEW_RECORD:
	case UI_REQ_CLOSE_ACTION:
		return !s->a.closed_at;
	case UI_REQ_REOPEN:
		return s->a.closed_at != NULL;
	case UI_REQ_MEDIA:
		return tag > 0 || (tag < 0 && s->checks.items[-tag - 1].record);
	case UI_REQ_AMEND:
		for (i = 0; tag > 0 && i < s->nrec; i++)
			if (s->recs[i].id == tag)
				return strcmp(s->recs[i].state, "final") == 0;
		return 0;
	default:
		return 1;
	}
}

static const ui_view_ops ui_action_ops = {"action", UI_S_ACTION, 0, ui_action_draw, ui_action_key,
					  ui_action_offers};

void ui_action_run(long long id)
{
	ui_action s;
	ui_view v = {&ui_action_ops, &s, 0, ""};

	memset(&s, 0, sizeof s);
	s.id = id;
	s.list.screen = UI_S_ACTION;
	s.jobs_seen = ui_g.jobs_ended;
	ui_action_load(&s);
	snprintf(v.title, sizeof v.title, "%s %lld", UI_T("执法活动", "Action"), id);
	ui_push(&v);
	ui_run(&v);
	ui_pop();
	action_row_free(&s.a);
	record_rows_free(s.recs, s.nrec);
	check_list_free(&s.checks);
	ui_list_free(&s.list);
}
