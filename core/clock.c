/* core/clock.c — timestamps. */
#include "core/clock.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Reads exactly N digits at S into *V. Returns 0, or -1 when one is not a digit. */
static int clock_digits(const char *s, int n, int *v)
{
	int x = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

static int clock_days_in(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

int clock_split(const char *s, clock_fields *t)
{
	const char *p;

	memset(t, 0, sizeof *t);
	if (!s || clock_digits(s, 4, &t->y) || s[4] != '-' || clock_digits(s + 5, 2, &t->mo) ||
	    s[7] != '-' || clock_digits(s + 8, 2, &t->d))
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		t->timed = 1;
		if (clock_digits(p + 1, 2, &t->h) || p[3] != ':' || clock_digits(p + 4, 2, &t->mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (clock_digits(p + 1, 2, &t->sec))
				return -1;
			p += 3;
		}
		if (*p == 'Z') {
			t->sign = '+';
			p++;
		} else if (*p == '+' || *p == '-') {
			t->sign = *p;
			if (clock_digits(p + 1, 2, &t->oh) || p[3] != ':' ||
			    clock_digits(p + 4, 2, &t->om))
				return -1;
			p += 6;
		}
	}
	if (*p)
		return -1;
	if (t->y < 1 || t->mo < 1 || t->mo > 12 || t->d < 1 || t->d > clock_days_in(t->y, t->mo) ||
	    t->h > 23 || t->mi > 59 || t->sec > 59 || t->om > 59)
		return -2;
	/* The zones in use run from −12:00 (Baker Island) to +14:00 (Line
	 * Islands); anything beyond is a typo, not a place. */
	if (t->sign && t->oh * 60 + t->om > (t->sign == '-' ? 12 : 14) * 60)
		return -2;
	return 0;
}

int clock_parse(const char *s, time_t *out)
{
	clock_fields t;
	struct tm tm;
	int r = clock_split(s, &t);

	if (r != 0)
		return r;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = t.y - 1900;
	tm.tm_mon = t.mo - 1;
	tm.tm_mday = t.d;
	tm.tm_hour = t.h;
	tm.tm_min = t.mi;
	tm.tm_sec = t.sec;
	if (t.sign) {
		long off = (t.oh * 3600L + t.om * 60L) * (t.sign == '-' ? -1 : 1);
		*out = timegm(&tm) - off;
	} else {
		tm.tm_isdst = -1;
		*out = mktime(&tm);
	}
	return 0;
}

/* JILU_NOW when it is set and not empty, else NULL. */
static const char *clock_fixed(void)
{
	const char *fixed = getenv("JILU_NOW");

	return fixed && *fixed ? fixed : NULL;
}

/* 0 when S is a datetime JILU_NOW may hold; -1 (shape) or -2 (range). */
static int clock_fixed_ok(const char *s)
{
	clock_fields t;
	int r = clock_split(s, &t);

	if (r == 0 && !t.timed)
		return -1; /* a stamp is a date and a time, not a day */
	return r;
}

int clock_plausible(const char *s, int happened, const char *req, const char *where,
		    msglist *out)
{
	time_t t, earliest, now;
	buf stamp = BUF_INIT;
	int r = 0;

	if (clock_parse(s, &t) != 0 || clock_parse(CLOCK_EARLIEST, &earliest) != 0)
		return 0; /* the shape's to report */
	if (t < earliest) {
		msglist_addf(out, req, where, "早于 %s：%s（年份有误？）",
			     "before %s: %s (a mistyped year?)", CLOCK_EARLIEST, s);
		return -1;
	}
	if (!happened)
		return 0;
	now = clock_now_epoch();
	if (t > now + CLOCK_AHEAD) {
		clock_now(&stamp);
		msglist_addf(out, req, where, "%s 晚于本机时钟（%s）超过 %d 分钟：尚未发生的时间不能记录",
			     "%s is ahead of this device's clock (%s) by more than %d minutes: "
			     "what has not happened yet cannot be recorded",
			     s, buf_str(&stamp), CLOCK_AHEAD / 60);
		r = -1;
	}
	buf_free(&stamp);
	return r;
}

int clock_check_env(msglist *err)
{
	const char *fixed = clock_fixed();
	buf zh = BUF_INIT, en = BUF_INIT;
	int r;

	if (!fixed || (r = clock_fixed_ok(fixed)) == 0)
		return 0;
	if (!err)
		return -1;
	buf_printf(&zh, "%s“%s”；应为日期时间 YYYY-MM-DDTHH:MM[:SS]，可带 Z 或 ±HH:MM，"
			"如 2026-11-26T09:30（或取消 JILU_NOW，使用系统时钟）",
		   r == -2 ? "日期或时间不存在：" : "不是日期时间：", fixed);
	buf_printf(&en, "%s \"%s\"; expected a datetime YYYY-MM-DDTHH:MM[:SS], optionally with Z or "
			"±HH:MM, e.g. 2026-11-26T09:30 (or unset JILU_NOW to use the system clock)",
		   r == -2 ? "no such date or time:" : "not a datetime:", fixed);
	msglist_add(err, NULL, "JILU_NOW", buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
	return -1;
}

int clock_now(buf *out)
{
	const char *fixed = clock_fixed();
	char tmp[40], zone[8];
	struct tm tm;
	time_t t;

	if (fixed && clock_fixed_ok(fixed) == 0) {
		buf_puts(out, fixed);
		return 0;
	}
	/* Never an empty stamp: a malformed JILU_NOW (which clock_check_env
	 * keeps any store from being opened with) gets the real clock. */
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm); /* "+0800" */
	buf_printf(out, "%s%.3s:%.2s", tmp, zone, zone + 3);
	return fixed ? -1 : 0;
}

time_t clock_now_epoch(void)
{
	const char *fixed = clock_fixed();
	time_t t;

	if (fixed && clock_fixed_ok(fixed) == 0 && clock_parse(fixed, &t) == 0)
		return t;
	return time(NULL);
}

void clock_span(buf *out, long long seconds, const char *lang)
{
	int en = lang && lang[0] == 'e';
	long long days = seconds / 86400, hours = seconds % 86400 / 3600, mins = seconds % 3600 / 60;

	if (en && days > 0)
		buf_printf(out, "%lld d %lld h", days, hours);
	else if (days > 0)
		buf_printf(out, "%lld 天 %lld 小时", days, hours);
	else if (en && hours > 0)
		buf_printf(out, "%lld h %lld min", hours, mins);
	else if (hours > 0)
		buf_printf(out, "%lld 小时 %lld 分", hours, mins);
	else
		buf_printf(out, en ? "%lld min" : "%lld 分钟", mins);
}
