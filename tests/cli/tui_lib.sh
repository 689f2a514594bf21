# tests/cli/tui_lib.sh — driving the screens through tmux: the helpers of
# test_screens*.sh (sourced by them; the runner runs no test from here).
export JILU_NOW=2026-11-26T09:00
EDITING="完成并保存" # the key bar while a text editor is open

TUI_SOCK=
# The pane stays after the program ends (set before it starts: a program
# that ends at once must still leave its last screen to read).
tui_conf() { printf 'set -g remain-on-exit on\n' >"$TEST_DIR/tmux.conf"; }
tui() { tmux -S "$TUI_SOCK" "$@"; }
# tui_start [W H] -- ARGS... : runs jilu ARGS in a fresh tmux of W×H (80×24)
tui_start() {
	local w=80 h=24
	if [ "$1" != "--" ]; then w=$1; h=$2; shift 2; fi
	shift
	TUI_N=$(( ${TUI_N:-0} + 1 ))
	TUI_SOCK="$TEST_DIR/tmux.$TUI_N.sock" # a server of its own: the last may still be ending
	# No core file: the crash test kills with SIGSEGV on purpose.
	# The shell stays, waits for jilu and writes how it ended (128 + the
	# signal when one ended it): tmux's own note of a dead pane comes late
	# under load.
	local cmd="ulimit -c 0; env -u SSH_CONNECTION -u SSH_ORIGINAL_COMMAND LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=${TUI_TERM:-screen-256color} JILU_DB='$JILU_DB' JILU_NOW='${JILU_NOW:-2026-11-26T09:00}' ${TUI_ENV:-} '$JILU'"
	local a
	for a in "$@"; do cmd="$cmd '$a'"; done
	cmd="$cmd; echo \$? >'$TEST_DIR/exit.$TUI_N'"
	tui_conf
	tui -f "$TEST_DIR/tmux.conf" new-session -d -x "$w" -y "$h" "$cmd" || { fail "tmux did not start"; return 1; }
}
tui_screen() { tui capture-pane -p 2>/dev/null; }
tui_keys() { tui send-keys "$@"; }
tui_type() { tui send-keys -l "$1"; }
# tui_wait TEXT [SECONDS]: waits until TEXT is on the screen
tui_wait() {
	local t=0 max=$(( ${2:-10} * 20 ))
	while [ $t -lt $max ]; do
		case "$(tui_screen)" in *"$1"*) return 0 ;; esac
		sleep 0.05; t=$((t + 1))
	done
	TEST_FAILED=1
	printf '    FAIL %s: waited for %s; the screen:\n%s\n' "${FUNCNAME[1]}" "$1" "$(tui_screen)" >&2
	return 1
}
# tui_wait_line TEXT: waits until a line of the screen is TEXT (trailing blanks aside)
tui_wait_line() {
	local t=0
	while [ $t -lt 200 ]; do
		tui_screen | sed 's/ *$//' | grep -qxF -- "$1" && return 0
		sleep 0.05; t=$((t + 1))
	done
	fail "waited for the line [$1]; the screen:
$(tui_screen)"
	return 1
}
# tui_pid: the program's pid (the child of the pane's shell).
tui_pid() { pgrep -n -P "$(tui display -p '#{pane_pid}' 2>/dev/null)" 2>/dev/null; }
# tui_stop: ends the program (a hang-up, as when the terminal goes) and
# waits until it is gone, then the tmux server.
tui_stop() {
	local pid t=0
	pid=$(tui_pid)
	if [ -n "$pid" ]; then
		kill -HUP "$pid" 2>/dev/null
		while kill -0 "$pid" 2>/dev/null && [ $t -lt 100 ]; do sleep 0.05; t=$((t + 1)); done
	fi
	tui kill-server 2>/dev/null
	true
}
# tui_wait_dead: waits until the program has ended; TUI_EXIT gets its exit
# status (128 + the signal that ended it), and the waits until tmux has read
# all it wrote (the terminal out of the alternate screen).
tui_wait_dead() {
	local t=0 f="$TEST_DIR/exit.$TUI_N"
	while [ ! -s "$f" ] && [ $t -lt 600 ]; do sleep 0.05; t=$((t + 1)); done
	if [ ! -s "$f" ]; then
		fail "the program did not end"
		return 1
	fi
	TUI_EXIT=$(cat "$f")
	t=0
	while [ "$(tui display -p '#{alternate_on}')" != 0 ] && [ $t -lt 100 ]; do sleep 0.05; t=$((t + 1)); done
	return 0
}
# sql QUERY: a value read straight from the store.
sql() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$1"; }

# An inspection action with a draft inspection.onsite record; sets A and R.
draft_inspection() {
	A=$(jilu action open inspection --title 惠民超市日常检查)
	R=$(jilu record new "$A" inspection.onsite "$@")
}


# A final inspection record in a fresh action; sets A and R.
final_inspection() {
	A=$(jilu action open inspection --title 惠民超市日常检查)
	R=$(jilu record new "$A" inspection.onsite started_at=2026-11-26T08:00 ended_at=2026-11-26T08:40 \
		place=惠民超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" situation=正常 result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" --finalize)
}
