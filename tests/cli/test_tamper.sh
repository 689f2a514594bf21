# Tamper evidence: `jilu verify` passes an untouched store and catches a
# database edited behind the program's back, naming the entry or record
# that does not hold (R22.3, DESIGN.md "The ledger").
#
# Every test builds the same store (make_store), tampers with it the way
# someone holding the file could — sqlite3, after dropping the triggers that
# guard final rows — and expects `jilu verify` to exit 1 and say where.
#
# The store, one ledger entry per protected event:
#   ledger #1  init      device T01 (the store's start)
#   ledger #2  officer   zhang
#   ledger #3  officer   li
#   ledger #4  open      action 1  (超市检查)
#   ledger #5  finalize  record 1  (action 1, 某超市)
#   ledger #6  finalize  record 2  (action 1, 某饭店, 后厨整洁)
#   ledger #7  amend     record 3  (amends record 1: place 某超市二楼)
#   ledger #8  media     media 1   (photo.jpg on record 1)
#   ledger #9  close     action 1
#   ledger #10 open      action 2  (药店检查)
#   ledger #11 finalize  record 4  (action 2, 某药店)
# A record's entry holds its data by SHA-256 (data_sha256), not a copy.
# plus record 5, a draft in action 2 (drafts are not protected).

# sqlite3 on the store, as a tamperer would use it.
tamper() { sqlite3 "$JILU_DB" "$@" || fail "tamper sql failed: $*"; }

# Drops the named triggers (the program's own guards against its bugs).
unguard() {
	local t
	for t in "$@"; do tamper "DROP TRIGGER $t"; done
}

q() { sqlite3 "$JILU_DB" "$@"; }

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" "$@"
}

make_store() {
	setup_store
	local a1 a2 r1 r2 r3 r4 r5 m1
	a1=$(jilu action open inspection --title 超市检查) || fail "open action 1"
	r1=$(onsite "$a1" place=某超市 situation=货架整齐 --finalize) || fail "record 1"
	r2=$(onsite "$a1" place=某饭店 situation=后厨整洁 --finalize) || fail "record 2"
	r3=$(jilu record amend "$r1" --reason 地址笔误 place=某超市二楼) || fail "amend"
	seq 1 20000 >photo.jpg
	m1=$(jilu media add "$r1" photo.jpg --kind photo) || fail "media add"
	jilu action close "$a1" >/dev/null || fail "close action 1"
	a2=$(jilu action open inspection --title 药店检查) || fail "open action 2"
	r4=$(onsite "$a2" place=某药店 situation=药品齐全 --finalize) || fail "record 4"
	r5=$(onsite "$a2" place=某药店 situation=草稿) || fail "record 5"
	expect_eq "1 2 3 4 5 1 1 2" "$r1 $r2 $r3 $r4 $r5 $m1 $a1 $a2" "ids"
	expect_eq "1|init|device:T01 2|officer|officer:zhang 3|officer|officer:li 4|open|action:1 5|finalize|record:1 6|finalize|record:2 7|amend|record:3 8|media|media:1 9|close|action:1 10|open|action:2 11|finalize|record:4" \
		"$(q 'SELECT seq, kind, subject FROM ledger ORDER BY seq' | tr '\n' ' ' | sed 's/ $//')" "ledger"
	MEDIA_SHA=$(sha256sum photo.jpg | cut -c1-64)
	MEDIA_FILE=$PWD/media/${MEDIA_SHA:0:2}/$MEDIA_SHA
	[ -f "$MEDIA_FILE" ] || fail "media file not at its content address $MEDIA_FILE"
}

# Expects verify to exit 1 and its message to contain every argument.
expect_caught() {
	local what
	expect_exit 1 jilu --lang en verify
	for what in "$@"; do
		case "$ERR" in
		*"$what"*) ;;
		*) TEST_FAILED=1
		   printf '    FAIL %s: verify did not say %s:\n%s\n' "${FUNCNAME[1]}" "$what" "$ERR" >&2 ;;
		esac
	done
}

# sha256(prev_hash || body) of ledger entry SEQ as it now stands.
entry_hash() {
	{ q "SELECT prev_hash FROM ledger WHERE seq = $1" | tr -d '\n'
	  q "SELECT body FROM ledger WHERE seq = $1" | tr -d '\n'; } | sha256sum | cut -c1-64
}

