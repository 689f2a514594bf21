# Sync to headquarters over SSH (issue 8): a real OpenSSH sshd on 127.0.0.1
# started by each test (tests/cli/sync_lib.sh), HQ's `jilu hq ingest` as the
# forced command of the device's key, the device's `jilu sync` over libssh.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
# What HQ holds of device $1: its own store beside HQ's.
hqdev() { local d=$1; shift; sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-$d.db" "$@"; }
dev() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$@"; }

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=货架整齐 "$@"
}

# A device store with N final records in one action and M media of 64 KB.
device_with() {
	local n=$1 m=$2 a r i
	setup_store
	a=$(jilu action open inspection --title 超市检查) || fail "open action"
	for i in $(seq 1 "$n"); do
		r=$(onsite "$a" place="某超市$i" --finalize) || fail "record $i"
	done
	for i in $(seq 1 "$m"); do
		head -c 65536 /dev/urandom >"photo$i.jpg"
		jilu media add "$r" "photo$i.jpg" --kind photo >/dev/null || fail "media $i"
	done
}

# sshd up, the device's key enrolled as T01, sync.conf written, HQ trusted.
hq_ready() {
	sshd_start || return 1
	make_key devkey
	enroll "${1:-T01}" devkey
	device_conf devkey
	trust_hq
}

test_sync_first_sends_everything_and_second_sends_nothing() {
	device_with 30 3
	hq_ready
	expect_exit 0 jilu sync
	local n
	n=$(dev "SELECT count(*) FROM ledger")
	expect_eq "$n" "$(hqdev T01 "SELECT count(*) FROM ledger")" "entries at HQ"
	expect_eq "$(dev "SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1")" \
		"$(hq "SELECT hash FROM hq_devices WHERE device = 'T01'")" "HQ's head"
	expect_eq 3 "$(hq "SELECT count(*) FROM hq_media")" "media at HQ"
	for f in photo1.jpg photo2.jpg photo3.jpg; do
		local h
		h=$(sha256sum "$f" | cut -c1-64)
		expect_eq "$h" "$(sha256sum "media/${h:0:2}/$h" 2>/dev/null | cut -c1-64)" "$f at HQ"
	done
	expect_in "$n" "$OUT"
	# Nothing new: nothing sent, nothing stored twice.
	expect_exit 0 jilu --lang en sync
	expect_in "synced: 0 entries, 0 media" "$OUT"
	expect_eq "$n" "$(hqdev T01 "SELECT count(*) FROM ledger")" "entries after the second sync"
	expect_exit 0 jilu verify
}

test_sync_sends_only_what_is_new() {
	device_with 3 0
	hq_ready
	expect_exit 0 jilu sync
	local a n
	n=$(dev "SELECT count(*) FROM ledger")
	a=$(jilu action open inspection --title 第二次) || fail "open"
	onsite "$a" place=某饭店 --finalize >/dev/null || fail "record"
	n=$(( $(dev "SELECT count(*) FROM ledger") - n ))
	expect_exit 0 jilu --lang en sync
	expect_in "synced: $n entries" "$OUT"
	expect_eq "$(dev "SELECT count(*) FROM ledger")" "$(hqdev T01 "SELECT count(*) FROM ledger")" "entries"
}

test_sync_unknown_host_refused_exit_5_with_fingerprint() {
	device_with 1 0
	sshd_start
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	expect_exit 5 jilu --lang en sync
	expect_in "unknown host" "$ERR"
	expect_in "$(sshd_fingerprint)" "$ERR"
	expect_eq 1 "$(printf '%s\n' "$ERR" | grep -c .)" "lines of reason"
	[ -s "$TEST_DIR/known_hosts" ] && fail "an unknown key was added"
	[ -e "$TEST_DIR/hq.db" ] && fail "HQ was reached"
	true
}

test_sync_changed_host_key_refused_exit_5() {
	device_with 1 0
	hq_ready
	expect_exit 0 jilu sync
	sshd_stop
	sshd_new_host_key
	sshd_start
	expect_exit 5 jilu --lang en sync
	expect_in "CHANGED" "$ERR"
	expect_in "$(sshd_fingerprint)" "$ERR"
}

test_sync_trust_adds_only_the_fingerprint_presented() {
	device_with 1 0
	sshd_start
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	expect_exit 5 jilu --lang en sync trust SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
	expect_in "$(sshd_fingerprint)" "$ERR"
	expect_in "not added" "$ERR"
	[ -s "$TEST_DIR/known_hosts" ] && fail "a key was added for a fingerprint HQ did not present"
	expect_exit 5 jilu sync probe
	expect_exit 0 jilu sync trust "$(sshd_fingerprint)"
	expect_exit 0 jilu --lang en sync probe
	expect_in "link OK: headquarters answered" "$OUT"
	expect_exit 0 jilu sync
}

