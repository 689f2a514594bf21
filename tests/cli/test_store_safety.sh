# The store is never destroyed, adopted or created by accident; files are
# opened safely (a FIFO or a link where a file should be never hangs a
# command); evidence and arguments are checked before anything is stored.
# Every command that could hang runs under `timeout`, so a regression fails
# instead of hanging the suite.

# The form definitions of this tree (the binary may sit in build-asan/).
SAFETY_FORMS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

# jilu under a time limit: a command that hangs fails the test instead.
tjilu() { timeout 20 "$JILU" "$@"; }

# A store with one action (1) and one record (1) with one photo (attachment 1).
safety_store() {
	setup_store
	jilu action open inspection --title 检查 >/dev/null || fail "action"
	jilu record new 1 inspection.onsite place=某超市 >/dev/null || fail "record"
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00photo' >p.jpg
	jilu media add 1 p.jpg >/dev/null || fail "media add"
	PHOTO=$(find media -type f -path '*/[0-9a-f][0-9a-f]/*')
	[ -f "$PHOTO" ] || fail "no stored photo"
}

# Fails unless the store's bytes are still SUM (sha256 of jilu.db).
expect_store_kept() {
	expect_eq "$1" "$(sha256sum jilu.db | cut -c1-64)" "the store's bytes"
}

test_export_onto_the_store_or_its_wal_or_shm_is_refused_even_with_force() {
	safety_store
	jilu verify >/dev/null || fail "verify before"
	sqlite3 jilu.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	local sum
	sum=$(sha256sum jilu.db | cut -c1-64)
	mkdir sub
	ln -s jilu.db link.db
	for out in jilu.db ./jilu.db sub/../jilu.db link.db "$PWD/jilu.db" jilu.db-wal jilu.db-shm; do
		expect_exit 2 tjilu --lang en export 1 -o "$out" --force
		expect_in "the database itself" "$ERR"
	done
	expect_store_kept "$sum"
	expect_exit 0 jilu verify
}

test_export_appended_to_the_store_through_stdout_is_refused() {
	safety_store
	sqlite3 jilu.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	local sum
	sum=$(sha256sum jilu.db | cut -c1-64)
	expect_exit 2 jilu --lang en export 1 --force
	expect_exit 2 sh -c '"$JILU" --lang en export 1 >>jilu.db'
	expect_in "standard output is the database itself" "$ERR"
	expect_store_kept "$sum"
	expect_exit 0 jilu verify
}

test_export_into_the_media_store_is_refused_by_inode() {
	safety_store
	ln -s media m
	mkdir -p elsewhere
	ln -s ../media elsewhere/up
	for out in media/case.txt m/case.txt media/tmp/../case.txt elsewhere/up/case.txt "$PHOTO"; do
		expect_exit 2 tjilu --lang en export 1 -o "$out" --force
		expect_in "inside the media store" "$ERR"
	done
	expect_eq "" "$(find media -name 'case.txt*')" "files written into media/"
	expect_exit 0 jilu verify
}

test_export_never_replaces_an_existing_file_without_force() {
	safety_store
	echo "an archivist's own notes" >notes.txt
	expect_exit 2 jilu --lang en export 1 -o notes.txt
	expect_in "give --force" "$ERR"
	expect_eq "an archivist's own notes" "$(cat notes.txt)" "notes.txt"
	expect_exit 0 jilu export 1 -o notes.txt --force
	expect_in "检查" "$(cat notes.txt)"
	expect_exit 0 jilu export 1 -o new.txt
	expect_eq "" "$(ls notes.txt.* new.txt.* 2>/dev/null)" "temporary files left"
}

test_a_database_of_another_program_is_refused_and_left_byte_for_byte() {
	sqlite3 other.db 'CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)'
	local sum
	sum=$(sha256sum other.db | cut -c1-64)
	for cmd in verify "action list" "init --device X" "officer list" "officer add a --name A --cert 1" \
		"record show 1" "export 1" deadlines "media list 1"; do
		# shellcheck disable=SC2086
		expect_exit 4 jilu --lang en --db other.db $cmd
		expect_in "not a jilu database" "$ERR"
	done
	expect_eq "$sum" "$(sha256sum other.db | cut -c1-64)" "other.db's bytes"
	expect_eq "other.db" "$(ls)" "files beside it (no -wal, no -shm)"
	expect_eq "invoices" "$(sqlite3 other.db .tables)" "tables"
	expect_eq "delete" "$(sqlite3 other.db 'PRAGMA journal_mode')" "journal mode"
}

