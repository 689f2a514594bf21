# Headquarters → device (issue 8 item 5): form definitions HQ publishes, its
# calendar and its roster travel back on each sync and take effect on the
# device; a draft keeps the form version it was begun under; a push is
# applied all or nothing. A real sshd on 127.0.0.1 (tests/cli/sync_lib.sh).

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
athq() { jilu --db "$TEST_DIR/hq.db" "$@"; }
dev() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$@"; }
# What HQ shows of device T01 with its "T01:" names taken off (as in
# test_sync_hq.sh; a time's "T01:20" is not one: a digit precedes it).
unprefix() { sed -E "s/(^|[^0-9A-Za-z_.-])T01:([0-9])/\1\2/g"; }

# The shipped definitions (beside the binary, or one level up for build-asan/).
shipped_forms() {
	local d
	d=$(dirname "$JILU")
	if [ -f "$d/forms/kinds.json" ]; then echo "$d/forms"; else echo "$d/../forms"; fi
}

# HQ's forms folder $TEST_DIR/hqforms: the shipped ones.
hq_forms() {
	rm -rf "$TEST_DIR/hqforms"
	cp -r "$(shipped_forms)" "$TEST_DIR/hqforms" || fail "copy forms"
}

# bump_form ID VERSION: form ID at VERSION, with one more required field
# "weather" (what tells the versions apart).
bump_form() {
	local f="$TEST_DIR/hqforms/$1.json"
	sqlite3 :memory: "SELECT json_insert(json_set(readfile('$f'), '\$.version', $2), '\$.fields[#]',
		json('{\"id\":\"weather\",\"type\":\"text\",\"label\":{\"zh\":\"天气\",\"en\":\"Weather\"},\"required\":true,\"req\":\"R18.2\"}'))" \
		>"$f.new" && mv "$f.new" "$f" || fail "bump $1"
}

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" situation=货架整齐 place=某超市 "$@"
}

# sshd up, the device (setup_store) enrolled as T01, HQ trusted.
hq_ready() {
	setup_store
	sshd_start || return 1
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	trust_hq
}

# HQ's own roster: HQ's store initialised, its admin, and officer wang
# (head) with PIN 2468.
hq_roster() {
	athq init --device HQ >/dev/null || fail "hq init"
	athq officer add admin0 --name 管理员 --cert 90001 >/dev/null || fail "hq admin"
	athq --as admin0 officer add wang --name 王五 --cert "${1:-13003}" --role head >/dev/null ||
		fail "hq officer wang"
	echo 2468 | athq --as admin0 officer pin wang >/dev/null || fail "hq pin wang"
}

test_push_new_version_for_new_records_draft_keeps_its_own() {
	hq_ready || return
	local a draft r
	a=$(jilu action open inspection --title 超市检查) || fail "open"
	draft=$(onsite "$a") || fail "draft under version 1"
	hq_forms
	bump_form inspection.onsite 2
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	expect_eq 1 "$(hq "SELECT count(*) FROM hq_forms WHERE id = 'inspection.onsite' AND version = 2")" "published"
	expect_exit 0 jilu --lang en sync
	expect_in "from headquarters: 1 form definitions" "$OUT"
	expect_eq 2 "$(dev "SELECT version FROM pushed_forms WHERE id = 'inspection.onsite'")" "kept on the device"
	# A new record is judged by version 2: it needs the weather.
	expect_exit 3 jilu --lang en record new "$a" inspection.onsite started_at=2026-11-26T09:00 \
		ended_at=2026-11-26T10:00 "officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue \
		"av:=$AV_VIDEO" "signatures:=$SIGS_INSPECTION" situation=货架整齐 place=某超市 --finalize
	expect_in "weather: required" "$ERR"
	expect_in "v2" "$(jilu --lang en forms show inspection.onsite)"
	r=$(onsite "$a" weather=晴 --finalize) || fail "new record under version 2"
	expect_eq 2 "$(dev "SELECT form_version FROM records WHERE id = $r")" "new record's version"
	# The draft begun under version 1 is set and finalised under version 1.
	expect_exit 0 jilu record set "$draft" place=某超市二楼
	expect_exit 0 jilu record finalize "$draft"
	expect_eq "1|final" "$(dev "SELECT form_version, state FROM records WHERE id = $draft")" "draft's version"
	# Each is shown by its own version: the old one has no weather.
	expect_not_in "Weather" "$(jilu --lang en record show "$draft")"
	expect_in "Weather" "$(jilu --lang en record show "$r")"
	expect_exit 0 jilu verify
	# HQ holds both and verifies them, and reads each by its own version.
	expect_exit 0 jilu sync
	expect_exit 0 athq hq verify
	expect_in "Weather" "$(athq --lang en --device T01 record show "$r")"
	expect_eq "$(jilu --lang en record show "$r")" "$(athq --lang en --device T01 record show "$r" | unprefix)" "record $r at HQ"
	expect_eq "$(jilu --lang en record show "$draft")" "$(athq --lang en --device T01 record show "$draft" | unprefix)" "record $draft at HQ"
}

