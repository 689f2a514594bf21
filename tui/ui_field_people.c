/* tui/ui_field_people.c — who was there: officers (from the roster, with
 * whether each showed the certificate), signatures (signed, sealed or
 * refused with the reason) and the audio-visual record (mode, reason). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/officer.h"
#include "core/shape_object.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_field.h"
#include "tui/ui_list.h"
#include "tui/ui_text.h"

static const char *ui_people_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Saves a copy of A (null when empty); returns 0 or -1. */
static int ui_people_save(ui_field_ctx *c, const cJSON *a)
{
	return c->save(c->ctx, cJSON_GetArraySize(a) ? cJSON_Duplicate(a, 1) : cJSON_CreateNull());
}

/* The three parts of a retired officer's mark in a roster pick (PART 0: the
 * words before the date, 1: the date, 2: after), or "" while serving. A
 * retired officer stays pickable: a record of what happened before the
 * retirement may name him, and core judges that by the record's time. */
static const char *ui_people_retired(const officer_row *o, int part)
{
	if (!o->retired_at)
		return "";
	if (part == 1)
		return o->retired_at;
	return part == 0 ? UI_T("（已于 ", " (retired ") : UI_T(" 离任）", ")");
}

/* Adds officers picked from the roster (several at once) to A. */
static void ui_officers_add(cJSON *a)
{
	officer_row *rows = NULL;
	int n = 0, i;
	ui_list l;

	if (officer_list(ui_g.j, &rows, &n) != JL_OK)
		return;
	memset(&l, 0, sizeof l);
	l.screen = UI_S_PICK;
	l.multi = 1;
	ui_list_set_heading(&l, UI_T("空格勾选在场的执法人员，Enter 确定", "Space marks who was there, Enter confirms"));
	for (i = 0; i < n; i++)
		ui_list_addf(&l, i, "%s  %s %s%s%.10s%s", rows[i].name, UI_T("执法证号", "cert."),
			     rows[i].cert, ui_people_retired(&rows[i], 0), ui_people_retired(&rows[i], 1),
			     ui_people_retired(&rows[i], 2));
	if (ui_list_run(&l, UI_T("从名册选择", "From the roster")) == UI_REQ_CHOOSE) {
		int any = 0;
		for (i = 0; i < l.n; i++)
			any |= l.rows[i].mark;
		for (i = 0; i < l.n; i++) {
			const cJSON *e;
			int have = 0;
			if (!l.rows[i].mark && !(any == 0 && i == l.cur))
				continue;
			cJSON_ArrayForEach(e, a)
				have |= strcmp(ui_people_str(e, "cert"), rows[i].cert) == 0 ||
					strcmp(ui_people_str(e, "id"), rows[i].id) == 0;
			if (have)
				continue;
			/* Named by roster id (core/roster.h); name and certificate
			 * are shown here and copied from the roster again when the
			 * record is finalised. */
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", rows[i].id);
			cJSON_AddStringToObject(o, "name", rows[i].name);
			cJSON_AddStringToObject(o, "cert", rows[i].cert);
			/* Not shown until the officer says so. */
			cJSON_AddBoolToObject(o, "shown", 0);
			cJSON_AddItemToArray(a, o);
		}
	}
	ui_list_free(&l);
	officer_rows_free(rows, n);
}