test_another_programs_database_with_its_wal_is_not_checkpointed() {
	# Its newest pages are still in its -wal (copied while it was open).
	printf 'PRAGMA journal_mode=WAL;\nCREATE TABLE t(x);\nINSERT INTO t VALUES (1);\n.shell cp o.db f.db; cp o.db-wal f.db-wal\n' |
		sqlite3 o.db >/dev/null
	[ -s f.db-wal ] || fail "no -wal to test with"
	local sum wal
	sum=$(sha256sum f.db | cut -c1-64)
	wal=$(sha256sum f.db-wal | cut -c1-64)
	expect_exit 4 jilu --lang en --db f.db verify
	expect_in "not a jilu database" "$ERR"
	expect_exit 4 jilu --lang en --db f.db init
	expect_eq "$sum" "$(sha256sum f.db | cut -c1-64)" "f.db's bytes"
	expect_eq "$wal" "$(sha256sum f.db-wal 2>/dev/null | cut -c1-64)" "f.db-wal's bytes"
}

test_a_table_named_meta_does_not_make_a_jilu_store() {
	sqlite3 other.db 'CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES ("a", "b")'
	local sum
	sum=$(sha256sum other.db | cut -c1-64)
	expect_exit 4 jilu --lang en --db other.db init
	expect_in "not a jilu database" "$ERR"
	expect_eq "$sum" "$(sha256sum other.db | cut -c1-64)" "other.db's bytes"
}

test_reading_never_creates_a_store() {
	setup_store
	rm -f jilu.db jilu.db-wal jilu.db-shm
	for cmd in verify "action list" "officer list" deadlines "record show 1" "export 1" "media list 1" "check 1"; do
		# shellcheck disable=SC2086
		expect_exit 4 jilu --lang en $cmd
		expect_in "no database here" "$ERR"
	done
	expect_eq "" "$(ls)" "files made"
	# An SQLite file with no table is no store either: only init makes one.
	sqlite3 empty.db 'CREATE TABLE t(x); DROP TABLE t'
	local sum
	sum=$(sha256sum empty.db | cut -c1-64)
	expect_exit 4 jilu --lang en --db empty.db verify
	expect_in "run jilu init" "$ERR"
	expect_eq "$sum" "$(sha256sum empty.db | cut -c1-64)" "empty.db's bytes"
	expect_exit 0 jilu --db empty.db init --device T02
}

# The store as SQL, but for the note verify keeps of its last run (meta
# verify_*: the one thing a reading command writes, for `jilu status`).
store_but_verify_note() {
	sqlite3 jilu.db "PRAGMA user_version; SELECT * FROM meta WHERE key NOT LIKE 'verify\_%' ESCAPE '\\'" &&
		sqlite3 jilu.db .dump | grep -v "^INSERT INTO meta VALUES('verify_"
}

test_reading_never_switches_a_store_to_wal_or_migrates_it() {
	setup_store
	sqlite3 jilu.db 'PRAGMA journal_mode=DELETE' >/dev/null
	local sum before
	sum=$(sha256sum jilu.db | cut -c1-64)
	expect_exit 0 jilu action list
	expect_store_kept "$sum"
	before=$(store_but_verify_note)
	expect_exit 0 jilu verify
	expect_eq "delete" "$(sqlite3 jilu.db 'PRAGMA journal_mode')" "journal mode after reading"
	expect_eq "$before" "$(store_but_verify_note)" "the store but verify's note"
	expect_eq "ok" "$(sqlite3 jilu.db "SELECT value FROM meta WHERE key = 'verify_result'")" "the note"
	# A store loaded from a dump (user_version lost) is read as it is.
	sqlite3 jilu.db 'PRAGMA user_version = 0'
	before=$(store_but_verify_note)
	expect_exit 0 jilu verify
	expect_eq "$before" "$(store_but_verify_note)" "the dumped store but verify's note"
	expect_eq "0" "$(sqlite3 jilu.db 'PRAGMA user_version')" "user_version"
}

