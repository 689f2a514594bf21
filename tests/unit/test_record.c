/* tests/unit/test_record.c — records (core/record.c, core/rules.c) through
 * jl_open on a temporary store with the real forms/: drafts, finalisation and
 * its refusals, amendments (R22.3), record links, R6.3 and R2.1. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/record.h"
#include "core/verify.h"
#include "tests/unit/testutil.h"

/* A complete licensing.acceptance telling the applicant to supplement. */
#define ACCEPT_INCOMPLETE(received)                                                     \
	"{\"received_at\": \"" received "\", \"applicant\": " TU_PARTY_PERSON ", "    \
	"\"matter\": \"食品经营许可\", \"outcome\": \"incomplete\", "                   \
	"\"missing_items\": [\"营业执照复印件\"], \"notified_at\": \"" received "\", "  \
	"\"materials_returned\": true}"

static int setup(void **state)
{
	*state = tu_store_new();
	return 0;
}

static int teardown(void **state)
{
	tu_store_free(*state);
	return 0;
}

/* Creates a draft of FORM_ID in ACTION with VALUES (JSON text or NULL). */
static long long draft(tu_store *s, long long action, const char *form_id, const char *values)
{
	msglist out = MSGLIST_INIT;
	cJSON *v = values ? tu_json(values) : NULL;
	long long id = 0;

	tu_status(record_create(s->j, action, form_id, v, 0, &id, &out), JL_OK, &out);
	cJSON_Delete(v);
	msglist_free(&out);
	return id;
}

/* record_set with VALUES (JSON text); returns its status, messages in OUT. */
static jl_status set(tu_store *s, long long id, const char *values, msglist *out)
{
	cJSON *v = tu_json(values);
	jl_status rc = record_set(s->j, id, v, out);

	cJSON_Delete(v);
	return rc;
}

/* The string at JSON path PATH ("$.place") of record ID's data; caller frees. */
static char *data_at(tu_store *s, long long id, const char *path)
{
	char *sql = sqlite3_mprintf("SELECT json_extract(data, %Q) FROM records WHERE id = %lld",
				    path, id);
	char *v = tu_text(tu_sql(s), sql);

	sqlite3_free(sql);
	return v;
}

static long long count(tu_store *s, const char *sql)
{
	return tu_int(tu_sql(s), sql);
}

static void test_complete_inspection_is_drafted_set_and_finalised(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id;
	msglist out = MSGLIST_INIT;
	cJSON *all = tu_json(TU_INSPECTION), *half = cJSON_CreateObject(), *c;
	char *text;
	record_row r;
	int i = 0;

	/* Half the values when the draft is made, the rest set afterwards. */
	for (c = all->child; c; c = c->next, i++)
		if (i % 2 == 0)
			cJSON_AddItemToObject(half, c->string, cJSON_Duplicate(c, 1));
	tu_status(record_create(s->j, a, "inspection.onsite", half, 0, &id, &out), JL_OK, &out);
	assert_int_equal(record_get(s->j, id, &r), JL_OK);
	assert_string_equal(r.state, "draft");
	assert_string_equal(r.form, "inspection.onsite");
	assert_string_equal(r.author, "zhang");
	assert_string_equal(r.device, "T01");
	assert_int_equal(r.action_id, a);
	assert_int_equal(r.ledger_seq, 0);
	assert_null(r.finalized_at);
	record_row_free(&r);

	tu_status(record_set(s->j, id, all, &out), JL_OK, &out);
	text = data_at(s, id, "$.signatures[2].name");
	assert_string_equal(text, "李四");
	free(text);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE kind IN ('finalize', 'amend')"), 0);

	tu_status(record_finalize(s->j, id, &out), JL_OK, &out);
	assert_int_equal(out.n, 0);
	assert_int_equal(record_get(s->j, id, &r), JL_OK);
	assert_string_equal(r.state, "final");
	assert_string_equal(r.finalized_by, "zhang");
	assert_non_null(r.finalized_at);
	assert_int_equal(r.form_version, 1);
	assert_int_equal(r.ledger_seq, 5);
	record_row_free(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE kind = 'finalize' "
				  "AND subject = 'record:1'"), 1);
	{
		verify_report rep;
		tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
		assert_int_equal(rep.records, 1);
	}
	cJSON_Delete(all);
	cJSON_Delete(half);
	msglist_free(&out);
}

