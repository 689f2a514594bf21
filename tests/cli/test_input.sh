# What the officer, the device or the installation gets wrong, and that jilu
# must name rightly: a malformed JILU_NOW, a file that cannot be attached or
# a media store that cannot be written, an option without its value, a form
# definition that is broken rather than missing, a store whose `init` was
# interrupted, and a stale JILU_OFFICER on a command that only reads.

FORMS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

q() { sqlite3 "$JILU_DB" "$@"; }

# Every time the store holds, one a line.
stamps() {
	q "SELECT opened_at FROM actions UNION ALL SELECT closed_at FROM actions WHERE closed_at IS NOT NULL
	   UNION ALL SELECT created_at FROM records UNION ALL SELECT updated_at FROM records
	   UNION ALL SELECT created_at FROM officers"
}

# ---- JILU_NOW ---------------------------------------------------------------

test_jilu_now_with_a_one_digit_hour_is_refused_before_anything_is_written() {
	setup_store
	a=$(jilu action open inspection)
	before=$(q .dump)
	export JILU_NOW=2026-11-26T9:30
	expect_exit 2 jilu action open inspection
	expect_in "JILU_NOW" "$ERR"
	expect_in "YYYY-MM-DDTHH:MM" "$ERR"
	expect_in "2026-11-26T9:30" "$ERR"
	expect_eq "" "$OUT" "stdout"
	expect_exit 2 jilu record new "$a" inspection.onsite place=某超市
	expect_exit 2 jilu action close "$a"
	expect_exit 2 jilu officer add wang --name 王五 --cert 13003
	expect_exit 2 jilu --lang en action list
	expect_in "JILU_NOW" "$ERR"
	expect_in "expected a datetime YYYY-MM-DDTHH:MM" "$ERR"
	expect_eq "$before" "$(q .dump)" "store after refused commands"
	expect_eq "" "$(stamps | grep -v '^....-..-..T..:..')" "empty or malformed stamps"
}

test_jilu_now_out_of_range_is_refused_in_both_languages() {
	setup_store
	export JILU_NOW=2026-13-45T99:99
	expect_exit 2 jilu action open inspection
	expect_in "JILU_NOW" "$ERR"
	expect_in "日期或时间不存在" "$ERR"
	expect_exit 2 jilu --lang en action open inspection
	expect_in "no such date or time" "$ERR"
	expect_in "YYYY-MM-DDTHH:MM" "$ERR"
	export JILU_NOW=2026-02-29T10:00
	expect_exit 2 jilu action open inspection
	export JILU_NOW=2026-11-26T09:30+15:00
	expect_exit 2 jilu action open inspection
	expect_eq 0 "$(q 'SELECT count(*) FROM actions')" "actions"
}

test_valid_jilu_now_is_the_stamp_written() {
	setup_store
	export JILU_NOW=2028-02-29T09:30:00+08:00
	expect_exit 0 jilu action open inspection
	expect_eq "2028-02-29T09:30:00+08:00" "$(q 'SELECT opened_at FROM actions')" "opened_at"
}

# ---- media ----------------------------------------------------------------

media_record() {
	setup_store
	local a
	a=$(jilu action open inspection)
	REC=$(jilu record new "$a" inspection.onsite place=某超市)
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00photo' >p.jpg
}

test_unwritable_media_store_is_named_as_the_store_with_exit_4() {
	media_record
	# Where the store's directory should be, a file: nothing can be made in
	# it, whoever runs the test (root ignores permissions).
	echo "not a directory" >"$TEST_DIR/media"
	expect_exit 4 jilu --lang en media add "$REC" p.jpg
	expect_in "$TEST_DIR/media" "$ERR"
	expect_in "the media store" "$ERR"
	expect_in "nothing was stored" "$ERR"
	expect_not_in "p.jpg" "$ERR"
	expect_exit 4 jilu media add "$REC" p.jpg
	expect_in "音像库" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM media')" "media rows"
}

