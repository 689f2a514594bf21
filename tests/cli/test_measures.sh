# The Measures completed (issue 10, items 1-9): scans are documents, not AV
# (R3.1, R19.2); the new forms in their places of `jilu check`; R7.2 photos
# where a licensing step cannot be filmed. The forms' own fields, checks and
# refusals are covered by test_forms.sh through their fixtures.

at() { export JILU_NOW=$1; }
q() { sqlite3 "$JILU_DB" "$@"; }

final() {
	local as=()
	R=
	# Only an archivist finalises a case file (R20.1): zhao, added when first needed.
	if [ "$2" = archive.casefile ]; then
		[ -n "$(sqlite3 "$JILU_DB" "SELECT id FROM officers WHERE id = 'zhao'")" ] ||
			jilu --as zhang officer add zhao --name 赵敏 --cert 13099 --role archivist >/dev/null ||
			fail "archivist zhao"
		as=(--as zhao)
	fi
	expect_exit 0 jilu "${as[@]}" record new "$@" --finalize
	R=$OUT
}

FIXTURES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/forms" && pwd)
FORMS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../forms" && pwd)

# ARGS := the lines of a fixture (tests/fixtures/forms/NAME.args), each
# further argument FIELD=… or FIELD:=… replacing the line of its field.
fixture() {
	local line o name
	ARGS=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		for o in "${@:2}"; do
			name=${o%%=*}
			name=${name%:}
			case $line in "$name="* | "$name:="*) line=$o ;; esac
		done
		ARGS+=("$line")
	done <"$FIXTURES/$1.args"
}

pdf() { printf '%%PDF-1.7\n%s\n%%%%EOF\n' "$2" >"$1"; }
jpeg() { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00%s' "$2" >"$1"; }

# An inspection recorded as filmed, finalised at 2026-11-05T12:00; id in R.
filmed_inspection() {
	at 2026-11-05T12:00
	setup_store
	A=$(jilu action open inspection)
	final "$A" inspection.onsite started_at=2026-11-05T09:00 ended_at=2026-11-05T10:00 \
		place=某超市 situation=货架整齐 result=no_issue "officers:=$OFFICERS2" "party:=$PARTY_CO" \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION"
}

# ---- item 2: scans are documents ---------------------------------------

test_a_pdf_is_a_document_and_kind_document_is_accepted() {
	filmed_inspection
	pdf report.pdf "检验报告"
	expect_exit 0 jilu media add "$R" report.pdf
	jpeg paper.jpg "回执"
	expect_exit 0 jilu media add "$R" paper.jpg --kind document
	expect_eq "document,document" "$(q "SELECT group_concat(kind) FROM (SELECT kind FROM media ORDER BY id)")" "kinds"
	expect_exit 0 jilu media list "$R"
	expect_in "文件扫描件" "$OUT"
	expect_exit 0 jilu verify
}

test_a_document_does_not_stand_for_a_promised_video() {
	filmed_inspection
	pdf scan.pdf "现场笔录扫描件"
	expect_exit 0 jilu media add "$R" scan.pdf
	expect_exit 0 jilu check "$A" # only deadlines still running
	expect_in "R19.2" "$OUT"
	expect_in "未附录像文件" "$OUT"
}

test_a_document_stored_days_later_is_not_late_av() {
	filmed_inspection
	at 2026-11-09T12:00
	pdf receipt.pdf "邮寄回执"
	expect_exit 0 jilu media add "$R" receipt.pdf --captured-at 2026-11-05T10:00
	printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00%s' clip >clip.mp4
	expect_exit 0 jilu media add "$R" clip.mp4 --captured-at 2026-11-09T11:00
	expect_exit 1 jilu check "$A"
	# (The clip, said to be filmed after the record was final, is a finding
	# of its own: test_capture_time.sh.)
	expect_not_in "在拍摄 24 小时后才存入" "$OUT"
	# The same file as a photo is AV, and late.
	jpeg late.jpg "照片"
	expect_exit 0 jilu media add "$R" late.jpg --captured-at 2026-11-05T10:00
	expect_exit 1 jilu check "$A"
	expect_in "1 个音像文件在拍摄 24 小时后才存入" "$OUT"
}

test_unknown_kind_names_document_among_the_kinds() {
	filmed_inspection
	printf 'plain' >notes.txt
	expect_exit 2 jilu media add "$R" notes.txt
	expect_in "document" "$ERR"
	expect_exit 2 jilu media add "$R" notes.txt --kind scan
	expect_in "document" "$ERR"
}

# The scans the new evidence forms want: a finding until a document is attached.
test_a_test_report_wants_its_scan_and_a_document_satisfies_it() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.test_report
	final "$A" penalty.test_report "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "R11.1 第十一条: 记录 $R《检验检测报告》: 未附检验检测报告扫描件" "$OUT"
	pdf report.pdf "冀食检〔2026〕W0456号"
	expect_exit 0 jilu media add "$R" report.pdf
	expect_exit 1 jilu check "$A"
	expect_not_in "未附检验检测报告扫描件" "$OUT"
}

