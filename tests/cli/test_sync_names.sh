# Names across devices (issue 8 item 1): a record or an action is DEVICE:ID
# everywhere an id is an argument; on a device its own prefix is the plain
# number and another device's is refused; at headquarters a DEVICE:ID reads
# that device's store, a plain id is refused naming the devices, and the
# read commands (action list, deadlines, check, verify, status, --json of
# each) go across every device with a DEVICE column, --device narrowing.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

athq() { jilu --db "$TEST_DIR/hq.db" "$@"; }
# What HQ shows of device $1 without its DEVICE: prefixes (not a time's "T01:20").
unprefix() { sed -E "s/(^|[^0-9A-Za-z_.-])$1:([0-9])/\1\2/g"; }

names_onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=整齐 "$@"
}

# Device $1 in $TEST_DIR/$1, enrolled at HQ and synced: action 1 (closed,
# record 1 final and corrected by record 2, a photo), action 2 (penalty,
# open, nothing recorded: its opening is its only entry).
names_device() {
	local d=$1 a1 a2 r1
	mkdir -p "$TEST_DIR/$d"
	export JILU_DB="$TEST_DIR/$d/jilu.db" XDG_CONFIG_HOME="$TEST_DIR/$d/config"
	jilu init --device "$d" >/dev/null || fail "init $d"
	jilu officer add zhang --name 张三 --cert 13001 >/dev/null
	jilu --as zhang officer add li --name 李四 --cert 13002 >/dev/null
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null
	export JILU_OFFICER=zhang
	a1=$(jilu action open inspection --title "$d 超市检查") || fail "open"
	r1=$(names_onsite "$a1" place=某超市 --finalize) || fail "record 1"
	jilu record amend "$r1" --reason 地点笔误 place=某超市二楼 >/dev/null || fail "amend"
	head -c 20000 /dev/urandom >"$TEST_DIR/$d/photo.jpg"
	jilu media add "$r1" "$TEST_DIR/$d/photo.jpg" --kind photo --captured-at 2026-11-26T09:30 \
		>/dev/null 2>&1 || fail "media"
	jilu action close "$a1" --force --reason 测试 >/dev/null || fail "close"
	a2=$(jilu action open penalty --title "$d 处罚") || fail "open 2"
	make_key "$d/key"
	enroll "$d" "$d/key"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/$d/key" --known-hosts "$TEST_DIR/known_hosts" >/dev/null || fail "setup"
	[ -s "$TEST_DIR/known_hosts" ] || jilu sync trust "$(sshd_fingerprint)" >/dev/null || fail "trust"
	jilu sync >/dev/null || fail "sync $d"
}

two_devices() {
	sshd_start || return 1
	names_device T01
	names_device T02
	unset JILU_OFFICER
}

test_names_own_prefix_is_the_plain_id_on_a_device() {
	setup_store
	local a r
	a=$(jilu action open inspection --title 检查) || fail open
	r=$(names_onsite "$a" place=某超市 --finalize) || fail record
	expect_exit 0 jilu record show "T01:$r"
	expect_eq "$(jilu record show "$r")" "$OUT" "record show T01:$r"
	expect_exit 0 jilu record show "T01：$r" # typed with a Chinese keyboard's colon
	expect_exit 0 jilu action show "T01:$a"
	expect_eq "$(jilu action show "$a")" "$OUT" "action show"
	expect_exit 0 jilu record list "T01:$a"
	expect_eq "$(jilu record list "$a")" "$OUT" "record list"
	expect_exit 1 jilu check "T01:$a"
	expect_exit 0 jilu media list "T01:$r"
	expect_exit 0 jilu export "T01:$a" -o "$TEST_DIR/case.txt"
	[ -s "$TEST_DIR/case.txt" ] || fail "export T01:$a wrote nothing"
	expect_exit 0 jilu record amend "T01:$r" --reason 笔误 place=某超市二楼
}