test_push_calendar_changes_a_working_day_deadline() {
	hq_ready || return
	local a r
	a=$(jilu action open licensing --title 食品经营许可) || fail "open"
	r=$(jilu record new "$a" licensing.acceptance received_at=2026-11-29T16:00 \
		'applicant:={"name":"昌黎县鑫源食品有限公司","id_type":"uscc","id_number":"91130322MA0C4K7L58"}' \
		matter="食品经营许可（新办）" outcome=incomplete \
		'missing_items:=["经营场所平面图"]' 'materials_returned:=true') || fail "draft"
	JILU_NOW=2026-12-01T10:00 expect_exit 0 jilu deadlines
	expect_in "期限 2026-12-01 16:00" "$OUT"
	# Told on 2 December: late by the shipped calendar (two working days
	# from Sunday 16:00 end on Tuesday 1 December 16:00).
	local a2
	a2=$(jilu action open licensing --title 第二件) || fail "open 2"
	JILU_NOW=2026-12-03T09:00 jilu record new "$a2" licensing.acceptance received_at=2026-11-29T16:00 \
		'applicant:={"name":"昌黎县某超市有限公司","id_type":"uscc","id_number":"91350100M000100Y43"}' \
		matter="食品经营许可（新办）" outcome=incomplete 'missing_items:=["经营场所平面图"]' \
		'materials_returned:=true' notified_at=2026-12-02T10:00 --finalize >/dev/null || fail "told late"
	expect_in "补正告知晚于" "$(JILU_NOW=2026-12-03T09:00 jilu check "$a2" 2>&1)"
	# HQ declares Monday 30 November 2026 a holiday.
	hq_forms
	sqlite3 :memory: "SELECT json_insert(readfile('$TEST_DIR/hqforms/calendar.json'), '\$.holidays[#]', '2026-11-30')" \
		>"$TEST_DIR/cal.json" && mv "$TEST_DIR/cal.json" "$TEST_DIR/hqforms/calendar.json"
	expect_exit 0 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "calendar updated" "$OUT"
	expect_exit 0 jilu --lang en sync
	expect_in "1 calendar" "$OUT"
	JILU_NOW=2026-12-01T10:00 expect_exit 0 jilu deadlines
	expect_in "期限 2026-12-02 16:00" "$OUT"
	# A notice given on 2 December is on time by HQ's calendar, on the
	# device and in HQ's checks (across devices, and of that action).
	expect_exit 0 jilu sync
	local late="补正告知晚于"
	expect_not_in "$late" "$(JILU_NOW=2026-12-03T09:00 jilu check "$a2" 2>&1)"
	expect_not_in "$late" "$(JILU_NOW=2026-12-03T09:00 athq check 2>&1)"
	expect_not_in "$late" "$(JILU_NOW=2026-12-03T09:00 athq check "T01:$a2" 2>&1)"
	expect_in "$a2" "$(athq action list 2>&1)"
	# Published again unchanged: nothing new.
	expect_exit 0 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "calendar unchanged" "$OUT"
	expect_in "0 new form definitions" "$OUT"
}

