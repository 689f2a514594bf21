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

/* The parts of a date or datetime, as written. */
typedef struct {
	int y, mo, d, h, mi, sec, oh, om;
	char sign;  /* '+' or '-' when a zone was given (Z is '+'), else 0 */
	int timed;  /* a time of day was given */
} clock_fields;

/*
 * The one reader of dates and datetimes (clock_parse, the date and datetime
 * shapes, JILU_NOW): splits S into *T. The shapes and ranges are those of
 * clock_parse; an offset runs from −12:00 to +14:00, the zones in use.
 * Returns 0; -1 when S is not of that shape; -2 when it is but names no such
 * date, time or offset (*T then holds the parts as written).
 */
int clock_split(const char *s, clock_fields *t);

/* The earliest date a record may name: the bureau's records begin long
 * after it, and a year typed 0001 or 1026 must not pass. A fixed date, not
 * the store's creation less a margin: paper files of earlier years are
 * entered on a new device, records travel between devices by sync, and a
 * record one device accepts must not be refused by another. */
#define CLOCK_EARLIEST "2000-01-01"
/* How far ahead of the device's clock a time that has happened may be: a
 * device's clock and the officer's watch may differ a little. */
#define CLOCK_AHEAD 3600

/*
 * Checks that date or datetime S (as clock_parse reads it) can be true: not
 * before CLOCK_EARLIEST and, when HAPPENED (a time something was done: every
 * datetime field; a date may be a deadline), not more than CLOCK_AHEAD
 * seconds after clock_now_epoch (JILU_NOW or the real clock). Returns 0 (also
 * when S does not parse: that is the shape's to report); -1 with one message
 * in OUT at WHERE citing REQ (both may be NULL), naming the limit.
 */
int clock_plausible(const char *s, int happened, const char *req, const char *where,
		    msglist *out);

/* Returns the current time (JILU_NOW when set and valid) in seconds since the epoch. */
time_t clock_now_epoch(void);

/* Appends a duration in words: "3 天 4 小时" / "3 days 4 hours" (SECONDS ≥ 0). */
void clock_span(buf *out, long long seconds, const char *lang);

#endif
