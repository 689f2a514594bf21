/* tests/unit/test_ledger.c — the hash-chained ledger (core/ledger.c) and
 * `verify` (core/verify.c): the hash is SHA-256(prev ‖ body), entries chain
 * from the genesis, and a store edited behind the program's back is caught
 * at the right entry. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/ledger.h"
#include "core/officer.h"
#include "core/verify.h"
#include "tests/unit/testutil.h"

/* printf '%s' abc | sha256sum */
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define BODY1 "{\"kind\":\"finalize\",\"seq\":1}"
/* printf '%s%s' <64 zeros> '{"kind":"finalize","seq":1}' | sha256sum */
#define HASH1 "f728db968ffa23667fb0cc1fb46b6e3409d72bfa0a52afc0404c91879355d3f9"
/* printf '%s' '{"kind":"finalize","seq":1}' | sha256sum: the body alone */
#define BODY1_ALONE "2483979483a778d0bfbcf3d93beccd4c0709a12f4283d7334a67db885e466717"
#define BODY2 "{\"kind\":\"amend\",\"seq\":2,\"text\":\"张三\"}"
/* printf '%s%s' SHA_ABC '{"kind":"amend","seq":2,"text":"张三"}' | sha256sum */
#define HASH2_AFTER_ABC "c94573a61bd24e611a6841db425d6b31174ebd964c7acbea1dbce5c00c0f2d05"

/* The ledger body record R's finalisation would have as entry SEQ, with its
 * action and officers as the store holds them now. */
static void ledger_body_of(tu_store *s, const record_row *r, long long seq, buf *out)
{
	action_row a;
	officer_row au, fi;
	record_ledger_ctx x;

	memset(&x, 0, sizeof x); /* data_sha256 NULL: hashed from R's data */
	assert_int_equal(action_get(s->j, r->action_id, &a), JL_OK);
	assert_int_equal(officer_get(s->j, r->author, &au), JL_OK);
	assert_int_equal(officer_get(s->j, r->finalized_by, &fi), JL_OK);
	x.action_kind = a.kind;
	x.action_title = a.title;
	x.action_device = a.device;
	x.action_opened_by = a.opened_by;
	x.action_opened_at = a.opened_at;
	x.author_name = au.name;
	x.author_cert = au.cert;
	x.finalizer_name = fi.name;
	x.finalizer_cert = fi.cert;
	assert_int_equal(record_ledger_body(out, seq, r->amends ? "amend" : "finalize", "T01", r, &x), 0);
	action_row_free(&a);
	officer_row_free(&au);
	officer_row_free(&fi);
}

static void test_sha256_hex_of_abc_is_the_standard_vector(void **state)
{
	char out[LEDGER_HASH_LEN + 1];

	(void)state;
	ledger_sha256_hex("abc", 3, out);
	assert_string_equal(out, SHA_ABC);
}

static void test_genesis_is_64_zeros(void **state)
{
	(void)state;
	assert_int_equal(strlen(ledger_genesis), LEDGER_HASH_LEN);
	assert_int_equal(strspn(ledger_genesis, "0"), LEDGER_HASH_LEN);
}

static void test_hash_is_sha256_of_prev_then_body(void **state)
{
	char out[LEDGER_HASH_LEN + 1];

	(void)state;
	ledger_hash(ledger_genesis, BODY1, out);
	assert_string_equal(out, HASH1);
	assert_string_not_equal(out, BODY1_ALONE);
	/* UTF-8 as entered, after a real previous hash. */
	ledger_hash(SHA_ABC, BODY2, out);
	assert_string_equal(out, HASH2_AFTER_ABC);
}

static void test_hash_changes_with_prev_and_with_body(void **state)
{
	char a[LEDGER_HASH_LEN + 1], b[LEDGER_HASH_LEN + 1];

	(void)state;
	ledger_hash(ledger_genesis, BODY1, a);
	ledger_hash(SHA_ABC, BODY1, b);
	assert_string_not_equal(a, b);
	ledger_hash(ledger_genesis, "{\"kind\":\"finalize\",\"seq\":2}", b);
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "0123456789abcdef"), LEDGER_HASH_LEN);
}

