# The command line of issue 10 (item 12 and the README's walk-through):
# `check`'s exit status means "something is missing, found or overdue" only;
# `deadlines --json` names each action by title and party as the text does;
# `status` shows the last verify, which verify notes in the store's meta
# without ever failing for it.

at() { export JILU_NOW=$1; }
q() { sqlite3 "$JILU_DB" "$@"; }

# An inspection with no issue, filmed and its video stored: nothing is
# missing; its archive is due 30 days after it ended (R19.1). Id in A.
ended_inspection() {
	setup_store
	at 2026-11-05T10:30
	A=$(jilu action open inspection --title 日常检查)
	expect_exit 0 jilu record new "$A" inspection.onsite started_at=2026-11-05T09:00 \
		ended_at=2026-11-05T10:00 place=某超市 situation=货架整齐 result=no_issue \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" 'av:={"mode":"none","reason":"商业秘密"}' \
		"signatures:=$SIGS_INSPECTION" --finalize
	R=$OUT
}

test_check_exits_0_while_only_a_deadline_is_running() {
	ended_inspection
	at 2026-11-06T09:00
	expect_exit 0 jilu check "$A"
	# Listed all the same.
	expect_in "R19.1 第十九条: " "$OUT"
	expect_in "剩余" "$OUT"
	expect_exit 0 jilu check "$A" --json
	expect_in '"complete":	false' "$OUT"
}

test_check_exits_1_once_the_deadline_is_overdue() {
	ended_inspection
	at 2026-12-06T09:00
	expect_exit 1 jilu check "$A"
	expect_in "已逾期" "$OUT"
}

test_check_exits_1_with_a_finding_or_a_missing_record() {
	ended_inspection
	at 2026-11-06T09:00
	# A finding: an officer who did not show the certificate.
	expect_exit 0 jilu record amend "$R" --reason 补记 \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]'
	expect_exit 1 jilu check "$A"
	expect_in "未出示执法证件" "$OUT"
	# A missing record: an inspection with nothing recorded yet.
	b=$(jilu action open inspection)
	expect_exit 1 jilu check "$b"
	expect_in "缺少" "$OUT"
}

test_help_check_states_the_exit_codes() {
	expect_exit 0 jilu help check
	expect_in "退出码：0 没有缺少的记录、没有发现问题、没有逾期的期限" "$OUT"
	expect_in "1 缺少记录、发现问题或有期限已逾期" "$OUT"
	expect_exit 0 jilu --lang en help check
	expect_in "Exit status: 0 nothing missing, no findings, nothing overdue" "$OUT"
}

# The README's walk-through runs `jilu check $a` with no `|| true`.
test_readme_walkthrough_check_needs_no_or_true() {
	local readme
	readme=$(dirname "$JILU")/README.md
	[ -f "$readme" ] || { fail "README.md beside the binary"; return; }
	expect_not_in 'jilu check $a || true' "$(cat "$readme")"
	expect_in 'jilu check $a ' "$(cat "$readme")"
}

test_deadlines_json_names_each_action_by_title_and_party() {
	ended_inspection
	b=$(jilu action open fee)
	expect_exit 0 jilu record new "$b" fee.collection collected_at=2026-11-05T10:20 \
		'payer:={"name":"昌黎县福满楼餐饮有限公司"}' item=计量器具检定费 'amount:=30' \
		basis=河北省行政事业性收费目录清单 receipt_number="冀非税 00012345" --finalize
	at 2026-11-06T09:00
	expect_exit 0 jilu deadlines --json
	printf '%s' "$OUT" >d.json
	expect_eq "$A|日常检查|昌黎县某超市有限公司
$b||" "$(sqlite3 :memory: "SELECT value->>'action', coalesce(value->>'title', ''),
		coalesce(value->>'party', '') FROM json_each(readfile('d.json')) ORDER BY value->>'action'")" "title, party"
	# A missing one is null, not "".
	expect_eq "null|null" "$(sqlite3 :memory: "SELECT json_type(value, '\$.title'), json_type(value, '\$.party')
		FROM json_each(readfile('d.json')) WHERE value->>'action' = $b")" "nulls"
}

test_status_shows_the_last_verify() {
	ended_inspection
	at 2026-11-06T09:00
	expect_exit 0 jilu status
	expect_in "上次核验：从未核验（运行 jilu verify）" "$OUT"
	expect_exit 0 jilu status --json
	expect_in '"last_verify":	null' "$OUT"
	expect_exit 0 jilu verify
	at 2026-11-06T09:30
	expect_exit 0 jilu status
	expect_in "上次核验：2026-11-06T09:00，存证链完好（" "$OUT"
	expect_exit 0 jilu --lang en status
	expect_in "Last verify: 2026-11-06T09:00, the ledger held (" "$OUT"
	expect_exit 0 jilu status --json
	printf '%s' "$OUT" >s.json
	expect_eq "2026-11-06T09:00|ok|$(q 'SELECT count(*) FROM ledger')" \
		"$(sqlite3 :memory: "SELECT s->>'\$.last_verify.at', s->>'\$.last_verify.result', s->>'\$.last_verify.entries' FROM (SELECT readfile('s.json') AS s)")" "json"
	# A fault is noted as one.
	q "DROP TRIGGER actions_opened_kept; UPDATE actions SET title = '改过' WHERE id = $A"
	expect_exit 1 jilu verify
	expect_exit 0 jilu status
	expect_in "上次核验：2026-11-06T09:30，发现不符——运行 jilu verify 查看" "$OUT"
}

# Verify on read-only media verifies and notes nothing; it never fails for it.
# Needs root for the bind mount, as CI is: a failed mount fails the test.
test_verify_on_a_read_only_store_succeeds_without_the_note() {
	ended_inspection
	mkdir ro
	mount --bind "$TEST_DIR" ro || { fail "bind mount"; return; }
	if ! mount -o remount,bind,ro ro; then
		umount ro
		fail "read-only remount"
		return
	fi
	expect_exit 0 jilu --db ro/jilu.db verify
	expect_in "存证链完好" "$OUT"
	expect_eq "" "$ERR" "stderr"
	expect_exit 0 jilu --db ro/jilu.db status
	expect_in "上次核验：从未核验" "$OUT"
	umount ro
}
