# Capture time (issue 10 item 4, R19.2): a time stated with
# `media add --captured-at` is kept, and the file's own time beside it (EXIF
# DateTimeOriginal, MP4 creation_time, else the modification time); `check`
# reports a stated time more than an hour from the file's, or later than the
# record's finalisation. Promised audio-visual media are due 24 hours after
# capture — the end of what the record records — not after finalising.
# Documents never count. Real files, built here byte by byte.

at() { export JILU_NOW=$1; }
q() { sqlite3 "$JILU_DB" "$@"; }

# A JPEG whose EXIF DateTimeOriginal is $2 ("YYYY:MM:DD HH:MM:SS"), big-endian TIFF.
exif_jpeg() {
	printf '\xff\xd8\xff\xe1\x00\x48Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08' >"$1"
	printf '\x00\x01\x87\x69\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1a\x00\x00\x00\x00' >>"$1"
	printf '\x00\x01\x90\x03\x00\x02\x00\x00\x00\x14\x00\x00\x00\x2c\x00\x00\x00\x00' >>"$1"
	printf '%s\x00\xff\xd9' "$2" >>"$1"
}

# An MP4 whose movie header (moov/mvhd, version 0) says it was created at $2 (UTC).
created_mp4() {
	local s hex
	s=$(($(date -ud "$2" +%s) + 2082844800))
	hex=$(printf '%08x' "$s")
	printf '\x00\x00\x00\x10ftypisom\x00\x00\x02\x00\x00\x00\x00\x1cmoov\x00\x00\x00\x14mvhd\x00\x00\x00\x00' >"$1"
	printf "\\x${hex:0:2}\\x${hex:2:2}\\x${hex:4:2}\\x${hex:6:2}" >>"$1"
	printf '\x00\x00\x00\x00' >>"$1"
}

