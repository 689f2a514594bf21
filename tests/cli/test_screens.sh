# tests/cli/test_screens.sh — the screens, driven through tmux at 80×24 with
# Chinese text: keys in (send-keys), the real screen out (capture-pane),
# the real binary on a real store. Every wait polls the screen with a
# timeout; no test rests on a fixed sleep alone.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

test_screens_inspection_filled_and_finalised_with_keys_alone() {
	setup_store
	JILU_NOW=2026-11-26T10:40 tui_start -- --as zhang
	tui_wait "没有执法活动" || return
	# A new action: n, the kind, the title.
	tui_keys n; tui_wait "类别："; tui_keys Enter
	tui_wait "$EDITING"; tui_type "惠民超市日常检查"; tui_keys Enter
	# The checklist names the missing record; Enter opens its form.
	tui_wait "R18.1 缺少已定稿的《现场笔录》" || return
	tui_keys Enter; tui_wait "《现场笔录》  记录 1 · 草稿" || return
	tui_keys Enter; tui_wait "$EDITING"; tui_type "2026-11-26T09:30"; tui_keys Tab
	tui_wait "检查开始时间           2026-11-26T09:30"
	# t: now, as the inspection ends.
	tui_keys Down t; tui_wait "检查结束时间           2026-11-26T10:40"
	tui_keys Down Enter; tui_wait "$EDITING"; tui_type "惠民超市"; tui_keys Enter
	tui_wait "已保存：检查地点"
	# Officers from the roster, each certificate shown.
	tui_keys Down Enter; tui_wait "从名册添加"; tui_keys a
	tui_wait "勾选在场"; tui_keys Space Down Space Enter
	tui_wait "李四  执法证号 13002  出示执法证：否"; tui_keys Space Down Space
	tui_wait "张三  执法证号 13001  出示执法证：是"; tui_keys q
	tui_wait "已保存：检查人员"
	# The party, its USCC judged while typed.
	tui_keys Down Enter; tui_wait "证件号码"; tui_keys Enter; tui_wait "$EDITING"
	tui_type "昌黎县惠民超市有限公司"; tui_keys Enter
	tui_wait "昌黎县惠民超市有限公司"; tui_keys Down Enter; tui_wait "居民身份证"; tui_keys Enter
	tui_wait "统一社会信用代码"; tui_keys Down Enter; tui_wait "$EDITING"
	tui_type "91350100M000100Y4"; tui_wait "应为18位"
	tui_type "4"; tui_wait "校验位错误，应为 3"
	tui_keys BSpace; tui_type "3"; tui_wait "✓ 校验位正确"; tui_keys Enter
	tui_wait "91350100M000100Y43"; tui_keys q
	tui_wait "已保存：检查对象"
	# The situation, on two lines.
	tui_keys Down Down Down; tui_wait ">*现场情况"; tui_keys Enter; tui_wait "$EDITING"
	tui_type "冷藏柜温度 3℃"; tui_keys Enter; tui_type "标签齐全"; tui_keys Tab
	tui_wait "已保存：现场情况"
	tui_keys Down Down; tui_wait ">*检查结果"; tui_keys Enter; tui_wait "未发现问题"; tui_keys Enter
	tui_wait "检查结果               未发现问题"
	tui_keys Down; tui_wait ">*音像记录"; tui_keys Enter; tui_wait "无音像记录"; tui_keys Enter
	tui_wait "已保存：音像记录"
	# Signatures: the party and both officers.
	tui_keys Down Enter; tui_wait "添加签名人"
	# Every role core accepts is offered, the applicant of a licensing
	# matter too (one list: core/shape_object.c).
	tui_keys a; tui_wait "签名人身份"; tui_wait "申请人"
	tui_keys Enter; tui_wait "$EDITING"; tui_type "赵丽"; tui_keys Enter
	tui_wait "签名情况"; tui_keys Enter; tui_wait "赵丽  签名"
	# An officer signer is picked from the roster (李四, then 张三), never typed.
	tui_keys a; tui_wait "签名人身份"; tui_keys Down Down Down Enter; tui_wait "签名的执法人员"
	tui_wait "张三  执法证号 13001"; tui_keys Down Enter; tui_wait "签名情况"; tui_keys Enter; tui_wait "张三  签名"
	tui_keys a; tui_wait "签名人身份"; tui_keys Down Down Down Enter; tui_wait "签名的执法人员"
	tui_wait "李四  执法证号 13002"; tui_keys Enter; tui_wait "签名情况"; tui_keys Enter; tui_wait "李四  签名"
	tui_keys q; tui_wait "已保存：签名"
	tui_keys F; tui_wait "已定稿：记录 1" || return
	tui_wait "记录 1 · 定稿（只读）"
	tui_stop
	expect_exit 0 jilu record show 1
	expect_in "定稿" "$OUT"
	expect_in "昌黎县惠民超市有限公司" "$OUT"
	expect_in "冷藏柜温度 3℃" "$OUT"
	expect_in "标签齐全" "$OUT"
	expect_eq "惠民超市" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=1")" place
	expect_eq final "$(sql "SELECT state FROM records WHERE id=1")" state
	expect_eq "13002:1 13001:1" "$(sql "SELECT group_concat(json_extract(value,'\$.cert')||':'||json_extract(value,'\$.shown'),' ') FROM records, json_each(records.data,'\$.officers') WHERE records.id=1")" officers
}

