/*
 * core/shape.c — the value shapes of spec/forms.md: their names, the date
 * and datetime forms, the simple shapes, and shape_check, which hands the
 * shapes made of named members to shape_object.c.
 */
#include "core/shape.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/shape_ctx.h"
#include "core/shape_object.h"

static const char *const shape_names[] = {
	[SHAPE_TEXT] = "text",
	[SHAPE_DATE] = "date",
	[SHAPE_DATETIME] = "datetime",
	[SHAPE_BOOL] = "bool",
	[SHAPE_CHOICE] = "choice",
	[SHAPE_CHOICES] = "choices",
	[SHAPE_MONEY] = "money",
	[SHAPE_LIST] = "list",
	[SHAPE_RECORD] = "record",
	[SHAPE_PARTY] = "party",
	[SHAPE_OFFICERS] = "officers",
	[SHAPE_SIGNATURES] = "signatures",
	[SHAPE_AV] = "av",
};

shape_type shape_from_name(const char *name)
{
	int i;

	if (!name)
		return SHAPE_INVALID;
	for (i = 0; i < SHAPE_INVALID; i++)
		if (strcmp(shape_names[i], name) == 0)
			return (shape_type)i;
	return SHAPE_INVALID;
}

const char *shape_name(shape_type t)
{
	if ((int)t < 0 || t >= SHAPE_INVALID)
		return "invalid";
	return shape_names[t];
}

/* ---- dates ------------------------------------------------------------ */

/* Dates and datetimes are read by clock_split, the one reader: a date is
 * "YYYY-MM-DD" and nothing more; a datetime has its time of day. Each returns
 * 0, -1 (the form is wrong) or -2 (no such date or time) — the officer is
 * told which of the two it was. */
static int date_full(const char *s, int *y, int *m, int *d)
{
	clock_fields t;
	int r = clock_split(s, &t);

	if (r == -1 || t.timed)
		return -1;
	*y = t.y;
	*m = t.mo;
	*d = t.d;
	return r;
}

int shape_parse_date(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || date_full(s, &yy, &mm, &dd) != 0)
		return -1;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 0;
}

static int datetime_full(const char *s)
{
	clock_fields t;
	int r = clock_split(s, &t);

	return r == -1 || !t.timed ? -1 : r;
}

int shape_parse_datetime(const char *s)
{
	return s && datetime_full(s) == 0 ? 0 : -1;
}

/* ---- the simple shapes ------------------------------------------------ */

static void check_date(shape_ctx *c, const cJSON *v, const char *where)
{
	int y, m, d, r;

	r = cJSON_IsString(v) ? date_full(v->valuestring, &y, &m, &d) : -1;
	if (r == -1)
		msglist_add(c->out, c->req, where, "应为日期（YYYY-MM-DD）",
			    "expected a date (YYYY-MM-DD)");
	else if (r == -2)
		msglist_addf(c->out, c->req, where, "日期不存在：%s",
			     "no such date: %s", v->valuestring);
}

static void check_datetime(shape_ctx *c, const cJSON *v, const char *where)
{
	int r = cJSON_IsString(v) ? datetime_full(v->valuestring) : -1;

	if (r == -1)
		msglist_add(c->out, c->req, where,
			    "应为日期时间（YYYY-MM-DDTHH:MM）",
			    "expected a date and time (YYYY-MM-DDTHH:MM)");
	else if (r == -2)
		msglist_addf(c->out, c->req, where, "日期或时间不存在：%s",
			     "no such date or time: %s", v->valuestring);
}

static void check_choice(shape_ctx *c, const cJSON *v, const shape_opts *o,
			 const char *where)
{
	if (cJSON_IsString(v) &&
	    shape_ctx_id_in(v->valuestring, o->choices, o->nchoices))
		return;
	shape_ctx_not_among(c, where, "应为以下之一", "expected one of",
			    o->choices, o->nchoices);
}

static void check_choices(shape_ctx *c, const cJSON *v, const shape_opts *o,
			  const char *path, int final)
{
	const cJSON *e, *f;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		shape_ctx_not_among(c, path, "应为选项数组，选项为",
				    "expected an array of choices among",
				    o->choices, o->nchoices);
		return;
	}
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) ||
		    !shape_ctx_id_in(e->valuestring, o->choices, o->nchoices)) {
			shape_ctx_not_among(c, shape_ctx_where(c, path, i, NULL),
					    "应为以下之一",
					    "expected one of", o->choices,
					    o->nchoices);
		} else {
			for (f = v->child; f != e; f = f->next)
				if (cJSON_IsString(f) &&
				    strcmp(f->valuestring, e->valuestring) == 0)
					break;
			if (f != e)
				msglist_addf(c->out, c->req,
					     shape_ctx_where(c, path, i, NULL),
					     "重复的选项：%s",
					     "choice given twice: %s",
					     e->valuestring);
		}
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		shape_ctx_min(c, path, o->min, i, "至少选择%d项（现有 %d 项）",
			      "choose at least %d (%d given)");
}

/* The largest amount, in yuan. 1e14 cents is far below 2^53: every whole
 * number of cents up to it is exact in a double, and two amounts that differ
 * in the third decimal never share a double. */
#define MONEY_MAX 1e12

