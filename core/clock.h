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

#endif
