# tests/cli/test_roles.sh — the permission table (core/perm.h, README "Who
# may do what"): every row tried refused and allowed, refusals exit 6 with a
# line naming the requirement, the role needed and who acted.

ROLES_FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/forms" && pwd)

q() { sqlite3 "$JILU_DB" "$@"; }

# zhang (admin, the first officer), li (officer), zhao (archivist), liu (head),
# sun (supervisor).
roles_store() {
	# Every entry at JILU_NOW, none by the real clock: the ledger's times
	# only go forward, whatever day the tests run.
	export JILU_NOW=2026-12-01T16:00
	setup_store
	jilu --as zhang officer add zhao --name 赵敏 --cert 13005 --role archivist >/dev/null || fail "zhao"
	jilu --as zhang officer add liu --name 刘建国 --cert 13006 --role head >/dev/null || fail "liu"
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail "sun"
}

# ARGS from fixture FORM's .args file, each of "$@" in place of the line of
# its field (a field given twice is refused).
fix_args() {
	local line o skip file=$ROLES_FIX/$1.args
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

# A final inspection record in a new action: $A, $R.
onsite_in_new_action() {
	A=$(jilu action open inspection --title 检查) || { fail "open"; return 1; }
	fix_args inspection.onsite "$@"
	R=$(jilu record new "$A" inspection.onsite "${ARGS[@]}" --finalize) || { fail "onsite: $ERR"; return 1; }
}

count_final() { q "SELECT count(*) FROM records WHERE form = '$1' AND state = 'final'"; }

test_first_officer_is_the_admin_and_cannot_be_given_another_role() {
	jilu init --device T01 >/dev/null || fail init
	expect_exit 2 jilu --lang en officer add zhang --name 张三 --cert 13001 --role officer
	expect_in "R5.1" "$ERR"
	expect_in "the first officer of a store is its admin" "$ERR"
	expect_exit 0 jilu officer add zhang --name 张三 --cert 13001
	expect_eq admin "$(q "SELECT role FROM officers WHERE id = 'zhang'")" "role of the first officer"
}

test_roster_row_only_an_admin_adds_officers() {
	roles_store
	for who in li zhao liu sun; do
		expect_exit 6 jilu --as $who officer add wang --name 王五 --cert 13003
		expect_in "R5.1" "$ERR"
		expect_in "信息中心" "$ERR"
		expect_in "$who" "$ERR"
	done
	# Nobody acting is refused too, with the same exit.
	expect_exit 6 env -u JILU_OFFICER "$JILU" --lang en officer add wang --name 王五 --cert 13003
	expect_in "nobody acts" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM officers WHERE id = 'wang'")" "wang after refusals"
	expect_exit 0 jilu --as zhang officer add wang --name 王五 --cert 13003
	expect_eq officer "$(q "SELECT role FROM officers WHERE id = 'wang'")" "wang's role"
	expect_exit 0 jilu verify
}

test_roster_row_only_an_admin_changes_roles() {
	roles_store
	expect_exit 6 jilu --lang en --as li officer role li head
	expect_in "R5.1 " "$ERR"
	expect_in "only admin may add officers, change roles" "$ERR"
	expect_in "li (officer) acted" "$ERR"
	expect_exit 6 jilu --as liu officer role li head
	expect_eq officer "$(q "SELECT role FROM officers WHERE id = 'li'")" "li after refusals"
	expect_exit 0 jilu --as zhang officer role li head
	expect_eq head "$(q "SELECT role FROM officers WHERE id = 'li'")" "li after the admin"
	expect_exit 0 jilu verify
}

test_casefile_row_only_an_archivist_finalises_archive_casefile_r20_1() {
	roles_store
	onsite_in_new_action || return
	jilu action close "$A" --force --reason 测试 >/dev/null || fail close
	fix_args archive.casefile
	for who in zhang li liu sun; do
		expect_exit 6 jilu --as $who record new "$A" archive.casefile "${ARGS[@]}" --finalize
		expect_in "R20.1" "$ERR"
		expect_in "档案管理员" "$ERR"
	done
	expect_eq 0 "$(count_final archive.casefile)" "case files after refusals"
	# A draft is anyone's; finalising it is the archivist's.
	expect_exit 0 jilu --as li record new "$A" archive.casefile "${ARGS[@]}"
	local d=$OUT
	expect_exit 6 jilu --as li record finalize "$d"
	expect_exit 0 jilu --as zhao record finalize "$d"
	expect_eq 1 "$(count_final archive.casefile)" "case files"
	expect_exit 0 jilu verify
}

test_copy_row_only_a_head_decides_a_copy_request_r21_1() {
	roles_store
	onsite_in_new_action || return
	fix_args copy.request "records:=[\"$R\"]"
	for who in zhang li zhao sun; do
		expect_exit 6 jilu --as $who record new "$A" copy.request "${ARGS[@]}" --finalize
		expect_in "R21.1" "$ERR"
		expect_in "行政机关负责人" "$ERR"
	done
	expect_eq 0 "$(count_final copy.request)" "copy requests after refusals"
	expect_exit 0 jilu --as liu record new "$A" copy.request "${ARGS[@]}" --finalize
	expect_eq 1 "$(count_final copy.request)" "copy requests"
}

test_copy_decider_is_the_acting_head_not_free_text_r21_1() {
	roles_store
	jilu --as zhang officer add zhou --name 周强 --cert 13008 --role head >/dev/null || fail zhou
	onsite_in_new_action || return
	fix_args copy.request "records:=[\"$R\"]" decided_by=zhou
	expect_exit 3 jilu --lang en --as liu record new "$A" copy.request "${ARGS[@]}" --finalize
	expect_in "R21.1" "$ERR"
	expect_in "the decider must be the head acting now, 刘建国 (liu)" "$ERR"
	fix_args copy.request "records:=[\"$R\"]" decided_by=某局长
	expect_exit 3 jilu --as liu record new "$A" copy.request "${ARGS[@]}" --finalize
	expect_eq 0 "$(count_final copy.request)" "copy requests after refusals"
	# By id or by the roster's name.
	fix_args copy.request "records:=[\"$R\"]" decided_by=刘建国
	expect_exit 0 jilu --as liu record new "$A" copy.request "${ARGS[@]}" --finalize
}

test_unmark_row_only_a_head_amends_the_confidential_mark_away_r20_2() {
	roles_store
	onsite_in_new_action 'confidential:=true' || return
	for who in zhang li zhao sun; do
		expect_exit 6 jilu --as $who record amend "$R" --reason 误标 'confidential:=false'
		expect_in "R20.2" "$ERR"
		expect_in "行政机关负责人" "$ERR"
	done
	expect_eq 1 "$(q "SELECT count(*) FROM records WHERE form = 'inspection.onsite'")" "records after refusals"
	# Correcting something else keeps the mark: anyone of the roster may.
	expect_exit 0 jilu --as li record amend "$R" --reason 补充 statement=当事人称系疏忽
	local r2=$OUT
	expect_exit 0 jilu --as liu record amend "$r2" --reason 经审查不涉密 'confidential:=false'
	expect_exit 0 jilu verify
}

# R20.2: a confidential record's text is absent from every output to an
# officer outside its action and the entitled roles, and to nobody acting.
SECRET_TEXT=配方系商业秘密甲乙丙
secret_store() {
	roles_store
	jilu --as zhang officer add wang --name 王五 --cert 13003 >/dev/null || fail "wang"
	A=$(jilu --as li action open inspection --title 检查) || { fail open; return 1; }
	fix_args inspection.onsite 'confidential:=true' "statement=$SECRET_TEXT"
	R=$(jilu --as li record new "$A" inspection.onsite "${ARGS[@]}" --finalize) || { fail "secret: $ERR"; return 1; }
	# A correction's reason is the record's content too.
	jilu --as li record amend "$R" --reason "更正$SECRET_TEXT" statement=另述 >/dev/null || fail "amend"
}

# Every output command for officer $1 ("" for nobody acting), into $ALL.
all_outputs() {
	local as=() out
	[ -n "$1" ] && as=(--as "$1")
	ALL=""
	for cmd in "record show $R" "record show $R --json" "export $A" "export $A --format json" \
		"check" "check --json" "deadlines" "record list $A" "action list"; do
		# shellcheck disable=SC2086
		out=$(env -u JILU_OFFICER "$JILU" "${as[@]}" $cmd 2>&1)
		ALL+="$cmd: $out"$'\n'
	done
}

test_confidential_text_absent_from_every_output_to_the_unentitled_r20_2() {
	secret_store || return
	for who in wang zhang ""; do
		all_outputs "$who"
		expect_not_in "$SECRET_TEXT" "$ALL"
		expect_not_in "仅限有权人员查阅" "$ALL"
		expect_in "涉密，无权查阅" "$ALL"
	done
}

test_confidential_record_shown_in_full_to_its_officers_and_the_entitled_r20_2() {
	secret_store || return
	for who in li zhao sun liu; do
		expect_exit 0 jilu --as $who record show "$R"
		expect_in "$SECRET_TEXT" "$OUT"
		expect_in "仅限有权人员查阅" "$OUT"
		expect_not_in "涉密，无权查阅" "$OUT"
		expect_exit 0 jilu --as $who export "$A"
		expect_in "$SECRET_TEXT" "$OUT"
	done
}

# R7.1, R9.1, R18.1: officers named in a record are officers of the roster.
test_invented_officers_and_certificates_are_refused() {
	roles_store
	A=$(jilu action open inspection --title 检查) || { fail open; return; }
	fix_args inspection.onsite 'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"王二","cert":"19999","shown":true}]'
	expect_exit 3 jilu --lang en record new "$A" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "officers[1]: 王二 (certificate 19999) is not on the roster" "$ERR"
	expect_in "R18.1" "$ERR"
	fix_args inspection.onsite 'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"王二","cert":"13002","shown":true}]'
	expect_exit 3 jilu --lang en record new "$A" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "王二 (certificate 13002) is not on the roster" "$ERR"
	fix_args inspection.onsite 'signatures:=[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"王二","status":"signed"}]'
	expect_exit 3 jilu --lang en record new "$A" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "signatures[2].name: the signing officer \"王二\" is not on the roster" "$ERR"
	expect_eq 0 "$(count_final inspection.onsite)" "records after refusals"
	# The roster's officers, as the fixture names them: finalised.
	fix_args inspection.onsite
	expect_exit 0 jilu record new "$A" inspection.onsite "${ARGS[@]}" --finalize
}

# R21.1: a copy only of a final, approved request, only by a head, logged
# with its SHA-256; never before approval nor of a confidential record.
copy_store() {
	roles_store
	onsite_in_new_action || return 1
	fix_args copy.request "records:=[\"$R\"]"
	Q=$(jilu --as liu record new "$A" copy.request "${ARGS[@]}" --finalize) || { fail "request: $ERR"; return 1; }
}

test_copy_given_by_a_head_of_an_approved_request_is_logged_with_its_sha256() {
	copy_store || return
	expect_exit 0 jilu --as liu copy "$Q" -o copy.txt
	expect_in "货架" "$(cat copy.txt)"
	expect_eq "copy|liu|[$R]|$(sha256sum copy.txt | cut -c1-64)" \
		"$(q "SELECT json_extract(body, '\$.what'), json_extract(body, '\$.by'), json_extract(body, '\$.records'), json_extract(body, '\$.sha256') FROM ledger WHERE kind = 'access'")" "entry"
	expect_exit 0 jilu verify
}

test_copy_row_only_a_head_gives_a_copy_r21_1() {
	copy_store || return
	for who in zhang li zhao sun; do
		expect_exit 6 jilu --as $who copy "$Q" -o copy.txt
		expect_in "R21.1" "$ERR"
	done
	[ -e copy.txt ] && fail "a copy was written"
	expect_eq 0 "$(q "SELECT count(*) FROM ledger WHERE kind = 'access'")" "entries"
	expect_exit 0 jilu --as liu copy "$Q"
}

test_copy_before_approval_and_of_a_refused_request_is_refused() {
	roles_store
	onsite_in_new_action || return
	fix_args copy.request "records:=[\"$R\"]"
	local draft refused
	draft=$(jilu --as liu record new "$A" copy.request "${ARGS[@]}") || { fail draft; return; }
	expect_exit 3 jilu --lang en --as liu copy "$draft"
	expect_in "R21.1" "$ERR"
	expect_in "is not final and approved" "$ERR"
	fix_args copy.request@refused "records:=[\"$R\"]"
	refused=$(jilu --as liu record new "$A" copy.request "${ARGS[@]}" --finalize) || { fail refused; return; }
	expect_exit 3 jilu --as liu copy "$refused"
	expect_exit 3 jilu --as liu copy "$R"
	expect_eq 0 "$(q "SELECT count(*) FROM ledger WHERE kind = 'access'")" "entries"
}

test_copy_of_a_record_since_marked_confidential_is_refused() {
	copy_store || return
	jilu --as li record amend "$R" --reason 涉及商业秘密 'confidential:=true' >/dev/null || fail "mark"
	expect_exit 3 jilu --as liu copy "$Q"
	expect_in "R21.1" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM ledger WHERE kind = 'access'")" "entries"
}
