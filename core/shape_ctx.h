/*
 * core/shape_ctx.h — what every shape check is built from: where a problem
 * lies, the messages that name allowed ids or counts, blank and trimmed text,
 * and the two leaf checks (text, bool). For the core/shape*.c files only.
 */
#ifndef CORE_SHAPE_CTX_H
#define CORE_SHAPE_CTX_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/msg.h"
#include "core/text.h"

/* One shape_check call: where its messages go and what they cite. */
typedef struct {
	msglist *out;
	const char *req;
	buf where; /* scratch for nested paths; the shape_check caller frees it */
	int changed; /* values normalising changed (trimmed, NFKC, a check character) */
} shape_ctx;

/*
 * Returns PATH, PATH[IDX], PATH.KEY or PATH[IDX].KEY (IDX < 0: none; KEY
 * NULL: none), held in C->where: valid until the next call, not to be freed.
 */
const char *shape_ctx_where(shape_ctx *c, const char *path, int idx, const char *key);

/* Returns 1 when V is missing or JSON null, else 0. */
int shape_ctx_absent(const cJSON *v);
/* Returns 1 when V is not a string or holds nothing visible (text_blank),
 * else 0. */
int shape_ctx_blank(const cJSON *v);
/* Trims the invisible characters around the string V in place
 * (text_trim_bounds; cJSON reallocates it), and for K = TEXT_ID normalises
 * it as well (text_ident); anything else is left alone. Sets C->out->oom
 * when out of memory. */
void shape_ctx_trim(shape_ctx *c, cJSON *v, text_kind k);

/* Returns 1 when S is one of the N IDS, else 0 (S may be NULL). */
int shape_ctx_id_in(const char *s, const char *const *ids, int n);
/* Appends one problem at WHERE: ZH/EN followed by the N allowed IDS. */
void shape_ctx_not_among(shape_ctx *c, const char *where, const char *zh,
			 const char *en, const char *const *ids, int n);
/* Appends one problem at PATH: ZH/EN formatted with MIN, then N. */
void shape_ctx_min(shape_ctx *c, const char *path, int min, int n, const char *zh,
		   const char *en);

/* V (not NULL) as text of kind K: trimmed (and for TEXT_ID normalised) in
 * place, then held to text_check. Returns 1 when V is a string that passed,
 * else 0 (one problem appended). */
int shape_ctx_text(shape_ctx *c, cJSON *v, const char *where, text_kind k);
/* As shape_ctx_text at shape_ctx_where(C, PATH, IDX, KEY), the place spelled
 * out only when there is a problem to report: most values have none, and
 * building the place for each member and list entry showed in the profile. */
int shape_ctx_text_at(shape_ctx *c, cJSON *v, const char *path, int idx, const char *key,
		      text_kind k);
/* Returns V when it is a string that is not blank and passes text_check as
 * K, else NULL; appends nothing (a member "given" in a draft). */
const cJSON *shape_ctx_given(const cJSON *v, text_kind k);
/* V (not NULL) as a bool. */
void shape_ctx_bool(shape_ctx *c, const cJSON *v, const char *where);

#endif
