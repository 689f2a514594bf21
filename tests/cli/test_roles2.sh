# tests/cli/test_roles2.sh — issue 9's roles gaps: several roles per officer,
# retiring an officer, reopening an action (a head or a supervisor), the PIN
# lock counted by the real clock, and reading a store that cannot be written.
# Each new row of the permission table is tried allowed and refused.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

R2_FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/forms" && pwd)

q2() { sqlite3 "$JILU_DB" "$@"; }

# zhang (admin, the first officer), li (officer), zhao (archivist), liu (head),
# sun (supervisor). Every entry at JILU_NOW (2026-12-01T16:00, the fixtures'
# records are of late November), never by the real clock: the ledger's times
# only go forward, whatever day the tests run. With "real", by the real clock
# alone (JILU_NOW unset).
r2_store() {
	if [ "${1:-}" = real ]; then unset JILU_NOW; else export JILU_NOW=2026-12-01T16:00; fi
	setup_store
	jilu --as zhang officer add zhao --name 赵敏 --cert 13005 --role archivist >/dev/null || fail "zhao"
	jilu --as zhang officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail "liu"
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail "sun"
}

# ARGS from fixture FORM's .args file, with "$@" in place of their fields.
r2_args() {
	local line o skip file=$R2_FIX/$1.args
	shift
	ARGS=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		skip=0
		for o in "$@"; do
			[ "${o%%[:=]*}" = "${line%%[:=]*}" ] && skip=1
		done
		[ $skip = 1 ] || ARGS+=("$line")
	done <"$file"
	ARGS+=("$@")
}

# A final inspection record (fields "$@") in a new action by li: $A, $R.
r2_onsite() {
	A=$(jilu --as li action open inspection --title 检查) || { fail "open"; return 1; }
	r2_args inspection.onsite "$@"
	R=$(jilu --as li record new "$A" inspection.onsite "${ARGS[@]}" --finalize) || { fail "onsite: $ERR"; return 1; }
}

# An action $A, closed (with gaps, by force).
r2_closed_action() {
	A=$(jilu --as li action open inspection --title 检查) || { fail "open"; return 1; }
	jilu --as li action close "$A" --force --reason 当事人下落不明 >/dev/null || fail "close"
}

# ---- several roles per officer ----

test_officer_add_takes_several_roles_in_either_language() {
	r2_store
	expect_exit 0 jilu --as zhang officer add ma --name 马六 --cert 13010 --role head --role 信息中心
	expect_exit 0 jilu --as zhang officer add niu --name 牛七 --cert 13011 --role 执法人员,archivist
	expect_eq "head,admin" "$(q2 "SELECT roles FROM officers WHERE id = 'ma'")" "ma's roles, in the table's order"
	expect_eq "officer,archivist" "$(q2 "SELECT roles FROM officers WHERE id = 'niu'")" "niu's roles"
	expect_exit 0 jilu officer list
	expect_in "行政机关负责人、信息中心" "$OUT"
	expect_in "执法人员、档案管理员" "$OUT"
	expect_exit 0 jilu --lang en officer list
	expect_in "head, admin" "$OUT"
	# The roster entry carries the list; a single role's entry is as before.
	expect_in '"roles":["head","admin"]' "$(q2 "SELECT body FROM ledger WHERE subject = 'officer:ma'")"
	expect_not_in '"roles"' "$(q2 "SELECT body FROM ledger WHERE subject = 'officer:liu'")"
	expect_exit 2 jilu --lang en --as zhang officer add gou --name 苟八 --cert 13012 --role officer,chief
	expect_in "unknown role chief" "$ERR"
	expect_eq 0 "$(q2 "SELECT count(*) FROM officers WHERE id = 'gou'")" "nothing stored"
	expect_exit 0 jilu verify
}

