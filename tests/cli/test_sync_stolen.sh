# What a stolen device key can do to HQ, and what HQ does about it
# (docs/sync.md, "What a stolen device key can do"): media no entry names
# are removed (at `done`, and when the device begins another medium) and
# recorded; HQ's limits refuse a medium over its largest size, and bytes
# held unnamed past the device's cap, before a byte is taken; a transfer
# slower than HQ's floor ends, its lock released and its bytes kept for the
# real device's resume. Fed to `hq ingest` directly and through a real sshd,
# where the thief is OpenSSH's own client holding the device's key.
#
# HQ lives in $TEST_DIR/hq so that its media/ is not the device's.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

HQDB=hq/hq.db
hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/$HQDB" "$@"; }
ingest() { jilu --lang en hq ingest --db "$TEST_DIR/$HQDB" --device T01; }
sha_of() { sha256sum "$1" | cut -c1-64; }

hello() {
	local seq=${2:-0} hash=null
	[ "$seq" = 0 ] || hash="\"$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger WHERE seq = $seq")\""
	printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":%s,"hash":%s}\n' \
		"${1:-$(date +%Y-%m-%dT%H:%M:%S%:z)}" "$seq" "$hash"
}

entries() {
	sqlite3 "$JILU_DB" "SELECT group_concat(e, ',') FROM (SELECT json_object('seq',l.seq,
		'kind',l.kind,'subject',l.subject,'body',l.body,'prev_hash',l.prev_hash,'hash',l.hash,
		'data',r.data) AS e FROM ledger l LEFT JOIN records r ON l.subject = 'record:' || r.id
		WHERE l.seq BETWEEN $1 AND $2 ORDER BY l.seq)"
}

batch() { printf '{"t":"batch","entries":[%s]}\n' "$1"; }

# frame_head N: the 4 bytes saying a frame of N bytes follows.
frame_head() {
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) \
		$(($1 >> 8 & 255)) $(($1 & 255)))"
}

# frames FILE FROM [TO]: bytes FROM..TO-1 (TO: the end) of FILE as frames of at most 1 MiB.
frames() {
	local f=$1 from=$2 to=${3:-$(stat -c %s "$1")} n
	while [ "$from" -lt "$to" ]; do
		n=$((to - from))
		[ "$n" -gt 1048576 ] && n=1048576
		frame_head "$n"
		tail -c +$((from + 1)) "$f" | head -c "$n"
		from=$((from + n))
	done
}

# offer FILE: the media message of FILE.
offer() { printf '{"t":"media","sha256":"%s","size":%s}\n' "$(sha_of "$1")" "$(stat -c %s "$1")"; }

# A device store with one finalised record and, when $1 is given, a medium
# of $1 random bytes attached to it (v.mp4): its entry is the last one.
device_with_medium() {
	local a r
	setup_store
	mkdir -p hq
	a=$(jilu action open inspection --title 超市检查) || fail "open action"
	r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=整齐 place=某超市 --finalize) || fail "record"
	if [ -n "${1:-}" ]; then
		head -c "$1" /dev/urandom >v.mp4
		jilu media add "$r" v.mp4 --kind video >/dev/null 2>&1 || fail "media add"
	fi
	LAST=$(sqlite3 "$JILU_DB" "SELECT max(seq) FROM ledger")
}

# HQ's files under media/ (complete and partial), one a line.
hq_files() { find "$TEST_DIR/hq/media" -type f 2>/dev/null | sort; }

# ---- fed to `hq ingest` directly ---------------------------------------

