/* core/typed.c — reading `FIELD=TEXT` by the field's shape. */
#include "core/typed.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/officer.h"

/* A party any form takes: its check digit holds (shape_object.c). */
#define TYPED_PARTY_EXAMPLE \
	"{\"name\":\"昌黎县某超市有限公司\",\"id_type\":\"uscc\",\"id_number\":\"91350100M000100Y43\"}"

const char *typed_example(const form_field *fd)
{
	if (fd->example && fd->type != SHAPE_PARTY)
		return fd->example; /* the definition's own: a value this field takes */
	switch (fd->type) {
	case SHAPE_MONEY: return "5000";
	case SHAPE_BOOL: return "是";
	case SHAPE_RECORD: return "7";
	case SHAPE_CHOICE: return fd->nchoices ? fd->choice_ids[0] : "";
	case SHAPE_CHOICES: return fd->nchoices ? fd->choice_ids[0] : "";
	case SHAPE_LIST: return "营业执照复印件,平面布局图";
	case SHAPE_DATE: return "2026-11-27";
	case SHAPE_DATETIME: return "2026-11-27 15:00";
	case SHAPE_OFFICERS: return "zhang+,li+";
	case SHAPE_SIGNATURES: return "party:赵丽,officer:zhang,officer:li";
	case SHAPE_AV: return "video";
	default: return "";
	}
}

const char *typed_json_example(const form_field *fd)
{
	switch (fd->type) {
	case SHAPE_MONEY: return "5000";
	case SHAPE_BOOL: return "true";
	case SHAPE_RECORD: return "7";
	case SHAPE_CHOICES: return "[\"statement\",\"defence\"]";
	case SHAPE_LIST: return "[\"营业执照复印件\",\"平面布局图\"]";
	case SHAPE_OFFICERS:
		return "[{\"id\":\"zhang\",\"shown\":true}]";
	case SHAPE_SIGNATURES: return "[{\"role\":\"party\",\"name\":\"赵丽\",\"status\":\"signed\"}]";
	case SHAPE_AV: return "{\"mode\":\"video\"}";
	case SHAPE_PARTY:
		return fd->example ? fd->example : TYPED_PARTY_EXAMPLE;
	default: return "\"…\"";
	}
}

/* Appends the message "WHAT; e.g. FIELD=EXAMPLE or FIELD:=JSON" at FD. */
static cJSON *typed_fail(const form_field *fd, const char *zh, const char *en, msglist *out)
{
	const char *ex = typed_example(fd), *js = typed_json_example(fd);
	buf z = BUF_INIT, e = BUF_INIT;

	buf_puts(&z, zh);
	buf_puts(&e, en);
	if (*ex) {
		buf_printf(&z, "，例如 %s=%s，或 %s:=%s", fd->id, ex, fd->id, js);
		buf_printf(&e, "; e.g. %s=%s, or %s:=%s", fd->id, ex, fd->id, js);
	} else {
		buf_printf(&z, "，例如 %s:=%s", fd->id, js);
		buf_printf(&e, "; e.g. %s:=%s", fd->id, js);
	}
	msglist_add(out, fd->req, fd->id, buf_str(&z), buf_str(&e));
	buf_free(&z);
	buf_free(&e);
	return NULL;
}

/* Splits TEXT at , ， and 、 into trimmed entries: a new array of strings,
 * empty entries dropped. NULL when memory ran out. */
static cJSON *typed_split(const char *text)
{
	cJSON *a = cJSON_CreateArray();
	const char *p = text;

	while (a && *p) {
		const char *e = p, *next;
		size_t sep = 0;
		while (*e) {
			if (*e == ',') { sep = 1; break; }
			if (strncmp(e, "，", 3) == 0 || strncmp(e, "、", 3) == 0) { sep = 3; break; }
			e++;
		}
		next = *e ? e + sep : e;
		while (p < e && isspace((unsigned char)*p))
			p++;
		while (e > p && isspace((unsigned char)e[-1]))
			e--;
		if (e > p) {
			char *s = strndup(p, (size_t)(e - p));
			cJSON *v = s ? cJSON_CreateString(s) : NULL;
			free(s);
			if (!v) {
				cJSON_Delete(a);
				return NULL;
			}
			cJSON_AddItemToArray(a, v);
		}
		p = next;
	}
	return a;
}

/* The id of FD's choice S (its id, or its label in either language), or NULL. */
static const char *typed_choice(const form_field *fd, const char *s)
{
	for (int i = 0; i < fd->nchoices; i++) {
		const form_choice *c = &fd->choices[i];
		if (strcmp(c->id, s) == 0 || (c->label.zh && strcmp(c->label.zh, s) == 0) ||
		    (c->label.en && strcmp(c->label.en, s) == 0))
			return c->id;
	}
	return NULL;
}

