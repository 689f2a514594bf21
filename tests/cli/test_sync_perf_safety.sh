# What the sync's speed work must not cost (issue 8 items 4 and 8): batches
# sent one behind another (the device does not wait for each
# acknowledgement before reading the next batch), HQ reading a batch
# without cJSON when it has the device's form, HQ checkpointing after it
# has acknowledged. Nothing acknowledged is lost, nothing is half stored,
# a refusal still says why.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
hqdev() { local d=$1; shift; sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-$d.db" "$@"; }
dev() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$@"; }
chain() { "$@" "SELECT group_concat(seq || ':' || hash, ',') FROM (SELECT seq, hash FROM ledger ORDER BY seq)"; }

# N final records, a medium of 64 KB after every 10th (so media are offered
# between batches in flight), or none when $2 is "plain".
device_mixed() {
	local a r i
	setup_store
	a=$(jilu action open inspection --title 超市检查) || fail "open action"
	for i in $(seq 1 "$1"); do
		r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
			"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
			"signatures:=$SIGS_INSPECTION" situation=整齐 place="某超市$i" --finalize) || fail "record $i"
		if [ "${2:-}" != plain ] && [ $((i % 10)) = 0 ]; then
			head -c 65536 /dev/urandom >"photo$i.jpg"
			jilu media add "$r" "photo$i.jpg" --kind photo >/dev/null || fail "media $i"
		fi
	done
}

hq_ready() {
	sshd_start || return 1
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	trust_hq
}

ingest() { jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01; }

hello() {
	printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":0,"hash":null}\n' \
		"$(date +%Y-%m-%dT%H:%M:%S%:z)"
}

# The device's entries FROM..TO as one batch line, in the device's form.
batch_of() {
	dev "SELECT json_object('t','batch','entries',json_group_array(json_object(
		'seq',l.seq,'kind',l.kind,'subject',l.subject,'body',l.body,'prev_hash',l.prev_hash,
		'hash',l.hash,'data',r.data))) FROM (SELECT * FROM ledger WHERE seq BETWEEN $1 AND $2 ORDER BY seq) l
		LEFT JOIN records r ON l.subject = 'record:' || r.id"
}

test_sync_batches_in_flight_all_acknowledged_once() {
	device_mixed 30
	hq_ready
	# Four entries a batch: some fifteen batches, each sent before the one
	# ahead of it is acknowledged, and three media offered in between.
	JILU_SYNC_BATCH=4 expect_exit 0 jilu --lang en sync
	local n
	n=$(dev "SELECT count(*) FROM ledger")
	expect_in "synced: $n entries, 3 media" "$OUT"
	expect_eq "$(chain dev)" "$(chain hqdev T01)" "HQ's chain"
	# Each batch one transaction, one row of hq_received each.
	[ "$(hq "SELECT count(*) FROM hq_received")" -ge 10 ] || fail "batches: $(hq "SELECT count(*) FROM hq_received")"
	expect_eq 4 "$(hq "SELECT max(last_seq - first_seq + 1) FROM hq_received")" "entries in the largest batch"
	expect_eq 3 "$(hq "SELECT count(*) FROM hq_media")" "media at HQ"
	expect_exit 0 jilu verify
	expect_exit 0 jilu hq verify --db "$TEST_DIR/hq.db"
	JILU_SYNC_BATCH=4 expect_exit 0 jilu --lang en sync
	expect_in "synced: 0 entries, 0 media" "$OUT"
}

test_sync_batch_size_out_of_range_is_refused() {
	device_mixed 1
	hq_ready
	JILU_SYNC_BATCH=0 expect_exit 2 jilu --lang en sync
	expect_in "JILU_SYNC_BATCH" "$ERR"
	JILU_SYNC_BATCH=5001 expect_exit 2 jilu --lang en sync
	JILU_SYNC_BATCH=4x expect_exit 2 jilu --lang en sync
	expect_eq 0 "$(hqdev T01 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0)" "entries at HQ"
}

test_sync_refused_batch_with_the_next_in_flight_says_why_and_keeps_the_rest_before() {
	device_mixed 30
	hq_ready
	# Record 20 edited behind jilu's back: its batch is refused while the
	# device has already sent the batch after it.
	dev "DROP TRIGGER records_final_kept; UPDATE records SET data = json_set(data, '\$.place', '别处') WHERE id = (SELECT min(id) + 19 FROM records)"
	local bad
	bad=$(dev "SELECT ledger_seq FROM records WHERE id = (SELECT min(id) + 19 FROM records)")
	JILU_SYNC_BATCH=4 expect_exit 3 jilu --lang en sync
	expect_in "edited" "$ERR"
	local held
	held=$(hqdev T01 "SELECT count(*) FROM ledger")
	# HQ holds the batches before the refused one, whole, and nothing after.
	[ "$held" -lt "$bad" ] || fail "HQ holds $held entries, the edited one is $bad"
	[ "$held" -ge $((bad - 4)) ] || fail "HQ holds $held entries, want the batches before $bad"
	expect_eq "$(dev "SELECT group_concat(seq || ':' || hash, ',') FROM (SELECT seq, hash FROM ledger WHERE seq <= $held ORDER BY seq)")" \
		"$(chain hqdev T01)" "HQ's chain is the device's up to the refused batch"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" --device T01 verify
	expect_in "edited" "$(hq "SELECT detail FROM hq_refusals")"
}

