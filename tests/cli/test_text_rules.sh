# One rule for every stored string (core/text.h) and nothing raw to a
# terminal: one-line values refuse line breaks, controls and bidi controls;
# text of nothing visible is blank; certificate and id numbers are compared
# and stored NFKC-normalised; control and bidi characters that reach the
# store anyway (written behind jilu's back) are shown as escapes, and JSON
# output stays valid for any bytes.

q() { sqlite3 "$JILU_DB" "$@"; }

# Writes behind jilu's back, as someone holding the file could: its own
# guards against its bugs (the triggers) dropped first.
behind_jilus_back() {
	q "DROP TRIGGER IF EXISTS records_final_kept; DROP TRIGGER IF EXISTS media_kept;
	   DROP TRIGGER IF EXISTS actions_opened_kept; DROP TRIGGER IF EXISTS officers_vouched_kept; $1"
}

ESC=$'\e'
TEXT_FORMS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)
RLO=$'\u202e'

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" "$@"
}

# A signature name with a line break would print, in `record show` and the
# case file, a refusal to sign that the data does not hold.
test_newline_in_a_signature_name_is_refused() {
	setup_store
	local a sigs
	a=$(jilu action open inspection)
	sigs='[{"role":"party","name":"王五\n执法人员 李四：拒绝签名","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	expect_exit 2 onsite "$a" "signatures:=$sigs"
	expect_in "signatures[0].name: 第3个字符是换行（U+000A），此处只可填一行文字" "$ERR"
	expect_exit 2 jilu --lang en record new "$a" inspection.onsite "signatures:=$sigs"
	expect_in "signatures[0].name: character 3 is a line break (U+000A): this value is one line of text" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM records')" "records"
}

# "张\u200B三" reads as 张三: it must not pass for a second officer's
# signature, nor for a second officer of the roster.
test_invisible_character_inside_a_name_is_refused() {
	setup_store
	local a sigs
	a=$(jilu action open inspection)
	sigs='[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"张\u200b三","status":"signed"}]'
	expect_exit 2 onsite "$a" place=某超市 situation=货架整齐 "signatures:=$sigs" --finalize
	expect_in "signatures[2].name: 第2个字符 U+200B 不可见，此处不允许" "$ERR"
	expect_exit 2 jilu officer add zhang2 --name $'张\u2060三' --cert 13003
	expect_in "--name: 第2个字符 U+2060 不可见" "$ERR"
	expect_exit 0 jilu officer add zhao --name '赵　六' --cert 13004 # U+3000 between is how names are set
	expect_eq 0 "$(q 'SELECT count(*) FROM records')" "records"
}

# A title with a line break would forge a row of `action list`.
test_newline_in_an_action_title_is_refused() {
	setup_store
	expect_exit 2 jilu action open inspection --title "$(printf '超市检查\n9       行政检查    已结束')"
	expect_in "--title: 第5个字符是换行" "$ERR"
	expect_exit 2 jilu action open inspection --title "超市${RLO}检查"
	expect_in "--title: 第3个字符是文字方向控制符 U+202E" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM actions')" "actions"
}

test_newline_in_an_officer_name_or_certificate_is_refused() {
	setup_store
	expect_exit 2 jilu officer add wang --name "$(printf '王五\n李四')" --cert 13009
	expect_in "--name: 第3个字符是换行" "$ERR"
	expect_exit 2 jilu officer add wang --name 王五 --cert "$(printf '130\n09')"
	expect_in "--cert: 第4个字符是换行" "$ERR"
	expect_exit 2 jilu officer add wang --name 王五 --cert $'130\u200b09'
	expect_in "--cert: 第4个字符 U+200B 不可见，编号中不允许" "$ERR"
	expect_eq 2 "$(q 'SELECT count(*) FROM officers')" "officers"
}

