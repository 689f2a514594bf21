/*
 * The ledger's format (schema 3) through the engine: every body is
 * canonical JSON, roster changes are entries, the ledger reader reads by
 * sequence range (and by action), verify and the case file report progress
 * and can be cancelled, and a read snapshot holds while others write.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/casefile.h"
#include "core/jsonx.h"
#include "core/ledger.h"
#include "core/media.h"
#include "core/media_import.h"
#include "core/officer.h"
#include "core/record.h"
#include "core/verify.h"
#include "tests/unit/testutil.h"

/*
 * A store with an entry of every kind:
 *   #1 init  #2 officer zhang  #3 officer li  #4 open action 1
 *   #5 finalize record 1  #6 amend record 2  #7 media 1  #8 officer li (role)
 *   #9 close action 1  #10 open action 2  #11 finalize record 3 (action 2)
 */
static int setup(void **state)
{
	tu_store *s = tu_store_new();
	msglist out = MSGLIST_INIT;
	cJSON *v = tu_json("{\"place\":\"昌黎县民生街2号\"}");
	char *photo = tu_path(s->dir, "photo.jpg");
	FILE *f = fopen(photo, "w");
	long long a, r, amended = 0, m = 0, b;

	assert_non_null(f);
	fputs("\xff\xd8\xff\xe0 a photo, as far as the bytes go", f);
	fclose(f);
	a = tu_action(s, "inspection");
	r = tu_final(s, a, "inspection.onsite", TU_INSPECTION);
	tu_status(record_amend(s->j, r, "地点写错", v, &amended, &out), JL_OK, &out);
	{
		const char *paths[] = {photo};
		media_add_opts o = {"photo", "2024-05-01T09:30", NULL, NULL};
		tu_status(media_add(s->j, r, paths, 1, &o, &m, &out), JL_OK, &out);
	}
	tu_status(officer_set_role(s->j, "li", "supervisor", &out), JL_OK, &out);
	tu_status(action_close(s->j, a, &out), JL_OK, &out);
	b = tu_action(s, "inspection");
	tu_final(s, b, "inspection.onsite", TU_INSPECTION);
	assert_int_equal(out.n, 0);
	cJSON_Delete(v);
	free(photo);
	msglist_free(&out);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	tu_store_free(*state);
	return 0;
}

static void test_the_store_has_an_entry_of_every_kind(void **state)
{
	tu_store *s = *state;
	char *kinds = tu_text(tu_sql(s), "SELECT group_concat(kind, ' ') FROM "
					 "(SELECT kind FROM ledger ORDER BY seq)");

	assert_string_equal(kinds, "init officer officer open finalize amend media officer close "
				   "open finalize");
	free(kinds);
}

/* Item 8: every body is canonical JSON — parsed and written again in the
 * canonical form (keys sorted, no spaces) it comes out byte for byte the same. */
static void test_every_body_recanonicalises_unchanged(void **state)
{
	tu_store *s = *state;
	sqlite3_stmt *st = NULL;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(tu_sql(s), "SELECT seq, body FROM ledger ORDER BY seq", -1,
					    &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *body = (const char *)sqlite3_column_text(st, 1);
		cJSON *v = cJSON_Parse(body);
		char *again;

		if (!v)
			fail_msg("entry %lld: body is not JSON: %s", sqlite3_column_int64(st, 0), body);
		again = jsonx_canonical(v);
		assert_non_null(again);
		if (strcmp(again, body) != 0)
			fail_msg("entry %lld: body is not canonical:\n  stored %s\n  canon  %s",
				 sqlite3_column_int64(st, 0), body, again);
		/* Every body says its time, device, kind and seq. */
		assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "at")));
		assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "device")));
		assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "kind")));
		assert_int_equal((long long)cJSON_GetObjectItemCaseSensitive(v, "seq")->valuedouble,
				 sqlite3_column_int64(st, 0));
		free(again);
		cJSON_Delete(v);
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 11);
}

/* A record's body is written by record.c's own writer: strings that need
 * escaping come out as canonical JSON holding the same values. */
