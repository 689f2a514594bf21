/* core/kinds.c — kinds.json: what `jilu check` requires of each kind. */
#include "core/form_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/jsonx.h"

#define KINDS_FILE "kinds.json"
/* Parameters of an `if` expression: fields of the form it is evaluated on. */
static int kinds_param(const char *name, void *ctx)
{
	return form_field_find(ctx, name) != NULL;
}

/*
 * A form ID this item names was left out for problems in its own definition
 * (formset_left_out): said at the reader's path, but not held against
 * kinds.json — every other requirement still stands, and this one waits for
 * the definition to be fixed.
 */
static void kinds_unusable(form_reader *r, const char *id)
{
	buf where = BUF_INIT;

	buf_printf(&where, "%s: $%s", r->file, buf_str(&r->path));
	msglist_addf(r->problems, NULL, buf_str(&where),
		     "表单 %s 的定义有问题，不能使用（kinds.json 的其余要求照常适用）",
		     "form %s cannot be used: its definition has problems (the rest of "
		     "kinds.json still applies)", id);
	buf_free(&where);
}

/* Looks up form ID named at the reader's path. Returns it; NULL when it is
 * left out (reported as unusable, *UNUSABLE set) or unknown (returns NULL
 * with nothing reported: the caller says what was wrong). */
static const form *kinds_form(form_reader *r, const formset *fs, const char *id, int *unusable)
{
	const form *f = id ? formset_find(fs, id) : NULL;

	if (!f && id && formset_left_out(fs, id)) {
		kinds_unusable(r, id);
		*unusable = 1;
	}
	return f;
}

/* Checks one requirement item of kinds.json at AT. */
static void kinds_item(form_reader *r, const formset *fs, const cJSON *it, const char *at)
{
	static const char *const keys[] = {"req", "form", "any", "if", "serves", "before", NULL};
	const cJSON *v;
	const char *s;
	const form *target = NULL;
	int target_unusable = 0;

	if (!cJSON_IsObject(it)) {
		form_at(r, "%s", at);
		form_problem(r, "须为对象", "must be an object");
		return;
	}
	form_unknown_keys(r, it, keys, at);
	form_req_of(r, it, at);
	s = jsonx_str(it, "form");
	v = cJSON_GetObjectItemCaseSensitive(it, "any");
	if (!s == !v) {
		form_at(r, "%s", at);
		form_problem(r, "须有 form 或 any 之一", "needs exactly one of form and any");
	}
	if (s) {
		form_at(r, "%s.form", at);
		if (!(target = kinds_form(r, fs, s, &target_unusable)) && !target_unusable)
			form_problemf(r, "没有表单 %s", "no form %s", s);
	}
	if (v) {
		const cJSON *c;
		int k = 0;
		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1) {
			form_at(r, "%s.any", at);
			form_problem(r, "须为表单标识数组", "must be an array of form ids");
		}
		cJSON_ArrayForEach(c, v) {
			int unusable = 0;
			form_at(r, "%s.any[%d]", at, k);
			if (!cJSON_IsString(c) ||
			    (!kinds_form(r, fs, c->valuestring, &unusable) && !unusable))
				form_problem(r, "不是已知的表单", "not a known form");
			k++;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(it, "if");
	if (v) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(v, "expr");
		const form *f;
		int unusable = 0;
		buf err = BUF_INIT;
		static const char *const if_keys[] = {"form", "expr", "describe", NULL};
		char if_at[64];
		form_text words = {NULL, NULL};
		snprintf(if_at, sizeof if_at, "%s.if", at);
		form_unknown_keys(r, v, if_keys, if_at);
		/* The condition in words, required as a form's conditions are:
		 * `jilu check` says it with what is missing. */
		form_read_text(r, v, "describe", 1, &words, if_at);
		free(words.zh);
		free(words.en);
		form_at(r, "%s.if", at);
		f = kinds_form(r, fs, jsonx_str(v, "form"), &unusable);
		if (!f && !unusable)
			form_problem(r, "if.form 须为已知的表单", "if.form must be a known form");
		else if (!cJSON_IsString(e))
			form_problemf(r, "if.expr 无效：%s", "invalid if.expr: %s", "not a string");
		else if (f && cond_compile(formset_cond(fs), e->valuestring, kinds_param, (void *)f,
					   &err) != 0)
			form_problemf(r, "if.expr 无效：%s", "invalid if.expr: %s", buf_str(&err));
		buf_free(&err);
	}
	s = jsonx_str(it, "serves");
	if (cJSON_GetObjectItemCaseSensitive(it, "serves")) {
		int unusable = 0;
		form_at(r, "%s.serves", at);
		if (!kinds_form(r, fs, s, &unusable) && !unusable)
			form_problem(r, "须为已知的表单", "must be a known form");
	}
	v = cJSON_GetObjectItemCaseSensitive(it, "before");
	if (v) {
		const char *fld = jsonx_str(v, "field"), *other = jsonx_str(v, "other");
		const form *o;
		int unusable = 0;
		form_at(r, "%s.before", at);
		o = kinds_form(r, fs, jsonx_str(v, "form"), &unusable);
		unusable |= target_unusable;
		/* With a form left out its fields cannot be checked; the rest can. */
		if (!fld || !other || (!o && !unusable) || (!target && !target_unusable) ||
		    (target && !form_field_find(target, fld)) || (o && !form_field_find(o, other)))
			form_problem(r, "须为 {field, form, other}，字段须存在",
				     "must be {field, form, other} naming existing fields");
	}
}

cJSON *kinds_read(const char *dir, const formset *fs, msglist *problems)
{
	buf path = BUF_INIT;
	size_t len = 0;
	char *text;
	cJSON *root;
	int err = 0;

	buf_printf(&path, "%s/%s", dir, KINDS_FILE);
	text = form_slurp(buf_str(&path), &len, &err);
	if (!text) {
		file_msg(problems, buf_str(&path), "无法读取", "cannot read it", err);
		buf_free(&path);
		return NULL;
	}
	root = kinds_parse(buf_str(&path), text, len, fs, problems);
	free(text);
	buf_free(&path);
	return root;
}

cJSON *kinds_parse(const char *file, const char *text, size_t len, const formset *fs,
		   msglist *problems)
{
	form_reader r = {NULL, problems, 0, BUF_INIT, NULL, 0};
	cJSON *root, *items;
	int i, k;

	r.file = file;
	root = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsObject(root)) {
		msglist_add(problems, NULL, r.file, "须为 JSON 对象", "must be a JSON object");
		cJSON_Delete(root);
		return NULL;
	}
	for (i = 0; form_kinds[i]; i++) {
		form_at(&r, ".%s", form_kinds[i]);
		items = cJSON_GetObjectItemCaseSensitive(root, form_kinds[i]);
		if (!cJSON_IsArray(items)) {
			form_problem(&r, "须为要求列表", "must be a list of requirements");
			continue;
		}
		for (k = 0; k < cJSON_GetArraySize(items); k++) {
			char at[48];
			snprintf(at, sizeof at, ".%s[%d]", form_kinds[i], k);
			kinds_item(&r, fs, cJSON_GetArrayItem(items, k), at);
		}
	}
	for (items = root->child; items; items = items->next) {
		if (items->string[0] != '_' && !form_in(form_kinds, items->string)) {
			form_at(&r, ".%s", items->string);
			form_problem(&r, "未知的执法类别", "unknown kind of action");
		}
	}
	buf_free(&r.path);
	if (r.bad) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}