test_device_and_fifo_are_not_regular_files_with_exit_2() {
	media_record
	expect_exit 2 jilu --lang en media add "$REC" /dev/null --kind photo
	expect_in "/dev/null" "$ERR"
	expect_in "not a regular file" "$ERR"
	expect_not_in "directory" "$ERR"
	# Without --kind: still what the file is, not that its kind is unknown.
	expect_exit 2 jilu --lang en media add "$REC" /dev/null
	expect_in "not a regular file" "$ERR"
	expect_not_in "--kind" "$ERR"
	mkfifo pipe.mp4
	expect_exit 2 timeout 20 "$JILU" --lang en media add "$REC" pipe.mp4 --kind video
	expect_in "not a regular file" "$ERR"
	expect_exit 2 jilu media add "$REC" /dev/null --kind photo
	expect_in "不是普通文件" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM media')" "media rows"
}

test_directory_given_as_a_file_is_said_to_be_a_directory_with_exit_2() {
	media_record
	mkdir shots
	expect_exit 2 jilu --lang en media add "$REC" shots
	expect_in "shots" "$ERR"
	expect_in "is a directory" "$ERR"
	expect_not_in "cannot tell" "$ERR"
	expect_exit 2 jilu --lang en media add "$REC" shots --kind photo
	expect_in "is a directory" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM media')" "media rows"
}

