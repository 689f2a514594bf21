# tests/cli/test_confidential_everywhere.sh — R20.2 (issue 9 item 4): a
# confidential record's content reaches no output of any read command for one
# not entitled to it — an officer of another action, the admin, or a command
# with no acting officer — while the officers of its action and a supervisor
# still read it. Each marker below is a piece of the record's content that
# some command once printed: the party's name (deadlines names each action by
# it), an officer who did not show the certificate (a check finding), a
# deadline quoted by a finding, and an attachment's file name.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

# What must never leak, and a command that shows each to the entitled.
CE_PARTY=机密当事人甲乙超市有限公司
CE_NOCERT=未出示执法证件
CE_DEADLINE='改正期限 2026-12-15'
CE_FILE=密件现场取证丙丁.dat

# zhang (admin, first), li (officer: opens the action), wu (officer of
# nothing here), sun (supervisor). One penalty action by li holding a final,
# confidential correction order with an attachment: $A, $R.
ce_store() {
	export JILU_NOW=2026-12-01T16:00
	setup_store
	jilu --as zhang officer add wu --name 吴某 --cert 13003 >/dev/null || fail "wu"
	jilu --as zhang officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail "sun"
	A=$(jilu --as li action open penalty --title 超市过期食品案) || { fail "open"; return 1; }
	R=$(jilu --as li record new "$A" correction.order document_number=昌市监责改〔2026〕21号 \
		issued_at=2026-11-05T10:30 \
		"party:={\"name\":\"$CE_PARTY\",\"id_type\":\"uscc\",\"id_number\":\"91130322MA0H2M5J1A\",\"address\":\"昌黎县民生街1号\",\"representative\":\"王五\",\"phone\":\"0335-5901234\"}" \
		violation=销售超过保质期的食品 provision=食品安全法第三十四条 basis=食品安全法第一百二十四条 \
		requirement=立即下架 deadline=2026-12-15 overdue_consequence=依法处罚 \
		'officers:=[{"id":"zhang","shown":true},{"id":"li","shown":false}]' \
		'av:={"mode":"video"}' contact=张三 phone=0335-2021234 'confidential:=true' --finalize) ||
		{ fail "record: $(jilu --as li record new "$A" correction.order 2>&1)"; return 1; }
	head -c 3000 /dev/urandom >"$CE_FILE"
	jilu --as li media add "$R" "$CE_FILE" --kind video --captured-at 2026-11-05T10:31 >/dev/null ||
		fail "media add"
}

# Every read command, with --json where it has it; one per line.
ce_commands() {
	cat <<EOF
check $A
check $A --json
deadlines
deadlines --json
action list
action list --json
action show $A
record show $R
record show $R --json
media list $R
media list $R --json
export $A
export $A --format json
status
status --json
verify
log
log --json
log --record $R
EOF
}

# Runs every read command as WHO ("" for none) in language LANG; all their
# stdout and stderr, each behind its command, in $ALL.
ce_run_all() {
	local who=$1 lang=$2 line out
	local -a as=()
	[ -n "$who" ] && as=(--as "$who")
	ALL=
	while IFS= read -r line; do
		# shellcheck disable=SC2086 # the command's words
		out=$(jilu --lang "$lang" "${as[@]}" $line 2>&1)
		ALL+=$'\n'"== $line"$'\n'"$out"
	done < <(ce_commands)
}

# Fails when a marker is in $ALL (what WHO ran).
ce_none_leaks() {
	local m
	for m in "$CE_PARTY" "$CE_NOCERT" "$CE_DEADLINE" "$CE_FILE" 'did not show the certificate' \
		'deadline 2026-12-15'; do
		case $ALL in
		*"$m"*) fail "$1 sees \"$m\" in: $(printf '%s\n' "$ALL" | M=$m awk '/^== /{c=$0} index($0, ENVIRON["M"]){print c}' | sort -u | tr '\n' ' ')" ;;
		esac
	done
}

test_one_not_entitled_sees_no_confidential_content_from_any_command() {
	ce_store || return
	local who lang
	for who in wu zhang; do
		for lang in zh en; do
			ce_run_all $who $lang
			ce_none_leaks "$who ($lang)"
			# It exists, with its form, and is sealed.
			expect_in "涉密，无权查阅" "$ALL$(jilu --as $who record show "$R")"
			expect_in "correction.order" "$ALL"
		done
	done
	# Sealed, the findings are still there: check says the action lacks things.
	expect_exit 1 jilu --as wu check "$A"
	expect_in "记录 $R《责令改正通知书》: 涉密，无权查阅" "$OUT"
	expect_exit 0 jilu --lang en --as wu deadlines
	expect_in "confidential: not yours to read" "$OUT"
	expect_exit 0 jilu --as wu media list "$R"
	expect_in "涉密，无权查阅" "$OUT"
}

