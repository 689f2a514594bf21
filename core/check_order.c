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
	add(ctx, "R14.1", recs[i].id, "served_at", buf_str(&zh), buf_str(&en));
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
		add(ctx, "R10.1", recs[i].id, "decided_at", buf_str(&zh), buf_str(&en));
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
		add(ctx, "R8.1", r->id, "document_number", buf_str(&zh), buf_str(&en));
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
	add(ctx, "R3.1", r->id, field, buf_str(&zh), buf_str(&en));
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
