# A sync cut at random points — the device's client killed, HQ's side
# killed — twenty times, then completed: HQ holds exactly the device's
# entries and media, once each, and both sides verify (issue 8 item 7).

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
# What HQ holds of device $1: its own store beside HQ's.
hqdev() { local d=$1; shift; sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-$d.db" "$@"; }
dev() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$@"; }

device_big() {
	local a r i
	setup_store
	a=$(jilu action open inspection --title 超市检查) || fail "open action"
	for i in $(seq 1 "$1"); do
		r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
			"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
			"signatures:=$SIGS_INSPECTION" situation=整齐 place="某超市$i" --finalize) || fail "record $i"
	done
	for i in $(seq 1 "$2"); do
		head -c "$3" /dev/urandom >"video$i.mp4"
		jilu media add "$r" "video$i.mp4" --kind video >/dev/null || fail "media $i"
	done
}

hq_ready() {
	sshd_start || return 1
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	trust_hq
}

# The pid of HQ's `jilu hq ingest` for this test's HQ, if one runs.
hq_pid() {
	pgrep -f -n "hq ingest --db $TEST_DIR/hq.db" || true
}

# HQ holds exactly the device's chain and media, once each.
hq_holds_exactly_the_device() {
	expect_eq "$(dev "SELECT group_concat(seq || hash, ',') FROM (SELECT * FROM ledger ORDER BY seq)")" \
		"$(hqdev T01 "SELECT group_concat(seq || hash, ',') FROM (SELECT * FROM ledger ORDER BY seq)")" \
		"HQ's chain"
	expect_eq "$(dev "SELECT group_concat(DISTINCT sha256) FROM (SELECT sha256 FROM media ORDER BY sha256)")" \
		"$(hq "SELECT group_concat(sha256) FROM (SELECT sha256 FROM hq_media ORDER BY sha256)")" \
		"HQ's media"
	local h
	for h in $(hq "SELECT sha256 FROM hq_media"); do
		expect_eq "$h" "$(sha256sum "$TEST_DIR/media/${h:0:2}/$h" | cut -c1-64)" "medium $h at HQ"
	done
	expect_exit 0 jilu verify
	expect_exit 0 jilu hq verify --db "$TEST_DIR/hq.db"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" --device T01 verify
}

test_sync_cut_twenty_times_then_completed() {
	device_big 150 4 3000000
	hq_ready
	local i pid hpid t
	for i in $(seq 1 20); do
		jilu sync >/dev/null 2>&1 &
		pid=$!
		# 0 to 0.4 s in: the handshake, the media, the batches.
		t=$(printf '0.%02d' $((RANDOM % 40)))
		sleep "$t"
		if [ $((i % 2)) = 0 ]; then
			hpid=$(hq_pid)
			[ -n "$hpid" ] && kill -KILL "$hpid" 2>/dev/null
		else
			kill -KILL "$pid" 2>/dev/null
		fi
		wait "$pid" 2>/dev/null
		# HQ's side of a killed client ends when its link does.
		for t in $(seq 1 50); do [ -z "$(hq_pid)" ] && break; sleep 0.1; done
		hpid=$(hq_pid)
		[ -n "$hpid" ] && kill -KILL "$hpid" 2>/dev/null
		# Whatever HQ holds at any moment is a prefix of the device's chain.
		expect_eq 0 "$(hqdev T01 "SELECT count(*) FROM ledger WHERE seq > (SELECT count(*) FROM ledger)" 2>/dev/null || echo 0)" "a gap at HQ after cut $i"
	done
	expect_exit 0 jilu sync
	hq_holds_exactly_the_device
	expect_exit 0 jilu --lang en sync
	expect_in "synced: 0 entries, 0 media" "$OUT"
}

test_sync_cut_medium_resumes_from_the_byte_it_reached() {
	device_big 1 1 60000000
	hq_ready
	local pid hpid part size i
	jilu sync >/dev/null 2>&1 &
	pid=$!
	# Cut once some of the medium, not all of it, has arrived: HQ's side is
	# frozen there (loopback is too fast to catch it otherwise), then both
	# sides are killed.
	for i in $(seq 1 1000); do
		part=$(ls "$TEST_DIR"/media/partial/* 2>/dev/null | head -1)
		if [ -n "$part" ] && [ "$(stat -c %s "$part" 2>/dev/null || echo 0)" -gt 1000000 ]; then
			hpid=$(hq_pid)
			[ -n "$hpid" ] && kill -STOP "$hpid"
			break
		fi
		sleep 0.005
	done
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	[ -n "$hpid" ] && kill -KILL "$hpid"
	for i in $(seq 1 50); do [ -z "$(hq_pid)" ] && break; sleep 0.1; done
	[ -n "$part" ] || { fail "no partial file"; return; }
	size=$(stat -c %s "$part")
	[ "$size" -gt 0 ] && [ "$size" -lt 60000000 ] || fail "partial size $size"
	expect_exit 0 jilu --lang en sync
	# Only the rest was sent.
	local sent
	sent=$(printf '%s\n' "$OUT" | sed -n 's/.*(\([0-9.]*\) MB).*/\1/p')
	expect_eq "$(awk -v s="$size" 'BEGIN { printf "%.1f", (60000000 - s) / 1e6 }')" "$sent" "MB sent on resume"
	hq_holds_exactly_the_device
}

test_sync_two_sessions_of_one_device_at_once() {
	device_big 20 2 30000000
	hq_ready
	local p1 p2 r1=0 r2=0
	jilu sync >/dev/null 2>"$TEST_DIR/e1" & p1=$!
	jilu sync >/dev/null 2>"$TEST_DIR/e2" & p2=$!
	wait "$p1" || r1=$?
	wait "$p2" || r2=$?
	# Each either finished or was told to come back later (the other holds
	# the medium); neither interleaved its bytes with the other's.
	case "$r1$r2" in 00|05|50) ;; *) fail "exits $r1 $r2: $(cat "$TEST_DIR/e1" "$TEST_DIR/e2")" ;; esac
	expect_eq "" "$(hq "SELECT group_concat(reason) FROM hq_refusals")" "refusals"
	expect_exit 0 jilu sync
	hq_holds_exactly_the_device
}
