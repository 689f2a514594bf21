/* core/eval.c — a form's conditions and checks over one record's data. */
#include "core/eval.h"

#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/jsonx.h"

/* Returns S, a value of field type T, when it is a datetime with a zone (as
 * the one reader, clock_split, reads it); else NULL. */
static const char *eval_zoned(shape_type t, const char *s)
{
	clock_fields parts;

	if (t != SHAPE_DATETIME || clock_split(s, &parts) != 0)
		return NULL;
	return parts.sign ? s : NULL;
}

cJSON *eval_data(const form *f, const cJSON *data)
{
	cJSON *copy, *c;
	int i, zoned = 0;

	for (i = 0; f && i < f->nfields && !zoned; i++)
		zoned = eval_zoned(f->fields[i].type, jsonx_str(data, f->fields[i].id)) != NULL;
	/* Most records hold only local times: then the data itself will do. */
	if (!zoned)
		return (cJSON *)data;
	/* Expressions read the top-level values only, and never change them:
	 * the copy refers to DATA's values, and only a time that is converted
	 * gets a value of its own (deleting the copy leaves DATA whole). */
	copy = cJSON_IsObject(data) ? cJSON_CreateObject() : NULL;
	for (c = data->child; copy && c; c = c->next)
		if (!c->string || !cJSON_AddItemReferenceToObject(copy, c->string, c)) {
			cJSON_Delete(copy);
			copy = NULL;
		}
	for (i = 0; copy && i < f->nfields; i++) {
		const char *s = eval_zoned(f->fields[i].type, jsonx_str(copy, f->fields[i].id));
		time_t t;
		struct tm tm;
		char local[32];

		/* Only values that carry a zone need it: SQLite would read them as UTC. */
		if (!s || clock_parse(s, &t) != 0)
			continue;
		localtime_r(&t, &tm);
		strftime(local, sizeof local, "%Y-%m-%dT%H:%M:%S", &tm);
		cJSON_ReplaceItemInObjectCaseSensitive(copy, f->fields[i].id, cJSON_CreateString(local));
	}
	return copy;
}

/* Appends why an expression of F (KIND_ZH/KIND_EN of ITEM, at WHERE) could
 * not be evaluated: the limit it hit, or ERR. */
static void eval_fail(cond_env *ce, const form *f, const char *where, const char *kind_zh,
		      const char *kind_en, const char *item, const char *err, msglist *out)
{
	buf zh = BUF_INIT, en = BUF_INIT;
	long long steps, millis;

	cond_get_budget(ce, &steps, &millis);
	if (f) {
		buf_printf(&zh, "表单 %s 的%s %s 无法判断：", f->id, kind_zh, item);
		buf_printf(&en, "form %s: the %s %s could not be evaluated: ", f->id, kind_en, item);
	} else {
		buf_printf(&zh, "%s %s 无法判断：", kind_zh, item);
		buf_printf(&en, "the %s %s could not be evaluated: ", kind_en, item);
	}
	switch (cond_last_limit(ce)) {
	case COND_LIMIT_STEPS:
		buf_printf(&zh, "超出运算步数限制（%lld 步）", steps);
		buf_printf(&en, "it exceeded the limit of %lld steps", steps);
		break;
	case COND_LIMIT_TIME:
		buf_printf(&zh, "超出时间限制（%lld 毫秒）", millis);
		buf_printf(&en, "it exceeded the time limit of %lld ms", millis);
		break;
	case COND_LIMIT_LENGTH:
		buf_printf(&zh, "字符串或数据超出长度限制（%d 字节）", COND_LENGTH);
		buf_printf(&en, "a string or blob exceeded the length limit of %d bytes", COND_LENGTH);
		break;
	case COND_LIMIT_MEMORY:
		buf_printf(&zh, "超出内存限制（%lld MB）", COND_HEAP >> 20);
		buf_printf(&en, "it exceeded the memory limit of %lld MB", COND_HEAP >> 20);
		break;
	default:
		buf_printf(&zh, "%s", err);
		buf_printf(&en, "%s", err);
		break;
	}
	buf_puts(&zh, "（表单定义有问题：jilu forms check）");
	buf_puts(&en, " (the form definition is at fault: jilu forms check)");
	msglist_add(out, NULL, where, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
}

int eval_relevant(cond_env *ce, const form *f, const cJSON *data, int *relevant, msglist *out)
{
	cJSON *eval = eval_data(f, data);
	buf err = BUF_INIT;
	int i, r = 0;

	for (i = 0; i < f->nfields; i++)
		relevant[i] = 1;
	if (!eval) {
		out->oom = 1;
		return -2;
	}
	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		int v;

		if (!fd->when)
			continue;
		buf_reset(&err);
		v = cond_eval(ce, fd->when, eval, NULL, &err);
		if (v == -2) {
			eval_fail(ce, f, fd->id, "字段条件（when）", "condition (when) of field", fd->id,
				  buf_str(&err), out);
			r = -1;
			break;
		}
		relevant[i] = v == 1;
	}
	buf_free(&err);
	if (eval != data)
		cJSON_Delete(eval);
	return r;
}

int eval_checks(cond_env *ce, const form *f, const form_check *ck, int n, const cJSON *data,
		const cond_extra *extra, int *holds, msglist *out)
{
	cJSON *eval = eval_data(f, data);
	buf err = BUF_INIT;
	int k, r = 0;

	for (k = 0; k < n; k++)
		holds[k] = 1;
	if (!eval) {
		out->oom = 1;
		return -2;
	}
	for (k = 0; k < n; k++) {
		int v = 1;

		buf_reset(&err);
		if (ck[k].when)
			v = cond_eval(ce, ck[k].when, eval, extra, &err);
		if (v == 1)
			v = cond_eval(ce, ck[k].expr, eval, extra, &err);
		else if (v != -2)
			continue; /* does not apply */
		if (v == -2) {
			eval_fail(ce, f, ck[k].field, "检查", "check", ck[k].id, buf_str(&err), out);
			r = -1;
			break;
		}
		holds[k] = v != 0;
	}
	buf_free(&err);
	if (eval != data)
		cJSON_Delete(eval);
	return r;
}

int eval_expr(cond_env *ce, const form *f, const char *what, const char *expr,
	      const cJSON *data, const cond_extra *extra, msglist *out)
{
	cJSON *eval = eval_data(f, data);
	buf err = BUF_INIT;
	int v;

	if (!eval) {
		out->oom = 1;
		return -2;
	}
	v = cond_eval(ce, expr, eval, extra, &err);
	if (v == -2)
		eval_fail(ce, f, NULL, "表达式", "expression", what, buf_str(&err), out);
	buf_free(&err);
	if (eval != data)
		cJSON_Delete(eval);
	return v;
}