test_stolen_medium_no_entry_names_is_removed_at_done_and_recorded() {
	setup_store
	mkdir -p hq
	head -c 3000 /dev/urandom >x.bin
	local sha
	sha=$(sha_of x.bin)
	expect_exit 0 ingest < <(hello; offer x.bin; frames x.bin 0; echo '{"t":"done"}')
	# Taken whole (a device sends a medium before the entry naming it), but
	# the device said it had sent everything and no entry names it.
	expect_in '"t":"media_ok"' "$OUT"
	expect_in '"t":"bye"' "$OUT"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_media")" "media HQ holds"
	expect_eq "" "$(hq_files)" "files under HQ's media/"
	expect_in "$sha" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'unnamed'")"
	expect_exit 0 jilu --lang en hq refusals --db "$TEST_DIR/$HQDB" --device T01
	expect_in "unnamed" "$OUT"
	expect_in "$sha (3000 bytes" "$OUT"
	expect_in "said it had sent everything" "$OUT"
	expect_exit 0 jilu hq refusals --db "$TEST_DIR/$HQDB" --json
	expect_in '"unnamed"' "$OUT"
	# A device's store is not HQ's: refused, and given no HQ table.
	expect_exit 4 jilu --lang en hq refusals --db "$JILU_DB"
	expect_in "not a headquarters store" "$ERR"
	expect_exit 4 jilu --lang en hq limits --db "$JILU_DB" --min-rate 1K
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM sqlite_master WHERE name LIKE 'hq_%'")" \
		"HQ tables in the device's store"
}

test_stolen_medium_sent_before_a_cut_is_kept_for_the_entry_naming_it() {
	device_with_medium 5000
	local sha size
	sha=$(sha_of v.mp4)
	size=$(stat -c %s v.mp4)
	# The entries before the medium's, the medium, and the link cut before
	# the batch naming it (HQ is told nothing of it: no done).
	expect_exit 5 ingest < <(hello; batch "$(entries 1 $((LAST - 1)))"; offer v.mp4; frames v.mp4 0)
	expect_in '"t":"media_ok"' "$OUT"
	# The next session: HQ has it whole, so nothing of it is sent again.
	expect_exit 0 ingest < <(hello "" $((LAST - 1)); offer v.mp4; batch "$(entries "$LAST" "$LAST")"
		echo '{"t":"done"}')
	expect_in "\"offset\":$size" "$OUT"
	expect_in "\"t\":\"ack\",\"seq\":$LAST" "$OUT"
	expect_eq "$sha" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "media HQ holds"
	expect_eq "" "$(hq "SELECT group_concat(reason) FROM hq_refusals")" "refusals"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_held")" "media held unnamed"
	expect_exit 0 jilu hq verify --db "$TEST_DIR/$HQDB"
}

test_stolen_leftovers_removed_when_the_device_begins_another_medium() {
	setup_store
	mkdir -p hq
	head -c 3000 /dev/urandom >x.bin
	head -c 2000000 /dev/urandom >p.bin
	head -c 4000 /dev/urandom >y.bin
	local shax shap
	shax=$(sha_of x.bin)
	shap=$(sha_of p.bin)
	# A complete medium no entry names, the session cut; then one cut
	# after its first MiB: a partial file.
	expect_exit 5 ingest < <(hello; offer x.bin; frames x.bin 0)
	expect_exit 5 ingest < <(hello; offer p.bin; frames p.bin 0 1048576)
	expect_in "hq/media/partial/$shap" "$(hq_files)"
	expect_eq "" "$(hq "SELECT group_concat(sha256) FROM hq_media")" \
		"complete media HQ holds: x went when p began"
	# Another medium begins: what the device left unnamed goes.
	expect_exit 5 ingest < <(hello; offer y.bin; frames y.bin 0)
	expect_eq "$(sha_of y.bin)" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "media HQ holds"
	expect_eq "$TEST_DIR/hq/media/$(sha_of y.bin | cut -c1-2)/$(sha_of y.bin)" "$(hq_files)" "files"
	local why
	why=$(hq "SELECT group_concat(detail, '|') FROM hq_refusals WHERE reason = 'unnamed'")
	expect_in "a complete medium $shax (3000 bytes" "$why"
	expect_in "a partial medium $shap (2000000 bytes" "$why"
	expect_in "began another medium" "$why"
}