test_untouched_store_verifies() {
	make_store
	expect_exit 0 jilu --lang en verify
	expect_in "11 entries" "$OUT"
	expect_eq "" "$ERR" "stderr"
	# The stored hashes are what the design says: sha256(prev_hash || body).
	for s in 1 2 3 4 5 6 7 8 9 10 11; do
		expect_eq "$(q "SELECT hash FROM ledger WHERE seq = $s")" "$(entry_hash $s)" "hash of #$s"
	done
	expect_eq "0000000000000000000000000000000000000000000000000000000000000000" \
		"$(q 'SELECT prev_hash FROM ledger WHERE seq = 1')" "genesis"
	# A draft is not protected: changing it is no fault.
	q "UPDATE records SET data = replace(data, '草稿', '草稿二') WHERE id = 5"
	expect_exit 0 jilu verify
}

test_value_changed_in_final_record_is_caught() {
	make_store
	unguard records_final_kept
	tamper "UPDATE records SET data = replace(data, '后厨整洁', '后厨脏乱') WHERE id = 2"
	expect_eq 1 "$(q "SELECT count(*) FROM records WHERE id = 2 AND data LIKE '%后厨脏乱%'")" "tampered"
	expect_caught "ledger #6" "record 2 differs"
	# The default language says the same.
	expect_exit 1 jilu verify
	expect_in "ledger #6" "$ERR"
	expect_in "记录 2" "$ERR"
}

test_any_column_of_a_final_record_changed_is_caught() {
	make_store
	unguard records_final_kept
	sqlite3 "$JILU_DB" ".backup pristine.db"
	local set
	for set in "action_id = 2" "form = 'inspection.notice'" "form_version = 99" \
		   "author = 'li'" "device = 'T02'" "created_at = '2020-01-01T00:00:00+08:00'" \
		   "finalized_at = '2020-01-01T00:00:00+08:00'" "finalized_by = 'li'" \
		   "amends = NULL" "reason = '别的理由'" "id = 30"; do
		cp pristine.db "$JILU_DB"
		tamper "UPDATE records SET $set WHERE id = 3"
		expect_caught "ledger #7"
		[ "$TEST_FAILED" = 0 ] || { fail "not caught: $set"; return; }
	done
}

test_final_record_deleted_is_caught() {
	make_store
	unguard records_final_not_deleted
	tamper "DELETE FROM records WHERE id = 2"
	expect_caught "ledger #6" "record 2 is missing"
}

test_ledger_entry_deleted_in_the_middle_is_caught() {
	make_store
	unguard ledger_not_deleted
	tamper "DELETE FROM ledger WHERE seq = 7"
	expect_caught "ledger #7" "missing"
}

test_ledger_entry_deleted_and_the_rest_renumbered_is_caught() {
	make_store
	unguard ledger_not_deleted ledger_kept
	tamper "DELETE FROM ledger WHERE seq = 7;
		UPDATE ledger SET seq = seq - 1 WHERE seq > 7;
		UPDATE sqlite_sequence SET seq = 10 WHERE name = 'ledger'"
	expect_caught "ledger #7" "link"
}

test_ledger_tail_cut_with_its_record_is_caught() {
	make_store
	unguard ledger_not_deleted records_final_not_deleted
	tamper "DELETE FROM ledger WHERE seq = 11; DELETE FROM records WHERE id = 4"
	expect_eq "10" "$(q 'SELECT max(seq) FROM ledger')" "ledger end"
	expect_caught "ledger #11" "had reached #11"
}

test_ledger_entries_reordered_are_caught() {
	make_store
	unguard ledger_kept
	tamper "UPDATE ledger SET seq = -2 WHERE seq = 6; UPDATE ledger SET seq = 6 WHERE seq = 7;
		UPDATE ledger SET seq = 7 WHERE seq = -2"
	expect_eq "amend" "$(q 'SELECT kind FROM ledger WHERE seq = 6')" "swapped"
	expect_caught "ledger #6" "link"
}

test_ledger_entries_reordered_with_their_rows_are_caught() {
	# Swapping the entries' contents and pointing the records at their new
	# places still breaks the chain: each entry's prev_hash names its old
	# predecessor, and its body its old number.
	make_store
	unguard ledger_kept records_final_kept
	tamper "UPDATE ledger SET seq = -2 WHERE seq = 6; UPDATE ledger SET seq = 6 WHERE seq = 5;
		UPDATE ledger SET seq = 5 WHERE seq = -2;
		UPDATE records SET ledger_seq = 11 - ledger_seq WHERE id IN (1, 2)"
	expect_caught "ledger #5"
}

