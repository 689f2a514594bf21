# kinds.json's conditional requirements ("if") carry their condition in
# words ("describe", zh and en) as a form's conditions do: `forms check`
# refuses one without it, and `jilu check` says it with what is missing.

KD_FORMS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

# ./f: a copy of forms/ with kinds.json's first licensing `if` edited by the
# Python statement $1 on it (c).
kd_forms_edited() {
	mkdir f
	cp "$KD_FORMS"/*.json f/
	python3 - "$1" <<'PY' || fail "edit kinds.json"
import json, sys
d = json.load(open('f/kinds.json'))
c = d['licensing'][1]['if']
exec(sys.argv[1])
json.dump(d, open('f/kinds.json', 'w'), ensure_ascii=False)
PY
}

test_every_kinds_condition_has_words() {
	local n
	n=$(sqlite3 :memory: "SELECT count(*) FROM json_tree(readfile('$KD_FORMS/kinds.json'))
		WHERE key = 'if' AND (json_extract(value, '\$.describe.zh') IS NULL
		OR json_extract(value, '\$.describe.en') IS NULL)")
	expect_eq 0 "$n" "kinds.json conditions without describe"
	expect_exit 0 jilu forms check "$KD_FORMS"
}

test_a_kinds_condition_without_describe_is_refused() {
	kd_forms_edited "del c['describe']"
	expect_exit 2 jilu forms check f
	expect_in 'kinds.json: $.licensing[1].if.describe: 缺少' "$ERR"
	rm -r f
	kd_forms_edited "c['describe'] = {'zh': '核实'}"
	expect_exit 2 jilu --lang en forms check f
	expect_in 'kinds.json: $.licensing[1].if.describe: must be an object with non-empty zh and en' "$ERR"
	rm -r f
	kd_forms_edited "c['why'] = 'x'"
	expect_exit 2 jilu --lang en forms check f
	expect_in 'kinds.json: $.licensing[1].if.why: unknown key' "$ERR"
}

# An acceptance that calls for verification: check names the verification
# record missing, and why it is required, in both languages.
test_check_says_why_a_conditional_record_is_required() {
	local a
	export JILU_NOW=2026-11-03T10:00
	setup_store
	a=$(jilu action open licensing --title 核实) || fail "open"
	jilu record new "$a" licensing.acceptance received_at=2026-11-02T09:30 \
		'applicant:={"name":"昌黎县鑫源食品有限公司","id_type":"uscc","id_number":"91130322MA0C4K7L58"}' \
		matter=食品经营许可 outcome=verify verify_items=场所 verify_reason=新建场所 verify_by=2026-11-09 \
		handler=张三 --finalize >/dev/null || fail "acceptance"
	expect_exit 1 jilu check "$a"
	expect_in "（受理时材料需要核实，须有此记录）" "$OUT"
	expect_in "（申请已受理，须有此记录）" "$OUT"
	expect_exit 1 jilu --lang en check "$a"
	expect_in "(required: the application was accepted with its materials to be verified)" "$OUT"
	expect_exit 1 jilu check "$a" --json
	expect_in "受理时材料需要核实" "$OUT"
}
