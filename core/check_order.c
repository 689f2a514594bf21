/* core/check_order.c — order and plausibility findings of `jilu check`. */
#include "core/check_order.h"

#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/jsonx.h"

/* Where a record says when its event happened: the end of it where there is
 * one, else its moment. The first field present decides. */
static const char *const order_event_fields[] = {
	"ended_at", "executed_at", "served_at", "decided_at", "applied_at", "released_at",
	"sampled_at", "saved_at", "held_at", "heard_at", "reviewed_at", "approved_at",
	"issued_at", "notified_at", "collected_at", "archived_at", "copied_at", "started_at", NULL};

/* The date a document bears: what a receipt's service must not precede. */
static const char *const order_document_fields[] = {
	"decided_at", "issued_at", "notified_at", "applied_at", "approved_at", "released_at",
	"reviewed_at", NULL};

/* Forms whose document number names one decision. */
static const char *const order_decision_forms[] = {
	"penalty.decision", "licensing.decision", "compulsory.execution_decision", NULL};

/* The first of FIELDS present in DATA, parsed into *T; its name, or NULL. */
static const char *order_first(const cJSON *data, const char *const *fields, time_t *t,
			       const char **value)
{
	int k;

	for (k = 0; fields[k]; k++) {
		const char *v = jsonx_str(data, fields[k]);
		if (v && clock_parse(v, t) == 0) {
			*value = v;
			return fields[k];
		}
	}
	return NULL;
}

static int order_current(const record_row *r)
{
	return strcmp(r->state, "final") == 0 && !r->amended_by;
}

