# The command line as officers use it (issue 10, items 10-13): closing
# guarded by check, discarding a draft, corrections that change nothing,
# a refused --finalize that keeps the draft.

inspection_ok() {
	jilu record new "$1" inspection.onsite started_at=2026-11-02T09:00 ended_at=2026-11-02T10:00 \
		place=某超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" situation=整齐 result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize
}

# --- item 10: closing is guarded ----------------------------------------

test_close_refused_while_check_finds_gaps() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection)
	expect_exit 3 jilu action close "$a"
	expect_in "仍有以上" "$ERR"
	expect_in "--force --reason" "$ERR"
	expect_in "R" "$ERR"
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT closed_at FROM actions WHERE id = $a")" "still open"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger WHERE kind = 'close'")" "no entry"
	# English too.
	expect_exit 3 jilu --lang en action close "$a"
	expect_in "to close it anyway: --force --reason TEXT" "$ERR"
}

test_close_with_nothing_missing_needs_no_force() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a r
	a=$(jilu action open inspection)
	r=$(inspection_ok "$a") || fail "inspection"
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip' >v.mp4
	jilu media add "$r" v.mp4 --captured-at 2026-11-02T09:10 >/dev/null || fail "media add"
	expect_exit 0 jilu check "$a"
	expect_exit 0 jilu action close "$a"
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT close_reason FROM actions WHERE id = $a")" "no reason"
	expect_exit 0 jilu verify
}

test_forced_close_keeps_the_reason_and_check_reports_it() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection)
	expect_exit 2 jilu action close "$a" --force
	expect_in "--reason" "$ERR"
	expect_exit 2 jilu action close "$a" --reason 当事人失联
	expect_exit 2 jilu action close "$a" --force --reason "   "
	expect_exit 2 jilu action close "$a" --force --reason $'两行\n理由'
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT closed_at FROM actions WHERE id = $a")" "still open"
	expect_exit 0 jilu action close --force --reason 当事人失联，无法继续 "$a"
	expect_eq "当事人失联，无法继续" "$(sqlite3 "$JILU_DB" "SELECT close_reason FROM actions WHERE id = $a")" "row"
	expect_eq "当事人失联，无法继续" \
		"$(sqlite3 "$JILU_DB" "SELECT json_extract(body, '\$.reason') FROM ledger WHERE kind = 'close'")" "entry"
	expect_exit 1 jilu check "$a"
	expect_in "强制结束" "$OUT"
	expect_in "理由：当事人失联，无法继续" "$OUT"
	expect_exit 1 jilu --lang en check "$a" --json
	expect_in '"en":	"the action was closed with gaps' "$OUT"
	expect_exit 0 jilu verify
	# The reason is vouched for: changed behind jilu's back, verify says so.
	sqlite3 "$JILU_DB" "DROP TRIGGER actions_closed_kept; UPDATE actions SET close_reason = '已办结' WHERE id = $a"
	expect_exit 1 jilu verify
}

# --- item 10: record discard --------------------------------------------

test_discard_removes_a_draft_never_a_final_record() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a d f
	a=$(jilu action open inspection)
	d=$(jilu record new "$a" inspection.onsite place=某超市)
	f=$(inspection_ok "$a")
	expect_exit 0 jilu record discard "$d"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records WHERE id = $d")" "draft gone"
	expect_exit 2 jilu record discard "$d"
	expect_in "没有记录 $d" "$ERR"
	expect_exit 3 jilu record discard "$f"
	expect_in "已定稿，不能删除" "$ERR"
	expect_in "record amend $f" "$ERR"
	expect_eq final "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = $f")" "final kept"
	expect_exit 2 jilu record discard
	expect_exit 0 jilu verify
}

test_discard_refuses_a_draft_with_attachments() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a d
	a=$(jilu action open inspection)
	d=$(jilu record new "$a" inspection.onsite place=某超市)
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip' >v.mp4
	jilu media add "$d" v.mp4 --captured-at 2026-11-02T09:10 >/dev/null || fail "media add"
	expect_exit 3 jilu record discard "$d"
	expect_in "音像文件" "$ERR"
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records WHERE id = $d")" "kept"
	expect_exit 0 jilu verify
}

# --- item 10: a correction that changes nothing ------------------------

test_amendment_that_changes_nothing_is_refused() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a f n
	a=$(jilu action open inspection)
	f=$(inspection_ok "$a")
	n=$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")
	expect_exit 2 jilu record amend "$f" --reason 笔误
	expect_in "没有改变" "$ERR"
	expect_exit 2 jilu record amend "$f" --reason 笔误 place=某超市
	expect_in "没有改变" "$ERR"
	expect_eq "$n" "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "nothing stored"
	expect_exit 0 jilu record amend "$f" --reason 笔误 place=某超市（民生街店）
}

# --- item 10: a refused --finalize keeps the draft ----------------------

test_refused_finalize_keeps_the_draft_and_prints_its_id() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection)
	expect_exit 3 jilu record new "$a" inspection.onsite started_at=2026-11-02T09:00 place=某超市 --finalize
	[ -n "$OUT" ] || fail "no id printed"
	expect_eq draft "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = '$OUT'")" "draft kept"
	expect_eq 某超市 "$(sqlite3 "$JILU_DB" "SELECT json_extract(data, '\$.place') FROM records WHERE id = '$OUT'")" "values kept"
	expect_in "草稿已保存为记录 $OUT" "$ERR"
	expect_in "jilu record finalize $OUT" "$ERR"
	# Bad input (exit 2) still stores nothing.
	expect_exit 2 jilu record new "$a" inspection.onsite nosuchfield=1 --finalize
	expect_eq "" "$OUT" "no id"
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "one draft only"
	# A form not used in this kind of action is refused before any draft.
	expect_exit 3 jilu record new "$a" penalty.decision --finalize
	expect_eq "" "$OUT" "no id"
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "still one"
}
