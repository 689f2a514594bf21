# tests/cli/test_access_log.sh — the access log (R22.2): each display and
# export is one chained ledger entry; `jilu log` lists them for supervisors
# and heads only; `verify` catches one deleted behind jilu's back.

log_store() {
	# Every entry at JILU_NOW, none by the real clock: the ledger's times
	# only go forward, whatever day the tests run.
	export JILU_NOW=2026-12-01T16:00
	setup_store
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail sun
	jilu --as zhang officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail liu
	A=$(jilu action open inspection --title 检查) || fail open
	R=$(jilu record new "$A" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		place=某超市 situation=货架整齐 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize) || fail record
}

test_log_lists_each_show_and_export_with_who_and_device() {
	log_store
	jilu --as li record show "$R" >/dev/null || fail show
	jilu --as zhang export "$A" >/dev/null || fail export
	expect_exit 0 jilu --lang en --as sun log
	expect_eq 2 "$(printf '%s\n' "$OUT" | grep -c .)" "entries"
	expect_in "li  T01  show action $A  records $R" "$OUT"
	expect_in "zhang  T01  export action $A  records $R" "$OUT"
	expect_exit 0 jilu --as liu log --officer li --json
	expect_in '"show"' "$OUT"
	expect_not_in '"export"' "$OUT"
	expect_exit 0 jilu --as sun log --record "$R" --action "$A" --since 2026-12-01
	expect_eq 2 "$(printf '%s\n' "$OUT" | grep -c .)" "entries of the record"
	expect_exit 0 jilu --as sun log --since 2026-12-02
	expect_eq "" "$OUT" "nothing since"
	expect_exit 0 jilu verify
}

test_log_row_only_supervisors_and_heads_read_the_log_r22_2() {
	log_store
	for who in zhang li; do
		expect_exit 6 jilu --as $who log
		expect_in "R22.2" "$ERR"
		expect_in "政策法规股或行政机关负责人" "$ERR"
	done
	expect_exit 6 jilu log
	expect_exit 0 jilu --as sun log
	expect_exit 0 jilu --as liu log
}

test_verify_catches_an_access_entry_deleted_with_sqlite3() {
	log_store
	jilu --as li record show "$R" >/dev/null || fail show
	jilu --as li record show "$R" >/dev/null || fail show
	jilu action close "$A" --force --reason 测试 >/dev/null || fail close
	expect_exit 0 jilu verify
	local seq
	seq=$(sqlite3 "$JILU_DB" "SELECT min(seq) FROM ledger WHERE kind = 'access'")
	sqlite3 "$JILU_DB" "DROP TRIGGER ledger_not_deleted; DELETE FROM ledger WHERE seq = $seq" || fail tamper
	expect_exit 1 jilu verify
	expect_in "ledger #$seq: 存证链记录 #$seq 缺失（被删除）" "$OUT$ERR"
}