test_stolen_device_sending_a_batchs_media_first_still_syncs_after_a_cut() {
	# A jilu from before one medium per batch sends every medium of a batch,
	# then the batch: three media here, the session cut after two.
	device_with_medium 3000
	local r i
	r=$(sqlite3 "$JILU_DB" "SELECT max(id) FROM records")
	for i in 2 3; do
		head -c 4000 /dev/urandom >"v$i.mp4"
		jilu media add "$r" "v$i.mp4" --kind video >/dev/null 2>&1 || fail "media add $i"
	done
	LAST=$(sqlite3 "$JILU_DB" "SELECT max(seq) FROM ledger")
	expect_exit 5 ingest < <(hello; batch "$(entries 1 $((LAST - 3)))"
		offer v.mp4; frames v.mp4 0; offer v2.mp4; frames v2.mp4 0)
	# The next session offers the two again (HQ has them: this session's
	# now), then the third, new: the two are not taken for leftovers.
	expect_exit 0 ingest < <(hello "" $((LAST - 3)); offer v.mp4; offer v2.mp4
		offer v3.mp4; frames v3.mp4 0; batch "$(entries $((LAST - 2)) "$LAST")"; echo '{"t":"done"}')
	expect_in "\"t\":\"ack\",\"seq\":$LAST" "$OUT"
	expect_eq 3 "$(hq "SELECT count(*) FROM hq_media")" "media HQ holds"
	expect_eq "" "$(hq "SELECT group_concat(reason) FROM hq_refusals")" "refusals"
	expect_exit 0 jilu hq verify --db "$TEST_DIR/$HQDB"
}

test_stolen_one_session_uploading_media_nothing_names_stops_at_the_cap() {
	setup_store
	mkdir -p hq
	head -c 3000 /dev/urandom >x.bin
	head -c 3000 /dev/urandom >y.bin
	expect_exit 0 jilu hq limits --db "$TEST_DIR/$HQDB" --hold-max 5000
	expect_exit 3 ingest < <(hello; offer x.bin; frames x.bin 0; offer y.bin; frames y.bin 0)
	expect_in "already has 3000 bytes of media in transfer at HQ that no entry names; 3000 more would pass the limit of 5000 bytes" "$ERR"
	expect_eq "$(sha_of x.bin)" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "media HQ holds"
}

test_stolen_medium_over_hqs_largest_refused_before_a_byte() {
	setup_store
	mkdir -p hq
	head -c 3000 /dev/urandom >x.bin
	expect_exit 0 jilu --lang en hq limits --db "$TEST_DIR/$HQDB" --media-max 2K
	expect_in "media-max 2048" "$OUT"
	expect_exit 3 ingest < <(hello; offer x.bin; frames x.bin 0)
	expect_in "the medium is 3000 bytes, over HQ's limit of 2048 bytes: not taken" "$ERR"
	expect_not_in '"t":"from"' "$OUT"
	expect_in '"code":"media"' "$OUT"
	expect_eq "" "$(hq_files)" "files under HQ's media/"
	expect_in "over HQ's limit of 2048" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'media'")"
	# One within it is taken.
	expect_exit 0 jilu hq limits --db "$TEST_DIR/$HQDB" --media-max 3000
	expect_exit 5 ingest < <(hello; offer x.bin; frames x.bin 0)
	expect_in '"t":"media_ok"' "$OUT"
	# Limits that are no limit, or no number, are refused and change nothing.
	expect_exit 2 jilu --lang en hq limits --db "$TEST_DIR/$HQDB" --media-max 0
	expect_in "--media-max must be from 1 to" "$ERR"
	expect_exit 2 jilu --lang en hq limits --db "$TEST_DIR/$HQDB" --hold-max 12X
	expect_in "not a number of bytes: 12X" "$ERR"
	expect_exit 2 jilu --lang en hq limits --db "$TEST_DIR/$HQDB" --media-max 65G
	expect_exit 0 jilu hq limits --db "$TEST_DIR/$HQDB"
	expect_in "media-max 3000" "$OUT"
}