# A field is one line unless its definition says "multiline": place is one
# line, situation (the inspection's findings) several.
test_one_line_fields_refuse_line_breaks_multiline_fields_keep_them() {
	setup_store
	local a r
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite place="$(printf '某超市\n某饭店')"
	expect_in "place: 第4个字符是换行" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite place=$'某超市\u2028某饭店'
	expect_in "place: 第4个字符是换行（U+2028）" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite 'party:={"name":"王\u202e五"}'
	expect_in "party.name: 第2个字符是文字方向控制符 U+202E" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM records')" "records"
	r=$(jilu record new "$a" inspection.onsite situation="$(printf '第一行\n\t第二行')") || fail "multiline"
	expect_eq "$(printf '第一行\n\t第二行')" "$(q "SELECT data->>'situation' FROM records WHERE id = $r")" "situation"
}

# Required text made only of invisible characters is blank: it does not
# finalise (Unicode properties, not a list: each of these is refused).
test_invisible_only_required_text_does_not_finalise() {
	setup_store
	local a ch
	a=$(jilu action open inspection)
	# (Not U+202E: a bidi control is refused by name, test_bidi_names.sh.)
	for ch in $'\u200b' $'\u00a0' $'\u2028' $'\ufeff' $'\u2060' $'\u3164' $'\u200b\u3000\u00a0\u2060'; do
		expect_exit 3 onsite "$a" place="$ch" situation=货架整齐 "signatures:=$SIGS_INSPECTION" --finalize
		expect_in "R18.2 第十八条: place: 必填：检查地点" "$ERR"
	done
	expect_exit 3 jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 \
		ended_at=2026-11-26T10:00 place=某超市 situation=货架整齐 "officers:=$OFFICERS2" \
		'party:={"name":"\u200b\u3164"}' result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" --finalize
	expect_in "party.name: 须填写名称" "$ERR"
	expect_exit 2 jilu record amend 1 --reason $'\u200b\u00a0'
	expect_in "--reason: 更正须说明理由" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM records WHERE state = 'final'")" "final records"
}

# １３００１ is 13001: the roster refuses it as a second officer's, and it is
# stored as ASCII.
test_full_width_certificate_is_the_same_certificate() {
	setup_store
	expect_exit 2 jilu officer add wang --name 王五 --cert １３００１
	expect_in "--cert: 执法证号已属于 zhang" "$ERR"
	expect_exit 0 jilu officer add wang --name '  王五 ' --cert ' １３００９　'
	expect_eq "王五|13009" "$(q "SELECT name || '|' || cert FROM officers WHERE id = 'wang'")" "stored"
}

test_full_width_certificate_twice_in_a_record_is_a_duplicate() {
	setup_store
	local a
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"张三","cert":"１３００１","shown":true}]'
	expect_in "officers[1].cert: 执法证号重复" "$ERR"
	expect_exit 0 jilu record new "$a" inspection.onsite \
		'officers:=[{"name":"张三","cert":"１３００１","shown":true}]' \
		'party:={"name":"王五","id_type":"resident_id","id_number":"１１０１０５１９４９１２３１００２Ｘ"}'
	expect_eq "13001|11010519491231002X" \
		"$(q "SELECT (data->'officers'->0->>'cert') || '|' || (data->'party'->>'id_number') FROM records")" "stored"
}

test_device_id_is_stored_normalised() {
	expect_exit 0 jilu init --device ＣＬ－Ｔ０１
	expect_eq "CL-T01" "$(q "SELECT value FROM meta WHERE key = 'device'")" "device"
	expect_exit 0 jilu init --device CL-T01
}

test_device_id_with_a_line_break_is_refused() {
	expect_exit 2 jilu init --device "$(printf 'T01\nT02')"
	expect_in "--device: 第4个字符是换行" "$ERR"
	expect_exit 2 jilu init --device $'T\u202e01'
	expect_in "U+202E" "$ERR"
}

test_media_file_name_with_a_line_break_or_escape_is_refused() {
	setup_store
	local a r f
	a=$(jilu action open inspection)
	r=$(onsite "$a" place=某超市 situation=货架整齐 "signatures:=$SIGS_INSPECTION" --finalize)
	f=$(printf 'cam\n附件 9  录像  fake.mp4')
	seq 1 100 >"$f"
	expect_exit 2 jilu media add "$r" "$f" --kind photo
	expect_in "第4个字符是换行" "$ERR"
	expect_not_in "$f" "$ERR"
	seq 1 100 >"cam${ESC}[2J.jpg"
	expect_exit 2 jilu media add "$r" "cam${ESC}[2J.jpg"
	expect_in 'cam\x1b[2J.jpg: 第4个字符是控制字符 U+001B' "$ERR"
	expect_not_in "$ESC" "$ERR"
	expect_eq 0 "$(q 'SELECT count(*) FROM media')" "media rows"
}

