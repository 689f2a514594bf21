# One enforcement action of each kind, from opening to archive, as officers
# of the Changli County bureau would record it; and the cases where the
# Measures refuse a record or `jilu check` must report one, by article.
#
# The clock is set step by step with JILU_NOW (`at`), so that finalising,
# storing media and closing happen when the story says. Media are small
# files with the right magic bytes (JPEG FF D8 FF; MP4 "ftyp" at offset 4;
# M4A audio "ftypM4A"), captured shortly before they are stored (R19.2).

OFF2='[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":true}]'
HUIMIN='{"name":"昌黎县惠民超市有限公司","id_type":"uscc","id_number":"91130322MA0H2M5J1A","address":"昌黎县民生街1号","representative":"王五","phone":"0335-5901234"}'
XINYUAN='{"name":"昌黎县鑫源食品有限公司","id_type":"uscc","id_number":"91130322MA0C4K7L58","address":"昌黎县碣阳大街88号","representative":"孙立军","phone":"0335-7123456"}'
WANGWU='{"name":"王五","id_type":"resident_id","id_number":"130322198005121232","address":"昌黎县民生街3号","phone":"13833512345"}'
SIGS_WANG='[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
SIGS_SUN='[{"role":"party","name":"孙立军","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'

# The clock: every later command happens at $1.
at() { export JILU_NOW=$1; }

q() { sqlite3 "$JILU_DB" "$@"; }

# Finalises a new record (expects exit 0); its id in R.
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