/* Spells a date or datetime canonically: "/" as "-", "today" as the date,
 * "now" as the time to the second, a space before the time as "T". */
static cJSON *typed_time(const form_field *fd, const char *text, msglist *out)
{
	time_t now = clock_now_epoch();
	struct tm tm;
	char day[16];
	buf b = BUF_INIT;
	cJSON *v;

	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (strcmp(text, "now") == 0 || strcmp(text, "现在") == 0) {
		char s[32];
		strftime(s, sizeof s, fd->type == SHAPE_DATE ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%S", &tm);
		return cJSON_CreateString(s);
	}
	if (strncmp(text, "today", 5) == 0 && (!text[5] || text[5] == ' ')) {
		buf_puts(&b, day);
		text += 5;
	} else if (strncmp(text, "今天", 6) == 0) {
		buf_puts(&b, day);
		text += 6;
	}
	while (b.len && *text == ' ')
		text++;
	if (b.len && fd->type == SHAPE_DATETIME && !*text) {
		buf_free(&b);
		return typed_fail(fd, "须给出时刻，如 today 15:00", "give the time, as in today 15:00",
				  out);
	}
	if (b.len && *text)
		buf_append(&b, "T", 1);
	for (const char *p = text; *p; p++) {
		/* 2026/11/27 → 2026-11-27; "2026-11-27 15:00" → "…T15:00". */
		if (*p == '/' && b.len < 10)
			buf_append(&b, "-", 1);
		else if (*p == ' ' && b.len == 10 && p[1])
			buf_append(&b, "T", 1);
		else
			buf_append(&b, p, 1);
	}
	v = b.oom ? NULL : cJSON_CreateString(buf_str(&b));
	buf_free(&b);
	return v;
}

/* Reads "5000", "12.50" (at most two decimals). */
static cJSON *typed_money(const form_field *fd, const char *text, msglist *out)
{
	char *end;
	const char *dot = strchr(text, '.');
	double d;

	if (!*text || !isdigit((unsigned char)text[0]) || (dot && strlen(dot + 1) > 2))
		return typed_fail(fd, "应为金额（元，最多两位小数）", "expected an amount (yuan, at most two decimals)",
				  out);
	d = strtod(text, &end);
	if (*end || d > 1e15)
		return typed_fail(fd, "应为金额（元，最多两位小数）", "expected an amount (yuan, at most two decimals)",
				  out);
	return cJSON_CreateNumber(d);
}

static cJSON *typed_record(const form_field *fd, const char *text, msglist *out)
{
	char *end;
	long long id;

	if (!isdigit((unsigned char)text[0]))
		return typed_fail(fd, "应为记录编号", "expected a record id", out);
	id = strtoll(text, &end, 10);
	if (*end || id <= 0 || id > (1LL << 53))
		return typed_fail(fd, "应为记录编号", "expected a record id", out);
	return cJSON_CreateNumber((double)id);
}

/* "zhang+,li+": roster ids, + shown, - not shown. */
static cJSON *typed_officers(jl *j, const form_field *fd, const char *text, msglist *out)
{
	cJSON *ids = typed_split(text), *res = cJSON_CreateArray(), *e;

	if (!ids || !res)
		goto oom;
	if (!cJSON_GetArraySize(ids)) {
		cJSON_Delete(ids);
		cJSON_Delete(res);
		return typed_fail(fd, "应为执法人员名册编号，+ 表示已出示证件", "expected roster ids, + when the certificate was shown", out);
	}
	cJSON_ArrayForEach(e, ids) {
		char *id = strdup(e->valuestring);
		size_t n = id ? strlen(id) : 0;
		int shown = -1;
		officer_row o;
		cJSON *ob;

		if (!id)
			goto oom;
		if (n && (id[n - 1] == '+' || id[n - 1] == '-')) {
			shown = id[n - 1] == '+';
			id[--n] = '\0';
		}
		memset(&o, 0, sizeof o);
		if (shown < 0 || !n || !j || officer_get(j, id, &o) != JL_OK) {
			if (shown < 0)
				typed_fail(fd, "每名执法人员后须写 +（已出示证件）或 -（未出示）",
					   "each officer needs + (certificate shown) or - (not shown)", out);
			else
				msglist_addf(out, fd->req, fd->id, "执法人员名册中没有 %s（jilu officer list），例如 %s=%s",
					     "no officer %s in the roster (jilu officer list); e.g. %s=%s", id,
					     fd->id, typed_example(fd));
			free(id);
			officer_row_free(&o);
			cJSON_Delete(ids);
			cJSON_Delete(res);
			return NULL;
		}
		ob = cJSON_CreateObject();
		if (ob) {
			cJSON_AddStringToObject(ob, "id", o.id);
			cJSON_AddStringToObject(ob, "name", o.name);
			cJSON_AddStringToObject(ob, "cert", o.cert);
			cJSON_AddBoolToObject(ob, "shown", shown);
			cJSON_AddItemToArray(res, ob);
		}
		free(id);
		officer_row_free(&o);
		if (!ob)
			goto oom;
	}
	cJSON_Delete(ids);
	return res;
oom:
	cJSON_Delete(ids);
	cJSON_Delete(res);
	out->oom = 1;
	return NULL;
}

/* "party:赵丽,officer:zhang,party:王五/refused". */
static cJSON *typed_signatures(jl *j, const form_field *fd, const char *text, msglist *out)
{
	cJSON *parts = typed_split(text), *res = cJSON_CreateArray(), *e;

	if (!parts || !res)
		goto oom;
	cJSON_ArrayForEach(e, parts) {
		char *s = strdup(e->valuestring), *colon, *slash, *name;
		const char *status = "signed";
		cJSON *ob;
		officer_row o;

		if (!s)
			goto oom;
		colon = strchr(s, ':');
		if (!colon || colon == s || !colon[1]) {
			free(s);
			cJSON_Delete(parts);
			cJSON_Delete(res);
			return typed_fail(fd, "每个签名应为 角色:姓名[/signed|sealed|refused]",
					  "each signature is ROLE:NAME[/signed|sealed|refused]", out);
		}
		*colon = '\0';
		name = colon + 1;
		slash = strrchr(name, '/');
		if (slash) {
			*slash = '\0';
			status = slash + 1;
		}
		memset(&o, 0, sizeof o);
		/* An officer named by roster id signs with his name; the id is
		 * kept (core/roster.h: an officer signature names the roster). */
		if (j && officer_get(j, name, &o) == JL_OK)
			name = o.name;
		ob = cJSON_CreateObject();
		if (ob) {
			cJSON_AddStringToObject(ob, "role", s);
			if (o.id && strcmp(s, "officer") == 0)
				cJSON_AddStringToObject(ob, "id", o.id);
			cJSON_AddStringToObject(ob, "name", name);
			cJSON_AddStringToObject(ob, "status", status);
			cJSON_AddItemToArray(res, ob);
		}
		officer_row_free(&o);
		free(s);
		if (!ob)
			goto oom;
	}
	cJSON_Delete(parts);
	return res;
oom:
	cJSON_Delete(parts);
	cJSON_Delete(res);
	out->oom = 1;
	return NULL;
}

cJSON *typed_value(jl *j, const form_field *fd, const char *text, msglist *out)
{
	cJSON *v = NULL, *e;

	switch (fd->type) {
	case SHAPE_MONEY:
		return typed_money(fd, text, out);
	case SHAPE_RECORD:
		return typed_record(fd, text, out);
	case SHAPE_BOOL:
		if (!strcmp(text, "是") || !strcmp(text, "true") || !strcmp(text, "yes"))
			return cJSON_CreateTrue();
		if (!strcmp(text, "否") || !strcmp(text, "false") || !strcmp(text, "no"))
			return cJSON_CreateFalse();
		return typed_fail(fd, "应为 是 或 否", "expected 是 (yes) or 否 (no)", out);
	case SHAPE_CHOICE: {
		const char *id = typed_choice(fd, text);
		return cJSON_CreateString(id ? id : text); /* the shape names the choices */
	}
	case SHAPE_CHOICES:
		v = typed_split(text);
		cJSON_ArrayForEach(e, v) {
			const char *id = typed_choice(fd, e->valuestring);
			if (id)
				cJSON_SetValuestring(e, id);
		}
		return v;
	case SHAPE_LIST:
		return typed_split(text);
	case SHAPE_DATE:
	case SHAPE_DATETIME:
		return typed_time(fd, text, out);
	case SHAPE_OFFICERS:
		return typed_officers(j, fd, text, out);
	case SHAPE_SIGNATURES:
		return typed_signatures(j, fd, text, out);
	case SHAPE_AV:
		if (strchr(text, '{') || !*text)
			return typed_fail(fd, "应为录制方式", "expected the mode", out);
		v = cJSON_CreateObject();
		if (v)
			cJSON_AddStringToObject(v, "mode", text);
		return v;
	case SHAPE_PARTY:
		return typed_fail(fd, "当事人须以 JSON 给出", "a party is given as JSON", out);
	default:
		return cJSON_CreateString(text);
	}
}