test_screens_refusal_shows_its_article_and_enter_jumps_to_the_field() {
	setup_store
	draft_inspection started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 place=超市 \
		'officers:=[{"name":"张三","cert":"13001","shown":true}]' "party:=$PARTY_CO" \
		situation=正常 result=no_issue "av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION"
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间" || return
	tui_keys F
	tui_wait "未能定稿" || return
	tui_wait "R18.1 第十八条: officers: 至少2名执法人员（现有 1 名）"
	tui_keys Enter
	# Back on the form, on the field refused, marked.
	tui_wait ">!检查人员" || return
	expect_eq draft "$(sql "SELECT state FROM records WHERE id=$R")" state
	tui_stop
}

test_screens_condition_hides_and_shows_a_field() {
	setup_store
	draft_inspection result=no_issue
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait "检查结果               未发现问题" || return
	expect_not_in "检查结果说明" "$(tui_screen)"
	tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab; tui_wait ">*检查结果"
	tui_keys Enter; tui_wait "移送处理"; tui_keys Down Enter
	# issues_found: the details are wanted now.
	tui_wait "*检查结果说明" || return
	tui_keys Enter; tui_wait "移送处理"; tui_keys Up Enter
	tui_wait "检查结果               未发现问题"
	local t=0
	while [ $t -lt 100 ]; do
		case "$(tui_screen)" in *检查结果说明*) sleep 0.05; t=$((t + 1)) ;; *) break ;; esac
	done
	expect_not_in "检查结果说明" "$(tui_screen)"
	tui_stop
}

# Opens the editor of the place field of a fresh draft.
open_place_editor() {
	setup_store
	draft_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return 1
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间" || return 1
	tui_keys Down Down; tui_wait ">*检查地点"; tui_keys Enter
	tui_wait "$EDITING" || return 1
}

test_screens_chinese_insert_in_the_middle_and_backspace_over_wide_characters() {
	open_place_editor || return
	tui_type "中文"
	tui_keys Left; tui_type "间"
	tui_wait "  中间文" || return
	# Backspace over a wide character takes the whole character.
	tui_keys End BSpace; tui_wait_line "  中间"
	tui_keys Home; tui_type "甲a"
	tui_wait "  甲a中间" || return
	tui_keys Right BSpace; tui_wait "  甲a间"
	tui_keys Tab; tui_wait "已保存：检查地点"
	expect_eq "甲a间" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=$R")" place
	tui_stop
}

test_screens_a_long_line_wraps_by_display_width() {
	open_place_editor || return
	# 40 wide characters and one more: 82 columns, wider than the 76 of the editor.
	local line="" i
	for i in $(seq 1 41); do line="${line}检"; done
	tui_type "$line"
	# The first row holds 38 characters (76 columns); the rest wrap.
	local first="" rest="检检检"
	for i in $(seq 1 38); do first="${first}检"; done
	tui_wait "  $first" || return
	tui_wait "  $rest" || return
	tui_keys Tab; tui_wait "已保存：检查地点"
	expect_eq "$line" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=$R")" place
	tui_stop
}

test_screens_a_2000_character_transcript_arrives_whole() {
	setup_store
	draft_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间" || return
	tui_keys Tab Tab Tab Tab Tab Tab Tab; tui_wait ">*现场情况"; tui_keys Enter
	tui_wait "$EDITING" || return
	local text="" i
	for i in $(seq 1 200); do text="${text}问：到场情况如何？答"; done
	text="${text}完"
	tui_type "$text"
	tui_wait "答完" 30 || return
	tui_keys Tab; tui_wait "已保存：现场情况" 20 || return
	expect_eq 2001 "$(sql "SELECT length(json_extract(data,'\$.situation')) FROM records WHERE id=$R")" length
	expect_eq "$text" "$(sql "SELECT json_extract(data,'\$.situation') FROM records WHERE id=$R")" text
	tui_stop
}