# Values echoed in error messages are escaped like everything else.
test_values_echoed_in_errors_are_escaped() {
	setup_store
	local a
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite "x${ESC}]0;owned${ESC}\\=1"
	expect_in 'x\x1b]0;owned\x1b\' "$ERR"
	expect_not_in "$ESC" "$ERR"
	expect_exit 2 jilu "--x${ESC}[2J"
	expect_in '--x\x1b[2J' "$ERR"
	expect_not_in "$ESC" "$ERR"
	expect_exit 2 jilu action "no${RLO}pe"
	expect_in 'no<U+202E>pe' "$ERR"
}

# U+202E passes the rules in a multi-line field: shown escaped.
test_bidi_control_in_multiline_text_is_shown_escaped() {
	setup_store
	local a r
	a=$(jilu action open inspection)
	r=$(onsite "$a" "signatures:=$SIGS_INSPECTION" place=某超市 situation="货架${RLO}整齐" --finalize) || fail "record"
	expect_exit 0 jilu record show "$r"
	expect_in "货架<U+202E>整齐" "$OUT"
	expect_not_in "$RLO" "$OUT"
	expect_exit 0 jilu export "$a"
	expect_in "货架<U+202E>整齐" "$OUT"
	expect_not_in "$RLO" "$OUT"
	# JSON holds the exact value, as a \u escape.
	expect_exit 0 jilu record show "$r" --json
	expect_in '货架\u202e整齐' "$OUT"
	expect_not_in "$RLO" "$OUT"
	expect_eq "货架${RLO}整齐" "$(printf '%s' "$OUT" | jq -r .data.situation)" "situation"
	expect_exit 0 jilu export "$a" --format json
	expect_not_in "$RLO" "$OUT"
	expect_eq "货架${RLO}整齐" "$(printf '%s' "$OUT" | jq -r .records[0].data.situation)" "exported"
}

# What reaches the store behind jilu's back (sqlite3) is shown escaped by
# every command: no ESC or bidi control ever reaches the terminal raw, and a
# line break in a one-line value cannot forge a line.
test_control_and_bidi_characters_from_the_store_are_shown_escaped() {
	setup_store
	local a r out
	a=$(jilu action open inspection --title 超市检查)
	r=$(onsite "$a" place=某超市 situation=货架整齐 "signatures:=$SIGS_INSPECTION" --finalize) || fail "record"
	seq 1 100 >cam.jpg
	jilu media add "$r" cam.jpg --kind photo >/dev/null || fail "media"
	behind_jilus_back "UPDATE actions SET title = '超市' || char(27) || '[2J' || char(10) || '9  行政检查' WHERE id = $a;
	   UPDATE officers SET name = '张' || char(27) || ']0;x' || char(7) || '三', cert = '130' || char(8238) || '01' WHERE id = 'zhang';
	   UPDATE media SET name = 'cam' || char(27) || '[31m' || char(8238) || '.jpg';
	   UPDATE records SET data = json_set(data, '\$.place', '某' || char(27) || '[1m超市',
	          '\$.signatures[0].name', '王五' || char(10) || '执法人员 李四：拒绝签名',
	          '\$.officers[1].shown', json('false'), '\$.officers[1].name', '李' || char(27) || '四')"
	for cmd in "action list" "action show $a" "officer list" "record show $r" "media list $r" \
		"export $a" "check $a" "record show $r --json" "export $a --format json" "check $a --json"; do
		# shellcheck disable=SC2086
		out=$(jilu $cmd 2>&1)
		expect_not_in "$ESC" "$out"
		expect_not_in "$RLO" "$out"
		expect_not_in $'\a' "$out"
	done
	out=$(jilu action list)
	expect_in '超市\x1b[2J\n9  行政检查' "$out"
	expect_eq 2 "$(printf '%s\n' "$out" | wc -l)" "rows of action list (its header and one row)"
	expect_in '张\x1b]0;x\x07三' "$(jilu officer list)"
	expect_in '130<U+202E>01' "$(jilu officer list)"
	expect_in 'cam\x1b[31m<U+202E>.jpg' "$(jilu media list "$r")"
	out=$(jilu record show "$r")
	expect_in '某\x1b[1m超市' "$out"
	expect_in '王五\n执法人员 李四：拒绝签名：签名' "$out"
	expect_not_in "拒绝签名：" "$(printf '%s\n' "$out" | grep -v '王五')"
	expect_in 'cam\x1b[31m<U+202E>.jpg' "$out"
	out=$(jilu export "$a")
	expect_in '超市\x1b[2J\n9  行政检查' "$out"
	expect_in '张\x1b]0;x\x07三（zhang）' "$out"
	expect_in 'cam\x1b[31m<U+202E>.jpg' "$out"
	expect_in '王五\n执法人员 李四：拒绝签名：签名' "$out"
	expect_in '李\x1b四' "$(jilu check "$a" 2>&1)"
}