static void check_money(shape_ctx *c, const cJSON *v, const char *where)
{
	double x, cents;

	if (!cJSON_IsNumber(v)) {
		msglist_add(c->out, c->req, where, "应为金额（数字，单位元）",
			    "expected an amount in yuan (a number)");
		return;
	}
	x = v->valuedouble;
	if (!isfinite(x)) {
		msglist_add(c->out, c->req, where, "金额无效",
			    "not a valid amount");
		return;
	}
	/* signbit: -0 is refused as well (a minus sign on zero). */
	if (signbit(x)) {
		msglist_add(c->out, c->req, where, "金额不能为负",
			    "the amount must not be negative");
		return;
	}
	if (x > MONEY_MAX) {
		msglist_add(c->out, c->req, where,
			    "金额不能超过 1000000000000 元",
			    "the amount must not exceed 1000000000000 yuan");
		return;
	}
	/*
	 * Only the double is left of the decimal text: accept it when it is the
	 * double nearest some whole number of cents, k / 100. Below MONEY_MAX
	 * round() finds k, and k / 100.0 (k exact, the division correctly
	 * rounded) is that nearest double — so 12.345 and 0.1 + 0.2
	 * (0.30000000000000004) are refused while 12.34 and 0.3 are not.
	 */
	cents = round(x * 100.0);
	if (cents / 100.0 != x)
		msglist_add(c->out, c->req, where, "金额最多两位小数",
			    "at most 2 decimal places");
}

static void check_list(shape_ctx *c, cJSON *v, const shape_opts *o,
		       const char *path, int final)
{
	cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		msglist_add(c->out, c->req, path, "应为文字数组",
			    "expected an array of texts");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		/* One line each: an entry that broke the line would read as two. */
		if (shape_ctx_text_at(c, e, path, i, NULL, TEXT_LINE) && shape_ctx_blank(e))
			msglist_add(c->out, c->req, shape_ctx_where(c, path, i, NULL),
				    "不能为空", "must not be empty");
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		shape_ctx_min(c, path, o->min, i, "至少%d项（现有 %d 项）",
			      "at least %d entries (%d given)");
}

static void check_record(shape_ctx *c, const cJSON *v, const char *where)
{
	double x = cJSON_IsNumber(v) ? v->valuedouble : 0;

	/* Capped at INT_MAX so that readers may use valueint without loss. */
	if (!cJSON_IsNumber(v) || !isfinite(x) || x < 1 || x > INT_MAX ||
	    x != floor(x))
		msglist_add(c->out, c->req, where, "应为记录编号（正整数）",
			    "expected a record id (a positive integer)");
}

int shape_check(shape_type t, cJSON *value, const shape_opts *opts,
		const char *req, const char *path, int final, msglist *out)
{
	return shape_check_noting(t, value, opts, req, path, final, out, NULL);
}

int shape_check_noting(shape_type t, cJSON *value, const shape_opts *opts,
		       const char *req, const char *path, int final, msglist *out,
		       int *changed)
{
	static const shape_opts none = {NULL, 0, -1, 0};
	shape_ctx c = {out, req, BUF_INIT, 0};
	size_t before = out->n;

	if (!opts)
		opts = &none;
	if (!value)
		return 0;
	switch (t) {
	case SHAPE_TEXT:
		shape_ctx_text(&c, value, path, opts->multiline ? TEXT_LINES : TEXT_LINE);
		break;
	case SHAPE_DATE:
		check_date(&c, value, path);
		break;
	case SHAPE_DATETIME:
		check_datetime(&c, value, path);
		break;
	case SHAPE_BOOL:
		shape_ctx_bool(&c, value, path);
		break;
	case SHAPE_CHOICE:
		check_choice(&c, value, opts, path);
		break;
	case SHAPE_CHOICES:
		check_choices(&c, value, opts, path, final);
		break;
	case SHAPE_MONEY:
		check_money(&c, value, path);
		break;
	case SHAPE_LIST:
		check_list(&c, value, opts, path, final);
		break;
	case SHAPE_RECORD:
		check_record(&c, value, path);
		break;
	case SHAPE_PARTY:
		shape_object_party(&c, value, path, final);
		break;
	case SHAPE_OFFICERS:
		shape_object_officers(&c, value, opts, path, final);
		break;
	case SHAPE_SIGNATURES:
		shape_object_signatures(&c, value, opts, path, final);
		break;
	case SHAPE_AV:
		shape_object_av(&c, value, path, final);
		break;
	case SHAPE_INVALID:
	default:
		msglist_add(out, req, path, "字段形态未定义",
			    "the field has no valid shape");
		break;
	}
	buf_free(&c.where);
	if (changed && c.changed)
		*changed = 1;
	return (int)(out->n - before);
}

int shape_is_empty(shape_type t, const cJSON *value)
{
	if (shape_ctx_absent(value))
		return 1;
	switch (t) {
	case SHAPE_TEXT:
		return cJSON_IsString(value) && shape_ctx_blank(value);
	case SHAPE_CHOICES:
	case SHAPE_LIST:
	case SHAPE_OFFICERS:
	case SHAPE_SIGNATURES:
		return cJSON_IsArray(value) && cJSON_GetArraySize(value) == 0;
	case SHAPE_PARTY:
		return cJSON_IsObject(value) &&
		       shape_ctx_blank(cJSON_GetObjectItemCaseSensitive(value, "name"));
	case SHAPE_AV:
		return cJSON_IsObject(value) &&
		       shape_ctx_blank(cJSON_GetObjectItemCaseSensitive(value, "mode"));
	default:
		return 0;
	}
}