test_screens_record_field_chosen_from_a_list() {
	setup_store
	local a o
	a=$(jilu action open inspection --title 整改复查)
	o=$(jilu record new "$a" correction.order issued_at=2026-11-05T10:30 violation=销售过期食品 \
		requirement=下架 deadline=2026-11-15 "officers:=$OFFICERS2" "av:=$AV_VIDEO" --finalize)
	R=$(jilu record new "$a" correction.review)
	tui_start -- --as zhang
	tui_wait "整改复查" || return
	tui_keys Enter; tui_wait "整改复查记录  草稿"
	tui_keys Down; tui_keys Enter 2>/dev/null
	tui_wait ">*" || return
	tui_keys Enter
	tui_wait "记录 $o  责令改正" || return
	tui_keys Enter
	tui_wait "已保存" || return
	expect_eq "$o" "$(sql "SELECT json_extract(data,'\$.order') FROM records WHERE id=$R")" order
	tui_stop
}

test_screens_resize_to_60x20_and_back_keeps_typed_text() {
	open_place_editor || return
	tui_type "张三李四检查"
	tui_wait "  张三李四检查" || return
	tui resize-window -x 60 -y 20
	tui_wait "terminal too small" || return
	tui_type "王"   # keys while too small change nothing
	# The notice counts it: the key was read while too small, before the
	# terminal grows again (else it could reach the field after the resize).
	tui_wait "已忽略 1 次按键" || return
	tui resize-window -x 80 -y 24
	tui_wait "  张三李四检查" || return
	tui_wait "$EDITING"
	tui_keys Tab; tui_wait "已保存：检查地点"
	expect_eq "张三李四检查" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=$R")" place
	tui_stop
}

test_screens_lang_en_switches_the_labels() {
	setup_store
	draft_inspection
	tui_start -- --lang en --as zhang
	tui_wait "Open actions" || return
	expect_in "Officer: 张三 (13001)" "$(tui_screen)"
	expect_in "new action" "$(tui_screen)"
	tui_keys Enter; tui_wait "On-site inspection record  draft"
	tui_keys Enter; tui_wait "Started at" || return
	expect_in "finalise" "$(tui_screen)"
	tui_stop
	TUI_ENV="JILU_LANG=en" tui_start -- --as zhang
	tui_wait "Open actions" || return
	tui_stop
}

# Starts the screens, checks the alternate screen is on, sends SIG, and
# checks the terminal was given back.
signal_restores() {
	setup_store
	tui_start -- --as zhang
	tui_wait "没有执法活动" || return
	expect_eq 1 "$(tui display -p '#{alternate_on}')" "alternate screen while running"
	kill -"$1" "$(tui_pid)"
	tui_wait_dead || return
	expect_eq 0 "$(tui display -p '#{alternate_on}')" "alternate screen after SIG$1"
	expect_eq $((128 + $2)) "$TUI_EXIT" "died of SIG$1 (128 + $2)"
	tui_stop
}

test_screens_sigterm_restores_the_terminal() { signal_restores TERM 15; }
test_screens_sighup_restores_the_terminal() { signal_restores HUP 1; }

test_screens_q_restores_the_terminal() {
	setup_store
	tui_start -- --as zhang
	tui_wait "没有执法活动" || return
	tui_keys q
	tui_wait_dead || return
	expect_eq 0 "$(tui display -p '#{alternate_on}')" "alternate screen after q"
	expect_eq 0 "$TUI_EXIT" "exit status"
	tui_stop
}

test_screens_escape_sequences_in_a_stored_value_are_shown_harmlessly() {
	setup_store
	draft_inspection
	# Written behind jilu's back (a tampered or synced store): an escape that
	# would clear the screen, a title change and a right-to-left override.
	sql "DROP TRIGGER actions_opened_kept; UPDATE actions SET title = '惠民' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || '超市' || char(8238) || 'abc' WHERE id = $A"
	tui_start -- --as zhang
	tui_wait '惠民\x1b[2J\x1b]0;pwned' || return
	tui_keys Enter
	tui_wait '惠民\x1b[2J\x1b]0;pwned\x07超市<U+202E>abc · 开启于' || return
	# The screen was not cleared: the header and the key bar are still there.
	expect_in "执法人员：张三" "$(tui_screen)"
	expect_in "新建记录" "$(tui_screen)"
	expect_not_in "pwned" "$(tui display -p '#{pane_title}')"
	tui_stop
}