test_names_another_devices_id_is_refused_on_a_device() {
	setup_store
	local a r
	a=$(jilu action open inspection --title 检查) || fail open
	r=$(names_onsite "$a" place=某超市 --finalize) || fail record
	for cmd in "record show" "action show" "record list" check "media list" export; do
		# shellcheck disable=SC2086
		expect_exit 2 jilu --lang en $cmd "T02:1"
		expect_in "this store holds only device T01, not device T02" "$ERR"
		# shellcheck disable=SC2086
		expect_exit 2 jilu $cmd "T02:1"
		expect_in "此数据库只存有设备 T01 的数据" "$ERR"
	done
	expect_exit 2 jilu record amend "T02:$r" --reason 笔误 place=某超市二楼
	expect_exit 2 jilu --as sun log --record "T02:$r"
	# Two devices in one command: refused before anything is opened.
	expect_exit 2 jilu --lang en log --record "T01:$r" --action "T02:$a"
	expect_in "one device" "$ERR"
	# Nothing was logged or changed by the refusals.
	expect_exit 0 jilu verify
}

test_names_malformed_names_are_refused_with_the_example() {
	setup_store
	local a bad
	a=$(jilu action open inspection --title 检查) || fail open
	for bad in ":1" "T01:" "T01:x1" "T01:1x" "T01:-1" "T01:0" "T01:99999999999999999999" \
		"T01::1" $'T\u200b01:1' $'T01:1\u200b' $'T01\u202e:1' " :1" "T01:１" "a:b:"; do
		for cmd in "action show" "record show" check export "media list" "record list"; do
			# shellcheck disable=SC2086
			expect_exit 2 jilu --lang en $cmd "$bad"
			expect_in "CL-T01:42" "$ERR"
			expect_in "not an id" "$ERR"
		done
		expect_exit 2 jilu $cmd "$bad"
		expect_in "例如 CL-T01:42" "$ERR"
	done
	expect_exit 2 jilu --lang en action show ":1"
	expect_in "device id before the colon is missing" "$ERR"
	expect_exit 2 jilu --lang en action show "T01:"
	expect_in "the number is missing" "$ERR"
	expect_exit 2 jilu --lang en action show "T01:99999999999999999999"
	expect_in "too large" "$ERR"
	expect_exit 2 jilu --lang en action show $'T\u200b01:1'
	expect_in "U+200B" "$ERR"
	expect_exit 2 jilu --lang en action show "T01:x1"
	expect_in "only the digits" "$ERR"
}

test_names_hq_reads_a_device_by_its_name_and_refuses_a_plain_id() {
	two_devices || return
	expect_exit 0 athq record show T01:1
	# The same as on the device, every id as DEVICE:ID.
	expect_in "记录 T01:1 " "$OUT"
	expect_in "执法活动：T01:1" "$OUT"
	expect_in "已被记录 T01:2 更正" "$OUT"
	expect_in "  T01:1  照片  photo.jpg" "$OUT"
	expect_eq "$(JILU_DB=$TEST_DIR/T01/jilu.db jilu record show 1)" "$(unprefix T01 <<<"$OUT")" "T01:1 at HQ = 1 on T01"
	expect_exit 0 athq record show T02:2 --json
	expect_eq "$(JILU_DB=$TEST_DIR/T02/jilu.db jilu record show 2 --json)" "$OUT" "T02:2 --json"
	expect_exit 0 athq action show T02:1
	expect_in "T02 超市检查" "$OUT"
	expect_in "执法活动 T02:1 " "$OUT"
	expect_in "更正记录 T02:1" "$OUT"
	expect_eq "$(JILU_DB=$TEST_DIR/T02/jilu.db jilu action show 1 | tr -s ' ')" \
		"$(unprefix T02 <<<"$OUT" | tr -s ' ')" "action show"
	expect_exit 0 athq record list T02:1
	expect_in "T02:2 " "$OUT"
	expect_exit 0 athq --device T02 media list 1
	expect_in "T02:1 " "$OUT"
	expect_exit 1 athq --lang en check T01:1
	expect_in "record T01:2 (" "$OUT"
	expect_exit 1 athq check T01:2
	expect_exit 0 athq media list T01:1
	expect_exit 0 athq export T02:1 -o "$TEST_DIR/t02-case.txt"
	expect_in "T02 超市检查" "$(cat "$TEST_DIR/t02-case.txt")"
	# A plain id at HQ: which device? Refused, naming them.
	for cmd in "record show" "action show" check export "media list" "record list"; do
		# shellcheck disable=SC2086
		expect_exit 2 athq --lang en $cmd 1
		expect_in "write DEVICE:ID" "$ERR"
		expect_in "T01, T02" "$ERR"
	done
	expect_exit 2 athq record show 1
	expect_in "设备:编号" "$ERR"
	expect_in "T01、T02" "$ERR"
	# With --device a plain id is that device's, as before.
	expect_exit 0 athq --device T02 record show 1
	expect_exit 4 athq record show T09:1
	expect_in "T09" "$ERR"
	# HQ holds what devices vouched for: it never writes into one.
	expect_exit 2 athq --as zhang record amend T01:1 --reason 笔误 place=某处
	expect_exit 2 athq --as zhang action close T01:2 --force --reason 测试
}

