/* fuzz/fuzz_form.c — form definitions (core/form_read.c) and their
 * conditions (core/cond.c) evaluated over record data.
 *
 * Input: a definition (JSON, as in forms/), then optionally a NUL byte and
 * the record data (a JSON object; anything else counts as {}). A bare
 * forms/NAME.json is an input. The definition is read as DIR/ID.json, ID
 * taken from its "id" so that seeds from forms/ pass the file-name rule.
 *
 * Properties:
 *   - a definition is either read or refused with at least one problem, and
 *     each problem names the file and a JSON path ("FILE: $.path"), or the
 *     file alone when it is not JSON at all;
 *   - every condition and check of a definition that was read evaluates over
 *     any data (the values are not shape-checked first: data read back from
 *     a store may be anything) to true, false, NULL or an error with a
 *     reason — and evaluating it again gives the same answer; the same
 *     through core/eval.c (relevance, checks, findings), where an error is
 *     one message, never a silent answer;
 *   - each field's value, if any, is shape-checked, draft and final.
 * The step budget is lowered (and the time budget raised) so that a
 * runaway expression stops quickly and by the same rule every time. */
#include <string.h>

#include <cJSON.h>

#include "core/buf.h"
#include "core/cond.h"
#include "core/eval.h"
#include "core/form.h"
#include "core/form_read.h"
#include "core/msg.h"
#include "core/shape.h"
#include "fuzz/fuzz.h"

/* Evaluates EXPR twice over DATA; both answers must agree. */
static void fuzz_eval(cond_env *e, const char *expr, const cJSON *data, const cond_extra *x)
{
	buf err = BUF_INIT;
	int r1, r2;

	if (!expr)
		return;
	r1 = cond_eval(e, expr, data, x, &err);
	FUZZ_ASSERT(r1 >= -2 && r1 <= 1, "cond_eval answers 1, 0, -1 or -2");
	FUZZ_ASSERT(r1 != -2 || err.len > 0, "an evaluation error says why");
	buf_reset(&err);
	r2 = cond_eval(e, expr, data, x, &err);
	FUZZ_ASSERT(r1 == r2, "an expression gives the same answer twice over the same data");
	buf_free(&err);
}

static void fuzz_shape(const form_field *fd, const cJSON *v)
{
	shape_opts o = {fd->choice_ids, fd->nchoices, fd->min};
	msglist m = MSGLIST_INIT;
	cJSON *copy;
	int final;

	if (!v || cJSON_IsNull(v))
		return;
	for (final = 0; final <= 1; final++) {
		copy = cJSON_Duplicate(v, 1);
		if (!copy)
			break;
		shape_check(fd->type, copy, &o, fd->req, fd->id, final, &m);
		(void)shape_is_empty(fd->type, copy);
		cJSON_Delete(copy);
	}
	msglist_free(&m);
}

/* Runs eval_relevant and eval_checks over DATA twice: both runs must agree,
 * and an error must come with its message. */
static void fuzz_eval_form(cond_env *e, const form *f, const cJSON *data, const cond_extra *x)
{
	int n = f->nfields + f->nchecks + f->nfindings + 3, run, r[2][3], i;
	int *out[2] = {calloc((size_t)n, sizeof(int)), calloc((size_t)n, sizeof(int))};
	msglist m = MSGLIST_INIT;
	size_t before;

	if (!out[0] || !out[1])
		goto done;
	for (run = 0; run < 2; run++) {
		int *p = out[run];
		before = m.n;
		r[run][0] = eval_relevant(e, f, data, p, &m);
		FUZZ_ASSERT(r[run][0] != -1 || m.n == before + 1, "a relevance error is one message");
		p += f->nfields;
		before = m.n;
		r[run][1] = eval_checks(e, f, f->checks, f->nchecks, data, NULL, p, &m);
		FUZZ_ASSERT(r[run][1] != -1 || m.n == before + 1, "a check error is one message");
		p += f->nchecks;
		before = m.n;
		r[run][2] = eval_checks(e, f, f->findings, f->nfindings, data, x, p, &m);
		FUZZ_ASSERT(r[run][2] != -1 || m.n == before + 1, "a finding error is one message");
	}
	for (i = 0; i < 3; i++)
		FUZZ_ASSERT(r[0][i] >= -2 && r[0][i] <= 0 && r[0][i] == r[1][i],
			    "eval answers 0, -1 or -2, the same twice");
	if (r[0][0] == 0 && r[0][1] == 0 && r[0][2] == 0)
		FUZZ_ASSERT(memcmp(out[0], out[1], (size_t)n * sizeof(int)) == 0,
			    "relevance, checks and findings are the same twice");
done:
	free(out[0]);
	free(out[1]);
	msglist_free(&m);
}