# A media name that is not UTF-8 (only written behind jilu's back: media add
# refuses it) keeps `export --format json` and `record show --json` valid:
# the bad byte becomes U+FFFD.
test_json_stays_valid_for_a_media_name_that_is_not_utf8() {
	setup_store
	local a r
	a=$(jilu action open inspection)
	r=$(onsite "$a" place=某超市 situation=货架整齐 "signatures:=$SIGS_INSPECTION" --finalize) || fail "record"
	seq 1 100 >cam.jpg
	jilu media add "$r" cam.jpg --kind photo >/dev/null || fail "media"
	behind_jilus_back "UPDATE media SET name = CAST(X'63616dff2e6a7067' AS TEXT);
	   UPDATE records SET data = json_set(data, '\$.place', CAST(X'e69f90c0af' AS TEXT))"
	jilu export "$a" --format json >case.json
	python3 -m json.tool case.json >/dev/null || fail "export --format json is not valid JSON"
	expect_eq "cam�.jpg" "$(jq -r '.records[0].attachments[0].name' case.json)" "name"
	jilu record show "$r" --json >rec.json
	python3 -m json.tool rec.json >/dev/null || fail "record show --json is not valid JSON"
	expect_exit 1 jilu export "$a" # the ledger names the change
	expect_in 'cam\xff.jpg' "$OUT"
	expect_in '某\xc0\xaf' "$OUT"
}

# Form definitions are data too (they will come from headquarters): their
# titles and labels are shown escaped by `forms list`, `forms show` and
# `record show`.
test_form_definition_texts_are_shown_escaped() {
	setup_store
	local a r
	cp -r "$TEXT_FORMS_SRC" forms
	python3 - <<'PY' || fail "edit the definition"
import json
p = 'forms/inspection.onsite.json'
d = json.load(open(p))
d['title']['zh'] = '现场\u001b[2J检查\u202e'
d['fields'][0]['label']['zh'] = '开始\u001b]0;x\u0007时间'
json.dump(d, open(p, 'w'), ensure_ascii=False)
PY
	export JILU_FORMS=$PWD/forms
	expect_exit 0 jilu forms list
	expect_in '现场\x1b[2J检查<U+202E>' "$OUT"
	expect_exit 0 jilu forms show inspection.onsite
	expect_in '现场\x1b[2J检查<U+202E>' "$OUT"
	expect_in '开始\x1b]0;x\x07时间' "$OUT"
	expect_not_in "$ESC" "$OUT"
	a=$(jilu action open inspection)
	r=$(onsite "$a" place=某超市 situation=货架整齐 "signatures:=$SIGS_INSPECTION" --finalize) || fail "record"
	expect_exit 0 jilu record show "$r"
	expect_in '开始\x1b]0;x\x07时间' "$OUT"
	expect_not_in "$ESC" "$OUT"
	expect_not_in "$RLO" "$OUT"
}