test_names_hq_lists_every_device_with_a_device_column() {
	two_devices || return
	local now=2026-11-30T09:00
	expect_exit 0 athq --lang en action list
	expect_in "device" "$OUT"
	expect_in "T01:1" "$OUT"
	expect_in "T02:2" "$OUT"
	expect_eq 4 "$(grep -c '^T0[12] ' <<<"$OUT")" "rows of action list at HQ"
	expect_exit 0 athq action list --json
	expect_eq "T01:1 T01:2 T02:1 T02:2" "$(jq -r '[.[].ref] | sort | join(" ")' <<<"$OUT")" "refs"
	expect_eq "T01 T02" "$(jq -r '[.[].device] | unique | join(" ")' <<<"$OUT")" "devices"
	expect_exit 0 athq action list --open --json
	expect_eq "T01:2 T02:2" "$(jq -r '[.[].ref] | sort | join(" ")' <<<"$OUT")" "open"
	# Deadlines across devices, the earliest due first: the same set each
	# device has, named DEVICE:ID.
	expect_exit 0 env JILU_NOW=$now "$JILU" --db "$TEST_DIR/hq.db" deadlines --json
	local dl=$OUT want=0 d
	for d in T01 T02; do
		want=$((want + $(JILU_NOW=$now JILU_DB=$TEST_DIR/$d/jilu.db jilu deadlines --json | jq length)))
	done
	expect_eq "$want" "$(jq length <<<"$dl")" "deadlines at HQ = both devices'"
	expect_eq "true" "$(jq '[.[].due] == ([.[].due] | sort)' <<<"$dl")" "earliest due first"
	expect_eq "T01 T02" "$(jq -r '[.[].device] | unique | join(" ")' <<<"$dl")" "deadline devices"
	expect_in "T01:1" "$(jq -r '.[].action_ref' <<<"$dl")"
	expect_exit 0 env JILU_NOW=$now "$JILU" --db "$TEST_DIR/hq.db" --lang en deadlines
	expect_in "action T02:1" "$OUT"
	expect_in "record T01:2" "$OUT"
	# check: every open action of every device, what it lacks.
	expect_exit 1 athq --lang en check
	expect_in "action T01:2" "$OUT"
	expect_in "action T02:2" "$OUT"
	expect_in "2 open actions, 2 of them lacking something" "$OUT"
	expect_exit 1 athq check --json
	expect_eq "T01:2 T02:2" "$(jq -r '[.[].action_ref] | join(" ")' <<<"$OUT")" "check --json"
	expect_exit 0 athq --lang en verify
	expect_in "2 devices" "$OUT"
	expect_exit 0 athq --lang en status
	expect_in "T01" "$OUT"
	expect_in "T02" "$OUT"
	expect_exit 0 athq status --json
	expect_eq "T01 T02" "$(jq -r '[.devices[].device] | join(" ")' <<<"$OUT")" "status devices"
	expect_eq "1 1" "$(jq -r '[.devices[].open_actions] | map(tostring) | join(" ")' <<<"$OUT")" "open"
	# The old names stay.
	expect_exit 0 athq hq actions --json
	expect_eq 4 "$(jq length <<<"$OUT")" "hq actions"
	expect_exit 0 athq hq deadlines
}