test_a_fifo_in_place_of_the_store_is_refused_without_hanging() {
	mkfifo jilu.db
	expect_exit 4 tjilu --lang en init
	expect_in "not a regular file" "$ERR"
	expect_exit 4 tjilu --lang en verify
	expect_in "not a regular file" "$ERR"
}

test_reading_refuses_a_store_of_an_older_schema_and_leaves_it() {
	setup_store
	sqlite3 jilu.db "PRAGMA journal_mode=DELETE; PRAGMA user_version = 1; UPDATE meta SET value = '1' WHERE key = 'schema_version'" >/dev/null
	local sum
	sum=$(sha256sum jilu.db | cut -c1-64)
	expect_exit 4 jilu --lang en verify
	# Schemas 1 and 2 are the pre-release ledger format (schema 3 changed
	# it): refused by every command, not upgraded (test_ledger_format.sh).
	expect_in "old pre-release format (schema 1" "$ERR"
	expect_in "jilu init" "$ERR"
	expect_store_kept "$sum"
	expect_eq "1" "$(sqlite3 jilu.db 'PRAGMA user_version')" "user_version"
}

test_memory_database_is_refused() {
	expect_exit 2 jilu --lang en --db :memory: init
	expect_in "must be a file" "$ERR"
	expect_exit 2 jilu --lang en --db "" init
	expect_in "must be a file" "$ERR"
	expect_eq "" "$(ls)" "files made"
}

test_a_fifo_in_place_of_a_medium_is_reported_not_hung_on() {
	safety_store
	rm "$PHOTO"
	mkfifo "$PHOTO"
	expect_exit 1 tjilu --lang en verify
	expect_in "attachment 1" "$ERR"
	expect_in "not a regular file" "$ERR"
	# The case file is written all the same, with the fault in it.
	expect_exit 1 tjilu export 1 -o case.txt
	expect_in "R22.3" "$(cat case.txt)"
}

test_a_link_to_dev_zero_in_place_of_a_medium_is_reported_not_read() {
	safety_store
	rm "$PHOTO"
	ln -s /dev/zero "$PHOTO"
	expect_exit 1 tjilu --lang en verify
	expect_in "attachment 1" "$ERR"
	expect_in "symbolic link" "$ERR"
	# A link to a copy of the right bytes is still not the store's file.
	rm "$PHOTO"
	ln -s "$PWD/p.jpg" "$PHOTO"
	expect_exit 1 tjilu --lang en verify
	expect_in "symbolic link" "$ERR"
}

test_a_medium_grown_is_reported_by_its_size_before_hashing() {
	safety_store
	chmod u+w "$PHOTO"
	printf 'more' >>"$PHOTO"
	expect_exit 1 tjilu --lang en verify
	expect_in "bytes, not" "$ERR"
}

test_a_fifo_named_json_in_the_forms_folder_hangs_nothing() {
	setup_store
	cp -r "$SAFETY_FORMS" f
	mkfifo f/zz.fifo.json
	export JILU_FORMS=$PWD/f
	expect_exit 0 tjilu action list
	expect_exit 2 tjilu --lang en forms check f
	expect_in "zz.fifo.json" "$ERR$OUT"
	expect_in "not a regular file" "$ERR$OUT"
}

test_an_oversized_form_definition_is_refused() {
	cp -r "$SAFETY_FORMS" f
	head -c 2000000 /dev/zero | tr '\0' ' ' >f/huge.json
	expect_exit 2 tjilu --lang en forms check f
	expect_in "huge.json" "$ERR$OUT"
	expect_in "larger than" "$ERR$OUT"
}

test_a_forms_folder_with_no_definition_is_a_clear_error() {
	setup_store
	mkdir empty
	JILU_FORMS=$PWD/empty expect_exit 4 jilu --lang en action list
	expect_in "holds no definition" "$ERR"
	expect_exit 4 jilu --lang en forms check empty
	expect_in "holds no definition" "$ERR$OUT"
}

