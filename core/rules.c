/* core/rules.c — rules that look beyond one record's fields. */
#include "core/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/eval.h"
#include "core/jsonx.h"

/* Counts the entries of signature array SIGS with ROLE (and, when
 * SIGNED_ONLY, status signed or sealed); distinct names for officers. */
static int rules_count_role(const cJSON *sigs, const char *role, int signed_only)
{
	const cJSON *s, *t;
	int n = 0;

	cJSON_ArrayForEach(s, sigs) {
		const char *r = jsonx_str(s, "role"), *st = jsonx_str(s, "status");
		const char *name = jsonx_str(s, "name");
		int dup = 0;

		if (!r || strcmp(r, role) != 0)
			continue;
		if (signed_only && (!st || strcmp(st, "refused") == 0))
			continue;
		/* The same person twice is one signer. */
		cJSON_ArrayForEach(t, sigs) {
			if (t == s)
				break;
			if (name && jsonx_str(t, "name") && jsonx_str(t, "role") &&
			    strcmp(jsonx_str(t, "role"), role) == 0 &&
			    strcmp(jsonx_str(t, "name"), name) == 0)
				dup = 1;
		}
		n += !dup;
	}
	return n;
}

/* Who must sign, as the form's signatures fields say ("signers"): each
 * group that applies (no "when", or a true one) wants MIN of its roles (an
 * officer who refused has not signed when the group counts only those
 * signed). Returns 0, or -1 when a group's condition could not be
 * evaluated (said in OUT). */
static int rules_signature(jl *j, const form *f, const cJSON *data, msglist *out)
{
	int i, g, k;

	for (i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		const cJSON *sigs = cJSON_GetObjectItemCaseSensitive(data, fd->id);
		/* The article is the form's own: R9.1 in an inquiry, R18.3 in an inspection. */
		const char *req = fd->req ? fd->req : "R11.2";
		if (!fd->nsigners || !cJSON_IsArray(sigs) || cJSON_GetArraySize(sigs) == 0)
			continue; /* `required` reports a missing one */
		for (g = 0; g < fd->nsigners; g++) {
			const form_signers *s = &fd->signers[g];
			buf zh = BUF_INIT, en = BUF_INIT;
			int n = 0;
			if (s->when) {
				int v = eval_expr(formset_cond(j->forms), f, "signers when", s->when, data,
						  NULL, out);
				if (v == -2)
					return -1;
				if (v != 1)
					continue;
			}
			for (k = 0; k < s->nroles; k++)
				n += rules_count_role(sigs, s->roles[k], s->signed_only);
			if (n >= s->min)
				continue;
			if (s->when) {
				buf_printf(&zh, "%s须有%s", s->when_describe.zh, s->describe.zh);
				buf_printf(&en, "%s needs %s", s->when_describe.en, s->describe.en);
			} else {
				buf_printf(&zh, "须有%s", s->describe.zh);
				buf_printf(&en, "needs %s", s->describe.en);
			}
			if (s->min > 1) {
				buf_printf(&zh, "（现有 %d 名）", n);
				buf_printf(&en, " (%d given)", n);
			}
			msglist_add(out, req, fd->id, buf_str(&zh), buf_str(&en));
			buf_free(&zh);
			buf_free(&en);
		}
	}
	return 0;
}

