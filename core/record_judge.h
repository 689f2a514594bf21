/* core/record_judge.h — judging a record's data against its form: shapes,
 * record links, the form's conditions and checks, the cross-record rules.
 * Private to core/record.c (the public door is record.h). */
#ifndef CORE_RECORD_JUDGE_H
#define CORE_RECORD_JUDGE_H

#include <cJSON.h>

#include "core/form.h"
#include "core/jl.h"
#include "core/msg.h"
#include "core/record.h"
#include "core/status.h"

/* The verdicts of a form's expressions on one record's data: worked out
 * before the write lock is taken, and used under it when the data is still
 * the same: a slow expression must not keep other officers from the store. */
typedef struct {
	char *text;    /* the normalised canonical data they are for; NULL: none */
	const cJSON *judged; /* the object they were worked out on, while it lives */
	int *relevant; /* per field of the form: eval_relevant */
	int *holds;    /* per check of the form: eval_checks */
} record_verdict;

/* Frees what V holds and zeroes it; V itself is the caller's. */
void record_judge_free(record_verdict *v);

/*
 * Works out *V for DATA (normalised) of form F. Returns JL_OK; JL_EINVALID
 * when an expression of F could not be evaluated (OUT says which and why);
 * JL_ENOMEM. *V is the caller's to free (record_judge_free) either way.
 */
jl_status record_judge_run(jl *j, const form *f, cJSON *data, record_verdict *v, msglist *out);

/* Returns R's data parsed (the caller frees it with cJSON_Delete), or NULL
 * with the reason in OUT. */
cJSON *record_judge_parse(const record_row *r, msglist *out);

/*
 * Before the write lock: works out *V for TEXT, the data a record of form F
 * is about to be finalised with. Returns JL_OK, also when TEXT is not JSON;
 * JL_EINVALID when an expression could not be evaluated; JL_ENOMEM. *V is
 * the caller's to free.
 */
jl_status record_judge_pre(jl *j, const form *f, const char *text, record_verdict *v,
			   msglist *out);

/*
 * Runs the rules of F over DATA (normalised in place) as if record R were
 * being finalised, with the verdicts PRE when they are for this very data.
 * With CANON not NULL, *CANON gets the canonical text of the normalised data
 * (the caller frees it). Returns the number of problems appended to OUT; -1
 * on a store error; -2 when an expression could not be evaluated or out of
 * memory.
 */
int record_judge_all(jl *j, const form *f, const record_row *r, cJSON *data,
		     const record_verdict *pre, char **canon, msglist *out);

/* Applies VALUES to DATA for form F: unknown fields and ill-shaped values are
 * refused. Returns the number of problems appended to OUT. */
int record_judge_apply(jl *j, const form *f, long long action_id, long long self,
		       cJSON *data, const cJSON *values, msglist *out);

/* The record links among DATA's values checked again (the one part of
 * applying that reads the store). Returns the number of problems added. */
int record_judge_relink(jl *j, const form *f, long long action_id, long long self,
			const cJSON *data, msglist *out);

#endif