static void test_incomplete_record_is_refused_with_requirement_ids(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite",
			     "{\"place\": \"某超市\", \"officers\": [{\"name\": \"张三\", "
			     "\"cert\": \"13001\", \"shown\": true}]}");
	msglist out = MSGLIST_INIT;
	record_row r;

	assert_int_equal(record_finalize(s->j, id, &out), JL_EREFUSED);
	tu_expect(&out, "R18.1", "started_at", "required");
	tu_expect(&out, "R18.1", "ended_at", "required");
	tu_expect(&out, "R18.1", "officers", "2");
	tu_expect(&out, "R18.2", "party", "required");
	tu_expect(&out, "R18.2", "situation", "required");
	tu_expect(&out, "R18.2", "result", "required");
	tu_expect(&out, "R18.4", "av", "required");
	tu_expect(&out, "R18.3", "signatures", "required");
	/* Every problem cites its requirement; optional fields are not asked for. */
	for (size_t i = 0; i < out.n; i++)
		assert_non_null(out.items[i].req);
	assert_null(tu_find(&out, NULL, "remarks", NULL));
	assert_null(tu_find(&out, NULL, "presence", NULL));
	/* result is missing, so result_detail's condition is NULL: not asked. */
	assert_null(tu_find(&out, NULL, "result_detail", NULL));

	/* Nothing was written. */
	assert_int_equal(record_get(s->j, id, &r), JL_OK);
	assert_string_equal(r.state, "draft");
	record_row_free(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE kind IN ('finalize', 'amend')"), 0);
	msglist_free(&out);
}

static void test_create_with_finalize_refused_leaves_no_record(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"place\": \"某超市\"}");

	assert_int_equal(record_create(s->j, a, "inspection.onsite", v, 1, &id, &out), JL_EREFUSED);
	tu_expect(&out, "R18.1", "started_at", NULL);
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE kind IN ('finalize', 'amend')"), 0);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_condition_makes_a_field_required_only_when_true(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;

	tu_status(set(s, id, "{\"result\": \"issues_found\"}", &out), JL_OK, &out);
	assert_int_equal(record_finalize(s->j, id, &out), JL_EREFUSED);
	tu_expect(&out, "R18.2", "result_detail", "required");
	assert_int_equal(out.n, 1);
	msglist_free(&out);

	tu_status(set(s, id, "{\"result_detail\": \"价签不全\"}", &out), JL_OK, &out);
	tu_status(record_finalize(s->j, id, &out), JL_OK, &out);
	msglist_free(&out);
}

static void test_failed_check_refuses_with_its_message(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;

	tu_status(set(s, id, "{\"ended_at\": \"2024-05-01T08:00\"}", &out), JL_OK, &out);
	assert_int_equal(record_finalize(s->j, id, &out), JL_EREFUSED);
	tu_expect(&out, "R18.1", "ended_at", "must end after it started");
	assert_int_equal(out.n, 1);
	msglist_free(&out);
}

static void test_signature_rule_needs_two_officers(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;

	/* The same officer twice is one signer. */
	tu_status(set(s, id, "{\"signatures\": [{\"role\": \"party\", \"name\": \"王五\", "
			     "\"status\": \"signed\"}, {\"role\": \"officer\", \"name\": \"张三\", "
			     "\"status\": \"signed\"}, {\"role\": \"officer\", \"name\": \"张三\", "
			     "\"status\": \"signed\"}]}", &out), JL_OK, &out);
	assert_int_equal(record_finalize(s->j, id, &out), JL_EREFUSED);
	tu_expect(&out, "R18.3", "signatures", "1");
	msglist_free(&out);
}