test_hq_ingest_killed_after_acknowledging_keeps_what_it_acknowledged() {
	device_mixed 12 plain
	local n i out pid
	n=$(dev "SELECT count(*) FROM ledger")
	mkfifo "$TEST_DIR/in"
	out=$TEST_DIR/out
	for i in 1 2 3; do
		rm -f "$TEST_DIR"/hq.db* "$TEST_DIR"/device-T01.db* "$out"
		"$JILU" hq ingest --db "$TEST_DIR/hq.db" --device T01 <"$TEST_DIR/in" >"$out" 2>/dev/null &
		pid=$!
		exec 7>"$TEST_DIR/in"
		{ hello; batch_of 1 "$n"; } >&7
		# Killed the moment its acknowledgement is out: the commit before it
		# is durable; the checkpoint after it may or may not have run.
		for t in $(seq 1 400); do grep -q '"t":"ack"' "$out" 2>/dev/null && break; sleep 0.01; done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		exec 7>&-
		expect_in '"t":"ack"' "$(cat "$out")"
		expect_eq "$(chain dev)" "$(chain hqdev T01)" "HQ's chain after kill $i"
		expect_exit 0 jilu --db "$TEST_DIR/hq.db" --device T01 verify
	done
	# The device syncs on: what HQ acknowledged is what it holds.
	hq_ready
	expect_exit 0 jilu --lang en sync
	expect_in "synced: 0 entries" "$OUT"
}

test_hq_ingest_killed_inside_a_batch_keeps_none_of_it() {
	device_mixed 60 plain
	local n i pid held line writer
	n=$(dev "SELECT count(*) FROM ledger")
	line=$(batch_of 1 "$n")
	mkfifo "$TEST_DIR/in"
	for i in $(seq 1 12); do
		rm -f "$TEST_DIR"/hq.db* "$TEST_DIR"/device-T01.db*
		"$JILU" hq ingest --db "$TEST_DIR/hq.db" --device T01 <"$TEST_DIR/in" >/dev/null 2>&1 &
		pid=$!
		exec 7>"$TEST_DIR/in"
		{ hello; printf '%s\n' "$line"; } >&7 2>/dev/null &
		writer=$!
		sleep "0.0$((RANDOM % 10))"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		exec 7>&-
		wait "$writer" 2>/dev/null
		held=$(hqdev T01 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0)
		# One transaction: all of the batch or none of it.
		case "$held" in 0|"$n") ;; *) fail "kill $i: HQ holds $held of $n entries" ;; esac
		if [ "$held" = "$n" ]; then
			expect_exit 0 jilu --db "$TEST_DIR/hq.db" --device T01 verify
		fi
	done
}

test_hq_ingest_batch_not_in_the_device_form_is_read_the_same() {
	device_mixed 5 plain
	local n line spaced
	n=$(dev "SELECT count(*) FROM ledger")
	line=$(batch_of 1 "$n")
	# The same batch with spaces and its members in another order: read
	# through cJSON, stored the same.
	spaced=$(printf '%s' "$line" | sed 's/^{"t":"batch","entries":/{ "entries" : /; s/}$/, "t": "batch"}/')
	[ "$spaced" != "$line" ] || fail "the batch was not changed"
	expect_exit 0 ingest < <(hello; printf '%s\n' "$spaced"; echo '{"t":"done"}')
	expect_in '"t":"bye"' "$OUT"
	expect_eq "$(chain dev)" "$(chain hqdev T01)" "HQ's chain"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" --device T01 verify
	# A seq that is a string is malformed on either path.
	rm -f "$TEST_DIR"/hq.db* "$TEST_DIR"/device-T01.db*
	expect_exit 3 ingest < <(hello; printf '%s\n' "$line" | sed 's/"seq":1,/"seq":"1",/')
	expect_in "malformed entry" "$ERR"
	expect_exit 3 ingest < <(hello; printf '%s\n' "$line" | sed 's/"seq":1,/"seq" : "1",/')
	expect_in "malformed entry" "$ERR"
	expect_eq 0 "$(hqdev T01 "SELECT count(*) FROM ledger")" "entries stored"
}
