# Holes found by attacking the hardened store as a hostile user would (issue
# 6, verification): each test here failed before its fix, or pins down a
# behaviour the issue names that no other test held.

q() { sqlite3 "$JILU_DB" "$@"; }

# --db names a file. SQLite (built with SQLITE_USE_URI on Debian) reads a name
# beginning with "file:" as a URI: "file::memory:" made a store that vanished
# at exit while init said it was created, and every later command found none.
test_a_db_path_beginning_with_file_is_a_file_not_a_uri() {
	local p
	for p in 'file::memory:' 'file:x.db?mode=memory' 'file:y.db?immutable=1'; do
		expect_exit 0 jilu --lang en --db "$p" init --device T01
		[ -f "./$p" ] || fail "init said created but there is no file named $p"
		expect_exit 0 jilu --db "$p" officer add zhang --name 张三 --cert 13001
		expect_exit 0 jilu --lang en --db "$p" verify
		expect_in "2 entries" "$OUT"
		expect_eq 2 "$(sqlite3 "./$p" 'SELECT count(*) FROM ledger')" "entries in ./$p"
	done
	expect_eq "" "$(ls x.db y.db 2>/dev/null)" "files made under the URI's name"
}

# A store whose schema version says 3 but whose table was dropped: a write
# stored an action and its ledger entry in a store without records or media
# (exit 0), and verify said "cannot read the ledger: not an error".
test_a_store_missing_a_table_is_refused_by_every_command() {
	setup_store
	local a t
	a=$(jilu action open inspection --title 检查) || fail "open"
	for t in media records actions officers ledger; do
		cp jilu.db kept.db
		q "DROP TABLE $t"
		local before
		before=$(sha256sum jilu.db | cut -c1-64)
		expect_exit 4 jilu --lang en action open inspection --title 又一个
		expect_in "lacks its table $t" "$ERR"
		expect_exit 4 jilu --lang en verify
		expect_in "lacks its table $t" "$ERR"
		expect_not_in "not an error" "$ERR"
		expect_exit 4 jilu --lang en action list
		expect_exit 4 jilu record show 1
		expect_exit 4 jilu --lang zh verify
		expect_in "数据库缺少表 $t" "$ERR"
		expect_eq "$before" "$(sha256sum jilu.db | cut -c1-64)" "store after commands on it without $t"
		mv kept.db jilu.db
		rm -f jilu.db-wal jilu.db-shm
	done
	# A column dropped or renamed: verify said "not an error", writes went on.
	local sql
	for sql in "ALTER TABLE media DROP COLUMN device" "ALTER TABLE records RENAME COLUMN reason TO why" \
		   "ALTER TABLE officers DROP COLUMN changed_by"; do
		cp jilu.db kept.db
		q "$sql"
		expect_exit 4 jilu --lang en verify
		expect_in "or a column of it" "$ERR"
		expect_not_in "not an error" "$ERR"
		expect_exit 4 jilu --lang en action open inspection
		mv kept.db jilu.db
		rm -f jilu.db-wal jilu.db-shm
	done
	expect_exit 0 jilu verify
	expect_eq 4 "$(q 'SELECT count(*) FROM ledger')" "entries: nothing written into a damaged store"
}

# Output files are compared by device and inode: a hard link to the store
# has another name, directory and path, and is still the store.
test_export_onto_a_hard_link_of_the_store_or_its_wal_is_refused() {
	setup_store
	jilu action open inspection --title 检查 >/dev/null || fail "open"
	mkdir other
	ln jilu.db other/copy.db
	[ -f jilu.db-wal ] && ln jilu.db-wal other/copy.wal
	local sum out
	sum=$(sha256sum jilu.db | cut -c1-64)
	for out in other/copy.db other/copy.wal; do
		[ -e "$out" ] || continue
		expect_exit 2 jilu --lang en export 1 -o "$out" --force
		expect_in "the database itself" "$ERR"
	done
	expect_eq "$sum" "$(sha256sum jilu.db | cut -c1-64)" "store"
	expect_exit 0 jilu verify
}

# A hard link to a medium outside media/ is not inside the media store; with
# --force the link is replaced, never the medium's bytes written through it.
test_export_onto_a_hard_link_of_a_medium_never_changes_the_medium() {
	setup_store
	local a r m f
	a=$(jilu action open inspection --title 检查) || fail "open"
	r=$(jilu record new "$a" inspection.onsite place=某地) || fail "record"
	seq 1 5000 >p.jpg
	m=$(jilu media add "$r" p.jpg --kind photo) || fail "media add"
	f=$(find media -type f -not -path 'media/tmp/*' | head -1)
	ln "$f" linked.txt
	expect_exit 2 jilu --lang en export "$a" -o linked.txt
	expect_exit 0 jilu --lang en export "$a" -o linked.txt --force
	expect_eq "$(sha256sum p.jpg | cut -c1-64)" "$(sha256sum "$f" | cut -c1-64)" "medium after export"
	expect_exit 0 jilu verify
}

