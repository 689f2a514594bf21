# tests/cli/test_officers_roster.sh — officers in records are the roster
# (issue 9 item 3; R7.1, R9.1, R18.1; core/roster.h): an `officers` entry
# and an officer signature name a roster officer by id, the name and the
# certificate number are the roster's as of the day the record is
# finalised, and whoever is not on the roster is refused citing the article
# the form serves.

OR_FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures" && pwd)

q() { sqlite3 "$JILU_DB" "$@"; }

# ARGS from fixture FORM's .args file, each of "$@" in place of the line of
# its field.
or_args() {
	local line o skip file=$OR_FIX/forms/$1.args
	shift
	ARGS=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		skip=0
		for o in "$@"; do
			[ "${o%%[:=]*}" = "${line%%[:=]*}" ] && skip=1
		done
		[ $skip = 1 ] || ARGS+=("$line")
	done <"$file"
	ARGS+=("$@")
}

or_store() {
	setup_store
	export JILU_NOW=2026-11-06T18:00
}

# The form of each article and the kind of action it is recorded in.
OR_FORMS="licensing licensing.inquiry R7.1
penalty penalty.onsite R9.1
inspection inspection.onsite R18.1"

data() { q "SELECT json_extract(data, '$2') FROM records WHERE id = $1"; }
count_final() { q "SELECT count(*) FROM records WHERE state = 'final'"; }

BY_ID='[{"id":"zhang","shown":true},{"id":"li","shown":false}]'
SIGS_BY_ID='[{"role":"party","name":"王五","status":"signed"},{"role":"officer","id":"zhang","status":"signed"},{"role":"officer","id":"li","status":"signed"}]'

test_officers_by_roster_id_get_the_rosters_name_and_certificate() {
	or_store
	local a r
	a=$(jilu action open inspection --title 检查)
	or_args inspection.onsite "officers:=$BY_ID" "signatures:=$SIGS_BY_ID"
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	r=$OUT
	expect_eq '[{"cert":"13001","id":"zhang","name":"张三","shown":true},{"cert":"13002","id":"li","name":"李四","shown":false}]' \
		"$(data "$r" '$.officers')" "officers stored"
	expect_eq '[{"name":"王五","role":"party","status":"signed"},{"id":"zhang","name":"张三","role":"officer","status":"signed"},{"id":"li","name":"李四","role":"officer","status":"signed"}]' \
		"$(data "$r" '$.signatures')" "signatures stored"
	# Shown, exported and in the case file by name and certificate, as before.
	expect_exit 0 jilu record show "$r"
	expect_in "张三（执法证号 13001，已出示证件）" "$OUT"
	expect_in "李四（执法证号 13002，未出示证件）" "$OUT"
	expect_exit 0 jilu --lang en record show "$r"
	expect_in "张三 (certificate 13001, shown)" "$OUT"
	expect_exit 0 jilu export "$a"
	expect_in "张三（执法证号 13001，已出示证件）" "$OUT"
	expect_exit 0 jilu verify
}

test_the_compact_typed_form_names_officers_by_id() {
	or_store
	local a r
	a=$(jilu action open inspection --title 检查)
	or_args inspection.onsite officers=zhang+,li- signatures=party:王五,officer:zhang,officer:li
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	r=$OUT
	expect_eq '[{"cert":"13001","id":"zhang","name":"张三","shown":true},{"cert":"13002","id":"li","name":"李四","shown":false}]' \
		"$(data "$r" '$.officers')" "officers stored"
	expect_eq 'zhang|li' "$(q "SELECT group_concat(json_extract(s.value, '\$.id'), '|') FROM records, json_each(records.data, '\$.signatures') s WHERE records.id = $r AND json_extract(s.value, '\$.role') = 'officer'")" "signing officers' ids"
}

test_name_and_certificate_without_id_are_still_taken_and_get_the_id() {
	or_store
	local a r
	a=$(jilu action open inspection --title 检查)
	# As scripts wrote them before ids: names and certificates only.
	or_args inspection.onsite 'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":true}]' \
		"signatures:=$SIGS_INSPECTION"
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	r=$OUT
	expect_eq 'zhang|li' "$(q "SELECT group_concat(json_extract(o.value, '\$.id'), '|') FROM records, json_each(records.data, '\$.officers') o WHERE records.id = $r")" "ids filled in"
	expect_eq 'zhang|li' "$(q "SELECT group_concat(json_extract(s.value, '\$.id'), '|') FROM records, json_each(records.data, '\$.signatures') s WHERE records.id = $r AND json_extract(s.value, '\$.role') = 'officer'")" "signing officers' ids"
}

