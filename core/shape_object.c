/*
 * core/shape_object.c — the shapes made of named members: who the party is,
 * which officers were present, who signed, how the action was recorded.
 */
#include "core/shape_object.h"

#include <string.h>

#include "core/ident.h"

/*
 * The members an object may hold. Every member is one line of text (trimmed,
 * held to text_check as TEXT_LINE: shown inline, a line break in a name would
 * forge a line of the record) unless named in BOOLS; the member ID, when not
 * NULL, is an identifier (TEXT_ID: normalised in place). Reports unknown and
 * repeated keys and wrong types; JSON null counts as absent. PATH/IDX locate
 * the object. A key that is not valid text is not echoed: it would go to the
 * officer's terminal as it is.
 */
static void check_members(shape_ctx *c, cJSON *obj, const char *path, int idx,
			  const char *const *keys, int nkeys,
			  const char *const *bools, int nbools, const char *id)
{
	cJSON *m, *f;

	cJSON_ArrayForEach(m, obj) {
		const char *k = m->string ? m->string : "";
		const char *w;

		if (!text_check(k, strlen(k), TEXT_LINE, NULL, NULL, NULL)) {
			msglist_add(c->out, c->req,
				    shape_ctx_where(c, path, idx, NULL),
				    "未知字段（字段名不是有效文字）",
				    "unknown field (its name is not valid text)");
			continue;
		}
		/* The place (w) is spelled out only for a problem. */
		for (f = obj->child; f != m; f = f->next)
			if (f->string && strcmp(f->string, k) == 0)
				break;
		if (f != m) {
			w = shape_ctx_where(c, path, idx, k);
			msglist_addf(c->out, c->req, w, "字段“%s”重复",
				     "field \"%s\" given twice", k);
		} else if (shape_ctx_id_in(k, bools, nbools)) {
			if (!shape_ctx_absent(m) && !cJSON_IsBool(m))
				shape_ctx_bool(c, m, shape_ctx_where(c, path, idx, k));
		} else if (!shape_ctx_id_in(k, keys, nkeys)) {
			w = shape_ctx_where(c, path, idx, k);
			msglist_addf(c->out, c->req, w, "未知字段“%s”",
				     "unknown field \"%s\"", k);
		} else if (!shape_ctx_absent(m)) {
			shape_ctx_text_at(c, m, path, idx, k,
					  id && strcmp(k, id) == 0 ? TEXT_ID : TEXT_LINE);
		}
	}
}

/* Returns 1 when the member KEY of OBJ is absent, null or blank text — not
 * given; a member of another type, or bad text, was reported by
 * check_members and counts as given. */
static int missing(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	return shape_ctx_absent(m) || (cJSON_IsString(m) && shape_ctx_blank(m));
}

/* Completeness (FINAL only): a required text member. */
static void need_text(shape_ctx *c, const cJSON *obj, const char *key,
		      const char *path, int idx, const char *zh, const char *en)
{
	if (missing(obj, key))
		msglist_add(c->out, c->req, shape_ctx_where(c, path, idx, key),
			    zh, en);
}

/*
 * A choice member: when given as valid text it must be one of the N IDS
 * (draft or not); when missing it is reported only when FINAL. Returns the
 * id given, or NULL.
 */
static const char *choice(shape_ctx *c, const cJSON *obj, const char *key,
			  const char *path, int idx, const char *const *ids,
			  int n, int final)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (missing(obj, key)) {
		if (final)
			shape_ctx_not_among(c, shape_ctx_where(c, path, idx, key),
					    "须填写，可选", "required, one of",
					    ids, n);
		return NULL;
	}
	if (!shape_ctx_given(m, TEXT_LINE))
		return NULL; /* not text, or bad text: already reported */
	if (!shape_ctx_id_in(m->valuestring, ids, n)) {
		shape_ctx_not_among(c, shape_ctx_where(c, path, idx, key),
				    "应为以下之一", "expected one of", ids, n);
		return NULL;
	}
	return m->valuestring;
}

