/* core/calendar.h — working days: forms/calendar.json (the State Council's
 * public holidays and adjusted working days, 调休), for the deadlines the
 * law counts in working days (行政许可法 第八十二条). */
#ifndef CORE_CALENDAR_H
#define CORE_CALENDAR_H

#include <stddef.h>
#include <time.h>

#include "core/msg.h"

typedef struct calendar calendar;

/*
 * Reads DIR/calendar.json. Returns the calendar (free with calendar_free), or
 * NULL: when the file is absent (no problem: weekends alone are excluded),
 * or when it has problems (each in PROBLEMS with the file and JSON path).
 */
calendar *calendar_read(const char *dir, msglist *problems);

/*
 * Reads a calendar from TEXT (LEN bytes; WHERE names it in problems: a file,
 * or a calendar headquarters sent). Returns the calendar (free with
 * calendar_free), or NULL with each problem in PROBLEMS at its JSON path.
 */
calendar *calendar_parse(const char *where, const char *text, size_t len, msglist *problems);

/* The largest calendar read. */
#define CALENDAR_MAX (256 * 1024)

void calendar_free(calendar *c);

/*
 * The moment N working days after FROM (local time): the same time of day on
 * the Nth working day after FROM's day. *UNCOVERED gets the first year
 * crossed that CAL (may be NULL) does not cover — for that year only weekends
 * were excluded — or 0.
 */
time_t calendar_add_workdays(const calendar *cal, time_t from, int n, int *uncovered);

#endif