test_new_media_directory_is_fsynced_in_the_databases_directory() {
	media_record
	command -v strace >/dev/null || { fail "strace is not installed (.ci/deps installs it)"; return; }
	# (LeakSanitizer cannot run under ptrace: `make asan` would fail here.)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -e trace=mkdir,openat,fsync -o trace.txt "$JILU" media add "$REC" p.jpg >/dev/null ||
		fail "media add under strace"
	# After mkdir(".../media") = 0: the database's directory opened, and that
	# descriptor fsynced.
	awk -v media="\"$TEST_DIR/media\"" -v parent="\"$TEST_DIR\"" '
		/mkdir\(/ && index($0, "mkdir(" media ",") && / = 0$/ { made = 1; next }
		made && /openat\(/ && index($0, parent ",") && /O_DIRECTORY/ { fd = $NF; next }
		made && fd != "" && index($0, "fsync(" fd ")") && / = 0$/ { ok = 1 }
		END { exit ok ? 0 : 1 }' trace.txt ||
		fail "no fsync of $TEST_DIR after media/ was made: $(grep -E 'mkdir|fsync|O_DIRECTORY' trace.txt)"
}

# ---- options without their value ---------------------------------------------

# expect_needs_value OPTION ARGS...: `jilu ARGS` exits 2 saying OPTION needs a value.
expect_needs_value() {
	local opt=$1; shift
	expect_exit 2 jilu "$@"
	expect_in "$opt 缺少参数值" "$ERR"
	expect_exit 2 jilu --lang en "$@"
	expect_in "$opt needs a value" "$ERR"
}

test_option_without_its_value_is_named_by_every_command() {
	expect_needs_value --device init --device
	[ -e "$JILU_DB" ] && fail "init --device without a value made the store"
	setup_store
	a=$(jilu action open inspection)
	r=$(jilu record new "$a" inspection.onsite place=某超市)
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00x' >p.jpg
	expect_needs_value --name officer add wang --name
	expect_needs_value --name officer add wang --name --cert 13003
	expect_needs_value --cert officer add wang --name 王五 --cert
	expect_needs_value --role officer add wang --name 王五 --cert 13003 --role
	expect_needs_value --title action open fee --title
	expect_needs_value --kind action list --kind
	expect_needs_value --reason record amend "$r" --reason
	expect_needs_value --kind media add "$r" p.jpg --kind
	expect_needs_value --captured-at media add "$r" p.jpg --captured-at
	expect_needs_value --db --db
	expect_eq 1 "$(q 'SELECT count(*) FROM actions')" "actions"
	expect_eq 2 "$(q 'SELECT count(*) FROM officers')" "officers"
	expect_eq 0 "$(q 'SELECT count(*) FROM media')" "media"
}

# ---- broken form definitions --------------------------------------------------

# The real definitions copied to ./forms, used through JILU_FORMS; FORM's
# definition broken (its version is no number).
break_form() {
	cp -r "$FORMS_SRC" forms
	sed -i 's/"version": *[0-9]*/"version": "one"/' "forms/$1.json"
	export JILU_FORMS=$PWD/forms
}

test_broken_form_is_said_to_be_broken_not_missing() {
	setup_store
	a=$(jilu action open penalty)
	break_form penalty.decision
	expect_exit 2 jilu record new "$a" penalty.decision
	expect_in "penalty.decision" "$ERR"
	expect_in "表单定义有问题" "$ERR"
	expect_in "jilu forms check" "$ERR"
	expect_in "penalty.decision.json: \$.version" "$ERR"
	expect_not_in "没有表单" "$ERR"
	expect_exit 2 jilu --lang en record new "$a" penalty.decision
	expect_in "the form definition has problems and was not loaded" "$ERR"
	expect_exit 2 jilu forms show penalty.decision
	expect_in "jilu forms check" "$ERR"
	expect_not_in "没有这个表单" "$ERR"
	# A form that is not there at all is still missing.
	expect_exit 2 jilu record new "$a" penalty.nothing
	expect_in "没有表单 penalty.nothing" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM records')" "records"
}

test_form_left_out_for_naming_a_broken_form_is_broken_too() {
	setup_store
	a=$(jilu action open inspection)
	break_form correction.order
	expect_exit 2 jilu record new "$a" correction.review
	expect_in "表单定义有问题" "$ERR"
	expect_in "correction.review.json: \$.fields" "$ERR"
}

test_check_works_for_every_action_when_one_form_is_broken() {
	setup_store
	i=$(jilu action open inspection)
	p=$(jilu action open penalty)
	break_form penalty.decision
	expect_exit 1 jilu check "$i"
	expect_in "R18.1" "$OUT"
	expect_not_in "kinds.json" "$ERR"
	expect_exit 1 jilu check "$p"
	expect_in "R8.1" "$OUT"
	expect_in "penalty.decision" "$OUT"
	expect_exit 0 jilu deadlines
	expect_exit 2 jilu --lang en forms check
	expect_in "kinds.json" "$ERR"
	expect_in "form penalty.decision cannot be used" "$ERR"
	expect_not_in "no form penalty.decision" "$ERR"
}

# ---- a store whose init was interrupted ---------------------------------------

test_store_without_its_device_id_refuses_writes_saying_run_init() {
	setup_store
	a=$(jilu action open inspection)
	q "DELETE FROM meta WHERE key = 'device'"
	expect_exit 4 jilu action open inspection
	expect_in "本数据库尚未完成初始化" "$ERR"
	expect_in "jilu init --device ID" "$ERR"
	expect_not_in "NOT NULL" "$ERR"
	expect_exit 4 jilu --lang en record new "$a" inspection.onsite place=某超市
	expect_in "the database was never initialised: run jilu init --device ID" "$ERR"
	expect_exit 4 jilu officer add wang --name 王五 --cert 13003
	expect_in "jilu init" "$ERR"
	expect_exit 4 jilu action close "$a"
	expect_eq 1 "$(q 'SELECT count(*) FROM actions')" "actions"
	expect_eq 0 "$(q 'SELECT count(*) FROM records')" "records"
	# Reading still works.
	expect_exit 0 jilu action list
	expect_exit 0 jilu action show "$a"
	expect_exit 0 jilu officer list
	# init writes the id with the store's first entry: one without the other
	# was changed behind jilu's back, and neither verify nor init passes it.
	expect_exit 1 jilu --lang en verify
	expect_in "device id was removed" "$ERR"
	expect_exit 4 jilu --lang en init --device T02
	expect_in "first of device T01" "$ERR"
	expect_eq "" "$(q "SELECT value FROM meta WHERE key = 'device'")" "device id"
}

# ---- a stale JILU_OFFICER on commands that only read ---------------------------

test_stale_officer_does_not_stop_commands_that_only_read() {
	setup_store
	a=$(jilu action open inspection)
	r=$(jilu record new "$a" inspection.onsite place=某超市)
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00x' >p.jpg
	jilu media add "$r" p.jpg >/dev/null || fail "media add"
	export JILU_OFFICER=zhnag
	expect_exit 0 jilu verify
	expect_exit 0 jilu action list
	expect_exit 0 jilu action show "$a"
	expect_exit 0 jilu record show "$r"
	expect_exit 0 jilu media list "$r"
	expect_exit 0 jilu officer list
	expect_exit 1 jilu check "$a"
	expect_exit 0 jilu deadlines
	expect_exit 0 jilu export "$a" -o case.txt
	expect_exit 0 jilu forms list
	expect_exit 0 jilu forms show inspection.onsite
	expect_exit 0 jilu --as nobody verify
	# Writing still needs a real officer.
	expect_exit 2 jilu action open inspection
	expect_in "zhnag" "$ERR"
	expect_exit 2 jilu record set "$r" place=别处
	expect_exit 2 jilu media add "$r" p.jpg
	expect_exit 2 jilu action close "$a"
	expect_eq 1 "$(q 'SELECT count(*) FROM actions')" "actions"
	expect_eq 1 "$(q 'SELECT count(*) FROM media')" "media"
}

# cJSON would silently cut "a\u0000b" to "a": refused instead (R4.2: kept as
# entered); an escaped backslash before "u0000" is ordinary text.
test_nul_escape_in_json_is_refused_and_nothing_stored() {
	setup_store
	local a
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite 'situation:="a\u0000b"'
	expect_in '\u0000' "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM records')" "records"
	expect_exit 0 jilu record new "$a" inspection.onsite 'situation:="a\\u0000b"'
	expect_in 'a\\u0000b' "$(sqlite3 "$JILU_DB" 'SELECT data FROM records')"
}

# Control characters would reach every terminal that shows the record: the
# title of an action, an officer's name and a correction's reason refuse them.
test_control_characters_refused_in_titles_names_and_reasons() {
	setup_store
	expect_exit 2 jilu action open fee --title "$(printf 'a\033[2Jb')"
	expect_in "U+001B" "$ERR"
	expect_exit 2 jilu officer add wang --name "$(printf '王\007五')" --cert 13009
	expect_in "U+0007" "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM actions")" "actions"
}

# Several `init`s at once: one device id wins, the others are told so.
test_concurrent_inits_agree_on_one_device() {
	local i
	for i in 1 2 3 4; do jilu init --device "D$i" >/dev/null 2>>init.err & done
	wait
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM meta WHERE key = 'device'")" "device rows"
	expect_eq 3 "$(grep -c '设备编号不能更改' init.err)" "losers told"
}

# A store on read-only media (an archive copy, a read-only mount) can be
# read and verified; writing is refused as a storage error. Needs root for
# the bind mount, as CI is: a failed mount fails the test.
test_store_on_read_only_mount_is_read_and_verified() {
	setup_store
	local a
	a=$(jilu action open inspection --title 只读检查)
	mkdir ro
	mount --bind "$TEST_DIR" ro || { fail "bind mount"; return; }
	if ! mount -o remount,bind,ro ro; then
		umount ro
		fail "read-only remount"
		return
	fi
	expect_exit 0 jilu --db ro/jilu.db action list
	expect_in "只读检查" "$OUT"
	expect_exit 0 jilu --db ro/jilu.db verify
	expect_exit 1 jilu --db ro/jilu.db check "$a"
	expect_exit 4 jilu --db ro/jilu.db action open fee
	expect_in "只读" "$ERR"
	umount ro
}

# Zones run to +14:00: a larger offset is refused when entered, or SQLite
# and the rules would read the time as nothing and let any check pass.
test_zone_offset_beyond_fourteen_hours_is_refused() {
	setup_store
	local a
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite started_at=2026-11-05T18:00+15:00
	expect_in "started_at" "$ERR"
	expect_exit 0 jilu record new "$a" inspection.onsite started_at=2026-11-05T18:00+14:00
}

# When SHA-256 cannot be computed (here: OpenSSL configured with no usable
# provider), nothing is acknowledged: no made-up hash is ever stored.
test_no_hash_no_record() {
	setup_store
	local a before
	a=$(jilu action open fee)
	before=$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM ledger')
	cat >null.cnf <<'CNF'
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
null = null_sect
[null_sect]
activate = 1
CNF
	OPENSSL_CONF=$PWD/null.cnf expect_exit 4 jilu record new "$a" fee.collection collected_at=2026-11-20T09:00 \
		'payer:={"name":"王五"}' item=检定费 'amount:=10' basis=目录 receipt_number=1 --finalize
	expect_eq 0 "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM records')" "records"
	expect_eq "$before" "$(sqlite3 "$JILU_DB" 'SELECT count(*) FROM ledger')" "entries"
}
