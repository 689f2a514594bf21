# tests/cli/test_hq_roster.sh — who acts at headquarters is HQ's roster's to
# say (issue 8), and an officer's PIN across sync. A real sshd on 127.0.0.1
# (tests/cli/sync_lib.sh), a real device store and HQ's.
#
# Device T01's roster: zhang (admin), li (officer: opens the action), dsup
# (supervisor on the device only), sun (supervisor on the device, a plain
# officer at HQ), ret (supervisor on both; HQ retires him). HQ's roster:
# admin0 (admin), zhou (supervisor at HQ only, PIN 8642), li (officer, PIN
# 2222 at HQ), sun (officer), ret (supervisor, retired at HQ after the sync).
# One penalty action of li's holding a final, confidential correction order
# ($R) whose party is $HR_PARTY.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

HR_PARTY=机密当事人总部名册测试有限公司

athq() { jilu --db "$TEST_DIR/hq.db" "$@"; }
hqsql() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
dev() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$@"; }

# The device, its action and record; enrolled and synced once (HQ's store
# is made by that first sync).
hr_device() {
	export JILU_NOW=2026-12-01T16:00
	setup_store
	jilu --as zhang officer add dsup --name 丁督 --cert 13011 --role supervisor >/dev/null || fail dsup
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail sun
	jilu --as zhang officer add ret --name 任离 --cert 13012 --role supervisor >/dev/null || fail ret
	A=$(jilu --as li action open penalty --title 超市过期食品案) || { fail "open"; return 1; }
	R=$(jilu --as li record new "$A" correction.order document_number=昌市监责改〔2026〕22号 \
		issued_at=2026-11-05T10:30 \
		"party:={\"name\":\"$HR_PARTY\",\"id_type\":\"uscc\",\"id_number\":\"91130322MA0H2M5J1A\",\"address\":\"昌黎县民生街1号\",\"representative\":\"王五\",\"phone\":\"0335-5901234\"}" \
		violation=销售超过保质期的食品 provision=食品安全法第三十四条 basis=食品安全法第一百二十四条 \
		requirement=立即下架 deadline=2026-12-15 overdue_consequence=依法处罚 \
		'officers:=[{"id":"zhang","shown":true},{"id":"li","shown":true}]' \
		'av:={"mode":"video"}' contact=张三 phone=0335-2021234 'confidential:=true' --finalize) ||
		{ fail "record"; return 1; }
	sshd_start || return 1
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	trust_hq
	jilu sync >/dev/null 2>&1 || { fail "first sync"; return 1; }
}

# HQ's own roster (after the first sync: the device has not received it).
hr_hq_roster() {
	athq init --device HQ >/dev/null || fail "hq init"
	athq officer add admin0 --name 管理员 --cert 90001 >/dev/null || fail "hq admin0"
	athq --as admin0 officer add zhou --name 周政 --cert 90002 --role supervisor >/dev/null || fail "hq zhou"
	athq --as admin0 officer add li --name 李四 --cert 13002 >/dev/null || fail "hq li"
	athq --as admin0 officer add sun --name 孙立 --cert 13007 >/dev/null || fail "hq sun"
	athq --as admin0 officer add ret --name 任离 --cert 13012 --role supervisor >/dev/null || fail "hq ret"
	echo 8642 | athq --as admin0 officer pin zhou >/dev/null || fail "hq pin zhou"
	echo 2222 | athq --as admin0 officer pin li >/dev/null || fail "hq pin li"
}

hr_world() {
	hr_device || return 1
	hr_hq_roster
	unset JILU_OFFICER
}