static const char *const party_keys[] = {
	"name", "id_type", "id_number", "address", "representative", "phone",
	"licence", "contact", "gender", "employer", "position"};
static const char *const id_types[] = {"uscc", "resident_id", "other"};

void shape_object_party(shape_ctx *c, cJSON *v, const char *path, int final)
{
	const cJSON *num;
	const char *t;
	ident_result r;

	if (!cJSON_IsObject(v)) {
		msglist_add(c->out, c->req, path,
			    "应为当事人（name、id_type、id_number …）",
			    "expected a party {name, id_type, id_number, …}");
		return;
	}
	check_members(c, v, path, -1, party_keys,
		      (int)(sizeof party_keys / sizeof *party_keys), NULL, 0, "id_number");
	if (final)
		need_text(c, v, "name", path, -1, "须填写名称（姓名）",
			  "the name is required");

	/* A blank id_type (an untouched form field) counts as not given. */
	t = choice(c, v, "id_type", path, -1, id_types, 3, 0);
	if (final && missing(v, "id_type") && !missing(v, "id_number"))
		msglist_add(c->out, c->req,
			    shape_ctx_where(c, path, -1, "id_type"),
			    "填写证件号码须注明证件类型（uscc、resident_id、other）",
			    "an id number needs its id_type (uscc, resident_id, other)");
	if (!t || strcmp(t, "other") == 0)
		return;
	num = shape_ctx_given(cJSON_GetObjectItemCaseSensitive(v, "id_number"), TEXT_ID);
	if (!num) {
		if (final && missing(v, "id_number"))
			msglist_add(c->out, c->req,
				    shape_ctx_where(c, path, -1, "id_number"),
				    "须填写证件号码", "the id number is required");
		return;
	}
	if (strcmp(t, "uscc") == 0) {
		ident_uscc_check(num->valuestring, &r);
	} else {
		size_t len = strlen(num->valuestring);

		/* The check character X is written in capitals (GB 11643);
		 * same length, so the string is changed where it lies. */
		if (len == 18 && num->valuestring[17] == 'x') {
			num->valuestring[17] = 'X';
			c->changed++;
		}
		ident_resident_check(num->valuestring, &r);
	}
	ident_report(c->out, c->req, shape_ctx_where(c, path, -1, "id_number"),
		     &r, strcmp(t, "resident_id") == 0);
}

static const char *const officer_keys[] = {"id", "name", "cert"};
static const char *const officer_bools[] = {"shown"};

void shape_object_officers(shape_ctx *c, cJSON *v, const shape_opts *o,
			   const char *path, int final)
{
	cJSON *e, *f;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		msglist_add(c->out, c->req, path, "应为执法人员数组",
			    "expected an array of officers");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		const cJSON *cert;

		if (!cJSON_IsObject(e)) {
			msglist_add(c->out, c->req, shape_ctx_where(c, path, i, NULL),
				    "应为执法人员（id、shown，或 name、cert、shown）",
				    "expected an officer {id, shown} or {name, cert, shown}");
			i++;
			continue;
		}
		check_members(c, e, path, i, officer_keys, 3, officer_bools, 1, "cert");
		/* Repeated certificates are refused in a draft too: the same
		 * officer twice is wrong however little is filled in. Compared
		 * as normalised by check_members (１３０３ is 1303). */
		cert = shape_ctx_given(cJSON_GetObjectItemCaseSensitive(e, "cert"), TEXT_ID);
		if (cert) {
			for (f = v->child; f != e; f = f->next) {
				const cJSON *fc =
					cJSON_GetObjectItemCaseSensitive(f, "cert");

				if (cJSON_IsString(fc) &&
				    strcmp(fc->valuestring, cert->valuestring) == 0)
					break;
			}
			if (f != e)
				msglist_add(c->out, c->req,
					    shape_ctx_where(c, path, i, "cert"),
					    "执法证号重复",
					    "duplicate certificate number");
		}
		if (final) {
			/* A roster id names the officer: the roster gives the
			 * name and certificate (core/roster.h). */
			if (missing(e, "id"))
				need_text(c, e, "name", path, i, "须填写姓名",
					  "the name is required");
			if (missing(e, "id"))
				need_text(c, e, "cert", path, i, "须填写执法证号",
					  "the certificate number is required");
			if (shape_ctx_absent(cJSON_GetObjectItemCaseSensitive(e, "shown")))
				msglist_add(c->out, c->req,
					    shape_ctx_where(c, path, i, "shown"),
					    "须记录是否出示执法证件",
					    "record whether the certificate was shown");
		}
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		shape_ctx_min(c, path, o->min, i, "至少%d名执法人员（现有 %d 名）",
			      "at least %d officers (%d given)");
}

