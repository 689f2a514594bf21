# `jilu deadlines`: every open deadline of the Measures across all actions,
# overdue first, each with its requirement id, article, due time and
# "已逾期 …" or "剩余 …"; `--json` gives due and overdue per item.
#
#   R6.4   an incomplete acceptance (draft or final) without notified_at:
#          received_at + 2 days
#   R13.2  a final correction order without a final review: the order's
#          deadline (the whole of that day)
#   R19.1  a closed action without archive.casefile: close + 30 days
#   R19.2  a final record whose av promises media it does not have:
#          finalised + 24 hours
#
# The clock is JILU_NOW: set once when a record is finalised or an action
# closed, and again for "now".

export TZ=CST-8 # China Standard Time, the county's (POSIX form: needs no tzdata)

OFF2='[{"name":"张三","cert":"13001","shown":true},{"name":"李四","cert":"13002","shown":true}]'
SIGS='[{"role":"party","name":"王五","status":"signed"},{"role":"officer","name":"张三","status":"signed"},{"role":"officer","name":"李四","status":"signed"}]'

at() { export JILU_NOW=$1; }

# `jilu deadlines --json` as lines: req, action, record, due, overdue,
# seconds_left — separated by "|".
deadlines_json() {
	expect_exit 0 jilu deadlines --json
	printf '%s' "$OUT" >"$TEST_DIR/deadlines.json"
	JSON=$(sqlite3 :memory: "SELECT value->>'req', value->>'action', coalesce(value->>'record', ''),
		substr(value->>'due', 1, 19), CASE value->'overdue' WHEN 'true' THEN 'overdue' ELSE 'open' END,
		value->>'seconds_left'
		FROM json_each(readfile('$TEST_DIR/deadlines.json')) ORDER BY key")
}

# A draft acceptance of materials found incomplete, the applicant not yet told.
incomplete_draft() {
	jilu record new "$1" licensing.acceptance received_at="$2" \
		'applicant:={"name":"昌黎县鑫源食品有限公司","id_type":"uscc","id_number":"91130322MA0C4K7L58"}' \
		matter="食品经营许可（新办）" outcome=incomplete \
		'missing_items:=["经营场所平面图","食品安全管理制度文本"]' 'materials_returned:=true'
}

correction_order() {
	jilu record new "$1" correction.order issued_at="$2" violation="销售超过保质期的食品" \
		requirement="下架销毁过期食品" deadline="$3" "officers:=$OFF2" \
		'av:={"mode":"photos","reason":"执法记录仪故障"}' --finalize
}

onsite() {
	jilu record new "$1" inspection.onsite started_at=2026-11-30T21:00 ended_at=2026-11-30T22:00 \
		place="昌黎县民生街1号" "officers:=$OFF2" 'party:={"name":"昌黎县惠民超市有限公司"}' \
		situation="夜间检查，货架整齐" result=no_issue "av:=$2" "signatures:=$SIGS" --finalize
}

fee() {
	jilu record new "$1" fee.collection collected_at="$2" 'payer:={"name":"昌黎县福满楼餐饮有限公司"}' \
		item=计量器具检定费 'amount:=30' basis=河北省行政事业性收费目录清单 receipt_number="冀非税 00012345" --finalize
}

test_no_open_deadline_says_so() {
	setup_store
	at 2026-12-01T10:00
	expect_exit 0 jilu deadlines
	expect_eq "没有未完成的期限" "$OUT" "output"
	expect_exit 0 jilu deadlines --json
	expect_eq "[]" "$OUT" "json"
}

# ---- R6.4 -------------------------------------------------------------------

# Received Sunday 16:00: the notice is due Tuesday 16:00, across the month.
test_r6_4_incomplete_acceptance_due_two_days_after_receipt() {
	setup_store
	local a r
	at 2026-11-30T09:00
	a=$(jilu action open licensing --title 食品经营许可)
	r=$(incomplete_draft "$a" 2026-11-29T16:00) || fail "draft"
	at 2026-12-01T10:00
	expect_exit 0 jilu deadlines
	expect_eq "R6.4 第六条: 执法活动 $a「食品经营许可」 昌黎县鑫源食品有限公司 记录 $r《申请材料接收与受理决定》告知时间: 收件（2026-11-29T16:00）后 2 个工作日内须一次告知申请人补正的全部内容——期限 2026-12-01 16:00，剩余 6 小时 0 分" "$OUT" "line"
	deadlines_json
	expect_eq "R6.4|$a|$r|2026-12-01T16:00:00|open|21600" "$JSON" "json"
	# Due at 16:00 sharp: overdue from then on.
	at 2026-12-01T15:59
	expect_exit 0 jilu deadlines
	expect_in "剩余 1 分钟" "$OUT"
	at 2026-12-01T16:00
	deadlines_json
	expect_eq "R6.4|$a|$r|2026-12-01T16:00:00|overdue|0" "$JSON" "json at the due time"
	at 2026-12-03T17:30
	expect_exit 0 jilu deadlines
	expect_in "期限 2026-12-01 16:00，已逾期 2 天 1 小时" "$OUT"
	# Told: the deadline is met, whatever `jilu check` says of its lateness.
	expect_exit 0 jilu record set "$r" notified_at=2026-12-03T17:00
	expect_exit 0 jilu deadlines
	expect_not_in "R6.4" "$OUT"
}

test_r6_4_across_the_year() {
	setup_store
	local a r
	at 2026-12-31T10:00
	a=$(jilu action open licensing)
	r=$(incomplete_draft "$a" 2026-12-31T08:00) || fail "draft"
	deadlines_json
	# Working days: Friday 1 January 2027 (the calendar holds 2026 only, so
	# only weekends are excluded, and the line says so), then Monday the 4th.
	expect_eq "R6.4|$a|$r|2027-01-04T08:00:00|open|338400" "$JSON" "json"
	expect_exit 0 jilu deadlines
	expect_in "（2027 年的法定节假日未载入日历，只排除了周末）——期限 2027-01-04 08:00，剩余 3 天 22 小时" "$OUT"
}

# Only the outcome "incomplete" without a notice is a deadline.
test_r6_4_not_for_other_outcomes() {
	setup_store
	local a
	at 2026-12-01T10:00
	a=$(jilu action open licensing)
	jilu record new "$a" licensing.acceptance received_at=2026-11-20T09:00 'applicant:={"name":"甲"}' \
		matter=食品经营许可 outcome=accepted >/dev/null || fail "accepted draft"
	jilu record new "$a" licensing.acceptance received_at=2026-11-20T09:00 'applicant:={"name":"乙"}' \
		matter=公共场所卫生许可 outcome=not_ours refer_to=昌黎县卫生健康局 --finalize >/dev/null || fail "not ours"
	expect_exit 0 jilu deadlines
	expect_eq "没有未完成的期限" "$OUT" "output"
}

# ---- R13.2 ------------------------------------------------------------------

# The order's deadline is 11-30: overdue once that day is over (12-01 00:00).
test_r13_2_correction_order_without_review_due_its_deadline() {
	setup_store
	local a o
	at 2026-11-20T10:30
	a=$(jilu action open inspection --title 日常检查)
	o=$(correction_order "$a" 2026-11-20T10:00 2026-11-30) || fail "order"
	jpeg=$TEST_DIR/order.jpg
	printf '\xff\xd8\xff\xe0order' >"$jpeg"
	jilu media add "$o" "$jpeg" --captured-at 2026-11-20T10:00 >/dev/null || fail "photo"
	at 2026-11-30T23:59
	deadlines_json
	expect_eq "R13.2|$a|$o|2026-12-01T00:00:00|open|60" "$JSON" "json on the last minute of the deadline day"
	expect_exit 0 jilu deadlines
	expect_in "R13.2 第十三条: 执法活动 $a「日常检查」 记录 $o《责令改正通知书》: 责令改正尚无整改复查记录，改正期限 2026-11-30" "$OUT"
	expect_in "剩余 1 分钟" "$OUT"
	at 2026-12-01T10:00
	deadlines_json
	expect_eq "R13.2|$a|$o|2026-12-01T00:00:00|overdue|-36000" "$JSON" "json the day after"
	expect_exit 0 jilu deadlines
	expect_in "已逾期 10 小时 0 分" "$OUT"
	# A draft review counts for nothing; a final one ends the deadline.
	local rv
	rv=$(jilu record new "$a" correction.review "order:=$o" reviewed_at=2026-12-01T09:00 "officers:=$OFF2" \
		result=corrected details=已改正) || fail "draft review"
	expect_exit 0 jilu deadlines
	expect_in "R13.2" "$OUT"
	expect_exit 0 jilu record finalize "$rv"
	expect_exit 0 jilu deadlines
	expect_not_in "R13.2" "$OUT"
	# The review is the last step: the archive clock starts (R19.1).
	expect_in "R19.1 第十九条: 执法活动 $a「日常检查」: 责令改正已复查（" "$OUT"
}

# ---- R19.1 ------------------------------------------------------------------

# Closed 2026-01-31 17:00: archive due 30 days later, 2026-03-02 17:00.
test_r19_1_closed_action_due_thirty_days_after_close() {
	setup_store
	local a
	at 2026-01-31T17:00
	a=$(jilu action open fee --title 计量器具检定费)
	fee "$a" 2026-01-31T10:00 >/dev/null || fail "fee"
	expect_exit 0 jilu action close "$a"
	at 2026-02-20T09:00
	deadlines_json
	expect_eq "R19.1|$a||2026-03-02T17:00:00|open|892800" "$JSON" "json"
	expect_exit 0 jilu deadlines
	expect_eq "R19.1 第十九条: 执法活动 $a「计量器具检定费」: 执法活动已于 2026-01-31T17:00 结束，须在 30 日（自然日）内立卷归档——期限 2026-03-02 17:00，剩余 10 天 8 小时" "$OUT" "line"
	at 2026-03-02T17:01
	expect_exit 0 jilu deadlines
	expect_in "期限 2026-03-02 17:00，已逾期 1 分钟" "$OUT"
	jilu --as zhang officer add zhao --name 赵敏 --cert 13099 --role archivist >/dev/null || fail "archivist"
	jilu --as zhao record new "$a" archive.casefile archived_at=2026-03-02T17:01 archivist=赵敏 location=档案室 --finalize >/dev/null ||
		fail "archive"
	expect_exit 0 jilu deadlines
	expect_eq "没有未完成的期限" "$OUT" "after archiving"
	# Archived one minute late: a finding of `jilu check`, no longer a deadline.
	expect_exit 1 jilu check "$a"
	expect_in "R19.1 第十九条" "$OUT"
	expect_in "晚于执法活动结束后 30 日（执法活动已于 2026-01-31T17:00 结束）" "$OUT"
}

# Across the year, and across 29 February of a leap year.
test_r19_1_across_the_year_and_a_leap_february() {
	setup_store
	local a b
	at 2026-12-15T09:00
	a=$(jilu action open fee)
	fee "$a" 2026-12-15T08:30 >/dev/null || fail "fee"
	expect_exit 0 jilu action close "$a"
	at 2028-01-31T09:00
	b=$(jilu action open fee)
	fee "$b" 2028-01-31T08:30 >/dev/null || fail "fee"
	expect_exit 0 jilu action close "$b"
	at 2028-02-01T09:00
	deadlines_json
	expect_eq "R19.1|$a||2027-01-14T09:00:00|overdue|-33091200
R19.1|$b||2028-03-01T09:00:00|open|2505600" "$JSON" "json"
}

# ---- R19.2 ------------------------------------------------------------------

# Video, audio and photos promised and not stored: due 24 hours after
# capture — the end of the inspection, 22:00, not the finalisation at 22:30
# (across the month); mode none promises nothing.
test_r19_2_promised_media_due_a_day_after_capture() {
	setup_store
	local a v p n
	at 2026-11-30T22:30
	a=$(jilu action open inspection --title 夜间检查)
	v=$(onsite "$a" '{"mode":"video"}') || fail "video record"
	p=$(onsite "$a" '{"mode":"photos","reason":"执法记录仪电量耗尽"}') || fail "photos record"
	n=$(onsite "$a" '{"mode":"none","reason":"当事人场所涉及商业秘密，不宜录像"}') || fail "none record"
	at 2026-12-01T10:00
	deadlines_json
	# An inspection with no issue has ended: its archive is due too (R19.1).
	expect_eq "R19.2|$a|$v|2026-12-01T22:00:00|open|43200
R19.2|$a|$p|2026-12-01T22:00:00|open|43200
R19.1|$a||2026-12-30T22:30:00|open|2550600" "$JSON" "json"
	expect_exit 0 jilu deadlines
	expect_in "R19.2 第十九条: 执法活动 $a「夜间检查」 昌黎县惠民超市有限公司 记录 $v《现场笔录》音像记录: 记录为录像，但未附录像文件（应于拍摄后 24 小时内存入，从所记录事项的时间 2026-11-30T22:00 起算）——期限 2026-12-01 22:00，剩余 12 小时 0 分" "$OUT"
	expect_in "R19.2 第十九条: 执法活动 $a「夜间检查」 昌黎县惠民超市有限公司 记录 $p《现场笔录》音像记录: 记录为照片，但未附照片文件" "$OUT"
	expect_not_in "记录 $n " "$OUT"
	# Stored: the deadline is met.
	printf '\x00\x00\x00\x18ftypisomvideo' >"$TEST_DIR/night.mp4"
	jilu media add "$v" "$TEST_DIR/night.mp4" --captured-at 2026-11-30T21:00 >/dev/null || fail "video"
	deadlines_json
	expect_eq "R19.2|$a|$p|2026-12-01T22:00:00|open|43200
R19.1|$a||2026-12-30T22:30:00|open|2550600" "$JSON" "json after the video"
}

# An audio promise is kept by audio or by video.
test_r19_2_audio_promise_kept_by_a_video() {
	setup_store
	local a r
	at 2026-11-30T22:30
	a=$(jilu action open inspection)
	r=$(onsite "$a" '{"mode":"audio"}') || fail "audio record"
	expect_exit 0 jilu deadlines
	expect_in "记录 $r《现场笔录》音像记录: 记录为录音或录像，但未附录音或录像文件" "$OUT"
	printf '\x00\x00\x00\x18ftypisomvideo' >"$TEST_DIR/a.mp4"
	jilu media add "$r" "$TEST_DIR/a.mp4" --captured-at 2026-11-30T21:00 >/dev/null || fail "video"
	expect_exit 0 jilu deadlines
	expect_not_in "R19.2" "$OUT"
	expect_in "R19.1" "$OUT"
}

# ---- all together -----------------------------------------------------------

# Every kind at once: overdue first (oldest first), then the open ones by
# due time; each line with its action, "已逾期" or "剩余".
test_overdue_first_then_by_due_time() {
	setup_store
	local lic insp feeact r o v
	at 2026-10-01T09:00
	feeact=$(jilu action open fee --title 已结束未归档)
	fee "$feeact" 2026-10-01T08:30 >/dev/null || fail "fee"
	expect_exit 0 jilu action close "$feeact" # due 2026-10-31 09:00
	at 2026-11-20T10:30
	insp=$(jilu action open inspection --title 责令改正)
	o=$(correction_order "$insp" 2026-11-20T10:00 2026-11-25) || fail "order" # due 2026-11-26 00:00
	printf '\xff\xd8\xff\xe0order' >"$TEST_DIR/o.jpg"
	jilu media add "$o" "$TEST_DIR/o.jpg" --captured-at 2026-11-20T10:00 >/dev/null || fail "photo"
	at 2026-11-30T22:30
	v=$(onsite "$insp" '{"mode":"video"}') || fail "onsite" # due 2026-12-01 22:00 (ended 22:00)
	lic=$(jilu action open licensing --title 补正告知)
	r=$(incomplete_draft "$lic" 2026-11-29T16:00) || fail "draft" # due 2026-12-01 16:00
	at 2026-12-01T10:00
	deadlines_json
	expect_eq "R19.1|$feeact||2026-10-31T09:00:00|overdue|-2682000
R13.2|$insp|$o|2026-11-26T00:00:00|overdue|-468000
R6.4|$lic|$r|2026-12-01T16:00:00|open|21600
R19.2|$insp|$v|2026-12-01T22:00:00|open|43200" "$JSON" "json"
	expect_exit 0 jilu deadlines
	local n=0 line seen_open=0
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in
		*"，已逾期 "*) [ $seen_open = 0 ] || fail "overdue after an open deadline: $line" ;;
		*"，剩余 "*) seen_open=1 ;;
		*) fail "line neither overdue nor open: $line" ;;
		esac
		case $line in R6.4\ 第六条:* | R13.2\ 第十三条:* | R19.1\ 第十九条:* | R19.2\ 第十九条:*) ;;
		*) fail "line without its requirement id and article: $line" ;;
		esac
	done <<<"$OUT"
	expect_eq 4 "$n" "lines"
	expect_in "R19.1 第十九条: 执法活动 $feeact「已结束未归档」: " "$OUT"
	expect_in "期限 2026-10-31 09:00，已逾期 31 天 1 小时" "$OUT"
	# English, for the same list.
	expect_exit 0 jilu --lang en deadlines
	expect_in "R6.4 Art. 6: action $lic \"补正告知\" 昌黎县鑫源食品有限公司 record $r (Receipt of application and acceptance decision) Applicant told at: " "$OUT"
	expect_in "due 2026-12-01 16:00, 6 h 0 min left" "$OUT"
	expect_in "due 2026-10-31 09:00, overdue by 31 d 1 h" "$OUT"
}