test_an_officer_with_two_roles_may_do_both_roles_acts() {
	r2_store
	jilu --as zhang officer add ma --name 马六 --cert 13010 --role head,admin >/dev/null || fail "ma"
	r2_closed_action || return
	# One role each is not enough: the head adds nobody, the admin reopens nothing.
	expect_exit 6 jilu --as liu officer add wang --name 王五 --cert 13003
	expect_exit 6 jilu --as zhang action reopen "$A" --reason 补充调查
	# Head and admin in one officer: both acts.
	expect_exit 0 jilu --as ma officer add wang --name 王五 --cert 13003
	expect_exit 0 jilu --as ma action reopen "$A" --reason 补充调查
	expect_exit 0 jilu verify
}

test_roles_row_only_an_admin_sets_an_officers_roles() {
	r2_store
	for who in li zhao liu sun; do
		expect_exit 6 jilu --lang en --as $who officer roles li --set officer,archivist
		expect_in "R5.1" "$ERR"
		expect_in "only admin may" "$ERR"
		expect_in "$who" "$ERR"
	done
	expect_eq officer "$(q2 "SELECT coalesce(roles, role) FROM officers WHERE id = 'li'")" "li after refusals"
	expect_exit 0 jilu --as zhang officer roles li --set 执法人员,档案管理员
	expect_eq "执法人员、档案管理员" "$OUT" "li's roles shown"
	expect_eq "officer,archivist" "$(q2 "SELECT roles FROM officers WHERE id = 'li'")" "li's roles"
	expect_exit 0 jilu --lang en officer roles li
	expect_eq "officer, archivist" "$OUT" "li's roles in English"
	# Back to one role: the list goes, the entry is a one-role entry again.
	expect_exit 0 jilu --as zhang officer roles li --set officer
	expect_eq "|officer" "$(q2 "SELECT roles, role FROM officers WHERE id = 'li'")" "li back to one role"
	# The last serving admin keeps "admin".
	expect_exit 2 jilu --lang en --as zhang officer roles zhang --set head
	expect_in "only serving admin" "$ERR"
	expect_exit 0 jilu verify
}

# ---- retiring an officer ----

test_retire_row_only_an_admin_retires_and_the_officer_can_no_longer_act_r7_1() {
	r2_store
	r2_onsite || return
	for who in li zhao liu sun; do
		expect_exit 6 jilu --lang en --as $who officer retire li --reason 调离
		expect_in "R5.1" "$ERR"
		expect_in "retire an officer" "$ERR"
	done
	expect_eq "" "$(q2 "SELECT retired_at FROM officers WHERE id = 'li'")" "li serves after refusals"
	export JILU_NOW=2026-12-02T09:30:00+08:00
	expect_exit 0 jilu --as zhang officer retire li --reason 调离本局
	expect_in "2026-12-02T09:30:00+08:00" "$OUT"
	# Kept on the roster, shown retired with the date.
	expect_exit 0 jilu officer list
	expect_in "李四" "$OUT"
	expect_in "（已于 2026-12-02 离任）" "$OUT"
	expect_exit 0 jilu officer list --json
	expect_in '"retired_at":"2026-12-02T09:30:00+08:00"' "$(tr -d ' \n\t' <<<"$OUT")"
	# He can no longer act, by any command.
	for cmd in "action open inspection" "record amend $R --reason x place=某地"; do
		# shellcheck disable=SC2086
		expect_exit 6 jilu --lang en --as li $cmd
		expect_in "R7.1" "$ERR"
		expect_in "officer li retired on 2026-12-02T09:30:00+08:00 and can no longer act" "$ERR"
	done
	# The records that name him stand; the entry says when and why.
	expect_exit 0 jilu record show "$R"
	expect_in '"retired":{"at":"2026-12-02T09:30:00+08:00","by":"zhang","reason":"调离本局"}' \
		"$(q2 "SELECT body FROM ledger WHERE subject = 'officer:li' ORDER BY seq DESC LIMIT 1")"
	expect_exit 0 jilu verify
}