test_hq_roster_a_supervisor_only_at_hq_reads_there() {
	hr_world || return
	expect_eq "" "$(dev "SELECT id FROM officers WHERE id = 'zhou'")" "zhou is on no device"
	# His PIN is HQ's, asked as HQ asks it.
	expect_exit 6 athq --lang en --as zhou record show "T01:$R"
	expect_in "PIN" "$ERR"
	JILU_PIN=8642 expect_exit 0 athq --as zhou record show "T01:$R"
	expect_in "$HR_PARTY" "$OUT"
	expect_not_in "涉密，无权查阅" "$OUT"
	# HQ's access log names him.
	expect_eq "zhou" "$(hqsql "SELECT by FROM hq_access ORDER BY id DESC LIMIT 1")" "logged at HQ"
	# The lists across devices read as him too: the party of the action
	# and the sealed record's deadline are his to see.
	JILU_PIN=8642 expect_exit 0 athq --as zhou deadlines
	expect_in "$HR_PARTY" "$OUT"
	expect_in "2026-12-15" "$OUT"
	JILU_PIN=8642 expect_exit 0 athq --as zhou --device T01 export "T01:$A"
	expect_in "$HR_PARTY" "$OUT"
	JILU_PIN=8642 expect_exit 0 athq --lang en --as zhou log
	expect_in "zhou" "$OUT"
	# A wrong PIN is counted at HQ, where the PIN is kept.
	JILU_PIN=0000 expect_exit 6 athq --as zhou action list
	expect_eq "1 0" "$(hqsql "SELECT value FROM meta WHERE key = 'pin_fail:zhou'")" "counted at HQ"
}

test_hq_roster_a_device_officer_not_on_hqs_roster_is_refused_at_hq() {
	hr_world || return
	local cmd
	# dsup is a supervisor on the device: there he reads the record.
	expect_exit 0 jilu --as dsup record show "$R"
	expect_in "$HR_PARTY" "$OUT"
	# At HQ he is no one: every read refuses him, saying whose roster counts.
	for cmd in "record show T01:$R" "action show T01:$A" "check T01:$A" "deadlines" "check" \
		"action list" "status" "log" "export T01:$A"; do
		# shellcheck disable=SC2086 # the command's words
		expect_exit 6 athq --lang en --as dsup $cmd
		expect_in "not on headquarters' roster" "$ERR"
		expect_not_in "$HR_PARTY" "$OUT"
	done
	expect_exit 6 athq --as dsup record show "T01:$R"
	expect_in "总部的执法人员名册中没有 dsup" "$ERR"
	expect_eq "" "$(hqsql "SELECT 1 FROM hq_access WHERE by = 'dsup'" 2>/dev/null)" "nothing logged for him"
	# Reading as nobody is still reading as nobody: sealed.
	expect_exit 0 athq record show "T01:$R"
	expect_in "涉密，无权查阅" "$OUT"
	expect_not_in "$HR_PARTY" "$OUT"
}

# JILU_OFFICER is a terminal's default (not --as): one HQ's roster lacks is
# a device's, stale at HQ. The read goes on as nobody, and says so.
test_hq_roster_a_stale_jilu_officer_reads_as_nobody_and_is_told() {
	hr_world || return
	JILU_OFFICER=dsup expect_exit 0 athq --lang en record show "T01:$R"
	expect_in "dsup is not on headquarters' roster: this reading is done as nobody" "$ERR"
	expect_in "confidential: not yours to read" "$OUT"
	expect_not_in "$HR_PARTY" "$OUT"
	expect_eq "" "$(hqsql "SELECT 1 FROM hq_access WHERE by = 'dsup'" 2>/dev/null)" "not logged as dsup"
	JILU_OFFICER=dsup expect_exit 0 athq deadlines
	expect_not_in "$HR_PARTY" "$OUT"
	# Retired at HQ is retired, however he is named.
	expect_exit 0 athq --as admin0 officer retire ret
	JILU_OFFICER=ret expect_exit 6 athq record show "T01:$R"
	expect_in "R7.1" "$ERR"
}

test_hq_roster_retired_at_hq_is_refused_while_the_device_lists_him() {
	hr_world || return
	expect_exit 0 athq --as ret record show "T01:$R"
	expect_in "$HR_PARTY" "$OUT"
	expect_exit 0 athq --as admin0 officer retire ret --reason 调离
	# The device has not synced since: it still lists him, serving.
	expect_eq "" "$(dev "SELECT retired_at FROM officers WHERE id = 'ret'")" "serving on the device"
	expect_exit 0 jilu --as ret record show "$R"
	# At HQ he is retired now, for every read.
	expect_exit 6 athq --lang en --as ret record show "T01:$R"
	expect_in "R7.1" "$ERR"
	expect_in "retired" "$ERR"
	expect_not_in "$HR_PARTY" "$OUT"
	expect_exit 6 athq --as ret deadlines
	expect_not_in "$HR_PARTY" "$OUT"
	expect_exit 6 athq --as ret log
}