test_names_device_narrows_hq_lists_to_one_device() {
	two_devices || return
	expect_exit 0 athq --device T02 action list
	expect_in "T02:1" "$OUT"
	expect_eq 0 "$(grep -c '^T01 ' <<<"$OUT")" "rows of T01 with --device T02"
	expect_eq 2 "$(grep -c '^T02 ' <<<"$OUT")" "rows of T02 with --device T02"
	expect_exit 0 athq --device T02 deadlines --json
	expect_eq "T02" "$(jq -r '[.[].device] | unique | join(" ")' <<<"$OUT")" "deadlines"
	expect_exit 1 athq --device T01 check --json
	expect_eq "T01:2" "$(jq -r '[.[].action_ref] | join(" ")' <<<"$OUT")" "check"
	expect_exit 0 athq --device T01 status --json
	expect_eq "T01" "$(jq -r '[.devices[].device] | join(" ")' <<<"$OUT")" "status"
}

# Item 3: opening an action is a ledger entry, so HQ sees an action with
# nothing recorded, and what it lacks, as the device does.
test_names_hq_shows_an_action_with_nothing_final_yet() {
	two_devices || return
	expect_exit 0 athq action list --json
	expect_eq "0 open penalty" \
		"$(jq -r '.[] | select(.ref == "T01:2") | "\(.records) \(if .closed_at then "closed" else "open" end) \(.kind)"' <<<"$OUT")" \
		"T01:2 at HQ"
	expect_exit 1 athq check T01:2 --json
	expect_eq "$(JILU_DB=$TEST_DIR/T01/jilu.db jilu check 2 --json | jq -c '[.items[].req]')" \
		"$(jq -c '[.items[].req]' <<<"$OUT")" "what T01:2 lacks, at HQ and on the device"
	# Its deadlines at HQ are the device's (a deadline runs from a final
	# record, so an action with nothing final has none on either side).
	local now=2026-11-30T09:00
	expect_eq "$(JILU_NOW=$now JILU_DB=$TEST_DIR/T01/jilu.db jilu deadlines --json | jq -c '[.[] | select(.action == 2)]')" \
		"$(JILU_NOW=$now athq deadlines --json | jq -c '[.[] | select(.action_ref == "T01:2") | del(.device, .action_ref, .record_ref)]')" \
		"deadlines of T01:2"
	expect_exit 0 env JILU_NOW=$now "$JILU" --db "$TEST_DIR/hq.db" status --json
	expect_eq 1 "$(jq '.devices[] | select(.device == "T01") | .open_actions' <<<"$OUT")" "open at HQ"
}

test_names_an_id_pasted_from_hqs_lists_works() {
	two_devices || return
	local ref rec
	ref=$(athq action list --json | jq -r '.[] | select(.kind == "inspection" and .device == "T02") | .ref')
	expect_eq "T02:1" "$ref" "action ref"
	expect_exit 0 athq action show "$ref"
	expect_in "T02 超市检查" "$OUT"
	rec=$(JILU_NOW=2026-11-30T09:00 athq deadlines --json |
		jq -r '[.[] | select(.record_ref != null and .device == "T02")][0].record_ref')
	expect_eq "T02:2" "$rec" "record ref from deadlines"
	expect_exit 0 athq record show "$rec"
	expect_in "某超市二楼" "$OUT"
	# Pasted on the device itself, its own name works too.
	expect_exit 0 env JILU_DB="$TEST_DIR/T02/jilu.db" "$JILU" record show "$rec"
	expect_in "某超市二楼" "$OUT"
}