test_verify_needs_no_forms() {
	safety_store
	JILU_FORMS=$PWD/nowhere expect_exit 0 jilu verify
	mkdir empty
	JILU_FORMS=$PWD/empty expect_exit 0 jilu verify
}

test_a_fifo_given_to_media_add_is_refused_without_hanging() {
	safety_store
	mkfifo pipe.mp4
	expect_exit 2 tjilu --lang en media add 1 pipe.mp4
	expect_in "not a regular file" "$ERR"
	ln -s /dev/zero zero.mp4
	expect_exit 2 tjilu --lang en media add 1 zero.mp4
	expect_in "not a regular file" "$ERR"
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM media')" "rows"
}

test_an_empty_medium_is_refused() {
	safety_store
	: >empty.mp4
	expect_exit 2 jilu --lang en media add 1 empty.mp4
	expect_in "empty" "$ERR"
	expect_in "empty.mp4" "$ERR"
	expect_exit 2 jilu media add 1 empty.mp4 --kind video
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM media')" "rows"
}

test_the_same_file_twice_on_one_record_is_refused_naming_the_first() {
	safety_store
	cp p.jpg again.jpg
	expect_exit 2 jilu --lang en media add 1 again.jpg
	expect_in "attachment 1" "$ERR"
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00other' >q.jpg
	cp q.jpg q2.jpg
	expect_exit 2 jilu --lang en media add 1 q.jpg q2.jpg
	expect_in "the same file as q.jpg" "$ERR"
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM media')" "rows"
	expect_eq 0 "$(ls media/tmp | wc -l)" "files left in media/tmp"
}

test_media_add_with_one_missing_file_stores_nothing() {
	safety_store
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00ok' >ok.jpg
	expect_exit 2 jilu --lang en media add 1 ok.jpg "$PWD/missing.jpg"
	expect_eq "" "$OUT" "ids printed"
	expect_in "missing.jpg" "$ERR"
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM media')" "rows"
	expect_eq 1 "$(sqlite3 jilu.db "SELECT count(*) FROM ledger WHERE kind = 'media'")" "entries"
	expect_exit 0 jilu media add 1 ok.jpg
	expect_eq 2 "$OUT" "the id once it is stored"
}

test_an_id_that_is_not_a_positive_integer_in_range_is_refused_as_such() {
	safety_store
	for id in 99999999999999999999 9223372036854775808 0 -1 1x " 1" +1 ""; do
		for cmd in "record show" "record finalize" "action show" "action close" "media list" check export; do
			# shellcheck disable=SC2086
			expect_exit 2 jilu --lang en $cmd "$id"
		done
		for cmd in "record show" "media list" check export; do
			# shellcheck disable=SC2086
			expect_exit 2 jilu --lang en $cmd "$id"
			[ -n "$id" ] && expect_in "not an id" "$ERR"
		done
	done
	expect_exit 2 jilu --lang en media list 99999999999999999999
	expect_in "99999999999999999999: not an id" "$ERR"
	expect_exit 2 jilu --lang en record show 1 2
	expect_exit 0 jilu record show 1
}

test_media_list_of_an_unknown_record_exits_2() {
	safety_store
	expect_exit 2 jilu --lang en media list 99
	expect_in "no record 99" "$ERR"
	jilu record new 1 inspection.onsite place=某地 >/dev/null
	expect_exit 0 jilu media list 2
}

