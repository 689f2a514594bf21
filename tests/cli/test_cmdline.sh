# The command line as officers use it (issue 10, items 10-13): closing
# guarded by check, discarding a draft, corrections that change nothing,
# a refused --finalize that keeps the draft.

inspection_ok() {
	jilu record new "$1" inspection.onsite started_at=2026-11-02T09:00 ended_at=2026-11-02T10:00 \
		place=某超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" situation=整齐 result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize
}

# --- item 10: closing is guarded ----------------------------------------

test_close_refused_while_check_finds_gaps() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection)
	expect_exit 3 jilu action close "$a"
	expect_in "仍有以上" "$ERR"
	expect_in "--force --reason" "$ERR"
	expect_in "R" "$ERR"
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT closed_at FROM actions WHERE id = $a")" "still open"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM ledger WHERE kind = 'close'")" "no entry"
	# English too.
	expect_exit 3 jilu --lang en action close "$a"
	expect_in "to close it anyway: --force --reason TEXT" "$ERR"
}

test_close_with_nothing_missing_needs_no_force() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a r
	a=$(jilu action open inspection)
	r=$(inspection_ok "$a") || fail "inspection"
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip' >v.mp4
	jilu media add "$r" v.mp4 --captured-at 2026-11-02T09:10 >/dev/null || fail "media add"
	# Only archiving is left (its clock runs from the last step): no gap of closing.
	expect_exit 0 jilu check "$a" # only deadlines still running
	expect_in "R19.1" "$OUT"
	expect_exit 0 jilu action close "$a"
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT close_reason FROM actions WHERE id = $a")" "no reason"
	expect_exit 0 jilu verify
}

test_forced_close_keeps_the_reason_and_check_reports_it() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection)
	expect_exit 2 jilu action close "$a" --force
	expect_in "--reason" "$ERR"
	expect_exit 2 jilu action close "$a" --reason 当事人失联
	expect_exit 2 jilu action close "$a" --force --reason "   "
	expect_exit 2 jilu action close "$a" --force --reason $'两行\n理由'
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT closed_at FROM actions WHERE id = $a")" "still open"
	expect_exit 0 jilu action close --force --reason 当事人失联，无法继续 "$a"
	expect_eq "当事人失联，无法继续" "$(sqlite3 "$JILU_DB" "SELECT close_reason FROM actions WHERE id = $a")" "row"
	expect_eq "当事人失联，无法继续" \
		"$(sqlite3 "$JILU_DB" "SELECT json_extract(body, '\$.reason') FROM ledger WHERE kind = 'close'")" "entry"
	expect_exit 0 jilu action show "$a"
	expect_in "强制结束理由：当事人失联，无法继续" "$OUT"
	expect_exit 1 jilu check "$a"
	expect_in "强制结束" "$OUT"
	expect_in "理由：当事人失联，无法继续" "$OUT"
	expect_exit 1 jilu --lang en check "$a" --json
	expect_in '"en":	"the action was closed with gaps' "$OUT"
	expect_exit 0 jilu verify
	# The reason is vouched for: changed behind jilu's back, verify says so.
	sqlite3 "$JILU_DB" "DROP TRIGGER actions_closed_kept; UPDATE actions SET close_reason = '已办结' WHERE id = $a"
	expect_exit 1 jilu verify
}

# --- item 10: record discard --------------------------------------------

test_discard_removes_a_draft_never_a_final_record() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a d f
	a=$(jilu action open inspection)
	d=$(jilu record new "$a" inspection.onsite place=某超市)
	f=$(inspection_ok "$a")
	expect_exit 0 jilu record discard "$d"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records WHERE id = $d")" "draft gone"
	expect_exit 2 jilu record discard "$d"
	expect_in "没有记录 $d" "$ERR"
	expect_exit 3 jilu record discard "$f"
	expect_in "已定稿，不能删除" "$ERR"
	expect_in "record amend $f" "$ERR"
	expect_eq final "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = $f")" "final kept"
	expect_exit 2 jilu record discard
	expect_exit 0 jilu verify
}

test_discard_refuses_a_draft_with_attachments() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a d
	a=$(jilu action open inspection)
	d=$(jilu record new "$a" inspection.onsite place=某超市)
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip' >v.mp4
	jilu media add "$d" v.mp4 --captured-at 2026-11-02T09:10 >/dev/null || fail "media add"
	expect_exit 3 jilu record discard "$d"
	expect_in "音像文件" "$ERR"
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records WHERE id = $d")" "kept"
	expect_exit 0 jilu verify
}