test_hq_roster_confidential_sealed_or_shown_by_hqs_roles() {
	hr_world || return
	# sun is a supervisor on the device, a plain officer at HQ: sealed at HQ.
	expect_exit 0 jilu --as sun record show "$R"
	expect_in "$HR_PARTY" "$OUT"
	expect_exit 0 athq --as sun record show "T01:$R"
	expect_in "涉密，无权查阅" "$OUT"
	expect_not_in "$HR_PARTY" "$OUT"
	expect_exit 0 athq --as sun deadlines
	expect_not_in "$HR_PARTY" "$OUT"
	expect_not_in "2026-12-15" "$OUT"
	expect_exit 6 athq --lang en --as sun log
	expect_in "R22.2" "$ERR"
	expect_in "sun (officer) acted, without that role (by headquarters' roster)" "$ERR"
	# li opened the action: an officer of it reads it at HQ too, proven by
	# HQ's PIN (the device's copy at HQ holds none of his).
	JILU_PIN=2222 expect_exit 0 athq --as li record show "T01:$R"
	expect_in "$HR_PARTY" "$OUT"
	JILU_PIN=1234 expect_exit 6 athq --as li record show "T01:$R"
	expect_not_in "$HR_PARTY" "$OUT"
	# HQ gives sun the supervisor's role: from then on he reads it at HQ.
	expect_exit 0 athq --as admin0 officer role sun supervisor
	expect_exit 0 athq --as sun record show "T01:$R"
	expect_in "$HR_PARTY" "$OUT"
	expect_exit 0 athq --as sun log
}

# ---- PINs across sync ----

test_hq_roster_pin_set_at_hq_reaches_the_device_which_refuses_to_set_it() {
	hr_world || return
	# li sets a PIN on the device before HQ's roster reaches it.
	expect_exit 0 jilu --as li officer pin li <<<1111
	# The sync brings HQ's roster: HQ's PIN replaces li's, and says so.
	expect_exit 0 jilu --lang en sync
	expect_in "the PIN this device had set for li was replaced by headquarters'" "$ERR"
	JILU_PIN=2222 expect_exit 0 jilu --as li action list
	JILU_PIN=1111 expect_exit 6 jilu --as li action list
	# From now on li's PIN is HQ's: the device refuses to set it, even for
	# its admin, and keeps HQ's.
	JILU_PIN=2222 expect_exit 3 jilu --lang en --as li officer pin li <<<3333
	expect_in "headquarters' roster" "$ERR"
	expect_exit 3 jilu --as zhang officer pin li <<<3333
	JILU_PIN=2222 expect_exit 0 jilu --as li action list
	# The device's own officers keep PINs of the device.
	expect_exit 0 jilu --as dsup officer pin dsup <<<4444
	JILU_PIN=4444 expect_exit 0 jilu --as dsup action list
	# HQ changes li's PIN: the next sync brings it, with nothing to say.
	echo 5555 | athq --as admin0 officer pin li >/dev/null || fail "hq pin li again"
	expect_exit 0 jilu --lang en sync
	expect_not_in "replaced" "$ERR"
	JILU_PIN=5555 expect_exit 0 jilu --as li action list
	JILU_PIN=2222 expect_exit 6 jilu --as li action list
	# Never a PIN in clear, and both sides still verify. A PIN in clear
	# would stand on its own (a value, a JSON string); inside a hash's hex
	# or a salt the same digits come by chance (a salt held "3333" once),
	# so those do not count.
	local p dump
	dump=$(sqlite3 "$JILU_DB" .dump; sqlite3 "$TEST_DIR/hq.db" .dump)
	for p in 1111 2222 3333 4444 5555; do
		grep -Eq "(^|[^0-9A-Za-z+/\$])$p([^0-9A-Za-z+/\$]|\$)" <<<"$dump" &&
			fail "PIN $p in clear in a store"
	done
	expect_exit 0 jilu verify
	expect_exit 0 athq hq verify
}