test_sync_key_not_enrolled_refused_exit_5() {
	device_with 1 0
	hq_ready
	make_key otherkey
	expect_exit 5 jilu --lang en sync --identity "$TEST_DIR/otherkey"
	expect_in "refused the device's key" "$ERR"
	# A revoked key is a removed line.
	: >"$TEST_DIR/ssh/authorized_keys"
	expect_exit 5 jilu sync
}

test_sync_nothing_listening_exit_5() {
	device_with 1 0
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	make_key devkey
	# A port just closed: nothing listens there.
	sshd_start; local port=$SSHD_PORT; sshd_stop
	expect_exit 5 jilu --lang en sync --remote "ssh://nobody@127.0.0.1:$port" \
		--identity "$TEST_DIR/devkey" --known-hosts "$TEST_DIR/known_hosts"
	expect_in "cannot connect" "$ERR"
}

test_sync_dead_link_ends_with_a_message() {
	device_with 1 0
	sshd_start
	make_key devkey
	# HQ's side never answers.
	printf 'command="sleep 60",restrict %s\n' "$(cut -d' ' -f1,2 "$TEST_DIR/devkey.pub")" \
		>"$TEST_DIR/ssh/authorized_keys"
	device_conf devkey
	trust_hq
	local t0=$SECONDS
	JILU_SYNC_TIMEOUT=2 expect_exit 5 jilu --lang en sync
	expect_in "dead" "$ERR"
	[ $((SECONDS - t0)) -le 10 ] || fail "took $((SECONDS - t0)) s"
}

test_sync_remote_malformed_is_usage_error() {
	device_with 1 0
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	make_key devkey
	expect_exit 2 jilu sync setup --remote "http://x" --identity "$TEST_DIR/devkey"
	expect_in "ssh://" "$ERR"
	expect_exit 2 jilu sync setup --remote "ssh://u@h:99999" --identity "$TEST_DIR/devkey"
	expect_exit 2 jilu sync setup --remote "ssh://u@h" --identity "$TEST_DIR/missing"
	expect_exit 2 jilu sync
	expect_in "jilu sync setup" "$ERR"
}

test_sync_key_enrolled_for_another_device_refused() {
	device_with 1 0
	hq_ready T02
	expect_exit 3 jilu --lang en sync
	expect_in "T02" "$ERR"
	expect_eq 0 "$(hqdev T02 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0)" "entries at HQ"
}

test_sync_edited_device_store_refused_and_hq_keeps_what_it_had() {
	device_with 2 0
	hq_ready
	expect_exit 0 jilu sync
	local had
	had=$(hqdev T01 "SELECT count(*) || ':' || max(seq) FROM ledger")
	local a
	a=$(jilu action open inspection --title 第二次) || fail "open"
	onsite "$a" place=某饭店 --finalize >/dev/null || fail "record"
	# A final record edited behind jilu's back before it was synced.
	dev "DROP TRIGGER records_final_kept; UPDATE records SET data = json_set(data, '\$.place', '别处') WHERE id = (SELECT max(id) FROM records)"
	expect_exit 3 jilu --lang en sync
	expect_in "does not match" "$ERR"
	expect_eq "$had" "$(hqdev T01 "SELECT count(*) || ':' || max(seq) FROM ledger")" "what HQ holds"
	expect_in "edited" "$(hq "SELECT detail FROM hq_refusals")"
}

test_sync_rewritten_chain_refused_as_fork() {
	device_with 2 0
	hq_ready
	expect_exit 0 jilu sync
	local had
	had=$(hqdev T01 "SELECT group_concat(hash) FROM ledger")
	# The whole store made again under the same device id: every hash is
	# correct, but it is another history.
	rm -rf "$JILU_DB"* media
	setup_store
	local a
	a=$(jilu action open inspection --title 重写) || fail "open"
	onsite "$a" place=别处 --finalize >/dev/null || fail "record 1"
	onsite "$a" place=别处2 --finalize >/dev/null || fail "record 2"
	onsite "$a" place=别处3 --finalize >/dev/null || fail "record 3"
	expect_exit 0 jilu verify
	expect_exit 3 jilu --lang en sync
	expect_in "rewritten history" "$ERR"
	expect_eq "$had" "$(hqdev T01 "SELECT group_concat(hash) FROM ledger")" "what HQ holds"
	expect_in "fork" "$(hq "SELECT reason FROM hq_refusals")"
}