# A read at HQ is logged (R22.2) in HQ's registry, never in HQ's copy of the
# device's chain: that copy must stay the device's, or its next sync is
# refused as a rewritten history.
test_names_reads_at_hq_are_logged_at_hq_and_the_device_syncs_on() {
	two_devices || return
	local head
	head=$(sqlite3 "$TEST_DIR/device-T01.db" "SELECT max(seq) FROM ledger")
	# Who reads at HQ is on HQ's own roster (tests/cli/test_hq_roster.sh).
	athq init --device HQ >/dev/null || fail "hq init"
	athq officer add admin0 --name 管理员 --cert 90001 >/dev/null || fail "hq admin0"
	athq --as admin0 officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail "hq sun"
	expect_exit 0 athq --as sun record show T01:1
	expect_exit 0 athq --device T01 record show 2 --json
	expect_exit 0 athq export T01:1 -o "$TEST_DIR/case.txt"
	expect_eq "$head" "$(sqlite3 "$TEST_DIR/device-T01.db" "SELECT max(seq) FROM ledger")" \
		"HQ's copy of T01's chain after reads at HQ"
	expect_eq "sun|T01|1|1|show
|T01|1|2|show
|T01|1|1,2|export" "$(sqlite3 "$TEST_DIR/hq.db" "SELECT by, device, action, records, what FROM hq_access ORDER BY id")" \
		"the reads logged at HQ"
	# The device records on and syncs: HQ takes it.
	export JILU_DB="$TEST_DIR/T01/jilu.db" XDG_CONFIG_HOME="$TEST_DIR/T01/config"
	JILU_OFFICER=zhang jilu action open inspection --title 再次检查 >/dev/null || fail "open"
	expect_exit 0 jilu sync
	# HQ's roster came back as roster entries of T01's own chain: up they go.
	expect_exit 0 jilu sync
	expect_exit 0 athq --device T01 verify
	expect_exit 0 athq action show T01:3
	expect_in "再次检查" "$OUT"
	# And HQ never writes into a device's store, --device or DEVICE:ID.
	expect_exit 2 athq --device T01 --as zhang action open inspection --title 总部
	expect_exit 2 athq --device T01 --as zhang record amend 1 --reason 笔误 place=某处
	expect_eq "$(sqlite3 "$TEST_DIR/T01/jilu.db" "SELECT max(seq) FROM ledger")" \
		"$(sqlite3 "$TEST_DIR/device-T01.db" "SELECT max(seq) FROM ledger")" "HQ holds what T01 has"
}

NAMES_TREE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

names_complete() {
	COMP_WORDS=(jilu "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_jilu
	printf '%s\n' "${COMPREPLY[@]}"
}

test_names_help_man_page_and_completion_know_device_ids() {
	local tree=$NAMES_TREE page
	expect_exit 0 jilu --lang en help
	expect_in "DEVICE:ID (CL-T01:42)" "$OUT"
	expect_exit 0 jilu help
	expect_in "设备:编号（如 CL-T01:42）" "$OUT"
	expect_exit 0 jilu --lang en help check
	expect_in "DEVICE:ACTION" "$OUT"
	page=$(groff -k -man -Tutf8 -P -cbou -ww -rLL=200n "$tree/doc/jilu.1" 2>/dev/null | tr -s ' ')
	expect_in "NAMES ACROSS DEVICES" "$page"
	expect_in "DEVICE:ID" "$page"
	# Completion offers HQ's devices as DEVICE: where an id goes, and after --device.
	jilu() { "$JILU" "$@"; }
	compopt() { :; }
	# shellcheck source=/dev/null
	source "$tree/doc/jilu.bash-completion"
	mkdir -p hq
	: >hq/hq.db
	: >hq/device-T01.db
	: >hq/device-T02.db
	expect_eq "T01: T02:" "$(echo $(names_complete --db hq/hq.db record show T))" "record show"
	expect_eq "T02:" "$(echo $(names_complete --db hq/hq.db check T02))" "check"
	expect_eq "T01: T02:" "$(echo $(names_complete --db hq/hq.db log --record T))" "log --record"
	expect_eq "T01 T02" "$(echo $(names_complete --db hq/hq.db --device T))" "--device"
	expect_eq "show" "$(echo $(names_complete --db hq/hq.db --device T01 record sh))" "after --device"
	unset -f jilu
}