static void test_set_on_a_final_record_is_efinal(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = tu_final(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;
	char *place;

	assert_int_equal(set(s, id, "{\"place\": \"别处\"}", &out), JL_EFINAL);
	tu_expect(&out, "R22.3", NULL, "amend");
	place = data_at(s, id, "$.place");
	assert_string_equal(place, "昌黎县民生街1号");
	free(place);
	msglist_free(&out);
}

static void test_finalising_twice_is_efinal(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = tu_final(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;

	assert_int_equal(record_finalize(s->j, id, &out), JL_EFINAL);
	tu_expect(&out, "R22.3", NULL, NULL);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE kind IN ('finalize', 'amend')"), 1);
	msglist_free(&out);
}

static void test_amendment_is_a_new_final_record_naming_the_original(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = tu_final(s, a, "inspection.onsite", TU_INSPECTION), nid = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"place\": \"昌黎县民生街2号\"}");
	record_row r, o;
	char *text;

	tu_status(record_amend(s->j, id, "地点门牌号写错", v, &nid, &out), JL_OK, &out);
	assert_true(nid > id);
	assert_int_equal(record_get(s->j, nid, &r), JL_OK);
	assert_string_equal(r.state, "final");
	assert_int_equal(r.amends, id);
	assert_string_equal(r.reason, "地点门牌号写错");
	assert_int_equal(r.action_id, a);
	assert_int_equal(r.ledger_seq, 6); /* after the start, two officers, the opening, the original */
	text = data_at(s, nid, "$.place");
	assert_string_equal(text, "昌黎县民生街2号");
	free(text);
	/* The rest of the data is carried over. */
	text = data_at(s, nid, "$.party.name");
	assert_string_equal(text, "昌黎县某超市有限公司");
	free(text);
	/* The original is untouched, and knows what corrects it. */
	assert_int_equal(record_get(s->j, id, &o), JL_OK);
	assert_string_equal(o.state, "final");
	assert_int_equal(o.amended_by, nid);
	assert_int_equal(o.ledger_seq, 5);
	text = data_at(s, id, "$.place");
	assert_string_equal(text, "昌黎县民生街1号");
	free(text);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE seq = 6 AND kind = 'amend'"), 1);
	{
		verify_report rep;
		tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	}
	record_row_free(&r);
	record_row_free(&o);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_amending_the_same_original_twice_is_refused(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = tu_final(s, a, "inspection.onsite", TU_INSPECTION), n1 = 0, n2 = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"place\": \"二号\"}");

	tu_status(record_amend(s->j, id, "第一次更正", v, &n1, &out), JL_OK, &out);
	assert_int_equal(record_amend(s->j, id, "第二次更正", v, &n2, &out), JL_EREFUSED);
	tu_expect(&out, "R22.3", NULL, "already corrected");
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 2);
	msglist_free(&out);
	/* The correction itself may be corrected. */
	tu_status(record_amend(s->j, n1, "再次更正", v, &n2, &out), JL_OK, &out);
	assert_true(n2 > n1);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_amendment_needs_a_reason(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = tu_final(s, a, "inspection.onsite", TU_INSPECTION), nid = 0;
	msglist out = MSGLIST_INIT;

	assert_int_equal(record_amend(s->j, id, " \t ", NULL, &nid, &out), JL_EUSAGE);
	tu_expect(&out, "R22.3", "--reason", NULL);
	msglist_free(&out);
	assert_int_equal(record_amend(s->j, id, NULL, NULL, &nid, &out), JL_EUSAGE);
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 1);
	msglist_free(&out);
}

static void test_amendment_that_breaks_a_rule_is_refused(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = tu_final(s, a, "inspection.onsite", TU_INSPECTION), nid = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"ended_at\": \"2024-05-01T08:00\"}");

	assert_int_equal(record_amend(s->j, id, "时间", v, &nid, &out), JL_EREFUSED);
	tu_expect(&out, "R18.1", "ended_at", NULL);
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM ledger WHERE kind IN ('finalize', 'amend')"), 1);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_a_draft_is_not_amended(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", NULL), nid = 0;
	msglist out = MSGLIST_INIT;

	assert_int_equal(record_amend(s->j, id, "理由", NULL, &nid, &out), JL_EINVALID);
	tu_expect(&out, NULL, NULL, "draft");
	msglist_free(&out);
}