test_no_acting_officer_sees_no_confidential_content_from_any_command() {
	ce_store || return
	unset JILU_OFFICER
	local lang
	for lang in zh en; do
		ce_run_all "" $lang
		ce_none_leaks "nobody ($lang)"
		expect_in "涉密，无权查阅" "$ALL"
	done
}

test_the_entitled_still_read_every_confidential_marker() {
	ce_store || return
	local who
	for who in li sun; do
		ce_run_all $who zh
		expect_in "$CE_PARTY" "$ALL"
		expect_in "$CE_NOCERT" "$ALL"
		expect_in "$CE_DEADLINE" "$ALL"
		expect_in "$CE_FILE" "$ALL"
		# Where each was sealed for the others.
		expect_exit 1 jilu --as $who check "$A"
		expect_in "李四（13002）$CE_NOCERT" "$OUT"
		expect_in "$CE_DEADLINE" "$OUT"
		expect_exit 0 jilu --as $who deadlines --json
		expect_in "\"party\":	\"$CE_PARTY\"" "$OUT"
		expect_exit 0 jilu --lang en --as $who media list "$R" --json
		expect_in "$CE_FILE" "$OUT"
		expect_exit 0 jilu --as $who record show "$R"
		expect_in "$CE_FILE" "$OUT"
	done
}

# ---- at headquarters, after a sync ----

ce_hq() { jilu --db "$TEST_DIR/hq.db" "$@"; }

# Every read command at HQ as WHO ("" for none); all output in $ALL.
ce_run_hq() {
	local who=$1 line out
	local -a as=()
	[ -n "$who" ] && as=(--as "$who")
	ALL=
	while IFS= read -r line; do
		# shellcheck disable=SC2086 # the command's words
		out=$(ce_hq "${as[@]}" $line 2>&1)
		ALL+=$'\n'"== $line"$'\n'"$out"
	done <<EOF2
check
check --json
check T01:$A
check T01:$A --json
deadlines
deadlines --json
action list
action list --json
action show T01:$A
record show T01:$R
record show T01:$R --json
media list T01:$R
media list T01:$R --json
export T01:$A
export T01:$A --format json
status
status --json
hq verify
log
EOF2
}

test_at_hq_one_not_entitled_sees_no_confidential_content() {
	sshd_start || { fail "sshd"; return; }
	mkdir -p "$TEST_DIR/T01"
	export JILU_DB=$TEST_DIR/T01/jilu.db XDG_CONFIG_HOME=$TEST_DIR/T01/config
	ce_store || return
	make_key T01/key
	enroll T01 T01/key
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/T01/key" --known-hosts "$TEST_DIR/known_hosts" >/dev/null || fail "setup"
	jilu sync trust "$(sshd_fingerprint)" >/dev/null || fail "trust"
	jilu sync >/dev/null 2>&1 || fail "sync"
	unset JILU_OFFICER
	# Who reads at HQ is on HQ's own roster, with HQ's roles.
	ce_hq init --device HQ >/dev/null || fail "hq init"
	ce_hq officer add admin0 --name 管理员 --cert 90001 >/dev/null || fail "hq admin0"
	ce_hq --as admin0 officer add wu --name 吴某 --cert 13003 >/dev/null || fail "hq wu"
	ce_hq --as admin0 officer add sun --name 孙立 --cert 13007 --role supervisor >/dev/null || fail "hq sun"
	ce_run_hq wu
	ce_none_leaks "wu at HQ"
	expect_in "涉密，无权查阅" "$ALL"
	ce_run_hq ""
	ce_none_leaks "nobody at HQ"
	ce_run_hq sun
	expect_in "$CE_PARTY" "$ALL"
	expect_in "$CE_NOCERT" "$ALL"
	expect_in "$CE_FILE" "$ALL"
}

# The correction order's deadline is the record's own content: one not
# entitled sees that a deadline runs (and whether it is overdue), never its
# date, in words or in --json; the entitled see the date.
test_a_sealed_deadline_shows_no_date() {
	ce_store || return
	local who out
	for who in wu ""; do
		local -a as=()
		[ -n "$who" ] && as=(--as "$who")
		for cmd in "deadlines" "deadlines --json" "check $A" "check $A --json"; do
			# shellcheck disable=SC2086 # the command's words
			out=$(jilu "${as[@]}" $cmd 2>&1)
			expect_not_in "2026-12-15" "$out"
			expect_not_in "2026-12-16" "$out"
		done
		expect_in "期限涉密" "$(jilu "${as[@]}" deadlines 2>&1)"
		expect_in "due: confidential" "$(jilu --lang en "${as[@]}" deadlines 2>&1)"
	done
	out=$(jilu --as li deadlines 2>&1)
	expect_in "期限 2026-12-15 24:00" "$out"
}
