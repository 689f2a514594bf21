# tests/cli/test_screens_pin.sh — the PIN on the screens (issue 9 item 1):
# an officer with a PIN is asked for it (shown as *) when named by --as or
# picked from the roster; a wrong one is refused with the tries left, five
# lock him until a time shown; JILU_PIN is honoured as on the command line;
# an SSH key's forced command is proof without it (tui/act.c, the rule the
# command line uses). tmux at 80×24, the real binary on a real store.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

PIN=48151623
pin_store() {
	setup_store
	unset JILU_OFFICER
	echo "$PIN" | jilu --as li officer pin li >/dev/null || fail "li sets a PIN"
}

test_screens_pin_right_pin_enters_and_is_masked() {
	pin_store
	tui_start -- --as li
	tui_wait "请输入 li 的 PIN" || return
	tui_type "$PIN"
	tui_wait "********" || return
	expect_not_in "$PIN" "$(tui_screen)"
	tui_keys Enter
	tui_wait "执法人员：李四 (13002)" || return
	tui_wait "没有执法活动" || return
	tui_stop
}

test_screens_pin_wrong_pin_refused_with_tries_left_then_right_enters() {
	pin_store
	tui_start -- --as li
	tui_wait "请输入 li 的 PIN" || return
	tui_type "0000"; tui_keys Enter
	tui_wait "PIN 错误：还可再试 4 次" || return
	tui_type "1111"; tui_keys Enter
	tui_wait "PIN 错误：还可再试 3 次" || return
	tui_type "$PIN"; tui_keys Enter
	tui_wait "执法人员：李四 (13002)" || return
	tui_stop
	# The right PIN cleared the count: the command line agrees.
	JILU_PIN=0000 expect_exit 6 jilu --lang en --as li action list
	expect_in "wrong PIN for li (1 in a row" "$ERR"
}

test_screens_pin_five_wrong_lock_with_the_time_then_another_officer_is_picked() {
	pin_store
	tui_start -- --as li
	local k
	for k in 1 2 3 4; do
		tui_wait "请输入 li 的 PIN" || return
		tui_type "000$k"; tui_keys Enter
		tui_wait "还可再试 $((5 - k)) 次" || return
	done
	tui_type "0005"; tui_keys Enter
	# Locked for 15 minutes by the real clock (never JILU_NOW, which any
	# user can set): the time it ends, within a minute of either side.
	tui_wait "连续输错 PIN 5 次，已锁定至" || return
	local shown
	shown=$(tui_screen | sed -n 's/.*已锁定至 \([0-9][0-9]:[0-9][0-9]\).*/\1/p' | head -1)
	case "$shown" in
	"$(date -d '+14 min' +%H:%M)" | "$(date -d '+15 min' +%H:%M)" | "$(date -d '+16 min' +%H:%M)") ;;
	*) fail "locked until [$shown], not 15 minutes from $(date +%H:%M)" ;;
	esac
	# Even the right PIN is refused while locked.
	tui_type "$PIN"; tui_keys Enter
	tui_wait "已锁定至 $shown" || return
	# Esc: back to the roster; zhang has no PIN and enters at once.
	tui_keys Escape; tui_wait "请选择您的身份" || return
	tui_wait "张三  执法证号 13001"; tui_keys Down Enter
	tui_wait "执法人员：张三 (13001)" || return
	tui_stop
	JILU_PIN=$PIN expect_exit 6 jilu --lang en --as li action list
	expect_in "locked" "$ERR"
}

test_screens_pin_officer_without_pin_enters_without_asking() {
	pin_store
	tui_start -- --as zhang
	tui_wait "执法人员：张三 (13001)" || return
	expect_not_in "PIN" "$(tui_screen)"
	tui_stop
	# Picked from the roster: li is asked, zhang is not.
	tui_start --
	tui_wait "请选择您的身份" || return
	tui_wait "李四  执法证号 13002"; tui_keys Enter # the first row
	tui_wait "请输入 li 的 PIN" || return
	tui_keys Escape; tui_wait "请选择您的身份" || return
	tui_wait "张三  执法证号 13001"; tui_keys Down Enter
	tui_wait "执法人员：张三 (13001)" || return
	tui_stop
}

test_screens_pin_jilu_pin_is_honoured_and_a_wrong_one_asks() {
	pin_store
	TUI_ENV="JILU_PIN=$PIN" tui_start -- --as li
	tui_wait "执法人员：李四 (13002)" || return
	expect_not_in "请输入" "$(tui_screen)"
	tui_stop
	TUI_ENV="JILU_PIN=9999" tui_start -- --as li
	tui_wait "PIN 错误：还可再试 4 次" || return
	tui_wait "请输入 li 的 PIN" || return
	tui_type "$PIN"; tui_keys Enter
	tui_wait "执法人员：李四 (13002)" || return
	tui_stop
}

test_screens_pin_ssh_forced_command_is_proof_for_the_officer_it_names() {
	pin_store
	# An interactive login through the key: `jilu --as li`, sshd's variables.
	TUI_ENV="SSH_CONNECTION='127.0.0.1 50000 127.0.0.1 22'" tui_start -- --as li
	tui_wait "执法人员：李四 (13002)" || return
	expect_not_in "PIN" "$(tui_screen)"
	tui_stop
	# The officer typed `tui` after the key's command: the same.
	TUI_ENV="SSH_ORIGINAL_COMMAND=tui" tui_start -- --as li
	tui_wait "执法人员：李四 (13002)" || return
	tui_stop
	# Without the key's command line (--as given by hand with a command
	# word), the PIN is asked.
	tui_start -- --as li tui
	tui_wait "请输入 li 的 PIN" || return
	tui_stop
}
