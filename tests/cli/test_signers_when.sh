# Who must sign a service receipt depends on how it was served: signer
# groups with a condition ("when", and "when_describe" in words) in
# forms/service.receipt.json, in place of the rule once coded in
# core/rules.c (service_method). The refusals themselves are rows of
# tests/fixtures/forms/refusals.tsv (test_forms.sh).

SW_FORMS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

# A copy of forms/ in ./f with service.receipt.json edited by the Python
# expression EDIT on its parsed definition d.
sw_forms_edited() {
	mkdir f
	cp "$SW_FORMS"/*.json f/
	python3 - "$1" <<'PY' || fail "edit the definition"
import json, sys
p = 'f/service.receipt.json'
d = json.load(open(p))
exec(sys.argv[1])
json.dump(d, open(p, 'w'), ensure_ascii=False)
PY
}

# The signers of the signatures field, for EDIT.
SIGNERS="[x for x in d['fields'] if x['id'] == 'signatures'][0]['signers']"

test_signers_when_without_words_is_refused() {
	sw_forms_edited "del $SIGNERS[0]['when_describe']"
	expect_exit 2 jilu forms check f
	expect_in 'service.receipt.json: $.fields[19].signers[0].when_describe' "$ERR"
}

test_signers_when_is_an_expression_on_the_forms_fields() {
	sw_forms_edited "$SIGNERS[1]['when'] = \"\$no_such_field = 'direct'\""
	expect_exit 2 jilu --lang en forms check f
	expect_in 'service.receipt.json: $.fields[19].signers[1].when: invalid expression' "$ERR"
}

test_the_coded_service_method_rule_is_gone() {
	sw_forms_edited "d['rules'] = ['service_method']"
	expect_exit 2 jilu --lang en forms check f
	expect_in 'service.receipt.json: $.rules' "$ERR"
	expect_in 'unknown rule: service_method' "$ERR"
}

# Signers that apply only to one method: a receipt served by mail needs no
# signature at all, and direct service refuses, in both languages, what the
# coded rule refused.
test_signers_apply_by_method_of_service() {
	local a d
	export JILU_NOW=2026-11-28T10:00
	setup_store
	a=$(jilu action open inspection --title 送达) || fail "open"
	d=$(jilu record new "$a" inspection.onsite started_at="2026-11-27 15:00" ended_at="2026-11-27 16:30" \
		place=民生街1号 officers=zhang+,li+ situation=检查 result=no_issue av=video "party:=$PARTY_CO" \
		signatures=party:王五,officer:zhang,officer:li --finalize) || fail "inspection"
	set -- "$a" service.receipt serves="$d" document_name=检查笔录 recipient=王五 \
		served_at="2026-11-27 17:00" place=民生街1号
	expect_exit 0 jilu record new "$@" method=mail mail_number=EMS123 --finalize
	expect_exit 3 jilu record new "$@" method=direct signatures=recipient:王五 --finalize
	expect_in "R14.1 第十四条: signatures: 直接送达须有送达人签名" "$ERR"
	expect_exit 3 jilu --lang en record new "$@" method=direct signatures=server:zhang --finalize
	expect_in "signatures: direct service needs the recipient's (or a lawful signer's) signature or seal" "$ERR"
	expect_exit 3 jilu record new "$@" method=left refusal_reason=拒收 refused_on=2026-11-27 left_at=门口 \
		av=photos signatures=server:zhang --finalize
	expect_in "signatures: 留置送达须有见证人签名" "$ERR"
	expect_not_in "留置送达须有送达人签名" "$ERR"
	expect_in "av: 留置送达须全程录像" "$ERR"
	expect_exit 0 jilu record new "$@" method=direct signatures=recipient:王五,server:zhang --finalize
}