# ---- item 1: where the new forms belong ---------------------------------

test_new_forms_are_listed_with_their_kinds() {
	setup_store
	expect_exit 0 jilu forms list
	local f
	for f in compulsory.execution_decision compulsory.court_application compulsory.seizure \
		compulsory.seizure_release penalty.sampling penalty.preservation penalty.legal_review \
		penalty.decision_approval penalty.test_report penalty.expert_opinion licensing.inquiry; do
		expect_in "$f" "$OUT"
	done
	A=$(jilu action open licensing)
	fixture penalty.sampling
	expect_exit 3 jilu record new "$A" penalty.sampling "${ARGS[@]}"
}

# R15.1 before an execution decision, as before an execution: no reminder, no decision.
test_execution_decision_needs_a_served_reminder() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open compulsory)
	fixture compulsory.execution_decision
	expect_exit 3 jilu record new "$A" compulsory.execution_decision "${ARGS[@]}" --finalize
	expect_in "R15.1 第十五条: 作出强制执行决定、申请法院强制执行或强制执行前，须有已定稿的催告书并依法送达" "$ERR"
	expect_eq 0 "$(q "SELECT count(*) FROM records WHERE state = 'final'")" "final records (a refused draft is kept)"
}

# A compulsory action may end in an application to the court instead of an execution (R17.1).
test_a_court_application_answers_for_the_execution_in_check() {
	at 2026-11-02T10:30
	setup_store
	A=$(jilu action open compulsory)
	fixture compulsory.reminder
	final "$A" compulsory.reminder "${ARGS[@]}"
	local rem=$R
	at 2026-11-02T15:30
	final "$A" service.receipt "serves:=$rem" document_name=催告书 recipient=孙立军 \
		served_at=2026-11-02T15:00 place=昌黎县碣阳大街88号 method=direct \
		'signatures:=[{"role":"recipient","name":"孙立军","status":"signed"},{"role":"server","name":"张三","status":"signed"}]'
	expect_exit 1 jilu check "$A"
	expect_in "R17.1 第十七条: 缺少已定稿的记录（《强制执行记录》《强制执行申请书》之一）" "$OUT"
	at 2026-11-20T09:30
	fixture compulsory.court_application
	final "$A" compulsory.court_application "${ARGS[@]}"
	# Nothing missing; the action has ended, so the archive is due (R19.1).
	expect_exit 0 jilu check "$A" # only deadlines still running
	expect_not_in "R17.1" "$OUT"
	expect_not_in "缺少" "$OUT"
	expect_in "R19.1 第十九条: 已强制执行或已申请人民法院强制执行" "$OUT"
}

# ---- item 3: R7.2 -------------------------------------------------------