static void test_append_chains_from_the_genesis(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "l.db");
	msglist err = MSGLIST_INIT;
	db *d = NULL;
	char *s;

	(void)state;
	tu_status(db_open(path, 1, &d, &err), JL_OK, &err);
	assert_int_equal(ledger_next_seq(d), 1);
	assert_int_equal(db_begin(d), JL_OK);
	assert_int_equal(ledger_append(d, 1, "T01", "finalize", "record:1", BODY1, NULL), JL_OK);
	assert_int_equal(ledger_next_seq(d), 2);
	assert_int_equal(ledger_append(d, 2, "T01", "amend", "record:2", BODY2, NULL), JL_OK);
	assert_int_equal(db_commit(d), JL_OK);
	assert_int_equal(ledger_next_seq(d), 3);

	s = tu_text(db_sqlite(d), "SELECT prev_hash FROM ledger WHERE seq = 1");
	assert_string_equal(s, ledger_genesis);
	free(s);
	s = tu_text(db_sqlite(d), "SELECT hash FROM ledger WHERE seq = 1");
	assert_string_equal(s, HASH1);
	free(s);
	s = tu_text(db_sqlite(d), "SELECT prev_hash FROM ledger WHERE seq = 2");
	assert_string_equal(s, HASH1);
	free(s);
	{
		char want[LEDGER_HASH_LEN + 1];
		ledger_hash(HASH1, BODY2, want);
		s = tu_text(db_sqlite(d), "SELECT hash FROM ledger WHERE seq = 2");
		assert_string_equal(s, want);
		free(s);
	}
	s = tu_text(db_sqlite(d), "SELECT device || ' ' || kind || ' ' || subject || ' ' || body "
				  "FROM ledger WHERE seq = 2");
	assert_string_equal(s, "T01 amend record:2 " BODY2);
	free(s);
	db_close(d);
	free(path);
	tu_rmtree(dir);
}

static void test_append_out_of_sequence_is_refused(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "l.db");
	msglist err = MSGLIST_INIT;
	db *d = NULL;

	(void)state;
	tu_status(db_open(path, 1, &d, &err), JL_OK, &err);
	assert_int_equal(db_begin(d), JL_OK);
	/* No entry 1 yet: entry 2 has nothing to link to. */
	assert_int_equal(ledger_append(d, 2, "T01", "finalize", "record:1", BODY1, NULL), JL_ESTORE);
	assert_int_equal(ledger_append(d, 1, "T01", "finalize", "record:1", BODY1, NULL), JL_OK);
	/* A gap, and a seq taken already. */
	assert_int_equal(ledger_append(d, 3, "T01", "finalize", "record:3", BODY1, NULL), JL_ESTORE);
	assert_int_equal(ledger_append(d, 1, "T01", "finalize", "record:1", BODY2, NULL), JL_ESTORE);
	assert_int_equal(db_commit(d), JL_OK);
	assert_int_equal(tu_int(db_sqlite(d), "SELECT count(*) FROM ledger"), 1);
	db_close(d);
	free(path);
	tu_rmtree(dir);
}

/* Entries cut from the end stay a gap: the next entry takes the next number
 * SQLite remembers, so verify keeps reporting the cut, and recording goes on. */