# JILU_LANG=fr was read as zh in silence, while --lang fr is refused.
test_an_unknown_jilu_lang_is_refused_like_lang() {
	setup_store
	expect_exit 2 env JILU_LANG=fr "$JILU" verify
	expect_in "JILU_LANG" "$ERR"
	expect_in "must be zh or en" "$ERR"
	expect_exit 2 env JILU_LANG=en_US "$JILU" action open inspection
	expect_eq 3 "$(q 'SELECT count(*) FROM ledger')" "entries after a refused command"
	# --lang says which, and an empty JILU_LANG is unset.
	expect_exit 0 env JILU_LANG=fr "$JILU" --lang en verify
	expect_exit 0 env JILU_LANG= "$JILU" verify
	expect_exit 0 env JILU_LANG=en "$JILU" verify
	expect_in "ledger holds" "$OUT"
}

# Values shown to officers but in no ledger entry were changed without verify
# noticing: a final record's last-saved time (record show --json), and the
# closing entry and closer of an action still open (export --format json).
test_a_final_records_last_saved_time_changed_is_caught() {
	setup_store
	local a r
	a=$(jilu action open inspection --title 检查) || fail "open"
	r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" place=某超市 situation=整齐 --finalize) || fail "record"
	expect_exit 0 jilu verify
	q "DROP TRIGGER records_final_kept"
	q "UPDATE records SET updated_at = '2020-01-01T00:00:00+08:00' WHERE id = $r"
	expect_exit 1 jilu --lang en verify
	expect_in "record $r differs from what was finalised" "$ERR"
	# A draft's last-saved time is not protected.
	q "UPDATE records SET updated_at = finalized_at WHERE id = $r"
	jilu record new "$a" inspection.onsite place=草稿 >/dev/null || fail "draft"
	q "UPDATE records SET updated_at = '2020-01-01T00:00:00+08:00' WHERE state = 'draft'"
	expect_exit 0 jilu verify
}

test_an_open_action_given_a_closing_entry_or_closer_is_caught() {
	setup_store
	local a
	a=$(jilu action open inspection --title 检查) || fail "open"
	expect_exit 0 jilu verify
	q "UPDATE actions SET ledger_seq = 3 WHERE id = $a"
	expect_exit 1 jilu --lang en verify
	expect_in "open action $a names a closing entry" "$ERR"
	q "UPDATE actions SET ledger_seq = NULL, closed_by = 'li' WHERE id = $a"
	expect_exit 1 jilu --lang en verify
	expect_in "open action $a names a closing entry or who closed it" "$ERR"
	q "UPDATE actions SET closed_by = NULL WHERE id = $a"
	expect_exit 0 jilu verify
}

# media add took any --captured-at (0001 or 9999 alike) and any file
# modification time (a camera never set stamps 1970) as the capture time.
test_media_capture_times_ahead_of_the_clock_or_before_2000_are_refused() {
	setup_store
	local a r
	a=$(jilu action open inspection --title 检查) || fail "open"
	r=$(jilu record new "$a" inspection.onsite place=某地) || fail "record"
	seq 1 100 >a.jpg
	# Years ahead of the real clock, whatever day the suite runs (a fixed
	# 2030 would be the past from that year on).
	for t in 9999-12-31T00:00 "$(($(date +%Y) + 4))-01-01T00:00" "$(date -d '+2 hours' +%Y-%m-%dT%H:%M)"; do
		expect_exit 2 jilu --lang en media add "$r" a.jpg --captured-at "$t"
		expect_in "ahead of this device's clock" "$ERR"
	done
	expect_exit 2 jilu --lang en media add "$r" a.jpg --captured-at 1999-12-31T23:00
	expect_in "before 2000-01-01" "$ERR"
	seq 1 200 >b.jpg
	for t in 1970-01-01 1999-06-01 "$(date -d '+1 year' +%Y-%m-%d)"; do
		touch -d "$t" b.jpg
		expect_exit 2 jilu --lang en media add "$r" a.jpg b.jpg
		expect_in "b.jpg: the file's modification time" "$ERR"
		expect_in "give --captured-at" "$ERR"
	done
	expect_eq 0 "$(q 'SELECT count(*) FROM media')" "attachments stored"
	expect_eq "" "$(find media -type f 2>/dev/null)" "files in media/"
	# Within the hour, or said by --captured-at, both are taken.
	expect_exit 0 jilu media add "$r" a.jpg --captured-at "$(date -d '+30 minutes' +%Y-%m-%dT%H:%M)"
	expect_exit 0 jilu media add "$r" b.jpg --captured-at 2026-11-26T09:31
	expect_eq "2026-11-26T09:31" "$(q "SELECT captured_at FROM media WHERE name = 'b.jpg'")" "captured_at"
	expect_exit 0 jilu verify
}

