# At headquarters: every read command works on what HQ holds of each
# device (`--device ID`), `verify` holds every row HQ rebuilt to the entry
# that vouches for it, and `hq deadlines` / `hq actions` (now names of
# `deadlines` and `action list`, which at HQ go across devices) go across devices
# (issue 8 item 1).

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
athq() { jilu --db "$TEST_DIR/hq.db" "$@"; }

# At HQ ids are shown as DEVICE:ID (tests/cli/test_sync_names.sh): what HQ
# shows of device $1 with its prefix taken off, to compare with the device's
# own output (a time's "T01:20" is not a prefix: a digit precedes it). The
# columns of a table are wider for DEVICE:ID: compared with spaces squeezed.
unprefix() { sed -E "s/(^|[^0-9A-Za-z_.-])$1:([0-9])/\1\2/g"; }

# What a device's list and HQ's list of it must share (HQ adds its device).
ACTION_ROWS='map({id, kind, title, opened_at, opened_by, closed_at, records})'
DEADLINE_ROWS='map({type, req, action, record, form, field, message, due, overdue})'

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=整齐 "$@"
}

# Device $1 in $TEST_DIR/$1 (its store, key and settings), enrolled at HQ,
# with an open action, a closed one, an amendment and a medium.
device() {
	local d=$1 a1 a2 r1
	mkdir -p "$TEST_DIR/$d"
	export JILU_DB="$TEST_DIR/$d/jilu.db" XDG_CONFIG_HOME="$TEST_DIR/$d/config"
	jilu init --device "$d" >/dev/null || fail "init $d"
	jilu officer add zhang --name 张三 --cert 13001 >/dev/null
	jilu --as zhang officer add li --name 李四 --cert 13002 >/dev/null
	export JILU_OFFICER=zhang
	a1=$(jilu action open inspection --title "$d 超市检查") || fail "open"
	r1=$(onsite "$a1" place=某超市 --finalize) || fail "record 1"
	jilu record amend "$r1" --reason 地点笔误 place=某超市二楼 >/dev/null || fail "amend"
	head -c 50000 /dev/urandom >"$TEST_DIR/$d/photo.jpg"
	jilu media add "$r1" "$TEST_DIR/$d/photo.jpg" --kind photo >/dev/null || fail "media"
	jilu action close "$a1" --force --reason 测试 >/dev/null || fail "close"
	a2=$(jilu action open penalty --title "$d 处罚") || fail "open 2"
	make_key "$d/key"
	enroll "$d" "$d/key"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/$d/key" --known-hosts "$TEST_DIR/known_hosts" >/dev/null || fail "setup"
	[ -s "$TEST_DIR/known_hosts" ] || jilu sync trust "$(sshd_fingerprint)" >/dev/null || fail "trust"
	jilu sync >/dev/null || fail "sync $d"
}

test_hq_reads_each_device_as_the_device_does() {
	sshd_start || return
	device T01
	device T02
	local d now
	for d in T01 T02; do
		export JILU_DB="$TEST_DIR/$d/jilu.db"
		expect_exit 0 athq --device "$d" verify
		# At HQ a list names its device (tests/cli/test_sync_names.sh): the rows are the device's.
		expect_eq "$(jilu action list --json | jq -c "$ACTION_ROWS")" \
			"$(athq --device "$d" action list --json | jq -c "$ACTION_ROWS")" "$d action list"
		expect_eq "$(jilu action show 1 | tr -s ' ')" "$(athq --device "$d" action show 1 | unprefix "$d" | tr -s ' ')" "$d action show"
		expect_eq "$(jilu record show 1)" "$(athq --device "$d" record show 1 | unprefix "$d")" "$d record show"
		expect_eq "$(jilu record show 2 --json)" "$(athq --device "$d" record show 2 --json)" "$d amendment"
		# One "now" for both sides: the time left is counted from it.
		now=$(date -d '+1 min' '+%Y-%m-%dT%H:%M')
		expect_eq "$(JILU_NOW=$now jilu check 1)" "$(JILU_NOW=$now athq --device "$d" check 1 | unprefix "$d")" "$d check"
		expect_eq "$(JILU_NOW=$now jilu deadlines --json | jq -c "$DEADLINE_ROWS")" \
			"$(JILU_NOW=$now athq --device "$d" deadlines --json | jq -c "$DEADLINE_ROWS")" "$d deadlines"
		expect_eq "$(jilu officer list)" "$(athq --device "$d" officer list)" "$d roster"
		expect_eq "$(jilu media list 1 | tr -s ' ')" "$(athq --device "$d" media list 1 | unprefix "$d" | tr -s ' ')" "$d media"
	done
	expect_exit 0 athq --device T01 export 1 -o "$TEST_DIR/case.txt"
	expect_exit 0 athq hq verify
	expect_exit 4 athq --device T09 action list
	expect_in "T09" "$ERR"
}

