# tests/cli/test_hq_log.sh — `jilu log` at headquarters (R22.2, issue 9
# item 6): every device's synced access entries and HQ's own reads
# (hq_access), merged by time, each with where it was read; filters; JSON;
# supervisors and heads only, as checked on HQ's own roster;
# and hq_access a hash chain that `hq verify` finds cut or edited.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

athq() { jilu --db "$TEST_DIR/hq.db" "$@"; }
hqsql() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }

# Device $1 in $TEST_DIR/$1, enrolled at HQ: officers zhang, li, sun
# (supervisor), liu (head); one action with one record, which li shows on
# the device at $2 (a time of 2026-12-01); then synced.
log_device() {
	local d=$1 a r
	mkdir -p "$TEST_DIR/$d"
	export JILU_DB="$TEST_DIR/$d/jilu.db" XDG_CONFIG_HOME="$TEST_DIR/$d/config"
	# Every entry at JILU_NOW: the ledger's times only go forward.
	export JILU_NOW=2026-12-01T09:00
	unset JILU_OFFICER
	jilu init --device "$d" >/dev/null || fail "init $d"
	jilu officer add zhang --name 张三 --cert 13001 >/dev/null || fail zhang
	jilu --as zhang officer add li --name 李四 --cert 13002 >/dev/null || fail li
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail sun
	jilu --as zhang officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail liu
	export JILU_OFFICER=zhang
	a=$(jilu action open inspection --title "$d 检查") || fail "open $d"
	r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		place=某超市 situation=货架整齐 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize) || fail "record $d"
	JILU_NOW=$2 jilu --as li record show "$r" >/dev/null || fail "show on $d"
	make_key "$d/key"
	enroll "$d" "$d/key"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/$d/key" --known-hosts "$TEST_DIR/known_hosts" >/dev/null || fail "setup"
	[ -s "$TEST_DIR/known_hosts" ] || jilu sync trust "$(sshd_fingerprint)" >/dev/null || fail "trust"
	# (the fixed time is far from HQ's clock: its warning is not the test's)
	JILU_NOW=$2 jilu sync >/dev/null 2>&1 || fail "sync $d"
}

# Two devices, each read on it; HQ's own roster (who reads at HQ: the same
# officers, with the same roles); then at HQ sun shows T01:1 and liu exports
# T02:1.
log_world() {
	sshd_start || return 1
	log_device T01 2026-12-01T10:00
	log_device T02 2026-12-01T11:00
	athq init --device HQ >/dev/null || fail "hq init"
	athq officer add admin0 --name 管理员 --cert 90001 >/dev/null || fail "hq admin0"
	athq --as admin0 officer add zhang --name 张三 --cert 13001 >/dev/null || fail "hq zhang"
	athq --as admin0 officer add li --name 李四 --cert 13002 >/dev/null || fail "hq li"
	athq --as admin0 officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail "hq sun"
	athq --as admin0 officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail "hq liu"
	JILU_NOW=2026-12-01T12:00 athq --as sun record show T01:1 >/dev/null || fail "show at HQ"
	JILU_NOW=2026-12-01T13:00 athq --as liu export T02:1 -o "$TEST_DIR/case.txt" >/dev/null ||
		fail "export at HQ"
}

test_hq_log_lists_each_device_and_hq_by_time() {
	log_world || return
	expect_exit 0 athq --lang en --as sun log
	expect_eq 4 "$(printf '%s\n' "$OUT" | grep -c .)" "entries"
	# By time, each with where it was read and DEVICE:ID names.
	expect_eq "T01 li show action T01:1 records T01:1
T02 li show action T02:1 records T02:1
HQ sun show action T01:1 records T01:1
HQ liu export action T02:1 records T02:1" "$(printf '%s\n' "$OUT" | tr -s ' ' | cut -d' ' -f2-)" "log"
	expect_in "2026-12-01T12:00" "$OUT"
	# The device's own log is as it was: HQ's reads never enter its chain.
	JILU_DB="$TEST_DIR/T01/jilu.db" expect_exit 0 jilu --as sun log
	expect_eq 1 "$(printf '%s\n' "$OUT" | grep -c .)" "T01's own log"
}