test_a_later_roster_change_leaves_a_final_record_as_it_was() {
	or_store
	local a r r2
	a=$(jilu action open inspection --title 检查)
	or_args inspection.onsite "officers:=$BY_ID"
	r=$(jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize) || fail "finalise: $r"
	# zhang's certificate is renewed (changed here behind jilu's back: no
	# command changes a certificate; the row points at another entry so
	# that the roster's guard lets it through).
	q "UPDATE officers SET cert = '13099', ledger_seq = 0 WHERE id = 'zhang'" || fail "roster change"
	expect_eq 13001 "$(data "$r" '$.officers[0].cert')" "stored certificate"
	expect_exit 0 jilu record show "$r"
	expect_in "张三（执法证号 13001，已出示证件）" "$OUT"
	expect_not_in 13099 "$OUT"
	# export still prints the case file, and says the roster was tampered with.
	OUT=$(jilu export "$a" 2>/dev/null)
	expect_in "张三（执法证号 13001，已出示证件）" "$OUT"
	expect_not_in 13099 "$OUT"
	# A record finalised after the change takes the roster as it is then.
	export JILU_NOW=2026-11-07T18:00
	or_args inspection.onsite "officers:=$BY_ID" started_at=2026-11-07T09:00 ended_at=2026-11-07T10:00
	r2=$(jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize) || fail "second: $r2"
	expect_eq 13099 "$(data "$r2" '$.officers[0].cert')" "the certificate of the day"
}

test_an_officer_not_on_the_roster_is_refused_citing_the_forms_article() {
	or_store
	local kind form req a before
	while read -r kind form req; do
		a=$(jilu action open "$kind" --title 案) || { fail "open $kind"; continue; }
		before=$(count_final)
		or_args "$form" 'officers:=[{"name":"王大锤","cert":"13777","shown":true},{"id":"li","shown":true}]'
		expect_exit 3 jilu record new "$a" "$form" "${ARGS[@]}" --finalize
		expect_in "$req" "$ERR"
		expect_in "officers[0]: 王大锤（证号 13777）不在人员名册中" "$ERR"
		expect_exit 3 jilu --lang en record new "$a" "$form" "${ARGS[@]}" --finalize
		expect_in "$req" "$ERR"
		expect_in "王大锤 (certificate 13777) is not on the roster" "$ERR"
		expect_eq "$before" "$(count_final)" "$form: nothing finalised"
		# The same record with the roster's officer is taken.
		or_args "$form" 'officers:=[{"id":"zhang","shown":true},{"id":"li","shown":true}]'
		expect_exit 0 jilu record new "$a" "$form" "${ARGS[@]}" --finalize
	done <<<"$OR_FORMS"
}

test_a_real_name_with_an_invented_certificate_is_refused() {
	or_store
	local a
	a=$(jilu action open inspection --title 检查)
	or_args inspection.onsite 'officers:=[{"name":"张三","cert":"13999","shown":true},{"name":"李四","cert":"13002","shown":true}]'
	expect_exit 3 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "R18.1" "$ERR"
	expect_in "张三（证号 13999）不在人员名册中" "$ERR"
	# li's certificate under zhang's name is not zhang either.
	or_args inspection.onsite 'officers:=[{"name":"张三","cert":"13002","shown":true},{"name":"李四","cert":"13002","shown":true}]'
	expect_exit 2 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	or_args inspection.onsite 'officers:=[{"name":"张三","cert":"13002","shown":true},{"id":"zhang","shown":true}]'
	expect_exit 3 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "张三（证号 13002）不在人员名册中" "$ERR"
	expect_eq 0 "$(count_final)" "nothing finalised"
}