test_push_roster_officer_from_hq_acts_on_the_device() {
	hq_ready || return
	hq_roster
	expect_exit 0 jilu --lang en sync
	expect_in "roster changes" "$OUT"
	expect_in "wang" "$(jilu officer list)"
	expect_eq "王五|13003|head" "$(dev "SELECT name, cert, role FROM officers WHERE id = 'wang'")" "wang on the device"
	# The PIN travelled as its hash only, and proves wang on the device.
	expect_eq "$(hq "SELECT value FROM meta WHERE key = 'pin:wang'")" \
		"$(dev "SELECT value FROM meta WHERE key = 'pin:wang'")" "PIN hash"
	expect_eq 0 "$(dev "SELECT count(*) FROM meta WHERE value LIKE '%2468%'")" "PIN in clear"
	JILU_PIN=2468 expect_exit 0 jilu --as wang action open inspection --title 王五的检查
	JILU_PIN=1111 expect_exit 6 jilu --as wang action open inspection
	expect_exit 0 jilu verify
	# The roster entries go back to HQ like any other, not as a fork.
	expect_exit 0 jilu sync
	expect_exit 0 athq hq verify
	expect_in "wang" "$(athq --device T01 officer list)"
	# Roles changed at HQ reach the device on the next sync, every one.
	expect_exit 0 athq --as admin0 officer role wang supervisor,head
	expect_exit 0 jilu sync
	expect_eq "supervisor|supervisor,head" "$(dev "SELECT role, roles FROM officers WHERE id = 'wang'")" "roles from HQ"
	expect_exit 0 jilu verify
	expect_exit 0 jilu sync
	expect_exit 0 athq hq verify
	# An officer retired at HQ can no longer act on the device.
	expect_exit 0 athq --as admin0 officer retire wang --reason 调离
	expect_exit 0 jilu sync
	expect_eq "调离" "$(dev "SELECT retired_reason FROM officers WHERE id = 'wang'")" "retired from HQ"
	JILU_PIN=2468 expect_exit 6 jilu --as wang action open inspection
	expect_exit 0 jilu verify
	expect_exit 0 jilu sync
	expect_exit 0 athq hq verify
}

test_push_second_sync_sends_nothing() {
	hq_ready || return
	hq_roster
	hq_forms
	bump_form inspection.onsite 2
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	expect_exit 0 jilu --lang en sync
	expect_in "from headquarters: 1 form definitions, 1 calendar" "$OUT"
	# The roster entries the push wrote go to HQ; then nothing at all.
	expect_exit 0 jilu --lang en sync
	expect_not_in "from headquarters" "$OUT"
	local before
	before=$(dev "SELECT (SELECT count(*) FROM ledger) || '|' || (SELECT count(*) FROM pushed_forms) || '|' || (SELECT count(*) FROM pushed_calendar)")
	expect_exit 0 jilu --lang en sync
	expect_in "synced: 0 entries, 0 media" "$OUT"
	expect_not_in "from headquarters" "$OUT"
	expect_eq "$before" "$(dev "SELECT (SELECT count(*) FROM ledger) || '|' || (SELECT count(*) FROM pushed_forms) || '|' || (SELECT count(*) FROM pushed_calendar)")" "nothing applied twice"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_refusals")" "no refusal"
}

test_push_bad_definition_refused_at_publish() {
	hq_forms
	# A field of a type no form knows: the checker of `forms check` says where.
	sqlite3 :memory: "SELECT json_set(readfile('$TEST_DIR/hqforms/inspection.onsite.json'), '\$.fields[0].type', 'colour')" \
		>"$TEST_DIR/x" && mv "$TEST_DIR/x" "$TEST_DIR/hqforms/inspection.onsite.json"
	expect_exit 2 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "inspection.onsite.json" "$ERR"
	expect_in '$.fields[0].type' "$ERR"
	expect_in "nothing was published" "$ERR"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_forms" 2>/dev/null || echo 0)" "nothing stored"
	# A definition changed under a version HQ published is refused, and
	# nothing of that publication is stored.
	hq_forms
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	local n
	n=$(hq "SELECT count(*) FROM hq_forms")
	bump_form penalty.filing 2
	sqlite3 :memory: "SELECT json_set(readfile('$TEST_DIR/hqforms/inspection.onsite.json'), '\$.title.zh', '现场检查笔录（改）')" \
		>"$TEST_DIR/x" && mv "$TEST_DIR/x" "$TEST_DIR/hqforms/inspection.onsite.json"
	expect_exit 3 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "inspection.onsite version 1 already" "$ERR"
	expect_in "raise" "$ERR"
	expect_eq "$n" "$(hq "SELECT count(*) FROM hq_forms")" "nothing of it stored"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_forms WHERE id = 'penalty.filing' AND version = 2")" "not even the good one"
}