test_hq_roster_an_hq_officer_without_a_pin_keeps_the_devices() {
	hr_world || return
	expect_exit 0 jilu --as sun officer pin sun <<<7777
	# HQ keeps no PIN for sun: the device's stays, nothing replaced.
	expect_exit 0 jilu --lang en sync
	expect_not_in "replaced" "$ERR"
	JILU_PIN=7777 expect_exit 0 jilu --as sun action list
	# sun is HQ's now: his PIN is set at HQ, not here.
	JILU_PIN=7777 expect_exit 3 jilu --as sun officer pin sun <<<7788
	JILU_PIN=7777 expect_exit 0 jilu --as sun action list
	# HQ sets one: it replaces the device's, and the device says so.
	echo 9999 | athq --as admin0 officer pin sun >/dev/null || fail "hq pin sun"
	expect_exit 0 jilu --lang en sync
	expect_in "had set for sun was replaced" "$ERR"
	JILU_PIN=9999 expect_exit 0 jilu --as sun action list
}

# The screens would take who acts from the device's roster and write into
# HQ's copy of its chain: at HQ they are refused, the commands read.
test_hq_roster_the_screens_do_not_open_a_device_at_hq() {
	hr_world || return
	local before
	before=$(sqlite3 "$TEST_DIR/device-T01.db" "SELECT max(seq) FROM ledger")
	expect_exit 2 athq --lang en --as dsup --device T01 tui
	expect_in "headquarters does not open a device's store in the screens" "$ERR"
	expect_eq "$before" "$(sqlite3 "$TEST_DIR/device-T01.db" "SELECT max(seq) FROM ledger")" "HQ's copy untouched"
}

# A device that took HQ's roster before the device noted HQ's PINs (a jilu
# from before this rule: no pin_hq:ID, no hq_roster_pins) asks for the
# roster again on its next sync, once: HQ's officers' PINs become HQ's there
# too, and a PIN set on it meanwhile is replaced, said.
test_hq_roster_a_device_synced_before_the_rule_takes_the_roster_again() {
	hr_world || return
	expect_exit 0 jilu sync
	dev "DELETE FROM meta WHERE key LIKE 'pin_hq:%' OR key = 'hq_roster_pins'" || fail "as before the rule"
	# As before the rule, li may set his own PIN on the device.
	JILU_PIN=2222 expect_exit 0 jilu --as li officer pin li <<<6666
	expect_exit 0 jilu --lang en sync
	expect_in "the PIN this device had set for li was replaced by headquarters'" "$ERR"
	JILU_PIN=2222 expect_exit 0 jilu --as li action list
	JILU_PIN=2222 expect_exit 3 jilu --as li officer pin li <<<6667
	expect_eq "1" "$(dev "SELECT value FROM meta WHERE key = 'hq_roster_pins'")" "noted"
	# Once: the next sync has nothing from headquarters.
	expect_exit 0 jilu --lang en sync
	expect_not_in "from headquarters" "$OUT"
	expect_exit 0 jilu verify
}

# An SSH key whose forced command names the officer (README, "Who acts is
# proven") is proof at HQ too — of an officer of HQ's roster, serving there.
test_hq_roster_an_ssh_key_proves_only_an_officer_of_hqs_roster() {
	hr_world || return
	# zhou has a PIN at HQ; his key is proof enough.
	SSH_ORIGINAL_COMMAND="record show T01:$R" expect_exit 0 athq --as zhou
	expect_in "$HR_PARTY" "$OUT"
	expect_eq "zhou" "$(hqsql "SELECT by FROM hq_access ORDER BY id DESC LIMIT 1")" "logged at HQ"
	# dsup's key may sit in a device's authorized_keys: at HQ he is no one.
	SSH_ORIGINAL_COMMAND="record show T01:$R" expect_exit 6 athq --lang en --as dsup
	expect_in "not on headquarters' roster" "$ERR"
	expect_not_in "$HR_PARTY" "$OUT"
	expect_exit 0 athq --as admin0 officer retire ret
	SSH_ORIGINAL_COMMAND="deadlines" expect_exit 6 athq --lang en --as ret
	expect_in "R7.1" "$ERR"
}
