# `jilu export`: the case file of an action as an archivist prints and files
# it (Art. 19, R19.1) — every final record, its corrections and attachments,
# the ledger entries that vouch for them and the verdict of verify (R22.3).
#
# Every test builds the same action (make_case):
#   action 1  opened                                 ledger #4
#   record 1  final    某超市 / 货架整齐           ledger #5; photo.jpg attached (#8)
#   record 2  final    某饭店 / a long situation   ledger #6
#   record 3  final    amends record 1 (地址笔误: 某超市二楼)  ledger #7
#   record 4  draft    草稿专用地点 — never in the case file
#   action 1  closed                                 ledger #9
# (#1 is the store's start, #2 and #3 the officers: not this action's.)

q() { sqlite3 "$JILU_DB" "$@"; }

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" "$@"
}

# Far wider than a line: Chinese without spaces, then English words.
LONG_SITUATION="后厨整洁，$(printf '冷藏柜温度正常、食品留样记录齐全、从业人员健康证在有效期内；%.0s' 1 2 3 4) \
$(printf 'the inspection covered storage, preparation and serving areas; %.0s' 1 2 3)"

make_case() {
	setup_store
	local a r1 r2 r3 r4 m1
	a=$(jilu action open inspection --title 超市检查) || fail "open action"
	r1=$(onsite "$a" place=某超市 situation=货架整齐 --finalize) || fail "record 1"
	r2=$(onsite "$a" place=某饭店 situation="$LONG_SITUATION" --finalize) || fail "record 2"
	r3=$(jilu record amend "$r1" --reason 地址笔误 place=某超市二楼) || fail "amend"
	r4=$(onsite "$a" place=草稿专用地点 situation=草稿内容) || fail "draft"
	seq 1 20000 >photo.jpg
	m1=$(jilu media add "$r1" photo.jpg --kind photo) || fail "media add"
	jilu action close "$a" --force --reason 测试 >/dev/null || fail "close"
	expect_eq "1 1 2 3 4 1" "$a $r1 $r2 $r3 $r4 $m1" "ids"
	PHOTO_SHA=$(sha256sum photo.jpg | cut -c1-64)
}

# Fails when a line of FILE is wider than 80 columns (wc -L counts a Chinese
# character as two in a UTF-8 locale).
expect_a4() {
	local w
	w=$(wc -L <"$1")
	[ "$w" -le 80 ] || fail "$1: a line is $w columns wide: $(awk 'length > 40' "$1" | head -3)"
}

test_text_export_is_the_case_file() {
	make_case
	expect_exit 0 jilu export 1
	expect_in "行政执法案卷" "$OUT"
	expect_in "执法活动 第 1 号" "$OUT"
	expect_in "行政检查" "$OUT"
	expect_in "超市检查" "$OUT"
	expect_in "张三（zhang）" "$OUT"
	# Each final record: its heading, the form's labels and the values.
	for rec in "记录 1  现场笔录" "记录 2  现场笔录" "记录 3  现场笔录"; do
		expect_in "$rec" "$OUT"
	done
	for label in 检查地点 现场情况 检查人员 检查对象 签名; do
		expect_in "$label" "$OUT"
	done
	for value in 某超市 某饭店 某超市二楼 货架整齐 后厨整洁 "张三（执法证号 13001，已出示证件）" \
		     91350100M000100Y43; do
		expect_in "$value" "$OUT"
	done
	expect_in "第 3 件（共 3 件）" "$OUT"
	expect_eq "" "$ERR" "stderr"
}