static void test_unknown_field_is_einvalid(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"place\": \"某超市\", \"colour\": \"red\"}");

	assert_int_equal(record_create(s->j, a, "inspection.onsite", v, 0, &id, &out), JL_EINVALID);
	tu_expect(&out, NULL, "colour", "no such field");
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 0);
	msglist_free(&out);

	id = draft(s, a, "inspection.onsite", NULL);
	assert_int_equal(record_set(s->j, id, v, &out), JL_EINVALID);
	tu_expect(&out, NULL, "colour", NULL);
	/* Nothing of a refused set is kept, not even its good values. */
	assert_null(data_at(s, id, "$.place"));
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_value_of_the_wrong_shape_is_einvalid(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"started_at\": \"yesterday\"}");
	char *text;

	assert_int_equal(record_create(s->j, a, "inspection.onsite", v, 0, &id, &out), JL_EINVALID);
	tu_expect(&out, "R18.1", "started_at", NULL);
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 0);
	cJSON_Delete(v);
	msglist_free(&out);

	id = draft(s, a, "inspection.onsite", "{\"started_at\": \"2024-05-01T09:00\"}");
	assert_int_equal(set(s, id, "{\"officers\": \"张三\"}", &out), JL_EINVALID);
	tu_expect(&out, "R18.1", "officers", NULL);
	msglist_free(&out);
	assert_int_equal(set(s, id, "{\"result\": \"maybe\"}", &out), JL_EINVALID);
	tu_expect(&out, "R18.2", "result", "no_issue");
	msglist_free(&out);
	assert_int_equal(set(s, id, "{\"recusal_requested\": \"yes\"}", &out), JL_EINVALID);
	tu_expect(&out, NULL, "recusal_requested", NULL);
	msglist_free(&out);
	assert_int_equal(set(s, id, "{\"started_at\": \"2024-02-30T09:00\"}", &out), JL_EINVALID);
	msglist_free(&out);
	text = data_at(s, id, "$.started_at");
	assert_string_equal(text, "2024-05-01T09:00");
	free(text);
	/* Values must come as an object. */
	assert_int_equal(set(s, id, "[1, 2]", &out), JL_EINVALID);
	msglist_free(&out);
}

static void test_null_clears_a_draft_field(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", "{\"place\": \"某超市\", \"remarks\": \"无\"}");
	msglist out = MSGLIST_INIT;
	char *text;

	tu_status(set(s, id, "{\"remarks\": null}", &out), JL_OK, &out);
	assert_null(data_at(s, id, "$.remarks"));
	text = data_at(s, id, "$.place");
	assert_string_equal(text, "某超市");
	free(text);
	msglist_free(&out);
}

static void test_record_link_to_another_action_is_refused(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), b = tu_action(s, "inspection");
	long long order = tu_final(s, a, "inspection.onsite", TU_INSPECTION), id = 0;
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"serves\": 1, \"document_name\": \"现场检查笔录\"}");

	assert_int_equal(order, 1);
	assert_int_equal(record_create(s->j, b, "service.receipt", v, 0, &id, &out), JL_EINVALID);
	tu_expect(&out, "R14.1", "serves", "no record 1 in this action");
	assert_int_equal(count(s, "SELECT count(*) FROM records WHERE action_id = 2"), 0);
	msglist_free(&out);

	/* Linked inside its own action it is taken; a record that does not
	 * exist is refused the same way. */
	id = draft(s, a, "service.receipt", "{\"serves\": 1}");
	assert_true(id > 0);
	assert_int_equal(set(s, id, "{\"serves\": 99}", &out), JL_EINVALID);
	tu_expect(&out, "R14.1", "serves", "no record 99");
	msglist_free(&out);
	assert_int_equal(set(s, id, "{\"serves\": 2}", &out), JL_EINVALID);
	tu_expect(&out, "R14.1", "serves", "itself");
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_second_supplement_notice_for_one_receipt_is_refused_citing_r6_3(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "licensing"), first, id;
	msglist out = MSGLIST_INIT;

	first = tu_final(s, a, "licensing.acceptance", ACCEPT_INCOMPLETE("2024-05-06T09:00"));
	id = draft(s, a, "licensing.acceptance", ACCEPT_INCOMPLETE("2024-05-06T09:00"));
	assert_int_equal(record_finalize(s->j, id, &out), JL_EREFUSED);
	tu_expect(&out, "R6.3", "outcome", "2024-05-06T09:00");
	assert_non_null(strstr(tu_find(&out, "R6.3", NULL, NULL)->en, "record 1"));
	assert_int_equal(first, 1);
	msglist_free(&out);

	/* A new submission is a new receipt: it may be told again. */
	tu_status(set(s, id, "{\"received_at\": \"2024-05-10T09:00\", "
			     "\"notified_at\": \"2024-05-10T09:30\"}", &out), JL_OK, &out);
	tu_status(record_finalize(s->j, id, &out), JL_OK, &out);
	msglist_free(&out);
}

