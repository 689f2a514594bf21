/* core/form_read.c — reading and checking one form definition. */
#include "core/form_read.h"
#include "core/form_example.h"
#include "core/form_signers.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/jsonx.h"

const char *const form_kinds[] = {"licensing", "penalty", "compulsory",
					 "inspection", "fee", NULL};

static const char *const form_rules[] = {
	"reminder_served", "one_supplement_notice",
	"after_close", "review_in_time", "copy_confidential", NULL,
};

static const char *const form_field_keys[] = {
	"id", "type", "label", "help", "required", "when", "req", "choices", "min",
	"form", "multiline", "describe", "signers", "example", NULL,
};

static const char *const form_check_keys[] = {
	"id", "req", "field", "when", "expr", "message", "describe", NULL,
};

static const char *const form_top_keys[] = {
	"id", "version", "title", "kinds", "requirements", "fields", "checks",
	"findings", "rules", NULL,
};

int form_rule_known(const char *name)
{
	int i;

	for (i = 0; form_rules[i]; i++)
		if (strcmp(form_rules[i], name) == 0)
			return 1;
	return 0;
}

int form_in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}


void form_problem(form_reader *r, const char *zh, const char *en)
{
	buf where = BUF_INIT;

	buf_printf(&where, "%s: $%s", r->file, buf_str(&r->path));
	msglist_add(r->problems, NULL, buf_str(&where), zh, en);
	buf_free(&where);
	r->bad = 1;
}

void form_problemf(form_reader *r, const char *zh, const char *en, const char *arg)
{
	buf a = BUF_INIT, b = BUF_INIT;

	buf_printf(&a, zh, arg);
	buf_printf(&b, en, arg);
	form_problem(r, buf_str(&a), buf_str(&b));
	buf_free(&a);
	buf_free(&b);
}

/* Sets the reader's JSON path for the next problems. */
void form_at(form_reader *r, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&r->path);
	va_start(ap, fmt);
	buf_vprintf(&r->path, fmt, ap);
	va_end(ap);
}

static char *form_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int form_is_id(const char *s)
{
	if (!s || !islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

void form_unknown_keys(form_reader *r, const cJSON *obj, const char *const *keys,
			      const char *at)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, obj) {
		if (!form_in(keys, c->string)) {
			form_at(r, "%s.%s", at, c->string);
			form_problem(r, "未知的键", "unknown key");
		}
	}
}

/* Reads {"zh", "en"} at KEY of OBJ into T; MANDATORY: it must be there. */
void form_read_text(form_reader *r, const cJSON *obj, const char *key,
		    int mandatory, form_text *t, const char *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *zh = jsonx_str(v, "zh"), *en = jsonx_str(v, "en");

	if (!v) {
		if (mandatory) {
			form_at(r, "%s.%s", at, key);
			form_problem(r, "缺少（须为 {\"zh\", \"en\"}）",
				     "missing (must be {\"zh\", \"en\"})");
		}
		return;
	}
	if (!cJSON_IsObject(v) || !zh || !en || !*zh || !*en) {
		form_at(r, "%s.%s", at, key);
		form_problem(r, "须为含非空 zh 和 en 的对象",
			     "must be an object with non-empty zh and en");
		return;
	}
	t->zh = strdup(zh);
	t->en = strdup(en);
}

/* Reads an array of strings at KEY; each must satisfy OK (when given). */
static char **form_read_strings(form_reader *r, const cJSON *obj, const char *key,
				int *n, int (*ok)(const char *), const char *what_zh,
				const char *what_en)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *c;
	char **out;
	int i = 0;

	*n = 0;
	if (!v)
		return NULL;
	if (!cJSON_IsArray(v)) {
		form_at(r, ".%s", key);
		form_problem(r, "须为字符串数组", "must be an array of strings");
		return NULL;
	}
	out = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *out);
	if (!out)
		return NULL;
	cJSON_ArrayForEach(c, v) {
		if (!cJSON_IsString(c) || (ok && !ok(c->valuestring))) {
			form_at(r, ".%s[%d]", key, i);
			if (cJSON_IsString(c))
				form_problemf(r, what_zh, what_en, c->valuestring);
			else
				form_problem(r, "须为字符串", "must be a string");
		} else {
			out[(*n)++] = strdup(c->valuestring);
		}
		i++;
	}
	return out;
}

