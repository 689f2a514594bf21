# tests/cli/test_screens_mouse.sh — clicks where the terminal reports them:
# a click on a row selects it, a second click (or a double click) opens it,
# a click on a key-bar item runs it. tmux at 80×24 with mouse on; the click
# is sent as the SGR (1006) report a terminal sends, press then release.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

# click X Y: a left click at column X, row Y (1-based, as the terminal says).
click() {
	tui send-keys -l $'\e[<0;'"$1;$2M"
	tui send-keys -l $'\e[<0;'"$1;$2m"
}

mouse_start() {
	TUI_TERM=xterm-256color tui_start -- --as zhang
	tui set -g mouse on
}

test_screens_mouse_click_selects_a_home_row_and_a_second_click_opens_it() {
	setup_store
	local a1 a2
	a1=$(jilu action open inspection --title 第一家超市)
	a2=$(jilu action open inspection --title 第二家药店)
	mouse_start
	tui_wait "第一家超市" || return
	# Newest first: row 4 (1-based) is the second action, row 5 the first.
	tui_wait ">$a2 " || return
	click 10 5
	tui_wait ">$a1 " || return
	expect_not_in ">$a2 " "$(tui_screen)"
	click 10 5
	tui_wait "执法活动 $a1" || return
	tui_stop
}

test_screens_mouse_click_on_a_key_bar_item_runs_it() {
	setup_store
	mouse_start
	tui_wait "没有执法活动" || return
	# The bar begins "? 帮助": a click on it opens the help screen.
	click 3 24
	tui_wait "本屏幕的按键" || return
	tui_stop
}

test_screens_mouse_double_click_on_a_list_row_chooses_it() {
	setup_store
	jilu action open inspection --title 第一家超市 >/dev/null
	mouse_start
	tui_wait "第一家超市" || return
	# n: the kind picker; a kind is chosen by a double click, and the
	# title's editor opens.
	tui_keys n; tui_wait "类别：" || return
	tui send-keys -l $'\e[<0;8;5M\e[<0;8;5m\e[<0;8;5M\e[<0;8;5m'
	tui_wait "$EDITING" || return
	tui_stop
}