static void test_record_body_escapes_as_canonical_json(void **state)
{
	record_row r;
	record_ledger_ctx x;
	buf b = BUF_INIT;
	cJSON *v;
	char *again;
	const char *odd = "引号\"反斜杠\\换行\n制表\t\x01\x1f\x7f末";

	(void)state;
	memset(&r, 0, sizeof r);
	memset(&x, 0, sizeof x);
	r.id = 7;
	r.action_id = -3;
	r.form = "inspection.onsite";
	r.form_version = 2;
	r.data = "{\"place\":\"x\"}";
	r.author = "zhang";
	r.finalized_by = "li";
	r.reason = (char *)odd;
	r.created_at = "2026-01-01T08:00:00+08:00";
	x.action_title = odd;
	x.author_name = odd;
	assert_int_equal(record_ledger_body(&b, 9, "finalize", "T01", &r, &x), 0);
	v = cJSON_Parse(buf_str(&b));
	assert_non_null(v);
	again = jsonx_canonical(v);
	assert_string_equal(again, buf_str(&b));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
				    cJSON_GetObjectItemCaseSensitive(v, "record"), "reason")->valuestring, odd);
	assert_int_equal((long long)cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(v, "record"), "action"), "id")->valuedouble, -3);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(v, "record"), "finalized_at")));
	free(again);
	cJSON_Delete(v);
	buf_free(&b);
}

static void test_body_at_is_the_top_level_time(void **state)
{
	char at[64];

	(void)state;
	assert_int_equal(ledger_body_at("{\"action\":{\"opened_at\":\"x\"},\"at\":\"2026-01-01T08:00\","
					"\"kind\":\"close\"}", at, sizeof at), 0);
	assert_string_equal(at, "2026-01-01T08:00");
	/* A quote inside a string is escaped: no false "at". */
	assert_int_equal(ledger_body_at("{\"title\":\"\\\"at\\\":\\\"1999\\\"\"}", at, sizeof at), -1);
	assert_string_equal(at, "");
	assert_int_equal(ledger_body_at("{\"at\":\"unterminated", at, sizeof at), -1);
}

static void test_role_change_is_a_roster_entry_the_row_names(void **state)
{
	tu_store *s = *state;
	msglist out = MSGLIST_INIT;
	verify_report rep;
	char *body = tu_text(tu_sql(s), "SELECT body FROM ledger WHERE seq = 8");
	officer_row o;

	assert_non_null(strstr(body, "\"by\":\"zhang\""));
	assert_non_null(strstr(body, "\"role\":\"supervisor\""));
	assert_int_equal(officer_get(s->j, "li", &o), JL_OK);
	assert_int_equal(o.ledger_seq, 8);
	assert_string_equal(o.role, "supervisor");
	officer_row_free(&o);
	/* The same role again: nothing changes, no entry. */
	tu_status(officer_set_role(s->j, "li", "supervisor", &out), JL_OK, &out);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM ledger"), 11);
	assert_int_equal(officer_set_role(s->j, "li", "boss", &out), JL_EINVALID);
	msglist_free(&out);
	tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	assert_int_equal(rep.entries, 11);
	free(body);
	msglist_free(&out);
}

/* Runs verify and fails unless it finds a fault at SEQ saying TEXT. */
static void expect_fault(tu_store *s, long long seq, const char *text)
{
	msglist out = MSGLIST_INIT;
	verify_report rep;
	char where[32];

	tu_status(verify_run(s->j, &rep, &out), JL_FOUND, &out);
	snprintf(where, sizeof where, "ledger #%lld", seq);
	tu_expect(&out, "R22.3", where, text);
	msglist_free(&out);
}

static void test_role_set_back_to_before_its_change_is_caught(void **state)
{
	tu_store *s = *state;

	/* li's row as it was before the role change, entry and all. */
	tu_must(tu_sql(s), "DROP TRIGGER officers_vouched_kept;"
			   "UPDATE officers SET role = 'officer', ledger_seq = 3, changed_at = created_at,"
			   " changed_by = NULL WHERE id = 'li'");
	expect_fault(s, 8, "officer li's roster row was set back to before ledger #8");
}

static void test_role_changed_behind_the_program_is_caught(void **state)
{
	tu_store *s = *state;

	tu_must(tu_sql(s), "DROP TRIGGER officers_vouched_kept;"
			   "UPDATE officers SET role = 'admin' WHERE id = 'li'");
	expect_fault(s, 8, "officer li's name, certificate or role differs");
}

