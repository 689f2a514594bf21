/* core/calendar.c — working days from forms/calendar.json. */
#include "core/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/jsonx.h"

#define CALENDAR_FILE "calendar.json"

struct calendar {
	int *years, nyears;
	int *holidays, nholidays; /* yyyymmdd */
	int *workdays, nworkdays;
};

void calendar_free(calendar *c)
{
	if (!c)
		return;
	free(c->years);
	free(c->holidays);
	free(c->workdays);
	free(c);
}

/* "YYYY-MM-DD" as yyyymmdd, or -1. */
static int calendar_date(const char *s)
{
	struct tm tm;
	int y, m, d;
	char tail;

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
	    s[7] != '-')
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1 || tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
		return -1;
	return y * 10000 + m * 100 + d;
}

/* The dates of list KEY into *OUT; problems with their JSON path. */
static int calendar_dates(const cJSON *root, const char *key, const char *file, int **out, int *n,
			  msglist *problems)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key), *e;
	int bad = 0, i = 0;

	if (!cJSON_IsArray(a)) {
		msglist_addf(problems, NULL, file, "$.%s: 须为日期列表（YYYY-MM-DD）",
			     "$.%s: must be a list of dates (YYYY-MM-DD)", key);
		return 1;
	}
	*out = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof **out);
	if (!*out)
		return 1;
	cJSON_ArrayForEach(e, a) {
		int d = calendar_date(cJSON_IsString(e) ? e->valuestring : NULL);
		if (d < 0) {
			msglist_addf(problems, NULL, file, "$.%s[%d]: 不是日期（YYYY-MM-DD）",
				     "$.%s[%d]: not a date (YYYY-MM-DD)", key, i);
			bad = 1;
		}
		(*out)[i++] = d;
	}
	*n = i;
	return bad;
}

calendar *calendar_parse(const char *where, const char *text, size_t len, msglist *problems)
{
	int bad = 0, i = 0;
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *years, *e;
	calendar *c = NULL;

	if (!cJSON_IsObject(root)) {
		msglist_add(problems, NULL, where, "须为 JSON 对象", "must be a JSON object");
		goto done;
	}
	c = calloc(1, sizeof *c);
	years = cJSON_GetObjectItemCaseSensitive(root, "years");
	if (!c)
		goto done;
	if (!cJSON_IsArray(years) || cJSON_GetArraySize(years) == 0) {
		msglist_add(problems, NULL, where, "$.years: 须列出所涵盖的年份",
			    "$.years: must list the years it covers");
		bad = 1;
	} else if ((c->years = calloc((size_t)cJSON_GetArraySize(years), sizeof *c->years)) != NULL) {
		cJSON_ArrayForEach(e, years) {
			if (!cJSON_IsNumber(e) || e->valuedouble < 2000 || e->valuedouble > 2200 ||
			    e->valuedouble != (int)e->valuedouble) {
				msglist_addf(problems, NULL, where, "$.years[%d]: 须为年份（如 2026）",
					     "$.years[%d]: must be a year (e.g. 2026)", i);
				bad = 1;
			}
			c->years[i++] = (int)e->valuedouble;
		}
		c->nyears = i;
	}
	bad |= calendar_dates(root, "holidays", where, &c->holidays, &c->nholidays, problems);
	bad |= calendar_dates(root, "workdays", where, &c->workdays, &c->nworkdays, problems);
	if (bad) {
		calendar_free(c);
		c = NULL;
	}
done:
	cJSON_Delete(root);
	return c;
}

calendar *calendar_read(const char *dir, msglist *problems)
{
	buf path = BUF_INIT;
	size_t len = 0;
	int err = 0;
	char *text;
	calendar *c = NULL;

	buf_printf(&path, "%s/%s", dir, CALENDAR_FILE);
	text = file_slurp(buf_str(&path), CALENDAR_MAX, &len, &err);
	if (!text) {
		/* Absent is allowed (weekends only, said in each deadline); unreadable is not. */
		if (err != ENOENT)
			file_msg(problems, buf_str(&path), "无法读取", "cannot read it", err);
		goto done;
	}
	c = calendar_parse(buf_str(&path), text, len, problems);
	free(text);
done:
	buf_free(&path);
	return c;
}

static int calendar_has(const int *list, int n, int v)
{
	for (int i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/* Is the day of TM a working day? *UNCOVERED gets its year if CAL does not cover it. */
static int calendar_workday(const calendar *cal, const struct tm *tm, int *uncovered)
{
	int y = tm->tm_year + 1900, d = y * 10000 + (tm->tm_mon + 1) * 100 + tm->tm_mday;
	int weekend = tm->tm_wday == 0 || tm->tm_wday == 6;

	if (!cal || !calendar_has(cal->years, cal->nyears, y)) {
		if (!*uncovered)
			*uncovered = y;
		return !weekend;
	}
	if (calendar_has(cal->workdays, cal->nworkdays, d))
		return 1;
	return !weekend && !calendar_has(cal->holidays, cal->nholidays, d);
}

time_t calendar_add_workdays(const calendar *cal, time_t from, int n, int *uncovered)
{
	struct tm tm;
	int dummy = 0, guard = 0;

	if (!uncovered)
		uncovered = &dummy;
	*uncovered = 0;
	localtime_r(&from, &tm);
	tm.tm_isdst = -1;
	while (n > 0 && guard++ < 3660) {
		tm.tm_mday++;
		/* Normalise (and learn the weekday) at noon: no DST edge moves the day. */
		{
			struct tm t = tm;
			t.tm_hour = 12;
			t.tm_min = t.tm_sec = 0;
			mktime(&t);
			tm.tm_year = t.tm_year;
			tm.tm_mon = t.tm_mon;
			tm.tm_mday = t.tm_mday;
			if (calendar_workday(cal, &t, uncovered))
				n--;
		}
	}
	tm.tm_isdst = -1;
	return mktime(&tm);
}