test_text_export_has_amendment_attachment_and_ledger() {
	make_case
	expect_exit 0 jilu export 1
	expect_in "更正记录 1。理由：地址笔误" "$OUT"
	expect_in "记录 3 更正记录 1。理由：地址笔误" "$OUT"
	expect_in "已被记录 3 更正" "$OUT"
	expect_in "photo.jpg" "$OUT"
	expect_in "SHA-256：$PHOTO_SHA" "$OUT"
	expect_in "大小：$(stat -c %s photo.jpg) 字节" "$OUT"
	expect_eq "6" "$(q "SELECT count(*) FROM ledger WHERE seq >= 4 AND kind != 'access'")" "ledger entries of the action"
	for h in $(q 'SELECT hash FROM ledger WHERE seq >= 4 AND kind != '\''access'\'' ORDER BY seq'); do
		expect_in "$h" "$OUT"
	done
	# The store's start and the roster are not this action's entries.
	for h in $(q 'SELECT hash FROM ledger WHERE seq < 4 ORDER BY seq'); do
		expect_not_in "$h" "$OUT"
	done
	expect_in "#4     立项        执法活动 1" "$OUT"
	expect_in "存证链：#5（定稿）" "$OUT"
	expect_in "存证链：#7（更正）" "$OUT"
	expect_in "存证链核验：完好" "$OUT"
	expect_in "归档人：________" "$OUT"
	expect_in "日期：________" "$OUT"
}

test_drafts_are_left_out_and_counted() {
	make_case
	expect_exit 0 jilu export 1
	expect_not_in "草稿专用地点" "$OUT"
	expect_not_in "草稿内容" "$OUT"
	expect_not_in "记录 4" "$OUT"
	expect_in "另有草稿 1 件" "$OUT"
	expect_exit 0 jilu export 1 --format json
	expect_not_in "草稿专用地点" "$OUT"
}

test_every_line_fits_a4() {
	make_case
	jilu export 1 >case.txt || fail "export"
	expect_a4 case.txt
	jilu --lang en export 1 >case-en.txt || fail "export en"
	expect_a4 case-en.txt
	# The long value was folded, not cut: its start and its end are both there.
	expect_in "后厨整洁，冷藏柜温度正常" "$(cat case.txt)"
	expect_in "serving areas;" "$(cat case.txt)"
	# Records begin on a new page.
	expect_eq "4" "$(grep -c $'^\f$' case.txt)" "form feeds"
}

test_english_export() {
	make_case
	expect_exit 0 jilu --lang en export 1
	expect_in "CASE FILE OF ADMINISTRATIVE ENFORCEMENT" "$OUT"
	expect_in "Action No. 1" "$OUT"
	expect_in "Corrects record 1. Reason: 地址笔误" "$OUT"
	expect_in "SHA-256: $PHOTO_SHA" "$OUT"
	expect_in "1 draft(s) left out" "$OUT"
	expect_in "Ledger verification: intact" "$OUT"
	expect_in "Archivist: ________" "$OUT"
}

test_json_export_parses_and_has_the_keys() {
	make_case
	jilu export 1 --format json >out.json || fail "export json"
	expect_eq "1" "$(sqlite3 :memory: "SELECT json_valid(readfile('out.json'))")" "json_valid"
	j() { sqlite3 :memory: "SELECT $1 FROM (SELECT readfile('out.json') AS d)"; }
	expect_eq "1|inspection|超市检查|T01|zhang|9" \
		"$(j "json_extract(d,'\$.action.id'), json_extract(d,'\$.action.kind'),
		      json_extract(d,'\$.action.title'), json_extract(d,'\$.action.device'),
		      json_extract(d,'\$.action.closed_by'), json_extract(d,'\$.action.ledger_seq')")" "action"
	expect_eq "3|1|6" "$(j "json_array_length(d,'\$.records'), json_extract(d,'\$.drafts_left_out'),
				json_array_length(d,'\$.ledger')")" "counts"
	expect_eq "1 2 3" "$(j "json_extract(d,'\$.records[0].id') || ' ' || json_extract(d,'\$.records[1].id')
			       || ' ' || json_extract(d,'\$.records[2].id')")" "record ids"
	expect_eq "final|某超市|3" "$(j "json_extract(d,'\$.records[0].state'),
		json_extract(d,'\$.records[0].data.place'), json_extract(d,'\$.records[0].amended_by')")" "record 1"
	expect_eq "1|地址笔误|某超市二楼" "$(j "json_extract(d,'\$.records[2].amends'),
		json_extract(d,'\$.records[2].reason'), json_extract(d,'\$.records[2].data.place')")" "amendment"
	expect_eq "photo.jpg|photo|$PHOTO_SHA|$(stat -c %s photo.jpg)|8" \
		"$(j "json_extract(d,'\$.records[0].attachments[0].name'),
		      json_extract(d,'\$.records[0].attachments[0].kind'),
		      json_extract(d,'\$.records[0].attachments[0].sha256'),
		      json_extract(d,'\$.records[0].attachments[0].size'),
		      json_extract(d,'\$.records[0].attachments[0].ledger_seq')")" "attachment"
	for k in captured_at stored_at; do
		expect_eq "text" "$(j "json_type(d,'\$.records[0].attachments[0].$k')")" "attachment $k"
	done
	expect_eq "0" "$(j "json_array_length(d,'\$.records[1].attachments')")" "record 2 attachments"
	expect_eq "5|$(q 'SELECT hash FROM ledger WHERE seq = 5')" \
		"$(j "json_extract(d,'\$.records[0].ledger.seq'), json_extract(d,'\$.records[0].ledger.hash')")" \
		"record 1 ledger"
	expect_eq "$(q "SELECT group_concat(seq || ' ' || kind || ' ' || subject || ' ' || hash, ',') FROM ledger WHERE seq >= 4 AND kind != 'access'")" \
		"$(j "(SELECT group_concat(json_extract(value,'\$.seq') || ' ' || json_extract(value,'\$.kind') || ' '
		       || json_extract(value,'\$.subject') || ' ' || json_extract(value,'\$.hash'), ',')
		       FROM json_each(d,'\$.ledger'))")" "ledger"
	expect_eq "true|null|9" "$(j "json_type(d,'\$.verify.ok'), json_type(d,'\$.verify.fault'),
				   json_extract(d,'\$.verify.entries')")" "verify"
	if command -v python3 >/dev/null; then
		python3 -m json.tool out.json >/dev/null || fail "python3 json.tool rejects out.json"
	fi
}

test_o_writes_the_file_atomically() {
	make_case
	# A minute after every real-clock stamp of make_case, whatever the day (a
	# fixed date would one day be behind them: verify would see the clock
	# set back).
	local now
	now=$(date -d '+1 minute' +%Y-%m-%dT%H:%M:%S%:z)
	export JILU_NOW=$now
	jilu export 1 | grep -v '记录相符' >stdout.txt || fail "export to stdout"
	expect_exit 0 jilu export 1 -o case.txt
	# The first export's access entry is one more entry verified by the second.
	grep -v '记录相符' case.txt >case.cmp && mv case.cmp case.txt
	expect_eq "" "$OUT" "stdout with -o"
	[ -f case.txt ] || fail "case.txt not written"
	cmp -s stdout.txt case.txt || fail "case.txt differs from the stdout export"
	echo old >case.json
	expect_exit 0 jilu export 1 --format json -o case.json --force
	expect_eq "1" "$(sqlite3 :memory: "SELECT json_valid(readfile('case.json'))")" "json_valid"
	expect_eq "" "$(ls case.txt.* case.json.* 2>/dev/null)" "temporary files left"
	expect_eq "$now" \
		"$(sqlite3 :memory: "SELECT json_extract(readfile('case.json'),'\$.exported_at')")" "exported_at"
}

test_o_unwritable_is_exit_4() {
	make_case
	expect_exit 4 jilu export 1 -o no/such/dir/case.txt
	expect_in "no/such/dir/case.txt" "$ERR"
	expect_in "无法写入" "$ERR"
	mkdir dir.txt
	expect_exit 4 jilu export 1 -o dir.txt --force
	expect_in "dir.txt" "$ERR"
	expect_eq "" "$(ls -A dir.txt)" "dir.txt left as it was"
	expect_eq "" "$(ls dir.txt.* 2>/dev/null)" "temporary files left"
}

test_unknown_action_and_bad_usage_exit_2() {
	make_case
	expect_exit 2 jilu export 99
	expect_in "没有执法活动 99" "$ERR"
	expect_eq "" "$OUT" "stdout"
	expect_exit 2 jilu export 99 -o case.txt
	[ -e case.txt ] && fail "case.txt written for an unknown action"
	expect_exit 2 jilu export
	expect_exit 2 jilu export 1 --format xml
	expect_exit 2 jilu export 1 -o
	expect_exit 2 jilu export 1 --bogus
}

test_help() {
	expect_exit 0 jilu export --help
	expect_in "usage: jilu export ACTION [--format text|json] [-o FILE [--force]]" "$OUT"
	expect_exit 0 jilu --help
	expect_in "export" "$OUT"
}

test_export_changes_nothing() {
	make_case
	before=$(q .dump | grep -v "sqlite_sequence VALUES('ledger'")
	jilu export 1 >/dev/null || fail "export"
	jilu export 1 --format json -o out.json || fail "export json"
	# Each export is logged (R22.2, core/access.h); nothing else changes.
	expect_eq 2 "$(q "SELECT count(*) FROM ledger WHERE kind = 'access'")" "access entries"
	expect_eq "$before" "$(q .dump | grep -v -e "'access'" -e "sqlite_sequence VALUES('ledger'")" "dump after export"
}

test_open_action_is_marked_incomplete() {
	setup_store
	a=$(jilu action open penalty)
	expect_exit 0 jilu export "$a"
	expect_in "尚未结束" "$OUT"
	expect_in "没有定稿记录" "$OUT"
	expect_in "存证链核验：完好" "$OUT"
}

test_tampered_record_is_reported() {
	make_case
	q "DROP TRIGGER records_final_kept" || fail "drop trigger"
	q "UPDATE records SET data = json_set(data, '$.place', '别处') WHERE id = 2" || fail "tamper"
	expect_exit 1 jilu export 1
	expect_in "存证链核验：发现问题" "$OUT"
	expect_in "记录 2 与定稿时的内容不一致（被改动）" "$OUT"
	expect_not_in "存证链核验：完好" "$OUT"
	expect_in "R22.3" "$ERR"
	expect_in "存证链核验：本记录与存证链不符" "$OUT"
	# The case file shows what the store now says; the verdict says it is not vouched for.
	expect_in "别处" "$OUT"
	expect_exit 1 jilu export 1 --format json -o out.json
	[ -f out.json ] || fail "out.json not written despite the fault"
	expect_eq "false|6" "$(sqlite3 :memory: "SELECT json_type(readfile('out.json'),'\$.verify.ok'),
		json_extract(readfile('out.json'),'\$.verify.fault.seq')")" "verify fault"
	expect_in "changed" "$(sqlite3 :memory: "SELECT json_extract(readfile('out.json'),'\$.verify.fault.en')")"
}

test_tampered_attachment_is_marked_at_the_record() {
	make_case
	echo altered >"media/${PHOTO_SHA:0:2}/$PHOTO_SHA" || fail "tamper media file"
	expect_exit 1 jilu export 1
	expect_in "存证链核验：本附件与存证链不符" "$OUT"
	expect_in "存证链核验：发现问题" "$OUT"
	expect_in "ledger #8" "$OUT"
}