test_entry_hash_rewritten_is_caught() {
	make_store
	unguard ledger_kept
	local other
	other=$(printf 'something else' | sha256sum | cut -c1-64)
	tamper "UPDATE ledger SET hash = '$other' WHERE seq = 8"
	expect_caught "ledger #8" "hash does not match"
}

test_last_entry_hash_rewritten_is_caught() {
	make_store
	unguard ledger_kept
	tamper "UPDATE ledger SET hash = upper(hash) WHERE seq = 11"
	expect_caught "ledger #11" "hash does not match"
}

test_entry_hash_cut_short_is_caught() {
	# (Under ASan this also guards against reading past a short hash.)
	make_store
	unguard ledger_kept
	tamper "UPDATE ledger SET hash = 'x' WHERE seq = 6"
	expect_caught "ledger #6" "hash does not match"
}

test_entry_body_rewritten_with_hash_recomputed_is_caught_by_its_record() {
	make_store
	unguard ledger_kept
	# The body holds the data by its SHA-256: put another data's there.
	local other
	other=$(printf '{"situation":"后厨脏乱"}' | sha256sum | cut -c1-64)
	tamper "UPDATE ledger SET body = replace(body, json_extract(body, '\$.record.data_sha256'),
		'$other') WHERE seq = 6"
	expect_in "$other" "$(q 'SELECT body FROM ledger WHERE seq = 6')"
	tamper "UPDATE ledger SET hash = '$(entry_hash 6)' WHERE seq = 6"
	expect_caught "ledger #6" "record 2 differs"
}

test_entry_and_record_rewritten_together_break_the_next_link() {
	# A consistent rewrite of record 2, its entry's body (the new data's
	# SHA-256) and its hash: entry #6 now holds on its own, so what gives it
	# away is #7's link.
	make_store
	unguard ledger_kept records_final_kept
	tamper "UPDATE records SET data = replace(data, '后厨整洁', '后厨脏乱') WHERE id = 2"
	local sha
	sha=$(q 'SELECT data FROM records WHERE id = 2' | tr -d '\n' | sha256sum | cut -c1-64)
	tamper "UPDATE ledger SET body = replace(body, json_extract(body, '\$.record.data_sha256'),
		'$sha') WHERE seq = 6"
	tamper "UPDATE ledger SET hash = '$(entry_hash 6)' WHERE seq = 6"
	expect_caught "ledger #7" "link"
	expect_not_in "ledger #6" "$ERR"
}

# jilu compares rows with their entries as C strings; text hidden after a NUL
# byte would be invisible to that comparison but not to anyone reading the
# file with other tools.
test_text_hidden_after_a_nul_in_a_final_record_is_caught() {
	make_store
	unguard records_final_kept
	tamper "UPDATE records SET data = data || char(0) || '{\"result\":\"violation\"}' WHERE id = 2"
	expect_eq 1 "$(q "SELECT instr(CAST(data AS BLOB), X'00') > 0 FROM records WHERE id = 2")" "tampered"
	expect_caught "record 2 hides a NUL byte"
}

test_text_hidden_after_a_nul_in_an_entry_is_caught() {
	make_store
	unguard ledger_kept
	tamper "UPDATE ledger SET body = body || char(0) || 'more' WHERE seq = 6"
	expect_caught "ledger #6" "NUL"
}

test_text_hidden_after_a_nul_in_an_attachment_or_action_is_caught() {
	make_store
	unguard media_kept actions_closed_kept actions_opened_kept
	sqlite3 "$JILU_DB" ".backup pristine.db"
	tamper "UPDATE media SET name = name || char(0) || '.exe' WHERE id = 1"
	expect_caught "attachment 1 hides a NUL byte"
	cp pristine.db "$JILU_DB"
	tamper "UPDATE actions SET title = title || char(0) || '（撤销）' WHERE id = 1"
	expect_caught "action 1 hides a NUL byte"
	# A draft is no one's business.
	cp pristine.db "$JILU_DB"
	tamper "UPDATE records SET data = data || char(0) WHERE id = 5"
	expect_exit 0 jilu verify
}

test_final_record_flipped_back_to_draft_is_caught() {
	make_store
	unguard records_final_kept
	tamper "UPDATE records SET state = 'draft' WHERE id = 2"
	expect_caught "ledger #6" "record 2"
	# Now the program would let anyone edit it:
	expect_exit 0 jilu --as zhang record set 2 situation=后厨脏乱
}

test_final_record_flipped_to_draft_and_unlinked_is_caught() {
	make_store
	unguard records_final_kept
	tamper "UPDATE records SET state = 'draft', finalized_at = NULL, finalized_by = NULL,
		ledger_seq = NULL WHERE id = 4"
	expect_caught "ledger #11" "record 4"
}