test_hq_log_filters_and_json() {
	log_world || return
	expect_exit 0 athq --lang en --as sun --device T02 log
	expect_eq 2 "$(printf '%s\n' "$OUT" | grep -c .)" "--device T02"
	expect_not_in "T01" "$OUT"
	expect_exit 0 athq --lang en --as sun log --record T01:1
	expect_eq 2 "$(printf '%s\n' "$OUT" | grep -c .)" "--record T01:1"
	expect_not_in "T02" "$OUT"
	expect_exit 0 athq --lang en --as sun log --action T02:1 --officer liu
	expect_eq 1 "$(printf '%s\n' "$OUT" | grep -c .)" "--action T02:1 --officer liu"
	expect_in "export" "$OUT"
	expect_exit 0 athq --lang en --as sun log --since 2026-12-01T11:30
	expect_eq 2 "$(printf '%s\n' "$OUT" | grep -c .)" "--since"
	expect_exit 0 athq --as liu log --json
	expect_eq '["T01","T02","HQ","HQ"]' "$(printf '%s' "$OUT" | jq -c 'map(.place)')" "places"
	expect_eq '["T01:1","T02:1","T01:1","T02:1"]' "$(printf '%s' "$OUT" | jq -c 'map(.action)')" "actions"
	expect_eq '[["T01:1"],["T02:1"],["T01:1"],["T02:1"]]' "$(printf '%s' "$OUT" | jq -c 'map(.records)')" "records"
	expect_eq '["li","li","sun","liu"]' "$(printf '%s' "$OUT" | jq -c 'map(.by)')" "by"
	# A bare id at HQ names no device: said, not guessed.
	expect_exit 2 athq --lang en --as sun log --record 1
	expect_in "DEVICE:ID" "$ERR"
	expect_exit 4 athq --lang en --as sun log --record T09:1
	expect_in "T09" "$ERR"
}

test_hq_log_only_supervisors_and_heads() {
	log_world || return
	local who
	for who in zhang li; do
		expect_exit 6 athq --as $who log
		expect_in "R22.2" "$ERR"
		expect_eq "" "$OUT" "nothing listed to $who"
		expect_exit 6 athq --as $who --device T01 log
	done
	expect_exit 6 env -u JILU_OFFICER "$JILU" --db "$TEST_DIR/hq.db" log
	expect_exit 0 athq --as sun log
	expect_exit 0 athq --as liu log
	expect_exit 0 athq --as liu --device T01 log
}

test_hq_access_tamper_fails_verify() {
	log_world || return
	JILU_NOW=2026-12-01T14:00 athq --as sun record show T02:1 >/dev/null || fail "show 2"
	expect_exit 0 athq hq verify
	cp "$TEST_DIR/hq.db" "$TEST_DIR/hq.good"
	# Edited.
	hqsql "DROP TRIGGER hq_access_sealed; UPDATE hq_access SET by = 'li' WHERE id = 1" || fail edit
	expect_exit 1 athq --lang en hq verify
	expect_in "hq_access #1" "$ERR"
	expect_exit 1 athq verify
	# Cut in the middle.
	cp "$TEST_DIR/hq.good" "$TEST_DIR/hq.db"
	hqsql "DROP TRIGGER hq_access_kept; DELETE FROM hq_access WHERE id = 2" || fail cut
	expect_exit 1 athq --lang en hq verify
	expect_in "hq_access #3" "$ERR"
	# Cut at the end.
	cp "$TEST_DIR/hq.good" "$TEST_DIR/hq.db"
	hqsql "DROP TRIGGER hq_access_kept; DELETE FROM hq_access WHERE id = 3" || fail "cut end"
	expect_exit 1 athq --lang en hq verify
	expect_in "hq_access #2" "$ERR"
	# Not cut behind jilu's back: the triggers refuse.
	cp "$TEST_DIR/hq.good" "$TEST_DIR/hq.db"
	hqsql "DELETE FROM hq_access WHERE id = 3" 2>/dev/null && fail "a delete was let through"
	expect_exit 0 athq hq verify
}

test_hq_access_from_before_the_chain_is_chained_at_the_next_read() {
	log_world || return
	# hq_access as the jilu before the chain made it: no prev, hash, head.
	hqsql "DROP TRIGGER hq_access_sealed; DROP TRIGGER hq_access_kept; DROP TABLE hq_access_head;
		ALTER TABLE hq_access DROP COLUMN prev; ALTER TABLE hq_access DROP COLUMN hash" || fail legacy
	expect_exit 1 athq --lang en hq verify
	expect_in "hq_access #1" "$ERR"
	expect_in "not chained" "$ERR"
	JILU_NOW=2026-12-01T14:00 athq --as sun record show T02:1 >/dev/null || fail "show after"
	expect_exit 0 athq hq verify
	expect_exit 0 athq --lang en --as sun log --officer sun
	expect_eq 2 "$(printf '%s\n' "$OUT" | grep -c .)" "sun's reads at HQ, old and new"
}
