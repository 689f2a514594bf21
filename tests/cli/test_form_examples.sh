# `jilu forms show FORM` ends with an example command. It is what an officer
# copies first, so it must be a record the form itself accepts: each form's
# example, with ACTION and the record numbers it names filled in, finalises
# in a real store (the action set up as the form's fixture says,
# tests/fixtures/forms/FORM.setup). A definition whose example its own
# checks refuse fails here.

source "$(dirname "${BASH_SOURCE[0]}")/forms_lib.sh"
FE_FORMS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

# WORDS := the example command of `forms show FORM` (in LANG), as the shell
# reads it when an officer pastes it.
example_words() {
	local line
	line=$(jilu --lang "$2" forms show "$1" | sed -n '/^\(示例：\|Example:\)$/{n;p;q}') ||
		{ fail "forms show $1"; return 1; }
	[ -n "$line" ] || { fail "forms show $1 --lang $2 prints no example"; return 1; }
	eval "WORDS=($line)"
}

# The example of FORM finalised: ACTION is the fixture's action, and each
# record number in it (a record field, or a list of them such as a copy's
# records) names the setup record of the form it must name, or else the
# setup's last record.
example_finalises() {
	local form=$1 lang=$2 i w fid target last
	example_words "$form" "$lang" || return 1
	fixture_open "$form" || return 1
	expect_eq "jilu record new ACTION $form" "${WORDS[*]:0:5}" "the start of $form's example"
	expect_eq --finalize "${WORDS[-1]}" "the end of $form's example"
	form_def "$form" || return 1
	declare -A record_fields=()
	while IFS=$US read -r fid target; do
		record_fields[$fid]=$target
	done < <(sqlite3 -separator "$US" :memory: "SELECT value->>'id', coalesce(value->>'form', '')
		FROM json_each(readfile('$DEF'), '\$.fields') WHERE value->>'type' IN ('record', 'list')")
	for i in "${!WORDS[@]}"; do
		w=${WORDS[$i]}
		[ "$w" = ACTION ] && WORDS[i]=$A
		fid=${w%%=*}
		case $w in *=*) [ -n "${record_fields[$fid]+set}" ] || continue ;; *) continue ;; esac
		[[ ${w#*=} =~ ^[0-9]+$ ]] || continue
		target=${record_fields[$fid]}
		if [ -n "$target" ] && [ -n "${IDS[$target]:-}" ]; then
			WORDS[i]=$fid=${IDS[$target]}
		else
			last=$(q "SELECT max(id) FROM records WHERE action_id = $A AND state = 'final'")
			[ -n "$last" ] || { fail "$form: field $fid names a record, and the setup made none"; return 1; }
			WORDS[i]=$fid=$last
		fi
	done
	expect_exit 0 jilu --as "$(form_actor "$form")" --lang "$lang" "${WORDS[@]:1}"
	[ -n "$OUT" ] && expect_eq final "$(q "SELECT state FROM records WHERE id = $OUT")" "$form's example record"
}

test_every_forms_example_finalises() {
	local form n=0
	forms_store
	while read -r form _; do
		example_finalises "$form" zh
		n=$((n + 1))
	done < <(jilu forms list)
	expect_eq 34 "$n" "forms walked"
}

# The English guide prints the same command (values are data, not words).
test_the_english_example_is_the_chinese_one() {
	local form zh
	while read -r form _; do
		example_words "$form" zh || continue
		zh=("${WORDS[@]}")
		example_words "$form" en || continue
		expect_eq "${zh[*]}" "${WORDS[*]}" "$form's example in English"
	done < <(jilu forms list)
}

# An example is one line of text (a party's, a JSON object): forms check
# refuses any other, saying where.
test_forms_check_refuses_a_malformed_example() {
	mkdir f
	cp "$FE_FORMS"/*.json f/
	python3 - <<'PY' || fail "edit the definitions"
import json
p = 'f/penalty.rights_notice.json'
d = json.load(open(p))
d['fields'][1]['example'] = '2026-11-27\n15:00'
json.dump(d, open(p, 'w'), ensure_ascii=False)
p = 'f/penalty.onsite.json'
d = json.load(open(p))
[x for x in d['fields'] if x['type'] == 'party'][0]['example'] = '王五'
json.dump(d, open(p, 'w'), ensure_ascii=False)
PY
	expect_exit 2 jilu --lang en forms check f
	expect_in 'penalty.rights_notice.json: $.fields[1].example: must be one line of text' "$ERR"
	expect_in "penalty.onsite.json: \$.fields[" "$ERR"
	expect_in "].example: a party's example must be a JSON object (FIELD:=JSON)" "$ERR"
}