# --- item 10: a correction that changes nothing ------------------------

test_amendment_that_changes_nothing_is_refused() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a f n
	a=$(jilu action open inspection)
	f=$(inspection_ok "$a")
	n=$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")
	expect_exit 2 jilu record amend "$f" --reason 笔误
	expect_in "没有改变" "$ERR"
	expect_exit 2 jilu record amend "$f" --reason 笔误 place=某超市
	expect_in "没有改变" "$ERR"
	expect_eq "$n" "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "nothing stored"
	expect_exit 0 jilu record amend "$f" --reason 笔误 place=某超市（民生街店）
}

# --- item 10: a refused --finalize keeps the draft ----------------------

test_refused_finalize_keeps_the_draft_and_prints_its_id() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection)
	expect_exit 3 jilu record new "$a" inspection.onsite started_at=2026-11-02T09:00 place=某超市 --finalize
	[ -n "$OUT" ] || fail "no id printed"
	expect_eq draft "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = '$OUT'")" "draft kept"
	expect_eq 某超市 "$(sqlite3 "$JILU_DB" "SELECT json_extract(data, '\$.place') FROM records WHERE id = '$OUT'")" "values kept"
	expect_in "草稿已保存为记录 $OUT" "$ERR"
	expect_in "jilu record finalize $OUT" "$ERR"
	# Bad input (exit 2) still stores nothing.
	expect_exit 2 jilu record new "$a" inspection.onsite nosuchfield=1 --finalize
	expect_eq "" "$OUT" "no id"
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "one draft only"
	# A form not used in this kind of action is refused before any draft.
	expect_exit 3 jilu record new "$a" penalty.decision --finalize
	expect_eq "" "$OUT" "no id"
	expect_eq 1 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "still one"
}

# --- item 11: values as people type them --------------------------------

# The stored data of record $1 at JSON path $2.
data() { sqlite3 "$JILU_DB" "SELECT json_extract(data, '$2') FROM records WHERE id = $1"; }

test_typed_values_by_the_fields_shape() {
	setup_store
	export JILU_NOW=2026-11-27T16:00
	local p r c l
	p=$(jilu action open 处罚)
	r=$(jilu record new "$p" penalty.rights_notice hearing_applicable=否 rights=statement,defence,recusal \
		notified_at="today 15:00" reply_by=2026/11/30)
	expect_eq 0 "$(data "$r" '$.hearing_applicable')" "bool 否"
	expect_eq '["statement","defence","recusal"]' "$(data "$r" '$.rights')" "choices"
	expect_eq 2026-11-27T15:00 "$(data "$r" '$.notified_at')" "today 15:00"
	expect_eq 2026-11-30 "$(data "$r" '$.reply_by')" "date with slashes"
	jilu record set "$r" hearing_applicable=是 notified_at="2026/11/27 14:30" >/dev/null || fail "set"
	expect_eq 1 "$(data "$r" '$.hearing_applicable')" "bool 是"
	expect_eq 2026-11-27T14:30 "$(data "$r" '$.notified_at')" "slashes and a space"
	jilu record set "$r" notified_at="2026-11-27 14:45" >/dev/null || fail "set"
	expect_eq 2026-11-27T14:45 "$(data "$r" '$.notified_at')" "a space"
	jilu record set "$r" notified_at=now >/dev/null || fail "set now"
	expect_eq 2026-11-27T16:00:00 "$(data "$r" '$.notified_at')" "now"

	c=$(jilu action open 强制)
	r=$(jilu record new "$c" compulsory.reminder amount=5000 rights_told=是)
	expect_eq 5000 "$(data "$r" '$.amount')" "money"
	expect_eq integer "$(sqlite3 "$JILU_DB" "SELECT json_type(data, '\$.amount') FROM records WHERE id = $r")" "a number"
	local rem=$r
	r=$(jilu record new "$c" service.receipt serves="$rem" signatures=party:赵丽,officer:zhang，officer:li/refused)
	expect_eq "$rem" "$(data "$r" '$.serves')" "record id"
	expect_eq integer "$(sqlite3 "$JILU_DB" "SELECT json_type(data, '\$.serves') FROM records WHERE id = $r")" "an id"
	expect_eq '[{"name":"赵丽","role":"party","status":"signed"},{"id":"zhang","name":"张三","role":"officer","status":"signed"},{"id":"li","name":"李四","role":"officer","status":"refused"}]' \
		"$(data "$r" '$.signatures')" "signatures"

	l=$(jilu action open 许可)
	r=$(jilu record new "$l" licensing.acceptance missing_items=营业执照复印件,平面布局图)
	expect_eq '["营业执照复印件","平面布局图"]' "$(data "$r" '$.missing_items')" "list"

	r=$(jilu record new "$(jilu action open 检查)" inspection.onsite officers=zhang+,li- av=video result=未发现问题)
	expect_eq '[{"cert":"13001","id":"zhang","name":"张三","shown":true},{"cert":"13002","id":"li","name":"李四","shown":false}]' \
		"$(data "$r" '$.officers')" "officers"
	expect_eq '{"mode":"video"}' "$(data "$r" '$.av')" "av"
	# := still means JSON.
	jilu record set "$r" 'av:={"mode":"audio"}' >/dev/null || fail "json"
	expect_eq '{"mode":"audio"}' "$(data "$r" '$.av')" "av as JSON"
}

