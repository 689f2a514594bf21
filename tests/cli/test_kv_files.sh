# The config file and sync.conf are read by one line reader (core/kv.c):
# the same bad line is refused the same way in each, at FILE:LINE, and
# nothing of it reaches the terminal. Each file still judges its own keys.

# Writes the bytes of printf format $1 as both files; runs a command that
# reads each (action list reads config; sync reads sync.conf) and keeps the
# two refusals in CFG_ERR and SYNC_ERR.
kv_both() {
	# shellcheck disable=SC2059
	printf "$1" >cfg/jilu/config
	expect_exit 2 jilu --lang en action list
	CFG_ERR=$ERR
	rm cfg/jilu/config
	# shellcheck disable=SC2059
	printf "$1" >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang en sync
	SYNC_ERR=$ERR
	rm cfg/jilu/sync.conf
}

test_kv_the_same_bad_line_is_refused_alike_in_both_files() {
	local fmt want
	setup_store
	export XDG_CONFIG_HOME=$PWD/cfg JILU_LANG=en
	mkdir -p cfg/jilu
	while IFS='|' read -r fmt want; do
		kv_both "$fmt"
		expect_in "cfg/jilu/config:2: $want" "$CFG_ERR"
		expect_in "cfg/jilu/sync.conf:2: $want" "$SYNC_ERR"
		case "$CFG_ERR$SYNC_ERR" in *$'\033'* | *$'\xe2\x80\xae'* | *$'\r'*) fail "a control reached the terminal: $fmt" ;; esac
	done <<'EOF_LINES'
# ok\nstore = a\0b\n|a NUL byte in the line
# ok\njust words\n|expected key = value (keys:
# ok\nx = a\rb\n|character 2 is the control character U+000D
# ok\nx = \033]0;pwned\007\n|character 1 is the control character U+001B
# ok\nx = \342\200\256abc\n|character 1 is the bidirectional control U+202E
EOF_LINES
}

# The keys each file knows are named where a line has no "=".
test_kv_a_line_without_equals_names_the_files_keys() {
	setup_store
	export XDG_CONFIG_HOME=$PWD/cfg JILU_LANG=en
	mkdir -p cfg/jilu
	kv_both 'store\n'
	expect_in "config:1: expected key = value (keys: store, officer, language)" "$CFG_ERR"
	expect_in "sync.conf:1: expected key = value (keys: remote, identity, known_hosts, auto)" "$SYNC_ERR"
	printf 'store\n' >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang zh sync
	expect_in "sync.conf:1: 应为 键 = 值（键：remote、identity、known_hosts、auto）" "$ERR"
}