test_screens_empty_store_leads_through_init_and_the_first_officer() {
	tui_start -- 
	tui_wait "还没有数据库" || return
	tui_keys y
	tui_wait "本设备编号" || return
	tui_keys C-u; tui_type "CL-T09"; tui_keys Enter
	tui_wait "名册中还没有执法人员" || return
	tui_keys Enter
	tui_wait "登录编号"; tui_type "zhao"; tui_keys Enter
	tui_wait "姓名"; tui_type "赵六"; tui_keys Enter
	tui_wait "执法证号"; tui_type "13009"; tui_keys Enter
	tui_wait "赵六  执法证号 13009" || return
	tui_keys Enter
	tui_wait "执法人员：赵六 (13009)" || return
	tui_wait "没有执法活动"
	tui_stop
	expect_exit 0 jilu officer list
	expect_in "赵六" "$OUT"
	expect_eq CL-T09 "$(sql "SELECT value FROM meta WHERE key='device'")" device
}

test_screens_acting_officer_picked_from_the_roster() {
	setup_store
	unset JILU_OFFICER
	tui_start --
	tui_wait "请选择您的身份" || return
	tui_wait "李四  执法证号 13002"
	tui_keys Enter
	tui_wait "执法人员：李四 (13002)" || return
	tui_stop
}

test_screens_overdue_marked_in_monochrome() {
	setup_store
	local a row
	a=$(jilu action open inspection --title 逾期整改)
	jilu record new "$a" correction.order issued_at=2026-11-05T10:30 violation=销售过期食品 \
		requirement=下架 deadline=2026-11-15 "officers:=$OFFICERS2" "av:=$AV_VIDEO" --finalize >/dev/null
	jilu action open inspection --title 按期检查 >/dev/null
	jilu action open inspection --title 最新检查 >/dev/null
	TUI_TERM=vt100 TUI_ENV="NO_COLOR=1" tui_start -- --as zhang
	# The nearest: the promised video, due 24 h after the order was issued (R19.2).
	tui_wait "逾期 11-06 10:30" || return
	# The cursor is on the newest row; the overdue one, two rows down, is in
	# reverse video (tmux gives each line the change from the line before:
	# plain to bold and reverse) and the plain row between is reset.
	row=$(tui capture-pane -e -p | grep -F "逾期整改")
	case "$row" in $'\e[1;7m'*|$'\e[7;1m'*) ;; *) fail "overdue row not in reverse: $(printf %q "$row")" ;; esac
	row=$(tui capture-pane -e -p | grep -F "按期检查")
	case "$row" in *'7m'*) fail "a row on time is marked: $(printf %q "$row")" ;; esac
	tui_stop
}

test_screens_deadlines_and_verify_are_one_key_from_home() {
	setup_store
	local a
	a=$(jilu action open inspection --title 逾期整改)
	jilu record new "$a" correction.order issued_at=2026-11-05T10:30 violation=销售过期食品 \
		requirement=下架 deadline=2026-11-15 "officers:=$OFFICERS2" "av:=$AV_VIDEO" --finalize >/dev/null
	tui_start -- --as zhang
	tui_wait "逾期整改" || return
	tui_keys d; tui_wait "逾期 11-15 24:00  活动 $a 责令改正" || return
	tui_keys q; tui_wait "未结的执法活动"
	tui_keys v; tui_wait "核验通过" || return
	tui_stop
	# Noted for `jilu status`, as a verify on the command line is.
	expect_exit 0 jilu status
	expect_in "，存证链完好（" "$OUT"
	# A changed final record: verify on screen says so.
	sql "DROP TRIGGER records_final_kept; UPDATE records SET data = json_set(data, '\$.violation', '改过') WHERE id = 1"
	tui_start -- --as zhang
	tui_wait "逾期整改" || return
	tui_keys v; tui_wait "核验发现问题" || return
	# Every fault in words, on a screen of its own.
	tui_wait "与定稿时的内容不一致" || return
	tui_wait "账本记录" || return
	tui_stop
}

test_screens_search_finds_a_party_by_chinese_substring() {
	setup_store
	draft_inspection "party:=$PARTY_CO"
	jilu action open inspection --title 另一检查 >/dev/null
	tui_start -- --as zhang
	tui_wait "另一检查" || return
	tui_keys /; tui_wait "$EDITING"; tui_type "某超市"; tui_keys Enter
	tui_wait "搜索：某超市" || return
	tui_wait "惠民超市日常检查"
	expect_not_in "另一检查" "$(tui_screen)"
	tui_stop
}