test_an_option_given_twice_is_refused() {
	safety_store
	jilu record set 1 started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 situation=好 result=no_issue \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" >/dev/null || fail "set"
	jilu record finalize 1 >/dev/null || fail "finalize"
	expect_exit 2 jilu --lang en record amend 1 --reason 甲 --reason 乙 place=某处
	expect_in "--reason given twice" "$ERR"
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM records')" "records"
	expect_exit 2 jilu --lang en --db a.db --db b.db verify
	expect_in "--db given twice" "$ERR"
	expect_exit 2 jilu --lang en --as zhang --as li action open inspection
	expect_exit 2 jilu --lang en --lang zh verify
	expect_exit 2 jilu --lang en export 1 -o a.txt --output b.txt
	expect_exit 2 jilu --lang en export 1 --format text --format json
	expect_exit 2 jilu --lang en export 1 -o a.txt --force --force
	expect_exit 2 jilu --lang en record show 1 --json --json
	expect_exit 2 jilu --lang en action list --kind penalty --kind inspection
	expect_exit 2 jilu --lang en action list --open --closed
	expect_exit 2 jilu --lang en action open inspection --title 甲 --title 乙
	expect_exit 2 jilu --lang en officer add wang --name 王 --name 汪 --cert 9
	expect_exit 2 jilu --lang en media add 1 p.jpg --kind photo --kind video
	expect_exit 2 jilu --lang en record new 1 inspection.onsite --finalize --finalize
	expect_exit 2 jilu --lang en check 1 --json --json
	expect_exit 2 jilu --lang en deadlines --json --json
	expect_exit 2 jilu --lang en forms show inspection.onsite --json --json
	expect_exit 2 jilu --lang en init --device A --device B
	expect_eq "" "$(ls a.txt b.txt a.db b.db 2>/dev/null)" "files made"
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM actions')" "actions"
}

test_partial_imports_of_a_killed_media_add_are_removed_at_the_next_write() {
	safety_store
	mkdir -p media/tmp
	echo half >media/tmp/import.4242.AbCdEf
	echo running >media/tmp/import.4243.GhIjKl
	# A media add still running holds the lock on its file: it is kept.
	# (-o: flock itself holds it, not the sleep it runs.)
	flock -o media/tmp/import.4243.GhIjKl sleep 30 &
	local holder=$!
	sleep 0.3
	expect_exit 0 jilu media list 1
	[ -f media/tmp/import.4242.AbCdEf ] || fail "a read removed a partial import"
	expect_exit 0 jilu action open inspection
	[ -f media/tmp/import.4242.AbCdEf ] && fail "the killed import's file is still there"
	[ -f media/tmp/import.4243.GhIjKl ] || fail "the running import's file was removed"
	local sleeper
	sleeper=$(pgrep -P "$holder")
	kill "$holder" $sleeper 2>/dev/null
	wait "$holder" 2>/dev/null
	expect_exit 0 jilu action open inspection
	expect_eq "" "$(ls media/tmp)" "media/tmp once no import runs"
}

test_media_add_interrupted_stores_nothing_and_leaves_no_file() {
	safety_store
	head -c 100000000 /dev/urandom >big.mp4
	"$JILU" --lang en media add 1 big.mp4 --kind video >out.txt 2>err.txt &
	local pid=$! i rc=0
	for i in $(seq 1 1000); do
		[ -n "$(ls media/tmp 2>/dev/null)" ] && break
		sleep 0.005
	done
	[ -n "$(ls media/tmp 2>/dev/null)" ] || fail "the import never began"
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	expect_eq 130 "$rc" "exit code"
	expect_in "cancelled; nothing was stored" "$(cat err.txt)"
	expect_eq "" "$(cat out.txt)" "ids printed"
	expect_eq "" "$(ls media/tmp)" "media/tmp at once, before any other command"
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM media')" "rows"
	expect_exit 0 jilu verify
}

test_a_killed_media_add_leaves_nothing_after_the_next_write() {
	safety_store
	head -c 50000000 /dev/urandom >big.mp4
	# Slow enough to be killed in the middle of the copy on any disk.
	"$JILU" media add 1 big.mp4 --kind video >/dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 1 200); do
		[ -n "$(ls media/tmp 2>/dev/null)" ] && break
		sleep 0.01
	done
	[ -n "$(ls media/tmp 2>/dev/null)" ] || fail "the import never began"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect_eq 1 "$(sqlite3 jilu.db 'SELECT count(*) FROM media')" "rows"
	expect_exit 0 jilu action open inspection
	expect_eq "" "$(ls media/tmp)" "media/tmp after the next write"
	expect_exit 0 jilu verify
}