# The device refuses the whole push when any part of it fails there (here an
# HQ officer with a certificate the device gives to another): nothing of the
# forms, calendar or roster is applied; put right at HQ, all of it is.
test_push_refused_on_the_device_applies_nothing() {
	hq_ready || return
	hq_roster 13001   # zhang's certificate on the device
	hq_forms
	bump_form inspection.onsite 2
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	local entries
	entries=$(dev "SELECT count(*) FROM ledger")
	expect_exit 3 jilu --lang en sync
	expect_in "certificate 13001 belongs to zhang" "$ERR"
	expect_in "none of it was applied" "$ERR"
	expect_eq "0|0|0|$entries" "$(dev "SELECT (SELECT count(*) FROM pushed_forms), (SELECT count(*) FROM pushed_calendar), (SELECT count(*) FROM officers WHERE id IN ('wang', 'admin0')), (SELECT count(*) FROM ledger)")" "nothing applied"
	expect_eq "" "$(dev "SELECT value FROM meta WHERE key = 'hq_roster'")" "roster version"
	expect_in "push" "$(hq "SELECT reason FROM hq_refusals")"
	# What HQ acknowledged stays acknowledged.
	expect_exit 0 jilu --lang en sync status
	expect_in "entries waiting: 0" "$OUT"
	expect_exit 0 onsite "$(jilu action open inspection)" --finalize   # still version 1
	# Put right (a roster has no command to change a certificate: HQ's
	# store is made again, the device's chain received anew): the next
	# sync applies all of it.
	rm -f "$TEST_DIR/hq.db" "$TEST_DIR/hq.db-wal" "$TEST_DIR/hq.db-shm" "$TEST_DIR"/device-T01.db*
	hq_roster 13003
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	expect_exit 0 jilu --lang en sync
	expect_eq "1|1|2" "$(dev "SELECT (SELECT count(*) FROM pushed_forms WHERE version = 2 AND id = 'inspection.onsite'), (SELECT count(*) FROM pushed_calendar), (SELECT count(*) FROM officers WHERE id IN ('wang', 'admin0'))")" "all applied"
	expect_exit 0 jilu verify
}