test_licensing_steps_that_cannot_be_filmed_need_photos_not_none() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open licensing)
	local form
	for form in licensing.verification licensing.inquiry; do
		fixture "$form" 'av:={"mode":"none","reason":"设备故障"}'
		expect_exit 3 jilu record new "$A" "$form" "${ARGS[@]}" --finalize
		expect_in "R7.2 第七条: av: 无法录音录像的，须对重要环节拍照（第七条），不能选“无”" "$ERR"
		fixture "$form" 'av:={"mode":"photos","reason":"设备故障"}'
		final "$A" "$form" "${ARGS[@]}"
	done
	# Photos promised: `check` wants them (R19.2) until they are attached.
	expect_exit 1 jilu check "$A"
	expect_in "记录为照片，但未附照片文件" "$OUT"
}

# ---- item 7: service methods (Art. 14; 行政处罚法 2021) --------------------

# A penalty decision served as METHOD with ARGS; the receipt's id in R.
served_as() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.decision
	final "$A" penalty.decision "${ARGS[@]}"
	fixture "service.receipt@$1" "serves:=$R"
	final "$A" service.receipt "${ARGS[@]}"
}

test_electronic_service_wants_a_record_of_the_sending() {
	served_as electronic
	expect_exit 1 jilu check "$A"
	expect_in "R14.1 第十四条: 记录 $R《送达回证》电子送达地址: 未附电子送达记录（截图或系统回执）" "$OUT"
	pdf sent.pdf "系统回执"
	expect_exit 0 jilu media add "$R" sent.pdf
	expect_exit 1 jilu check "$A"
	expect_not_in "未附电子送达记录" "$OUT"
}

test_electronic_service_without_written_consent_is_refused() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.decision
	final "$A" penalty.decision "${ARGS[@]}"
	fixture service.receipt@electronic "serves:=$R" 'consent:=false'
	expect_exit 3 jilu record new "$A" service.receipt "${ARGS[@]}" --finalize
	expect_in "R14.1 第十四条: consent: 电子送达须经受送达人书面同意" "$ERR"
}

test_public_service_wants_the_announcement_and_thirty_days() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.decision decided_at=2026-10-20T10:00
	final "$A" penalty.decision "${ARGS[@]}"
	fixture service.receipt@public "serves:=$R" served_at=2026-11-20T09:00
	expect_exit 3 jilu record new "$A" service.receipt "${ARGS[@]}" --finalize
	expect_in "公告送达自发出公告之日起经过三十日才视为送达" "$ERR"
	fixture service.receipt@public "serves:=$R"
	final "$A" service.receipt "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "未附公告的照片或版面扫描件" "$OUT"
}

test_a_scanned_mail_receipt_is_the_mail_receipt() {
	served_as mail
	expect_exit 1 jilu check "$A"
	expect_in "未附邮寄回执（扫描件或照片）" "$OUT"
	pdf receipt.pdf "挂号回执"
	expect_exit 0 jilu media add "$R" receipt.pdf
	expect_exit 1 jilu check "$A"
	expect_not_in "未附邮寄回执" "$OUT"
}

# ---- item 8: order and plausibility ---------------------------------------

# A penalty action with a decision of FIXTURE's date (2026-11-25T10:00) entered
# on time; its id in DEC.
decided() {
	at 2026-11-25T10:30
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.decision "$@"
	final "$A" penalty.decision "${ARGS[@]}"
	DEC=$R
}

test_a_service_dated_before_the_document_it_serves_is_a_finding() {
	decided
	at 2026-11-25T10:40
	fixture service.receipt "serves:=$DEC" served_at=2026-11-24T15:00
	final "$A" service.receipt "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "R14.1 第十四条: 记录 $R《送达回证》送达时间: 送达时间 2026-11-24T15:00 早于所送达文书（记录 $DEC）的日期 2026-11-25T10:00" "$OUT"
	fixture service.receipt "serves:=$DEC" served_at=2026-11-25T10:35
	expect_exit 0 jilu record amend "$R" --reason 送达时间笔误 served_at=2026-11-25T10:35
	expect_exit 1 jilu check "$A"
	expect_not_in "早于所送达文书" "$OUT"
}

