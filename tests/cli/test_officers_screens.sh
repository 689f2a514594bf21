# tests/cli/test_officers_screens.sh — the screens name officers by roster
# id (issue 9 item 3): a new record's officers, carried over from the
# action's last record, are the roster's as it stands, by id. Driven through
# tmux with the helpers of tests/cli/tui_lib.sh.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

test_screens_new_record_takes_the_officers_by_id_as_the_roster_has_them_now() {
	setup_store
	local a r r2
	a=$(jilu action open inspection --title 惠民超市日常检查)
	r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T08:00 ended_at=2026-11-26T08:50 \
		place=惠民超市 'officers:=[{"id":"zhang","shown":true},{"id":"li","shown":true}]' \
		"party:=$PARTY_CO" situation=正常 result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" --finalize) || { fail "record: $r"; return; }
	# zhang's certificate renewed since (behind jilu's back: no command
	# changes one; the row points at another entry to pass the guard).
	sql "UPDATE officers SET cert = '13099', ledger_seq = 0 WHERE id = 'zhang'" || fail "roster change"
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"
	tui_keys n; tui_wait "表单："
	tui_wait ">现场笔录"; tui_keys Enter
	tui_wait "已带入当事人、地点与执法人员" || return
	tui_wait "检查地点               惠民超市"
	tui_stop
	r2=$((r + 1))
	# By id, with today's certificate, each to confirm again; the final
	# record keeps the certificate of its day.
	expect_eq "zhang:13099:0 li:13002:0" "$(sql "SELECT group_concat(json_extract(value,'\$.id')||':'||json_extract(value,'\$.cert')||':'||json_extract(value,'\$.shown'),' ') FROM records, json_each(records.data,'\$.officers') WHERE records.id=$r2")" "officers carried over"
	expect_eq 13001 "$(sql "SELECT json_extract(data,'\$.officers[0].cert') FROM records WHERE id=$r")" "the final record"
}