test_screens_no_command_off_a_terminal_prints_the_usage() {
	expect_exit 2 jilu </dev/null
	expect_in "usage: jilu" "$ERR"
}

test_screens_sigsegv_restores_the_terminal_then_dies_of_it() { signal_restores SEGV 11; }

test_screens_help_lists_the_keys_of_the_screen_from_the_table() {
	setup_store
	tui_start -- --as zhang
	tui_wait "没有执法活动" || return
	tui_keys '?'
	tui_wait "本屏幕的按键" || return
	tui_wait "n             新建执法活动"
	# The other screens' keys follow, a little further down.
	tui_keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
	tui_wait "其他屏幕的按键"
	tui_keys q; tui_wait "未结的执法活动"
	tui_stop
}


test_screens_new_record_prefilled_with_party_place_and_officers_to_confirm() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"
	tui_keys n; tui_wait "表单："
	tui_wait ">现场笔录"; tui_keys Enter
	tui_wait "已带入当事人、地点与执法人员" || return
	tui_wait "检查地点               惠民超市"
	tui_stop
	local r2=$((R + 1))
	expect_eq "昌黎县某超市有限公司" "$(sql "SELECT json_extract(data,'\$.party.name') FROM records WHERE id=$r2")" party
	expect_eq "惠民超市" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=$r2")" place
	# The officers come again, each to confirm the certificate was shown.
	expect_eq "13001:0 13002:0" "$(sql "SELECT group_concat(json_extract(value,'\$.cert')||':'||json_extract(value,'\$.shown'),' ') FROM records, json_each(records.data,'\$.officers') WHERE records.id=$r2")" officers
}

test_screens_final_record_is_read_only_and_amend_asks_the_reason_first() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"; tui_keys Enter
	tui_wait "定稿（只读）" || return
	# Enter shows the whole value, read-only.
	tui_keys Down Down Enter
	tui_wait "定稿记录只读；按 a 更正" || return
	tui_wait_line ">惠民超市"
	tui_keys q; tui_wait ">*检查地点"
	tui_keys a; tui_wait "更正原因" || return
	tui_type "地点笔误"; tui_keys Enter
	tui_wait "更正中" || return
	tui_keys Enter; tui_wait "$EDITING"; tui_keys C-u; tui_type "惠民超市（民生街店）"; tui_keys Enter
	tui_wait "检查地点               惠民超市（民生街店）"
	tui_keys F
	tui_wait "已定稿：记录 $((R + 1))" || return
	tui_stop
	expect_eq "$R|地点笔误|惠民超市（民生街店）|final" \
		"$(sql "SELECT amends||'|'||reason||'|'||json_extract(data,'\$.place')||'|'||state FROM records WHERE id=$((R + 1))")" amendment
	expect_eq "惠民超市" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=$R")" "the original"
}

test_screens_media_attached_from_a_directory_several_at_once() {
	setup_store
	final_inspection
	mkdir cam
	local f
	for f in cam/0930.mp4 cam/0935.mp4; do
		printf '\0\0\0\x18ftypmp42\0\0\0\0mp42isom' >"$f"
		head -c 65536 /dev/urandom >>"$f"
	done
	echo note >cam/readme.txt
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait ">$R    现场笔录"
	tui_keys m; tui_wait "音像文件所在目录" || return
	tui_keys C-u; tui_type "$TEST_DIR/cam"; tui_keys Enter
	tui_wait "0930.mp4" || return
	tui_keys Space Down Space Enter
	tui_wait "已添加 2 个文件" || return
	tui_wait "音像 2"
	tui_stop
	expect_exit 0 jilu media list "$R"
	expect_in "0930.mp4" "$OUT"
	expect_in "0935.mp4" "$OUT"
	expect_not_in "readme.txt" "$OUT"
}

test_screens_export_writes_the_case_file() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"
	tui_keys e; tui_wait "导出案卷到文件" || return
	tui_keys C-u; tui_type "$TEST_DIR/case.txt"; tui_keys Enter
	tui_wait "案卷已导出" || return
	tui_stop
	[ -s case.txt ] || fail "no case file"
	expect_in "惠民超市日常检查" "$(cat case.txt)"
	# Each export is an access entry (R22.2), so the store's count in the
	# verify line grows by one between the two.
	expect_eq "$(jilu export "$A" | grep -v '导出时间\|条存证链记录相符' | md5sum)" \
		"$(grep -v '导出时间\|条存证链记录相符' case.txt | md5sum)" "same as jilu export"
}