test_a_decision_before_the_reply_period_ends_is_a_finding() {
	at 2026-11-21T10:30
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.rights_notice notified_at=2026-11-21T10:00 reply_by=2026-11-26
	final "$A" penalty.rights_notice "${ARGS[@]}"
	local notice=$R
	at 2026-11-25T10:30
	fixture penalty.decision
	final "$A" penalty.decision "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "R10.1 第十条: 记录 $R《行政处罚决定书》决定时间: 处罚决定（2026-11-25T10:00）早于权利告知（记录 $notice）的陈述申辩期限 2026-11-26 届满" "$OUT"
	# The party stated its case: the period is used, the decision may follow.
	at 2026-11-23T11:00
	final "$A" penalty.statement heard_at=2026-11-23T10:00 speaker=王五 facts=承认 reasons=初次违法 evidence=无 \
		review=属实 handling=维持拟作出的处罚 \
		'signatures:=[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	at 2026-11-25T11:00
	expect_exit 1 jilu check "$A"
	expect_not_in "陈述申辩期限" "$OUT"
}

test_two_decisions_with_one_document_number_are_a_finding() {
	decided
	local first=$DEC first_action=$A
	A=$(jilu action open penalty)
	fixture penalty.decision
	final "$A" penalty.decision "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "R8.1 第八条: 记录 $R《行政处罚决定书》决定书文号: 文号 昌市监罚〔2026〕45号 与执法活动 $first_action 的记录 $first 相同" "$OUT"
	expect_exit 1 jilu check "$first_action"
	expect_in "与执法活动 $A 的记录 $R 相同" "$OUT"
	# A correction keeps its number: not a second decision.
	expect_exit 0 jilu record amend "$R" --reason 文号笔误 document_number="昌市监罚〔2026〕46号"
	expect_exit 1 jilu check "$first_action"
	expect_not_in "相同" "$OUT"
}

test_a_record_entered_days_after_the_event_is_a_finding() {
	at 2026-11-08T11:00
	setup_store
	A=$(jilu action open penalty)
	fixture penalty.inquiry
	final "$A" penalty.inquiry "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_not_in "R3.1" "$OUT"
	at 2026-11-10T09:00
	fixture penalty.inquiry started_at=2026-11-08T13:30 ended_at=2026-11-08T14:00
	final "$A" penalty.inquiry "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "R3.1 第三条: 记录 $R《询问笔录》询问结束时间: 记录于 2026-11-10T09:00" "$OUT"
	expect_in "晚于所记录的事项（2026-11-08T14:00）24 小时以上" "$OUT"
}

# ---- item 6: working days (行政许可法 第八十二条) ---------------------------

# The R6.4 due time of an incomplete acceptance received at $1 (a draft), as
# `jilu deadlines --json` gives it; its line in LINE.
r64_due() {
	local a r
	a=$(jilu action open licensing)
	r=$(jilu record new "$a" licensing.acceptance received_at="$1" 'applicant:={"name":"孙立军"}' \
		matter=食品经营许可 outcome=incomplete 'missing_items:=["经营场所平面图"]') || fail "draft"
	expect_exit 0 jilu deadlines --json
	printf '%s' "$OUT" >deadlines.json
	DUE=$(sqlite3 :memory: "SELECT substr(value->>'due', 1, 16) FROM json_each(readfile('deadlines.json')) WHERE value->>'record' = $r")
	expect_exit 0 jilu deadlines
	LINE=$(grep "记录 $r《" <<<"$OUT")
	jilu record set "$r" notified_at="$1" >/dev/null
}