static int order_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* R14.1: a receipt whose served_at is before the date of what it serves. */
static void order_service(const record_row *recs, cJSON *const *data, int n, int i,
			  check_order_add add, void *ctx)
{
	const cJSON *serves = cJSON_GetObjectItemCaseSensitive(data[i], "serves");
	const char *served = jsonx_str(data[i], "served_at"), *dv = NULL;
	time_t ts, td;
	buf zh = BUF_INIT, en = BUF_INIT;
	int k;

	if (!cJSON_IsNumber(serves) || !served || clock_parse(served, &ts) != 0)
		return;
	for (k = 0; k < n && recs[k].id != (long long)serves->valuedouble; k++)
		;
	if (k == n || !data[k] || !order_first(data[k], order_document_fields, &td, &dv))
		return;
	if (ts >= td)
		return;
	buf_printf(&zh, "送达时间 %s 早于所送达文书（记录 %lld）的日期 %s", served, recs[k].id, dv);
	buf_printf(&en, "served at %s, before the date %s of the document it serves (record %lld)",
		   served, dv, recs[k].id);
	add(ctx, 0, "R14.1", recs[i].id, "served_at", 0, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
}

/* R10.1: a decision made while the party could still state and defend. */
static void order_reply_period(const record_row *recs, cJSON *const *data, int n, int i,
			       check_order_add add, void *ctx)
{
	const char *decided = jsonx_str(data[i], "decided_at");
	time_t tdec, tby;
	int k;

	if (!decided || clock_parse(decided, &tdec) != 0)
		return;
	/* A party that has stated its case, or been heard, has used the period. */
	for (k = 0; k < n; k++) {
		const char *at;
		time_t th;
		if (!order_current(&recs[k]) || !data[k] ||
		    (strcmp(recs[k].form, "penalty.statement") != 0 &&
		     strcmp(recs[k].form, "penalty.hearing") != 0))
			continue;
		at = jsonx_str(data[k], "heard_at");
		if (!at)
			at = jsonx_str(data[k], "started_at");
		if (at && clock_parse(at, &th) == 0 && th <= tdec)
			return;
	}
	for (k = 0; k < n; k++) {
		const char *by;
		buf zh = BUF_INIT, en = BUF_INIT;
		if (!order_current(&recs[k]) || strcmp(recs[k].form, "penalty.rights_notice") != 0 ||
		    !data[k])
			continue;
		by = jsonx_str(data[k], "reply_by");
		/* The period runs to the end of its last day. */
		if (!by || clock_parse(by, &tby) != 0 || tdec >= tby + 24 * 3600)
			continue;
		buf_printf(&zh, "处罚决定（%s）早于权利告知（记录 %lld）的陈述申辩期限 %s 届满", decided,
			   recs[k].id, by);
		buf_printf(&en, "decided (%s) before the reply period of the rights notice (record %lld) ended on %s",
			   decided, recs[k].id, by);
		add(ctx, 0, "R10.1", recs[i].id, "decided_at", 0, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
	}
}

/* One document number, two current decisions of one form, in any action. */
static jl_status order_number(jl *j, const record_row *r, const cJSON *data, check_order_add add,
			      void *ctx)
{
	sqlite3_stmt *st = db_prepare(j->db,
		"SELECT r.id, r.action_id FROM records r WHERE r.form = ?1 AND r.state = 'final'"
		" AND r.id <> ?2 AND json_extract(r.data, '$.document_number') = ?3"
		" AND NOT EXISTS (SELECT 1 FROM records x WHERE x.amends = r.id AND x.state = 'final')"
		" ORDER BY r.id LIMIT 1");
	const char *num = jsonx_str(data, "document_number");
	jl_status rc = JL_OK;

	if (!num)
		return JL_OK;
	if (!st)
		return JL_ESTORE;
	sqlite3_bind_text(st, 1, r->form, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_text(st, 3, num, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW: {
		buf zh = BUF_INIT, en = BUF_INIT;
		long long other = sqlite3_column_int64(st, 0), act = sqlite3_column_int64(st, 1);
		buf_printf(&zh, "文号 %s 与执法活动 %lld 的记录 %lld 相同：一个文号只能用于一份决定", num,
			   act, other);
		buf_printf(&en, "document number %s is also that of record %lld in action %lld: one number, one decision",
			   num, other, act);
		add(ctx, 0, "R8.1", r->id, "document_number", 0, buf_str(&zh), buf_str(&en));
		buf_free(&zh);
		buf_free(&en);
		break;
	}
	case SQLITE_DONE:
		break;
	default:
		rc = JL_ESTORE;
	}
	sqlite3_reset(st);
	return rc;
}

const char *check_order_event(const cJSON *data, time_t *t, const char **value)
{
	return order_first(data, order_event_fields, t, value);
}

/* Art. 3 (实时): the first version entered more than 24 hours after its event. */
static void order_entered_late(const record_row *r, const cJSON *data, check_order_add add, void *ctx)
{
	time_t te, tc;
	const char *ev = NULL, *field;
	buf zh = BUF_INIT, en = BUF_INIT;

	/* A correction is entered later by its nature; its first version counts. */
	if (r->amends || !r->created_at || clock_parse(r->created_at, &tc) != 0)
		return;
	field = order_first(data, order_event_fields, &te, &ev);
	if (!field || strcmp(field, "archived_at") == 0 || tc - te <= 24 * 3600)
		return;
	/* A date alone is the whole of its day. */
	if (strlen(ev) == 10 && tc - te <= 48 * 3600)
		return;
	buf_printf(&zh, "记录于 %s 录入，晚于所记录的事项（%s）24 小时以上：执法过程应实时记录（第三条）",
		   r->created_at, ev);
	buf_printf(&en, "entered at %s, more than 24 hours after what it records (%s): recording is to be in real time (Art. 3)",
		   r->created_at, ev);
	add(ctx, 0, "R3.1", r->id, field, 0, buf_str(&zh), buf_str(&en));
	buf_free(&zh);
	buf_free(&en);
}

jl_status check_order(jl *j, const record_row *recs, cJSON *const *data, int n, check_order_add add,
		      void *ctx)
{
	int i;

	for (i = 0; i < n; i++) {
		const record_row *r = &recs[i];
		if (strcmp(r->state, "final") != 0 || !data[i])
			continue;
		order_entered_late(r, data[i], add, ctx);
		if (!order_current(r))
			continue;
		if (strcmp(r->form, "service.receipt") == 0)
			order_service(recs, data, n, i, add, ctx);
		if (strcmp(r->form, "penalty.decision") == 0)
			order_reply_period(recs, data, n, i, add, ctx);
		if (order_in(r->form, order_decision_forms) && order_number(j, r, data[i], add, ctx) != JL_OK)
			return JL_ESTORE;
	}
	return JL_OK;
}

/* Does record I end an action of KIND? Its step's words in *ZH, *EN. */
static int order_ends(const char *kind, const record_row *recs, cJSON *const *data, int n, int i,
		      const char **zh, const char **en)
{
	const char *fid = recs[i].form;

	if (strcmp(kind, "penalty") == 0 && strcmp(fid, "service.receipt") == 0) {
		const cJSON *serves = cJSON_GetObjectItemCaseSensitive(data[i], "serves");
		for (int k = 0; cJSON_IsNumber(serves) && k < n; k++)
			if (recs[k].id == (long long)serves->valuedouble &&
			    strcmp(recs[k].form, "penalty.decision") == 0) {
				*zh = "行政处罚决定书已送达";
				*en = "the penalty decision was served";
				return 1;
			}
		return 0;
	}
	if (strcmp(kind, "licensing") == 0 && strcmp(fid, "licensing.decision") == 0) {
		*zh = "行政许可已作出决定";
		*en = "the licence was decided";
		return 1;
	}
	if (strcmp(kind, "fee") == 0 && strcmp(fid, "fee.collection") == 0) {
		*zh = "费用已收缴";
		*en = "the fee was collected";
		return 1;
	}
	if (strcmp(kind, "inspection") == 0) {
		const char *result = jsonx_str(data[i], "result");
		int follow_up = 0;
		/* An order to correct is a follow-up: the action ends with its review. */
		for (int k = 0; k < n; k++)
			follow_up |= order_current(&recs[k]) && strcmp(recs[k].form, "correction.order") == 0;
		if (follow_up && strcmp(fid, "correction.review") == 0) {
			*zh = "责令改正已复查";
			*en = "the correction was reviewed";
			return 1;
		}
		if (!follow_up && strcmp(fid, "inspection.onsite") == 0 && order_current(&recs[i]) &&
		    result && strcmp(result, "no_issue") == 0) {
			*zh = "检查未发现问题，无后续处理";
			*en = "the inspection found no issue and needs no follow-up";
			return 1;
		}
		return 0;
	}
	if (strcmp(kind, "compulsory") == 0 &&
	    (strcmp(fid, "compulsory.execution") == 0 || strcmp(fid, "compulsory.court_application") == 0)) {
		*zh = "已强制执行或已申请人民法院强制执行";
		*en = "the execution was done or applied to the court for";
		return 1;
	}
	return 0;
}

int check_order_end(const char *kind, const record_row *recs, cJSON *const *data, int n, time_t *end,
		    const char **what_zh, const char **what_en)
{
	int found = 0;

	/* The earliest finalisation among every version of the ending step: a
	 * correction made later does not restart the clock. */
	for (int i = 0; i < n; i++) {
		const char *zh, *en;
		time_t t;
		if (strcmp(recs[i].state, "final") != 0 || !data[i] || !recs[i].finalized_at ||
		    clock_parse(recs[i].finalized_at, &t) != 0 ||
		    !order_ends(kind, recs, data, n, i, &zh, &en))
			continue;
		if (!found || t < *end) {
			*end = t;
			*what_zh = zh;
			*what_en = en;
			found = 1;
		}
	}
	return found;
}

void check_order_archive(const char *kind, const char *closed_at, const record_row *recs,
			 cJSON *const *data, int n, check_order_add add, void *ctx)
{
	buf zh = BUF_INIT, en = BUF_INIT, when_zh = BUF_INIT, when_en = BUF_INIT;
	const char *step_zh = NULL, *step_en = NULL;
	time_t t = 0, step;
	int k, ended = 0;

	if (closed_at && clock_parse(closed_at, &t) == 0) {
		ended = 1;
		buf_printf(&when_zh, "执法活动已于 %s 结束", closed_at);
		buf_printf(&when_en, "the action closed at %s", closed_at);
	}
	if (check_order_end(kind, recs, data, n, &step, &step_zh, &step_en) &&
	    (!ended || step < t)) {
		buf_reset(&when_zh);
		buf_reset(&when_en);
		/* The record's own stamp: what jilu wrote, as `record show` has it. */
		for (k = 0; k < n; k++) {
			time_t f;
			if (recs[k].finalized_at && clock_parse(recs[k].finalized_at, &f) == 0 && f == step)
				break;
		}
		buf_printf(&when_zh, "%s（%s 定稿），执法活动已结束", step_zh,
			   k < n ? recs[k].finalized_at : "");
		buf_printf(&when_en, "%s (final at %s): the action has ended", step_en,
			   k < n ? recs[k].finalized_at : "");
		t = step;
		ended = 1;
	}
	if (!ended)
		goto done;
	for (k = 0; k < n; k++)
		if (order_current(&recs[k]) && data[k] && strcmp(recs[k].form, "archive.casefile") == 0)
			break;
	if (k == n) {
		buf_printf(&zh, "%s，须在 30 日（自然日）内立卷归档", buf_str(&when_zh));
		buf_printf(&en, "%s: archive its case file within 30 calendar days", buf_str(&when_en));
		add(ctx, 1, "R19.1", 0, NULL, t + 30 * 86400, buf_str(&zh), buf_str(&en));
	} else {
		const char *at = jsonx_str(data[k], "archived_at");
		time_t ta;
		if (at && clock_parse(at, &ta) == 0 && ta < t) {
			buf_printf(&zh, "归档时间（%s）早于执法活动结束（%s）", at, buf_str(&when_zh));
			buf_printf(&en, "archived (%s) before the action ended (%s)", at, buf_str(&when_en));
			add(ctx, 0, "R19.1", recs[k].id, "archived_at", 0, buf_str(&zh),
				  buf_str(&en));
		} else if (at && clock_parse(at, &ta) == 0 && ta > t + 30 * 86400) {
			buf_printf(&zh, "归档（%s）晚于执法活动结束后 30 日（%s）", at, buf_str(&when_zh));
			buf_printf(&en, "archived (%s) more than 30 calendar days after the end (%s)", at,
				   buf_str(&when_en));
			add(ctx, 0, "R19.1", recs[k].id, "archived_at", 0, buf_str(&zh),
				  buf_str(&en));
		}
	}
done:
	buf_free(&zh);
	buf_free(&en);
	buf_free(&when_zh);
	buf_free(&when_en);
}