int ui_field_officers(ui_field_ctx *c)
{
	cJSON *a = cJSON_IsArray(c->value) ? cJSON_Duplicate(c->value, 1) : cJSON_CreateArray();
	ui_list l;
	int saved = 0;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_SUB;
	ui_list_set_heading(&l, UI_T("a 从名册添加 · 空格 切换是否出示执法证 · d 删除",
				     "a adds from the roster · space: certificate shown or not · d deletes"));
	for (;;) {
		const cJSON *e;
		cJSON *next;
		int i = 0;
		ui_req r;

		ui_list_clear(&l);
		cJSON_ArrayForEach(e, a) {
			const cJSON *shown = cJSON_GetObjectItemCaseSensitive(e, "shown");
			ui_list_addf(&l, i++, "%s  %s %s  %s%s", ui_people_str(e, "name"), UI_T("执法证号", "cert."),
				     ui_people_str(e, "cert"), UI_T("出示执法证：", "certificate shown: "),
				     cJSON_IsTrue(shown)    ? UI_T("是", "yes")
				     : cJSON_IsFalse(shown) ? UI_T("否", "no")
							    : UI_T("未记录", "not recorded"));
		}
		if (l.n == 0)
			ui_list_add(&l, UI_T("（还没有执法人员：按 a 添加）", "(none yet: press a)"), 0, 1, -1);
		r = ui_list_run(&l, form_text_get(&c->fd->label, ui_g.lang));
		if (r != UI_REQ_ADD && r != UI_REQ_DELETE && r != UI_REQ_TOGGLE && r != UI_REQ_OPEN)
			break;
		next = cJSON_Duplicate(a, 1);
		if (r == UI_REQ_ADD) {
			ui_officers_add(next);
		} else if (r == UI_REQ_DELETE) {
			cJSON_DeleteItemFromArray(next, (int)l.rows[l.cur].tag);
		} else {
			cJSON *o = cJSON_GetArrayItem(next, (int)l.rows[l.cur].tag);
			int shown = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "shown"));
			cJSON_DeleteItemFromObjectCaseSensitive(o, "shown");
			cJSON_AddBoolToObject(o, "shown", !shown);
		}
		if (ui_people_save(c, next) == 0) {
			cJSON_Delete(a);
			a = next;
			saved = 1;
		} else {
			cJSON_Delete(next);
		}
	}
	cJSON_Delete(a);
	ui_list_free(&l);
	return saved;
}

static const char *const ui_sig_status[] = {"signed", "sealed", "refused"};

/* Asks how signer O signed (and why not, when refused). Returns 0, or -1
 * when the person went back. */
static int ui_sig_status_ask(cJSON *o)
{
	const char *items[3];
	int k;

	for (k = 0; k < 3; k++)
		items[k] = ui_field_vocab(ui_sig_status[k]);
	k = ui_pick(UI_T("签名情况", "How signed"), ui_people_str(o, "name"), items, 3, 0);
	if (k < 0)
		return -1;
	cJSON_DeleteItemFromObjectCaseSensitive(o, "status");
	cJSON_AddStringToObject(o, "status", ui_sig_status[k]);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "reason");
	if (k == 2) {
		char *why = ui_edit_run(UI_T("拒绝签名的原因（第十一条）", "Why the signature was refused (Art. 11)"),
					"", 0, 0, NULL, NULL);
		if (!why)
			return -1;
		if (*why)
			cJSON_AddStringToObject(o, "reason", why);
		free(why);
	}
	return 0;
}

/* An officer signer is one of the roster: picked (name and certificate),
 * never typed. Returns the name (caller frees), or NULL when none was
 * picked. An empty roster (a store being set up) falls back to typing. */
static char *ui_sig_officer(void)
{
	officer_row *rows = NULL;
	int n = 0, i, k;
	const char **items;
	buf *lines;
	char *name = NULL;

	if (officer_list(ui_g.j, &rows, &n) != JL_OK || n == 0) {
		officer_rows_free(rows, n);
		return ui_edit_run(UI_T("签名人姓名", "Signer's name"), "", 0, 0, NULL, NULL);
	}
	items = calloc((size_t)n, sizeof *items);
	lines = calloc((size_t)n, sizeof *lines);
	for (i = 0; items && lines && i < n; i++) {
		buf_printf(&lines[i], "%s  %s %s%s%.10s%s", rows[i].name, UI_T("执法证号", "cert."),
			   rows[i].cert, ui_people_retired(&rows[i], 0), ui_people_retired(&rows[i], 1),
			   ui_people_retired(&rows[i], 2));
		items[i] = buf_str(&lines[i]);
	}
	k = items && lines ? ui_pick(UI_T("签名的执法人员", "The signing officer"),
				     UI_T("从名册选择", "From the roster"), items, n, 0)
			   : -1;
	if (k >= 0)
		name = strdup(rows[k].name);
	for (i = 0; lines && i < n; i++)
		buf_free(&lines[i]);
	free(lines);
	free(items);
	officer_rows_free(rows, n);
	return name;
}