test_stolen_bytes_held_unnamed_over_the_devices_cap_refused() {
	setup_store
	mkdir -p hq
	head -c 3145728 /dev/urandom >x.bin
	head -c 2097152 /dev/urandom >y.bin
	expect_exit 0 jilu hq limits --db "$TEST_DIR/$HQDB" --hold-max 4M
	# One session of the key is sending x (its first MiB has come, then it
	# waits): x's partial file is locked, so the next medium cannot take it.
	mkfifo feed
	ingest <feed >a.out 2>a.err &
	local a=$! i
	{ hello; offer x.bin; frames x.bin 0 1048576; sleep 30; } >feed &
	local w=$!
	for i in $(seq 1 100); do
		[ "$(stat -c %s "hq/media/partial/$(sha_of x.bin)" 2>/dev/null || echo 0)" -ge 1048576 ] && break
		sleep 0.1
	done
	expect_exit 3 ingest < <(hello; offer y.bin; frames y.bin 0)
	expect_in "device T01 already has 3145728 bytes of media in transfer at HQ that no entry names; 2097152 more would pass the limit of 4194304 bytes" "$ERR"
	expect_not_in '"t":"from"' "$OUT"
	expect_in "would pass the limit" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'media'")"
	kill "$w" 2>/dev/null
	wait "$w" 2>/dev/null
	wait "$a" 2>/dev/null
	# Once that session ended, its partial is a leftover: removed, y taken.
	expect_exit 5 ingest < <(hello; offer y.bin; frames y.bin 0)
	expect_in '"t":"media_ok"' "$OUT"
	expect_eq "$(sha_of y.bin)" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "media HQ holds"
	expect_not_in "partial" "$(hq_files)"
}

test_stolen_trickled_medium_ends_the_session_and_keeps_what_came() {
	setup_store
	mkdir -p hq
	head -c 300000 /dev/urandom >x.bin
	expect_exit 0 jilu hq limits --db "$TEST_DIR/$HQDB" --min-rate 20000
	# 100,000 bytes at once, then a frame trickled a byte every half second,
	# each well within the read deadline (2 s).
	local t0=$SECONDS
	JILU_SYNC_TIMEOUT=2 expect_exit 5 ingest < <(hello; offer x.bin; frames x.bin 0 100000
		frame_head 100000; for i in $(seq 1 60); do printf x; sleep 0.5; done)
	expect_in "the transfer is too slow: under 20000 bytes/s on average" "$ERR"
	expect_in '"code":"slow"' "$OUT"
	[ $((SECONDS - t0)) -lt 20 ] || fail "took $((SECONDS - t0)) s: the trickle held the session"
	expect_in "too slow" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'slow'")"
	expect_eq 100000 "$(stat -c %s "hq/media/partial/$(sha_of x.bin)")" "bytes kept"
	# The real device resumes from there.
	expect_exit 0 ingest < <(hello; offer x.bin; frames x.bin 100000; echo '{"t":"done"}')
	expect_in '"offset":100000' "$OUT"
	expect_in '"t":"media_ok"' "$OUT"
}

# ---- a real sshd; the thief is OpenSSH's client with the device's key ----

# HQ's line for T01, its read deadline $1 s (the slack of the minimum rate).
hq_ready_stolen() {
	sshd_start || return 1
	make_key devkey
	printf 'command="env JILU_SYNC_TIMEOUT=%s %s hq ingest --db %s --device T01",restrict %s\n' \
		"$1" "$JILU" "$TEST_DIR/$HQDB" "$(cut -d' ' -f1-2 "$TEST_DIR/devkey.pub")" \
		>>"$TEST_DIR/ssh/authorized_keys"
	device_conf devkey
	trust_hq
}

# thief: OpenSSH's client with the device's key, speaking what stdin holds.
thief() {
	ssh -T -F none -i "$TEST_DIR/devkey" -p "$SSHD_PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile="$TEST_DIR/thief_known_hosts" \
		"$SSH_USER@127.0.0.1"
}