static int form_kind_ok(const char *s)
{
	return strcmp(s, "*") == 0 || form_in(form_kinds, s);
}

static int form_req_ok(const char *s)
{
	return msg_req_valid(s);
}

/* Parameter names an expression may use: the form's fields (and $_… in findings). */
static int form_param_known(const char *name, void *ctx)
{
	form_reader *r = ctx;
	static const char *const extra[] = {"_photo", "_audio", "_video", "_surveillance",
					    "_document", "_media", "_finalized_at", NULL};

	if (name[0] == '_')
		return r->finding && form_in(extra, name);
	return form_field_find(r->f, name) != NULL;
}

char *form_read_expr(form_reader *r, cond_env *cond, const cJSON *obj, const char *key,
			    int mandatory, const char *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char *expr;
	buf err = BUF_INIT;

	if (!v) {
		if (mandatory) {
			form_at(r, "%s.%s", at, key);
			form_problem(r, "缺少表达式", "missing expression");
		}
		return NULL;
	}
	form_at(r, "%s.%s", at, key);
	if (!cJSON_IsString(v) || !*v->valuestring) {
		form_problem(r, "须为 SQLite 表达式字符串", "must be a SQLite expression string");
		return NULL;
	}
	expr = strdup(v->valuestring);
	if (expr && cond_compile(cond, expr, form_param_known, r, &err) != 0) {
		form_problemf(r, "表达式无效：%s", "invalid expression: %s", buf_str(&err));
	}
	buf_free(&err);
	return expr;
}

const char *form_req_of(form_reader *r, const cJSON *obj, const char *at)
{
	const char *req = jsonx_str(obj, "req");

	if (!req || !msg_req_valid(req)) {
		form_at(r, "%s.req", at);
		form_problem(r, "须为需求编号（如 R18.1）", "must be a requirement id (like R18.1)");
		return NULL;
	}
	return req;
}