test_retire_twice_and_the_last_admin_are_refused() {
	r2_store
	expect_exit 0 jilu --as zhang officer retire li
	local n
	n=$(q2 "SELECT count(*) FROM ledger")
	expect_exit 2 jilu --lang en --as zhang officer retire li
	expect_in "retired on" "$ERR"
	expect_in "cannot retire twice" "$ERR"
	expect_exit 2 jilu --lang en --as zhang officer retire zhang
	expect_in "R5.1" "$ERR"
	expect_in "only serving admin" "$ERR"
	expect_eq "$n" "$(q2 "SELECT count(*) FROM ledger")" "no entry for a refusal"
	# Once another is admin, the first may go.
	jilu --as zhang officer roles liu --set head,admin >/dev/null || fail "liu admin"
	expect_exit 0 jilu --as zhang officer retire zhang --reason 退休
	expect_exit 6 jilu --as zhang officer add wang --name 王五 --cert 13003
	expect_exit 0 jilu --as liu officer add wang --name 王五 --cert 13003
	expect_exit 0 jilu verify
}

test_retired_roster_row_edited_behind_jilus_back_fails_verify() {
	r2_store
	jilu --as zhang officer retire li --reason 调离 >/dev/null || fail retire
	# Un-retiring by hand: the entry no longer vouches for the row.
	q2 "DROP TRIGGER officers_vouched_kept; UPDATE officers SET retired_at = NULL WHERE id = 'li'"
	expect_exit 1 jilu --lang en verify
	expect_in "officer li" "$OUT$ERR"
}

# ---- reopening an action ----

test_reopen_row_only_a_head_or_a_supervisor_reopens_r22_3() {
	r2_store
	r2_closed_action || return
	for who in li zhao zhang; do
		expect_exit 6 jilu --lang en --as $who action reopen "$A" --reason 补充调查
		expect_in "R22.3" "$ERR"
		expect_in "only supervisor or head may reopen a closed action" "$ERR"
		expect_in "$who" "$ERR"
	done
	expect_exit 6 jilu action reopen "$A" --reason 补充调查 # nobody acts
	expect_eq 0 "$(q2 "SELECT count(*) FROM ledger WHERE kind = 'reopen'")" "no reopening after refusals"
	expect_exit 0 jilu --as liu action reopen "$A" --reason 补充调查
	expect_eq "" "$(q2 "SELECT closed_at FROM actions WHERE id = $A")" "open again"
	jilu --as li action close "$A" --force --reason 再次结束 >/dev/null || fail "close again"
	expect_exit 0 jilu --as sun action reopen "$A" --reason 复核
	expect_eq 2 "$(q2 "SELECT count(*) FROM ledger WHERE kind = 'reopen'")" "two reopenings"
	expect_exit 0 jilu verify
}

test_reopen_is_shown_by_show_and_check_and_closing_again_is_guarded() {
	r2_store
	r2_closed_action || return
	expect_exit 2 jilu --as liu action reopen "$A"
	expect_exit 2 jilu --as liu action reopen "$A" --reason "   "
	export JILU_NOW=2026-12-03T10:00:00+08:00
	expect_exit 0 jilu --as liu action reopen "$A" --reason 发现新证据
	expect_exit 0 jilu --lang en action show "$A"
	expect_in "open" "$OUT"
	expect_in "Reopened: 2026-12-03T10:00:00+08:00  liu (undoing the close by li at" "$OUT"
	expect_in "because: 发现新证据" "$OUT"
	expect_not_in "Closed:" "$OUT"
	jilu --lang en check "$A" >check.out 2>&1
	expect_in "reopened at 2026-12-03T10:00:00+08:00 by liu" "$(cat check.out)"
	expect_in "reason: 发现新证据" "$(cat check.out)"
	jilu check "$A" --json >check.json 2>&1
	expect_in '"reason":"发现新证据"' "$(tr -d ' \n\t' <check.json)"
	# Open: records may be added, and reopening it again is refused.
	expect_exit 2 jilu --lang en --as liu action reopen "$A" --reason 再开
	expect_in "is open" "$ERR"
	# Closing again is guarded as before: refused with gaps, forced with a reason.
	expect_exit 3 jilu --as li action close "$A"
	expect_exit 0 jilu --as li action close "$A" --force --reason 证据已补
	expect_exit 0 jilu action show "$A"
	expect_in "已结束" "$OUT"
	expect_in "重新开启：" "$OUT"
	expect_exit 0 jilu verify
	expect_in "1 个已结束的执法活动" "$OUT"
}