test_typed_value_errors_show_an_example_and_the_json_form() {
	setup_store
	export JILU_NOW=2026-11-27T16:00
	local c i n
	c=$(jilu action open compulsory)
	n=$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")
	expect_exit 2 jilu record new "$c" compulsory.reminder amount=五千
	expect_in "amount: 应为金额" "$ERR"
	expect_in "例如 amount=5000，或 amount:=5000" "$ERR"
	expect_exit 2 jilu record new "$c" compulsory.reminder rights_told=也许
	expect_in "应为 是 或 否，例如 rights_told=是，或 rights_told:=true" "$ERR"
	expect_exit 2 jilu --lang en record new "$c" compulsory.reminder rights_told=maybe
	expect_in "e.g. rights_told=是, or rights_told:=true" "$ERR"
	expect_exit 2 jilu record new "$c" service.receipt serves=seven
	expect_in "serves: 应为记录编号" "$ERR"
	i=$(jilu action open inspection)
	expect_exit 2 jilu record new "$i" inspection.onsite officers=zhang+,wang+
	expect_in "执法人员名册中没有 wang" "$ERR"
	expect_exit 2 jilu record new "$i" inspection.onsite officers=zhang
	expect_in "+（已出示证件）" "$ERR"
	expect_exit 2 jilu record new "$i" inspection.onsite signatures=赵丽
	expect_in "角色:姓名" "$ERR"
	expect_exit 2 jilu record new "$i" inspection.onsite party=某超市
	expect_in "party:=" "$ERR"
	expect_exit 2 jilu record new "$i" inspection.onsite started_at=today
	expect_in "today 15:00" "$ERR"
	expect_eq "$n" "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records")" "nothing stored"
}

test_kinds_in_chinese_and_options_anywhere() {
	setup_store
	unset JILU_OFFICER
	local a
	a=$(jilu action open 检查 --as zhang --title 日常检查) || fail "open"
	expect_eq inspection "$(sqlite3 "$JILU_DB" "SELECT kind FROM actions WHERE id = $a")" "kind"
	a=$(jilu action open 行政处罚 --as zhang) || fail "open 行政处罚"
	expect_eq penalty "$(sqlite3 "$JILU_DB" "SELECT kind FROM actions WHERE id = $a")" "kind"
	expect_exit 0 jilu action list --kind 处罚 --lang en
	expect_in "penalty" "$OUT"
	expect_not_in "inspection" "$OUT"
	expect_exit 0 jilu action list --db "$JILU_DB"
	expect_exit 2 jilu action list --lang en --lang zh
	expect_exit 2 jilu action open 稽查 --as zhang
}

# --- item 12: finding and seeing ----------------------------------------

test_record_list_of_an_action_with_headers_and_json() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a d f
	a=$(jilu action open inspection --title 日常检查)
	d=$(jilu record new "$a" inspection.onsite place=某超市)
	f=$(inspection_ok "$a")
	expect_exit 0 jilu record list "$a"
	expect_eq "编号" "$(printf '%s\n' "$OUT" | head -1 | awk '{print $1}')" "header"
	expect_eq 3 "$(printf '%s\n' "$OUT" | wc -l)" "header and two rows"
	expect_in "现场笔录" "$OUT"
	expect_in "草稿" "$OUT"
	expect_exit 0 jilu record list "$a" --json
	expect_eq "$d|draft;$f|final" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