static void test_append_after_a_cut_tail_leaves_the_gap(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "l.db");
	msglist err = MSGLIST_INIT;
	db *d = NULL;

	(void)state;
	tu_status(db_open(path, 1, &d, &err), JL_OK, &err);
	assert_int_equal(db_begin(d), JL_OK);
	assert_int_equal(ledger_append(d, 1, "T01", "finalize", "record:1", BODY1, NULL), JL_OK);
	assert_int_equal(ledger_append(d, 2, "T01", "finalize", "record:2", BODY2, NULL), JL_OK);
	assert_int_equal(db_commit(d), JL_OK);
	assert_int_equal(sqlite3_exec(db_sqlite(d), "DROP TRIGGER ledger_not_deleted;"
				      "DELETE FROM ledger WHERE seq = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(ledger_next_seq(d), 3);
	assert_int_equal(db_begin(d), JL_OK);
	assert_int_equal(ledger_append(d, 3, "T01", "finalize", "record:3", BODY2, NULL), JL_OK);
	assert_int_equal(db_commit(d), JL_OK);
	assert_int_equal(tu_int(db_sqlite(d), "SELECT count(*) FROM ledger"), 2);
	{
		char *prev3 = tu_text(db_sqlite(d), "SELECT prev_hash FROM ledger WHERE seq = 3");
		char *hash1 = tu_text(db_sqlite(d), "SELECT hash FROM ledger WHERE seq = 1");
		assert_string_equal(prev3, hash1);
		free(prev3);
		free(hash1);
	}
	db_close(d);
	free(path);
	tu_rmtree(dir);
}

/* A store with three final inspections in action 1: records 1..3, ledger
 * entries 5..7 (1 the store's start, 2 and 3 the officers, 4 the action's
 * opening). */
#define E(record) ((record) + 4)
static int setup(void **state)
{
	tu_store *s = tu_store_new();
	long long a = tu_action(s, "inspection");
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(tu_final(s, a, "inspection.onsite", TU_INSPECTION), i + 1);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	tu_store_free(*state);
	return 0;
}

static void test_finalised_records_make_chained_entries(void **state)
{
	tu_store *s = *state;
	sqlite3_stmt *st = NULL;
	char prev[LEDGER_HASH_LEN + 1];
	long long n = 0;

	memcpy(prev, ledger_genesis, sizeof prev);
	assert_int_equal(sqlite3_prepare_v2(tu_sql(s),
		"SELECT seq, device, kind, subject, body, prev_hash, hash FROM ledger ORDER BY seq",
		-1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *body = (const char *)sqlite3_column_text(st, 4);
		char want[LEDGER_HASH_LEN + 1], subject[32];
		buf b = BUF_INIT;
		record_row r;

		assert_string_equal((const char *)sqlite3_column_text(st, 1), "T01");
		/* The link, and the hash of the link and the body, for every entry. */
		assert_string_equal((const char *)sqlite3_column_text(st, 5), prev);
		ledger_hash(prev, body, want);
		assert_string_equal((const char *)sqlite3_column_text(st, 6), want);
		memcpy(prev, want, sizeof prev);
		if (seq < E(1))
			continue;
		n++;
		assert_int_equal(seq, E(n));
		assert_string_equal((const char *)sqlite3_column_text(st, 2), "finalize");
		snprintf(subject, sizeof subject, "record:%lld", n);
		assert_string_equal((const char *)sqlite3_column_text(st, 3), subject);
		/* The body is the record's canonical ledger body. */
		assert_int_equal(record_get(s->j, n, &r), JL_OK);
		assert_int_equal(r.ledger_seq, seq);
		ledger_body_of(s, &r, seq, &b);
		assert_string_equal(buf_str(&b), body);
		buf_free(&b);
		record_row_free(&r);
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 3);
}

static void test_verify_holds_on_an_empty_store(void **state)
{
	tu_store *s = tu_store_new();
	msglist out = MSGLIST_INIT;
	verify_report rep;

	(void)state;
	tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	assert_int_equal(rep.entries, 3); /* the store's start and two officers */
	assert_int_equal(rep.fault_seq, 0);
	assert_int_equal(out.n, 0);
	tu_store_free(s);
}

static void test_verify_holds_on_a_fresh_store_with_records(void **state)
{
	tu_store *s = *state;
	msglist out = MSGLIST_INIT;
	verify_report rep;
	cJSON *v = tu_json("{\"place\":\"昌黎县民生街2号\"}");
	long long amended = 0, b;

	/* Every kind of entry a record or an action makes. */
	tu_status(record_amend(s->j, 2, "地点写错", v, &amended, &out), JL_OK, &out);
	cJSON_Delete(v);
	b = tu_action(s, "inspection");
	tu_final(s, b, "inspection.onsite", TU_INSPECTION);
	tu_status(action_close(s->j, b, &out), JL_OK, &out);

	tu_status(verify_run(s->j, &rep, &out), JL_OK, &out);
	assert_int_equal(out.n, 0);
	assert_int_equal(rep.entries, 11);
	assert_int_equal(rep.records, 5);
	assert_int_equal(rep.actions, 1);
	assert_int_equal(rep.fault_seq, 0);
	msglist_free(&out);
}

/* Runs SQL on a connection of its own, as someone editing the file would. */
static void tamper(tu_store *s, const char *sql)
{
	sqlite3 *h = NULL;

	assert_int_equal(sqlite3_open_v2(s->db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	tu_must(h, "DROP TRIGGER IF EXISTS records_final_kept;"
		   "DROP TRIGGER IF EXISTS records_final_not_deleted;"
		   "DROP TRIGGER IF EXISTS ledger_kept;"
		   "DROP TRIGGER IF EXISTS ledger_not_deleted;");
	tu_must(h, sql);
	sqlite3_close(h);
}

/* Runs verify and fails unless it finds a fault at entry SEQ. */
static void expect_fault(tu_store *s, long long seq, const char *text)
{
	msglist out = MSGLIST_INIT;
	verify_report rep;

	tu_status(verify_run(s->j, &rep, &out), JL_FOUND, &out);
	if (rep.fault_seq != seq) {
		tu_dump(&out);
		fail_msg("fault at entry %lld, want %lld", rep.fault_seq, seq);
	}
	assert_true(out.n >= 1);
	if (seq) {
		char where[32];
		snprintf(where, sizeof where, "ledger #%lld", seq);
		tu_expect(&out, "R22.3", where, text);
	} else {
		tu_expect(&out, "R22.3", NULL, text);
	}
	msglist_free(&out);
}

static void test_verify_finds_changed_record_data(void **state)
{
	tu_store *s = *state;

	tamper(s, "UPDATE records SET data = json_set(data, '$.place', '别处') WHERE id = 2");
	expect_fault(s, E(2), "record 2 differs");
}

static void test_verify_finds_a_changed_signer_of_a_record(void **state)
{
	tu_store *s = *state;

	tamper(s, "UPDATE records SET finalized_by = 'li' WHERE id = 3");
	expect_fault(s, E(3), "who entered or finalised record 3");
}

static void test_verify_finds_a_record_turned_back_into_a_draft(void **state)
{
	tu_store *s = *state;

	tamper(s, "UPDATE records SET state = 'draft' WHERE id = 1");
	expect_fault(s, E(1), "record 1");
}

static void test_verify_finds_a_deleted_record_row(void **state)
{
	tu_store *s = *state;

	tamper(s, "DELETE FROM records WHERE id = 2");
	expect_fault(s, E(2), "record 2 is missing");
}

static void test_verify_finds_a_deleted_ledger_row_in_the_middle(void **state)
{
	tu_store *s = *state;

	tamper(s, "DELETE FROM ledger WHERE seq = 6");
	expect_fault(s, E(2), "#6 is missing");
}

static void test_verify_finds_the_last_ledger_row_deleted(void **state)
{
	tu_store *s = *state;

	tamper(s, "DELETE FROM ledger WHERE seq = 7");
	expect_fault(s, E(3), "had reached #7");
}

static void test_verify_finds_a_rewritten_hash(void **state)
{
	tu_store *s = *state;

	tamper(s, "UPDATE ledger SET hash = '" SHA_ABC "' WHERE seq = 6");
	expect_fault(s, E(2), "hash does not match");
}

static void test_verify_finds_a_short_rewritten_hash_without_reading_past_it(void **state)
{
	tu_store *s = *state;

	/* A hash cut short: found at its own entry. (verify once copied 64 bytes
	 * of it whatever its length; SQLite's page memory hid that from ASan.) */
	tamper(s, "UPDATE ledger SET hash = 'bad' WHERE seq = 6");
	expect_fault(s, E(2), "hash does not match");
}

static void test_verify_finds_a_rewritten_body(void **state)
{
	tu_store *s = *state;

	tamper(s, "UPDATE ledger SET body = replace(body, '\"form\":\"inspection.onsite\"',"
		  " '\"form\":\"inspection.other\"') WHERE seq = 5");
	expect_fault(s, E(1), "hash does not match");
}

/* Rewrites record 2, its entry's body and hash consistently: only the link
 * from entry 3 gives it away. */
static void test_verify_finds_a_consistently_rewritten_entry_at_the_next_link(void **state)
{
	tu_store *s = *state;
	char *prev = tu_text(tu_sql(s), "SELECT prev_hash FROM ledger WHERE seq = 6");
	char hash[LEDGER_HASH_LEN + 1];
	buf body = BUF_INIT, sql = BUF_INIT;
	record_row r;

	tamper(s, "UPDATE records SET data = json_set(data, '$.place', '别处') WHERE id = 2");
	assert_int_equal(record_get(s->j, 2, &r), JL_OK);
	ledger_body_of(s, &r, E(2), &body);
	ledger_hash(prev, buf_str(&body), hash);
	{
		char *q = sqlite3_mprintf("UPDATE ledger SET body = %Q, hash = %Q WHERE seq = 6",
					  buf_str(&body), hash);
		buf_puts(&sql, q);
		sqlite3_free(q);
	}
	tamper(s, buf_str(&sql));
	expect_fault(s, E(3), "link");
	record_row_free(&r);
	buf_free(&body);
	buf_free(&sql);
	free(prev);
}

static void test_verify_finds_entries_swapped(void **state)
{
	tu_store *s = *state;

	tamper(s, "UPDATE ledger SET seq = 100 WHERE seq = 6;"
		  "UPDATE ledger SET seq = 6 WHERE seq = 7;"
		  "UPDATE ledger SET seq = 7 WHERE seq = 100;");
	expect_fault(s, E(2), "link");
}

static void test_verify_finds_a_final_record_no_entry_vouches_for(void **state)
{
	tu_store *s = *state;

	tamper(s, "INSERT INTO records(action_id, form, form_version, state, data, author, device, "
		  "created_at, updated_at, finalized_at, finalized_by) "
		  "SELECT action_id, form, form_version, state, data, author, device, created_at, "
		  "updated_at, finalized_at, finalized_by FROM records WHERE id = 1");
	expect_fault(s, 0, "record 4 has no ledger entry");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_hex_of_abc_is_the_standard_vector),
		cmocka_unit_test(test_genesis_is_64_zeros),
		cmocka_unit_test(test_hash_is_sha256_of_prev_then_body),
		cmocka_unit_test(test_hash_changes_with_prev_and_with_body),
		cmocka_unit_test(test_append_chains_from_the_genesis),
		cmocka_unit_test(test_append_out_of_sequence_is_refused),
		cmocka_unit_test(test_append_after_a_cut_tail_leaves_the_gap),
		cmocka_unit_test_setup_teardown(test_finalised_records_make_chained_entries, setup, teardown),
		cmocka_unit_test(test_verify_holds_on_an_empty_store),
		cmocka_unit_test_setup_teardown(test_verify_holds_on_a_fresh_store_with_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_changed_record_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_changed_signer_of_a_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_record_turned_back_into_a_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_deleted_record_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_deleted_ledger_row_in_the_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_the_last_ledger_row_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_rewritten_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_short_rewritten_hash_without_reading_past_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_rewritten_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_consistently_rewritten_entry_at_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_entries_swapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_a_final_record_no_entry_vouches_for, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
