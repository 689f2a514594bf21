# `jilu hq ingest` spoken to directly, without ssh: messages it does not
# understand, truncated or over its limits end the session with an error
# and nothing half stored (issue 8 items 4 and 7; docs/sync.md).

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
# What HQ holds of device $1: its own store beside HQ's.
hqdev() { local d=$1; shift; sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-$d.db" "$@"; }

ingest() { jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01; }

hello() {
	printf '{"t":"hello","v":2,"device":"%s","time":"%s","seq":0,"hash":null}\n' \
		"${1:-T01}" "$(date +%Y-%m-%dT%H:%M:%S%:z)"
}

# A device store with two final records, and its entries as a batch message
# (what `jilu sync` would send). Sets BATCH.
device_batch() {
	setup_store
	local a
	a=$(jilu action open inspection --title 检查) || fail "open"
	for p in 某超市 某饭店; do
		jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
			"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
			"signatures:=$SIGS_INSPECTION" situation=整齐 place=$p --finalize >/dev/null || fail "record"
	done
	BATCH=$(sqlite3 "$JILU_DB" "SELECT json_object('t','batch','entries',json_group_array(json_object(
		'seq',l.seq,'kind',l.kind,'subject',l.subject,'body',l.body,'prev_hash',l.prev_hash,
		'hash',l.hash,'data',r.data))) FROM (SELECT * FROM ledger ORDER BY seq) l
		LEFT JOIN records r ON l.subject = 'record:' || r.id")
}

stored() { hqdev T01 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0; }

test_hq_ingest_greets_with_what_it_holds() {
	expect_exit 5 ingest </dev/null
	expect_in '"t":"hq"' "$OUT"
	expect_in '"device":"T01"' "$OUT"
	expect_in '"seq":0' "$OUT"
	[ -f "$TEST_DIR/hq.db" ] || fail "HQ's database is made on first use"
}

test_hq_ingest_garbage_ends_the_session() {
	expect_exit 2 ingest <<<'garbage'
	expect_in "not understood" "$ERR"
	expect_in '"t":"error"' "$OUT"
	expect_exit 2 ingest <<<'[1,2,3]'
	expect_exit 2 ingest <<<'{"t":42}'
	expect_exit 2 ingest <<<'{"t":"hello"}'
	expect_in "expected hello" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
	expect_in "protocol" "$(hq "SELECT group_concat(DISTINCT reason) FROM hq_refusals")"
}

test_hq_ingest_unknown_message_after_hello_ends_the_session() {
	expect_exit 2 ingest < <(hello; echo '{"t":"gimme","all":true}')
	expect_in "unknown message type" "$ERR"
	expect_exit 2 ingest < <(hello; echo '{"t":"batch","entries":{"seq":1}}')
	expect_exit 2 ingest < <(hello; echo '{"t":"media","sha256":"nothex","size":5}')
	expect_exit 2 ingest <<<'{"t":"hello","v":3,"device":"T01","time":"2026-11-29T10:00","seq":0,"hash":null}'
	expect_in "not supported" "$ERR"
}

test_hq_ingest_truncated_message_stores_nothing() {
	device_batch
	expect_exit 5 ingest < <(hello; printf '%s' "${BATCH:0:300}")
	expect_in "truncated" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
}

test_hq_ingest_oversized_line_refused_without_reading_on() {
	local t0=$SECONDS
	# 20 MB with no newline, then a stream that stays open: HQ stops at
	# its limit instead of reading on (or waiting for the rest).
	expect_exit 2 ingest < <(hello; head -c 20000000 /dev/zero | tr '\0' 'x'; sleep 15)
	expect_in "over the limit" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
	[ $((SECONDS - t0)) -le 10 ] || fail "took $((SECONDS - t0)) s"
}

test_hq_ingest_oversized_frame_refused() {
	local sha
	sha=$(printf x | sha256sum | cut -c1-64)
	expect_exit 2 ingest < <(hello; printf '{"t":"media","sha256":"%s","size":1}\n' "$sha"; printf '\x7f\xff\xff\xff')
	expect_in "over the limit" "$ERR"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_media")" "media stored"
}

test_hq_ingest_medium_not_its_hash_refused() {
	local sha
	sha=$(printf abc | sha256sum | cut -c1-64)
	expect_exit 3 ingest < <(hello; printf '{"t":"media","sha256":"%s","size":3}\n' "$sha"; printf '\0\0\0\3abd')
	expect_in "does not match its SHA-256" "$ERR"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_media")" "media stored"
	# Cut before any entry names it (and before "done", at which HQ would
	# remove a medium no entry names: test_sync_stolen.sh).
	expect_exit 5 ingest < <(hello; printf '{"t":"media","sha256":"%s","size":3}\n' "$sha"; printf '\0\0\0\3abc')
	expect_in '"t":"media_ok"' "$OUT"
	expect_eq 1 "$(hq "SELECT count(*) FROM hq_media")" "media stored"
}

