/* core/cond.h — conditions and checks as SQLite expressions (DESIGN.md). */
#ifndef CORE_COND_H
#define CORE_COND_H

#include <cJSON.h>
#include <sqlite3.h>

#include "core/buf.h"
#include "core/status.h"

typedef struct cond_env cond_env;

/* What a finding may see besides the fields ($_photo …). */
typedef struct {
	long long photo, audio, video, surveillance, media;
	const char *finalized_at;
} cond_extra;

/*
 * Opens the private in-memory connection expressions run on. Its authorizer
 * allows no table but the JSON table-valued functions, and no function that
 * reaches outside. Free with cond_close.
 */
jl_status cond_open(cond_env **out);
void cond_close(cond_env *e);

/*
 * Compiles EXPR (cached by the address of EXPR: pass strings that live as
 * long as E; an address reused for another text is compiled afresh). Every
 * parameter must be "$" and a name for which KNOWN(name, ctx) returns 1.
 * Returns 0, or -1 with the reason in ERR.
 */
int cond_compile(cond_env *e, const char *expr,
		 int (*known)(const char *name, void *ctx), void *ctx, buf *err);

/*
 * Evaluates EXPR (compiled before, or compiled now with no parameter check)
 * with the fields of DATA (an object) and EXTRA (may be NULL) bound.
 * Returns 1 true, 0 false, -1 NULL, or -2 on an error (reason in ERR).
 */
int cond_eval(cond_env *e, const char *expr, const cJSON *data,
	      const cond_extra *extra, buf *err);

#endif