test_stolen_key_trickler_ends_and_the_real_device_resumes_its_medium() {
	device_with_medium 3000000
	hq_ready_stolen 3
	expect_exit 0 jilu hq limits --db "$TEST_DIR/$HQDB" --min-rate 20000
	local part="hq/media/partial/$(sha_of v.mp4)" i t
	# The thief knows the device's medium (it has the device): it sends its
	# first 200,000 bytes, then trickles, to hold the medium's lock.
	thief < <(hello; offer v.mp4; frames v.mp4 0 200000; frame_head 100000
		for i in $(seq 1 120); do printf x; sleep 0.5; done) >thief.out 2>&1 &
	local tp=$!
	for i in $(seq 1 100); do
		[ "$(stat -c %s "$part" 2>/dev/null || echo 0)" -ge 200000 ] && break
		sleep 0.1
	done
	# Meanwhile the real device is told to come back later.
	expect_exit 5 jilu --lang en sync
	expect_in "another sync is sending this medium" "$ERR"
	# The thief's session ends by itself, its lock with it.
	t=$SECONDS
	for i in $(seq 1 300); do grep -q '"code":"slow"' thief.out && break; sleep 0.1; done
	expect_in '"code":"slow"' "$(cat thief.out)"
	kill "$tp" 2>/dev/null
	wait "$tp" 2>/dev/null
	expect_in "too slow" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'slow'")"
	# The real device resumes the partial: only the rest is sent.
	expect_exit 0 jilu --lang en sync
	expect_eq 2.8 "$(printf '%s\n' "$OUT" | sed -n 's/.*(\([0-9.]*\) MB).*/\1/p')" "MB sent on resume"
	expect_eq "$(sha_of v.mp4)" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "media HQ holds"
	expect_eq "" "$(hq "SELECT group_concat(reason) FROM hq_refusals WHERE reason <> 'slow'")" "other refusals"
	expect_exit 0 jilu hq verify --db "$TEST_DIR/$HQDB"
}

test_stolen_key_upload_removed_at_the_real_devices_done_and_entries_listed() {
	device_with_medium
	hq_ready_stolen 30
	head -c 500000 /dev/urandom >junk.bin
	local junk
	junk=$(sha_of junk.bin)
	# The thief fills HQ with a medium nothing names, and hangs up.
	thief < <(hello; offer junk.bin; frames junk.bin 0) >thief.out 2>&1
	expect_in '"t":"media_ok"' "$(cat thief.out)"
	expect_eq "$junk" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "the thief's medium, before"
	# The real device syncs: it has sent everything, so the thief's goes.
	expect_exit 0 jilu sync
	expect_eq "" "$(hq "SELECT group_concat(sha256) FROM hq_media")" "media HQ holds after"
	expect_eq "" "$(hq_files)" "files under HQ's media/"
	expect_exit 0 jilu --lang en hq refusals --db "$TEST_DIR/$HQDB"
	expect_in "a complete medium $junk (500000 bytes" "$OUT"
	# What came after a time the key may have been stolen, to review.
	local n since
	n=$(sqlite3 "$JILU_DB" "SELECT max(seq) FROM ledger")
	sleep 1.1
	since=$(date +%Y-%m-%dT%H:%M:%S%:z)
	jilu action open inspection --title 第二次检查 >/dev/null || fail "open action"
	expect_exit 0 jilu sync
	expect_exit 0 jilu --lang en hq received --db "$TEST_DIR/$HQDB" --device T01 --since "$since"
	expect_in "T01:$((n + 1))" "$OUT"
	expect_not_in "T01:$n " "$OUT"
	expect_exit 0 jilu hq received --db "$TEST_DIR/$HQDB" --device T01 --json
	expect_eq $((n + 1)) "$(printf '%s' "$OUT" | grep -o '"seq":' | wc -l)" "entries listed without --since"
	expect_exit 2 jilu --lang en hq received --db "$TEST_DIR/$HQDB" --device T01 --since yesterday
	expect_in "not a time: yesterday" "$ERR"
}