test_screens_close_action_asks_first() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"
	tui_keys X; tui_wait "确定结案？" || return
	tui_keys n; tui_wait "· 未结"
	tui_keys X; tui_wait "确定结案？"; tui_keys y
	# The video promised is not attached yet (R19.2): core's guarded close
	# refuses, as on the command line, and closing anyway needs a reason.
	tui_wait "仍要结案？须说明理由" || return
	tui_keys y; tui_wait "结案理由" || return
	tui_type "当事人已注销，视频由执法记录仪另行归档"; tui_keys Enter
	tui_wait "· 已结案" || return
	tui_wait "R19.1"
	tui_stop
	expect_exit 0 jilu action show "$A"
	# Closed at the screens' clock (JILU_NOW), not the real one's year.
	expect_in "结束：$JILU_NOW  zhang" "$OUT"
	[ -n "$(sql "SELECT closed_at FROM actions WHERE id=$A")" ] || fail "not closed"
	expect_eq "$(sql "SELECT close_reason FROM actions WHERE id=$A")" \
		"当事人已注销，视频由执法记录仪另行归档" "the reason kept"
}

test_screens_close_with_gaps_and_no_reason_stays_open() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"
	tui_keys X; tui_wait "确定结案？"; tui_keys y
	tui_wait "仍要结案？须说明理由" || return
	tui_keys n; tui_wait "· 未结" || return
	tui_stop
	[ -z "$(sql "SELECT closed_at FROM actions WHERE id=$A")" ] || fail "closed without a reason"
}

test_screens_reopen_by_a_head_and_refused_to_an_officer() {
	setup_store
	jilu --as zhang officer add wang --name 王局长 --cert 13009 --role head >/dev/null || fail "officer wang"
	final_inspection
	jilu action close "$A" --force --reason 测试 >/dev/null || fail "close"
	# An officer may not reopen (PERM_REOPEN): refused in words, still closed.
	tui_start -- --as li
	tui_wait "李四" || return
	tui_keys c; tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "· 已结案" || return
	tui_keys O; tui_wait "重新开启的理由" || return
	tui_type "补充证据"; tui_keys Enter
	tui_wait "行政机关负责人" || return
	tui_stop
	[ -n "$(sql "SELECT closed_at FROM actions WHERE id=$A")" ] || fail "reopened by an officer"
	# A head may.
	tui_start -- --as wang
	tui_keys c; tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "· 已结案" || return
	tui_keys O; tui_wait "重新开启的理由" || return
	tui_type "补充证据"; tui_keys Enter
	tui_wait "已重新开启" || return
	tui_wait "· 未结" || return
	tui_stop
	expect_exit 0 jilu action show "$A"
	expect_in "补充证据" "$OUT"
}

# tui_start_cmd CMD: runs the shell command CMD in a fresh tmux of 80×24.
tui_start_cmd() {
	TUI_N=$(( ${TUI_N:-0} + 1 ))
	TUI_SOCK="$TEST_DIR/tmux.$TUI_N.sock"
	tui_conf
	tui -f "$TEST_DIR/tmux.conf" new-session -d -x 80 -y 24 "$1" || { fail "tmux did not start"; return 1; }
}

test_screens_officer_key_prints_the_authorized_keys_line() {
	setup_store
	ssh-keygen -q -t ed25519 -N '' -f zk -C 张三 || { fail "ssh-keygen"; return; }
	expect_exit 0 jilu officer key zhang zk.pub
	expect_in "command=\"$(readlink -f "$JILU") --db $JILU_DB --as zhang\",restrict,pty ssh-ed25519 AAAA" "$OUT"
	expect_exit 2 jilu officer key zhang zk
	expect_in "PUBKEYFILE: zk: 不是 OpenSSH 公钥" "$ERR"
	expect_exit 2 jilu officer key wang zk.pub
	expect_in "没有执法人员 wang" "$ERR"
	printf 'command="sh" %s\n' "$(cat zk.pub)" >opts.pub
	expect_exit 2 jilu officer key zhang opts.pub
}

