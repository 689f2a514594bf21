# Crashes and a full disk: what jilu acknowledged (printed an id for) is
# kept, final and vouched for by the ledger; what it did not is either wholly
# there or wholly absent — never a half record, never a broken chain.

# `record new ACTION inspection.onsite … --finalize` with every field filled.
onsite_args() {
	ONSITE=(record new "$1" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00
		place=某超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" situation=货架整齐 result=no_issue
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize)
}

now_us() { echo $(($(date +%s%N) / 1000)); }

# The store holds together: verify passes, SQLite finds no corruption, no
# record is left half made (a draft where every command finalised), and
# every final record has its finalize entry.
expect_store_whole() {
	local db=${1:-$JILU_DB}
	expect_exit 0 jilu --db "$db" verify
	expect_eq "ok" "$(sqlite3 "$db" 'PRAGMA integrity_check')" "integrity_check"
	expect_eq "0" "$(sqlite3 "$db" "SELECT count(*) FROM records WHERE state <> 'final'")" "drafts (half records)"
	expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM records WHERE state = 'final'")" \
		"$(sqlite3 "$db" "SELECT count(*) FROM ledger WHERE kind = 'finalize'")" \
		"final records vs finalize entries"
}

# Every id in the files given was printed by a command that succeeded: each
# must be a final record now.
expect_acknowledged_kept() {
	local id
	for id in $(cat "$@" 2>/dev/null); do
		case "$id" in
		*[!0-9]*|"") fail "printed something that is not an id: $id"; continue ;;
		esac
		expect_eq "final" "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = $id")" \
			"state of acknowledged record $id"
	done
}

test_finalize_killed_at_random_moments_leaves_no_half_record() {
	setup_store
	local a i pid rc t0 t1 run_us window_ms killed=0 before_print=0 printed=0 stored
	a=$(jilu action open inspection)
	onsite_args "$a"
	# How long one run takes here (a few ms; many more under ASan), so that
	# the kills spread over all of it and a little beyond.
	t0=$(now_us)
	for i in 1 2 3; do jilu "${ONSITE[@]}" >/dev/null || fail "uninterrupted run $i"; done
	t1=$(now_us)
	run_us=$(((t1 - t0) / 3))
	window_ms=$((run_us * 2 / 1000))
	[ "$window_ms" -lt 4 ] && window_ms=4
	[ "$window_ms" -gt 300 ] && window_ms=300
	for i in $(seq 1 50); do
		"$JILU" "${ONSITE[@]}" >"out.$i" 2>"err.$i" &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % window_ms)))"
		kill -9 "$pid" 2>/dev/null
		rc=0
		{ wait "$pid"; } 2>/dev/null || rc=$?
		case $rc in
		0) ;;
		137) killed=$((killed + 1)); [ -s "out.$i" ] || before_print=$((before_print + 1)) ;;
		*) fail "run $i exited $rc: $(cat "err.$i")" ;;
		esac
		[ -s "out.$i" ] && printed=$((printed + 1))
	done
	stored=$(($(sqlite3 "$JILU_DB" "SELECT count(*) FROM records") - 3))
	printf '    info: one run %d us; kill within 0-%d ms: %d of 50 killed, %d before printing; %d ids printed, %d records stored\n' \
		"$run_us" "$window_ms" "$killed" "$before_print" "$printed" "$stored" >&2
	# The test proves something only if kills landed before the id was
	# printed, and some runs got through.
	[ "$before_print" -gt 0 ] || fail "no run was killed before it printed its id"
	[ "$printed" -gt 0 ] || fail "no run got through"
	expect_acknowledged_kept out.*
	[ "$stored" -ge "$printed" ] || fail "$printed ids printed but only $stored records stored"
	expect_store_whole
	# And the store carries on.
	expect_exit 0 jilu "${ONSITE[@]}"
	expect_store_whole
}