static void test_amending_the_one_supplement_notice_is_not_a_second_notice(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "licensing"), nid = 0;
	long long first = tu_final(s, a, "licensing.acceptance", ACCEPT_INCOMPLETE("2024-05-06T09:00"));
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"missing_items\": [\"营业执照复印件\", \"法定代表人身份证明\"]}");

	tu_status(record_amend(s->j, first, "漏列一项", v, &nid, &out), JL_OK, &out);
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_form_not_used_in_the_kind_of_action_is_refused_citing_r2_1(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;

	assert_int_equal(record_create(s->j, a, "licensing.acceptance", NULL, 0, &id, &out),
			 JL_EREFUSED);
	tu_expect(&out, "R2.1", NULL, "licensing.acceptance");
	assert_int_equal(count(s, "SELECT count(*) FROM records"), 0);
	msglist_free(&out);
}

static void test_unknown_action_or_form_is_einvalid(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	msglist out = MSGLIST_INIT;

	assert_int_equal(record_create(s->j, 99, "inspection.onsite", NULL, 0, &id, &out), JL_EINVALID);
	tu_expect(&out, NULL, NULL, "no action 99");
	msglist_free(&out);
	assert_int_equal(record_create(s->j, a, "inspection.nosuch", NULL, 0, &id, &out), JL_EINVALID);
	tu_expect(&out, NULL, NULL, "no form inspection.nosuch");
	msglist_free(&out);
	assert_int_equal(record_finalize(s->j, 99, &out), JL_EINVALID);
	msglist_free(&out);
	assert_int_equal(set(s, 99, "{}", &out), JL_EINVALID);
	msglist_free(&out);
}

static void test_recording_needs_an_acting_officer(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = draft(s, a, "inspection.onsite", NULL), n = 0;
	msglist out = MSGLIST_INIT;

	free(s->j->officer);
	s->j->officer = NULL;
	assert_int_equal(record_create(s->j, a, "inspection.onsite", NULL, 0, &n, &out), JL_EUSAGE);
	tu_expect(&out, "R4.2", NULL, NULL);
	msglist_free(&out);
	assert_int_equal(set(s, id, "{}", &out), JL_EUSAGE);
	msglist_free(&out);
	assert_int_equal(record_finalize(s->j, id, &out), JL_EUSAGE);
	msglist_free(&out);
}

static void test_text_values_are_trimmed_when_finalised(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;
	char *text;

	tu_status(set(s, id, "{\"place\": \"  昌黎县民生街1号\\t \", "
			     "\"situation\": \"\\n货架整齐\\n价签齐全 \\n\", "
			     "\"party\": {\"name\": \" 王五 \", \"id_type\": \"resident_id\", "
			     "\"id_number\": \"11010519491231002X\"}}", &out), JL_OK, &out);
	tu_status(record_finalize(s->j, id, &out), JL_OK, &out);
	text = data_at(s, id, "$.place");
	assert_string_equal(text, "昌黎县民生街1号");
	free(text);
	/* Inner line breaks stay: only the ends are trimmed. */
	text = data_at(s, id, "$.situation");
	assert_string_equal(text, "货架整齐\n价签齐全");
	free(text);
	text = data_at(s, id, "$.party.name");
	assert_string_equal(text, "王五");
	free(text);
	msglist_free(&out);
}

