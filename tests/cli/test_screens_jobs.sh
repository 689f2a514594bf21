# tests/cli/test_screens_jobs.sh — long work in the background (tui/ui_job.c):
# a large media copy and verify run on a worker thread while the person
# moves between screens; the job line shows on every screen; x cancels and
# nothing is stored; q with a job running asks first. tmux at 80×24, the
# real binary on a real store.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

# big_video FILE SIZE: a video of SIZE (truncate's units) that is mostly a
# hole, so it costs no disk until jilu copies it.
big_video() {
	printf '\0\0\0\x18ftypmp42\0\0\0\0mp42isom' >"$1"
	head -c 65536 /dev/urandom >>"$1"
	truncate -s "$2" "$1"
}

# attach_from_cam: on the action screen of $R, m, the directory cam, Enter
# (the file under the cursor).
attach_from_cam() {
	tui_keys m; tui_wait "音像文件所在目录" || return
	tui_keys C-u; tui_type "$TEST_DIR/cam"; tui_keys Enter
	tui_wait "big.mp4" || return
	tui_keys Enter
}

test_screens_jobs_media_copy_keeps_the_screens_usable_and_x_cancels_it() {
	setup_store
	final_inspection
	mkdir cam
	big_video cam/big.mp4 6G
	local ledger
	ledger=$(sql "SELECT count(*) FROM ledger")
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait ">$R    现场笔录" || return
	attach_from_cam || return
	tui_wait "导入音像文件" || return
	# While it copies: back to home, the job line there too; then into the
	# action again.
	tui_keys q; tui_wait "未结的执法活动" || return
	expect_in "导入音像文件" "$(tui_screen)"
	expect_in "x 取消" "$(tui_screen)"
	# One job at a time: verify waits its turn, said so.
	tui_keys v; tui_wait "已有任务在进行（导入音像文件）" || return
	tui_keys Enter; tui_wait ">$R    现场笔录" || return
	expect_in "导入音像文件" "$(tui_screen)"
	# x cancels, even on a picker where x otherwise marks a row; the
	# result comes to the message bar.
	tui_keys n; tui_wait "表单：" || return
	expect_in "导入音像文件" "$(tui_screen)"
	tui_keys x; tui_wait "已取消：导入音像文件" 30 || return
	expect_in "未添加任何文件" "$(tui_screen)"
	tui_stop
	expect_exit 0 jilu media list "$R"
	expect_not_in "big.mp4" "$OUT"
	expect_eq "$ledger" "$(sql "SELECT count(*) FROM ledger")" "ledger entries"
	expect_eq 0 "$(sql "SELECT count(*) FROM media")" "media rows"
	expect_eq "" "$(find media -type f)" "files left in the media store"
}

test_screens_jobs_media_copy_finishes_in_the_background_then_verify_runs_there_too() {
	setup_store
	final_inspection
	mkdir cam
	big_video cam/big.mp4 1200M
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait ">$R    现场笔录" || return
	attach_from_cam || return
	tui_wait "导入音像文件" || return
	# The deadlines screen opens while the copy runs.
	tui_keys q; tui_wait "未结的执法活动" || return
	tui_keys d; tui_wait "期限" || return
	tui_wait "完成：导入音像文件" 120 || return
	expect_in "已添加 1 个文件" "$(tui_screen)"
	expect_exit 0 jilu media list "$R"
	expect_in "big.mp4" "$OUT"
	# Verify hashes the 1.2 GB file: in the background, with its line.
	tui_keys q; tui_wait "未结的执法活动" || return
	tui_keys v; tui_wait "x 取消" || return
	expect_in "核验" "$(tui_screen)"
	tui_wait "核验通过" 60 || return
	expect_in "音像 1 个，均未被改动" "$(tui_screen)"
	tui_stop
}

test_screens_jobs_quit_with_a_job_running_asks_then_cancels_cleanly() {
	setup_store
	final_inspection
	mkdir cam
	big_video cam/big.mp4 6G
	tui_start -- --as zhang
	tui_wait "惠民超市日常检查" || return
	tui_keys Enter; tui_wait ">$R    现场笔录" || return
	attach_from_cam || return
	tui_wait "导入音像文件" || return
	tui_keys q; tui_wait "未结的执法活动" || return
	# q on home: asked; n stays with the job still running.
	tui_keys q; tui_wait "后台任务尚未完成" || return
	tui_keys n; tui_wait "x 取消" || return
	tui_keys q; tui_wait "后台任务尚未完成" || return
	tui_keys y
	tui_wait_dead || return
	expect_eq 0 "$TUI_EXIT" "exit status"
	tui kill-server 2>/dev/null
	expect_exit 0 jilu media list "$R"
	expect_not_in "big.mp4" "$OUT"
	expect_eq "" "$(find media -type f)" "files left in the media store"
	expect_exit 0 jilu verify
}