/* R15.1: a final reminder, served by a final receipt, and its deadline passed. */
static int rules_reminder(jl *j, const record_row *r, const cJSON *data, msglist *out)
{
	/* For each current reminder: is it (or a version it corrects) served, and
	 * its deadline: the later of the current one and the one of the latest
	 * version served (a deadline shortened by a correction nobody served does
	 * not bind the party). The served one with the latest deadline decides. */
	sqlite3_stmt *st = db_prepare(j->db,
		"WITH rem AS ("
		"  SELECT m.id, json_extract(m.data, '$.deadline') AS deadline FROM records m"
		"  WHERE m.action_id = ?1 AND m.form = 'compulsory.reminder' AND m.state = 'final'"
		"    AND NOT EXISTS (SELECT 1 FROM records x WHERE x.amends = m.id AND x.state = 'final')),"
		" chain(top, id) AS ("
		"  SELECT id, id FROM rem"
		"  UNION SELECT chain.top, p.amends FROM chain JOIN records p ON p.id = chain.id"
		"  WHERE p.amends IS NOT NULL),"
		" served(top, id) AS ("
		"  SELECT chain.top, chain.id FROM chain WHERE EXISTS ("
		"    SELECT 1 FROM records s WHERE s.action_id = ?1 AND s.form = 'service.receipt'"
		"    AND s.state = 'final' AND NOT EXISTS (SELECT 1 FROM records y WHERE y.amends = s.id AND y.state = 'final')"
		"    AND json_extract(s.data, '$.serves') = chain.id))"
		"SELECT rem.id,"
		"  max(rem.deadline, coalesce((SELECT json_extract(v.data, '$.deadline') FROM records v"
		"    WHERE v.id = (SELECT max(sv.id) FROM served sv WHERE sv.top = rem.id)), rem.deadline)) AS due,"
		"  EXISTS (SELECT 1 FROM served sv WHERE sv.top = rem.id)"
		" FROM rem ORDER BY 3 DESC, due DESC LIMIT 1");
	/* The moment R15.1 holds to the reminder: when the execution was done,
	 * decided or applied to the court for (Art. 15: before either). */
	static const char *const when_fields[] = {"executed_at", "decided_at", "applied_at", NULL};
	const char *executed = NULL, *when_field = "executed_at";
	int rc = 0, w;

	for (w = 0; when_fields[w] && !executed; w++)
		if ((executed = jsonx_str(data, when_fields[w])) != NULL)
			when_field = when_fields[w];

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->action_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		msglist_add(out, "R15.1", NULL,
			    "作出强制执行决定、申请法院强制执行或强制执行前，须有已定稿的催告书并依法送达（第十五条）",
			    "before an execution, its decision or an application to the court the action must hold a final reminder (compulsory.reminder), served");
		goto done;
	}
	{
		long long rem = sqlite3_column_int64(st, 0);
		const char *deadline = (const char *)sqlite3_column_text(st, 1);
		int served = sqlite3_column_int(st, 2);
		time_t te, td;

		if (!served) {
			msglist_addf(out, "R15.1", NULL,
				     "催告书（记录 %lld）尚未送达：须有送达该催告书（记录 %lld）的已定稿送达回证",
				     "the reminder (record %lld) has not been served: a final service.receipt with serves=%lld is needed",
				     rem, rem);
			goto done;
		}
		if (!deadline || !executed)
			goto done;
		/* As instants (a zoned executed_at is not read as UTC); the
		 * deadline is the whole of its day, as in `jilu check`. */
		if (clock_parse(executed, &te) == 0 && clock_parse(deadline, &td) == 0 &&
		    te < td + 24 * 3600)
			msglist_addf(out, "R15.1", when_field,
				     "催告期限 %s 届满前不得强制执行（催告书记录 %lld）",
				     "no execution, execution decision or application to the court before the reminder's deadline %s has passed (reminder record %lld)",
				     deadline, rem);
	}
done:
	sqlite3_reset(st);
	return rc;
}

/* R6.3: one supplement notice per receipt of materials. A receipt is an
 * instant: 09:30, 09:30:00 and "2026-11-02 09:30" are the same one. */