static const char *const signature_keys[] = {"role", "id", "name", "status",
					      "reason"};
static const char *const roles[] = {
	"party", "present", "witness", "officer", "server", "recipient",
	"corrector", "interviewee", "chair", "recorder", "participant", "applicant"};
static const char *const statuses[] = {"signed", "sealed", "refused"};

const char *const *shape_signature_roles(int *n)
{
	*n = (int)(sizeof roles / sizeof roles[0]);
	return roles;
}

int shape_signature_role_known(const char *role)
{
	for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i], role) == 0)
			return 1;
	return 0;
}

void shape_object_signatures(shape_ctx *c, cJSON *v, const shape_opts *o,
			     const char *path, int final)
{
	cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(v)) {
		msglist_add(c->out, c->req, path, "应为签名数组",
			    "expected an array of signatures");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		const char *status;

		if (!cJSON_IsObject(e)) {
			msglist_add(c->out, c->req, shape_ctx_where(c, path, i, NULL),
				    "应为签名（role、id、name、status、reason）",
				    "expected a signature {role, id, name, status, reason}");
			i++;
			continue;
		}
		check_members(c, e, path, i, signature_keys, 5, NULL, 0, NULL);
		choice(c, e, "role", path, i, roles,
		       (int)(sizeof roles / sizeof *roles), final);
		if (final && missing(e, "id")) /* an officer's roster id names him */
			need_text(c, e, "name", path, i, "须填写签名人姓名",
				  "the name is required");
		status = choice(c, e, "status", path, i, statuses, 3, final);
		if (final && status && strcmp(status, "refused") == 0 && missing(e, "reason"))
			/* spec/forms.md: a refused entry needs its reason (R11.3),
			 * whatever article the signatures serve. */
			msglist_add(c->out, "R11.3", shape_ctx_where(c, path, i, "reason"),
				    "拒签须写明原因", "a refusal needs its reason");
		i++;
	}
	if (final && o->min >= 0 && i < o->min)
		shape_ctx_min(c, path, o->min, i, "至少%d个签名（现有 %d 个）",
			      "at least %d signatures (%d given)");
}

static const char *const av_keys[] = {"mode", "reason"};
static const char *const av_modes[] = {"video", "audio", "photos", "none"};

void shape_object_av(shape_ctx *c, cJSON *v, const char *path, int final)
{
	const char *mode;

	if (!cJSON_IsObject(v)) {
		msglist_add(c->out, c->req, path,
			    "应为音像记录（mode、reason）",
			    "expected an audio/video record {mode, reason}");
		return;
	}
	check_members(c, v, path, -1, av_keys, 2, NULL, 0, NULL);
	mode = choice(c, v, "mode", path, -1, av_modes, 4, final);
	if (final && mode && strcmp(mode, "video") != 0 &&
	    strcmp(mode, "audio") != 0)
		need_text(c, v, "reason", path, -1,
			  "未全程音像记录须说明原因",
			  "give the reason there is no full audio or video recording");
}
