# tests/cli/test_screens_retired.sh — a retired officer in the screens
# (issue 9 item 2): he is not offered as who acts (he can no longer act),
# and where the roster is picked for a record he is marked retired with the
# date (a record of what happened before may still name him; core judges
# that by the record's time). tmux at 80×24, the real binary on a real store.

source "$(dirname "${BASH_SOURCE[0]}")/tui_lib.sh"

retired_store() {
	setup_store
	jilu --as zhang officer add wang --name 王五六 --cert 13003 >/dev/null || fail "officer wang"
	jilu --as zhang officer retire wang --reason 调离 >/dev/null || fail "retire wang"
	unset JILU_OFFICER
}

test_screens_retired_officer_is_not_offered_as_who_acts() {
	retired_store
	tui_start --
	tui_wait "请选择您的身份" || return
	tui_wait "李四" || return
	expect_not_in "王五六" "$(tui_screen)"
	expect_not_in "13003" "$(tui_screen)"
	tui_stop
}

test_screens_retired_officer_acting_by_name_is_refused_in_words() {
	retired_store
	tui_start -- --as wang
	# Core refuses him (R7.1, with the date); the screens say so and offer
	# the roster, where he is not.
	tui_wait "离任" || return
	tui_stop
}