/* Collects the seqs a reader gives, as "a b c". */
static void read_seqs(tu_store *s, long long from, long long to, long long action, buf *out)
{
	ledger_reader *r = NULL;
	ledger_entry e;
	int step;

	tu_status(ledger_reader_open(s->j->db, from, to, action, &r), JL_OK, NULL);
	while ((step = ledger_reader_next(r, &e)) == 1) {
		assert_false(e.bad);
		buf_printf(out, "%s%lld", out->len ? " " : "", e.seq);
	}
	assert_int_equal(step, 0);
	ledger_reader_close(r);
}

static void test_reader_reads_by_sequence_range_and_by_action(void **state)
{
	tu_store *s = *state;
	buf b = BUF_INIT;

	read_seqs(s, 1, 0, 0, &b);
	assert_string_equal(buf_str(&b), "1 2 3 4 5 6 7 8 9 10 11");
	buf_reset(&b);
	read_seqs(s, 3, 6, 0, &b);
	assert_string_equal(buf_str(&b), "3 4 5 6");
	buf_reset(&b);
	read_seqs(s, 12, 0, 0, &b);
	assert_string_equal(buf_str(&b), "");
	buf_reset(&b);
	/* Action 1: its opening, its records, its attachment, its close. */
	read_seqs(s, 1, 0, 1, &b);
	assert_string_equal(buf_str(&b), "4 5 6 7 9");
	buf_reset(&b);
	read_seqs(s, 6, 0, 1, &b);
	assert_string_equal(buf_str(&b), "6 7 9");
	buf_reset(&b);
	read_seqs(s, 1, 0, 2, &b);
	assert_string_equal(buf_str(&b), "10 11");
	buf_free(&b);
}

static void test_reader_flags_a_rewritten_column(void **state)
{
	tu_store *s = *state;
	ledger_reader *r = NULL;
	ledger_entry e;

	tu_must(tu_sql(s), "DROP TRIGGER ledger_kept; UPDATE ledger SET hash = CAST(hash AS BLOB) WHERE seq = 2");
	tu_status(ledger_reader_open(s->j->db, 2, 2, 0, &r), JL_OK, NULL);
	assert_int_equal(ledger_reader_next(r, &e), 1);
	assert_true(e.bad);
	assert_string_equal(e.hash, "");
	assert_int_equal(ledger_reader_next(r, &e), 0);
	ledger_reader_close(r);
}

typedef struct {
	int calls;
	long long last_done, total;
	int cancel_at; /* the call that cancels, 0 never */
} progress_log;

static int progress_cb(void *ctx, long long done, long long total)
{
	progress_log *p = ctx;

	p->calls++;
	assert_true(done >= p->last_done);
	assert_true(done <= total);
	p->last_done = done;
	p->total = total;
	return p->cancel_at && p->calls >= p->cancel_at;
}

static void test_verify_reports_progress_and_can_be_cancelled(void **state)
{
	tu_store *s = *state;
	msglist out = MSGLIST_INIT;
	verify_report rep;
	progress_log p = {0, 0, 0, 0};

	tu_status(verify_run_progress(s->j, &rep, progress_cb, &p, &out), JL_OK, &out);
	assert_true(p.calls >= 1);
	assert_int_equal(p.total, 11);
	assert_int_equal(p.last_done, 11); /* told when it is done */
	memset(&p, 0, sizeof p);
	p.cancel_at = 1;
	assert_int_equal(verify_run_progress(s->j, &rep, progress_cb, &p, &out), JL_ECANCELED);
	assert_int_equal(p.calls, 1);
	msglist_free(&out);
}

