# tests/cli/test_screens_newuser.sh — frictions met by a new user recording
# an inspection from `make run` to a final record with an attached video,
# each fixed and held here. tmux at 80×24, the real binary on a real store.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

# cursor_to TEXT: moves down the action screen until the selected row holds TEXT.
cursor_to() {
	local k
	for k in 1 2 3 4 5 6 7 8 9 10; do
		tui_screen | grep -q "^>.*$1" && return 0
		tui_keys Down; sleep 0.2
	done
	fail "the cursor never reached $1:
$(tui_screen)"
	return 1
}

camera() {
	mkdir -p cam
	printf '\0\0\0\x18ftypmp42\0\0\0\0mp42isom' >cam/V0930.MP4
	head -c 200000 /dev/urandom >>cam/V0930.MP4
}

# After finalising a record filmed as video, the checklist says no video
# is attached (R19.2): Enter on that item attaches it (it used to say "no
# one form fills this" or open the form, where no field attaches a file).
test_screens_newuser_enter_on_missing_video_attaches_it() {
	setup_store
	final_inspection
	camera
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "未附录像文件" || return
	cursor_to "R19.2" || return
	tui_keys Enter; tui_wait "音像文件所在目录" || return
	tui_keys C-u; tui_type "$TEST_DIR/cam"; tui_keys Enter
	tui_wait "V0930.MP4" || return
	tui_keys Enter
	tui_wait "完成：导入音像文件" || return
	tui_wait "音像 1" || return
	expect_not_in "未附录像文件" "$(tui_screen)"
	tui_stop
	expect_exit 0 jilu media list "$R"
	expect_in "V0930.MP4" "$OUT"
}

# Leaving a form puts the cursor on the checklist; m used to answer
# "select a record first". On an item about a record, m attaches to it.
test_screens_newuser_m_on_a_checklist_item_attaches_to_its_record() {
	setup_store
	final_inspection
	camera
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "未附录像文件" || return
	cursor_to "R19.2" || return
	tui_keys m; tui_wait "音像文件所在目录" || return
	tui_keys C-u; tui_type "$TEST_DIR/cam"; tui_keys Enter
	tui_wait "V0930.MP4" || return
	tui_keys Enter
	tui_wait "音像 1" || return
	tui_stop
	expect_exit 0 jilu media list "$R"
	expect_in "V0930.MP4" "$OUT"
}

# A checklist item wider than the screen (a deadline, with its date) was cut
# at 80 columns; the selected one is now shown whole under the list.
test_screens_newuser_a_long_checklist_item_is_shown_whole_when_selected() {
	setup_store
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "未附录像文件" || return
	cursor_to "R19.2" || return
	# The row is cut; the panel below holds the end of the text and the due time.
	# (24 h from the end of the inspection, 08:40, not its finalisation: R19.2.)
	tui_wait "起算）——期限 2026-11-27 08:40" || return
	expect_in "R19.2 记录为录像，但未附录像文件（应于拍摄后 24 小时内存入，从所记录事项的时间" "$(tui_screen)"
	tui_stop
}

# bar: the key bar (the last line of the screen).
bar() { tui_screen | tail -1; }

# The key bars named keys that did nothing where they were shown ("a 更正"
# on a draft, "^T 填入现在" in a title's editor, "空格 勾选/切换" on a list
# where one is picked, "a 添加 d 删除" on a party, where a and d left it).
test_screens_newuser_key_bars_name_only_what_applies() {
	setup_store
	draft_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  草稿" || return
	tui_keys Enter; tui_wait ">*检查开始时间" || return
	# A draft, on a datetime field: now/today and finalise, no amend.
	expect_in "t 现在/今天" "$(bar)"
	expect_in "F 定稿" "$(bar)"
	expect_not_in "a 更正" "$(bar)"
	tui_keys Enter; tui_wait "$EDITING" || return
	expect_in "^T 填入现在" "$(bar)"
	tui_keys Escape
	# A text field: no now/today, in the form or its editor.
	tui_keys Down Down; tui_wait ">*检查地点" || return
	expect_not_in "t 现在/今天" "$(bar)"
	tui_keys Enter; tui_wait "$EDITING" || return
	expect_not_in "^T" "$(bar)"
	tui_keys Escape
	# The party: six fixed entries; a and d neither shown nor leaving it.
	tui_keys Down Down; tui_wait ">*检查对象" || return
	tui_keys Enter; tui_wait "法定代表人/负责人" || return
	expect_not_in "a 添加" "$(bar)"
	expect_not_in "勾选/切换" "$(bar)"
	tui_keys a d; sleep 0.3
	expect_in "法定代表人/负责人" "$(tui_screen)"
	tui_keys q; tui_wait ">*检查对象" || return
	# A picker of one: no marking.
	tui_keys q; tui_wait "现场笔录  草稿" || return
	tui_keys n; tui_wait "表单：" || return
	expect_not_in "勾选/切换" "$(bar)"
	tui_stop
	# A final record: amend, and no finalise.
	final_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿" || return
	tui_keys Enter; tui_wait "定稿（只读）" || return
	expect_in "a 更正" "$(bar)"
	expect_not_in "F 定稿" "$(bar)"
	tui_stop
}
