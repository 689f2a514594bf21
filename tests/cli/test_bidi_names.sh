# A bidi control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) is not a blank
# to trim away: a role, a name or a one-line value that holds one, at an
# edge too, is refused with a message naming the character, as other
# invisible characters are; nothing is stored.

RLO=$'\u202e'

test_a_role_with_a_leading_rlo_is_refused_by_name() {
	setup_store
	expect_exit 2 jilu officer add wang --name 王五 --cert 13003 --role "${RLO}admin"
	expect_in "--role: 第1个字符是文字方向控制符 U+202E，此处不允许" "$ERR"
	expect_not_in "$RLO" "$ERR"
	expect_exit 2 jilu --lang en officer add wang --name 王五 --cert 13003 --role "officer, admin${RLO}"
	expect_in "--role: character 6 is the bidirectional control U+202E, not allowed here" "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM officers WHERE id = 'wang'")" "officer stored"
	expect_exit 2 jilu officer roles li --set "${RLO}supervisor"
	expect_in "U+202E" "$ERR"
	expect_eq officer "$(sqlite3 "$JILU_DB" "SELECT coalesce(roles, role) FROM officers WHERE id = 'li'")" "li's roles"
}

test_a_name_of_an_rlo_is_refused_by_name_not_as_blank() {
	setup_store
	expect_exit 2 jilu officer add wang --name "$RLO" --cert 13003
	expect_in "--name: 第1个字符是文字方向控制符 U+202E" "$ERR"
	expect_not_in "须填写姓名" "$ERR"
	expect_exit 2 jilu officer add wang --name "王五$RLO" --cert 13003
	expect_in "--name: 第3个字符是文字方向控制符 U+202E" "$ERR"
}

test_a_one_line_value_ending_in_an_rlo_is_refused() {
	local a
	setup_store
	a=$(jilu action open inspection) || fail "open"
	expect_exit 2 jilu record new "$a" inspection.onsite place="某超市$RLO"
	expect_in "place: 第4个字符是文字方向控制符 U+202E" "$ERR"
	expect_exit 2 jilu action open inspection --title "${RLO}检查"
	expect_in "--title: 第1个字符是文字方向控制符 U+202E" "$ERR"
}