test_an_id_not_on_the_roster_is_refused() {
	or_store
	local a r
	a=$(jilu action open penalty --title 案)
	# As a draft value: refused at once, nothing stored.
	expect_exit 2 jilu record new "$a" penalty.onsite 'officers:=[{"id":"wang","shown":true}]'
	expect_in "R9.1" "$ERR"
	expect_in "officers[0].id: 人员名册中没有编号为 wang 的执法人员" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM records")" "no draft"
	expect_exit 2 jilu --lang en record new "$a" penalty.onsite 'officers:=[{"id":"wang","shown":true}]'
	expect_in "no officer wang is on the roster" "$ERR"
	# Set into a draft: refused, the draft as it was.
	r=$(jilu record new "$a" penalty.onsite 'officers:=[{"id":"zhang","shown":true}]') || fail "draft"
	expect_exit 2 jilu record set "$r" 'officers:=[{"id":"zhang","shown":true},{"id":"wang","shown":true}]'
	expect_in "R9.1" "$ERR"
	expect_eq zhang "$(data "$r" '$.officers[0].id')" "draft kept"
	expect_eq 1 "$(q "SELECT json_array_length(data, '\$.officers') FROM records WHERE id = $r")" "one officer still"
	# An officer signature by an unknown id too.
	expect_exit 2 jilu record set "$r" 'signatures:=[{"role":"officer","id":"wang","status":"signed"}]'
	expect_in "R9.1" "$ERR"
	expect_in "signatures[0].id: 人员名册中没有编号为 wang 的执法人员" "$ERR"
}

test_a_name_beside_an_id_must_be_that_officers() {
	or_store
	local a
	a=$(jilu action open inspection --title 检查)
	expect_exit 2 jilu record new "$a" inspection.onsite 'officers:=[{"id":"zhang","name":"李四","shown":true}]'
	expect_in "R18.1" "$ERR"
	expect_in "名册中编号 zhang 的执法人员是“张三”，不是“李四”" "$ERR"
	expect_exit 2 jilu --lang en record new "$a" inspection.onsite 'officers:=[{"id":"zhang","cert":"13002","shown":true}]'
	expect_in "officer zhang's certificate on the roster is 13001, not 13002" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM records")" "nothing stored"
}

test_the_same_officer_twice_is_refused_however_named() {
	or_store
	local a
	a=$(jilu action open inspection --title 检查)
	or_args inspection.onsite 'officers:=[{"id":"zhang","shown":true},{"name":"张三","cert":"13001","shown":true}]'
	expect_exit 2 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "officers[1]: 执法人员 zhang 重复" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM records")" "nothing stored"
}

test_an_officer_signature_names_a_roster_officer() {
	or_store
	local a
	a=$(jilu action open licensing --title 许可)
	or_args licensing.inquiry 'signatures:=[{"role":"interviewee","name":"孙立军","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"赵六","status":"signed"}]'
	expect_exit 3 jilu record new "$a" licensing.inquiry "${ARGS[@]}" --finalize
	expect_in "R7.1" "$ERR"
	expect_in "signatures[2].name: 签名的执法人员“赵六”不在人员名册中" "$ERR"
	expect_exit 3 jilu --lang en record new "$a" licensing.inquiry "${ARGS[@]}" --finalize
	expect_in "the signing officer \"赵六\" is not on the roster" "$ERR"
	# An id belongs on an officer's signature only.
	or_args licensing.inquiry 'signatures:=[{"role":"interviewee","id":"li","name":"孙立军","status":"signed"},{"role":"officer","id":"zhang","status":"signed"},{"role":"officer","id":"li","status":"signed"}]'
	expect_exit 2 jilu record new "$a" licensing.inquiry "${ARGS[@]}" --finalize
	expect_in "signatures[0].id: 只有执法人员（officer）的签名写名册编号" "$ERR"
	expect_eq 0 "$(count_final)" "nothing finalised"
	# By id, or by a name only one roster officer has: taken.
	or_args licensing.inquiry 'signatures:=[{"role":"interviewee","name":"孙立军","status":"signed"},{"role":"officer","id":"zhang","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	expect_exit 0 jilu record new "$a" licensing.inquiry "${ARGS[@]}" --finalize
	expect_eq '张三|李四' "$(q "SELECT group_concat(json_extract(s.value, '\$.name'), '|') FROM records, json_each(records.data, '\$.signatures') s WHERE records.id = $OUT AND json_extract(s.value, '\$.role') = 'officer'")" "signing officers"
}

