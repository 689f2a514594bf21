# Every form of forms/*.json against its fixture (tests/fixtures/forms/):
# a complete record finalises as entered; without any one required field it
# is refused, citing that field's requirement id; an invalid value of any
# field, of any shape, is refused, citing the field's requirement id; the
# checks and one-record rules of the definitions refuse what they should.
#
# Fixtures are data (tests/fixtures/forms/):
#   FORM.args           a complete record: one FIELD=TEXT or FIELD:=JSON a line
#   FORM@VARIANT.args   the same form down another branch (an outcome, a method)
#   FORM.setup          what the action holds first, one step a line:
#                         kind KIND                  the kind of action opened
#                         record FIXTURE [ARG ...]   a final record of that
#                                                    fixture, ARGs replacing lines
#                         close                      the action is closed
#                       FORM@VARIANT uses FORM@VARIANT.setup, else FORM.setup;
#                       without one, the action is of the form's first kind.
#   In args, @{FORM} stands for the id of the setup record of FORM.
#   refusals.tsv        checks and rules: fixture, argument, req, where, message
#
# Field ids, shapes, `required`, `when` and `req` are read from
# `jilu forms show FORM --json`, so the tests follow the definitions.
#
# Exit codes: a value of the wrong shape is refused when it is entered (2,
# invalid input); a record that breaks a rule of the Measures is refused at
# finalising (3). Either way nothing is stored.

source "$(dirname "${BASH_SOURCE[0]}")/forms_lib.sh"

# Every fixture name (FORM or FORM@VARIANT), one a line.
fixture_names() {
	local f
	for f in "$FIXTURES"/*.args; do
		f=${f##*/}
		echo "${f%.args}"
	done
}

# Does $ERR hold a line beginning with REQ (and its article) whose place is
# FIELD, FIELD.key or FIELD[i]…, and whose text holds TEXT (may be empty)?
refused_at() {
	local req=$1 field=$2 text=$3 line
	while IFS= read -r line; do
		case $line in
		"$req "*": $field: "* | "$req "*": $field."*": "* | "$req "*": $field["*": "*)
			case $line in *"$text"*) return 0 ;; esac ;;
		esac
	done <<<"$ERR"
	return 1
}

count_records() { q "SELECT count(*) FROM records WHERE state = 'final'"; }

# $1 as an SQL string literal.
sql_quote() {
	local s="'"
	REPLY="'${1//$s/$s$s}'"
}

# The JSON value of argument $1 as an SQL expression.
arg_sql() {
	case $1 in
	*:=*) sql_quote "${1#*:=}"; REPLY="json($REPLY)" ;;
	*) sql_quote "${1#*=}"; REPLY="json_quote($REPLY)" ;;
	esac
}

# The required fields of FORM that apply to a record whose data is the SQL
# expression DATA: those without `when`, and those whose `when` holds, read
# as the engine binds it ($field → the field's value, true/false → 1/0).
# One a line: id, req — separated by $US. DB is the database to run on.
required_fields() {
	local form=$1 data=$2 db=$3 fid type required when rid rest sql="" cond sub
	while IFS=$US read -r fid type required when rid rest; do
		[ "$required" = 1 ] || continue
		cond=1
		if [ -n "$when" ]; then
			cond=$when
			# Leftmost first, so that $a never eats the start of $ab.
			while [[ $cond =~ \$([a-z_][a-z0-9_]*) ]]; do
				sub="json_extract(d.data, '\$.${BASH_REMATCH[1]}')"
				cond=${cond/"${BASH_REMATCH[0]}"/"$sub"}
			done
		fi
		sql+="${sql:+ UNION ALL }SELECT '$fid', '$rid' FROM d WHERE ($cond) = 1"
	done < <(form_fields "$form")
	[ -n "$sql" ] || return 0
	sqlite3 -separator "$US" "$db" "WITH d(data) AS (SELECT $data) $sql"
}

# Field names whose stored value in record ID differs from ARGS (compared as
# JSON trees, so key order does not matter).
stored_differs() {
	local id=$1 a flat sql=""
	flat="SELECT group_concat(k, ' ') FROM (SELECT fullkey || '=' || coalesce(quote(atom), type) AS k FROM json_tree(%s) ORDER BY 1)"
	for a in "${ARGS[@]}"; do
		arg_field "$a"
		local name=$REPLY
		arg_sql "$a"
		# shellcheck disable=SC2059
		sql+="SELECT '$name' WHERE ($(printf "$flat" "$REPLY")) IS NOT ($(printf "$flat" "(SELECT data -> '\$.$name' FROM records WHERE id = $id)"));"
	done
	q "$sql"
}

