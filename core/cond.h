/* core/cond.h — conditions and checks as SQLite expressions (DESIGN.md). */
#ifndef CORE_COND_H
#define CORE_COND_H

#include <cJSON.h>
#include <sqlite3.h>

#include "core/buf.h"
#include "core/status.h"

typedef struct cond_env cond_env;

/*
 * What an evaluation may spend: forms are data (and will come from
 * headquarters), and data must not stop the program. A bound that only a runaway expression reaches:
 * the definitions of forms/ use a few thousand steps and a few kilobytes.
 *   COND_STEPS      virtual-machine steps: the same on every device, so a
 *                   record one device finalises is never refused by another
 *                   for being slower (the usual limit hit);
 *   COND_MILLIS     milliseconds of the process's CPU time (not the wall
 *                   clock, which a busy device stretches): the backstop for
 *                   steps that are slow one by one;
 *   COND_LENGTH     bytes of the longest string or blob an expression may
 *                   make or be given (zeroblob, printf, a field's value);
 *   COND_HEAP       bytes of SQLite's heap, process-wide (see cond_open).
 */
#define COND_STEPS  20000000LL
#define COND_MILLIS 1000
#define COND_LENGTH (1 << 20)
#define COND_HEAP   (128LL << 20)

/* Why the last evaluation stopped early. */
typedef enum {
	COND_LIMIT_NONE,   /* it did not hit a limit (it may still have failed) */
	COND_LIMIT_STEPS,
	COND_LIMIT_TIME,
	COND_LIMIT_LENGTH,
	COND_LIMIT_MEMORY,
} cond_limit;

/* What a finding may see besides the fields ($_photo …). */
typedef struct {
	long long photo, audio, video, surveillance, media;
	const char *finalized_at;
	long long document; /* scans of paper: counted in media, never as AV */
} cond_extra;

/*
 * Opens the private in-memory connection expressions run on. Its authorizer
 * allows no table but the JSON table-valued functions, and no function that
 * reaches outside; its limits are the COND_* above. Free with cond_close.
 *
 * SQLite has no heap limit of one connection, only sqlite3_hard_heap_limit64
 * for the whole process: cond_open sets it to COND_HEAP unless a lower one is
 * set. The store's own connection needs a few megabytes (its page cache; the
 * store is read through mmap, which is not heap), so only a runaway
 * expression meets it; were the store's connection ever to, it would fail
 * with SQLITE_NOMEM inside a transaction that is rolled back: a storage
 * error, nothing stored half.
 */
jl_status cond_open(cond_env **out);
void cond_close(cond_env *e);

/*
 * Compiles EXPR (cached by the address of EXPR: pass strings that live as
 * long as E; an address reused for another text is compiled afresh). Every
 * parameter must be "$" and a name for which KNOWN(name, ctx) returns 1.
 * A new EXPR is run once with every parameter NULL: one that hits a limit
 * even so is refused here (cond_last_limit says which), so that it fails
 * when the definitions load rather than before an officer.
 * Returns 0, or -1 with the reason in ERR.
 */
int cond_compile(cond_env *e, const char *expr,
		 int (*known)(const char *name, void *ctx), void *ctx, buf *err);

/*
 * Evaluates EXPR (compiled before, or compiled now with no parameter check)
 * with the fields of DATA (an object) and EXTRA (may be NULL) bound.
 * Returns 1 true, 0 false, -1 NULL, or -2 on an error (reason in ERR, and
 * cond_last_limit says whether a limit stopped it). A value of DATA longer
 * than COND_LENGTH is an error too (COND_LIMIT_LENGTH).
 */
int cond_eval(cond_env *e, const char *expr, const cJSON *data,
	      const cond_extra *extra, buf *err);

/* Returns the limit that stopped the last cond_eval on E, or COND_LIMIT_NONE. */
cond_limit cond_last_limit(const cond_env *e);

/* Sets the step and time limits of later evaluations on E (tests; 0 keeps
 * the default). */
void cond_set_budget(cond_env *e, long long steps, long long millis);
/* Gets them (either pointer may be NULL). */
void cond_get_budget(const cond_env *e, long long *steps, long long *millis);

#endif