# export -o /dev/null --force, as root, renamed the case file over /dev/null:
# every program on the machine then wrote into a regular file. A FIFO or a
# device at the output is never replaced, even with --force. (A device node
# of our own in the test directory stands for /dev/null.)
test_export_never_replaces_a_device_or_fifo_even_with_force() {
	setup_store
	jilu action open inspection --title 检查 >/dev/null || fail "open"
	mkfifo pipe
	local outs=(pipe)
	if mknod devnull c 1 3 2>/dev/null; then outs+=(devnull); fi
	for o in "${outs[@]}"; do
		expect_exit 2 timeout 10 "$JILU" --lang en export 1 -o "$o" --force
		expect_in "$o: the output is not a regular file" "$ERR"
	done
	[ -p pipe ] || fail "the FIFO was replaced"
	[ ! -e devnull ] || [ -c devnull ] || fail "the device node was replaced"
	# A symbolic link is replaced itself, never what it points at.
	echo kept >target.txt
	ln -s target.txt link.txt
	expect_exit 0 jilu export 1 -o link.txt --force
	expect_eq kept "$(cat target.txt)" "the link's target"
	[ -f link.txt ] && [ ! -L link.txt ] || fail "link.txt is not the case file"
}

# forms list and forms show said only "storage error" when no definition
# loaded; every other command said why.
test_forms_list_and_show_say_why_no_definition_loaded() {
	mkdir empty
	cp "$(dirname "$JILU")/forms/kinds.json" empty/ 2>/dev/null || true
	expect_exit 4 env JILU_FORMS="$PWD/empty" "$JILU" --lang en forms list
	expect_in "holds no definition" "$ERR"
	expect_not_in "storage error" "$ERR"
	expect_exit 4 env JILU_FORMS="$PWD/empty" "$JILU" --lang en forms show inspection.onsite
	expect_in "holds no definition" "$ERR"
	expect_exit 4 env JILU_FORMS="$PWD/nowhere" "$JILU" --lang en forms list
	expect_in "nowhere" "$ERR"
	expect_not_in "storage error" "$ERR"
}

# A database with no table but a user_version or application_id set is
# another program's (jilu sets its version with its tables, in one
# transaction): init adopted one with application_id set, and one with
# user_version 7 was called "made by a newer jilu".
test_a_tableless_database_with_a_version_or_application_id_is_not_adopted() {
	local f sum
	sqlite3 uv.db 'PRAGMA user_version = 7'
	sqlite3 app.db 'PRAGMA application_id = 1234'
	for f in uv.db app.db; do
		sum=$(sha256sum "$f" | cut -c1-64)
		expect_exit 4 jilu --lang en --db "$f" init --device T01
		expect_in "not a jilu database" "$ERR"
		expect_not_in "newer jilu" "$ERR"
		expect_exit 4 jilu --lang en --db "$f" verify
		expect_eq "$sum" "$(sha256sum "$f" | cut -c1-64)" "$f"
		expect_eq "" "$(ls "$f"-* 2>/dev/null)" "files beside $f"
	done
	# A database with nothing in it at all is still made a store.
	sqlite3 empty.db 'PRAGMA page_size = 8192; VACUUM'
	expect_exit 0 jilu --db empty.db init --device T01
	expect_exit 0 jilu --db empty.db verify
}

# A store of a newer jilu was switched to WAL by init and every writing
# command before they refused it (exit 4): its header changed on disk.
test_a_newer_store_is_refused_by_writing_commands_byte_for_byte() {
	setup_store
	sqlite3 jilu.db "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;
		UPDATE meta SET value = '99' WHERE key = 'schema_version'" >/dev/null
	local sum
	sum=$(sha256sum jilu.db | cut -c1-64)
	expect_exit 4 jilu --lang en init
	expect_in "made by a newer jilu (schema 99" "$ERR"
	expect_exit 4 jilu --lang en action open inspection
	expect_in "made by a newer jilu" "$ERR"
	expect_exit 4 jilu --lang en officer add wang --name 王五 --cert 13003
	expect_exit 4 jilu --lang en verify
	expect_eq "$sum" "$(sha256sum jilu.db | cut -c1-64)" "the newer store"
	expect_eq "" "$(ls jilu.db-* 2>/dev/null)" "files beside it"
}