test_hq_deadlines_and_actions_across_devices() {
	sshd_start || return
	device T01
	device T02
	expect_exit 0 athq --lang en hq actions
	expect_in "T01:1" "$OUT"
	expect_in "T02:2" "$OUT"
	expect_in "T01 超市检查" "$OUT"
	expect_in "T02 处罚" "$OUT"
	athq --lang en hq deadlines >"$TEST_DIR/dl" 2>&1
	expect_in "action T01:1" "$(cat "$TEST_DIR/dl")"
	expect_in "action T02:1" "$(cat "$TEST_DIR/dl")"
}

test_hq_store_rebuilt_after_a_cut_catches_up() {
	sshd_start || return
	device T01
	local a
	a=$(jilu action open inspection --title 第二次) || fail "open"
	onsite "$a" place=某饭店 --finalize >/dev/null || fail "record"
	# The rebuilt store removed behind HQ's back: the next sync rebuilds it.
	rm -f "$TEST_DIR/device-T01.db"*
	expect_exit 0 jilu sync
	expect_exit 0 athq --device T01 verify
	expect_eq "$(jilu action list --json | jq -c "$ACTION_ROWS")" \
		"$(athq --device T01 action list --json | jq -c "$ACTION_ROWS")" "action list"
}

test_hq_verify_catches_what_hq_holds_edited() {
	sshd_start || return
	device T01
	expect_exit 0 athq hq verify
	local s="$TEST_DIR/device-T01.db"
	sqlite3 -cmd ".timeout 5000" "$s" "DROP TRIGGER records_final_kept; UPDATE records SET data = json_set(data, '\$.place', '别处') WHERE id = 1"
	expect_exit 1 athq --lang en hq verify
	expect_in "T01" "$ERR"
	expect_exit 1 athq --device T01 verify
	# A medium at HQ changed.
	local h
	h=$(hq "SELECT sha256 FROM hq_media LIMIT 1")
	printf x >>"$TEST_DIR/media/${h:0:2}/$h"
	expect_exit 1 athq --lang en hq verify
	expect_in "$h" "$ERR"
}

test_hq_verify_catches_entries_cut_from_hq() {
	sshd_start || return
	device T01
	local s="$TEST_DIR/device-T01.db"
	# The last entries cut from HQ's copy, its high-water mark lowered to
	# match: the store alone looks whole, the registry's head does not.
	local last
	last=$(sqlite3 -cmd ".timeout 5000" "$s" "SELECT max(seq) FROM ledger")
	sqlite3 -cmd ".timeout 5000" "$s" "DROP TRIGGER ledger_not_deleted; DELETE FROM ledger WHERE seq = $last;
		UPDATE sqlite_sequence SET seq = $((last - 1)) WHERE name = 'ledger';
		DROP TRIGGER actions_opened_kept; DELETE FROM actions WHERE open_seq = $last"
	expect_exit 1 athq --lang en hq verify
	expect_in "entries removed" "$ERR"
}
