/* core/clock.h — the time the program stamps on what it records. */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include "core/buf.h"

/*
 * Appends the current local time as "YYYY-MM-DDTHH:MM:SS+HH:MM".
 * JILU_NOW, when set, is used instead (tests of deadlines; a device whose
 * clock is known wrong). Returns 0, or -1 when JILU_NOW is not a datetime.
 */
int clock_now(buf *out);

#include <time.h>

/*
 * Parses a date ("YYYY-MM-DD": the start of that day, local time) or a
 * datetime ("YYYY-MM-DDTHH:MM[:SS]", local unless it ends in Z or ±HH:MM)
 * into seconds since the epoch. Returns 0, or -1 when S is neither.
 */
int clock_parse(const char *s, time_t *out);

/* Returns the current time (JILU_NOW when set) in seconds since the epoch. */
time_t clock_now_epoch(void);

/* Appends a duration in words: "3 天 4 小时" / "3 days 4 hours" (SECONDS ≥ 0). */
void clock_span(buf *out, long long seconds, const char *lang);

#endif