static void test_case_file_is_loaded_in_core(void **state)
{
	tu_store *s = *state;
	msglist err = MSGLIST_INIT;
	casefile x;
	progress_log p = {0, 0, 0, 0};

	tu_status(casefile_load(s->j, 1, progress_cb, &p, &x, &err), JL_OK, &err);
	assert_int_equal(x.verified, JL_OK);
	assert_int_equal(x.n, 2);
	assert_int_equal(x.nfinal, 2);
	assert_int_equal(x.nmedia[0], 1);
	assert_int_equal(x.nledger, 5);
	assert_string_equal(x.ledger[0].kind, "open");
	assert_string_equal(x.ledger[4].kind, "close");
	assert_ptr_equal(casefile_entry_find(&x, 7), &x.ledger[3]);
	assert_null(casefile_entry_find(&x, 8));
	assert_non_null(x.exported_at);
	assert_true(p.calls >= 1);
	casefile_free(&x);
	casefile_free(&x); /* twice is safe */

	assert_int_equal(casefile_load(s->j, 99, NULL, NULL, &x, &err), JL_ENOTFOUND);
	tu_expect(&err, NULL, NULL, "no action 99");
	casefile_free(&x);
	msglist_free(&err);

	memset(&p, 0, sizeof p);
	p.cancel_at = 1;
	assert_int_equal(casefile_load(s->j, 1, progress_cb, &p, &x, &err), JL_ECANCELED);
	tu_expect(&err, NULL, NULL, "export cancelled");
	casefile_free(&x);
	msglist_free(&err);
	/* No transaction is left open. */
	assert_true(sqlite3_get_autocommit(tu_sql(s)));
}

/* verify reads the records in id order alongside the ledger: one finalised
 * after a later one is looked up, and held to its entry all the same. */
static void test_records_finalised_out_of_order_are_each_held_to_their_entry(void **state)
{
	tu_store *s = *state;
	msglist out = MSGLIST_INIT;
	verify_report rep;
	cJSON *v = tu_json(TU_INSPECTION);
	long long first = 0, second = 0;

	tu_status(record_create(s->j, 2, "inspection.onsite", v, 0, &first, &out), JL_OK, &out);
	tu_status(record_create(s->j, 2, "inspection.onsite", v, 1, &second, &out), JL_OK, &out);
	tu_status(record_finalize(s->j, first, &out), JL_OK, &out);
	assert_true(tu_int(tu_sql(s), "SELECT ledger_seq FROM records WHERE id = 4") >
		    tu_int(tu_sql(s), "SELECT ledger_seq FROM records WHERE id = 5"));
	tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	assert_int_equal(rep.records, 5);
	tu_must(tu_sql(s), "DROP TRIGGER records_final_kept;"
			   "UPDATE records SET data = json_set(data, '$.place', '别处') WHERE id = 4");
	assert_int_equal(verify_run(s->j, &rep, &out), JL_FOUND);
	tu_expect(&out, "R22.3", "ledger #13", "record 4 differs");
	cJSON_Delete(v);
	msglist_free(&out);
}

static void test_snapshot_holds_while_another_session_writes(void **state)
{
	tu_store *s = *state;
	sqlite3 *other = NULL;
	int began;

	began = db_snapshot_begin(s->j->db);
	assert_int_equal(began, 1);
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM ledger"), 11);
	assert_int_equal(sqlite3_open(s->db, &other), SQLITE_OK);
	tu_must(other, "INSERT INTO meta(key, value) VALUES ('written', 'meanwhile')");
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM meta WHERE key = 'written'"), 0);
	/* Inside it, another begin is a no-op. */
	assert_int_equal(db_snapshot_begin(s->j->db), 0);
	db_snapshot_end(s->j->db, 0);
	assert_false(sqlite3_get_autocommit(tu_sql(s)));
	db_snapshot_end(s->j->db, began);
	assert_true(sqlite3_get_autocommit(tu_sql(s)));
	assert_int_equal(tu_int(tu_sql(s), "SELECT count(*) FROM meta WHERE key = 'written'"), 1);
	sqlite3_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_store_has_an_entry_of_every_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_body_recanonicalises_unchanged, setup, teardown),
		cmocka_unit_test(test_body_at_is_the_top_level_time),
		cmocka_unit_test(test_record_body_escapes_as_canonical_json),
		cmocka_unit_test_setup_teardown(test_role_change_is_a_roster_entry_the_row_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_set_back_to_before_its_change_is_caught, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_changed_behind_the_program_is_caught, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_reads_by_sequence_range_and_by_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_flags_a_rewritten_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_reports_progress_and_can_be_cancelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_file_is_loaded_in_core, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records_finalised_out_of_order_are_each_held_to_their_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_holds_while_another_session_writes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