print(";".join("%d|%s" % (r["id"], r["state"]) for r in json.load(sys.stdin)))')" "json"
	expect_exit 2 jilu record list
	expect_exit 2 jilu record list 99
	expect_in "没有执法活动 99" "$ERR"
}

test_action_list_has_headers_and_json() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection --title 日常检查)
	jilu action close "$a" --force --reason 测试 >/dev/null || fail "close"
	expect_exit 0 jilu action list
	expect_in "编号" "$(printf '%s\n' "$OUT" | head -1)"
	expect_in "名称" "$(printf '%s\n' "$OUT" | head -1)"
	expect_exit 0 jilu --lang en action list
	expect_in "title" "$(printf '%s\n' "$OUT" | head -1)"
	expect_exit 0 jilu action list --json
	expect_eq "$a|inspection|日常检查|测试" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
print(";".join("%d|%s|%s|%s" % (r["id"], r["kind"], r["title"], r["close_reason"]) for r in json.load(sys.stdin)))')" "json"
}

test_deadlines_name_each_action_by_title_and_party() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a
	a=$(jilu action open inspection --title 日常检查)
	inspection_ok "$a" >/dev/null || fail "inspection"
	expect_exit 0 jilu deadlines
	expect_in "执法活动 $a「日常检查」 昌黎县某超市有限公司 记录" "$OUT"
}

# --- item 13: a Debian tool ---------------------------------------------

test_help_command() {
	expect_exit 0 jilu help
	expect_in "usage: jilu" "$OUT"
	expect_exit 0 jilu help record new
	expect_in "usage: jilu record new ACTION FORM" "$OUT"
	expect_exit 0 jilu help record
	expect_in "jilu record discard RECORD" "$OUT"
	expect_exit 0 jilu help check
	expect_in "usage: jilu check ACTION" "$OUT"
	expect_exit 0 jilu help init
	expect_in "init [--device ID]" "$OUT"
	expect_exit 2 jilu help nosuch
	expect_in "没有这个命令" "$ERR"
}

test_config_file_gives_store_officer_and_language() {
	setup_store
	local a db=$JILU_DB
	unset JILU_DB JILU_OFFICER
	export XDG_CONFIG_HOME=$PWD/cfg
	mkdir -p cfg/jilu
	printf '# this device\nstore = %s\nofficer = li\nlanguage = en\n' "$db" >cfg/jilu/config
	a=$(jilu action open inspection --title 配置) || fail "open with the config's store and officer"
	expect_eq li "$(sqlite3 "$db" "SELECT opened_by FROM actions WHERE id = $a")" "officer from config"
	expect_exit 2 jilu action close
	expect_in "one ACTION id is required" "$ERR"
	# The environment and the options are stronger.
	JILU_LANG=zh expect_exit 2 jilu action close
	expect_in "须给出一个执法活动编号" "$ERR"
	a=$(jilu --as zhang action open inspection) || fail "open as zhang"
	expect_eq zhang "$(sqlite3 "$db" "SELECT opened_by FROM actions WHERE id = $a")" "--as wins"
	# A wrong line says where.
	printf 'store = %s\ncolour = red\n' "$db" >cfg/jilu/config
	expect_exit 2 jilu action list
	expect_in "cfg/jilu/config:2: colour" "$ERR"
	printf 'language = fr\n' >cfg/jilu/config
	expect_exit 2 jilu action list
	expect_in "config:1: language" "$ERR"
	printf 'officer\n' >cfg/jilu/config
	expect_exit 2 jilu action list
	expect_in "config:1" "$ERR"
}

CMDLINE_TREE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

test_make_install_puts_the_man_page_and_completion() {
	# The binary under test may be another build (make asan): install copies
	# the tree's ./jilu, so give it one.
	[ -x "$CMDLINE_TREE/jilu" ] || { echo "    (no $CMDLINE_TREE/jilu: skipped)"; return; }
	make -s -C "$CMDLINE_TREE" -o jilu install DESTDIR="$PWD/root" PREFIX=/usr >/dev/null 2>&1 ||
		fail "make install"
	[ -f root/usr/share/man/man1/jilu.1 ] || fail "no man page installed"
	[ -f root/usr/share/bash-completion/completions/jilu ] || fail "no completion installed"
	[ -x root/usr/bin/jilu ] || fail "no binary installed"
	# The page renders without a warning, and names every command.
	local page
	page=$(groff -k -man -Tutf8 -P -cbou -ww -rLL=200n root/usr/share/man/man1/jilu.1 2>warnings | tr -s ' ') ||
		fail "groff"
	expect_eq "" "$(cat warnings)" "groff warnings"
	for cmd in init officer "action open" "action close" "record new" "record discard" "record list" \
		   media check deadlines export verify forms help; do
		expect_in "$cmd" "$page"
	done
}