# A sync cut at random points (the client killed) while HQ pushes: each time
# the device holds all of the push or none of it; then a sync completes it.
test_push_cut_leaves_all_or_nothing() {
	hq_ready || return
	hq_roster
	hq_forms
	local f i pid state all
	for f in "$TEST_DIR"/hqforms/*.*.json; do
		bump_form "$(basename "$f" .json)" 9
	done
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	all=$(hq "SELECT count(*) FROM hq_forms WHERE version = 9")
	for i in $(seq 1 12); do
		# The binary itself, not the jilu function: $! of "jilu sync &" is a
		# subshell, and killing it left the sync running beside the next
		# one (the same push then arrived twice).
		"$JILU" sync >/dev/null 2>&1 &
		pid=$!
		sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		state=$(dev "SELECT (SELECT count(*) FROM pushed_forms) || '|' || (SELECT count(*) FROM pushed_calendar) || '|' || (SELECT count(*) FROM officers WHERE id IN ('wang', 'admin0')) || '|' || (SELECT count(*) FROM meta WHERE key = 'hq_roster')")
		case "$state" in
		"0|0|0|0" | "$all|1|2|1") ;;
		*) fail "cut $i left part of the push: $state" ;;
		esac
	done
	expect_exit 0 jilu sync
	expect_exit 0 jilu sync
	expect_eq "$all|1|2|1" "$(dev "SELECT (SELECT count(*) FROM pushed_forms) || '|' || (SELECT count(*) FROM pushed_calendar) || '|' || (SELECT count(*) FROM officers WHERE id IN ('wang', 'admin0')) || '|' || (SELECT count(*) FROM meta WHERE key = 'hq_roster')")" "complete"
	expect_exit 0 jilu verify
	expect_exit 0 athq hq verify
}

# An older peer is told so, not misread.
test_push_other_protocol_version_is_refused_plainly() {
	expect_exit 2 jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01 \
		<<<'{"t":"hello","v":1,"device":"T01","time":"2026-11-29T10:00","seq":0,"hash":null}'
	expect_in '"code":"version"' "$OUT"
	expect_in "protocol version 1 is not supported (HQ speaks 2)" "$ERR"
}

# A device meeting an HQ of protocol version 1 says so and stops (exit 3),
# instead of misreading it. The "HQ" here is a forced command that greets as
# version 1 did.
test_push_device_refuses_an_older_hq() {
	setup_store
	sshd_start || return
	make_key devkey
	cat >"$TEST_DIR/old_hq" <<'SH'
#!/bin/sh
printf '%s\n' '{"t":"hq","v":1,"device":"T01","seq":0,"hash":"0000000000000000000000000000000000000000000000000000000000000000","time":"2026-11-29T10:00:00+08:00"}'
cat >/dev/null
SH
	chmod +x "$TEST_DIR/old_hq"
	printf 'command="%s",restrict %s\n' "$TEST_DIR/old_hq" "$(cut -d' ' -f1-2 "$TEST_DIR/devkey.pub")" \
		>>"$TEST_DIR/ssh/authorized_keys"
	device_conf devkey
	trust_hq
	expect_exit 3 jilu --lang en sync
	expect_in "headquarters speaks sync protocol version 1, this device 2" "$ERR"
	expect_eq 0 "$(dev "SELECT count(*) FROM pushed_forms")" "nothing taken"
}

# Two new forms, the first (by id) naming the second in a record field:
# both reach the device and both load on every command after.
test_push_new_forms_naming_each_other() {
	hq_ready || return
	hq_forms
	local label='"label":{"zh":"备注","en":"Note"}' head='"version":1,"title":{"zh":"新表","en":"New form"},"kinds":["inspection"],"requirements":["R18.2"]'
	printf '{"id":"inspection.zz_target",%s,"fields":[{"id":"note","type":"text",%s,"req":"R18.2"}]}\n' \
		"$head" "$label" >"$TEST_DIR/hqforms/inspection.zz_target.json"
	printf '{"id":"inspection.aa_link",%s,"fields":[{"id":"target","type":"record","form":"inspection.zz_target",%s,"req":"R18.2"}]}\n' \
		"$head" "$label" >"$TEST_DIR/hqforms/inspection.aa_link.json"
	expect_exit 0 jilu forms check "$TEST_DIR/hqforms"
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	expect_exit 0 jilu --lang en sync
	expect_in "from headquarters: 2 form definitions" "$OUT"
	expect_exit 0 jilu --lang en forms list
	expect_in "inspection.aa_link" "$OUT"
	expect_in "inspection.zz_target" "$OUT"
	expect_not_in "problems" "$ERR"
	local a t
	a=$(jilu action open inspection) || fail "open"
	t=$(jilu record new "$a" inspection.zz_target note=甲 --finalize) || fail "target record"
	expect_exit 0 jilu record new "$a" inspection.aa_link "target=$t" --finalize
}

# A store made before schema 7 (no pushed_forms): the sync brings it up to
# date and takes what HQ sends.
test_push_to_a_store_of_schema_6() {
	hq_ready || return
	# (Schema 8's capture-time columns and 9's pushed_kinds dropped too: a
	# store of schema 6 had neither.)
	dev "DROP TABLE pushed_forms; DROP TABLE pushed_calendar; DROP TABLE pushed_kinds;
		ALTER TABLE media DROP COLUMN captured_from; ALTER TABLE media DROP COLUMN file_time;
		ALTER TABLE media DROP COLUMN file_time_from; PRAGMA user_version = 6;
		UPDATE meta SET value = '6' WHERE key = 'schema_version'"
	hq_forms
	bump_form inspection.onsite 2
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	expect_exit 0 jilu --lang en sync
	expect_in "from headquarters: 1 form definitions" "$OUT"
	expect_eq 9 "$(dev "PRAGMA user_version")" "schema"
	expect_eq 2 "$(dev "SELECT max(version) FROM pushed_forms WHERE id = 'inspection.onsite'")" "kept"
	expect_exit 0 jilu verify
}

# A definition that fails the device's checks (here edited at HQ behind
# publish's back, its hash made to match) or whose text does not match its
# hash is refused with its place, and nothing of the push is applied.
test_push_bad_definition_refused_on_the_device() {
	hq_ready || return
	hq_roster
	hq_forms
	bump_form inspection.onsite 2
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	local edit="json_set(json, '\$.fields[0].type', 'colour')" text sha
	text=$(hq "SELECT $edit FROM hq_forms WHERE id = 'inspection.onsite' AND version = 2")
	sha=$(printf '%s' "$text" | sha256sum | cut -c1-64)
	hq "UPDATE hq_forms SET json = $edit, sha256 = '$sha' WHERE id = 'inspection.onsite' AND version = 2"
	expect_exit 3 jilu --lang en sync
	expect_in 'HQ@2/inspection.onsite.json: $.fields[0].type' "$ERR"
	expect_in "none of it was applied" "$ERR"
	expect_eq "0|0|0" "$(dev "SELECT (SELECT count(*) FROM pushed_forms), (SELECT count(*) FROM officers WHERE id = 'wang'), (SELECT count(*) FROM meta WHERE key = 'hq_roster')")" "nothing applied"
	# Text that does not match its hash.
	hq "UPDATE hq_forms SET sha256 = '$(printf '%064d' 0)' WHERE id = 'inspection.onsite' AND version = 2"
	expect_exit 3 jilu --lang en sync
	expect_in "does not match its SHA-256" "$ERR"
	expect_eq 0 "$(dev "SELECT count(*) FROM pushed_forms")" "nothing applied"
}
