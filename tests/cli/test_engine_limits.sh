# Form expressions are contained: a definition's condition or check that
# runs away (a cross join over json_each, a zeroblob of gigabytes, a sort of
# hundreds of megabytes) ends in seconds with an error naming the form, the
# field or check and the limit (exit 2, nothing stored), and runs before the
# write lock is taken, so other officers keep writing meanwhile. A condition
# that cannot be evaluated is an error everywhere — finalising, `check`,
# `record show` — never "not relevant". Times that cannot be true (before
# 2000, or more than an hour ahead of the clock) are refused.

TREE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# A copy of forms/ the test may change; JILU_FORMS points at it.
forms_copy() {
	cp -r "$TREE/forms" "$TEST_DIR/forms" || fail "copy forms"
	export JILU_FORMS=$TEST_DIR/forms
}

# Adds to form FORM's list LIST (checks or findings) a check ID on FIELD
# whose expression is EXPR.
add_check() {
	local f=$JILU_FORMS/$1.json e=${5//\'/\'\'}
	sqlite3 :memory: "SELECT writefile('$f.new', json_insert(
		json_set(d, '\$.$2', json(coalesce(d -> '\$.$2', '[]'))), '\$.$2[#]',
		json_object('id', '$3', 'req', 'R18.1', 'field', '$4', 'expr', '$e',
		'message', json_object('zh', '不成立', 'en', 'does not hold'),
		'describe', json_object('zh', '测试用的规则', 'en', 'a rule under test'))))
		FROM (SELECT readfile('$f') AS d)" >/dev/null &&
		mv "$f.new" "$f" || fail "add_check $*"
}

# Sets the `when` of field FIELD of form FORM to EXPR.
set_when() {
	local f=$JILU_FORMS/$1.json e=${3//\'/\'\'}
	sqlite3 :memory: "SELECT writefile('$f.new', json_set(d, '\$.fields[' ||
		(SELECT key FROM json_each(d, '\$.fields') WHERE value->>'id' = '$2') || '].when', '$e'))
		FROM (SELECT readfile('$f') AS d)" >/dev/null && mv "$f.new" "$f" || fail "set_when $*"
}

# A JSON array of as many zeros as SQL expression N says, as SQL.
zeros() { echo "'[' || substr(replace(hex(zeroblob($1)), '00', '0,'), 1, ($1) * 2 - 1) || ']'"; }

# A cross join of json_each over arrays of about 1,000 entries made from the
# record's own place (so that with no data, as the definitions load, it
# costs nothing: an expression that runs away on empty fields is refused at
# load, test_a_runaway_on_empty_fields_is_refused_when_the_forms_load).
N="length(\$place) * 60"
CROSS="(SELECT count(*) FROM json_each($(zeros "$N")) a, json_each($(zeros "$N")) b, json_each($(zeros "$N")) c) >= 0"

# A complete inspection record (the fixture's values) in ARGS, each
# FIELD=TEXT or FIELD:=JSON given replacing the fixture's line.
inspection_args() {
	ARGS=()
	local line arg skip
	while IFS= read -r line; do
		skip=
		for arg in "$@"; do
			[ "${line%%[:=]*}" = "${arg%%[:=]*}" ] && skip=1
		done
		[ -n "$skip" ] || ARGS+=("$line")
	done <"$TREE/tests/fixtures/forms/inspection.onsite.args"
	ARGS+=("$@")
}

limits_store() {
	setup_store
	export JILU_NOW=2026-12-01T10:00
	forms_copy
	inspection_args
}

records() { sqlite3 "$JILU_DB" "SELECT count(*) FROM records"; }

