# The command line of issue 10 (item 12 and the README's walk-through):
# `check`'s exit status means "something is missing, found or overdue" only;
# `deadlines --json` names each action by title and party as the text does;
# `status` shows the last verify, which verify notes in the store's meta
# without ever failing for it.

at() { export JILU_NOW=$1; }
q() { sqlite3 "$JILU_DB" "$@"; }

# An inspection with no issue, filmed and its video stored: nothing is
# missing; its archive is due 30 days after it ended (R19.1). Id in A.
ended_inspection() {
	setup_store
	at 2026-11-05T10:30
	A=$(jilu action open inspection --title 日常检查)
	expect_exit 0 jilu record new "$A" inspection.onsite started_at=2026-11-05T09:00 \
		ended_at=2026-11-05T10:00 place=某超市 situation=货架整齐 result=no_issue \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" 'av:={"mode":"none","reason":"商业秘密"}' \
		"signatures:=$SIGS_INSPECTION" --finalize
	R=$OUT
}

test_check_exits_0_while_only_a_deadline_is_running() {
	ended_inspection
	at 2026-11-06T09:00
	expect_exit 0 jilu check "$A"
	# Listed all the same.
	expect_in "R19.1 第十九条: " "$OUT"
	expect_in "剩余" "$OUT"
	expect_exit 0 jilu check "$A" --json
	expect_in '"complete":	false' "$OUT"
}

test_check_exits_1_once_the_deadline_is_overdue() {
	ended_inspection
	at 2026-12-06T09:00
	expect_exit 1 jilu check "$A"
	expect_in "已逾期" "$OUT"
}

test_check_exits_1_with_a_finding_or_a_missing_record() {
	ended_inspection
	at 2026-11-06T09:00
	# A finding: an officer who did not show the certificate.
	expect_exit 0 jilu record amend "$R" --reason 补记 \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]'
	expect_exit 1 jilu check "$A"
	expect_in "未出示执法证件" "$OUT"
	# A missing record: an inspection with nothing recorded yet.
	b=$(jilu action open inspection)
	expect_exit 1 jilu check "$b"
	expect_in "缺少" "$OUT"
}

test_help_check_states_the_exit_codes() {
	expect_exit 0 jilu help check
	expect_in "退出码：0 没有缺少的记录、没有发现问题、没有逾期的期限" "$OUT"
	expect_in "1 缺少记录、发现问题或有期限已逾期" "$OUT"
	expect_exit 0 jilu --lang en help check
	expect_in "Exit status: 0 nothing missing, no findings, nothing overdue" "$OUT"
}

README_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/README.md

# The README's walk-through runs `jilu check $a` with no `|| true`.
test_readme_walkthrough_check_needs_no_or_true() {
	local readme
	readme=$README_SRC
	[ -f "$readme" ] || { fail "README.md of the source tree"; return; }
	expect_not_in 'jilu check $a || true' "$(cat "$readme")"
	expect_in 'jilu check $a ' "$(cat "$readme")"
}

