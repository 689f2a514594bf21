/* core/form_signers.c — the "signers" of a signatures field: who must sign
 * a form, in its definition (one source for core/rules.c's refusal and for
 * `jilu forms show`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form_signers.h"
#include "core/jsonx.h"
#include "core/shape_object.h"

static const char *const form_signers_keys[] = {"roles", "min", "signed", "describe", "when",
						       "when_describe", NULL};

/* Reads group V (index I) into S. */
static void form_signers_one(form_reader *r, const cJSON *v, form_signers *s, const char *at)
{
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(v, "roles"), *e;
	const cJSON *sg = cJSON_GetObjectItemCaseSensitive(v, "signed");
	long long min = 1;
	int k = 0;

	form_unknown_keys(r, v, form_signers_keys, at);
	if (!cJSON_IsArray(roles) || cJSON_GetArraySize(roles) == 0) {
		form_at(r, "%s.roles", at);
		form_problem(r, "须为非空的签名角色数组（party、officer、applicant 等）",
			     "must be a non-empty array of signature roles (party, officer, applicant …)");
	} else if ((s->roles = calloc((size_t)cJSON_GetArraySize(roles), sizeof *s->roles))) {
		cJSON_ArrayForEach(e, roles) {
			if (!cJSON_IsString(e) || !shape_signature_role_known(e->valuestring)) {
				form_at(r, "%s.roles[%d]", at, k);
				form_problem(r, "不是签名角色（party、present、witness、officer、server、recipient、corrector、interviewee、chair、recorder、participant、applicant）",
					     "not a signature role (party, present, witness, officer, server, recipient, corrector, interviewee, chair, recorder, participant, applicant)");
			} else {
				s->roles[s->nroles++] = strdup(e->valuestring);
			}
			k++;
		}
	}
	e = cJSON_GetObjectItemCaseSensitive(v, "min");
	if (e && !jsonx_int(e, 1, 100, &min)) {
		form_at(r, "%s.min", at);
		form_problem(r, "须为 1 到 100 的整数", "must be a whole number from 1 to 100");
	}
	s->min = (int)min;
	if (sg && !cJSON_IsBool(sg)) {
		form_at(r, "%s.signed", at);
		form_problem(r, "须为 true 或 false", "must be true or false");
	}
	s->signed_only = cJSON_IsTrue(sg);
	/* Said to the officer when refused ("须有…"), and by forms show. */
	form_read_text(r, v, "describe", 1, &s->describe, at);
	/* A group that applies only sometimes (a service receipt's signers
	 * depend on how it was served) says when in words: the refusal and
	 * forms show read it, never the expression (compiled later). */
	form_read_text(r, v, "when_describe", cJSON_GetObjectItemCaseSensitive(v, "when") != NULL,
		       &s->when_describe, at);
}

void form_signers_read(form_reader *r, const cJSON *v, form_field *fd, const char *at)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(v, "signers"), *e;
	char gat[96];
	int i = 0;

	if (!g)
		return;
	if (fd->type != SHAPE_SIGNATURES || !cJSON_IsArray(g) || cJSON_GetArraySize(g) == 0) {
		form_at(r, "%s.signers", at);
		form_problem(r, "只适用于 signatures 类型，且须为非空数组",
			     "only for the signatures shape, and must be a non-empty array");
		return;
	}
	fd->signers = calloc((size_t)cJSON_GetArraySize(g), sizeof *fd->signers);
	if (!fd->signers) {
		form_problem(r, "内存不足", "out of memory");
		return;
	}
	cJSON_ArrayForEach(e, g) {
		snprintf(gat, sizeof gat, "%s.signers[%d]", at, i++);
		if (!cJSON_IsObject(e)) {
			form_at(r, "%s", gat);
			form_problem(r, "须为对象", "must be an object");
			continue;
		}
		form_signers_one(r, e, &fd->signers[fd->nsigners++], gat);
	}
}

void form_signers_compile(form_reader *r, cond_env *cond, const cJSON *v, form_field *fd,
			  const char *at)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(v, "signers"), *e;
	char gat[96];
	int i = 0, k = 0;

	if (!fd->signers)
		return;
	/* The groups read are the objects among the entries, in order. */
	cJSON_ArrayForEach(e, g) {
		snprintf(gat, sizeof gat, "%s.signers[%d]", at, i++);
		if (cJSON_IsObject(e) && k < fd->nsigners)
			fd->signers[k++].when = form_read_expr(r, cond, e, "when", 0, gat);
	}
}

void form_signers_free(form_signers *s, int n)
{
	int i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < s[i].nroles; k++)
			free(s[i].roles[k]);
		free(s[i].roles);
		free(s[i].describe.zh);
		free(s[i].describe.en);
		free(s[i].when);
		free(s[i].when_describe.zh);
		free(s[i].when_describe.en);
	}
	free(s);
}
