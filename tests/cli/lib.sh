# tests/cli/lib.sh — sourced by every tests/cli/test_*.sh.
#
# Each test file defines functions named test_* ; the runner calls each in a
# fresh temporary directory with its own database. Assertions print what
# failed and make the test fail; a test passes when none failed.
#
#   jilu ARGS...                 runs the real binary ($JILU) against $JILU_DB
#   expect_exit CODE CMD...      runs CMD; fails unless it exits CODE; keeps
#                                its stdout in $OUT and stderr in $ERR
#   expect_in TEXT "$VAR"        fails unless TEXT occurs in VAR
#   expect_not_in TEXT "$VAR"    fails if TEXT occurs in VAR
#   expect_eq WANT GOT [WHAT]    fails unless equal
#   fail MESSAGE                 fails the current test

: "${JILU:?JILU must name the binary under test}"
export LC_ALL=C.UTF-8
unset JILU_OFFICER JILU_LANG JILU_NOW JILU_FORMS

jilu() { "$JILU" "$@"; }

fail() {
	TEST_FAILED=1
	printf '    FAIL %s: %s\n' "${FUNCNAME[1]}" "$*" >&2
}

expect_exit() {
	local want=$1; shift
	local got=0
	OUT=$("$@" 2>"$TEST_DIR/.stderr") || got=$?
	ERR=$(cat "$TEST_DIR/.stderr")
	if [ "$got" != "$want" ]; then
		TEST_FAILED=1
		printf '    FAIL %s: `%s` exited %s, want %s\n      stdout: %s\n      stderr: %s\n' \
			"${FUNCNAME[1]}" "$*" "$got" "$want" "$OUT" "$ERR" >&2
	fi
}

expect_in() {
	case "$2" in
	*"$1"*) ;;
	*) TEST_FAILED=1
	   printf '    FAIL %s: expected %s in:\n%s\n' "${FUNCNAME[1]}" "$1" "$2" >&2 ;;
	esac
}

expect_not_in() {
	case "$2" in
	*"$1"*) TEST_FAILED=1
	        printf '    FAIL %s: did not expect %s in:\n%s\n' "${FUNCNAME[1]}" "$1" "$2" >&2 ;;
	esac
}

expect_eq() {
	if [ "$1" != "$2" ]; then
		TEST_FAILED=1
		printf '    FAIL %s: %s: want %s, got %s\n' "${FUNCNAME[1]}" "${3:-value}" "$1" "$2" >&2
	fi
}

# A store with two officers (zhang, li) and JILU_DB / JILU_OFFICER set.
# It was set up at the start of 2026 (unless JILU_NOW says when): the
# ledger's times only go forward, and tests set JILU_NOW to days of 2026.
setup_store() {
	local when=${JILU_NOW:-2026-01-01T08:00:00+08:00}
	JILU_NOW=$when jilu init --device T01 >/dev/null || fail "init"
	JILU_NOW=$when jilu officer add zhang --name 张三 --cert 13001 >/dev/null || fail "officer zhang"
	JILU_NOW=$when jilu officer add li --name 李四 --cert 13002 >/dev/null || fail "officer li"
	export JILU_OFFICER=zhang
}

# JSON values used by many tests.
OFFICERS2='[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":true}]'
PARTY_CO='{"name":"昌黎县某超市有限公司","id_type":"uscc","id_number":"91350100M000100Y43","address":"昌黎县民生街1号","representative":"王五","phone":"0335-1234567"}'
PARTY_PERSON='{"name":"王五","id_type":"resident_id","id_number":"11010519491231002X","address":"昌黎县"}'
SIGS_INSPECTION='[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
AV_VIDEO='{"mode":"video"}'