test_deadlines_json_names_each_action_by_title_and_party() {
	ended_inspection
	b=$(jilu action open fee)
	expect_exit 0 jilu record new "$b" fee.collection collected_at=2026-11-05T10:20 \
		'payer:={"name":"昌黎县福满楼餐饮有限公司"}' item=计量器具检定费 'amount:=30' \
		basis=河北省行政事业性收费目录清单 receipt_number="冀非税 00012345" --finalize
	at 2026-11-06T09:00
	expect_exit 0 jilu deadlines --json
	printf '%s' "$OUT" >d.json
	expect_eq "$A|日常检查|昌黎县某超市有限公司
$b||" "$(sqlite3 :memory: "SELECT value->>'action', coalesce(value->>'title', ''),
		coalesce(value->>'party', '') FROM json_each(readfile('d.json')) ORDER BY value->>'action'")" "title, party"
	# A missing one is null, not "".
	expect_eq "null|null" "$(sqlite3 :memory: "SELECT json_type(value, '\$.title'), json_type(value, '\$.party')
		FROM json_each(readfile('d.json')) WHERE value->>'action' = $b")" "nulls"
}

test_status_shows_the_last_verify() {
	ended_inspection
	at 2026-11-06T09:00
	expect_exit 0 jilu status
	expect_in "上次核验：从未核验（运行 jilu verify）" "$OUT"
	expect_exit 0 jilu status --json
	expect_in '"last_verify":	null' "$OUT"
	expect_exit 0 jilu verify
	at 2026-11-06T09:30
	expect_exit 0 jilu status
	expect_in "上次核验：2026-11-06T09:00，存证链完好（" "$OUT"
	expect_exit 0 jilu --lang en status
	expect_in "Last verify: 2026-11-06T09:00, the ledger held (" "$OUT"
	expect_exit 0 jilu status --json
	printf '%s' "$OUT" >s.json
	expect_eq "2026-11-06T09:00|ok|$(q 'SELECT count(*) FROM ledger')" \
		"$(sqlite3 :memory: "SELECT s->>'\$.last_verify.at', s->>'\$.last_verify.result', s->>'\$.last_verify.entries' FROM (SELECT readfile('s.json') AS s)")" "json"
	# A fault is noted as one.
	q "DROP TRIGGER actions_opened_kept; UPDATE actions SET title = '改过' WHERE id = $A"
	expect_exit 1 jilu verify
	expect_exit 0 jilu status
	expect_in "上次核验：2026-11-06T09:30，发现不符——运行 jilu verify 查看" "$OUT"
}

# Verify on read-only media verifies and notes nothing; it never fails for it.
# Needs root for the bind mount, as CI is: a failed mount fails the test.
test_verify_on_a_read_only_store_succeeds_without_the_note() {
	ended_inspection
	mkdir ro
	mount --bind "$TEST_DIR" ro || { fail "bind mount"; return; }
	if ! mount -o remount,bind,ro ro; then
		umount ro
		fail "read-only remount"
		return
	fi
	expect_exit 0 jilu --db ro/jilu.db verify
	expect_in "存证链完好" "$OUT"
	expect_eq "" "$ERR" "stderr"
	expect_exit 0 jilu --db ro/jilu.db status
	expect_in "上次核验：从未核验" "$OUT"
	umount ro
}

# ---- every condition and every check in words (describe) -------------------

FORMS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

# Every `when` and every check and finding of the shipped definitions has
# its describe, in zh and en, and no program id inside the Chinese.
test_every_condition_and_check_of_the_forms_has_a_describe() {
	local f
	expect_exit 0 jilu forms check
	for f in "$FORMS_SRC"/*.json; do
		case $f in */kinds.json | */calendar.json) continue ;; esac
		expect_eq "" "$(sqlite3 :memory: "
			SELECT 'field ' || value->>'id' FROM json_each(readfile('$f'), '\$.fields')
			 WHERE value->>'when' IS NOT NULL AND (value->>'\$.describe.zh' IS NULL OR value->>'\$.describe.en' IS NULL)
			UNION ALL
			SELECT 'check ' || value->>'id' FROM json_each(json_insert(readfile('$f'), '\$.checks', json('[]')), '\$.checks')
			 WHERE value->>'\$.describe.zh' IS NULL OR value->>'\$.describe.en' IS NULL
			UNION ALL
			SELECT 'finding ' || value->>'id' FROM json_each(json_insert(readfile('$f'), '\$.findings', json('[]')), '\$.findings')
			 WHERE value->>'\$.describe.zh' IS NULL OR value->>'\$.describe.en' IS NULL
			UNION ALL
			SELECT 'id in zh ' || value->>'\$.describe.zh' FROM json_each(readfile('$f'), '\$.fields')
			 WHERE value->>'\$.describe.zh' GLOB '*[a-z_\$]*'
			UNION ALL
			SELECT 'id in zh ' || value->>'\$.describe.zh' FROM json_each(json_insert(readfile('$f'), '\$.checks', json('[]')), '\$.checks')
			 WHERE value->>'\$.describe.zh' GLOB '*[a-z_\$]*'")" "$(basename "$f")"
	done
}