# Small media files.
jpeg() { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00%s' "$2" >"$1"; }
mp4() { printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00%s' "$2" >"$1"; }
m4a() { printf '\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00%s' "$2" >"$1"; }

# Attaches FILE to RECORD, captured at CAPTURED (kind from the magic bytes).
attach() {
	expect_exit 0 jilu media add "$1" "$2" --captured-at "$3"
}

# The end of every story: closed at CLOSE, archived at ARCHIVE, then
# `jilu check` finds nothing and the ledger verifies.
close_archive_check() {
	local a=$1 close=$2 archive=$3 file=$4
	at "$close"
	expect_exit 0 jilu action close "$a"
	at "$archive"
	final "$a" archive.casefile archived_at="$archive" archivist=赵敏 \
		location="昌黎县市场监督管理局档案室 A-03 柜" file_number="$file" retention=长期
	expect_exit 0 jilu check "$a"
	expect_in "按《办法》应有的记录齐全" "$OUT"
	expect_exit 0 jilu verify
}

# ---- licensing --------------------------------------------------------------

# 食品经营许可（新办）: received and accepted subject to verification (R6.2(2)),
# verified on site by two officers on video (R7.1, R7.2), granted (R6.1),
# the licence served, closed and archived (R19.1).
test_licensing_from_application_to_archive() {
	setup_store
	local a rv
	at 2026-11-02T09:30
	a=$(jilu action open licensing --title "昌黎县鑫源食品有限公司食品经营许可（新办）")
	final "$a" licensing.acceptance document_number="昌市监受〔2026〕302号" received_at=2026-11-02T09:30 \
		"applicant:=$XINYUAN" matter="食品经营许可（新办）" outcome=verify \
		'verify_items:=["经营场所布局与平面图是否一致","冷藏冷冻设施是否运转正常"]' \
		verify_reason="新建经营场所，须现场核实场所和设施与申请材料相符" verify_by=2026-11-09 handler=赵敏
	# Accepted for verification: check wants the verification and the decision.
	expect_exit 1 jilu check "$a"
	expect_in "R7.1 第七条: 缺少已定稿的《现场核查记录》" "$OUT"
	expect_in "R6.1 第六条: 缺少已定稿的《准予（不予）行政许可决定书》" "$OUT"

	at 2026-11-06T15:10
	final "$a" licensing.verification matter=食品经营许可现场核查 started_at=2026-11-06T14:00 \
		ended_at=2026-11-06T15:00 place="昌黎县碣阳大街88号" "officers:=$OFF2" \
		findings="经营场所面积120平方米，布局与平面图一致；冷藏柜2台、冷冻柜1台运行正常" \
		'av:={"mode":"video"}' "signatures:=$SIGS_SUN"
	rv=$R
	# The video is promised: until it is stored, a deadline (R19.2).
	expect_exit 1 jilu check "$a"
	expect_in "R19.2 第十九条: 记录 $rv《现场核查记录》录音录像: 记录为录像，但未附录像文件" "$OUT"
	at 2026-11-06T17:00
	mp4 verify.mp4 "现场核查录像"
	attach "$rv" verify.mp4 2026-11-06T14:00

	at 2026-11-09T16:00
	final "$a" licensing.decision document_number="昌市监许〔2026〕118号" decided_at=2026-11-09T16:00 \
		decision=granted basis="《中华人民共和国行政许可法》第三十八条" valid_until=2031-11-08
	local dec=$R
	at 2026-11-10T10:00
	final "$a" service.receipt "serves:=$dec" document_name="食品经营许可证" document_number="JY11303220012345" \
		recipient="昌黎县鑫源食品有限公司（孙立军）" served_at=2026-11-10T10:00 place=昌黎县市场监督管理局政务服务窗口 \
		method=direct signer_relation=法定代表人 \
		'signatures:=[{"role":"recipient","name":"孙立军","status":"signed"},{"role":"server","name":"赵敏","status":"signed"}]'
	close_archive_check "$a" 2026-11-10T11:00 2026-11-20T09:00 "昌市监档〔2026〕101号"
	expect_eq "video" "$(q "SELECT kind FROM media WHERE record_id = $rv")" "kind of verify.mp4"
}

# Told to supplement three days after receipt: the record is final, but
# `jilu check` reports R6.4 (the notice is due within 2 days); a second
# supplement notice for the same receipt is refused (R6.3); a new
# submission is a new receipt.
test_licensing_supplement_notice_late_is_r6_4_and_second_notice_refused_r6_3() {
	setup_store
	local a first
	at 2026-11-02T09:30
	a=$(jilu action open licensing --title "昌黎县福满楼餐饮有限公司食品经营许可（变更）")
	at 2026-11-05T10:00
	final "$a" licensing.acceptance received_at=2026-11-02T09:30 \
		'applicant:={"name":"昌黎县福满楼餐饮有限公司","id_type":"uscc","id_number":"91130322MA07Q3HP8P","address":"昌黎县新民街12号"}' \
		matter="食品经营许可（变更经营项目）" outcome=incomplete \
		'missing_items:=["变更后的经营场所平面图","食品安全管理人员培训合格证明"]' \
		notified_at=2026-11-05T10:00 'materials_returned:=true'
	first=$R
	expect_exit 1 jilu check "$a"
	expect_in "R6.4 第六条: 记录 $first《申请材料接收与受理决定》告知时间: 补正告知晚于收件后 2 个工作日" "$OUT"

	expect_exit 3 jilu record new "$a" licensing.acceptance received_at=2026-11-02T09:30 \
		'applicant:={"name":"昌黎县福满楼餐饮有限公司"}' matter="食品经营许可（变更经营项目）" \
		outcome=incomplete 'missing_items:=["法定代表人身份证复印件"]' \
		notified_at=2026-11-05T11:00 'materials_returned:=true' --finalize
	expect_in "R6.3 第六条: outcome: 本次收件（2026-11-02T09:30）已于记录 $first 一次性告知补正，不得再次告知" "$ERR"
	jilu record discard "$OUT" || fail "discard the kept draft"
	expect_eq 1 "$(q "SELECT count(*) FROM records WHERE form = 'licensing.acceptance'")" "acceptances"
	# The same receipt, its time written another way, is the same receipt
	# (China Standard Time for the zoned spelling).
	local spelled
	for spelled in 2026-11-02T09:30:00 "2026-11-02 09:30" 2026-11-02T09:30+08:00 2026-11-02T01:30Z; do
		TZ=CST-8 expect_exit 3 jilu record new "$a" licensing.acceptance received_at="$spelled" \
			'applicant:={"name":"昌黎县福满楼餐饮有限公司"}' matter="食品经营许可（变更经营项目）" \
			outcome=incomplete 'missing_items:=["法定代表人身份证复印件"]' \
			notified_at=2026-11-05T11:00 'materials_returned:=true' --finalize
		# (FIELD=TEXT is stored canonically: "2026-11-02 09:30" as 2026-11-02T09:30.)
		expect_in "R6.3 第六条: outcome: 本次收件（${spelled/ /T}）已于记录 $first 一次性告知补正" "$ERR"
		jilu record discard "$OUT" || fail "discard the kept draft"
	done

	# The applicant brings everything on 11-12: a new receipt, accepted.
	at 2026-11-12T09:00
	final "$a" licensing.acceptance received_at=2026-11-12T09:00 \
		'applicant:={"name":"昌黎县福满楼餐饮有限公司","id_type":"uscc","id_number":"91130322MA07Q3HP8P"}' \
		matter="食品经营许可（变更经营项目）" outcome=accepted
	expect_exit 1 jilu check "$a"
	expect_in "R6.4 第六条: 记录 $first《申请材料接收与受理决定》告知时间" "$OUT"
}

# The 2 days run to the minute: notified exactly 2 days after receipt is in
# time, one minute later is not.
test_licensing_supplement_notice_two_days_to_the_minute() {
	setup_store
	local a b
	at 2026-12-01T17:00
	a=$(jilu action open licensing --title 按时告知)
	final "$a" licensing.acceptance received_at=2026-11-29T16:00 'applicant:={"name":"昌黎县惠民超市有限公司"}' \
		matter=食品经营许可 outcome=incomplete 'missing_items:=["经营场所平面图"]' \
		notified_at=2026-12-01T16:00 'materials_returned:=true'
	# Not accepted: nothing more is due, and the notice was in time.
	expect_exit 0 jilu check "$a"
	expect_not_in "R6.4" "$OUT"
	b=$(jilu action open licensing --title 逾期告知)
	final "$b" licensing.acceptance received_at=2026-11-29T16:00 'applicant:={"name":"昌黎县惠民超市有限公司"}' \
		matter=食品经营许可 outcome=incomplete 'missing_items:=["经营场所平面图"]' \
		notified_at=2026-12-01T16:01 'materials_returned:=true'
	expect_exit 1 jilu check "$b"
	expect_in "R6.4 第六条: 记录 $R《申请材料接收与受理决定》告知时间: 补正告知晚于收件后 2 个工作日" "$OUT"
}

# ---- penalty ----------------------------------------------------------------

# 销售超过保质期食品案: filed (R8.1), investigated on site and by inquiry on
# video (R9.1, R11.1, R11-2.1), the lab's opinion attached, rights told
# before the decision (R10.1), the party's statement reviewed, the case
# discussed with an audio recording (R12.1), decided, and the decision left
# at the party's premises when he refused it (留置送达, R14.1) on video.
test_penalty_from_filing_to_archive_with_service_by_leaving() {
	setup_store
	local a onsite inquiry appraisal discussion decision receipt
	at 2026-11-05T10:30
	a=$(jilu action open penalty --title "昌黎县惠民超市有限公司销售超过保质期食品案")
	at 2026-11-06T09:00
	final "$a" penalty.filing document_number="昌市监立〔2026〕88号" source=日常监督检查发现 \
		received_at=2026-11-05T10:30 cause=涉嫌销售超过保质期的食品 "party:=$HUIMIN" \
		summary="2026年11月5日执法人员检查时发现货架陈列超过保质期的方便面12桶" \
		approved_by=刘建国 approved_at=2026-11-06T09:00

	at 2026-11-06T11:00
	final "$a" penalty.onsite started_at=2026-11-06T09:30 ended_at=2026-11-06T10:40 \
		place="昌黎县民生街1号 昌黎县惠民超市" "officers:=$OFF2" "party:=$HUIMIN" summoned=法定代表人王五 \
		situation="食品区货架陈列“康师傅”红烧牛肉面12桶，生产日期2026年3月1日，保质期6个月，已超过保质期" \
		'av:={"mode":"video"}' "signatures:=$SIGS_WANG"
	onsite=$R
	mp4 onsite.mp4 "现场检查录像"
	attach "$onsite" onsite.mp4 2026-11-06T09:30

	at 2026-11-08T11:00
	final "$a" penalty.inquiry started_at=2026-11-08T09:30 ended_at=2026-11-08T10:40 \
		place=昌黎县市场监督管理局第一询问室 "officers:=$OFF2" recorder=李四 "interviewee:=$WANGWU" \
		interviewee_role=party transcript="问：我们是昌黎县市场监督管理局执法人员（出示执法证件），你是否申请回避？答：不申请。问：过期方便面何时进货？答：今年三月。" \
		'av:={"mode":"video"}' \
		'signatures:=[{"role":"interviewee","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	inquiry=$R
	mp4 inquiry.mp4 "询问录像"
	attach "$inquiry" inquiry.mp4 2026-11-08T09:30

	at 2026-11-12T16:30
	final "$a" penalty.appraisal institution=河北省食品检验研究院 document_number="冀食检〔2026〕W0456号" \
		received_at=2026-11-12T16:00 conclusion="酸价、过氧化值不符合GB 17400-2015要求，检验结论为不合格"
	appraisal=$R
	jpeg report.jpg "检验报告扫描件"
	attach "$appraisal" report.jpg 2026-11-12T16:10

	at 2026-11-21T10:00
	final "$a" penalty.rights_notice document_number="昌市监罚告〔2026〕45号" notified_at=2026-11-21T10:00 \
		method=written_served proposed_penalty="没收过期食品，罚款人民币伍万元" 'hearing_applicable:=true' \
		'rights:=["statement","defence","recusal","hearing"]' reply_by=2026-11-26
	at 2026-11-23T11:30
	final "$a" penalty.statement heard_at=2026-11-23T10:00 speaker=王五 \
		facts="承认销售过期方便面12桶，货值90元" reasons="初次违法，已主动下架销毁，请求从轻处罚" \
		evidence="销毁记录及照片3张" review="主动改正情况属实，但不属于可以不予处罚的情形" handling="维持拟作出的处罚" \
		"signatures:=$SIGS_WANG"

	at 2026-11-24T16:00
	final "$a" penalty.discussion held_at=2026-11-24T14:30 ended_at=2026-11-24T15:30 \
		place=局三楼会议室 chair=刘建国 'participants:=["刘建国","陈红","周明","张三"]' recorder=赵敏 \
		facts="销售超过保质期食品12桶，货值90元" opinions="一致同意按第一百二十四条处罚" \
		conclusion="没收过期食品，罚款人民币伍万元" \
		'signatures:=[{"role":"chair","name":"刘建国","status":"signed"},{"role":"recorder","name":"赵敏","status":"signed"}]'
	discussion=$R
	# Without its recording the discussion is a finding (R12.1).
	expect_exit 1 jilu check "$a"
	expect_in "R12.1 第十二条: 记录 $discussion《行政处罚案件集体讨论记录》: 集体讨论未附录音" "$OUT"
	m4a discussion.m4a "集体讨论录音"
	attach "$discussion" discussion.m4a 2026-11-24T14:30

	at 2026-11-25T10:00
	final "$a" penalty.decision document_number="昌市监罚〔2026〕45号" decided_at=2026-11-25T10:00 \
		"party:=$HUIMIN" 'penalties:=["fine","confiscation"]' 'fine_amount:=50000' \
		confiscated="超过保质期的方便面12桶" basis="《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"
	decision=$R
	expect_exit 1 jilu check "$a"
	expect_in "R14.1 第十四条: 缺少已定稿的《送达回证》，送达《行政处罚决定书》（记录 $decision）" "$OUT"

	# 王五 refuses the decision: it is left at the shop, with a witness, on video.
	at 2026-11-25T15:30
	final "$a" service.receipt "serves:=$decision" document_name=行政处罚决定书 document_number="昌市监罚〔2026〕45号" \
		recipient="昌黎县惠民超市有限公司（法定代表人王五）" served_at=2026-11-25T15:00 place="昌黎县民生街1号" \
		method=left refusal_reason="受送达人王五称对处罚决定不服，拒绝签收" refused_on=2026-11-25 \
		left_at="昌黎县民生街1号 当事人经营场所收银台" \
		'signatures:=[{"role":"server","name":"张三","status":"signed"},{"role":"server","name":"李四","status":"signed"},{"role":"witness","name":"吴桂兰（民生街社区居委会主任）","status":"signed"},{"role":"recipient","name":"王五","status":"refused","reason":"对处罚决定不服"}]' \
		'av:={"mode":"video"}'
	receipt=$R
	expect_exit 1 jilu check "$a"
	expect_in "R14.1 第十四条: 记录 $receipt《送达回证》音像记录: 留置送达未附录像" "$OUT"
	expect_in "R19.2 第十九条: 记录 $receipt《送达回证》音像记录: 记录为录像，但未附录像文件" "$OUT"
	mp4 service.mp4 "留置送达录像"
	attach "$receipt" service.mp4 2026-11-25T15:00
	expect_exit 0 jilu media list "$receipt"
	expect_in "service.mp4" "$OUT"

	close_archive_check "$a" 2026-11-26T09:00 2026-12-01T09:00 "昌市监档〔2026〕118号"
}

# Told of the rights after the decision: a finding of R10.1.
test_penalty_rights_notice_after_the_decision_is_r10_1_finding() {
	setup_store
	local a notice
	at 2026-11-26T10:00
	a=$(jilu action open penalty --title "昌黎县某药店未凭处方销售处方药案")
	final "$a" penalty.decision document_number="昌市监罚〔2026〕47号" decided_at=2026-11-25T10:00 \
		'penalties:=["warning"]' basis="《药品流通监督管理办法》第十八条"
	final "$a" penalty.rights_notice notified_at=2026-11-26T10:00 method=oral_on_record \
		'hearing_applicable:=false' 'rights:=["statement","defence","recusal"]'
	notice=$R
	expect_exit 1 jilu check "$a"
	expect_in "R10.1 第十条: 记录 $notice《行政处罚告知书》告知时间: 《行政处罚告知书》（2026-11-26T10:00）须早于《行政处罚决定书》（2026-11-25T10:00）" "$OUT"
}

# An officer who did not show the certificate: the inquiry is final, and
# `jilu check` reports it under R9.1.
test_penalty_certificate_not_shown_is_r9_1_finding() {
	setup_store
	local a
	at 2026-11-08T11:00
	a=$(jilu action open penalty --title "昌黎县某饭店使用过期原料案")
	final "$a" penalty.inquiry started_at=2026-11-08T09:30 ended_at=2026-11-08T10:40 place=询问室 \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]' \
		"interviewee:=$WANGWU" transcript="问：……答：……" 'av:={"mode":"audio"}' \
		'signatures:=[{"role":"interviewee","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'
	expect_exit 1 jilu check "$a"
	expect_in "R9.1 第九条: 记录 $R《询问笔录》询问人: 执法人员 李四（13002）未出示执法证件" "$OUT"
	expect_not_in "张三（13001）未出示" "$OUT"
}

# ---- compulsory -------------------------------------------------------------

# 罚款强制执行: the execution is refused (R15.1) before the reminder is
# served, and again after service but before the reminder's deadline has
# passed; the party's statement is reviewed (R16.1); after the deadline the
# execution is final (R17.1).
test_compulsory_execution_refused_until_reminder_served_and_due() {
	setup_store
	local a reminder exec_args
	at 2026-11-02T10:00
	a=$(jilu action open compulsory --title "昌黎县鑫源食品有限公司罚款强制执行")
	final "$a" compulsory.reminder document_number="昌市监催〔2026〕7号" "party:=$XINYUAN" \
		decision_document="昌市监罚〔2026〕45号行政处罚决定书" issued_at=2026-11-02T10:00 \
		obligation=缴纳罚款人民币伍万元整 obligation_kind=money deadline=2026-11-12 \
		manner="至昌黎县农村信用联社任一网点缴纳" 'amount:=50000' 'rights_told:=true'
	reminder=$R
	exec_args=(method=extra_fine details="逾期未缴纳罚款，每日按罚款数额的百分之三加处罚款" "officers:=$OFF2" 'av:={"mode":"video"}')

	# Not served yet (the officer enters it on the 13th: no time is recorded
	# ahead of the clock).
	JILU_NOW=2026-11-13T09:30 expect_exit 3 jilu record new "$a" compulsory.execution "${exec_args[@]}" executed_at=2026-11-13T09:00 --finalize
	expect_in "R15.1 第十五条: 催告书（记录 $reminder）尚未送达" "$ERR"
	jilu record discard "$OUT" || fail "discard the kept draft"
	expect_eq 1 "$(q "SELECT count(*) FROM records WHERE state = 'final'")" "final records after the refusal"

	at 2026-11-03T10:30
	final "$a" service.receipt "serves:=$reminder" document_name=催告书 document_number="昌市监催〔2026〕7号" \
		recipient="昌黎县鑫源食品有限公司（孙立军）" served_at=2026-11-03T10:00 place="昌黎县碣阳大街88号" \
		method=direct signer_relation=法定代表人 \
		'signatures:=[{"role":"recipient","name":"孙立军","status":"signed"},{"role":"server","name":"张三","status":"signed"},{"role":"server","name":"李四","status":"signed"}]'

	# Served, but the deadline (the whole of 11-12) has not passed.
	at 2026-11-12T16:30
	expect_exit 3 jilu record new "$a" compulsory.execution "${exec_args[@]}" executed_at=2026-11-12T16:00 --finalize
	expect_in "R15.1 第十五条: executed_at: 催告期限 2026-11-12 届满前不得强制执行（催告书记录 $reminder）" "$ERR"
	jilu record discard "$OUT" || fail "discard the kept draft"
	# A device writes its clock with the zone: 23:59 China time is still
	# the deadline day.
	TZ=CST-8 JILU_NOW=2026-11-12T23:59:30+08:00 expect_exit 3 jilu record new "$a" compulsory.execution "${exec_args[@]}" executed_at=2026-11-12T23:59+08:00 --finalize
	expect_in "R15.1 第十五条: executed_at: 催告期限 2026-11-12 届满前不得强制执行" "$ERR"
	jilu record discard "$OUT" || fail "discard the kept draft"

	at 2026-11-06T11:00
	final "$a" compulsory.statement heard_at=2026-11-06T10:00 speaker=孙立军 \
		facts="称已缴纳部分罚款" reasons="资金周转困难，请求延期" evidence="转账凭证复印件一份" \
		review="经核实，当事人未缴纳任何款项，转账凭证系他人账户" handling="不予采纳，期限届满后依法强制执行"

	at 2026-11-13T10:00
	# 07:00 China time on the 13th, written with its zone: the day after.
	TZ=CST-8 final "$a" compulsory.execution "${exec_args[@]}" document_number="昌市监强执〔2026〕3号" \
		executed_at=2026-11-13T07:00+08:00
	local execution=$R
	mp4 exec.mp4 "强制执行录像"
	attach "$execution" exec.mp4 2026-11-13T09:00
	close_archive_check "$a" 2026-11-14T09:00 2026-11-20T09:00 "昌市监档〔2026〕120号"
}

# A draft execution counts for nothing: check still wants the execution.
test_compulsory_check_wants_a_served_reminder_and_an_execution() {
	setup_store
	local a
	at 2026-11-02T10:00
	a=$(jilu action open compulsory --title "拆除违法广告牌")
	final "$a" compulsory.reminder issued_at=2026-11-02T10:00 obligation="拆除违法设置的户外广告牌" \
		obligation_kind=act deadline=2026-11-12 manner=自行拆除 'rights_told:=true'
	expect_exit 1 jilu check "$a"
	expect_in "R15.1 第十五条: 缺少已定稿的《送达回证》，送达《催告书》（记录 $R）" "$OUT"
	expect_in "R17.1 第十七条: 缺少已定稿的记录（《强制执行记录》《强制执行申请书》之一）" "$OUT"
}

# ---- inspection -------------------------------------------------------------

# 日常监督检查: issues found on video (R18.1–R18.4), an order to correct on
# video (R13.1), reviewed within its deadline (R13.2), closed and archived.
test_inspection_with_correction_order_from_visit_to_archive() {
	setup_store
	local a onsite order
	at 2026-11-05T10:30
	a=$(jilu action open inspection --title "昌黎县惠民超市有限公司日常监督检查")
	final "$a" inspection.onsite started_at=2026-11-05T09:00 ended_at=2026-11-05T10:10 \
		place="昌黎县民生街1号 昌黎县惠民超市" "officers:=$OFF2" "party:=$HUIMIN" presence=法定代表人王五在场 \
		situation="货架陈列超过保质期方便面12桶；冷藏柜温度2℃至6℃" result=issues_found \
		result_detail="发现销售超过保质期食品，当场责令改正" 'av:={"mode":"video"}' "signatures:=$SIGS_WANG"
	onsite=$R
	mp4 onsite.mp4 "检查录像"
	attach "$onsite" onsite.mp4 2026-11-05T09:00
	final "$a" correction.order document_number="昌市监责改〔2026〕21号" issued_at=2026-11-05T10:20 \
		"party:=$HUIMIN" violation="销售超过保质期的食品" requirement="立即下架销毁过期食品，建立临期食品检查台账" \
		deadline=2026-11-15 "officers:=$OFF2" 'av:={"mode":"video"}'
	order=$R
	mp4 order.mp4 "责令改正录像"
	attach "$order" order.mp4 2026-11-05T10:20
	expect_exit 0 jilu check "$a" # only deadlines still running
	expect_in "R13.2 第十三条: 记录 $order《责令改正通知书》: 责令改正尚无整改复查记录，改正期限 2026-11-15" "$OUT"

	at 2026-11-14T16:00
	final "$a" correction.review "order:=$order" reviewed_at=2026-11-14T15:00 place="昌黎县民生街1号" \
		"officers:=$OFF2" result=corrected details="过期食品已下架销毁，临期食品检查台账已建立" \
		"signatures:=$SIGS_WANG"
	close_archive_check "$a" 2026-11-15T09:00 2026-11-25T09:00 "昌市监档〔2026〕119号"
}

# Reviewed on the deadline day is in time; the day after is a finding (R13.2).
test_inspection_correction_reviewed_late_is_r13_2_finding() {
	setup_store
	local a order
	at 2026-11-05T10:30
	a=$(jilu action open inspection --title "昌黎县某餐馆后厨卫生检查")
	final "$a" correction.order issued_at=2026-11-05T10:20 violation="后厨未设置防蝇设施" \
		requirement="安装纱窗和灭蝇灯" deadline=2026-11-15 "officers:=$OFF2" \
		'av:={"mode":"photos","reason":"执法记录仪故障，拍摄重要环节照片"}'
	order=$R
	jpeg order.jpg "后厨照片"
	attach "$order" order.jpg 2026-11-05T10:00
	at 2026-11-15T18:00
	final "$a" correction.review "order:=$order" reviewed_at=2026-11-15T17:30 "officers:=$OFF2" \
		result=corrected details="纱窗和灭蝇灯已安装"
	# (The inspection record itself is not part of this story.)
	expect_exit 1 jilu check "$a"
	expect_in "R18.1 第十八条: 缺少已定稿的《现场笔录》" "$OUT"
	expect_not_in "R13.2" "$OUT"

	at 2026-11-16T10:00
	final "$a" correction.review "order:=$order" reviewed_at=2026-11-16T09:30 "officers:=$OFF2" \
		result=partly details="灭蝇灯已安装，纱窗未安装"
	expect_exit 1 jilu check "$a"
	expect_in "R13.2 第十三条: 记录 $R《整改复查记录》复查时间: 复查（2026-11-16T09:30）晚于改正期限 2026-11-15" "$OUT"
}

# A promised video not stored is an R19.2 deadline, 24 hours from
# capture (the end of the inspection, not its finalisation); stored, it is gone. A file stored more than 24 hours after
# capture is a finding of R19.2.
test_inspection_promised_video_not_attached_is_r19_2() {
	setup_store
	local a onsite
	at 2026-11-05T10:30
	a=$(jilu action open inspection --title "昌黎县某药店检查")
	final "$a" inspection.onsite started_at=2026-11-05T09:00 ended_at=2026-11-05T10:00 place="昌黎县某药店" \
		"officers:=$OFF2" 'party:={"name":"昌黎县某药店"}' situation="药品陈列规范" result=no_issue \
		'av:={"mode":"video"}' "signatures:=$SIGS_WANG"
	onsite=$R
	at 2026-11-05T11:30
	expect_exit 0 jilu check "$a" # only deadlines still running
	expect_in "R19.2 第十九条: 记录 $onsite《现场笔录》音像记录: 记录为录像，但未附录像文件（应于拍摄后 24 小时内存入，从所记录事项的时间 2026-11-05T10:00 起算）——期限 2026-11-06 10:00，剩余 22 小时 30 分" "$OUT"
	at 2026-11-06T11:30
	expect_exit 1 jilu check "$a"
	expect_in "期限 2026-11-06 10:00，已逾期 1 小时 30 分" "$OUT"
	# A photo is not the video that was promised.
	jpeg still.jpg "照片"
	attach "$onsite" still.jpg 2026-11-06T11:00
	expect_exit 1 jilu check "$a"
	expect_in "R19.2 第十九条: 记录 $onsite《现场笔录》音像记录: 记录为录像" "$OUT"
	# The body camera's file, stored 26.5 hours after capture.
	mp4 late.mp4 "检查录像"
	attach "$onsite" late.mp4 2026-11-05T09:00
	expect_exit 1 jilu check "$a"
	expect_not_in "记录为录像，但未附录像文件" "$OUT"
	expect_in "R19.2 第十九条: 记录 $onsite《现场笔录》: 1 个音像文件在拍摄 24 小时后才存入（如 late.mp4）" "$OUT"
}

# ---- fee --------------------------------------------------------------------

# 计量器具检定费: collected (R2.1), closed and archived.
test_fee_collection_from_payment_to_archive() {
	setup_store
	local a
	at 2026-11-10T10:15
	a=$(jilu action open fee --title "昌黎县福满楼餐饮有限公司计量器具检定费")
	expect_exit 1 jilu check "$a"
	expect_in "R2.1 第二条: 缺少已定稿的《行政收费记录》" "$OUT"
	final "$a" fee.collection collected_at=2026-11-10T10:15 \
		'payer:={"name":"昌黎县福满楼餐饮有限公司","id_type":"uscc","id_number":"91130322MA07Q3HP8P","address":"昌黎县新民街12号"}' \
		item="计量器具检定费（电子计价秤 4 台）" 'amount:=120.50' basis="河北省行政事业性收费目录清单" \
		receipt_number="冀非税 130322-00012345" collector=赵敏
	# Collected: the action has ended (R19.1), closed or not; the archive is due.
	expect_exit 0 jilu check "$a" # only deadlines still running
	expect_in "R19.1 第十九条: 费用已收缴（$(q "SELECT finalized_at FROM records WHERE id = $R") 定稿），执法活动已结束，须在 30 日（自然日）内立卷归档" "$OUT"
	at 2026-11-10T11:00
	expect_exit 0 jilu action close "$a"
	# Closed later: the clock still runs from the collection.
	expect_exit 0 jilu check "$a" # only deadlines still running
	expect_in "费用已收缴" "$OUT"
	# Nothing but archiving and copies after the close.
	expect_exit 3 jilu record new "$a" fee.collection collected_at=2026-11-10T11:30 --finalize
	expect_in "R19.1 第十九条" "$ERR"
	at 2026-11-11T09:00
	final "$a" archive.casefile archived_at=2026-11-11T09:00 archivist=赵敏 location="档案室 B-01 柜"
	expect_exit 0 jilu check "$a"
	expect_exit 0 jilu verify
}

# An archive dated before the action closed is a finding of R19.1; so is a
# certificate not shown during an inspection (R9.1, whatever the form).
test_archive_dated_before_close_and_inspection_certificate_not_shown() {
	setup_store
	local a
	at 2026-11-10T09:00
	a=$(jilu action open inspection --title "日常检查")
	final "$a" inspection.onsite started_at=2026-11-10T09:00 ended_at=2026-11-10T09:40 place=某超市 \
		'officers:=[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":false}]' \
		"party:=$HUIMIN" situation=货架整齐 result=no_issue 'av:={"mode":"none","reason":"执法记录仪故障"}' \
		"signatures:=$SIGS_WANG"
	local rec=$R
	at 2026-11-10T11:00
	expect_exit 0 jilu action close "$a" --force --reason 测试：只看归档
	at 2026-11-11T09:00
	final "$a" archive.casefile archived_at=2026-11-09T09:00 archivist=赵敏 location="档案室 B-01 柜"
	expect_exit 1 jilu check "$a"
	expect_in "R19.1 第十九条: 记录 $R《案卷归档记录》归档时间: 归档时间（2026-11-09T09:00）早于执法活动结束" "$OUT"
	# An inspection cites its own article (第十八条), not the investigation one (第九条).
	expect_in "R18.1 第十八条: 记录 $rec《现场笔录》检查人员: 执法人员 李四（13002）未出示执法证件" "$OUT"
}