test_a_cross_join_check_ends_in_seconds_naming_form_check_and_limit() {
	limits_store
	add_check inspection.onsite checks runaway place "$CROSS"
	expect_exit 0 jilu forms check
	local a start end
	a=$(jilu action open inspection)
	start=$(date +%s)
	expect_exit 2 timeout 60 "$JILU" record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	end=$(date +%s)
	[ $((end - start)) -le 10 ] || fail "took $((end - start)) s"
	expect_in "place: 表单 inspection.onsite 的检查 runaway 无法判断：超出" "$ERR"
	expect_in "限制" "$ERR"
	expect_eq 0 "$(records)" "records stored"
	expect_exit 2 timeout 60 "$JILU" --lang en record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "form inspection.onsite: the check runaway could not be evaluated: it exceeded" "$ERR"
	expect_eq 0 "$(records)" "records stored"
}

test_a_zeroblob_of_gigabytes_is_refused_at_the_length_limit() {
	limits_store
	add_check inspection.onsite checks huge place "length(zeroblob(length(\$place) * 200000000)) > 0"
	local a
	a=$(jilu action open inspection)
	expect_exit 2 timeout 60 "$JILU" --lang en record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "the check huge could not be evaluated: a string or blob exceeded the length limit of 1048576 bytes" "$ERR"
	expect_eq 0 "$(records)" "records stored"
}

test_a_sort_of_hundreds_of_megabytes_is_refused_at_the_memory_limit() {
	limits_store
	add_check inspection.onsite checks hog place \
		"(SELECT count(*) FROM (SELECT zeroblob(1000000) || a.value AS z FROM json_each($(zeros "length(\$place) * 25")) a ORDER BY z)) > 0"
	local a
	a=$(jilu action open inspection)
	expect_exit 2 timeout 60 "$JILU" --lang en record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "the check hog could not be evaluated: it exceeded the memory limit of 128 MB" "$ERR"
	expect_eq 0 "$(records)" "records stored"
}

# A recursive CTE (endless) or printf (seconds inside one step, then NULL)
# never runs: the definition is refused when it is loaded.
test_recursive_cte_and_printf_are_refused_when_the_forms_load() {
	limits_store
	add_check inspection.onsite checks endless place \
		"(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c) > 0"
	add_check penalty.onsite checks slowprint place "length(printf('%.*c', 2000000000, 'x')) > 0"
	expect_exit 2 jilu forms check
	expect_in "inspection.onsite.json: \$.checks[1].expr: 表达式无效：not authorized" "$ERR"
	expect_in "penalty.onsite.json: \$.checks[1].expr: 表达式无效：not authorized to use function: printf" "$ERR"
	local a
	a=$(jilu action open inspection)
	expect_exit 2 timeout 60 "$JILU" record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_eq 0 "$(records)" "records stored"
}

# The expressions run before the write lock: another officer's `record new`
# while a slow check runs succeeds (today it waited on the lock and failed
# "database is locked" while the check ran for minutes).
test_another_officer_writes_while_a_runaway_check_is_evaluated() {
	limits_store
	add_check inspection.onsite checks runaway place "$CROSS"
	local a b pid rc=0
	a=$(jilu action open inspection)
	b=$(jilu action open inspection)
	timeout 60 "$JILU" record new "$a" inspection.onsite "${ARGS[@]}" --finalize \
		>"$TEST_DIR/slow.out" 2>"$TEST_DIR/slow.err" &
	pid=$!
	sleep 0.05
	# The other officer's forms are the usual ones.
	JILU_OFFICER=li JILU_FORMS= expect_exit 0 timeout 60 "$JILU" record new "$b" inspection.onsite place=某超市
	wait $pid || rc=$?
	expect_eq 2 "$rc" "exit of the finalise with the runaway check"
	expect_in "无法判断" "$(cat "$TEST_DIR/slow.err")"
	expect_eq 1 "$(records)" "records stored (the other officer's draft)"
}

# A draft finalised: its check is evaluated before the lock on the draft as
# stored; a runaway amendment is refused the same way.
test_finalize_and_amend_of_a_stored_record_are_contained_too() {
	limits_store
	local a r
	a=$(jilu action open inspection)
	r=$(jilu record new "$a" inspection.onsite "${ARGS[@]}")
	add_check inspection.onsite checks runaway place "$CROSS"
	expect_exit 2 timeout 60 "$JILU" record finalize "$r"
	expect_in "检查 runaway 无法判断" "$ERR"
	expect_eq draft "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = $r")" "state"
	# Finalised with the usual forms, then amended under the runaway check.
	JILU_FORMS= expect_exit 0 jilu record finalize "$r"
	expect_exit 2 timeout 60 "$JILU" record amend "$r" --reason 笔误 place=某超市二楼
	expect_in "检查 runaway 无法判断" "$ERR"
	expect_eq 1 "$(records)" "records stored"
}