test_final_record_inserted_without_entry_is_caught() {
	make_store
	tamper "INSERT INTO records(id, action_id, form, form_version, state, data, author, device,
		created_at, updated_at, finalized_at, finalized_by)
		SELECT 40, action_id, form, form_version, 'final',
		replace(data, '后厨整洁', '后厨脏乱'), author, device, created_at, updated_at,
		finalized_at, finalized_by FROM records WHERE id = 2"
	expect_caught "final record 40 has no ledger entry"
}

test_final_record_inserted_claiming_another_entry_is_caught() {
	make_store
	tamper "INSERT INTO records(id, action_id, form, form_version, state, data, author, device,
		created_at, updated_at, finalized_at, finalized_by, ledger_seq)
		SELECT 41, action_id, form, form_version, 'final', data, author, device, created_at,
		updated_at, finalized_at, finalized_by, ledger_seq FROM records WHERE id = 2"
	expect_caught "record 41"
}

test_closed_action_changed_is_caught() {
	make_store
	unguard actions_closed_kept actions_opened_kept
	tamper "UPDATE actions SET title = '别的检查' WHERE id = 1"
	# The first entry that no longer holds is the action's opening.
	expect_caught "ledger #4" "action 1 differs from what was opened"
}

test_open_action_changed_under_a_final_record_is_caught() {
	make_store
	unguard actions_opened_kept
	tamper "UPDATE actions SET kind = 'penalty', title = '改过的标题' WHERE id = 2"
	expect_caught "ledger #10" "action 2 differs from what was opened"
}

test_open_action_deleted_under_a_final_record_is_caught() {
	make_store
	tamper "PRAGMA foreign_keys = OFF; DELETE FROM actions WHERE id = 2"
	expect_caught "ledger #10" "action 2 is missing"
}

test_officer_renamed_after_finalising_is_caught() {
	make_store
	unguard officers_vouched_kept
	tamper "UPDATE officers SET name = '王五' WHERE id = 'zhang'"
	# Caught at the roster entry itself, before any record of the officer.
	expect_caught "ledger #2" "officer zhang's name, certificate or role differs"
}

test_closed_action_reopened_is_caught() {
	make_store
	unguard actions_closed_kept
	tamper "UPDATE actions SET closed_at = NULL, closed_by = NULL, ledger_seq = NULL WHERE id = 1"
	expect_caught "ledger #9" "action 1"
}

test_dump_and_load_round_trip_verifies() {
	make_store
	sqlite3 "$JILU_DB" .dump >dump.sql || fail "dump"
	sqlite3 new.db <dump.sql || fail "load"
	expect_exit 0 jilu --db new.db verify
	# The loaded copy carries on the chain where the original stopped.
	expect_exit 0 jilu --db new.db record finalize 5
	expect_eq "12|finalize|record:5" "$(sqlite3 new.db 'SELECT seq, kind, subject FROM ledger WHERE seq = 12')" "next entry"
	expect_exit 0 jilu --db new.db verify
}

test_value_edited_in_a_dump_is_caught() {
	make_store
	sqlite3 "$JILU_DB" .dump >dump.sql || fail "dump"
	sed -i '/^INSERT INTO records VALUES(2,/s/后厨整洁/后厨脏乱/' dump.sql
	expect_eq 1 "$(grep -c 后厨脏乱 dump.sql)" "edits in the dump"
	sqlite3 new.db <dump.sql || fail "load"
	expect_exit 1 jilu --db new.db --lang en verify
	expect_in "ledger #6" "$ERR"
	expect_in "record 2 differs" "$ERR"
}

test_dump_with_the_tail_cut_is_caught() {
	# Cutting the last entry and its record out of the dump text: the dump
	# also carries sqlite_sequence, which still says how far the ledger went.
	make_store
	sqlite3 "$JILU_DB" .dump >dump.sql || fail "dump"
	sed -i -e '/^INSERT INTO ledger VALUES(11,/d' -e '/^INSERT INTO records VALUES(4,/d' dump.sql
	sqlite3 new.db <dump.sql || fail "load"
	expect_eq "10" "$(sqlite3 new.db 'SELECT max(seq) FROM ledger')" "ledger end"
	expect_exit 1 jilu --db new.db --lang en verify
	expect_in "ledger #11" "$ERR"
}