static int rules_one_notice(jl *j, const record_row *r, const cJSON *data, msglist *out)
{
	const char *outcome = jsonx_str(data, "outcome"), *received = jsonx_str(data, "received_at");
	sqlite3_stmt *st;
	time_t mine, theirs;

	if (!outcome || strcmp(outcome, "incomplete") != 0 || !received ||
	    clock_parse(received, &mine) != 0)
		return 0;
	st = db_prepare(j->db,
		"SELECT m.id, json_extract(m.data, '$.received_at') FROM records m"
		"  WHERE m.action_id = ?1 AND m.id <> ?2"
		"  AND m.form = 'licensing.acceptance' AND m.state = 'final'"
		"  AND (?3 = 0 OR m.id <> ?3)"
		"  AND NOT EXISTS (SELECT 1 FROM records x WHERE x.amends = m.id AND x.state = 'final')"
		"  AND json_extract(m.data, '$.outcome') = 'incomplete' ORDER BY m.id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->action_id);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_int64(st, 3, r->amends);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long other = sqlite3_column_int64(st, 0);
		const char *at = (const char *)sqlite3_column_text(st, 1);

		if (!at || clock_parse(at, &theirs) != 0 || theirs != mine)
			continue;
		msglist_addf(out, "R6.3", "outcome",
			     "本次收件（%s）已于记录 %lld 一次性告知补正，不得再次告知；新提交材料请另起收件",
			     "the applicant was already told to supplement this receipt (%s) in record %lld; "
			     "a new submission starts a new receipt",
			     received, other);
		break;
	}
	sqlite3_reset(st);
	return 0;
}

static int rules_after_close(jl *j, const record_row *r, msglist *out)
{
	action_row a;

	if (action_get(j, r->action_id, &a) != JL_OK)
		return -1;
	if (!a.closed_at)
		msglist_addf(out, "R19.1", NULL,
			     "执法活动 %lld 尚未结束：先结束（jilu action close %lld）再归档",
			     "action %lld is still open: close it (jilu action close %lld) before archiving",
			     a.id, a.id);
	action_row_free(&a);
	return 0;
}

/* R21.1, R20.2: a copy names final records of this action, and never a
 * confidential one. */
static int rules_copy(jl *j, const record_row *r, const cJSON *data, msglist *out)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(data, "records"), *e;
	const char *decision = jsonx_str(data, "decision");
	int i = 0;

	cJSON_ArrayForEach(e, list) {
		char where[32], *end = NULL;
		long long id = cJSON_IsString(e) ? strtoll(e->valuestring, &end, 10) : 0;
		record_row t;

		snprintf(where, sizeof where, "records[%d]", i++);
		if (id <= 0 || !end || *end) {
			msglist_add(out, "R21.1", where, "应为记录编号", "expected a record id");
			continue;
		}
		if (record_get(j, id, &t) == JL_ESTORE)
			return -1;
		if (!t.state || t.action_id != r->action_id || strcmp(t.state, "final") != 0) {
			msglist_addf(out, "R21.1", where, "本执法活动中没有已定稿的记录 %lld",
				     "no final record %lld in this action", id);
		} else if (t.amended_by) {
			/* A copy is of the record as it stands; naming an earlier
			 * version would also slip past a later confidential mark. */
			msglist_addf(out, "R21.1", where, "记录 %lld 已被记录 %lld 更正，请复制更正后的记录",
				     "record %lld was corrected by record %lld: copy the correction",
				     id, t.amended_by);
		} else if (decision && strcmp(decision, "approved") == 0) {
			cJSON *td = cJSON_Parse(t.data);
			if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(td, RECORD_CONFIDENTIAL)))
				msglist_addf(out, "R20.2", where,
					     "记录 %lld 涉及国家秘密、商业秘密或个人隐私，不得提供复制件（第二十一条）",
					     "record %lld touches secrets or privacy and is never copied (Art. 21)",
					     id);
			cJSON_Delete(td);
		}
		record_row_free(&t);
	}
	return 0;
}

int rules_apply(jl *j, const form *f, const record_row *r, const cJSON *data, msglist *out)
{
	size_t before = out->n;

	if (rules_signature(j, f, data, out) < 0)
		return -1;
	if (form_has_rule(f, "reminder_served") && rules_reminder(j, r, data, out) < 0)
		return -1;
	if (form_has_rule(f, "one_supplement_notice") && rules_one_notice(j, r, data, out) < 0)
		return -1;
	if (form_has_rule(f, "after_close") && rules_after_close(j, r, out) < 0)
		return -1;
	if (form_has_rule(f, "copy_confidential") && rules_copy(j, r, data, out) < 0)
		return -1;
	/* review_in_time is a finding of `jilu check`. */
	return (int)(out->n - before);
}