test_hq_ingest_whole_batch_stored_and_acknowledged() {
	device_batch
	expect_exit 0 ingest < <(hello; echo "$BATCH"; echo '{"t":"done"}')
	expect_in '"t":"ack"' "$OUT"
	expect_eq "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger")" "$(stored)" "entries stored"
	# The same batch again (an acknowledgement lost): nothing twice.
	local n
	n=$(stored)
	expect_exit 0 ingest < <(printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":%s,"hash":"%s"}\n' \
		"$(date +%Y-%m-%dT%H:%M:%S%:z)" "$n" "$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger WHERE seq = $n")"; echo "$BATCH"; echo '{"t":"done"}')
	expect_eq "$n" "$(stored)" "entries after the batch was sent again"
}

test_hq_ingest_entry_with_a_bad_hash_keeps_nothing_of_the_batch() {
	device_batch
	local last bad
	last=$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1")
	bad=$(printf '%s' "$last" | tr '0-9a-f' '1-9a0-f')
	expect_exit 3 ingest < <(hello; echo "${BATCH//$last/$bad}"; echo '{"t":"done"}')
	expect_in "does not hash" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
	expect_in "does not hash" "$(hq "SELECT detail FROM hq_refusals")"
}

test_hq_ingest_entry_of_another_device_refused() {
	device_batch
	expect_exit 3 ingest < <(hello T09)
	expect_in "enrolled for device T01" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
}

test_hq_enroll_prints_the_forced_command_line() {
	ssh-keygen -q -t ed25519 -N '' -C 'evil",command="sh' -f k || fail keygen
	expect_exit 0 jilu hq enroll CL-T01 --key k.pub --db "$TEST_DIR/hq.db"
	expect_in "command=\"$(readlink -f "$JILU") hq ingest --db $TEST_DIR/hq.db --device CL-T01\",restrict ssh-ed25519 " "$OUT"
	expect_not_in "evil" "$OUT"
	expect_exit 2 jilu hq enroll 'a b' --key k.pub --db "$TEST_DIR/hq.db"
	expect_exit 2 jilu hq enroll T01 --key k --db "$TEST_DIR/hq.db"
	expect_in "not an SSH public key" "$(jilu --lang en hq enroll T01 --key k --db "$TEST_DIR/hq.db" 2>&1)"
	expect_exit 2 jilu hq enroll T01 --key k.pub --db "$TEST_DIR/no/such/dir/hq.db"
	mkdir -p "$TEST_DIR/a;b" "$TEST_DIR/a b"
	expect_exit 2 jilu --lang en hq enroll T01 --key k.pub --db "$TEST_DIR/a;b/hq.db"
	expect_in "goes through a shell" "$ERR"
	expect_exit 2 jilu hq enroll T01 --key k.pub --db "$TEST_DIR/a b/hq.db"
}

# An entry (hash chained correctly) whose body speaks of rows the chain never
# made: HQ cannot rebuild them in the device's store and refuses the batch.
test_hq_ingest_entry_that_cannot_be_rebuilt_refused() {
	local g=0000000000000000000000000000000000000000000000000000000000000000
	local b1='{"at":"2026-11-29T10:00:00+08:00","device":"T01","kind":"init","seq":1,"store":{"created_at":"2026-11-29T10:00:00+08:00","device":"T01","schema":3}}'
	local h1 b2 h2
	h1=$(printf '%s%s' "$g" "$b1" | sha256sum | cut -c1-64)
	b2='{"action":{"closed_at":"2026-11-29T11:00:00+08:00","closed_by":"zhang","device":"T01","id":7,"kind":"inspection","opened_at":"2026-11-29T10:30:00+08:00","opened_by":"zhang","title":"x"},"at":"2026-11-29T11:00:00+08:00","device":"T01","kind":"close","seq":2}'
	h2=$(printf '%s%s' "$h1" "$b2" | sha256sum | cut -c1-64)
	local batch
	batch=$(sqlite3 :memory: "SELECT json_object('t','batch','entries',json_array(
		json_object('seq',1,'kind','init','subject','device:T01','body','$b1','prev_hash','$g','hash','$h1'),
		json_object('seq',2,'kind','close','subject','action:7','body','$b2','prev_hash','$h1','hash','$h2')))")
	expect_exit 3 ingest < <(hello; echo "$batch"; echo '{"t":"done"}')
	expect_in "cannot be rebuilt" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
	# The first alone is fine.
	batch=$(sqlite3 :memory: "SELECT json_object('t','batch','entries',json_array(
		json_object('seq',1,'kind','init','subject','device:T01','body','$b1','prev_hash','$g','hash','$h1')))")
	expect_exit 0 ingest < <(hello; echo "$batch"; echo '{"t":"done"}')
	expect_eq 1 "$(stored)" "entries stored"
}