# A JPEG with no EXIF: only its modification time says when.
plain_jpeg() { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00%s' "$2" >"$1"; }
pdf() { printf '%%PDF-1.7\n%s\n%%%%EOF\n' "$2" >"$1"; }

# An inspection (09:00–10:00 on 2026-11-05) recorded as filmed, finalised at
# 12:00; its id in R, the action in A. Times are UTC throughout.
filmed() {
	export TZ=UTC
	at 2026-11-05T12:00
	setup_store
	A=$(jilu action open inspection)
	expect_exit 0 jilu record new "$A" inspection.onsite started_at=2026-11-05T09:00 \
		ended_at=2026-11-05T10:00 place=某超市 situation=货架整齐 result=no_issue \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" "av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize
	R=$OUT
}

test_a_stated_time_the_exif_contradicts_is_kept_and_is_a_finding() {
	filmed
	exif_jpeg cam.jpg "2026:11:05 09:31:00"
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" cam.jpg --kind video --captured-at 2026-11-05T11:00
	expect_in "拍摄时间取自所填时间" "$ERR"
	# Kept as stated, with the file's own time and its source beside it.
	expect_eq "2026-11-05T11:00|given|2026-11-05T09:31:00+00:00|exif" \
		"$(q "SELECT captured_at, captured_from, file_time, file_time_from FROM media")" "row"
	expect_exit 1 jilu check "$A"
	expect_in "R19.2 第十九条: 记录 $R《现场笔录》: 附件 1（cam.jpg）所填拍摄时间 2026-11-05T11:00 与文件记载的时间 2026-11-05T09:31:00+00:00（取自照片 EXIF 拍摄时间）相差 1 小时以上" "$OUT"
	expect_exit 1 jilu --lang en check "$A"
	expect_in "attachment 1 (cam.jpg): the stated capture time 2026-11-05T11:00 and the time the file records, 2026-11-05T09:31:00+00:00 (the photo's EXIF time), differ by more than an hour" "$OUT"
	# The ledger vouches for the file's time: changing it is caught.
	expect_exit 0 jilu verify
	q "DROP TRIGGER media_kept; UPDATE media SET file_time = '2026-11-05T10:59:00+00:00'"
	expect_exit 1 jilu verify
	expect_in "音像记录 1 的登记信息被改动" "$OUT$ERR"
}

test_a_stated_time_within_an_hour_of_the_file_is_no_finding() {
	filmed
	exif_jpeg cam.jpg "2026:11:05 09:31:00"
	created_mp4 body.mp4 2026-11-05T09:02:00
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" cam.jpg body.mp4 --captured-at 2026-11-05T09:45
	expect_exit 0 jilu check "$A"
	expect_not_in "所填拍摄时间" "$OUT"
	expect_not_in "R19.2" "$OUT"
}

test_a_stated_time_the_mp4_creation_time_contradicts_is_a_finding() {
	filmed
	created_mp4 body.mp4 2026-11-04T20:00:00
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" body.mp4 --captured-at 2026-11-05T09:30
	expect_exit 1 jilu check "$A"
	expect_in "附件 1（body.mp4）所填拍摄时间 2026-11-05T09:30 与文件记载的时间 2026-11-04T20:00:00+00:00（取自视频文件的创建时间）相差 1 小时以上" "$OUT"
}

test_a_modification_time_is_kept_but_never_contradicts_a_stated_time() {
	filmed
	created_mp4 plain.mp4 1999-01-01T00:00:00 # no usable creation time: before 2000
	touch -d '2026-11-05 07:00:00 UTC' plain.mp4
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" plain.mp4 --captured-at 2026-11-05T09:30
	expect_eq "mtime|2026-11-05T07:00:00+00:00" "$(q "SELECT file_time_from, file_time FROM media")" "file time"
	# A copy off the camera resets the modification time: a stated time is
	# how the officer says when it was filmed, and is not held against it.
	expect_exit 0 jilu check "$A"
	expect_not_in "所填拍摄时间" "$OUT"
}

test_a_stated_time_after_the_finalisation_is_a_finding() {
	filmed
	created_mp4 late.mp4 2026-11-05T12:20:00
	at 2026-11-05T13:00
	expect_exit 0 jilu media add "$R" late.mp4 --captured-at 2026-11-05T12:30
	expect_exit 1 jilu check "$A"
	expect_in "附件 1（late.mp4）所填拍摄时间 2026-11-05T12:30 晚于记录定稿时间 2026-11-05T12:00（文件记载的时间 2026-11-05T12:20:00+00:00，取自视频文件的创建时间）" "$OUT"
	expect_not_in "相差 1 小时以上" "$OUT"
	expect_exit 1 jilu --lang en check "$A"
	expect_in "the stated capture time 2026-11-05T12:30 is later than the record's finalisation" "$OUT"
}

# A time read from the file is never "stated": it is not held against the file.
test_a_time_read_from_the_file_is_no_finding() {
	filmed
	created_mp4 body.mp4 2026-11-05T09:10:00
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" body.mp4
	expect_eq "mp4||" "$(q "SELECT captured_from, file_time, file_time_from FROM media")" "read"
	expect_exit 0 jilu check "$A"
	expect_not_in "所填拍摄时间" "$OUT"
}

# Documents are not audio-visual: a stated time on a scan is no finding.
test_a_document_never_counts() {
	filmed
	pdf report.pdf "检验报告"
	touch -d '2026-10-01 08:00:00 UTC' report.pdf
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" report.pdf --captured-at 2026-11-05T12:20
	expect_exit 0 jilu check "$A" # only deadlines still running
	expect_not_in "所填拍摄时间" "$OUT"
	# ... and it is not the video that was promised.
	expect_in "记录为录像，但未附录像文件" "$OUT"
}

# R19.2's 24 hours run from capture: a video promised by a record of an event
# that ended at 10:00 is due at 10:00 the next day, though the record was
# finalised at 12:00.
test_the_24_hour_clock_runs_from_capture_not_from_finalisation() {
	filmed
	at 2026-11-05T12:30
	expect_exit 0 jilu check "$A" # only deadlines still running
	expect_in "R19.2 第十九条: 记录 $R《现场笔录》音像记录: 记录为录像，但未附录像文件（应于拍摄后 24 小时内存入，从所记录事项的时间 2026-11-05T10:00 起算）——期限 2026-11-06 10:00" "$OUT"
	at 2026-11-06T11:00
	expect_exit 1 jilu check "$A"
	expect_in "期限 2026-11-06 10:00，已逾期 1 小时 0 分" "$OUT"
	expect_exit 0 jilu deadlines --json
	expect_in '2026-11-06T10:00:00+00:00' "$OUT"
	expect_exit 1 jilu --lang en check "$A"
	expect_in "(due within 24 hours of capture, counted from the time of what it records, 2026-11-05T10:00)" "$OUT"
}

# Where each capture time came from is shown to scripts: media list --json
# and the case file export.
test_media_list_and_export_say_where_the_capture_time_came_from() {
	filmed
	exif_jpeg cam.jpg "2026:11:05 09:31:00"
	created_mp4 body.mp4 2026-11-05T09:02:00
	at 2026-11-05T12:30
	expect_exit 0 jilu media add "$R" cam.jpg --captured-at 2026-11-05T09:40
	expect_exit 0 jilu media add "$R" body.mp4
	expect_exit 0 jilu media list "$R" --json
	printf '%s' "$OUT" >m.json
	expect_eq "cam.jpg|given|2026-11-05T09:31:00+00:00|exif
body.mp4|mp4||" "$(sqlite3 :memory: "SELECT value->>'name', value->>'captured_from', coalesce(value->>'file_time', ''),
		coalesce(value->>'file_time_from', '') FROM json_each(readfile('m.json'))")" "media list"
	expect_exit 0 jilu export "$A" --format json
	expect_in '"captured_from":	"given"' "$OUT"
	expect_in '"file_time_from":	"exif"' "$OUT"
}