# A stock OpenSSH sshd on the loopback, one account, each officer's key in
# its authorized_keys: two officers at once on one store.
test_screens_ssh_login_two_officers_at_once() {
	setup_store
	local port pid i sa sb ssh_opts
	ssh-keygen -q -t ed25519 -N '' -f host_key && ssh-keygen -q -t ed25519 -N '' -f zk &&
		ssh-keygen -q -t ed25519 -N '' -f lk || { fail "ssh-keygen"; return; }
	{ jilu officer key zhang zk.pub && jilu officer key li lk.pub; } >authorized_keys || { fail "officer key"; return; }
	chmod 600 authorized_keys zk lk host_key
	A=$(jilu action open inspection --title 两人同时)
	jilu record new "$A" inspection.onsite started_at=2026-11-26T08:00 ended_at=2026-11-26T08:40 \
		place=惠民超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" situation=正常 result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" >/dev/null
	port=$((20000 + RANDOM % 20000))
	cat >sshd_config <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $TEST_DIR/host_key
AuthorizedKeysFile $TEST_DIR/authorized_keys
PidFile $TEST_DIR/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
SetEnv LANG=C.UTF-8 JILU_NOW=$JILU_NOW
CONF
	/usr/sbin/sshd -f "$TEST_DIR/sshd_config" -E "$TEST_DIR/sshd.log" || { fail "sshd: $(cat sshd.log)"; return; }
	for i in $(seq 1 100); do [ -s sshd.pid ] && break; sleep 0.05; done
	pid=$(cat sshd.pid)
	ssh_opts="-F /dev/null -tt -p $port -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
	# What the laptop asks to run goes to jilu as its words, never to a
	# shell: the key says who acts.
	expect_exit 2 ssh ${ssh_opts/-tt/-T} -i "$TEST_DIR/zk" "$(id -un)@127.0.0.1" 'echo NOT-A-SHELL; id'
	expect_not_in "uid=" "$OUT"
	expect_not_in "NOT-A-SHELL" "$OUT"
	tui_start_cmd "ssh $ssh_opts -i $TEST_DIR/zk $(id -un)@127.0.0.1"; sa=$TUI_SOCK
	tui_start_cmd "ssh $ssh_opts -i $TEST_DIR/lk $(id -un)@127.0.0.1"; sb=$TUI_SOCK
	TUI_SOCK=$sa; tui_wait "执法人员：张三 (13001)" 20
	TUI_SOCK=$sb; tui_wait "执法人员：李四 (13002)" 20
	# Li finalises the draft; Zhang, refreshing, sees it final and by whom.
	tui_wait "两人同时"; tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间"; tui_keys F; tui_wait "已定稿：记录" || true
	TUI_SOCK=$sa; tui_wait "两人同时"; tui_keys r Enter
	tui_wait "现场笔录  定稿  李四" || true
	TUI_SOCK=$sa; tui_stop
	TUI_SOCK=$sb; tui_stop
	kill "$pid" 2>/dev/null
	expect_eq final "$(sql "SELECT state FROM records WHERE action_id=$A")" state
	expect_eq li "$(sql "SELECT finalized_by FROM records WHERE action_id=$A")" "finalised by"
	[ -d "$TEST_DIR" ] || fail "the test directory went"
}

test_screens_multiline_up_and_down_keep_the_column_across_wide_characters() {
	setup_store
	draft_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间" || return
	tui_keys Tab Tab Tab Tab Tab Tab Tab; tui_wait ">*现场情况"; tui_keys Enter
	tui_wait "$EDITING" || return
	tui_type "第一行"; tui_keys Enter; tui_type "ab第二行"; tui_keys Enter; tui_type "3"
	tui_keys Up; tui_type "X"      # column 1 of "ab第二行": after a
	tui_keys Up; tui_type "Y"      # column 2 of "第一行": after 第
	tui_keys Down Down End; tui_type "Z"
	tui_wait_line "  第Y一行" || return
	tui_wait_line "  aXb第二行"
	tui_wait_line "  3Z"
	tui_keys Tab; tui_wait "已保存：现场情况"
	expect_eq "第Y一行
aXb第二行
3Z" "$(sql "SELECT json_extract(data,'\$.situation') FROM records WHERE id=$R")" situation
	tui_stop
}

test_screens_filter_by_kind_and_closed_actions() {
	setup_store
	jilu action open licensing --title 许可申请 >/dev/null
	local a
	a=$(jilu action open inspection --title 已结检查)
	jilu action close "$a" --force --reason 测试 >/dev/null
	tui_start -- --as zhang
	tui_wait "许可申请" || return
	expect_not_in "已结检查" "$(tui_screen)"
	tui_keys c; tui_wait "已结的执法活动"; tui_wait "已结检查" || return
	expect_not_in "许可申请" "$(tui_screen)"
	tui_keys c; tui_wait "全部执法活动"; tui_wait "许可申请"
	tui_keys f; tui_wait "按类别筛选"; tui_keys Down Enter
	tui_wait "全部执法活动 · 检查" || return
	tui_wait "已结检查"
	expect_not_in "许可申请" "$(tui_screen)"
	tui_stop
}

