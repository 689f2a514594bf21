/* fuzz/fuzz_datetime.c — the date and datetime parsers: clock_parse
 * (core/clock.c) and the shape parsers (core/shape.c) must agree.
 *
 * Input: the text to parse (up to the first NUL).
 *
 * Properties:
 *   - clock_parse answers 0, -1 (not of the shape) or -2 (no such date, time
 *     or offset);
 *   - shape_parse_date accepts exactly what clock_parse accepts as a date
 *     alone (ten characters), with the same year, month and day;
 *   - shape_parse_datetime accepts exactly what clock_parse accepts with a
 *     time of day;
 *   - for a datetime with a zone, the seconds clock_parse returns, shifted by
 *     the zone, are the date and time written (UTC arithmetic, no local
 *     time involved). */
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/shape.h"
#include "fuzz/fuzz.h"

static int fuzz_num(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size);
	size_t len;
	time_t t = 0;
	int rc, d, dt, y = 0, m = 0, dd = 0;

	if (!s)
		return 0;
	len = strlen(s);
	rc = clock_parse(s, &t);
	FUZZ_ASSERT(rc == 0 || rc == -1 || rc == -2, "clock_parse answers 0, -1 or -2");
	d = shape_parse_date(s, &y, &m, &dd);
	dt = shape_parse_datetime(s);
	FUZZ_ASSERT((d == 0) == (rc == 0 && len == 10),
		    "a date is what clock_parse accepts without a time of day");
	FUZZ_ASSERT((dt == 0) == (rc == 0 && len > 10),
		    "a datetime is what clock_parse accepts with a time of day");
	if (d == 0)
		FUZZ_ASSERT(y == fuzz_num(s, 4) && m == fuzz_num(s + 5, 2) && dd == fuzz_num(s + 8, 2),
			    "shape_parse_date reads the date written");
	if (rc == 0 && len > 16) {
		/* YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM): the zone starts at 16 or 19. */
		size_t z = s[16] == ':' ? 19 : 16;
		int sec = z == 19 ? fuzz_num(s + 17, 2) : 0;
		long off = 0;
		struct tm tm;
		time_t local;

		if (s[z] == '+' || s[z] == '-') {
			off = fuzz_num(s + z + 1, 2) * 3600L + fuzz_num(s + z + 4, 2) * 60L;
			if (s[z] == '-')
				off = -off;
		}
		if (z < len) {
			local = t + off;
			FUZZ_ASSERT(gmtime_r(&local, &tm), "the time is one gmtime can show");
			FUZZ_ASSERT(tm.tm_year + 1900 == fuzz_num(s, 4) && tm.tm_mon + 1 == fuzz_num(s + 5, 2) &&
				    tm.tm_mday == fuzz_num(s + 8, 2) && tm.tm_hour == fuzz_num(s + 11, 2) &&
				    tm.tm_min == fuzz_num(s + 14, 2) && tm.tm_sec == sec,
				    "the seconds clock_parse returns are the time written, in its zone");
		}
	}
	free(s);
	return 0;
}