test_media_file_changed_is_caught() {
	make_store
	printf 'X' | dd of="$MEDIA_FILE" bs=1 seek=100 conv=notrunc status=none
	expect_eq "$(stat -c %s photo.jpg)" "$(stat -c %s "$MEDIA_FILE")" "size kept"
	expect_caught "ledger #8" "attachment 1" "photo.jpg" "changed"
}

test_media_file_truncated_is_caught() {
	make_store
	truncate -s 4096 "$MEDIA_FILE"
	expect_caught "ledger #8" "attachment 1" "photo.jpg" "truncated"
}

test_media_file_emptied_is_caught() {
	make_store
	: >"$MEDIA_FILE"
	expect_caught "ledger #8" "attachment 1" "truncated"
}

test_media_file_deleted_is_caught() {
	make_store
	rm "$MEDIA_FILE"
	expect_caught "ledger #8" "attachment 1" "photo.jpg" "missing"
}

test_media_file_swapped_with_its_row_rewritten_is_caught() {
	make_store
	unguard media_kept
	seq 5 20000 >other.jpg
	local sha
	sha=$(sha256sum other.jpg | cut -c1-64)
	mkdir -p "media/${sha:0:2}" && cp other.jpg "media/${sha:0:2}/$sha"
	tamper "UPDATE media SET sha256 = '$sha', size = $(stat -c %s other.jpg) WHERE id = 1"
	expect_caught "ledger #8" "attachment 1"
}

test_media_row_name_changed_is_caught() {
	make_store
	unguard media_kept
	tamper "UPDATE media SET name = 'other.jpg' WHERE id = 1"
	expect_caught "ledger #8" "attachment 1: its row was changed"
}

test_media_row_kind_changed_is_caught() {
	make_store
	unguard media_kept
	tamper "UPDATE media SET kind = 'surveillance' WHERE id = 1"
	expect_caught "ledger #8" "attachment 1: its row was changed"
}

test_media_row_moved_to_another_record_is_caught() {
	make_store
	unguard media_kept
	tamper "UPDATE media SET record_id = 2 WHERE id = 1"
	expect_caught "ledger #8" "attachment 1"
}

test_media_row_deleted_is_caught() {
	make_store
	unguard media_not_deleted
	tamper "DELETE FROM media WHERE id = 1"
	expect_caught "ledger #8" "attachment 1 is missing"
}

test_media_row_inserted_without_entry_is_caught() {
	make_store
	tamper "INSERT INTO media(id, record_id, sha256, name, kind, size, captured_at, stored_at,
		added_by, device) SELECT 9, 2, sha256, 'extra.jpg', kind, size, captured_at, stored_at,
		added_by, device FROM media WHERE id = 1"
	expect_caught "attachment 9 has no ledger entry"
}

# A tail cut with its record is not hidden by the next entry: the next one
# takes the number after the highest ever used, and the gap stays.
test_cut_tail_stays_caught_after_more_records() {
	make_store
	unguard ledger_not_deleted records_final_not_deleted
	tamper "DELETE FROM ledger WHERE seq = 11; DELETE FROM records WHERE id = 4"
	expect_exit 0 onsite 2 place=某药店 situation=又一次检查 --finalize
	expect_eq 12 "$(q 'SELECT max(seq) FROM ledger')" "next entry"
	expect_caught "ledger #11" "missing"
}

# A draft inserted behind jilu's back that names a final record as the one
# it corrects would hide that record from check and refuse a real amendment.
test_draft_posing_as_a_correction_is_caught() {
	make_store
	tamper "INSERT INTO records(action_id, form, form_version, state, data, author, device, created_at, updated_at, amends) VALUES (2, 'inspection.onsite', 1, 'draft', '{}', 'zhang', 'T01', 'x', 'x', 4)"
	expect_caught "claims to correct record 4"
	expect_exit 0 jilu record amend 4 --reason 补记 situation=药品齐全有序
}

# A state only C reads as "final" (a blob, a trailing NUL) must not pass for
# a final record that no entry vouches for.
test_forged_state_that_reads_as_final_is_caught() {
	make_store
	tamper "PRAGMA ignore_check_constraints = 1; INSERT INTO records(action_id, form, form_version, state, data, author, device, created_at, updated_at, finalized_at, finalized_by) VALUES (2, 'inspection.onsite', 1, CAST('final' AS BLOB), '{}', 'zhang', 'T01', 'x', 'x', 'x', 'zhang')"
	expect_caught "state jilu never writes"
	expect_exit 0 jilu record show 6
	expect_not_in "【定稿】" "$OUT"
}
