/* core/clock.c — timestamps. */
#include "core/clock.h"

#include <stdlib.h>
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
