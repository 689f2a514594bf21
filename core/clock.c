/* core/clock.c — timestamps. */
#include "core/clock.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/shape.h"

int clock_now(buf *out)
{
	const char *fixed = getenv("JILU_NOW");
	char tmp[40], zone[8];
	struct tm tm;
	time_t t;

	if (fixed && *fixed) {
		if (shape_parse_datetime(fixed) != 0)
			return -1;
		buf_puts(out, fixed);
		return 0;
	}
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm); /* "+0800" */
	buf_printf(out, "%s%.3s:%.2s", tmp, zone, zone + 3);
	return 0;
}

int clock_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, oh = 0, om = 0;
	char sign = 0;
	const char *p;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		p += 1 + n;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				return -1;
			p += 1 + n;
		}
		if (*p == 'Z') {
			sign = '+';
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p;
			if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5)
				return -1;
			p += 1 + n;
		}
	}
	if (*p)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (sign) {
		long off = (oh * 3600L + om * 60L) * (sign == '-' ? -1 : 1);
		*out = timegm(&tm) - off;
	} else {
		tm.tm_isdst = -1;
		*out = mktime(&tm);
	}
	return 0;
}

time_t clock_now_epoch(void)
{
	const char *fixed = getenv("JILU_NOW");
	time_t t;

	if (fixed && *fixed && clock_parse(fixed, &t) == 0)
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