static void form_read_field(form_reader *r, const cJSON *v, int i, form_field *fd)
{
	char at[32];
	const char *s;
	const cJSON *c;
	int j;
	long long n;

	snprintf(at, sizeof at, ".fields[%d]", i);
	fd->min = -1;
	fd->type = SHAPE_INVALID;
	if (!cJSON_IsObject(v)) {
		form_at(r, "%s", at);
		form_problem(r, "须为对象", "must be an object");
		return;
	}
	form_unknown_keys(r, v, form_field_keys, at);
	s = jsonx_str(v, "id");
	if (!form_is_id(s)) {
		form_at(r, "%s.id", at);
		form_problem(r, "字段标识须为小写字母、数字和下划线，以字母开头",
			     "a field id is lower-case letters, digits and _, starting with a letter");
	} else {
		fd->id = strdup(s);
	}
	s = jsonx_str(v, "type");
	fd->type = s ? shape_from_name(s) : SHAPE_INVALID;
	if (fd->type == SHAPE_INVALID) {
		form_at(r, "%s.type", at);
		form_problem(r, "未知的值类型", "unknown value shape");
	}
	form_read_text(r, v, "label", 1, &fd->label, at);
	form_read_text(r, v, "help", 0, &fd->help, at);
	/* The condition in words, for `jilu forms show`: officers do not read
	 * expressions, so a field with a condition must have it. */
	if (cJSON_GetObjectItemCaseSensitive(v, "when") && !cJSON_GetObjectItemCaseSensitive(v, "describe")) {
		form_at(r, "%s.describe", at);
		form_problem(r, "有条件（when）的字段须有 describe：用中文和英文写明条件 {\"zh\", \"en\"}",
			     "a field with a condition (when) needs a describe: the condition in words, {\"zh\", \"en\"}");
	}
	form_read_text(r, v, "describe", 0, &fd->describe, at);
	c = cJSON_GetObjectItemCaseSensitive(v, "required");
	if (c && !cJSON_IsBool(c)) {
		form_at(r, "%s.required", at);
		form_problem(r, "须为 true 或 false", "must be true or false");
	}
	fd->required = cJSON_IsTrue(c);
	c = cJSON_GetObjectItemCaseSensitive(v, "multiline");
	fd->multiline = cJSON_IsTrue(c);
	fd->req = form_dup(form_req_of(r, v, at));
	c = cJSON_GetObjectItemCaseSensitive(v, "min");
	if (c) {
		if (!jsonx_int(c, 0, 1000, &n)) {
			form_at(r, "%s.min", at);
			form_problem(r, "须为非负整数", "must be a non-negative integer");
		} else if (fd->type != SHAPE_LIST && fd->type != SHAPE_CHOICES &&
			   fd->type != SHAPE_OFFICERS && fd->type != SHAPE_SIGNATURES) {
			form_at(r, "%s.min", at);
			form_problem(r, "只适用于 list、choices、officers、signatures",
				     "only for list, choices, officers, signatures");
		} else {
			fd->min = (int)n;
		}
	}
	form_signers_read(r, v, fd, at);
	form_example_read(r, v, fd, at);
	c = cJSON_GetObjectItemCaseSensitive(v, "form");
	if (c) {
		if (fd->type != SHAPE_RECORD || !cJSON_IsString(c)) {
			form_at(r, "%s.form", at);
			form_problem(r, "只适用于 record 类型，且须为表单标识",
				     "only for the record shape, and must be a form id");
		} else {
			fd->form = strdup(c->valuestring);
		}
	}
	c = cJSON_GetObjectItemCaseSensitive(v, "choices");
	if (fd->type == SHAPE_CHOICE || fd->type == SHAPE_CHOICES) {
		const cJSON *ch;
		if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) == 0) {
			form_at(r, "%s.choices", at);
			form_problem(r, "须为非空数组", "must be a non-empty array");
			return;
		}
		fd->choices = calloc((size_t)cJSON_GetArraySize(c), sizeof *fd->choices);
		fd->choice_ids = calloc((size_t)cJSON_GetArraySize(c), sizeof *fd->choice_ids);
		if (!fd->choices || !fd->choice_ids)
			return;
		j = 0;
		cJSON_ArrayForEach(ch, c) {
			char cat[64];
			const char *cid = jsonx_str(ch, "id");
			snprintf(cat, sizeof cat, "%s.choices[%d]", at, j++);
			if (!form_is_id(cid)) {
				form_at(r, "%s.id", cat);
				form_problem(r, "选项标识须为小写字母、数字和下划线",
					     "a choice id is lower-case letters, digits and _");
				continue;
			}
			for (int k = 0; k < fd->nchoices; k++) {
				if (strcmp(fd->choices[k].id, cid) == 0) {
					form_at(r, "%s.id", cat);
					form_problem(r, "选项重复", "choice given twice");
				}
			}
			fd->choices[fd->nchoices].id = strdup(cid);
			form_read_text(r, ch, "label", 1, &fd->choices[fd->nchoices].label, cat);
			fd->choice_ids[fd->nchoices] = fd->choices[fd->nchoices].id;
			fd->nchoices++;
		}
	} else if (c) {
		form_at(r, "%s.choices", at);
		form_problem(r, "只适用于 choice、choices", "only for choice and choices");
	}
}