test_a_name_two_roster_officers_share_needs_the_id() {
	or_store
	local a
	jilu --as zhang officer add zhang2 --name 张三 --cert 13003 >/dev/null || fail "second 张三"
	a=$(jilu action open inspection --title 检查)
	or_args inspection.onsite 'signatures:=[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","id":"li","status":"signed"}]'
	expect_exit 3 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "R18.1" "$ERR"
	expect_in "人员名册中有不止一名“张三”" "$ERR"
	# The certificate tells them apart in `officers`.
	or_args inspection.onsite 'officers:=[{"name":"张三","cert":"13003","shown":true},{"id":"li","shown":true}]' \
		"signatures:=$SIGS_BY_ID"
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_eq zhang2 "$(data "$OUT" '$.officers[0].id')" "the 张三 of certificate 13003"
}

# tests/fixtures/store-officers-names: a store made by jilu before officers
# were named by id (device T01, zhang 张三 13001, li 李四 13002, action 1 with
# the final inspection record 1 naming them by name and certificate only).
test_final_records_naming_officers_without_ids_still_verify_and_show() {
	cp "$OR_FIX/store-officers-names/jilu.db" .
	export JILU_DB=$PWD/jilu.db JILU_OFFICER=zhang JILU_NOW=2026-11-06T12:00
	expect_eq '[{"cert":"13001","name":"张三","shown":true},{"cert":"13002","name":"李四","shown":true}]' \
		"$(data 1 '$.officers')" "the fixture's old value"
	# Brought up to the schema of today (reading commands do not upgrade).
	expect_exit 0 jilu init
	expect_exit 0 jilu verify
	expect_in "1 条定稿记录" "$OUT"
	expect_exit 0 jilu record show 1
	expect_in "张三（执法证号 13001，已出示证件）" "$OUT"
	expect_exit 0 jilu export 1
	expect_in "李四（执法证号 13002，已出示证件）" "$OUT"
	# Written to since (a new record by id), it still verifies whole.
	or_args inspection.onsite "officers:=$BY_ID"
	expect_exit 0 jilu record new 1 inspection.onsite "${ARGS[@]}" --finalize
	expect_exit 0 jilu verify
	expect_in "2 条定稿记录" "$OUT"
	expect_eq '[{"cert":"13001","name":"张三","shown":true},{"cert":"13002","name":"李四","shown":true}]' \
		"$(data 1 '$.officers')" "the old record unchanged"
	# Corrected, the old record's officers are found on the roster and the
	# correction names them by id.
	expect_exit 0 jilu record amend 1 --reason 地点笔误 place=昌黎县民生街2号
	expect_eq 'zhang|li' "$(q "SELECT group_concat(json_extract(o.value, '\$.id'), '|') FROM records, json_each(records.data, '\$.officers') o WHERE records.id = $OUT")" "the correction's officers"
	expect_exit 0 jilu verify
}

test_an_officer_retired_before_the_records_time_is_refused() {
	or_store
	local a
	a=$(jilu action open inspection --title 检查)
	export JILU_NOW=2026-11-10T12:00
	expect_exit 0 jilu --as zhang officer retire li --reason 调离
	export JILU_NOW=2026-11-12T18:00
	# An inspection on 11-11, after li left: neither among the officers nor
	# signing.
	or_args inspection.onsite started_at=2026-11-11T09:00 ended_at=2026-11-11T10:00 "signatures:=$SIGS_BY_ID"
	expect_exit 3 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "R18.1 第十八条: officers[1]: 执法人员 li（李四）已于 2026-11-10T12:00" "$ERR"
	expect_in "signatures[2]: 执法人员 li（李四）已于" "$ERR"
	expect_exit 3 jilu --lang en record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "officers[1]: officer li (李四) was retired at 2026-11-10T12:00" "$ERR"
	expect_eq 0 "$(count_final)" "nothing finalised"
	# Named by name and certificate, he is the same retired officer.
	or_args inspection.onsite started_at=2026-11-11T09:00 ended_at=2026-11-11T10:00
	expect_exit 3 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "officers[1]: 执法人员 li（李四）已于" "$ERR"
	# The inspection of 11-05, while he served, written up now: taken.
	or_args inspection.onsite "signatures:=$SIGS_BY_ID"
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_eq li "$(data "$OUT" '$.officers[1].id')" "li in the record of 11-05"
}