test_r6_4_counts_working_days_by_the_2026_calendar() {
	at 2026-09-01T08:00
	setup_store
	# Received on the eve of the National Day holiday (1-7 October): Thursday 8th, Friday 9th.
	at 2026-09-30T10:00
	r64_due 2026-09-30T09:00
	expect_eq "2026-10-09T09:00" "$DUE" "due after the National Day holiday"
	expect_in "后 2 个工作日内须一次告知" "$LINE"
	expect_not_in "未载入日历" "$LINE"
	# Friday 9 October: Saturday the 10th is an adjusted working day (调休), then Monday.
	at 2026-10-09T10:00
	r64_due 2026-10-09T09:00
	expect_eq "2026-10-12T09:00" "$DUE" "due counting the adjusted Saturday"
	# An ordinary week: Sunday → Tuesday.
	at 2026-11-29T17:00
	r64_due 2026-11-29T16:00
	expect_eq "2026-12-01T16:00" "$DUE" "due two working days after a Sunday"
}

test_r6_4_spring_festival() {
	at 2026-02-13T10:00
	setup_store
	# Friday 13 February: Saturday the 14th is worked, 15-23 are the holiday, Tuesday the 24th.
	r64_due 2026-02-13T09:00
	expect_eq "2026-02-24T09:00" "$DUE" "due after the Spring Festival"
}

