# Media (R3.2, R19.2): imported into the content-addressed store beside the
# database, one ledger entry each, kind and capture time guessed when not
# given, streamed rather than read whole.

# An inspection record (draft) in a new action; its id in REC.
media_record() {
	setup_store
	local a
	a=$(jilu action open inspection)
	REC=$(jilu record new "$a" inspection.onsite place=某超市)
}

jpeg() { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00%s' "$2" >"$1"; }

test_kind_is_guessed_from_the_bytes_not_the_name() {
	media_record
	jpeg photo.dat "一张照片"
	printf 'RIFF\x24\x00\x00\x00WAVEfmt ' >voice.bin
	printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00' >clip.bin
	expect_exit 0 jilu media add "$REC" photo.dat voice.bin clip.bin
	expect_eq 3 "$(printf '%s\n' "$OUT" | wc -l)" "one id per file"
	expect_eq "photo,audio,video" \
		"$(sqlite3 "$JILU_DB" "SELECT group_concat(kind) FROM (SELECT kind FROM media ORDER BY id)")" "kinds"
}

test_unknown_content_needs_kind_and_stores_nothing() {
	media_record
	printf 'plain text' >notes.txt
	expect_exit 2 jilu media add "$REC" notes.txt
	expect_in "--kind" "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM media')" "rows"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger WHERE kind = 'media'")" "entries"
	expect_exit 0 jilu media add "$REC" notes.txt --kind photo
	expect_exit 2 jilu media add "$REC" notes.txt --kind film
	expect_in "photo" "$ERR"
}

test_missing_file_is_a_clear_error() {
	media_record
	expect_exit 2 jilu media add "$REC" nowhere.jpg
	expect_in "nowhere.jpg" "$ERR"
	expect_exit 2 jilu media add 999 nowhere.jpg
}

test_capture_time_defaults_to_the_files_modification_time() {
	media_record
	jpeg p.jpg x
	touch -d '2026-11-20 08:15:00' p.jpg
	expect_exit 0 jilu media add "$REC" p.jpg
	expect_in "2026-11-20T08:15:00" "$(sqlite3 "$JILU_DB" 'SELECT captured_at FROM media')"
	expect_exit 2 jilu media add "$REC" p.jpg --captured-at yesterday
}

test_file_is_stored_by_sha256_beside_the_database_with_a_ledger_entry() {
	media_record
	jpeg p.jpg "内容"
	sum=$(sha256sum p.jpg | cut -c1-64)
	expect_exit 0 jilu media add "$REC" p.jpg
	stored="$(dirname "$JILU_DB")/media/${sum:0:2}/$sum"
	[ -f "$stored" ] || fail "no file at $stored"
	cmp -s p.jpg "$stored" || fail "stored copy differs"
	expect_eq "$sum" "$(sqlite3 "$JILU_DB" 'SELECT sha256 FROM media')" "row hash"
	expect_eq "media:1" "$(sqlite3 "$JILU_DB" "SELECT subject FROM ledger WHERE kind = 'media'")" "entry"
	# The same content on two records: one file, two attachments.
	local a2 rec2
	a2=$(jilu action open inspection)
	rec2=$(jilu record new "$a2" inspection.onsite place=某超市)
	expect_exit 0 jilu media add "$rec2" p.jpg
	expect_eq 1 "$(find "$(dirname "$JILU_DB")/media" -type f -path '*/[0-9a-f][0-9a-f]/*' | wc -l)" "files"
	expect_eq 2 "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM media')" "rows"
	expect_exit 0 jilu verify
}

test_media_may_be_added_to_a_final_record() {
	setup_store
	local a r
	a=$(jilu action open inspection)
	r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		place=某超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" situation=整齐 result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize)
	before=$(sqlite3 "$JILU_DB" "SELECT data FROM records WHERE id = $r")
	printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00' >v.mp4
	expect_exit 0 jilu media add "$r" v.mp4
	expect_eq "$before" "$(sqlite3 "$JILU_DB" "SELECT data FROM records WHERE id = $r")" "record unchanged"
	expect_exit 0 jilu media list "$r"
	expect_in "v.mp4" "$OUT"
	expect_exit 0 jilu verify
}

test_large_file_is_streamed_not_read_whole() {
	media_record
	# 512 MiB, sparse: the disk holds little until jilu copies it.
	truncate -s 512M big.mp4
	printf '\x00\x00\x00\x18ftypmp42' | dd of=big.mp4 conv=notrunc status=none
	expect_exit 0 /usr/bin/time -f '%M' -o rss.txt "$JILU" media add "$REC" big.mp4
	rss_kb=$(tail -n 1 rss.txt)
	# Read whole it would need 512 MiB; streamed it stays small.
	[ "$rss_kb" -lt 131072 ] || fail "peak memory ${rss_kb} KiB for a 512 MiB file"
	expect_eq 536870912 "$(sqlite3 "$JILU_DB" 'SELECT size FROM media')" "size"
	expect_exit 0 /usr/bin/time -f '%M' -o rss.txt "$JILU" verify
	rss_kb=$(tail -n 1 rss.txt)
	[ "$rss_kb" -lt 131072 ] || fail "verify peak memory ${rss_kb} KiB"
}