# A draft whose data was replaced behind jilu's back by something that is
# not a JSON object: record set said "storage error", record finalize
# "cannot finalise the record: not an error"; and an array was appended to.
test_a_draft_whose_data_is_not_a_json_object_is_said_to_be() {
	setup_store
	local a r d
	a=$(jilu action open inspection --title 检查) || fail "open"
	r=$(jilu record new "$a" inspection.onsite place=某地) || fail "record"
	for d in "'not json'" "'[1,2]'" "'\"text\"'" "X'FF00'"; do
		q "UPDATE records SET data = $d WHERE id = $r"
		local before
		before=$(q "SELECT hex(data) FROM records WHERE id = $r")
		expect_exit 4 jilu --lang en record set "$r" situation=整齐
		expect_in "record $r's data is not a JSON object (changed behind jilu's back)" "$ERR"
		expect_exit 4 jilu --lang en record finalize "$r"
		expect_in "record $r's data is not a JSON object" "$ERR"
		expect_not_in "not an error" "$ERR"
		expect_exit 4 jilu record set "$r" situation=整齐
		expect_in "数据不是 JSON 对象" "$ERR"
		expect_eq "$before" "$(q "SELECT hex(data) FROM records WHERE id = $r")" "data after refusals"
	done
	expect_eq 4 "$(q 'SELECT count(*) FROM ledger')" "entries"
}

# A store reached through a symbolic link (JILU_DB=~/jilu.db -> the SD card):
# SQLite keeps its -wal and -shm beside the file itself, but jilu looked for
# media/ and judged output files beside the link. Media went to another
# directory than the store, verify then said every medium was missing, and
# export -o onto the real -wal (committed pages not yet in the file) was
# written.
test_a_store_reached_through_a_symlink_keeps_media_and_sidecars_beside_the_file() {
	setup_store
	local a r
	a=$(jilu action open inspection --title 检查) || fail "open"
	r=$(jilu record new "$a" inspection.onsite place=某地) || fail "record"
	seq 1 3000 >p.jpg
	jilu media add "$r" p.jpg >/dev/null || fail "media add"
	mkdir elsewhere
	ln -s ../jilu.db elsewhere/link.db
	export JILU_DB=$PWD/elsewhere/link.db
	expect_exit 0 jilu --lang en verify
	expect_in "1 media files match" "$OUT"
	seq 1 4000 >q.jpg
	expect_exit 0 jilu media add "$r" q.jpg
	expect_eq "" "$(ls -A elsewhere | grep -v '^link.db$')" "files beside the link"
	expect_eq 2 "$(find media -type f -not -path 'media/tmp/*' | wc -l)" "media beside the store"
	local out
	for out in jilu.db-wal jilu.db-shm jilu.db; do
		expect_exit 2 jilu --lang en export "$a" -o "$out" --force
		expect_in "the database itself" "$ERR"
	done
	expect_exit 2 jilu --lang en export "$a" -o media/case.txt --force
	expect_in "inside the media store" "$ERR"
	expect_exit 0 jilu verify
	export JILU_DB=$PWD/jilu.db
	expect_exit 0 jilu --lang en verify
	expect_in "2 media files match" "$OUT"
}

# A required text made only of U+2800 BRAILLE PATTERN BLANK (a symbol that
# shows as a space) or of combining marks with no letter under them
# finalised: neither is seen as anything.
test_braille_blank_or_bare_combining_marks_are_blank() {
	setup_store
	local a v
	a=$(jilu action open inspection --title 检查) || fail "open"
	for v in $'\u2800' $'\u2800\u2800' $' \u0301' $'\u0301\u0308' $'\u20dd' $'\u3000\u2800\u200b'; do
		expect_exit 3 jilu --lang en record new "$a" inspection.onsite started_at=2026-11-26T09:00 \
			ended_at=2026-11-26T10:00 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue \
			"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" situation=整齐 place="$v" --finalize
		expect_in "place: required" "$ERR"
	done
	expect_exit 2 jilu --lang en officer add wang --name $'\u2800' --cert 13003
	expect_in "a name is required" "$ERR"
	expect_exit 2 jilu --lang en officer add wang --name 王五 --cert $'130\u280003'
	expect_in "U+2800" "$ERR"
	# A letter with its accent is text.
	expect_exit 0 jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 \
		ended_at=2026-11-26T10:00 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" situation=整齐 place=$'Cafe\u0301' --finalize
	expect_exit 0 jilu verify
}