# ---- 34 forms, each with a fixture --------------------------------------

test_there_are_34_forms_and_every_one_has_a_fixture() {
	local forms fixtures
	expect_exit 0 jilu forms list
	forms=$(awk '{ print $1 }' <<<"$OUT" | sort)
	expect_eq 34 "$(wc -l <<<"$forms")" "forms listed"
	fixtures=$(fixture_names | sed 's/@.*//' | sort -u)
	expect_eq "$forms" "$fixtures" "forms with a fixture"
}

# The per-fixture tests cover a `when` field only where a fixture satisfies
# its condition: together, the fixtures of a form reach every required field.
test_fixtures_reach_every_required_field_of_every_form() {
	local form v a obj fid rid required when rest
	declare -A reached
	# Ids of setup records decide no condition: every placeholder stands for 0.
	for form in $(jilu forms list | awk '{ print $1 }'); do IDS[$form]=0; done
	for v in $(fixture_names); do
		form=${v%%@*}
		fixture_args "$v"
		obj=""
		for a in "${ARGS[@]}"; do
			arg_field "$a"
			sql_quote "$REPLY"
			obj+="${obj:+, }$REPLY"
			arg_sql "$a"
			obj+=", $REPLY"
		done
		while IFS=$US read -r fid rid; do
			reached[$form.$fid]=1
		done < <(required_fields "$form" "json_object($obj)" :memory:)
	done
	for form in $(jilu forms list | awk '{ print $1 }'); do
		while IFS=$US read -r fid a required when rest; do
			[ "$required" = 1 ] || continue
			[ -n "${reached[$form.$fid]:-}" ] ||
				fail "$form.$fid is required (when ${when:-always}) but no fixture of $form needs it"
		done < <(form_fields "$form")
	done
}

# ---- per fixture: each required field left out, then complete ------------

# The fixture's record, without each required field that applies to it
# (always, or its `when` holds for the complete record), is refused (exit 3)
# with a line that begins with the field's requirement id and names the
# field; nothing is stored. Complete, it finalises (exit 0), holds every
# value as entered, and the ledger verifies.
fixture_needs_each_field_and_finalises() {
	local v=$1 form=${1%%@*} draft fid rid before n=0
	forms_store
	fixture_open "$v" || return
	fixture_args "$v"
	# A draft of the complete record: what the `when` conditions see.
	expect_exit 0 jilu record new "$A" "$form" "${ARGS[@]}"
	draft=$OUT
	[ -n "$draft" ] || return
	before=$(count_records)
	while IFS=$US read -r fid rid; do
		n=$((n + 1))
		fixture_args "$v"
		args_without "$fid"
		expect_exit 3 jilu record new "$A" "$form" "${ARGS[@]}" --finalize
		refused_at "$rid" "$fid" "" || fail "$v without $fid: no line beginning with $rid naming $fid in: $ERR"
	done < <(required_fields "$form" "(SELECT data FROM records WHERE id = $draft)" "$JILU_DB")
	[ "$n" -gt 0 ] || fail "$v: no required field found in its definition"
	expect_eq "$before" "$(count_records)" "records after the refusals of $v"

	fixture_args "$v"
	expect_exit 0 jilu --as "$(form_actor "$form")" record finalize "$draft"
	expect_eq final "$(q "SELECT state FROM records WHERE id = $draft")" "state of $v"
	expect_eq "" "$(stored_differs "$draft")" "fields of $v not stored as entered"
	expect_exit 0 jilu verify
}

for _v in $(fixture_names); do
	eval "test_${_v//[.@]/_}_needs_each_required_field_and_finalises_complete() { fixture_needs_each_field_and_finalises '$_v'; }"
done
unset _v

# ---- per form: an invalid value of every field --------------------------

