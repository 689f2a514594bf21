/* core/hq_rows.h — the rows a ledger entry vouches for, as HQ rebuilds them
 * in the device's store at HQ: one table says, for each kind of entry, the
 * statements to run and where in the entry's body each value comes from.
 * Taking the values out of the body (hq_rows_take) needs no store, so it
 * runs with the entry's other checks on the judging thread, and the parsed
 * body is freed there at once; running the statements (hq_rows_apply) is
 * the store's, on the session's thread. */
#ifndef CORE_HQ_ROWS_H
#define CORE_HQ_ROWS_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/db.h"

/* The most values the statements of one kind bind, all told. */
#define HQ_ROWS_VALS 16

/* One value taken from a body: SQLite's type, and the integer, the real or
 * the text (OFF and LEN into the hq_rows' text) it holds. */
typedef struct {
	int type;     /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
	long long i;
	double f;
	size_t off, len;
} hq_val;

/* The values of one entry's rows. */
typedef struct {
	int kind;                 /* an index into the table, or -1: no rows */
	int bad;                  /* a member the rows need is missing */
	hq_val v[HQ_ROWS_VALS];
	buf text;                 /* the texts of v (kept from entry to entry) */
} hq_rows;

/* Takes the values of the rows an entry of KIND vouches for out of its
 * parsed BODY into R (its text reset, its memory kept). Returns 0, or -1
 * when out of memory. */
int hq_rows_take(hq_rows *r, const char *kind, const cJSON *body);

/* Writes the rows R holds into the device's store M for entry SEQ, DATA the
 * record's data sent with it (or NULL). Returns 0, or -1 when they cannot be
 * (a close of an action never opened, a record whose data was not sent, a
 * row that is there already, a member missing). */
int hq_rows_apply(db *m, long long seq, const hq_rows *r, const char *data);

/* Frees what R holds. */
void hq_rows_free(hq_rows *r);

#endif