# A `when` that cannot be evaluated is an error, not "not relevant": the
# record is not finalised, and `record show` shows the field and says why.
test_a_condition_that_cannot_be_evaluated_is_an_error_not_irrelevance() {
	limits_store
	set_when inspection.onsite result_detail "$CROSS AND \$result <> 'no_issue'"
	local a r
	a=$(jilu action open inspection)
	inspection_args result_detail:=null
	r=$(jilu record new "$a" inspection.onsite "${ARGS[@]}")
	expect_exit 2 timeout 60 "$JILU" record finalize "$r"
	expect_in "result_detail: 表单 inspection.onsite 的字段条件（when） result_detail 无法判断" "$ERR"
	expect_exit 0 timeout 60 "$JILU" record show "$r"
	expect_in "（未填）" "$OUT"
	expect_in "! result_detail: 表单 inspection.onsite 的字段条件（when） result_detail 无法判断" "$OUT"
}

# `jilu check` reports a finding it cannot evaluate instead of passing it.
test_check_reports_a_finding_that_cannot_be_evaluated() {
	limits_store
	local a
	a=$(jilu action open inspection)
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	add_check inspection.onsite findings runaway place "$CROSS"
	expect_exit 2 timeout 60 "$JILU" check "$a"
	expect_in "表单 inspection.onsite 的检查 runaway 无法判断" "$ERR"
}

# ---- times that cannot be true ---------------------------------------------

test_an_inspection_from_year_1_to_9999_is_refused() {
	limits_store
	local a
	a=$(jilu action open inspection)
	inspection_args started_at=0001-01-01T00:00 ended_at=9999-12-31T23:59
	expect_exit 2 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_in "started_at: 早于 2000-01-01：0001-01-01T00:00" "$ERR"
	expect_in "ended_at: 9999-12-31T23:59 晚于本机时钟（2026-12-01T10:00）超过 60 分钟" "$ERR"
	expect_eq 0 "$(records)" "records stored"
	expect_exit 2 jilu --lang en record new "$a" inspection.onsite ended_at=2026-12-01T11:01
	expect_in "ended_at: 2026-12-01T11:01 is ahead of this device's clock (2026-12-01T10:00) by more than 60 minutes" "$ERR"
	expect_eq 0 "$(records)" "records stored"
}

test_a_time_up_to_an_hour_ahead_of_the_clock_is_accepted() {
	limits_store
	local a
	a=$(jilu action open inspection)
	inspection_args started_at=2026-12-01T10:00 ended_at=2026-12-01T11:00
	expect_exit 0 jilu record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	# 11:30 in Beijing is 03:30 UTC: in the past for a device on UTC at 10:00.
	TZ=UTC expect_exit 0 jilu record new "$a" inspection.onsite ended_at=2026-12-01T11:30+08:00
}

test_the_real_clock_is_the_limit_without_jilu_now() {
	limits_store
	unset JILU_NOW
	local a next
	a=$(jilu action open inspection)
	next=$(date -d '+1 day' +%Y-%m-%dT%H:%M)
	expect_exit 2 jilu record new "$a" inspection.onsite ended_at="$next"
	expect_in "ended_at: $next 晚于本机时钟" "$ERR"
}

# A deadline is a date in the future, and may be; never before 2000.
test_a_deadline_may_be_ahead_but_not_before_2000() {
	limits_store
	local a
	a=$(jilu action open inspection)
	expect_exit 0 jilu record new "$a" correction.order deadline=2027-06-30
	expect_exit 2 jilu record new "$a" correction.order deadline=0001-01-01
	expect_in "deadline: 早于 2000-01-01：0001-01-01" "$ERR"
}