# INVALID lines for a field of TYPE: exit code, where after the field id
# ("", ".key", "[i]"…), part of the message, then the argument — separated
# by $US. FIELD, MIN and CHOICE come from the definition.
invalid_values() {
	local f=$1 type=$2 min=$3 choice=$4 one more i
	case $type in
	text)
		echo "2${US}${US}应为文字${US}$f:=123" ;;
	date)
		echo "2${US}${US}日期不存在：2026-02-29${US}$f=2026-02-29"
		echo "2${US}${US}应为日期（YYYY-MM-DD）${US}$f=2026.11.26" ;;
	datetime)
		echo "2${US}${US}日期或时间不存在${US}$f=2026-11-31T09:00"
		echo "2${US}${US}日期或时间不存在${US}$f=2026-11-05T24:30"
		echo "2${US}${US}应为日期时间${US}$f=十一月五日上午" ;;
	bool)
		echo "2${US}${US}应为 是 或 否${US}$f=也许" ;;
	choice)
		echo "2${US}${US}应为以下之一${US}$f=no_such_choice" ;;
	choices)
		echo "2${US}[0]${US}应为以下之一${US}$f:=[\"no_such_choice\"]"
		echo "2${US}[1]${US}重复的选项：$choice${US}$f:=[\"$choice\",\"$choice\"]" ;;
	money)
		echo "2${US}${US}金额最多两位小数${US}$f:=1200.125"
		echo "2${US}${US}金额不能为负${US}$f:=-50"
		echo "2${US}${US}应为金额${US}$f=伍万元" ;;
	list)
		echo "2${US}[1]${US}不能为空${US}$f:=[\"营业执照\",\"  \"]"
		echo "2${US}${US}应为文字数组${US}$f:=\"营业执照\""
		if [ -n "$min" ] && [ "$min" -gt 1 ]; then
			more='"甲"'
			for ((i = 2; i < min; i++)); do more+=',"乙'"$i"'"'; done
			echo "3${US}${US}至少${min}项（现有 $((min - 1)) 项）${US}$f:=[$more]"
		fi ;;
	record)
		echo "2${US}${US}本执法活动中没有记录 9999${US}$f:=9999"
		echo "2${US}${US}应为记录编号${US}$f=第一号" ;;
	party)
		echo "2${US}.id_number${US}校验位错误，应为 8${US}$f:={\"name\":\"昌黎县鑫源食品有限公司\",\"id_type\":\"uscc\",\"id_number\":\"91130322MA0C4K7L59\"}"
		echo "2${US}.id_number${US}校验位错误，应为 2${US}$f:={\"name\":\"王五\",\"id_type\":\"resident_id\",\"id_number\":\"130322198005121233\"}"
		echo "2${US}.id_number${US}出生日期不是有效日期${US}$f:={\"name\":\"王五\",\"id_type\":\"resident_id\",\"id_number\":\"130322199002301232\"}"
		echo "3${US}.name${US}须填写名称${US}$f:={\"id_type\":\"other\",\"address\":\"昌黎县民生街1号\"}" ;;
	officers)
		one='{"name":"张三","cert":"13001","shown":true}'
		echo "3${US}${US}至少2名执法人员（现有 1 名）${US}$f:=[$one]"
		echo "2${US}[1].cert${US}执法证号重复${US}$f:=[$one,{\"name\":\"张叁\",\"cert\":\"13001\",\"shown\":true}]"
		echo "3${US}[1].shown${US}须记录是否出示执法证件${US}$f:=[$one,{\"name\":\"李四\",\"cert\":\"13002\"}]" ;;
	signatures)
		echo "3${US}[0].reason${US}拒签须写明原因${US}$f:=[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"refused\"}]"
		echo "2${US}[0].role${US}应为以下之一${US}$f:=[{\"role\":\"boss\",\"name\":\"王五\",\"status\":\"signed\"}]"
		echo "2${US}[0].status${US}应为以下之一${US}$f:=[{\"role\":\"party\",\"name\":\"王五\",\"status\":\"agreed\"}]" ;;
	av)
		echo "3${US}.reason${US}未全程音像记录须说明原因${US}$f:={\"mode\":\"photos\"}"
		echo "3${US}.reason${US}未全程音像记录须说明原因${US}$f:={\"mode\":\"none\",\"reason\":\"  \"}"
		echo "2${US}.mode${US}应为以下之一${US}$f:={\"mode\":\"film\"}" ;;
	*)
		echo "9${US}${US}no invalid value known for shape $type${US}$f=" ;;
	esac
}