/* Returns the definition's file name for TEXT: "fuzz/ID.json" when it holds
 * a plain id, else "fuzz/x.json". Caller frees with buf_free. */
static void fuzz_file_name(const char *text, size_t len, buf *out)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
	const char *s = cJSON_IsString(id) ? id->valuestring : "x";

	if (!*s || strlen(s) > 200 || strchr(s, '/'))
		s = "x";
	buf_printf(out, "fuzz/%s.json", s);
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(data, '\0', size);
	size_t def_len = nul ? (size_t)(nul - text) : size;
	static const cond_extra extra = {1, 1, 1, 0, 3, "2026-11-20T10:00+08:00"};
	msglist problems = MSGLIST_INIT;
	buf file = BUF_INIT;
	cond_env *e = NULL;
	cJSON *rec = NULL, *seen;
	form *f;
	size_t i, flen;
	int k;

	/* A fresh engine for each input: nothing carries over between inputs. */
	if (cond_open(&e) != JL_OK)
		return 0;
	cond_set_budget(e, 200000, 600000);
	fuzz_file_name(text, def_len, &file);
	flen = strlen(buf_str(&file));
	f = form_read(buf_str(&file), text, def_len, e, &problems);
	if (!f) {
		FUZZ_ASSERT(problems.n > 0 || problems.oom, "a refused definition says why");
	} else {
		FUZZ_ASSERT(problems.n == 0, "a definition that was read has no problem");
	}
	for (i = 0; i < problems.n; i++)
		FUZZ_ASSERT(problems.items[i].where &&
			    strncmp(problems.items[i].where, buf_str(&file), flen) == 0 &&
			    (strncmp(problems.items[i].where + flen, ": $", 3) == 0 ||
			     (!problems.items[i].where[flen] && !f)),
			    "a problem names the file and the JSON path (the file alone: not JSON)");
	if (!f)
		goto done;
	if (nul)
		rec = cJSON_ParseWithLength(nul + 1, size - def_len - 1);
	if (!cJSON_IsObject(rec)) {
		cJSON_Delete(rec);
		rec = cJSON_CreateObject();
	}
	for (k = 0; k < f->nfields; k++) {
		fuzz_eval(e, f->fields[k].when, rec, NULL);
		fuzz_shape(&f->fields[k], cJSON_GetObjectItemCaseSensitive(rec, f->fields[k].id));
	}
	for (k = 0; k < f->nchecks; k++) {
		fuzz_eval(e, f->checks[k].when, rec, NULL);
		fuzz_eval(e, f->checks[k].expr, rec, NULL);
	}
	for (k = 0; k < f->nfindings; k++) {
		fuzz_eval(e, f->findings[k].when, rec, &extra);
		fuzz_eval(e, f->findings[k].expr, rec, &extra);
	}
	seen = eval_data(f, rec);
	if (seen)
		fuzz_eval_form(e, f, seen, &extra);
	if (seen != rec)
		cJSON_Delete(seen);
	form_free(f);
done:
	cJSON_Delete(rec);
	msglist_free(&problems);
	buf_free(&file);
	cond_close(e);
	return 0;
}
