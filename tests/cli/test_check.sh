# `jilu check` over corrected records and several records of one form: a
# correction neither hides nor restarts what the Measures want, and every
# record of a form is judged, not only the first.

at() { export JILU_NOW=$1; }

# Finalises a new record (expects exit 0); its id in R.
final() {
	R=
	expect_exit 0 jilu record new "$@" --finalize
	R=$OUT
}

mp4() { printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00%s' "$2" >"$1"; }

reminder() {
	final "$1" compulsory.reminder issued_at="$2" obligation=缴纳罚款 obligation_kind=money \
		deadline="$3" manner=银行缴纳 'amount:=50000' 'rights_told:=true'
}

receipt() {
	final "$1" service.receipt "serves:=$2" document_name=催告书 recipient=王五 served_at="$3" \
		place=昌黎县 method=direct \
		'signatures:=[{"role":"recipient","name":"王五","status":"signed"},{"role":"server","name":"张三","status":"signed"}]'
}

inspection() {
	final "$1" inspection.onsite started_at=2026-11-02T09:00 ended_at=2026-11-02T10:00 place=某超市 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" situation=整齐 result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION"
}

test_correction_keeps_the_late_media_finding() {
	setup_store
	local a r
	at 2026-11-02T10:30
	a=$(jilu action open inspection)
	inspection "$a"
	r=$R
	mp4 v.mp4 clip
	at 2026-11-06T09:00
	expect_exit 0 jilu media add "$r" v.mp4 --captured-at 2026-11-02T09:00
	expect_exit 1 jilu check "$a"
	expect_in "1 个音像文件在拍摄 24 小时后才存入" "$OUT"
	expect_exit 0 jilu record amend "$r" --reason 地点笔误 place=某超市二楼
	expect_exit 1 jilu check "$a"
	expect_in "1 个音像文件在拍摄 24 小时后才存入" "$OUT"
}

test_correction_does_not_restart_the_promised_media_deadline() {
	setup_store
	local a r
	at 2026-11-02T10:30
	a=$(jilu action open inspection)
	inspection "$a"
	r=$R
	at 2026-11-05T09:00
	expect_exit 0 jilu record amend "$r" --reason 地点笔误 place=某超市二楼
	expect_exit 1 jilu check "$a"
	expect_in "期限 2026-11-03 10:00，已逾期" "$OUT" # 24 h from the end of the inspection
}

test_one_rights_notice_before_the_decision_is_enough() {
	setup_store
	local a
	at 2026-11-27T09:00
	a=$(jilu action open penalty)
	final "$a" penalty.rights_notice notified_at=2026-11-26T09:00 method=written_served \
		'rights:=["statement","defence","recusal"]' 'hearing_applicable:=false'
	final "$a" penalty.rights_notice notified_at=2026-11-20T09:00 method=written_served \
		'rights:=["statement","defence","recusal"]' 'hearing_applicable:=false'
	final "$a" penalty.decision decided_at=2026-11-25T10:00 'penalties:=["warning"]' basis=食品安全法 \
		document_number=昌市监罚〔2026〕1号
	expect_exit 1 jilu check "$a"
	expect_not_in "R10.1" "$OUT"
}

test_every_reminder_must_be_served() {
	setup_store
	local a r1 r2
	at 2026-11-03T16:00
	a=$(jilu action open compulsory)
	reminder "$a" 2026-11-02T10:00 2026-11-12
	r1=$R
	reminder "$a" 2026-11-03T10:00 2026-11-13
	r2=$R
	# The first is served, the second not: the second must still be named.
	receipt "$a" "$r1" 2026-11-03T15:00
	expect_exit 1 jilu check "$a"
	expect_in "R15.1 第十五条: 缺少已定稿的《送达回证》，送达《催告书》（记录 $r2）" "$OUT"
	expect_not_in "（记录 $r1）" "$OUT"
}

test_late_review_stays_late_when_the_order_is_corrected_afterwards() {
	setup_store
	local a o
	at 2026-11-05T11:00
	a=$(jilu action open inspection)
	final "$a" correction.order issued_at=2026-11-05T10:30 violation=销售过期食品 requirement=下架 \
		deadline=2026-11-15 "officers:=$OFFICERS2" "av:=$AV_VIDEO"
	o=$R
	at 2026-11-16T09:00
	final "$a" correction.review "order:=$o" reviewed_at=2026-11-16T09:00 result=corrected details=已改正 \
		"officers:=$OFFICERS2"
	expect_exit 1 jilu check "$a"
	expect_in "晚于改正期限 2026-11-15" "$OUT"
	# Extending the deadline afterwards does not make the review timely.
	expect_exit 0 jilu record amend "$o" --reason 经批准延期 deadline=2026-11-30
	expect_exit 1 jilu check "$a"
	expect_in "晚于改正期限 2026-11-15" "$OUT"
}

# A copy is of a record as it stands: naming a corrected version is refused
# (else a later confidential mark could be slipped past), and a confidential
# record is never copied (R21.1, R20.2).
test_copy_of_a_corrected_or_confidential_record_is_refused() {
	setup_store
	local a r c
	at 2026-11-02T10:30
	a=$(jilu action open inspection)
	inspection "$a"
	r=$R
	expect_exit 0 jilu record amend "$r" --reason 涉及个人隐私 'confidential:=true'
	c=$OUT
	at 2026-11-20T17:00
	copy() {
		jilu record new "$a" copy.request requested_at=2026-11-20T09:00 requester=王五 \
			"records:=[\"$1\"]" decision=approved decided_by=刘建国 decided_at=2026-11-20T16:00 --finalize
	}
	expect_exit 3 copy "$r"
	expect_in "R21.1 第二十一条: records[0]: 记录 $r 已被记录 $c 更正" "$ERR"
	expect_exit 3 copy "$c"
	expect_in "R20.2 第二十条: records[0]: 记录 $c 涉及国家秘密、商业秘密或个人隐私" "$ERR"
	expect_eq 0 "$(sqlite3 "$JILU_DB" "SELECT count(*) FROM records WHERE form = 'copy.request' AND state = 'final'")" "copies"
}

# A reminder's deadline shortened by a correction nobody served does not
# bind the party: execution waits for the deadline that was served (R15.1).
test_execution_waits_for_the_served_deadline_after_a_correction() {
	setup_store
	local a rem
	at 2026-11-02T16:00
	a=$(jilu action open compulsory)
	reminder "$a" 2026-11-02T10:00 2026-11-30
	rem=$R
	receipt "$a" "$rem" 2026-11-02T15:00
	expect_exit 0 jilu record amend "$rem" --reason 期限笔误 deadline=2026-11-12
	at 2026-11-20T10:00
	exec_args=(method=extra_fine executed_at=2026-11-20T09:00 details=加处罚款 "officers:=$OFFICERS2" "av:=$AV_VIDEO")
	expect_exit 3 jilu record new "$a" compulsory.execution "${exec_args[@]}" --finalize
	expect_in "R15.1 第十五条: executed_at: 催告期限 2026-11-30 届满前不得强制执行" "$ERR"
}