# Completes the line "$@" (the last word is the one being completed).
complete_line() {
	COMP_WORDS=(jilu "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_jilu
	printf '%s\n' "${COMPREPLY[@]}"
}

test_bash_completion_of_commands_forms_and_fields() {
	jilu() { "$JILU" "$@"; }
	compopt() { :; }
	# shellcheck source=/dev/null
	source "$CMDLINE_TREE/doc/jilu.bash-completion"
	expect_in "record" "$(complete_line rec)"
	expect_in "deadlines" "$(complete_line --lang en dead)"
	expect_in "discard" "$(complete_line record di)"
	expect_in "inspection.onsite" "$(complete_line record new 1 insp)"
	expect_in "inspection.onsite" "$(complete_line forms show insp)"
	local f
	f=$(complete_line record new 1 inspection.onsite sta)
	expect_eq "started_at= statement=" "$(echo $f)" "fields"
	f=$(complete_line record new 1 inspection.onsite place=x sig)
	expect_eq "signatures=" "$f" "field after another"
	expect_in "检查" "$(complete_line action open 检)"
	# A record's form comes from the store.
	setup_store
	local a r
	a=$("$JILU" action open inspection)
	r=$("$JILU" record new "$a" inspection.onsite place=x)
	expect_eq "ended_at=" "$(complete_line record set "$r" end)" "field of the record's form"
}

# The README's walk-through, copy-pasted: its first line is run where the
# program is (here a directory holding only jilu, as the source tree holds
# ./jilu), the rest wherever mktemp puts it. Every line must succeed, and
# nothing may be written beside the program.
test_readme_walkthrough_runs_copy_pasted() {
	local walk
	walk=$(awk '/^## A walk/{f=1} f&&/^```sh/{g=1;next} g&&/^```/{exit} g' "$CMDLINE_TREE/README.md")
	[ -n "$walk" ] || { fail "no walk-through in the README"; return; }
	mkdir -p prog tmp
	ln -s "$JILU" prog/jilu
	unset JILU_DB JILU_OFFICER
	expect_exit 0 env -C prog TMPDIR="$PWD/tmp" HOME="$PWD/home" JILU_FORMS="$CMDLINE_TREE/forms" \
		bash -e -o pipefail -c "$walk"
	expect_in "R19.1" "$OUT"
	expect_in "均相符" "$OUT"
	expect_eq "jilu" "$(ls -A prog)" "files beside the program"
	[ -f tmp/*/field.db ] || fail "the store is not in the temporary directory"
}

test_json_on_every_list() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a r
	a=$(jilu action open inspection)
	r=$(jilu record new "$a" inspection.onsite place=x)
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip' >v.mp4
	jilu media add "$r" v.mp4 --captured-at 2026-11-02T09:10 >/dev/null || fail "media add"
	local cmd
	for cmd in "officer list" "action list" "record list $a" "media list $r" "forms list"; do
		# shellcheck disable=SC2086
		expect_exit 0 jilu $cmd --json
		printf '%s' "$OUT" | python3 -c 'import json,sys; v=json.load(sys.stdin); assert isinstance(v, list) and v' ||
			fail "$cmd --json is not a non-empty JSON array"
	done
	expect_exit 0 jilu officer list
	expect_in "执法证号" "$(printf '%s\n' "$OUT" | head -1)"
	expect_exit 0 jilu media list "$r"
	expect_in "文件名" "$(printf '%s\n' "$OUT" | head -1)"
	expect_exit 2 jilu officer list --json --json
}

test_status_says_where_things_stand() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a b
	a=$(jilu action open inspection --title 日常检查)
	inspection_ok "$a" >/dev/null || fail "inspection"
	b=$(jilu action open penalty --title 已结束)
	jilu action close "$b" --force --reason 测试 >/dev/null || fail "close"
	expect_exit 0 jilu status
	expect_in "数据库：    $JILU_DB" "$OUT"
	expect_in "设备：      T01" "$OUT"
	expect_in "执法人员：  zhang" "$OUT"
	expect_in "进行中的执法活动：1" "$OUT"
	expect_in "$a  行政检查  日常检查" "$OUT"
	expect_not_in "已结束" "$OUT"
	expect_in "未完成的期限：3（已逾期 0）" "$OUT"
	expect_in "上次同步：从未（待同步的存证链条目" "$OUT"
	export JILU_NOW=2026-12-09T10:30
	expect_exit 0 jilu status --json
	expect_eq "T01|zhang|1|3|3|None" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
o = json.load(sys.stdin)
print("|".join(str(o[k]) for k in ("device", "officer", "open_actions", "open_deadlines", "overdue_deadlines", "last_verify")))')" "json"
	expect_exit 2 jilu status extra
}

# On a terminal (script(1) gives one), a write says what it stored and what
# check still wants; piped, the id stays alone.
test_after_a_write_on_a_terminal_one_line_of_what_check_wants() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a out
	a=$(jilu action open inspection --title 日常检查)
	out=$(script -qec "$JILU record new $a inspection.onsite place=某超市" /dev/null)
	expect_in "已保存：记录 1《现场笔录》，草稿；执法活动 $a 按《办法》仍有" "$out"
	expect_in "（jilu check $a）" "$out"
	out=$(script -qec "$JILU --lang en record set 1 place=某超市二楼" /dev/null)
	expect_in "stored: record 1 (On-site inspection record), a draft; check still wants" "$out"
	# Not a terminal: the id alone, nothing on stderr.
	expect_exit 0 jilu record new "$a" inspection.onsite place=x
	expect_eq 2 "$OUT" "id alone"
	expect_eq "" "$ERR" "nothing else"
}

test_forms_show_is_an_officers_guide() {
	expect_exit 0 jilu forms show service.receipt
	# Each field's help, an example typed as officers type it.
	expect_in "由他人代为签收时填写" "$OUT"
	expect_in "例如 served_at=\"2026-11-27 15:00\"" "$OUT"
	# Conditions in words, not SQL.
	expect_in "必填，当 送达方式为邮寄送达" "$OUT"
	expect_in "必填，当 送达方式为直接送达、留置送达、委托送达或转交送达" "$OUT"
	expect_not_in "\$method" "$OUT"
	# Who signs a service receipt, by how it was served (signers with when).
	expect_in "受送达人（或代收人）签名或盖章（直接送达时）" "$OUT"
	expect_in "见证人签名（留置送达时）" "$OUT"
	expect_not_in "service_method" "$OUT"
	# An example command.
	expect_in "jilu record new ACTION service.receipt serves=7" "$OUT"
	# A condition that is not a plain comparison says what its describe says.
	expect_exit 0 jilu forms show penalty.decision
	expect_in "当 处罚种类含罚款" "$OUT"
	expect_not_in "json_each" "$OUT"
	expect_exit 0 jilu --lang en forms show penalty.rights_notice
	expect_in "when a hearing applies and the rights told are filled in, they include the right to request a hearing" "$OUT"
	expect_not_in "IS NOT NULL" "$OUT"
	# The signature roles an inspection needs.
	expect_exit 0 jilu forms show inspection.onsite
	expect_in "两名执法人员签名" "$OUT"
	expect_in "officers=zhang+,li+" "$OUT"
}

# A describe of the wrong shape is a problem of the definition.
test_forms_check_refuses_a_malformed_describe() {
	mkdir f
	cp "$CMDLINE_TREE"/forms/*.json f/
	sed -i 's/"describe": {"zh": "处罚种类含罚款", "en": "the penalties include a fine"}/"describe": "罚款"/' \
		f/penalty.decision.json
	expect_exit 2 jilu forms check f
	expect_in "penalty.decision.json" "$ERR$OUT"
	expect_in "describe" "$ERR$OUT"
}

test_media_captured_at_typed_as_any_datetime() {
	setup_store
	export JILU_NOW=2026-11-02T10:30
	local a r
	a=$(jilu action open inspection)
	r=$(jilu record new "$a" inspection.onsite place=x)
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip' >v.mp4
	expect_exit 0 jilu media add "$r" v.mp4 --captured-at "2026/11/02 09:10"
	expect_eq 2026-11-02T09:10 "$(sqlite3 "$JILU_DB" "SELECT captured_at FROM media")" "canonical"
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00clip2' >w.mp4
	expect_exit 2 jilu media add "$r" w.mp4 --captured-at today
	expect_in "today 15:00" "$ERR"
}