static void test_finalising_trims_text_a_draft_holds_untrimmed(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;
	char *text;

	/* A draft written by an older program, or by hand: finalising is what
	 * makes the text final, so it trims what it checks. */
	tu_must(tu_sql(s), "UPDATE records SET data = json_set(data, '$.place', ' 民生街1号  ', "
			   "'$.party.name', '王五 ') WHERE id = 1");
	assert_int_equal(id, 1);
	tu_status(record_finalize(s->j, id, &out), JL_OK, &out);
	text = data_at(s, id, "$.place");
	assert_string_equal(text, "民生街1号");
	free(text);
	text = data_at(s, id, "$.party.name");
	assert_string_equal(text, "王五");
	free(text);
	{
		verify_report rep;
		tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	}
	msglist_free(&out);
}

static void test_blank_text_does_not_count_as_given(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection");
	long long id = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;

	tu_status(set(s, id, "{\"situation\": \"  \\n \"}", &out), JL_OK, &out);
	assert_int_equal(record_finalize(s->j, id, &out), JL_EREFUSED);
	tu_expect(&out, "R18.2", "situation", "required");
	msglist_free(&out);
}

static void test_closed_action_takes_no_new_record(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), id = 0;
	long long d = draft(s, a, "inspection.onsite", TU_INSPECTION);
	msglist out = MSGLIST_INIT;

	tu_status(action_close(s->j, a, &out), JL_OK, &out);
	assert_int_equal(record_create(s->j, a, "inspection.onsite", NULL, 0, &id, &out), JL_EREFUSED);
	tu_expect(&out, "R19.1", NULL, NULL);
	msglist_free(&out);
	assert_int_equal(record_finalize(s->j, d, &out), JL_EREFUSED);
	tu_expect(&out, "R19.1", NULL, NULL);
	msglist_free(&out);
}

static void test_records_of_an_action_are_listed_in_order(void **state)
{
	tu_store *s = *state;
	long long a = tu_action(s, "inspection"), b = tu_action(s, "inspection");
	record_row *rows = NULL;
	int n = 0;

	tu_final(s, a, "inspection.onsite", TU_INSPECTION);
	draft(s, b, "inspection.onsite", NULL);
	draft(s, a, "inspection.onsite", NULL);
	assert_int_equal(record_list(s->j, a, &rows, &n), JL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, 1);
	assert_string_equal(rows[0].state, "final");
	assert_int_equal(rows[1].id, 3);
	assert_string_equal(rows[1].state, "draft");
	record_rows_free(rows, n);
	assert_int_equal(record_list(s->j, 42, &rows, &n), JL_OK);
	assert_int_equal(n, 0);
	record_rows_free(rows, n);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_complete_inspection_is_drafted_set_and_finalised),
		T(test_incomplete_record_is_refused_with_requirement_ids),
		T(test_create_with_finalize_refused_leaves_no_record),
		T(test_condition_makes_a_field_required_only_when_true),
		T(test_failed_check_refuses_with_its_message),
		T(test_signature_rule_needs_two_officers),
		T(test_set_on_a_final_record_is_efinal),
		T(test_finalising_twice_is_efinal),
		T(test_amendment_is_a_new_final_record_naming_the_original),
		T(test_amending_the_same_original_twice_is_refused),
		T(test_amendment_needs_a_reason),
		T(test_amendment_that_breaks_a_rule_is_refused),
		T(test_a_draft_is_not_amended),
		T(test_unknown_field_is_einvalid),
		T(test_value_of_the_wrong_shape_is_einvalid),
		T(test_null_clears_a_draft_field),
		T(test_record_link_to_another_action_is_refused),
		T(test_second_supplement_notice_for_one_receipt_is_refused_citing_r6_3),
		T(test_amending_the_one_supplement_notice_is_not_a_second_notice),
		T(test_form_not_used_in_the_kind_of_action_is_refused_citing_r2_1),
		T(test_unknown_action_or_form_is_einvalid),
		T(test_recording_needs_an_acting_officer),
		T(test_text_values_are_trimmed_when_finalised),
		T(test_finalising_trims_text_a_draft_holds_untrimmed),
		T(test_blank_text_does_not_count_as_given),
		T(test_closed_action_takes_no_new_record),
		T(test_records_of_an_action_are_listed_in_order),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
