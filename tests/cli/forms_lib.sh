# tests/cli/forms_lib.sh — sourced by the tests that finalise records of
# every form from the fixtures (tests/fixtures/forms/, described at the top
# of test_forms.sh): a store for them, the definitions as `forms show --json`
# prints them, and an action set up as a fixture's .setup says.

FIXTURES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/forms" && pwd)
US=$'\x1f'
declare -A IDS
ARGS=()
A=

# A store with two officers; the clock fixed (the fixtures are of Nov. 2026,
# the latest time in them 2026-12-01T15:00: no time is ahead of the clock).
# Every entry of the store at that time, none by the real clock: once the
# real date passed it, verify would see the clock set back.
forms_store() {
	export JILU_NOW=2026-12-01T16:00
	setup_store
	# Who finalises a case file and decides a copy request (R20.1, R21.1).
	jilu --as zhang officer add zhao --name 赵敏 --cert 13005 --role archivist >/dev/null || fail "archivist"
	jilu --as zhang officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail "head"
}

# The officer the permission table wants for finalising FORM (core/perm.h).
form_actor() {
	case $1 in
	archive.casefile) echo zhao ;;
	copy.request) echo liu ;;
	*) echo zhang ;;
	esac
}

# sqlite3 on the store.
q() { sqlite3 "$JILU_DB" "$@"; }

# The definition of FORM as `jilu forms show FORM --json` prints it, in
# $TEST_DIR/FORM.json (written once).
form_def() {
	local file="$TEST_DIR/$1.json"
	if [ ! -s "$file" ]; then
		jilu forms show "$1" --json >"$file" || { fail "jilu forms show $1 --json"; return 1; }
	fi
	DEF=$file
}

# The fields of FORM, one a line: id, type, required (1/0), when, req, min,
# first choice id — separated by $US.
form_fields() {
	form_def "$1" || return 1
	sqlite3 -separator "$US" :memory: "SELECT value->>'id', value->>'type',
		coalesce(value->>'required', 0), coalesce(value->>'when', ''), value->>'req',
		coalesce(value->>'min', ''), coalesce(value->'choices'->0->>'id', '')
		FROM json_each(readfile('$DEF'), '\$.fields') ORDER BY key"
}

# Field name of a FIELD=TEXT or FIELD:=JSON argument.
arg_field() {
	local a=${1%%=*}
	REPLY=${a%:}
}

# Replaces every @{FORM} in $1 with the id of the setup record of FORM.
fixture_subst() {
	local s=$1 k
	for k in "${!IDS[@]}"; do
		s=${s//"@{$k}"/${IDS[$k]}}
	done
	case $s in *'@{'*) fail "no setup record for the placeholder in: $s" ;; esac
	REPLY=$s
}

# ARGS := the lines of FIXTURE.args, each OVERRIDE replacing the line of its
# field (or added), then every @{FORM} resolved.
fixture_args() {
	local file="$FIXTURES/$1.args" line o i
	shift
	ARGS=()
	[ -f "$file" ] || { fail "no fixture $file"; return 1; }
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		ARGS+=("$line")
	done <"$file"
	for o in "$@"; do
		args_set "$o"
	done
	for i in "${!ARGS[@]}"; do
		fixture_subst "${ARGS[$i]}"
		ARGS[i]=$REPLY
	done
}

# Puts argument $1 in ARGS in place of the one of its field (or adds it).
args_set() {
	local i name
	arg_field "$1"
	name=$REPLY
	for i in "${!ARGS[@]}"; do
		arg_field "${ARGS[$i]}"
		if [ "$REPLY" = "$name" ]; then
			ARGS[i]=$1
			return
		fi
	done
	ARGS+=("$1")
}

# ARGS minus the argument of FIELD.
args_without() {
	local a kept=()
	for a in "${ARGS[@]}"; do
		arg_field "$a"
		[ "$REPLY" = "$1" ] || kept+=("$a")
	done
	ARGS=("${kept[@]}")
}

# Opens an action for FIXTURE and runs its setup steps; sets A and IDS.
fixture_open() {
	local v=$1 form=${1%%@*} setup kind step words sub
	IDS=()
	setup=$FIXTURES/$v.setup
	[ -f "$setup" ] || setup=$FIXTURES/$form.setup
	form_def "$form" || return 1
	kind=$(sqlite3 :memory: "SELECT value FROM json_each(readfile('$DEF'), '\$.kinds') LIMIT 1")
	[ "$kind" = "*" ] && kind=inspection
	if [ -f "$setup" ]; then
		step=$(awk '$1 == "kind" { print $2 }' "$setup")
		[ -n "$step" ] && kind=$step
	fi
	A=$(jilu action open "$kind" --title "$v") || { fail "open a $kind action for $v"; return 1; }
	[ -f "$setup" ] || return 0
	while IFS= read -r step || [ -n "$step" ]; do
		read -ra words <<<"$step"
		case ${words[0]:-#} in
		'#'* | kind) ;;
		record)
			sub=${words[1]}
			fixture_args "$sub" "${words[@]:2}" || return 1
			IDS[${sub%%@*}]=$(jilu record new "$A" "${sub%%@*}" "${ARGS[@]}" --finalize) ||
				{ fail "setup of $v: record $sub refused"; return 1; }
			;;
		close) jilu action close "$A" --force --reason 测试夹具 >/dev/null || { fail "setup of $v: close"; return 1; } ;;
		*) fail "setup of $v: unknown step: $step"; return 1 ;;
		esac
	done <"$setup"
}