test_reopening_deleted_or_edited_behind_jilus_back_fails_verify() {
	r2_store
	r2_closed_action || return
	jilu --as liu action reopen "$A" --reason 补充调查 >/dev/null || fail reopen
	cp "$JILU_DB" edited.db
	# The reason changed.
	sqlite3 edited.db "DROP TRIGGER reopenings_kept; UPDATE reopenings SET reason = '无'"
	expect_exit 1 jilu --db edited.db --lang en verify
	expect_in "reopening differs from its ledger entry" "$OUT$ERR"
	# The reopening deleted and the close put back: the reopen entry has no row.
	sqlite3 "$JILU_DB" "DROP TRIGGER reopenings_not_deleted;
		UPDATE actions SET closed_at = (SELECT closed_at FROM reopenings),
		  closed_by = (SELECT closed_by FROM reopenings), close_reason = (SELECT close_reason FROM reopenings),
		  ledger_seq = (SELECT close_seq FROM reopenings);
		DELETE FROM reopenings"
	expect_exit 1 jilu --lang en verify
	expect_in "reopening" "$OUT$ERR"
}

# ---- the PIN lock counts real time ----

test_pin_lock_setting_only_an_admin_and_a_short_lock_really_ends() {
	r2_store real
	echo 48151623 | jilu --as li officer pin li >/dev/null || fail "pin"
	expect_exit 0 jilu officer pin-lock
	expect_eq 900 "$OUT" "the default lock"
	expect_exit 6 jilu --as liu officer pin-lock 2
	expect_in "R5.1" "$ERR"
	expect_exit 2 jilu --as zhang officer pin-lock 0
	expect_exit 2 jilu --as zhang officer pin-lock 86401
	expect_exit 0 jilu --as zhang officer pin-lock 2
	expect_eq 2 "$OUT" "the lock set"
	local i
	for i in 1 2 3 4 5; do
		JILU_PIN=0000 expect_exit 6 jilu --lang en --as li action open inspection
	done
	expect_in "locked for 2 seconds" "$ERR"
	JILU_PIN=48151623 expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "is locked" "$ERR"
	sleep 3
	JILU_PIN=48151623 expect_exit 0 jilu --as li action open inspection
}

# ---- a store that cannot be written ----

# Mounts $TEST_DIR/store read-only at $TEST_DIR/ro (a bind mount: root, as
# CI runs) and points JILU_DB there. Unmounted by r2_unmount.
r2_read_only() {
	mkdir -p ro
	mount --bind "$TEST_DIR/store" "$TEST_DIR/ro" && mount -o remount,bind,ro "$TEST_DIR/ro" || {
		fail "cannot make a read-only bind mount (needs root)"; return 1; }
	export JILU_DB=$TEST_DIR/ro/jilu.db
	touch "$TEST_DIR/ro/x" 2>/dev/null && { fail "the mount is writable"; return 1; }
	return 0
}
r2_unmount() { umount "$TEST_DIR/ro" 2>/dev/null; }

