/* core/clock.h — the time the program stamps on what it records. */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include <time.h>

#include "core/buf.h"
#include "core/msg.h"

/*
 * Checks JILU_NOW (a fixed "now": tests of deadlines; a device whose clock is
 * known wrong). Returns 0 when it is unset, empty, or a datetime clock_parse
 * accepts ("YYYY-MM-DDTHH:MM[:SS]", optionally Z or ±HH:MM); else -1 with
 * a message naming JILU_NOW and the shape expected in ERR (when not NULL).
 *
 * The program calls it once at start (tui/main.c) and refuses to run on -1;
 * jl_open calls it too, so no store is ever opened — and so nothing is ever
 * written — while JILU_NOW is malformed.
 */
int clock_check_env(msglist *err);

/*
 * Appends the current local time as "YYYY-MM-DDTHH:MM:SS+HH:MM", or JILU_NOW
 * as given when it is set. It never appends an empty string: when JILU_NOW is
 * malformed it appends the real clock's time and returns -1; else 0.
 * Callers may ignore the result because JILU_NOW was validated before any
 * store could be opened (clock_check_env, above): by then -1 cannot happen.
 */
int clock_now(buf *out);

/*
 * Parses a date ("YYYY-MM-DD": the start of that day, local time) or a
 * datetime ("YYYY-MM-DDTHH:MM[:SS]", a space instead of T too; local unless
 * it ends in Z or ±HH:MM) into seconds since the epoch. Every part is exactly
 * its number of digits and in range: month 1–12, a day that month has (29
 * February in leap years only), hour 0–23, minute and second 0–59, an offset
 * of at most 14:00. Returns 0; -1 when S is not of that shape; -2 when it is
 * but names no such date, time or offset. *OUT is set only on 0.
 */
int clock_parse(const char *s, time_t *out);

/* Returns the current time (JILU_NOW when set and valid) in seconds since the epoch. */
time_t clock_now_epoch(void);

/* Appends a duration in words: "3 天 4 小时" / "3 days 4 hours" (SECONDS ≥ 0). */
void clock_span(buf *out, long long seconds, const char *lang);

#endif