# For every field of FORM, an invalid value of its shape (all of the shape's
# cases on its first field in the form, the first case on the others), put
# in the complete fixture, is refused — exit 2 when entered, 3 for a count
# short of `min` at finalising — with a line beginning with the field's
# requirement id and naming the field; nothing is stored.
form_refuses_invalid_values() {
	local form=$1 fid type required when rid min choice code where text arg before n=0 cases
	declare -A seen
	forms_store
	fixture_open "$form" || return
	before=$(count_records)
	while IFS=$US read -r fid type required when rid min choice; do
		cases=$(invalid_values "$fid" "$type" "$min" "$choice")
		[ -n "${seen[$type]:-}" ] && cases=$(head -n 1 <<<"$cases")
		seen[$type]=1
		while IFS=$US read -r code where text arg; do
			[ "$code" = 9 ] && { fail "$form.$fid: $text"; continue; }
			n=$((n + 1))
			fixture_args "$form" "$arg"
			expect_exit "$code" jilu record new "$A" "$form" "${ARGS[@]}" --finalize
			# A refusal without its reason cites R11.3 on any form (spec/forms.md).
			local want=$rid
			[ "$text" = 拒签须写明原因 ] && want=R11.3
			refused_at "$want" "$fid$where" "$text" ||
				fail "$form $arg: no line beginning with $want naming $fid$where with “$text” in: $ERR"
		done <<<"$cases"
	done < <(form_fields "$form")
	[ "$n" -gt 0 ] || fail "$form: no field tried"
	expect_eq "$before" "$(count_records)" "records after the refusals of $form"
}

for _f in $(fixture_names | grep -v @); do
	eval "test_${_f//./_}_invalid_value_of_every_field_is_refused_citing_it() { form_refuses_invalid_values '$_f'; }"
done
unset _f

# ---- checks and one-record rules (refusals.tsv) -------------------------

test_checks_and_rules_refuse_with_their_requirement_id() {
	local v arg req where text what n=0
	forms_store
	while IFS=$'\t' read -r v arg req where text what; do
		case $v in '' | '#'*) continue ;; esac
		n=$((n + 1))
		fixture_open "$v" || continue
		fixture_args "$v" "$arg"
		expect_exit 3 jilu record new "$A" "${v%%@*}" "${ARGS[@]}" --finalize
		refused_at "$req" "$where" "$text" ||
			fail "$v $arg ($what): no line beginning with $req at $where with “$text” in: $ERR"
	done <"$FIXTURES/refusals.tsv"
	[ "$n" -ge 20 ] || fail "refusals.tsv: only $n rows read"
}

# Every check of every definition is exercised by a row of refusals.tsv.
test_every_check_of_the_definitions_has_a_refusal_row() {
	local form id
	for form in $(jilu forms list | awk '{ print $1 }'); do
		form_def "$form" || continue
		for id in $(sqlite3 :memory: "SELECT value->>'id' FROM json_each(readfile('$DEF'), '\$.checks')"); do
			awk -F'\t' -v f="$form" -v c="$id" '$1 ~ "^" f "(@|$)" && $6 == c { found = 1 } END { exit !found }' \
				"$FIXTURES/refusals.tsv" || fail "check $form/$id has no row in refusals.tsv"
		done
	done
}

# ---- what is a finding, not a refusal ------------------------------------

# A certificate not shown is recorded as such: the record is final, and
# `jilu check` reports it (spec: officers rule).
test_certificate_not_shown_finalises_and_is_a_finding() {
	forms_store
	fixture_open penalty.inquiry || return
	fixture_args penalty.inquiry 'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]'
	expect_exit 0 jilu record new "$A" penalty.inquiry "${ARGS[@]}" --finalize
	local id=$OUT
	expect_exit 1 jilu check "$A"
	expect_in "R9.1 第九条: 记录 $id《询问笔录》询问人: 执法人员 李四（13002）未出示执法证件" "$OUT"
}

# A party may refuse to sign: with its reason, and the other signatures the
# rule wants, the record is final (R11.3).
test_refused_signature_with_reason_finalises() {
	forms_store
	fixture_open penalty.inquiry || return
	fixture_args penalty.inquiry 'signatures:=[{"role":"interviewee","name":"王五","status":"refused","reason":"称须先咨询律师"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	expect_exit 0 jilu record new "$A" penalty.inquiry "${ARGS[@]}" --finalize
}