test_forms_check_refuses_a_condition_without_its_describe() {
	mkdir f
	cp "$FORMS_SRC"/*.json f/
	# The first describe of the service receipt (送达方式为直接送达) removed.
	python3 - f/service.receipt.json <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding='utf-8'))
for x in d['fields']:
    if 'when' in x:
        del x['describe']
        break
json.dump(d, open(p, 'w', encoding='utf-8'), ensure_ascii=False)
PY
	expect_exit 2 jilu forms check f
	expect_in "service.receipt.json" "$OUT$ERR"
	expect_in "fields[" "$OUT$ERR"
	expect_in "].describe" "$OUT$ERR"
	expect_in "有条件（when）的字段须有 describe" "$OUT$ERR"
	expect_exit 2 jilu --lang en forms check f
	expect_in "a field with a condition (when) needs a describe" "$OUT$ERR"
}

test_forms_check_refuses_a_check_without_its_describe() {
	mkdir f
	cp "$FORMS_SRC"/*.json f/
	python3 - f/inspection.onsite.json <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding='utf-8'))
del d['checks'][0]['describe']
json.dump(d, open(p, 'w', encoding='utf-8'), ensure_ascii=False)
PY
	expect_exit 2 jilu forms check f
	expect_in "inspection.onsite.json" "$OUT$ERR"
	expect_in "checks[0].describe" "$OUT$ERR"
	expect_in "每条检查和发现项须有 describe" "$OUT$ERR"
}

# forms show prints each check's rule in words with what is said when it
# fails, and an optional field's condition too; never an expression.
test_forms_show_prints_the_describes() {
	expect_exit 0 jilu forms show inspection.onsite
	expect_in "检查结束时间晚于开始时间" "$OUT"
	expect_in "不符时：" "$OUT"
	expect_not_in "julianday" "$OUT"
	expect_exit 0 jilu forms show service.receipt
	expect_in "留置送达的，附有录像" "$OUT"
	expect_not_in "\$_video" "$OUT"
	expect_exit 0 jilu --lang en forms show penalty.appraisal
	expect_in "the appraisal opinion is attached (a scan or a photo)" "$OUT"
	expect_in "if not: " "$OUT"
	expect_exit 0 jilu forms show service.receipt
	expect_in "选填，适用于 送达方式为直接送达" "$OUT"
}

# ---- who must sign: the signatures field's signers, one source ---------------

# A copy of the forms whose inspection wants three officers (and says so).
three_officers_forms() {
	mkdir f
	cp "$FORMS_SRC"/*.json f/
	python3 - f/inspection.onsite.json <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding='utf-8'))
for x in d['fields']:
    if x['id'] == 'signatures':
        g = x['signers'][1]
        g['min'] = 3
        g['describe'] = {'zh': '三名执法人员签名', 'en': "three officers' signatures"}
json.dump(d, open(p, 'w', encoding='utf-8'), ensure_ascii=False)
PY
	export JILU_FORMS=$PWD/f
}

test_the_signers_of_the_definition_decide_who_must_sign() {
	setup_store
	at 2026-11-05T10:30
	local a
	a=$(jilu action open inspection)
	# As shipped: a party and two officers are enough.
	expect_exit 0 jilu record new "$a" inspection.onsite started_at=2026-11-05T09:00 \
		ended_at=2026-11-05T10:00 place=某超市 situation=货架整齐 result=no_issue \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" 'av:={"mode":"none","reason":"商业秘密"}' \
		"signatures:=$SIGS_INSPECTION" --finalize
	# The definition alone changed: three are needed, and the refusal says so.
	three_officers_forms
	expect_exit 3 jilu record new "$a" inspection.onsite started_at=2026-11-05T09:00 \
		ended_at=2026-11-05T10:00 place=某超市 situation=货架整齐 result=no_issue \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" 'av:={"mode":"none","reason":"商业秘密"}' \
		"signatures:=$SIGS_INSPECTION" --finalize
	expect_in "R18.3 第十八条: signatures: 须有三名执法人员签名（现有 2 名）" "$ERR"
	expect_exit 0 jilu forms show inspection.onsite
	expect_in "三名执法人员签名" "$OUT"
	expect_not_in "两名执法人员签名" "$OUT"
}

test_forms_show_names_who_must_sign() {
	expect_exit 0 jilu forms show penalty.inquiry
	expect_in "须有：当事人（申请人）、在场人或被询问人签名或盖章（拒绝的须注明原因）" "$OUT"
	expect_in "两名执法人员签名" "$OUT"
	expect_exit 0 jilu --lang en forms show penalty.inquiry
	expect_in "needs: the party (applicant), a person present or the interviewee to sign or seal" "$OUT"
}

test_forms_check_refuses_bad_signers() {
	mkdir f
	cp "$FORMS_SRC"/*.json f/
	python3 - f/penalty.inquiry.json f/penalty.onsite.json f/penalty.hearing.json <<'PY'
import json, sys
def edit(p, fn):
    d = json.load(open(p, encoding='utf-8'))
    fn(d)
    json.dump(d, open(p, 'w', encoding='utf-8'), ensure_ascii=False)
def sig(d):
    return [x for x in d['fields'] if x['id'] == 'signatures'][0]
edit(sys.argv[1], lambda d: sig(d)['signers'][0]['roles'].append('boss'))
edit(sys.argv[2], lambda d: sig(d)['signers'][1].pop('describe'))
# the rule the signers replaced is no longer a rule
edit(sys.argv[3], lambda d: d.__setitem__('rules', ['signature_rule']))
PY
	expect_exit 2 jilu forms check f
	expect_in "penalty.inquiry.json: \$.fields[" "$OUT$ERR"
	expect_in "].signers[0].roles[4]" "$OUT$ERR"
	expect_in "不是签名角色" "$OUT$ERR"
	expect_in "].signers[1].describe" "$OUT$ERR"
	expect_in "penalty.hearing.json: \$.rules" "$OUT$ERR"
	expect_in "signature_rule" "$OUT$ERR"
}