test_screens_a_pasted_line_break_stays_in_a_one_line_field() {
	open_place_editor || return
	# A paste with a line break and an F after it: without bracketed paste
	# the break would leave the field and F would finalise the record.
	tui set-buffer "$(printf '惠民超市\nF民生街店')"
	tui paste-buffer -p
	tui_wait "  惠民超市 F民生街店" || return
	tui_keys Tab; tui_wait "已保存：检查地点"
	expect_eq "惠民超市 F民生街店" "$(sql "SELECT json_extract(data,'\$.place') FROM records WHERE id=$R")" place
	expect_not_in "未能定稿" "$(tui_screen)"
	tui_stop
}

test_screens_choices_money_list_and_bool_editors() {
	setup_store
	local a d p
	a=$(jilu action open penalty --title 销售过期食品案)
	d=$(jilu record new "$a" penalty.decision)
	p=$(jilu record new "$a" penalty.discussion)
	tui_start -- --as zhang
	tui_wait "销售过期食品案" || return
	tui_keys Enter; tui_wait "行政处罚决定书  草稿"
	tui_wait ">$d"; tui_keys Enter
	tui_wait ">*决定书文号" || return
	# Choices: warning and fine marked; the fine's amount is wanted then.
	tui_keys Down Down Down Down; tui_wait ">*处罚种类"; tui_keys Enter
	tui_wait "空格勾选"; tui_keys Space Down Space Enter
	tui_wait "*罚款金额（元）" || return
	tui_keys Down Enter; tui_wait "$EDITING"; tui_type "1500.5"; tui_keys Enter
	tui_wait "已保存：罚款金额（元）" || return
	tui_keys q; tui_wait "集体讨论记录  草稿"
	tui_keys Down; tui_wait ">$p"; tui_keys Enter
	tui_wait "> 案由" || return
	# A list, one entry a line (blank lines dropped).
	tui_keys Tab Tab Tab Tab Tab Tab Tab; tui_wait ">*参加人员"; tui_keys Enter; tui_wait "$EDITING"
	tui_type "张三"; tui_keys Enter Enter; tui_type "李四"; tui_keys Enter; tui_type "王五"; tui_keys Tab
	tui_wait "已保存：参加人员" || return
	tui_stop
	expect_eq '["warning","fine"]|1500.5' \
		"$(sql "SELECT json_extract(data,'\$.penalties')||'|'||json_extract(data,'\$.fine_amount') FROM records WHERE id=$d")" decision
	expect_eq '["张三","李四","王五"]' "$(sql "SELECT json_extract(data,'\$.participants') FROM records WHERE id=$p")" participants
	# A bool: recusal requested, no.
	draft_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间" || return
	tui_keys Tab Tab Tab Tab Tab Tab; tui_wait "> 是否申请回避"; tui_keys Enter
	tui_wait ">（未填）"; tui_keys Up Enter
	tui_wait "是否申请回避           否" || return
	tui_stop
	expect_eq 0 "$(sql "SELECT json_extract(data,'\$.recusal_requested') FROM records WHERE id=$R")" recusal
}

test_screens_jilu_tui_off_a_terminal_says_it_needs_one() {
	expect_exit 2 jilu tui </dev/null
	expect_in "操作界面需要终端" "$ERR"
}

test_screens_unknown_term_is_reported_not_a_crash() {
	setup_store
	# script(1) gives it a terminal of its own, and its exit status (-e).
	# Under `make asan` leaks are not looked for here: a newterm that fails
	# leaks libtinfo's own prescreen (new_prescr), which no call frees.
	expect_exit 2 env ASAN_OPTIONS=detect_leaks=0 TERM=no-such-terminal script -qec "$JILU --as zhang" /dev/null
	expect_in "无法初始化终端：TERM=no-such-terminal" "$OUT"
}

test_screens_amend_from_the_action_screen_asks_the_reason_first() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait ">$R    现场笔录  定稿"
	tui_keys a; tui_wait "更正原因" || return
	tui_type "补记备注"; tui_keys Enter; tui_wait "更正中" || return
	tui_keys End; tui_wait "> 备注"; tui_keys Enter; tui_wait "$EDITING"; tui_type "当事人到场"; tui_keys Tab
	tui_wait "备注                   当事人到场"; tui_keys F
	tui_wait "已定稿：记录 $((R + 1))" || return
	tui_keys q; tui_wait "└ 更正 $((R + 1))" || return
	tui_stop
	expect_eq "$R|补记备注" "$(sql "SELECT amends||'|'||reason FROM records WHERE id=$((R + 1))")" amendment
}