# Text is kept trimmed (full-width spaces too), and a blank text counts as
# missing.
test_blank_text_is_missing_and_text_is_trimmed() {
	forms_store
	fixture_open fee.collection || return
	fixture_args fee.collection 'item=　 　'
	expect_exit 3 jilu record new "$A" fee.collection "${ARGS[@]}" --finalize
	refused_at R2.1 item "必填" || fail "blank item not refused as missing: $ERR"
	fixture_args fee.collection 'receipt_number=  冀非税 130322-00012345　'
	expect_exit 0 jilu record new "$A" fee.collection "${ARGS[@]}" --finalize
	expect_eq "冀非税 130322-00012345" "$(q "SELECT data ->> '\$.receipt_number' FROM records WHERE id = $OUT")" "trimmed receipt number"
}

# A field the form does not have is refused; nothing is stored.
test_unknown_field_is_refused() {
	forms_store
	fixture_open fee.collection || return
	fixture_args fee.collection 'discount:=10'
	expect_exit 2 jilu record new "$A" fee.collection "${ARGS[@]}" --finalize
	expect_in "discount" "$ERR"
	expect_eq 0 "$(count_records)" "records"
}

# A form is used only in the kinds of action its definition names (R2.1).
test_form_in_an_action_of_another_kind_is_refused_r2_1() {
	forms_store
	local a
	a=$(jilu action open fee)
	fixture_args inspection.onsite
	expect_exit 3 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "R2.1" "$ERR"
}

# A record field points into the same action only.
test_record_of_another_action_is_refused() {
	forms_store
	fixture_open correction.review || return
	local other order
	other=$(jilu action open inspection)
	fixture_args correction.order
	order=$(jilu record new "$other" correction.order "${ARGS[@]}" --finalize) || { fail "order"; return; }
	fixture_args correction.review "order:=$order"
	expect_exit 2 jilu record new "$A" correction.review "${ARGS[@]}" --finalize
	refused_at R13.2 order "本执法活动中没有记录 $order" || fail "order of another action: $ERR"
}

# A record field must point at a record of the form it names.
test_record_of_the_wrong_form_is_refused() {
	forms_store
	fixture_open correction.review || return
	local onsite
	fixture_args inspection.onsite
	onsite=$(jilu record new "$A" inspection.onsite "${ARGS[@]}" --finalize) || { fail "onsite"; return; }
	fixture_args correction.review "order:=$onsite"
	expect_exit 2 jilu record new "$A" correction.review "${ARGS[@]}" --finalize
	refused_at R13.2 order "应为 correction.order" || fail "order pointing at an inspection: $ERR"
}

# A receipt serves a final record: a draft is not yet a document to serve.
test_service_of_a_draft_is_refused() {
	forms_store
	fixture_open service.receipt || return
	local draft
	fixture_args penalty.decision
	draft=$(jilu record new "$A" penalty.decision "${ARGS[@]}") || { fail "draft"; return; }
	fixture_args service.receipt "serves:=$draft"
	expect_exit 3 jilu record new "$A" service.receipt "${ARGS[@]}" --finalize
	refused_at R14.1 serves "尚未定稿" || fail "serving a draft: $ERR"
}

# A confidential record is never given in a copy (R21.1, R20.2).
test_copy_of_a_confidential_record_is_refused() {
	forms_store
	fixture_open copy.request || return
	local secret
	fixture_args inspection.onsite 'confidential:=true'
	secret=$(jilu record new "$A" inspection.onsite "${ARGS[@]}" --finalize) || { fail "confidential record: $ERR"; return; }
	fixture_args copy.request "records:=[\"$secret\"]"
	expect_exit 3 jilu record new "$A" copy.request "${ARGS[@]}" --finalize
	refused_at R20.2 "records[0]" "不得提供复制件" || fail "copy of a confidential record: $ERR"
	fixture_args copy.request@refused "records:=[\"$secret\"]"
	expect_exit 0 jilu --as liu record new "$A" copy.request "${ARGS[@]}" --finalize
}

# Archiving needs the action closed (R19.1).
test_archive_of_an_open_action_is_refused_r19_1() {
	forms_store
	local a
	a=$(jilu action open inspection)
	fixture_args archive.casefile
	expect_exit 3 jilu record new "$a" archive.casefile "${ARGS[@]}" --finalize
	expect_in "R19.1 第十九条" "$ERR"
	expect_in "尚未结束" "$ERR"
}