static int ui_sig_add(cJSON *a)
{
	/* The roles core accepts (core/shape_object.c), one list for both. */
	int nroles, k;
	const char *const *roles = shape_signature_roles(&nroles);
	const char *items[16];
	char *name;
	cJSON *o;

	if (nroles > (int)(sizeof items / sizeof items[0]))
		nroles = (int)(sizeof items / sizeof items[0]);
	for (k = 0; k < nroles; k++)
		items[k] = ui_field_vocab(roles[k]);
	k = ui_pick(UI_T("签名人身份", "Signer's role"), NULL, items, nroles, 0);
	if (k < 0)
		return -1;
	name = strcmp(roles[k], "officer") == 0
		       ? ui_sig_officer()
		       : ui_edit_run(UI_T("签名人姓名", "Signer's name"), "", 0, 0, NULL, NULL);
	if (!name || !*name) {
		free(name);
		return -1;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "role", roles[k]);
	cJSON_AddStringToObject(o, "name", name);
	free(name);
	if (ui_sig_status_ask(o) != 0) {
		cJSON_Delete(o);
		return -1;
	}
	cJSON_AddItemToArray(a, o);
	return 0;
}

int ui_field_signatures(ui_field_ctx *c)
{
	cJSON *a = cJSON_IsArray(c->value) ? cJSON_Duplicate(c->value, 1) : cJSON_CreateArray();
	ui_list l;
	int saved = 0;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_SUB;
	ui_list_set_heading(&l, UI_T("a 添加签名人 · Enter 改签名情况 · d 删除",
				     "a adds a signer · Enter changes how they signed · d deletes"));
	for (;;) {
		const cJSON *e;
		cJSON *next;
		int i = 0, changed = 0;
		ui_req r;

		ui_list_clear(&l);
		cJSON_ArrayForEach(e, a) {
			const char *why = ui_people_str(e, "reason");
			buf b = BUF_INIT;
			ui_text_pad(&b, ui_field_vocab(ui_people_str(e, "role")), 12);
			buf_printf(&b, " %s  %s%s%s", ui_people_str(e, "name"),
				   ui_field_vocab(ui_people_str(e, "status")), *why ? UI_T("：", ": ") : "", why);
			ui_list_add(&l, buf_str(&b), 0, 0, i++);
			buf_free(&b);
		}
		if (l.n == 0)
			ui_list_add(&l, UI_T("（还没有签名：按 a 添加）", "(none yet: press a)"), 0, 1, -1);
		r = ui_list_run(&l, form_text_get(&c->fd->label, ui_g.lang));
		if (r != UI_REQ_ADD && r != UI_REQ_DELETE && r != UI_REQ_TOGGLE && r != UI_REQ_OPEN)
			break;
		next = cJSON_Duplicate(a, 1);
		if (r == UI_REQ_ADD)
			changed = ui_sig_add(next) == 0;
		else if (r == UI_REQ_DELETE)
			cJSON_DeleteItemFromArray(next, (int)l.rows[l.cur].tag), changed = 1;
		else
			changed = ui_sig_status_ask(cJSON_GetArrayItem(next, (int)l.rows[l.cur].tag)) == 0;
		if (changed && ui_people_save(c, next) == 0) {
			cJSON_Delete(a);
			a = next;
			saved = 1;
		} else {
			cJSON_Delete(next);
		}
	}
	cJSON_Delete(a);
	ui_list_free(&l);
	return saved;
}

int ui_field_av(ui_field_ctx *c)
{
	static const char *const modes[] = {"video", "audio", "photos", "none"};
	const char *items[4];
	const char *cur = ui_people_str(c->value, "mode");
	int k, i, at = 0;
	cJSON *o;

	for (i = 0; i < 4; i++) {
		items[i] = ui_field_vocab(modes[i]);
		if (strcmp(cur, modes[i]) == 0)
			at = i;
	}
	k = ui_pick(form_text_get(&c->fd->label, ui_g.lang),
		    UI_T("同时录音录像；不适宜的，选“拍照”或“无”并写明原因",
			 "Record on audio and video; where unsuitable, choose photos or none and say why"),
		    items, 4, at);
	if (k < 0)
		return 0;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "mode", modes[k]);
	if (k >= 2) {
		char *why = ui_edit_run(UI_T("未全程录音录像的原因", "Why there is no full recording"),
					ui_people_str(c->value, "reason"), 0, 0, NULL, NULL);
		if (!why) {
			cJSON_Delete(o);
			return 0;
		}
		if (*why)
			cJSON_AddStringToObject(o, "reason", why);
		free(why);
	}
	return c->save(c->ctx, o) == 0;
}