test_full_disk_loses_nothing_acknowledged() {
	local disk=$TEST_DIR/disk a ids media_before
	mkdir "$disk"
	# A real full disk: a 2 MB tmpfs (CI runs as root). No mount, no test.
	if ! mount -t tmpfs -o size=2m tmpfs "$disk"; then
		fail "cannot mount a tmpfs on $disk (needs root)"
		return
	fi
	trap 'umount "$disk" 2>/dev/null || umount -l "$disk"' EXIT
	export JILU_DB=$disk/jilu.db
	setup_store
	a=$(jilu action open inspection)
	onsite_args "$a"
	ids=""
	for i in 1 2 3; do ids="$ids $(jilu "${ONSITE[@]}")" || fail "record $i"; done
	seq 1 2000 >small.jpg
	expect_exit 0 jilu media add 1 small.jpg --kind photo
	expect_store_whole
	ledger_before=$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM ledger')
	media_before=$(cd "$disk/media" && find . -type f | sort)

	# Fill it, then give back 40 KB: room for jilu to open the store (its
	# 32 KB shared-memory index) but not for what it has to write.
	dd if=/dev/zero of="$disk/filler" bs=4k status=none 2>/dev/null
	truncate -s -40K "$disk/filler"

	# A medium bigger than the free space: refused, nothing half written.
	head -c 1048576 /dev/urandom >big.jpg
	expect_exit 4 jilu --lang en media add 1 big.jpg --kind photo
	expect_in "No space left on device" "$ERR"
	expect_in "nothing was stored" "$ERR"
	expect_eq "" "$(ls -A "$disk/media/tmp")" "files left in media/tmp"
	expect_eq "$media_before" "$(cd "$disk/media" && find . -type f | sort)" "files in media/"

	# Finalising: refused with the reason, nothing half written.
	expect_exit 4 jilu --lang en "${ONSITE[@]}"
	expect_in "disk is full" "$ERR"
	expect_eq "" "$OUT" "stdout of the refused finalise"

	# Nothing changed, and the store still verifies on the full disk.
	expect_eq "$ledger_before" "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM ledger')" "ledger entries"
	expect_eq "3" "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM records')" "records"
	expect_eq "1" "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM media')" "media rows"
	expect_exit 0 jilu verify

	# Entirely full: still refused (jilu cannot even open the store), still
	# nothing lost.
	dd if=/dev/zero of="$disk/filler2" bs=4k status=none 2>/dev/null
	expect_exit 4 jilu --lang en "${ONSITE[@]}"
	expect_eq "" "$OUT" "stdout of the refused finalise"

	# A medium that fits, on a disk with no room left for its row: the
	# command fails; a complete file may remain under its content address,
	# but no partial one and no temporary file.
	rm "$disk/filler2"
	truncate -s -12K "$disk/filler"
	seq 1 1500 >fits.jpg
	expect_exit 4 jilu --lang en media add 1 fits.jpg --kind photo
	expect_in "cannot store the attachment" "$ERR"
	expect_in "disk is full" "$ERR"
	expect_eq "" "$(ls -A "$disk/media/tmp")" "files left in media/tmp"
	for f in $(find "$disk/media" -path "$disk/media/tmp" -prune -o -type f -print); do
		expect_eq "$(basename "$f")" "$(sha256sum "$f" | cut -c1-64)" "content of $f"
	done
	expect_eq "1" "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM media')" "media rows"

	# Room again: everything acknowledged is there and whole, and the store
	# carries on.
	rm "$disk/filler"
	for id in $ids; do
		expect_eq "final" "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = $id")" "record $id"
	done
	expect_store_whole
	expect_exit 0 jilu "${ONSITE[@]}"
	expect_exit 0 jilu media add 1 big.jpg --kind photo
	expect_store_whole
	umount "$disk" || fail "umount"
	trap - EXIT
}

test_media_add_killed_at_random_moments_leaves_no_partial_file() {
	setup_store
	local a i pid rc t0 t1 run_us window_ms killed=0 printed=0 id f
	a=$(jilu action open inspection)
	onsite_args "$a"
	jilu "${ONSITE[@]}" >/dev/null || fail "record"
	head -c 2097152 /dev/urandom >clip.mp4
	t0=$(now_us)
	jilu media add 1 clip.mp4 --kind video >out.0 || fail "uninterrupted media add"
	t1=$(now_us)
	run_us=$((t1 - t0))
	window_ms=$((run_us * 2 / 1000))
	[ "$window_ms" -lt 4 ] && window_ms=4
	[ "$window_ms" -gt 600 ] && window_ms=600
	for i in $(seq 1 20); do
		# A different file each time, so that each run really copies.
		printf '%08d' "$i" | dd of=clip.mp4 bs=1 seek=0 conv=notrunc status=none
		"$JILU" media add 1 clip.mp4 --kind video >"out.$i" 2>"err.$i" &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % window_ms)))"
		kill -9 "$pid" 2>/dev/null
		rc=0
		{ wait "$pid"; } 2>/dev/null || rc=$?
		case $rc in
		0) ;;
		137) killed=$((killed + 1)) ;;
		*) fail "run $i exited $rc: $(cat "err.$i")" ;;
		esac
		[ -s "out.$i" ] && printed=$((printed + 1))
	done
	printf '    info: media add of 2 MB, one run %d us; kill within 0-%d ms: %d of 20 killed; %d ids printed, %d rows stored, %d files in media/tmp\n' \
		"$run_us" "$window_ms" "$killed" "$printed" \
		"$(($(sqlite3 "$JILU_DB" 'SELECT count(*) FROM media') - 1))" "$(ls -A media/tmp | wc -l)" >&2
	[ "$killed" -gt 0 ] || fail "no run was killed"
	# Every attachment acknowledged is stored, and every file at a content
	# address is whole (what a kill cuts short stays in media/tmp).
	for id in $(cat out.*); do
		expect_eq "1" "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM media WHERE id = $id")" "attachment $id"
	done
	for f in $(find media -path media/tmp -prune -o -type f -print); do
		expect_eq "$(basename "$f")" "$(sha256sum "$f" | cut -c1-64)" "content of $f"
	done
	expect_store_whole
}
