# Sync from the screens (issue 8 item 6): the S key on home, the quiet sync
# after a finalise (sync.conf auto = yes), home's line of the last sync and
# what waits. A real OpenSSH sshd on 127.0.0.1 (sync_lib.sh), the screens
# through tmux (tui_lib.sh), the real binary on a real store.

here_=$(dirname "${BASH_SOURCE[0]}")
source "$here_/sync_lib.sh"
source "$here_/tui_lib.sh"

export JILU_NOW=2026-11-26T09:00
hqdev() { local d=$1; shift; sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-$d.db" "$@"; }

# A store with one action and a complete draft inspection record; sets A, R.
draft_ready() {
	setup_store
	A=$(jilu action open inspection --title 超市检查) || fail "open action"
	R=$(jilu record new "$A" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		place=某超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=货架整齐) || fail "draft"
}

# sshd up, the device's key enrolled as T01, sync.conf written (extra
# setup options in "$@"), HQ trusted.
hq_ready() {
	sshd_start || return 1
	make_key devkey
	enroll T01 devkey
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/devkey" --known-hosts "$TEST_DIR/known_hosts" "$@" >/dev/null ||
		fail "sync setup"
	trust_hq
}

# In the screens from home: opens the action, its draft, finalises it, back home.
finalise_in_screens() {
	tui_keys Enter; tui_wait "现场笔录  草稿" || return 1
	tui_keys Enter; tui_wait ">*检查开始时间" || return 1
	tui_keys F; tui_wait "记录 $R · 定稿（只读）" || return 1
}

tui_env() { TUI_ENV="XDG_CONFIG_HOME='$XDG_CONFIG_HOME' JILU_SYNC_TIMEOUT=10"; }

test_screens_sync_key_sends_a_finalised_record_and_home_says_so() {
	draft_ready
	hq_ready || return
	tui_env
	tui_start -- --as zhang
	local n
	n=$(sql "SELECT count(*) FROM ledger")
	tui_wait "上次同步：从未 · 待同步 $n 条" || return
	finalise_in_screens || return
	tui_keys q; tui_wait "超市检查"; tui_keys q
	tui_wait "上次同步：从未 · 待同步" || return
	expect_not_in "待同步 $n 条" "$(tui_screen)"
	# S: in the background; its result in words; the head HQ acknowledged.
	tui_keys S
	tui_wait "同步完成：发送" 60 || return
	tui_wait "上次同步：2026-11-26T09:00" || return
	tui_wait "待同步 0 条" || return
	# The screens still answer.
	tui_keys n; tui_wait "类别：" || return
	tui_keys Escape
	tui_stop
	expect_eq "$(sql "SELECT count(*) FROM ledger")" "$(hqdev T01 "SELECT count(*) FROM ledger")" "entries at HQ"
	expect_eq final "$(hqdev T01 "SELECT state FROM records WHERE id = $R")" "the record at HQ"
	expect_exit 0 jilu --db "$TEST_DIR/hq.db" --device T01 record show "$R"
	expect_in "货架整齐" "$OUT"
	expect_eq "$(sql "SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1")" \
		"$(sqlite3 "$TEST_DIR/hq.db" "SELECT hash FROM hq_devices WHERE device = 'T01'")" "HQ's head"
	# The command line reads the same note the screens' sync wrote.
	expect_exit 0 jilu --lang en status
	expect_in "Last sync: 2026-11-26T09:00" "$OUT"
	expect_in "(0 ledger entries waiting)" "$OUT"
	expect_exit 0 jilu --lang en sync status
	expect_in "last sync: 2026-11-26T09:00" "$OUT"
}

test_screens_sync_link_down_is_one_line_and_the_screens_go_on() {
	draft_ready
	hq_ready || return
	sshd_stop
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	tui_keys S
	tui_wait "同步失败：无法连接总部 127.0.0.1 端口 $SSHD_PORT" 60 || return
	tui_wait "上次同步：从未" || return
	tui_keys n; tui_wait "类别：" || return
	tui_keys Escape
	tui_stop
	expect_exit 0 jilu --lang en status
	expect_in "Last sync: never" "$OUT"
}

test_screens_sync_unknown_host_shows_its_fingerprint() {
	draft_ready
	sshd_start || return
	make_key devkey
	enroll T01 devkey
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" --identity "$TEST_DIR/devkey" \
		--known-hosts "$TEST_DIR/known_hosts" >/dev/null || fail "sync setup"
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	tui_keys S
	tui_wait "同步失败：未知主机" 60 || return
	tui_wait "$(sshd_fingerprint)" || return
	tui_stop
	expect_eq 0 "$(hqdev T01 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0)" "nothing at HQ"
}

test_screens_sync_not_set_up_says_how() {
	draft_ready
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	tui_keys S
	tui_wait "jilu sync setup" || return
	tui_stop
}

test_screens_sync_after_finalise_when_auto_is_on() {
	draft_ready
	hq_ready --auto yes || return
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	finalise_in_screens || return
	# No key pressed: the sync went by itself, quietly.
	tui_wait "同步完成：发送" 60 || return
	tui_keys q; tui_wait "超市检查"; tui_keys q
	tui_wait "待同步 0 条" || return
	tui_stop
	expect_eq final "$(hqdev T01 "SELECT state FROM records WHERE id = $R")" "the record at HQ"
}

test_screens_sync_after_finalise_link_down_is_quiet() {
	draft_ready
	hq_ready --auto yes || return
	sshd_stop
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	finalise_in_screens || return
	# A line on the status bar, not an error; the form still answers.
	tui_wait "后台同步未完成：无法连接总部" 60 || return
	tui_keys q; tui_wait "超市检查" || return
	tui_stop
}

test_screens_sync_after_finalise_not_without_auto() {
	draft_ready
	hq_ready || return
	tui_env
	tui_start -- --as zhang
	finalise_in_screens || return
	tui_keys q; tui_wait "超市检查"; tui_keys q
	tui_wait "上次同步：从未" || return
	sleep 1
	expect_not_in "同步完成" "$(tui_screen)"
	tui_stop
	expect_eq 0 "$(hqdev T01 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0)" "nothing at HQ"
}

test_sync_conf_auto_is_yes_or_no_never_guessed() {
	setup_store
	make_key devkey
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	expect_exit 2 jilu --lang en sync setup --remote ssh://u@127.0.0.1:1 --identity "$TEST_DIR/devkey" --auto maybe
	expect_in "--auto must be yes or no" "$ERR"
	expect_exit 0 jilu sync setup --remote ssh://u@127.0.0.1:1 --identity "$TEST_DIR/devkey" --auto yes
	expect_in "auto = yes" "$(cat "$XDG_CONFIG_HOME/jilu/sync.conf")"
	printf 'auto = 1\n' >>"$XDG_CONFIG_HOME/jilu/sync.conf"
	expect_exit 2 jilu --lang en sync
	expect_in "sync.conf:5: auto must be yes or no (got 1)" "$ERR"
}

test_status_json_says_the_last_sync() {
	draft_ready
	hq_ready || return
	expect_exit 0 jilu status --json
	expect_in '"last_sync":	null' "$OUT"
	expect_exit 0 jilu sync
	expect_exit 0 jilu status --json
	expect_in '"last_sync":	"2026-11-26T09:00' "$OUT"
	expect_in '"sync_waiting":	0' "$OUT"
}

# HQ slow to answer: its forced command sleeps SECONDS first.
hq_slow() { sed -i "s|command=\"|command=\"sleep $1; |" "$TEST_DIR/ssh/authorized_keys"; }

test_screens_sync_screens_answer_while_it_runs() {
	draft_ready
	hq_ready || return
	hq_slow 4
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	tui_keys S
	tui_wait "正在同步到总部… 连接 ssh://" || return
	# The screens answer while the sync waits on HQ: its line still there.
	tui_keys n; tui_wait "类别：" || return
	expect_in "正在同步到总部" "$(tui_screen)"
	tui_keys Escape
	tui_wait "同步完成：发送" 60 || return
	tui_wait "待同步 0 条" || return
	tui_stop
}

test_screens_sync_x_cancels_it_even_while_hq_is_slow() {
	draft_ready
	hq_ready || return
	hq_slow 15
	tui_env
	TUI_ENV="$TUI_ENV JILU_SYNC_TIMEOUT=60"
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	tui_keys S
	tui_wait "正在同步到总部" || return
	sleep 1
	tui_keys x
	# Well before HQ would have answered.
	tui_wait "同步已取消" 6 || return
	tui_wait "上次同步：从未" || return
	tui_stop
}

test_screens_sync_after_finalise_never_two_at_a_time() {
	draft_ready
	local r1=$R
	R=$(jilu record new "$A" inspection.onsite started_at=2026-11-26T08:00 ended_at=2026-11-26T08:30 \
		place=某超市 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=第二次) || fail "second draft"
	local r2=$R
	hq_ready --auto yes || return
	hq_slow 3
	tui_env
	tui_start -- --as zhang
	tui_wait "上次同步：从未" || return
	# The first finalise starts a sync, which HQ keeps waiting.
	tui_keys Enter; tui_wait "现场笔录  草稿" || return
	tui_keys Enter; tui_wait ">*检查开始时间" || return
	tui_keys F; tui_wait "记录 $r1 · 定稿（只读）" || return
	tui_wait "正在同步到总部" || return
	# The second while it runs: no second sync, no complaint.
	tui_keys q; tui_wait "现场笔录  草稿" || return
	tui_keys Down; tui_keys Enter; tui_wait "第二次" || return
	tui_keys F; tui_wait "记录 $r2 · 定稿（只读）" || return
	expect_not_in "已有任务在进行" "$(tui_screen)"
	tui_keys q; tui_wait "超市检查"; tui_keys q
	# The one more that was asked for follows, and sends the rest.
	tui_wait "待同步 0 条" 60 || return
	tui_stop
	expect_eq final "$(hqdev T01 "SELECT state FROM records WHERE id = $r2")" "the second record at HQ"
	expect_eq 2 "$(grep -c "Accepted publickey" "$TEST_DIR/ssh/sshd.log")" "two syncs, one after the other"
}
