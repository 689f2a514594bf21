# tests/cli/test_officers_screens.sh — the screens name officers by roster
# id (issue 9 item 3): a new record's officers, carried over from the
# action's last record, are the roster's as it stands, by id. Driven through
# tmux as tests/cli/test_screens.sh drives the screens (its helpers, copied:
# sourcing that file would run its tests twice).

export JILU_NOW=2026-11-26T09:00

TUI_SOCK=
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
	local cmd="ulimit -c 0; env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=${TUI_TERM:-screen-256color} JILU_DB='$JILU_DB' JILU_NOW='${JILU_NOW:-2026-11-26T09:00}' ${TUI_ENV:-} '$JILU'"
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
sql() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$1"; }

test_screens_new_record_takes_the_officers_by_id_as_the_roster_has_them_now() {
	setup_store
	local a r r2
	a=$(jilu action open inspection --title 惠民超市日常检查)
	r=$(jilu record new "$a" inspection.onsite started_at=2026-11-26T08:00 ended_at=2026-11-26T08:50 \
		place=惠民超市 'officers:=[{"id":"zhang","shown":true},{"id":"li","shown":true}]' \
		"party:=$PARTY_CO" situation=正常 result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" --finalize) || { fail "record: $r"; return; }
	# zhang's certificate renewed since (behind jilu's back: no command
	# changes one; the row points at another entry to pass the guard).
	sql "UPDATE officers SET cert = '13099', ledger_seq = 0 WHERE id = 'zhang'" || fail "roster change"
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait "现场笔录  定稿"
	tui_keys n; tui_wait "表单："
	tui_wait ">现场笔录"; tui_keys Enter
	tui_wait "已带入当事人、地点与执法人员" || return
	tui_wait "检查地点               惠民超市"
	tui_stop
	r2=$((r + 1))
	# By id, with today's certificate, each to confirm again; the final
	# record keeps the certificate of its day.
	expect_eq "zhang:13099:0 li:13002:0" "$(sql "SELECT group_concat(json_extract(value,'\$.id')||':'||json_extract(value,'\$.cert')||':'||json_extract(value,'\$.shown'),' ') FROM records, json_each(records.data,'\$.officers') WHERE records.id=$r2")" "officers carried over"
	expect_eq 13001 "$(sql "SELECT json_extract(data,'\$.officers[0].cert') FROM records WHERE id=$r")" "the final record"
}
