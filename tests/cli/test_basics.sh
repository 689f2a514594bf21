# The command line's contract: init, officers, actions, exit codes, languages.

test_init_twice_changes_nothing() {
	expect_exit 0 jilu init --device T01
	before=$(sqlite3 "$JILU_DB" .dump)
	expect_exit 0 jilu init
	expect_in "T01" "$OUT"
	expect_eq "$before" "$(sqlite3 "$JILU_DB" .dump)" "dump after second init"
	expect_exit 2 jilu init --device OTHER
}

test_command_without_database_says_run_init() {
	expect_exit 4 jilu action list
	expect_in "jilu init" "$ERR"
}

test_action_open_prints_id_alone() {
	setup_store
	expect_exit 0 jilu action open inspection --title 检查
	expect_eq "1" "$OUT" "first action id"
	expect_exit 0 jilu action open penalty
	expect_eq "2" "$OUT" "second action id"
}

test_action_open_needs_an_officer() {
	setup_store
	unset JILU_OFFICER
	expect_exit 2 jilu action open inspection
	expect_in "--as" "$ERR"
	expect_exit 2 jilu --as nobody action open inspection
	expect_in "nobody" "$ERR"
}

test_unknown_kind_is_refused_with_r2_1() {
	setup_store
	expect_exit 2 jilu action open audit
	expect_in "R2.1" "$ERR"
}

test_refusal_lines_begin_with_requirement_id() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 3 jilu record new "$a" inspection.onsite place=某超市 \
		'officers:=[{"name":"张三","cert":"13001","shown":true}]' --finalize
	expect_in "R18.1 第十八条: officers: 至少2名执法人员（现有 1 名）" "$ERR"
	while IFS= read -r line; do
		# The last line says the draft was kept (issue 10): not a refusal.
		case "$line" in R[0-9]*|"jilu: 未定稿；草稿已保存为记录 1："*) ;;
		*) fail "line without requirement id: $line" ;; esac
	done <<<"$ERR"
	expect_eq "0" "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records WHERE state = 'final'")" "final records after refusal"
}

test_lang_en_gives_english() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 3 jilu --lang en record new "$a" inspection.onsite --finalize
	expect_in "R18.1 Art. 18: started_at: required" "$ERR"
}

test_help_on_every_command() {
	for cmd in "init" "officer add" "officer list" "action open" "action close" "action list" \
		   "action show" "record new" "record set" "record finalize" "record amend" \
		   "record show" "verify" "forms list" "forms show" "forms check" "media add" "media list" \
		   "check" "deadlines" "export"; do
		# shellcheck disable=SC2086
		expect_exit 0 jilu $cmd --help
		expect_in "usage: jilu ${cmd%% *}" "$OUT"
	done
}

test_newer_database_is_refused_with_exit_4() {
	jilu init --device T01 >/dev/null
	sqlite3 "$JILU_DB" 'PRAGMA user_version = 99'
	expect_exit 4 jilu action list
	expect_in "99" "$ERR"
}