static void form_read_check(form_reader *r, cond_env *cond, const cJSON *v, const char *at,
			    form_check *ck)
{
	const char *s;

	if (!cJSON_IsObject(v)) {
		form_at(r, "%s", at);
		form_problem(r, "须为对象", "must be an object");
		return;
	}
	form_unknown_keys(r, v, form_check_keys, at);
	s = jsonx_str(v, "id");
	if (!form_is_id(s)) {
		form_at(r, "%s.id", at);
		form_problem(r, "须为标识（小写字母、数字、下划线）",
			     "must be an id (lower-case letters, digits, _)");
	}
	ck->id = form_dup(s);
	ck->req = form_dup(form_req_of(r, v, at));
	s = jsonx_str(v, "field");
	if (cJSON_GetObjectItemCaseSensitive(v, "field")) {
		if (!s || !form_field_find(r->f, s)) {
			form_at(r, "%s.field", at);
			form_problem(r, "不是本表单的字段", "names no field of this form");
		} else {
			ck->field = strdup(s);
		}
	}
	ck->when = form_read_expr(r, cond, v, "when", 0, at);
	ck->expr = form_read_expr(r, cond, v, "expr", 1, at);
	form_read_text(r, v, "message", 1, &ck->message, at);
	/* The rule in words — when it applies and what it demands — for
	 * `jilu forms show`: every check and finding has one. */
	if (!cJSON_GetObjectItemCaseSensitive(v, "describe")) {
		form_at(r, "%s.describe", at);
		form_problem(r, "每条检查和发现项须有 describe：用中文和英文写明规则（何时适用、要求什么）{\"zh\", \"en\"}",
			     "every check and finding needs a describe: the rule in words (when it applies, what it demands), {\"zh\", \"en\"}");
	}
	form_read_text(r, v, "describe", 0, &ck->describe, at);
}

static form_check *form_read_checks(form_reader *r, cond_env *cond, const cJSON *obj,
				    const char *key, int *n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *c;
	form_check *out;
	char at[48];

	*n = 0;
	if (!v)
		return NULL;
	if (!cJSON_IsArray(v)) {
		form_at(r, ".%s", key);
		form_problem(r, "须为数组", "must be an array");
		return NULL;
	}
	out = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *out);
	if (!out)
		return NULL;
	cJSON_ArrayForEach(c, v) {
		snprintf(at, sizeof at, ".%s[%d]", key, *n);
		form_read_check(r, cond, c, at, &out[*n]);
		(*n)++;
	}
	return out;
}

static void form_free_text(form_text *t)
{
	free(t->zh);
	free(t->en);
}

static void form_free_checks(form_check *c, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].req);
		free(c[i].field);
		free(c[i].when);
		free(c[i].expr);
		form_free_text(&c[i].message);
		form_free_text(&c[i].describe);
	}
	free(c);
}

