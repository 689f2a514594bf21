# tests/cli/test_screens_batch.sh — keys that arrive together. The screens
# take every key already waiting before they paint again (a paste arrives
# whole and fast), so on a loaded machine, or with a fast typist, many keys
# meet the editor with no paint between them. Here the program is stopped
# (SIGSTOP) while the keys are sent and let go after: all of them wait in
# the terminal, as they do under load, and must act as they do one by one.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

# tui_batch KEYS...: each argument "-l TEXT" types TEXT, any other is a
# key name; all sent while the program is stopped, then it goes on.
tui_batch() {
	local pid
	pid=$(tui_pid)
	[ -n "$pid" ] || { fail "no program to stop"; return 1; }
	kill -STOP "$pid"
	while [ $# -gt 0 ]; do
		if [ "$1" = -l ]; then tui_type "$2"; shift 2; else tui_keys "$1"; shift; fi
	done
	kill -CONT "$pid"
}

# The multi-line editor of the situation field of a fresh draft.
open_situation_editor() {
	setup_store
	draft_inspection
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return 1
	tui_keys Enter; tui_wait "现场笔录  草稿"; tui_keys Enter
	tui_wait ">*检查开始时间" || return 1
	tui_keys Tab Tab Tab Tab Tab Tab Tab; tui_wait ">*现场情况"; tui_keys Enter
	tui_wait "$EDITING" || return 1
}

# Up and Down right after typing (the text not painted yet) keep the column
# across wide characters, as test_screens.sh's key-by-key test does.
test_screens_batch_up_and_down_right_after_typing() {
	open_situation_editor || return
	tui_batch -l "第一行" Enter -l "ab第二行" Enter -l "3" Up -l "X" Up -l "Y" Down Down End -l "Z"
	tui_wait_line "  第Y一行" || return
	tui_wait_line "  aXb第二行"
	tui_wait_line "  3Z"
	tui_keys Tab; tui_wait "已保存：现场情况"
	expect_eq "第Y一行
aXb第二行
3Z" "$(sql "SELECT json_extract(data,'\$.situation') FROM records WHERE id=$R")" situation
	tui_stop
}

# Home and End right after typing act on the row the cursor is on.
test_screens_batch_home_and_end_right_after_typing() {
	open_situation_editor || return
	tui_batch -l "甲乙" Enter -l "丙丁" Home -l "A" Up End -l "B"
	tui_wait_line "  甲乙B" || return
	tui_wait_line "  A丙丁"
	tui_keys Tab; tui_wait "已保存：现场情况"
	expect_eq "甲乙B
A丙丁" "$(sql "SELECT json_extract(data,'\$.situation') FROM records WHERE id=$R")" situation
	tui_stop
}
