# `jilu hq ingest` reads and judges the next batch on a thread of its own
# while it stores the one before (core/hq_pipe.h), and rebuilds each entry's
# rows from a table of values taken on that thread (core/hq_rows.h). What is
# stored, acknowledged and refused must be what it was with one thread:
# batches in order, each acknowledged once stored, a refused batch keeping
# nothing of itself or of what came after it.

hqdev() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-T01.db" "$@"; }
ingest() { jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01; }
hello() {
	printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":0,"hash":null}\n' \
		"$(date +%Y-%m-%dT%H:%M:%S%:z)"
}
stored() { hqdev "SELECT count(*) FROM ledger" 2>/dev/null || echo 0; }

# A device store with N (default 6) final records in one action.
device_records() {
	setup_store
	local a i
	a=$(jilu action open inspection --title 检查) || fail "open"
	for i in $(seq "${1:-6}"); do
		jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
			"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
			"signatures:=$SIGS_INSPECTION" situation=整齐 place=某超市$i --finalize >/dev/null ||
			fail "record $i"
	done
}

# The batch message of entries FROM..TO of the device's store, written as
# the device writes it (compact, one line).
batch() {
	sqlite3 "$JILU_DB" "SELECT json_object('t','batch','entries',json_group_array(json_object(
		'seq',l.seq,'kind',l.kind,'subject',l.subject,'body',l.body,'prev_hash',l.prev_hash,
		'hash',l.hash,'data',r.data))) FROM (SELECT * FROM ledger WHERE seq BETWEEN $1 AND $2
		ORDER BY seq) l LEFT JOIN records r ON l.subject = 'record:' || r.id"
}

entries() { sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger"; }

test_batches_sent_back_to_back_are_stored_in_order_each_acknowledged() {
	device_records 6
	local n
	n=$(entries)
	# Three batches in one go, as a device that does not wait: HQ judges
	# the next while it stores the one before.
	expect_exit 0 ingest < <(hello; batch 1 3; batch 4 7; batch 8 "$n"; echo '{"t":"done"}')
	expect_eq 3 "$(grep -c '"t":"ack"' <<<"$OUT")" "acknowledgements"
	expect_in "\"t\":\"ack\",\"seq\":3," "$OUT"
	expect_in "\"t\":\"ack\",\"seq\":7," "$OUT"
	expect_in "\"t\":\"ack\",\"seq\":$n," "$OUT"
	expect_eq "$n" "$(stored)" "entries stored"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" hq verify
}

test_a_refused_batch_keeps_the_one_before_and_nothing_after_it() {
	device_records 6
	local n bad good
	n=$(entries)
	good=$(batch 5 6)
	# Batch 2 (entries 5–6) with entry 6's hash changed; batch 3 follows
	# at once and is judged while batch 2 is refused.
	bad=$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger WHERE seq = 6")
	expect_exit 3 ingest < <(hello; batch 1 4; echo "${good//$bad/$(tr '0-9a-f' '1-9a0-f' <<<"$bad")}"; batch 7 "$n"; echo '{"t":"done"}')
	expect_in "does not hash" "$ERR"
	expect_eq 1 "$(grep -c '"t":"ack"' <<<"$OUT")" "acknowledgements"
	expect_in '"t":"ack","seq":4,' "$OUT"
	expect_eq 4 "$(stored)" "entries stored"
	# The device sends again from what HQ holds: all of it lands.
	expect_exit 0 ingest < <(printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":4,"hash":"%s"}\n' \
		"$(date +%Y-%m-%dT%H:%M:%S%:z)" "$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger WHERE seq = 4")"
		batch 5 "$n"; echo '{"t":"done"}')
	expect_eq "$n" "$(stored)" "entries stored"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" hq verify
}

test_a_batch_spelled_otherwise_still_follows_the_one_before() {
	device_records 3
	local n spaced
	n=$(entries)
	# Batch 2 with spaces: not the device's own form, read with cJSON on
	# the session's thread, after batch 1 is stored.
	spaced=$(batch 4 "$n" | sed 's/^{"t":"batch",/{ "t": "batch", /')
	expect_exit 0 ingest < <(hello; batch 1 3; echo "$spaced"; echo '{"t":"done"}')
	expect_in '"t":"ack","seq":3,' "$OUT"
	expect_in "\"t\":\"ack\",\"seq\":$n," "$OUT"
	expect_eq "$n" "$(stored)" "entries stored"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" hq verify
}

test_an_officer_of_one_role_after_one_of_two_keeps_his_one_role_at_hq() {
	setup_store
	# Officer entries in one batch: the first lists two roles, the next
	# one (no "roles" member). The rebuilt row of the second must not
	# carry the first's roles.
	jilu --as zhang officer add ma --name 马六 --cert 13010 --role head --role supervisor >/dev/null || fail "ma"
	jilu --as zhang officer add niu --name 牛七 --cert 13011 --role archivist >/dev/null || fail "niu"
	expect_exit 0 ingest < <(hello; batch 1 "$(entries)"; echo '{"t":"done"}')
	expect_in , "$(hqdev "SELECT roles FROM officers WHERE id = 'ma'")"
	expect_eq "$(sqlite3 "$JILU_DB" "SELECT roles FROM officers WHERE id = 'ma'")" "$(hqdev "SELECT roles FROM officers WHERE id = 'ma'")" "ma's roles at HQ"
	expect_eq "" "$(hqdev "SELECT roles FROM officers WHERE id = 'niu'")" "niu's roles at HQ"
	expect_eq "archivist" "$(hqdev "SELECT role FROM officers WHERE id = 'niu'")" "niu's role at HQ"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" hq verify
}

test_a_batch_followed_by_the_end_of_the_link_is_still_judged() {
	device_records 2
	local bad
	# The link ends right after a batch with a changed hash (no `done`):
	# the batch came whole, so it is refused and the refusal recorded, as
	# it was before HQ read ahead.
	# From a file, so that the end is there at once.
	bad=$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger WHERE seq = 3")
	{ hello; batch 1 4 | sed "s/$bad/$(tr '0-9a-f' '1-9a0-f' <<<"$bad")/"; } >cut.in
	{ hello; batch 1 4; } >good.in
	expect_exit 3 ingest <cut.in
	expect_in "does not hash" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
	expect_in "does not hash" "$(sqlite3 "$TEST_DIR/hq.db" "SELECT detail FROM hq_refusals")"
	# A good batch cut off by the end of the link is stored, not lost.
	expect_exit 5 ingest <good.in
	expect_eq 4 "$(stored)" "entries stored"
}