static void form_free_strings(char **s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

void form_free(form *f)
{
	int i, j;

	if (!f)
		return;
	free(f->id);
	free(f->file);
	form_free_text(&f->title);
	form_free_strings(f->kinds, f->nkinds);
	form_free_strings(f->reqs, f->nreqs);
	form_free_strings(f->rules, f->nrules);
	for (i = 0; i < f->nfields; i++) {
		form_field *fd = &f->fields[i];
		free(fd->id);
		form_free_text(&fd->label);
		form_free_text(&fd->help);
		form_free_text(&fd->describe);
		form_signers_free(fd->signers, fd->nsigners);
		free(fd->example);
		free(fd->when);
		free(fd->req);
		free(fd->form);
		for (j = 0; j < fd->nchoices; j++) {
			free(fd->choices[j].id);
			form_free_text(&fd->choices[j].label);
		}
		free(fd->choices);
		free(fd->choice_ids);
	}
	free(f->fields);
	form_free_checks(f->checks, f->nchecks);
	form_free_checks(f->findings, f->nfindings);
	free(f);
}

/* Reads and checks one definition. Returns it, or NULL when it has problems. */
form *form_read(const char *file, const char *text, size_t len, cond_env *cond,
		       msglist *problems)
{
	form_reader r = {file, problems, 0, BUF_INIT, NULL, 0};
	cJSON *root = cJSON_ParseWithLength(text, len), *v, *c;
	const char *base = strrchr(file, '/'), *s;
	form *f = NULL;
	int i;
	long long version;

	base = base ? base + 1 : file;
	if (!root) {
		const char *at = cJSON_GetErrorPtr(), *p;
		int line = 1;
		for (p = text; at && p < at && p < text + len; p++)
			line += *p == '\n';
		msglist_addf(problems, NULL, file, "第 %d 行：JSON 语法错误",
			     "line %d: JSON syntax error", line);
		return NULL;
	}
	f = calloc(1, sizeof *f);
	if (!f)
		goto done;
	r.f = f;
	f->file = strdup(file);
	if (!cJSON_IsObject(root)) {
		form_at(&r, "%s", "");
		form_problem(&r, "定义须为 JSON 对象", "a definition must be a JSON object");
		goto done;
	}
	form_unknown_keys(&r, root, form_top_keys, "");
	s = jsonx_str(root, "id");
	form_at(&r, ".id");
	if (!s) {
		form_problem(&r, "缺少表单标识", "missing form id");
	} else {
		size_t n = strlen(s);
		f->id = strdup(s);
		if (strncmp(base, s, n) != 0 || strcmp(base + n, ".json") != 0)
			form_problemf(&r, "须与文件名一致（%s.json）", "must match the file name (%s.json)", s);
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	/* Range-checked before any cast: 2222222222 cast to int is undefined. */
	if (!jsonx_int(v, 1, INT_MAX, &version)) {
		form_at(&r, ".version");
		form_problem(&r, "须为不小于 1 的整数", "must be an integer ≥ 1");
	} else {
		f->version = (int)version;
	}
	form_read_text(&r, root, "title", 1, &f->title, "");
	f->kinds = form_read_strings(&r, root, "kinds", &f->nkinds, form_kind_ok,
				     "未知的执法类别：%s", "unknown kind of action: %s");
	if (!f->nkinds) {
		form_at(&r, ".kinds");
		form_problem(&r, "须列出可使用本表单的执法类别", "must list the kinds of action it serves");
	}
	f->reqs = form_read_strings(&r, root, "requirements", &f->nreqs, form_req_ok,
				    "不是需求编号：%s", "not a requirement id: %s");
	f->rules = form_read_strings(&r, root, "rules", &f->nrules, form_rule_known,
				     "未知的规则：%s", "unknown rule: %s");
	v = cJSON_GetObjectItemCaseSensitive(root, "fields");
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
		form_at(&r, ".fields");
		form_problem(&r, "须为非空数组", "must be a non-empty array");
		goto done;
	}
	f->fields = calloc((size_t)cJSON_GetArraySize(v), sizeof *f->fields);
	if (!f->fields)
		goto done;
	i = 0;
	cJSON_ArrayForEach(c, v) {
		form_field *fd = &f->fields[f->nfields];
		form_read_field(&r, c, i, fd);
		if (fd->id && form_field_find(f, fd->id)) {
			form_at(&r, ".fields[%d].id", i);
			form_problemf(&r, "字段 %s 重复", "field %s given twice", fd->id);
		}
		f->nfields++;
		i++;
	}
	/* Conditions may name any field, so they are compiled once all are known. */
	i = 0;
	cJSON_ArrayForEach(c, v) {
		char at[32];
		snprintf(at, sizeof at, ".fields[%d]", i);
		f->fields[i].when = form_read_expr(&r, cond, c, "when", 0, at);
		form_signers_compile(&r, cond, c, &f->fields[i], at);
		i++;
	}
	f->checks = form_read_checks(&r, cond, root, "checks", &f->nchecks);
	r.finding = 1;
	f->findings = form_read_checks(&r, cond, root, "findings", &f->nfindings);
done:
	cJSON_Delete(root);
	buf_free(&r.path);
	if (r.bad || !f || problems->oom) {
		form_free(f);
		return NULL;
	}
	return f;
}

char *form_slurp(const char *path, size_t *len, int *err)
{
	return file_slurp(path, FORM_MAX_SIZE, len, err);
}
