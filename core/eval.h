/*
 * core/eval.h — a form's expressions over one record's current data: which
 * fields are relevant, which checks and findings hold. Every reader of a
 * condition (finalising, `jilu check`, the record on screen) asks here, so
 * they all see the same data the same way, and a condition that cannot be
 * evaluated is an error they report, never "not relevant" or "holds".
 */
#ifndef CORE_EVAL_H
#define CORE_EVAL_H

#include <cJSON.h>

#include "core/cond.h"
#include "core/form.h"
#include "core/msg.h"

/*
 * Returns DATA as expressions see it: when a datetime field of F carries a
 * zone, a copy (the caller frees it with cJSON_Delete when it is not DATA;
 * NULL when out of memory) with such times rewritten as local time, so that
 * SQLite compares them with the local times officers type; otherwise DATA
 * (also when F is NULL: a form whose definition is left out).
 */
cJSON *eval_data(const form *f, const cJSON *data);

/*
 * Decides which fields of form F are relevant to a record whose current data
 * is DATA (its stored object, or what a screen holds as values change): sets
 * RELEVANT[i] (F->nfields entries, the caller's array) to 1 when field i has
 * no `when` or its `when` is true, else 0 (false or NULL).
 * Returns 0; -1 when a `when` could not be evaluated: one message in OUT
 * naming the form, the field and why (the limit it hit, or SQLite's reason),
 * and that field and those after it count as relevant (a field whose
 * relevance is unknown is shown and asked for, never hidden); -2 when out of
 * memory (OUT->oom set).
 */
int eval_relevant(cond_env *ce, const form *f, const cJSON *data, int *relevant, msglist *out);

/*
 * Evaluates the N checks CK of form F (its `checks` or its `findings`) on
 * DATA with EXTRA ($_photo …; may be NULL): sets HOLDS[k] to 0 when check k
 * applies (no `when`, or a true one) and its expression is false, else 1
 * (a NULL expression is not a failure: a missing value is `required`'s to
 * report). Returns 0; -1 when an expression could not be evaluated (one
 * message in OUT naming the form and the check; that check and those after
 * it are set to 1); -2 when out of memory.
 */
int eval_checks(cond_env *ce, const form *f, const form_check *ck, int n, const cJSON *data,
		const cond_extra *extra, int *holds, msglist *out);

/*
 * Evaluates expression EXPR about a record of form F (NULL when its
 * definition is left out) on DATA (EXTRA may be NULL). WHAT names the
 * expression in a message ("kinds.json: inspection R18.1 if"). Returns 1 true,
 * 0 false, -1 NULL; -2 when it could not be evaluated (one message in OUT,
 * OUT->oom when out of memory).
 */
int eval_expr(cond_env *ce, const form *f, const char *what, const char *expr,
	      const cJSON *data, const cond_extra *extra, msglist *out);

#endif