test_sync_two_devices_into_one_hq() {
	device_with 2 1
	hq_ready
	expect_exit 0 jilu sync
	# The second device: its own store, key and settings.
	mkdir -p "$TEST_DIR/dev2"
	(
		export JILU_DB="$TEST_DIR/dev2/jilu.db" XDG_CONFIG_HOME="$TEST_DIR/dev2/config"
		cd "$TEST_DIR/dev2" || exit 1
		jilu init --device T02 >/dev/null
		jilu officer add zhang --name 张三 --cert 13001 >/dev/null
		jilu officer add li --name 李四 --cert 13002 >/dev/null
		a=$(jilu action open inspection --title 检查)
		onsite "$a" place=某药店 --finalize >/dev/null || exit 1
		make_key dev2key
		enroll T02 dev2key
		jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
			--identity "$TEST_DIR/dev2key" --known-hosts "$TEST_DIR/dev2/known_hosts" >/dev/null
		jilu sync trust "$(sshd_fingerprint)" >/dev/null
		jilu sync >/dev/null
	) || fail "device T02"
	expect_eq "T01 T02" "$(hq "SELECT group_concat(device, ' ') FROM (SELECT device FROM hq_devices ORDER BY device)")" "devices"
	expect_eq "$(dev "SELECT count(*) FROM ledger")" "$(hqdev T01 "SELECT count(*) FROM ledger")" "T01 entries"
	expect_eq "$(sqlite3 "$TEST_DIR/dev2/jilu.db" "SELECT count(*) FROM ledger")" \
		"$(hqdev T02 "SELECT count(*) FROM ledger")" "T02 entries"
}

test_sync_clock_far_off_is_warned_and_both_times_kept() {
	device_with 1 0
	hq_ready
	JILU_NOW=$(date -d '-2 hours' +%Y-%m-%dT%H:%M:%S%:z) expect_exit 0 jilu --lang en sync
	expect_in "clock" "$ERR"
	local skew
	skew=$(hq "SELECT skew FROM hq_syncs ORDER BY id DESC LIMIT 1")
	[ "$skew" -le -7000 ] && [ "$skew" -ge -7400 ] || fail "skew $skew"
	expect_in "$(date -d '-2 hours' +%Y-%m-%d)" "$(hq "SELECT device_time FROM hq_syncs")"
	expect_exit 0 jilu --lang en sync
	expect_not_in "clock" "$ERR"
}

test_sync_progress_bar_on_a_terminal_quiet_when_piped() {
	device_with 5 1
	hq_ready
	expect_exit 0 jilu sync
	expect_not_in "MB/s" "$ERR"
	expect_not_in $'\r' "$ERR"
	local a n
	n=$(dev "SELECT count(*) FROM ledger")
	a=$(jilu action open inspection --title 第二次) || fail "open"
	onsite "$a" place=某饭店 --finalize >/dev/null || fail "record"
	n=$(( $(dev "SELECT count(*) FROM ledger") - n ))
	local tty
	tty=$(script -qec "'$JILU' sync" /dev/null) || fail "sync on a terminal: $tty"
	expect_in "MB/s" "$tty"
	expect_in "$n/$n" "$tty"
}

test_sync_status_says_when_and_how_many_wait() {
	device_with 3 0
	hq_ready
	local n
	n=$(dev "SELECT count(*) FROM ledger")
	expect_exit 0 jilu --lang en sync status
	expect_in "last sync: never" "$OUT"
	expect_in "entries waiting: $n" "$OUT"
	expect_exit 0 jilu sync
	expect_exit 0 jilu --lang en sync status
	expect_in "last sync: $(date +%Y-%m-%d)" "$OUT"
	expect_in "entries waiting: 0" "$OUT"
	local a
	a=$(jilu action open inspection --title 第二次) || fail "open"
	onsite "$a" place=某饭店 --finalize >/dev/null || fail "record"
	expect_exit 0 jilu --lang en sync status
	expect_not_in "entries waiting: 0" "$OUT"
	expect_exit 0 jilu verify
}

test_sync_store_put_back_from_an_older_copy_refused() {
	device_with 2 0
	hq_ready
	expect_exit 0 jilu sync
	# A copy of the store, then more recorded and synced.
	sqlite3 "$JILU_DB" ".backup '$TEST_DIR/old.db'"
	local a
	a=$(jilu action open inspection --title 第二次) || fail "open"
	onsite "$a" place=某饭店 --finalize >/dev/null || fail "record"
	expect_exit 0 jilu sync
	local had
	had=$(hqdev T01 "SELECT count(*) FROM ledger")
	# The old copy put back: what HQ acknowledged is gone from the device
	# (a tail cut with its high-water mark lowered looks the same).
	rm -f "$JILU_DB"-wal "$JILU_DB"-shm
	cp "$TEST_DIR/old.db" "$JILU_DB"
	expect_exit 0 jilu verify
	expect_exit 3 jilu --lang en sync
	expect_in "does not hold what HQ received" "$ERR"
	expect_eq "$had" "$(hqdev T01 "SELECT count(*) FROM ledger")" "what HQ holds"
}