test_read_only_store_shows_plain_records_with_a_notice_and_refuses_confidential_content() {
	mkdir -p store
	export JILU_DB=$TEST_DIR/store/jilu.db
	r2_store
	r2_onsite || return
	local plain_a=$A plain=$R secret_a secret
	r2_onsite 'confidential:=true' 'statement=配方系商业秘密甲乙丙' || return
	secret_a=$A secret=$R
	sqlite3 "$JILU_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	local entries
	entries=$(q2 "SELECT count(*) FROM ledger")
	r2_read_only || { r2_unmount; return; }
	# A plain record: shown, with a notice that the reading was not logged.
	expect_exit 0 jilu --lang en --as li record show "$plain"
	expect_in "检查" "$(jilu --as li record show "$plain" 2>/dev/null)$OUT"
	expect_in "this reading could not be logged" "$ERR"
	expect_exit 0 jilu --as li record show "$plain"
	expect_in "本次查阅未能记入访问日志" "$ERR"
	expect_exit 0 jilu --as zhao export "$plain_a"
	expect_in "未能记入访问日志" "$ERR"
	# A confidential record's content to one entitled to it: refused, as
	# that reading cannot be logged.
	for who in li zhao liu; do
		expect_exit 6 jilu --lang en --as $who record show "$secret"
		expect_in "R22.2" "$ERR"
		expect_in "record $secret is confidential and the database cannot be written" "$ERR"
		expect_not_in "配方系商业秘密甲乙丙" "$OUT"
		expect_exit 6 jilu --as $who export "$secret_a"
		expect_not_in "配方系商业秘密甲乙丙" "$OUT"
	done
	# One not entitled sees only that it exists: nothing to log.
	expect_exit 0 jilu --as zhang record show "$secret"
	expect_in "涉密，无权查阅" "$OUT"
	expect_not_in "配方系商业秘密甲乙丙" "$OUT"
	r2_unmount
	export JILU_DB=$TEST_DIR/store/jilu.db
	expect_eq "$entries" "$(q2 "SELECT count(*) FROM ledger")" "nothing written to the read-only store"
	# Writable again: the reading is logged as ever.
	expect_exit 0 jilu --as li record show "$secret"
	expect_in "配方系商业秘密甲乙丙" "$OUT"
	expect_eq $((entries + 1)) "$(q2 "SELECT count(*) FROM ledger")" "the access entry"
}

# ---- HQ rebuilds the new entries ----

test_hq_rebuilds_roles_retirement_and_reopening_and_verifies() {
	sshd_start || return
	local d=T01
	mkdir -p "$TEST_DIR/$d"
	export JILU_DB="$TEST_DIR/$d/jilu.db" XDG_CONFIG_HOME="$TEST_DIR/$d/config"
	jilu init --device "$d" >/dev/null || fail "init"
	jilu officer add zhang --name 张三 --cert 13001 >/dev/null || fail "zhang"
	jilu --as zhang officer add li --name 李四 --cert 13002 --role officer,archivist >/dev/null || fail "li"
	jilu --as zhang officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail "liu"
	export JILU_OFFICER=zhang
	A=$(jilu action open inspection --title 检查) || fail "open"
	jilu action close "$A" --force --reason 测试 >/dev/null || fail "close"
	jilu --as liu action reopen "$A" --reason 补充调查 >/dev/null || fail "reopen"
	jilu action close "$A" --force --reason 再次结束 >/dev/null || fail "close again"
	jilu officer roles liu --set head,supervisor >/dev/null || fail "roles"
	jilu officer retire li --reason 调离 >/dev/null || fail "retire"
	make_key "$d/key"
	enroll "$d" "$d/key"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/$d/key" --known-hosts "$TEST_DIR/known_hosts" >/dev/null || fail "setup"
	jilu sync trust "$(sshd_fingerprint)" >/dev/null || fail "trust"
	expect_exit 0 jilu sync
	local hqdb=$TEST_DIR/hq.db
	expect_exit 0 jilu --db "$hqdb" --device $d verify
	expect_exit 0 jilu --db "$hqdb" hq verify
	expect_eq "$(jilu officer list)" "$(jilu --db "$hqdb" --device $d officer list)" "roster at HQ"
	# HQ names ids DEVICE:ID; the reopening reads as on the device.
	expect_eq "$(jilu action show "$A" | tr -s ' ')" \
		"$(jilu --db "$hqdb" --device $d action show "$A" | sed -E "s/(^|[^0-9A-Za-z_.-])$d:([0-9])/\1\2/g" | tr -s ' ')" \
		"action at HQ"
	expect_in "重新开启：" "$(jilu --db "$hqdb" --device $d action show "$A")"
	expect_eq "$(q2 "SELECT * FROM reopenings")" \
		"$(sqlite3 "$TEST_DIR/device-$d.db" "SELECT * FROM reopenings")" "reopenings at HQ"
	sshd_stop
}