# A draft stored before this rule (or by a device whose clock was ahead)
# is refused when finalised (3, as every rule at finalising).
test_a_stored_draft_with_a_future_time_is_refused_at_finalising() {
	limits_store
	local a r
	a=$(jilu action open inspection)
	inspection_args ended_at=2029-12-31T10:10
	r=$(JILU_NOW=2030-01-01T00:00 jilu record new "$a" inspection.onsite "${ARGS[@]}")
	expect_exit 3 jilu record finalize "$r"
	expect_in "ended_at: 2029-12-31T10:10 晚于本机时钟" "$ERR"
}

# An expression that runs away with every field empty would on every record:
# the definition is refused when the forms load, naming file, path and limit,
# and never reaches an officer.
test_a_runaway_on_empty_fields_is_refused_when_the_forms_load() {
	limits_store
	add_check inspection.onsite checks constant place \
		"(SELECT count(*) FROM json_each($(zeros 1000)) a, json_each($(zeros 1000)) b, json_each($(zeros 1000)) c) >= 0"
	add_check penalty.onsite checks huge place "length(zeroblob(2400000000)) > 0"
	local start end a
	start=$(date +%s)
	expect_exit 2 timeout 60 "$JILU" --lang en forms check
	end=$(date +%s)
	[ $((end - start)) -le 10 ] || fail "took $((end - start)) s"
	expect_in "inspection.onsite.json: \$.checks[1].expr: " "$ERR"
	expect_in "it exceeds its step limit even with every field empty" "$ERR"
	expect_in "penalty.onsite.json: \$.checks[1].expr: " "$ERR"
	expect_in "it exceeds the length limit of strings and blobs even with every field empty" "$ERR"
	a=$(jilu action open inspection)
	expect_exit 2 timeout 60 "$JILU" record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	expect_eq 0 "$(records)" "records stored"
}

# kinds.json's `if` (which records a kind of action requires) is evaluated
# the same way: an error there is reported by `jilu check`, not read as
# "not required".
test_check_reports_a_requirement_condition_that_cannot_be_evaluated() {
	limits_store
	local k=$JILU_FORMS/kinds.json a line args=() cross=${CROSS//\$place/\$matter}
	sqlite3 :memory: "SELECT writefile('$k.new', json_set(readfile('$k'), '\$.licensing[1].if.expr',
		'${cross//\'/\'\'} AND \$outcome = ''verify'''))" >/dev/null && mv "$k.new" "$k" || fail "kinds.json"
	expect_exit 0 jilu forms check
	a=$(jilu action open licensing)
	while IFS= read -r line; do args+=("$line"); done <"$TREE/tests/fixtures/forms/licensing.acceptance.args"
	expect_exit 0 jilu record new "$a" licensing.acceptance "${args[@]}" --finalize
	expect_exit 2 timeout 60 "$JILU" check "$a"
	expect_in "kinds.json: licensing R7.1 if 无法判断：超出" "$ERR"
}

# Proof of the order: while another process holds the write lock, a
# finalise whose check runs away reports the limit at once (exit 2); were
# the check evaluated under the lock, it would wait for the lock and fail
# "database is locked" (exit 4).
test_a_runaway_check_is_reported_without_waiting_for_the_write_lock() {
	limits_store
	add_check inspection.onsite checks runaway place "$CROSS"
	local a holder start end
	a=$(jilu action open inspection)
	(echo "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('lock-test', 1);"; sleep 20; echo "ROLLBACK;") |
		sqlite3 "$JILU_DB" &
	holder=$!
	sleep 0.5
	start=$(date +%s)
	expect_exit 2 timeout 60 "$JILU" record new "$a" inspection.onsite "${ARGS[@]}" --finalize
	end=$(date +%s)
	expect_in "检查 runaway 无法判断" "$ERR"
	expect_not_in "locked" "$ERR"
	[ $((end - start)) -le 4 ] || fail "took $((end - start)) s"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	expect_eq 0 "$(records)" "records stored"
}