# Without calendar.json only weekends are excluded, and the deadline says so.
test_r6_4_without_a_calendar_counts_weekdays_and_says_so() {
	at 2026-09-30T10:00
	setup_store
	mkdir forms
	cp "$FORMS_SRC"/*.json forms/
	rm forms/calendar.json
	export JILU_FORMS=$PWD/forms
	expect_exit 0 jilu forms check
	r64_due 2026-09-30T09:00
	expect_eq "2026-10-02T09:00" "$DUE" "weekdays only"
	expect_in "（2026 年的法定节假日未载入日历，只排除了周末）" "$LINE"
}

test_a_malformed_calendar_is_reported_with_its_json_path() {
	setup_store
	mkdir forms
	cp "$FORMS_SRC"/*.json forms/
	sed -i 's/"2026-10-10"/"2026-10-32"/' forms/calendar.json
	expect_exit 2 jilu forms check forms
	expect_in "calendar.json" "$ERR$OUT"
	expect_in '$.workdays[5]: 不是日期（YYYY-MM-DD）' "$ERR$OUT"
}

test_a_late_supplement_notice_is_a_finding_by_working_days() {
	at 2026-10-09T10:00
	setup_store
	A=$(jilu action open licensing)
	# Received Wednesday 30 September, told Friday 9 October: in time (the holiday does not count).
	final "$A" licensing.acceptance received_at=2026-09-30T09:00 'applicant:={"name":"孙立军"}' \
		matter=食品经营许可 outcome=incomplete 'missing_items:=["经营场所平面图"]' \
		notified_at=2026-10-09T09:00 'materials_returned:=true'
	expect_exit 0 jilu check "$A"
	expect_not_in "R6.4" "$OUT"
	at 2026-10-12T10:00
	final "$A" licensing.acceptance received_at=2026-10-08T09:00 'applicant:={"name":"孙立军"}' \
		matter=食品经营许可 outcome=incomplete 'missing_items:=["经营场所平面图"]' \
		notified_at=2026-10-12T09:30 'materials_returned:=true'
	expect_exit 1 jilu check "$A"
	expect_in "R6.4 第六条: 记录 $R《申请材料接收与受理决定》告知时间: 补正告知晚于收件后 2 个工作日（收件 2026-10-08T09:00）" "$OUT"
}

# ---- item 5: when an action ends (R19.1) ----------------------------------

# A penalty action ends when its decision is served, closed or not: the
# archive is due 30 calendar days after the receipt was made final.
test_a_served_penalty_decision_starts_the_archive_clock() {
	decided
	expect_exit 1 jilu check "$A"
	expect_not_in "R19.1" "$OUT"
	at 2026-11-25T15:30
	fixture service.receipt "serves:=$DEC"
	final "$A" service.receipt "${ARGS[@]}"
	local fin
	fin=$(q "SELECT finalized_at FROM records WHERE id = $R")
	expect_exit 1 jilu check "$A"
	expect_in "R19.1 第十九条: 行政处罚决定书已送达（$fin 定稿），执法活动已结束，须在 30 日（自然日）内立卷归档" "$OUT"
	at 2026-12-01T10:00
	expect_exit 0 jilu deadlines --json
	printf '%s' "$OUT" >d.json
	expect_eq "R19.1|$A|2026-12-25T15:30" "$(sqlite3 :memory: "SELECT value->>'req', value->>'action', substr(value->>'due', 1, 16) FROM json_each(readfile('d.json')) WHERE value->>'req' = 'R19.1'")" "due"
	# Closed later, the clock does not restart.
	at 2026-12-20T10:00
	expect_exit 0 jilu action close "$A" --force --reason 测试
	expect_exit 0 jilu deadlines
	expect_in "期限 2026-12-25 15:30" "$OUT"
	# Archived 40 days after the service: late, though only 10 days after the close.
	at 2027-01-04T10:00
	final "$A" archive.casefile archived_at=2027-01-04T10:00 archivist=赵敏 location=档案室
	expect_exit 1 jilu check "$A"
	expect_in "归档（2027-01-04T10:00）晚于执法活动结束后 30 日（行政处罚决定书已送达" "$OUT"
}

test_a_licence_decided_starts_the_archive_clock() {
	at 2026-11-10T10:00
	setup_store
	A=$(jilu action open licensing)
	fixture licensing.decision
	final "$A" licensing.decision "${ARGS[@]}"
	expect_exit 1 jilu check "$A"
	expect_in "R19.1 第十九条: 行政许可已作出决定（" "$OUT"
}

# An inspection with an order to correct ends with the review, not before.
test_an_inspection_with_a_correction_order_ends_with_its_review() {
	at 2026-11-05T10:00
	setup_store
	A=$(jilu action open inspection)
	final "$A" inspection.onsite started_at=2026-11-05T09:00 ended_at=2026-11-05T09:50 \
		place=某超市 situation=货架整齐 result=no_issue "officers:=$OFFICERS2" "party:=$PARTY_CO" \
		'av:={"mode":"none","reason":"当事人场所涉及商业秘密"}' "signatures:=$SIGS_INSPECTION"
	expect_exit 0 jilu check "$A" # only deadlines still running
	expect_in "R19.1 第十九条: 检查未发现问题，无后续处理" "$OUT"
	fixture correction.order issued_at=2026-11-05T09:55
	final "$A" correction.order "${ARGS[@]}"
	local order=$R
	expect_exit 0 jilu check "$A" # only deadlines still running
	expect_not_in "R19.1" "$OUT"
	at 2026-11-16T10:00
	final "$A" correction.review "order:=$order" reviewed_at=2026-11-16T09:00 "officers:=$OFFICERS2" \
		result=corrected details=已改正
	expect_exit 1 jilu check "$A"
	expect_in "R19.1 第十九条: 责令改正已复查（" "$OUT"
}

# ---- item 9: words officers use --------------------------------------------

test_titles_are_those_of_the_2021_templates() {
	setup_store
	expect_exit 0 jilu forms list
	local t
	for t in "inspection.onsite.*现场笔录" "penalty.rights_notice.*行政处罚告知书" \
		"licensing.decision.*准予（不予）行政许可决定书" "penalty.filing.*立案（不予立案）审批表" \
		"penalty.decision .*行政处罚决定书" "penalty.discussion.*行政处罚案件集体讨论记录"; do
		grep -q "$t" <<<"$OUT" || fail "no line matching $t in: $OUT"
	done
}

# What check says is missing names the document as officers know it, with
# no program id inside the Chinese sentence (the English names the id).
test_missing_records_are_named_without_program_ids() {
	setup_store
	A=$(jilu action open penalty)
	expect_exit 1 jilu check "$A"
	expect_in "R8.1 第八条: 缺少已定稿的《立案（不予立案）审批表》" "$OUT"
	if grep -E '[a-z]+\.[a-z_]+' <<<"$OUT"; then fail "a program id in: $OUT"; fi
	expect_exit 1 jilu --lang en check "$A"
	expect_in "(penalty.filing)" "$OUT"
}

test_the_hash_chain_is_not_called_a_ledger_book() {
	setup_store
	expect_exit 0 jilu verify
	expect_not_in "账本" "$OUT$ERR"
	expect_in "存证链" "$OUT"
	expect_exit 0 jilu --help
	expect_not_in "账本" "$OUT$ERR"
}

# 申请人 signs a licensing step; without the applicant (or a person present)
# the refusal cites 第七条, not 第十一条.
test_licensing_signatures_are_the_applicants_and_cite_article_7() {
	at 2026-12-01T16:00
	setup_store
	A=$(jilu action open licensing)
	fixture licensing.verification
	expect_in '"role":"applicant"' "${ARGS[*]}"
	final "$A" licensing.verification "${ARGS[@]}"
	expect_exit 0 jilu record show "$R"
	expect_in "申请人" "$OUT"
	fixture licensing.verification 'signatures:=[{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	expect_exit 3 jilu record new "$A" licensing.verification "${ARGS[@]}" --finalize
	expect_in "R7.1 第七条: signatures: 须有当事人（申请人）" "$ERR"
	expect_not_in "第十一条" "$ERR"
}

# A certificate not shown is cited by the form's own article.
test_certificate_not_shown_cites_the_forms_article() {
	at 2026-11-05T12:00
	setup_store
	A=$(jilu action open inspection)
	final "$A" inspection.onsite started_at=2026-11-05T09:00 ended_at=2026-11-05T10:00 \
		place=某超市 situation=货架整齐 result=no_issue \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]' \
		"party:=$PARTY_CO" 'av:={"mode":"none","reason":"商业秘密"}' "signatures:=$SIGS_INSPECTION"
	expect_exit 1 jilu check "$A"
	expect_in "R18.1 第十八条: 记录 $R《现场笔录》检查人员: 执法人员 李四（13002）未出示执法证件" "$OUT"
	expect_not_in "第九条" "$OUT"
}

# ---- item 4 (part): capture time from the evidence itself (R19.2) ---------

# A JPEG whose EXIF DateTimeOriginal is $2 ("YYYY:MM:DD HH:MM:SS"), big-endian TIFF.
exif_jpeg() {
	printf '\xff\xd8\xff\xe1\x00\x48Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08' >"$1"
	printf '\x00\x01\x87\x69\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1a\x00\x00\x00\x00' >>"$1"
	printf '\x00\x01\x90\x03\x00\x02\x00\x00\x00\x14\x00\x00\x00\x2c\x00\x00\x00\x00' >>"$1"
	printf '%s\x00\xff\xd9' "$2" >>"$1"
}

# An MP4 whose movie header says it was created at $2 (UTC).
created_mp4() {
	local s hex
	s=$(($(date -ud "$2" +%s) + 2082844800))
	hex=$(printf '%08x' "$s")
	printf '\x00\x00\x00\x10ftypisom\x00\x00\x02\x00\x00\x00\x00\x1cmoov\x00\x00\x00\x14mvhd\x00\x00\x00\x00' >"$1"
	printf "\\x${hex:0:2}\\x${hex:2:2}\\x${hex:4:2}\\x${hex:6:2}" >>"$1"
	printf '\x00\x00\x00\x00' >>"$1"
}

test_media_add_reads_the_capture_time_from_the_file_and_says_so() {
	filmed_inspection
	export TZ=UTC
	exif_jpeg photo.jpg "2026:11:05 09:31:00"
	touch -d '2026-11-05 11:59:00' photo.jpg
	created_mp4 clip.mp4 2026-11-05T09:05:00
	touch -d '2026-11-05 11:58:00' clip.mp4
	jpeg plain.jpg "无 EXIF"
	touch -d '2026-11-05 11:57:00' plain.jpg
	expect_exit 0 jilu media add "$R" photo.jpg clip.mp4 plain.jpg
	expect_eq "photo.jpg|2026-11-05T09:31:00
clip.mp4|2026-11-05T09:05:00
plain.jpg|2026-11-05T11:57:00" "$(q "SELECT name, substr(captured_at, 1, 19) FROM media ORDER BY id")" "capture times"
	expect_in "拍摄时间取自照片 EXIF 拍摄时间" "$ERR"
	expect_in "拍摄时间取自视频文件的创建时间" "$ERR"
	expect_in "拍摄时间取自文件修改时间（文件中未记载拍摄时间）" "$ERR"
	# A stated time is used as stated.
	jpeg other.jpg "另一张"
	expect_exit 0 jilu media add "$R" other.jpg --captured-at 2026-11-05T09:40
	expect_eq "2026-11-05T09:40" "$(q "SELECT substr(captured_at, 1, 16) FROM media WHERE name = 'other.jpg'")" "given"
}

# Malformed metadata gives no time (the modification time is used), never a crash.
test_malformed_capture_metadata_falls_back_to_the_modification_time() {
	filmed_inspection
	export TZ=UTC
	printf '\xff\xd8\xff\xe1\xff\xf0Exif\x00\x00MM\x00\x2a\xff\xff\xff\xf0' >bad.jpg
	printf '\x00\x00\x00\x10ftypisom\x00\x00\x02\x00\x7f\xff\xff\xffmoov' >bad.mp4
	printf '\x00\x00\x00\x10ftypisom\x00\x00\x02\x00\x00\x00\x00\x1cmoov\x00\x00\x00\x09mvhd\x00' >short.mp4
	touch -d '2026-11-05 11:00:00' bad.jpg bad.mp4 short.mp4
	expect_exit 0 jilu media add "$R" bad.jpg bad.mp4 short.mp4
	expect_eq "2026-11-05T11:00:00
2026-11-05T11:00:00
2026-11-05T11:00:00" "$(q "SELECT substr(captured_at, 1, 19) FROM media ORDER BY id")" "modification times"
	expect_in "拍摄时间取自文件修改时间" "$ERR"
}

# ---- schema 4: a store made before documents is upgraded, nothing lost -----

# tests/fixtures/store-v3: a store of schema 3 (made by jilu before this
# change: device T1, officer zhang, an inspection draft, record 1, with one photo).
test_a_schema_3_store_is_upgraded_keeping_its_media_and_verifies() {
	cp -r "$FIXTURES/../store-v3/." .
	export JILU_DB=$PWD/jilu.db JILU_OFFICER=zhang
	at 2026-11-05T12:00
	expect_eq 3 "$(q "PRAGMA user_version")" "schema before"
	# Reading commands do not upgrade; the first write does.
	pdf d.pdf "扫描件"
	expect_exit 0 jilu media add 1 d.pdf
	expect_eq 2 "$OUT" "the next attachment id"
	expect_eq 9 "$(q "PRAGMA user_version")" "schema after"
	expect_eq "1|photo|2026-11-05T11:00
2|document|" "$(q "SELECT id, kind, CASE kind WHEN 'photo' THEN substr(captured_at, 1, 16) ELSE '' END FROM media ORDER BY id")" "media rows"
	expect_exit 0 jilu verify
	expect_in "2 个音像文件均相符" "$OUT"
	# The rebuilt table keeps its guards (sqlite3 exits 19: SQLITE_CONSTRAINT).
	expect_exit 19 q "DELETE FROM media WHERE id = 1"
	expect_exit 19 q "UPDATE media SET kind = 'video' WHERE id = 1"
}
