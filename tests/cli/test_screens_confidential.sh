# Confidential records (R20.2) and the access log (R22.2) in the screens:
# the unentitled see a confidential record's form, time and 涉密，无权查阅,
# never its content (nor its party on home, nor the findings that quote it);
# the entitled read it, and each visit is one access entry, as `record show`
# writes. The screens through tmux (tui_lib.sh), the real binary and store.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

SECRET_TEXT=线索人甲乙丙

# zhang opens the action and finalises a confidential record in it (one of
# its officers did not show the certificate: a finding that names him);
# wang is an officer of nothing here, sun a supervisor. Sets A, R.
secret_store() {
	setup_store
	jilu --as zhang officer add wang --name 王强 --cert 13008 >/dev/null || fail wang
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail sun
	A=$(jilu action open inspection --title 举报核查) || fail open
	R=$(jilu record new "$A" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		place=某超市 "situation=$SECRET_TEXT" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]' \
		"signatures:=$SIGS_INSPECTION" 'confidential:=true' --finalize) || fail "record: $R"
}

# The access entries of the log, as a supervisor reads them.
log_lines() { jilu --lang en --as sun log | grep -c "$1"; }

test_screens_confidential_unentitled_sees_only_that_it_exists() {
	secret_store
	# The command line agrees that wang may not read it (core's rule).
	expect_exit 0 jilu --as wang record show "$R"
	expect_in "涉密，无权查阅" "$OUT"
	local before
	before=$(sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger WHERE kind = 'access'")
	tui_start -- --as wang
	tui_wait "举报核查" || return
	expect_not_in "昌黎县某超市" "$(tui_screen)" # home's party column
	tui_keys Enter
	tui_wait "现场笔录  定稿" || return
	sleep 0.3
	local s
	s=$(tui_screen)
	expect_in "涉密，无权查阅" "$s"
	expect_not_in "$SECRET_TEXT" "$s"
	expect_not_in "李四" "$s"
	expect_not_in "张三" "$s"
	# Enter on it: refused, its form and time said; no form opens.
	tui_keys Down; tui_keys Enter
	tui_wait "《现场笔录》" || return
	sleep 0.3
	s=$(tui_screen)
	expect_in "涉密，无权查阅" "$s"
	expect_not_in "$SECRET_TEXT" "$s"
	expect_not_in "检查开始时间" "$s"
	# Not by amending either.
	tui_keys a
	sleep 0.5
	s=$(tui_screen)
	expect_not_in "$SECRET_TEXT" "$s"
	expect_not_in "更正原因" "$s"
	tui_stop
	expect_eq "$before" "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger WHERE kind = 'access'")" \
		"no access entry: nothing was shown"
}

test_screens_confidential_entitled_reads_it_and_the_visit_is_logged_once() {
	secret_store
	tui_start -- --as zhang
	tui_wait "举报核查" || return
	tui_keys Enter
	tui_wait "现场笔录  定稿" || return
	# The finding that quotes the record, for one who may read it.
	tui_wait "李四" || return
	tui_keys Down; tui_keys Enter
	tui_wait "$SECRET_TEXT" || return
	# Redraws and moves within the visit write nothing more.
	tui_keys Down Down Up r
	sleep 1
	tui_keys q
	tui_wait "举报核查" || return
	tui_stop
	expect_exit 0 jilu --lang en --as sun log
	expect_eq 1 "$(printf '%s\n' "$OUT" | grep -c "zhang  T01  show action $A  records $R")" "one entry for the visit"
	expect_exit 0 jilu verify
}

test_screens_confidential_supervisor_reads_it() {
	secret_store
	tui_start -- --as sun
	tui_wait "举报核查" || return
	tui_keys Enter
	tui_wait "现场笔录  定稿" || return
	tui_keys Down; tui_keys Enter
	tui_wait "$SECRET_TEXT" || return
	tui_stop
	expect_eq 1 "$(log_lines "sun  T01  show action $A  records $R")" "sun's visit"
}

test_screens_export_is_logged() {
	secret_store
	tui_start -- --as zhang
	tui_wait "举报核查" || return
	tui_keys Enter
	tui_wait "现场笔录  定稿" || return
	tui_keys e; tui_wait "$EDITING" || return
	tui_keys C-u; tui_type "$TEST_DIR/case.txt"; tui_keys Enter
	tui_wait "案卷已导出" 30 || return
	tui_stop
	expect_in "$SECRET_TEXT" "$(cat "$TEST_DIR/case.txt")"
	expect_eq 1 "$(log_lines "zhang  T01  export action $A  records $R")" "the export's entry"
}

test_screens_export_by_the_unentitled_is_sealed_and_logged() {
	secret_store
	tui_start -- --as wang
	tui_wait "举报核查" || return
	tui_keys Enter
	tui_wait "现场笔录  定稿" || return
	tui_keys e; tui_wait "$EDITING" || return
	tui_keys C-u; tui_type "$TEST_DIR/case.txt"; tui_keys Enter
	tui_wait "案卷已导出" 30 || return
	tui_stop
	expect_not_in "$SECRET_TEXT" "$(cat "$TEST_DIR/case.txt")"
	expect_in "涉密，无权查阅" "$(cat "$TEST_DIR/case.txt")"
	expect_eq 1 "$(log_lines "wang  T01  export action $A  records $R")" "the export's entry"
}

test_screens_deadlines_seal_what_a_confidential_record_says() {
	secret_store
	tui_start -- --as wang
	tui_wait "举报核查" || return
	tui_keys d
	tui_wait "R19.2" || return
	sleep 0.3
	expect_in "涉密，无权查阅" "$(tui_screen)"
	expect_not_in "未附录像文件" "$(tui_screen)"
	tui_stop
	tui_start -- --as zhang
	tui_wait "举报核查" || return
	tui_keys d
	tui_wait "R19.2 记录为录像，但未附录像文件" || return
	tui_stop
}
