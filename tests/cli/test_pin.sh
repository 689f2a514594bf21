# tests/cli/test_pin.sh — an officer's PIN (README "Who acts is proven"):
# right, wrong, locked for 15 minutes after five wrong in a row (and the lock
# survives restarts: each try is its own process), never stored in clear.

PIN=48151623
pin_store() {
	setup_store
	unset JILU_OFFICER
	echo "$PIN" | jilu --as li officer pin li >/dev/null || fail "li sets a PIN"
}

test_pin_is_needed_once_set_and_the_right_one_acts() {
	pin_store
	expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "R4.2" "$ERR"
	expect_in "li has a PIN" "$ERR"
	JILU_PIN=$PIN expect_exit 0 jilu --as li action open inspection
	expect_eq "li" "$(sqlite3 "$JILU_DB" "SELECT opened_by FROM actions")" "who opened"
	# Officers without a PIN act as before.
	expect_exit 0 jilu --as zhang action open inspection
}

test_pin_wrong_is_refused_and_stores_nothing() {
	pin_store
	JILU_PIN=0000 expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "wrong PIN for li (1 in a row" "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM actions")" "actions"
	# A right one clears the count.
	JILU_PIN=$PIN expect_exit 0 jilu --as li action open inspection
	JILU_PIN=0000 expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "(1 in a row" "$ERR"
}

test_pin_five_wrong_in_a_row_lock_for_15_minutes_across_restarts() {
	pin_store
	local i
	for i in 1 2 3 4; do
		JILU_NOW=2026-03-01T10:00:00+08:00 JILU_PIN=0000 expect_exit 6 jilu --as li action open inspection
	done
	JILU_NOW=2026-03-01T10:00:00+08:00 JILU_PIN=0000 expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "5 times in a row: locked for 15 minutes" "$ERR"
	# Locked: even the right PIN is refused, 14 minutes on.
	JILU_NOW=2026-03-01T10:14:00+08:00 JILU_PIN=$PIN expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "is locked" "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM actions")" "actions while locked"
	# JILU_NOW (any user may set it) does not count the lock down: 15
	# minutes "later" by it, li is still locked (the real clock counts).
	JILU_NOW=2026-03-01T10:15:01+08:00 JILU_PIN=$PIN expect_exit 6 jilu --lang en --as li action open inspection
	expect_in "is locked" "$ERR"
	JILU_NOW=2030-01-01T00:00:00+08:00 JILU_PIN=$PIN expect_exit 6 jilu --as li action open inspection
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM actions")" "actions while locked"
	# The lock's end is real time, about 15 minutes from now.
	local until left
	until=$(sqlite3 "$JILU_DB" "SELECT substr(value, instr(value, ' ') + 1) FROM meta WHERE key = 'pin_fail:li'")
	left=$((until - $(date +%s)))
	[ "$left" -gt 800 ] && [ "$left" -le 900 ] || fail "lock ends in $left s, not about 900 of the real clock"
}

test_pin_never_stored_in_clear() {
	pin_store
	JILU_PIN=$PIN jilu --as li action open inspection >/dev/null || fail "act"
	expect_eq 0 "$(grep -c "$PIN" "$JILU_DB" "$JILU_DB"-wal 2>/dev/null | awk -F: '{s += $2} END {print s + 0}')" "PIN in the store's files"
	expect_in 'pbkdf2-sha256$200000$' "$(sqlite3 "$JILU_DB" "SELECT value FROM meta WHERE key = 'pin:li'")"
}

test_pin_of_another_only_an_admin_sets() {
	pin_store
	# li (an officer, proven) cannot set zhang's; zhang (admin) can reset li's.
	JILU_PIN=$PIN expect_exit 6 jilu --as li officer pin zhang <<<9999
	expect_in "R5.1" "$ERR"
	expect_exit 0 jilu --as zhang officer pin li <<<77777
	JILU_PIN=77777 expect_exit 0 jilu --as li action open inspection
	# Too short: refused, nothing changed.
	expect_exit 2 jilu --as zhang officer pin li <<<12
	JILU_PIN=77777 expect_exit 0 jilu --as li action open inspection
}

test_pin_guards_every_acting_command_including_officer_add() {
	pin_store
	expect_exit 0 jilu --as zhang officer pin zhang <<<2468
	expect_exit 6 jilu --as zhang officer add wang --name 王五 --cert 13003
	JILU_PIN=2468 expect_exit 0 jilu --as zhang officer add wang --name 王五 --cert 13003
}

# An SSH key's forced command names the officer: proof enough without the
# PIN; the officer's words (SSH_ORIGINAL_COMMAND) cannot name another.
test_ssh_forced_command_is_proof_and_cannot_change_officer_or_store() {
	pin_store
	SSH_ORIGINAL_COMMAND="jilu action open inspection --title '市场 检查'" expect_exit 0 jilu --as li
	expect_eq "li|市场 检查" "$(sqlite3 "$JILU_DB" "SELECT opened_by, title FROM actions")" "opened through the key"
	SSH_ORIGINAL_COMMAND="--as zhang action open inspection" expect_exit 2 jilu --lang en --as li
	expect_in "not allowed through an SSH key" "$ERR"
	SSH_ORIGINAL_COMMAND="--db /tmp/other.db action list" expect_exit 2 jilu --as li
	SSH_ORIGINAL_COMMAND="action open 'inspection" expect_exit 2 jilu --as li
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM actions")" "actions"
	# Without the forced command the PIN is still asked.
	expect_exit 6 jilu --as li action open inspection
}
