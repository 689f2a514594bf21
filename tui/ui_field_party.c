/* tui/ui_field_party.c — the party editor: name, id type, id number (its
 * check character judged as the officer types), address, representative,
 * phone. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "tui/ui.h"
#include "tui/ui_edit.h"
#include "tui/ui_field.h"
#include "tui/ui_list.h"
#include "tui/ui_text.h"

static const char *const ui_party_keys[] = {"name", "id_type", "id_number",
					    "address", "representative", "phone"};

static const char *ui_party_label(int i)
{
	static const char *const zh[] = {"名称/姓名", "证件类型", "证件号码", "地址", "法定代表人/负责人", "电话"};
	static const char *const en[] = {"Name", "ID type", "ID number", "Address", "Representative", "Phone"};
	return UI_T(zh[i], en[i]);
}

/* The hint under the id number: judged with core/ident.c on every key. */
static void ui_party_id_hint(void *ctx, const char *text, char *out, size_t outlen)
{
	const char *type = ctx;
	ident_result r;
	msglist l = MSGLIST_INIT;
	int resident = type && strcmp(type, "resident_id") == 0;

	if (!type || (!resident && strcmp(type, "uscc") != 0)) {
		snprintf(out, outlen, "%s", UI_T("（其他证件：不校验）", "(other ID: not checked)"));
		return;
	}
	if (!*text)
		return;
	if (resident)
		ident_resident_check(text, &r);
	else
		ident_uscc_check(text, &r);
	if (r.why == IDENT_OK) {
		snprintf(out, outlen, "%s", UI_T("✓ 校验位正确", "✓ check character right"));
		return;
	}
	ident_report(&l, NULL, NULL, &r, resident);
	if (l.n)
		snprintf(out, outlen, "✗ %s", UI_T(l.items[0].zh, l.items[0].en));
	msglist_free(&l);
}

static void ui_party_fill(ui_list *l, const cJSON *p)
{
	int i;

	ui_list_clear(l);
	for (i = 0; i < 6; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, ui_party_keys[i]);
		const char *s = cJSON_IsString(v) ? v->valuestring : "";
		char tag[8] = "";
		if (i == 1)
			s = *s ? ui_field_vocab(s) : "";
		if (i == 2 && *s) {
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "id_type");
			char hint[160] = "";
			ui_party_id_hint(cJSON_IsString(t) ? t->valuestring : NULL, s, hint, sizeof hint);
			snprintf(tag, sizeof tag, "%s", strncmp(hint, "✗", 3) == 0 ? " ✗" : "");
		}
		{
			buf b = BUF_INIT;
			ui_text_pad(&b, ui_party_label(i), 18);
			buf_printf(&b, " %s%s", s, tag);
			ui_list_add(l, buf_str(&b), 0, 0, i);
			buf_free(&b);
		}
	}
}

int ui_field_party(ui_field_ctx *c)
{
	cJSON *p = cJSON_IsObject(c->value) ? cJSON_Duplicate(c->value, 1) : cJSON_CreateObject();
	ui_list l;
	int saved = 0;

	memset(&l, 0, sizeof l);
	l.screen = UI_S_SUB;
	l.fixed = 1;
	ui_list_set_heading(&l, form_text_get(&c->fd->label, ui_g.lang));
	for (;;) {
		ui_req r;
		int i;
		cJSON *next;

		ui_party_fill(&l, p);
		r = ui_list_run(&l, form_text_get(&c->fd->label, ui_g.lang));
		if (r != UI_REQ_OPEN && r != UI_REQ_TOGGLE)
			break;
		i = (int)l.rows[l.cur].tag;
		next = cJSON_Duplicate(p, 1);
		if (i == 1) {
			const char *ids[] = {"uscc", "resident_id", "other"};
			const char *items[3];
			int k;
			for (k = 0; k < 3; k++)
				items[k] = ui_field_vocab(ids[k]);
			k = ui_pick(ui_party_label(1), NULL, items, 3, 0);
			if (k < 0) {
				cJSON_Delete(next);
				continue;
			}
			cJSON_DeleteItemFromObjectCaseSensitive(next, "id_type");
			cJSON_AddStringToObject(next, "id_type", ids[k]);
		} else {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, ui_party_keys[i]);
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "id_type");
			char *s = ui_edit_run(ui_party_label(i), cJSON_IsString(v) ? v->valuestring : "", 0, 0,
					      i == 2 ? ui_party_id_hint : NULL,
					      i == 2 && cJSON_IsString(t) ? t->valuestring : NULL);
			if (!s) {
				cJSON_Delete(next);
				break;
			}
			cJSON_DeleteItemFromObjectCaseSensitive(next, ui_party_keys[i]);
			if (*s)
				cJSON_AddStringToObject(next, ui_party_keys[i], s);
			free(s);
		}
		if (c->save(c->ctx, cJSON_GetArraySize(next) ? cJSON_Duplicate(next, 1) : cJSON_CreateNull()) ==
		    0) {
			cJSON_Delete(p);
			p = next;
			saved = 1;
		} else {
			cJSON_Delete(next); /* refused: what is stored stays shown */
		}
	}
	cJSON_Delete(p);
	ui_list_free(&l);
	return saved;
}
