# What headquarters pushes, past its first limits (issue 8 item 5):
# kinds.json travels like the form definitions and the calendar, checked at
# publish and on the device; and a push over a message's limit (8 MiB) is
# sent in parts and applied all or nothing. A real sshd on 127.0.0.1
# (tests/cli/sync_lib.sh).

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
athq() { jilu --db "$TEST_DIR/hq.db" "$@"; }
dev() { sqlite3 -cmd ".timeout 5000" "$JILU_DB" "$@"; }

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

# sshd up, the device (setup_store) enrolled as T01, HQ trusted.
hq_ready() {
	setup_store
	sshd_start || return 1
	make_key devkey
	enroll T01 devkey
	device_conf devkey
	trust_hq
}

# HQ's kinds.json with inspection also requiring a service receipt.
kinds_receipt() {
	sqlite3 :memory: "SELECT json_insert(readfile('$TEST_DIR/hqforms/kinds.json'), '\$.inspection[#]',
		json('{\"req\":\"R14.1\",\"form\":\"service.receipt\"}'))" >"$TEST_DIR/k" &&
		mv "$TEST_DIR/k" "$TEST_DIR/hqforms/kinds.json" || fail "edit kinds.json"
}

# big_forms N: N new definitions of about 900 KB each in HQ's folder (a long
# help text), inspection.big00 …
big_forms() {
	local i help
	help=$(head -c 300000 /dev/zero | tr '\0' 'x' | sed 's/x/说/g')
	for i in $(seq -w 0 $(($1 - 1))); do
		printf '{"id":"inspection.big%s","version":1,"title":{"zh":"大表%s","en":"Big form %s"},"kinds":["inspection"],"requirements":["R18.2"],"fields":[{"id":"note","type":"text","label":{"zh":"备注","en":"Note"},"help":{"zh":"%s","en":"Note"},"req":"R18.2"}]}\n' \
			"$i" "$i" "$i" "$help" >"$TEST_DIR/hqforms/inspection.big$i.json"
	done
}

# ---- kinds.json travels ---------------------------------------------------

test_kinds_published_travel_and_take_effect_on_the_device() {
	hq_ready || return
	local a
	a=$(jilu action open inspection --title 超市检查) || fail "open"
	expect_exit 1 jilu --lang en check "$a"
	expect_not_in "service.receipt" "$OUT"
	hq_forms
	kinds_receipt
	expect_exit 0 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "kinds.json updated" "$OUT"
	expect_eq 1 "$(hq "SELECT count(*) FROM hq_kinds")" "published"
	expect_exit 0 jilu --lang en sync
	expect_in "1 kinds.json" "$OUT"
	expect_eq "$(sha256sum <"$TEST_DIR/hqforms/kinds.json" | cut -c1-64)" \
		"$(dev "SELECT sha256 FROM pushed_kinds")" "kept on the device"
	# `check` on the device now asks for the receipt, as HQ's does.
	expect_exit 1 jilu --lang en check "$a"
	expect_in "R14.1" "$OUT"
	expect_in "service.receipt" "$OUT"
	expect_exit 0 jilu sync
	# HQ keeps what the device applied in its copy of the device.
	expect_eq "$(dev "SELECT sha256 FROM pushed_kinds")" \
		"$(sqlite3 "$TEST_DIR/device-T01.db" "SELECT sha256 FROM pushed_kinds")" "HQ's copy"
	expect_in "service.receipt" "$(athq --lang en check "T01:$a" 2>&1)"
	expect_in "service.receipt" "$(athq --lang en --device T01 check "T01:$a" 2>&1)"
	# Nothing new: not sent again, and a second publication stores nothing.
	expect_exit 0 jilu --lang en sync
	expect_not_in "from headquarters" "$OUT"
	expect_exit 0 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "kinds.json unchanged" "$OUT"
	expect_eq 1 "$(hq "SELECT count(*) FROM hq_kinds")" "published once"
	# HQ takes the requirement back: the device follows.
	hq_forms
	expect_exit 0 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "kinds.json updated" "$OUT"
	expect_exit 0 jilu --lang en sync
	expect_in "1 kinds.json" "$OUT"
	expect_exit 1 jilu --lang en check "$a"
	expect_not_in "service.receipt" "$OUT"
	expect_exit 0 jilu verify
}

test_kinds_that_fail_the_checker_are_refused_at_publish() {
	hq_forms
	sqlite3 :memory: "SELECT json_insert(readfile('$TEST_DIR/hqforms/kinds.json'), '\$.inspection[#]',
		json('{\"req\":\"R14.1\",\"form\":\"no.such_form\"}'))" >"$TEST_DIR/k" &&
		mv "$TEST_DIR/k" "$TEST_DIR/hqforms/kinds.json"
	expect_exit 2 athq --lang en hq publish "$TEST_DIR/hqforms"
	expect_in "kinds.json" "$ERR"
	expect_in '.inspection[1].form' "$ERR"
	expect_in "no form no.such_form" "$ERR"
	expect_in "nothing was published" "$ERR"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_forms" 2>/dev/null || echo 0)" "no definition stored"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_kinds" 2>/dev/null || echo 0)" "no kinds.json stored"
}

# A kinds.json that arrives failing the device's checker (edited at HQ behind
# publish's back, its hash made to match) refuses the whole push there.
test_kinds_that_fail_on_the_device_apply_nothing() {
	hq_ready || return
	hq_forms
	kinds_receipt
	sqlite3 :memory: "SELECT json_set(readfile('$TEST_DIR/hqforms/calendar.json'), '\$.holidays[#]', '2026-11-30')" \
		>"$TEST_DIR/c" && mv "$TEST_DIR/c" "$TEST_DIR/hqforms/calendar.json"
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	local edit="json_set(json, '\$.inspection[1].form', 'no.such_form')" text sha
	text=$(hq "SELECT $edit FROM hq_kinds")
	sha=$(printf '%s' "$text" | sha256sum | cut -c1-64)
	hq "UPDATE hq_kinds SET json = $edit, sha256 = '$sha'"
	expect_exit 3 jilu --lang en sync
	expect_in "HQ:kinds.json" "$ERR"
	expect_in "no form no.such_form" "$ERR"
	expect_in "none of it was applied" "$ERR"
	expect_eq "0|0" "$(dev "SELECT (SELECT count(*) FROM pushed_kinds), (SELECT count(*) FROM pushed_calendar)")" "nothing applied"
	expect_in "push" "$(hq "SELECT reason FROM hq_refusals")"
	# The device's own kinds.json stays in use.
	local a
	a=$(jilu action open inspection) || fail "open"
	expect_exit 1 jilu --lang en check "$a"
	expect_not_in "no.such_form" "$OUT$ERR"
	# Text that does not match its hash.
	hq "UPDATE hq_kinds SET sha256 = '$(printf '%064d' 0)'"
	expect_exit 3 jilu --lang en sync
	expect_in "HQ:kinds.json: the text does not match its SHA-256" "$ERR"
	expect_eq 0 "$(dev "SELECT count(*) FROM pushed_kinds")" "nothing applied"
}

# ---- a push over a message's limit ---------------------------------------

test_push_over_the_message_limit_arrives_in_parts() {
	hq_ready || return
	hq_forms
	big_forms 12
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	local size
	size=$(hq "SELECT sum(length(CAST(json AS BLOB))) FROM hq_forms")
	[ "$size" -gt 9000000 ] || fail "the push is only $size bytes"
	expect_exit 0 jilu --lang en sync
	expect_in "from headquarters: 12 form definitions, 1 calendar, 1 kinds.json" "$OUT"
	expect_eq 12 "$(dev "SELECT count(*) FROM pushed_forms WHERE id LIKE 'inspection.big%'")" "all on the device"
	expect_eq "$(hq "SELECT group_concat(sha256) FROM (SELECT sha256 FROM hq_forms WHERE id LIKE 'inspection.big%' ORDER BY id)")" \
		"$(dev "SELECT group_concat(sha256) FROM (SELECT sha256 FROM pushed_forms WHERE id LIKE 'inspection.big%' ORDER BY id)")" "the same definitions"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_refusals")" "no refusal"
	expect_in "inspection.big11" "$(jilu forms list)"
	local a
	a=$(jilu action open inspection) || fail "open"
	expect_exit 0 jilu record new "$a" inspection.big07 note=甲 --finalize
	expect_exit 0 jilu --lang en sync
	expect_not_in "from headquarters" "$OUT"
	expect_exit 0 jilu verify
	expect_exit 0 athq hq verify
}

# The link cut between the parts: nothing applied; the next sync, all.
test_push_in_parts_cut_between_them_applies_nothing_then_all() {
	hq_ready || return
	hq_forms
	big_forms 12
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	# HQ's side cut after 9 MB: the first part whole, the second not.
	cat >"$TEST_DIR/cut_hq" <<-EOF
	#!/bin/sh
	"$JILU" hq ingest --db "$TEST_DIR/hq.db" --device T01 | head -c 9000000
	EOF
	chmod +x "$TEST_DIR/cut_hq"
	cp "$TEST_DIR/ssh/authorized_keys" "$TEST_DIR/ak.whole"
	sed -i "s|command=\"[^\"]*\"|command=\"$TEST_DIR/cut_hq\"|" "$TEST_DIR/ssh/authorized_keys"
	expect_exit 5 jilu --lang en sync
	expect_eq "0|0|0" "$(dev "SELECT (SELECT count(*) FROM pushed_forms), (SELECT count(*) FROM pushed_calendar), (SELECT count(*) FROM pushed_kinds)")" "nothing applied"
	# The client killed at random points while the parts arrive: all or
	# nothing each time.
	cp "$TEST_DIR/ak.whole" "$TEST_DIR/ssh/authorized_keys"
	local i pid state all
	all=$(hq "SELECT count(*) FROM hq_forms")
	for i in $(seq 1 6); do
		"$JILU" sync >/dev/null 2>&1 &
		pid=$!
		sleep "0.$((RANDOM % 8))$((RANDOM % 10))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		state=$(dev "SELECT (SELECT count(*) FROM pushed_forms) || '|' || (SELECT count(*) FROM pushed_calendar) || '|' || (SELECT count(*) FROM pushed_kinds)")
		case "$state" in
		"0|0|0" | "$all|1|1") ;;
		*) fail "cut $i left part of the push: $state" ;;
		esac
	done
	expect_exit 0 jilu sync
	expect_eq "$all|1|1" "$(dev "SELECT (SELECT count(*) FROM pushed_forms) || '|' || (SELECT count(*) FROM pushed_calendar) || '|' || (SELECT count(*) FROM pushed_kinds)")" "all applied"
	expect_exit 0 jilu verify
}

# A device of a jilu that cannot take parts (its hello has no "parts") is
# told, and HQ records why, instead of being sent what it would misread.
test_push_over_the_limit_to_a_device_without_parts_is_refused_plainly() {
	hq_forms
	big_forms 12
	expect_exit 0 athq hq publish "$TEST_DIR/hqforms"
	expect_exit 3 jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01 < <(
		printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":0,"hash":null,"have":{}}\n' \
			"$(date +%Y-%m-%dT%H:%M:%S%:z)"; echo '{"t":"done"}')
	expect_in '"code":"push"' "$OUT"
	expect_in "cannot take it in parts: update jilu on the device" "$OUT"
	expect_not_in '"t":"push"' "$OUT"
	expect_in "cannot take it in parts" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'push'")"
}

# ---- parts as the device reads them, from a false HQ -----------------------

# fake_parts_hq: HQ's side as the forced command of the device's key: it
# greets, acknowledges the device's entries (3, setup_store's), answers
# "done" with the lines of $TEST_DIR/push.lines, then "bye"; what the device
# answers the push is kept in $TEST_DIR/device_said.
fake_parts_hq() {
	setup_store
	sshd_start || return 1
	make_key devkey
	local z
	z=$(printf '%064d' 0)
	cat >"$TEST_DIR/fakehq" <<-EOF2
	#!/bin/sh
	printf '%s\n' '{"t":"hq","v":2,"device":"T01","seq":0,"hash":"$z","time":"$(date +%Y-%m-%dT%H:%M:%S%:z)"}'
	while read -r line; do
		case "\$line" in
		*'"t":"hello"'*) printf '%s\n' '{"t":"go","skew":0}' ;;
		*'"t":"batch"'*) printf '%s\n' '{"t":"ack","seq":3,"hash":"$z"}' ;;
		*'"t":"done"'*) cat "$TEST_DIR/push.lines" ;;
		*) printf '%s\n' "\$line" >"$TEST_DIR/device_said"
		   printf '%s\n' '{"t":"bye","seq":3,"hash":"$z"}'; exit 0 ;;
		esac
	done
	EOF2
	chmod +x "$TEST_DIR/fakehq"
	printf 'command="%s",restrict %s\n' "$TEST_DIR/fakehq" "$(cut -d' ' -f1-2 "$TEST_DIR/devkey.pub")" \
		>>"$TEST_DIR/ssh/authorized_keys"
	device_conf devkey
	trust_hq
}

# member NAME FILE: "NAME":{"sha256":…,"json":…} of FILE's text.
member() {
	printf '"%s":{"sha256":"%s","json":%s}' "$1" "$(sha256sum <"$2" | cut -c1-64)" \
		"$(sqlite3 :memory: "SELECT json_quote(CAST(readfile('$2') AS TEXT))")"
}

test_device_joins_parts_and_refuses_them_out_of_order_or_twice() {
	fake_parts_hq || return
	local forms cal kinds
	forms=$(shipped_forms)
	sqlite3 :memory: "SELECT json_set(readfile('$forms/calendar.json'), '\$.holidays[#]', '2026-11-30')" \
		>"$TEST_DIR/cal.json"
	cal=$(member calendar "$TEST_DIR/cal.json")
	kinds=$(member kinds "$forms/kinds.json")
	# Out of order: nothing applied, HQ told.
	printf '{"t":"push","part":1,"parts":2,%s}\n{"t":"push","part":3,"parts":2,%s}\n' "$cal" "$kinds" \
		>"$TEST_DIR/push.lines"
	expect_exit 3 jilu --lang en sync
	expect_in "a push in parts needs whole numbers part and parts, part 1 to parts in order" "$ERR"
	expect_in '"code":"push"' "$(cat "$TEST_DIR/device_said")"
	# A count that is not a whole number.
	printf '{"t":"push","part":1,"parts":2.5,%s}\n' "$cal" >"$TEST_DIR/push.lines"
	expect_exit 3 jilu --lang en sync
	expect_in "a push in parts needs whole numbers" "$ERR"
	# The calendar in two parts.
	printf '{"t":"push","part":1,"parts":2,%s}\n{"t":"push","part":2,"parts":2,%s}\n' "$cal" "$cal" \
		>"$TEST_DIR/push.lines"
	expect_exit 3 jilu --lang en sync
	expect_in "HQ:calendar: came twice in the parts of one push" "$ERR"
	expect_eq "0|0" "$(dev "SELECT (SELECT count(*) FROM pushed_calendar), (SELECT count(*) FROM pushed_kinds)")" "nothing applied"
	# In order, each once: joined and applied as one.
	printf '{"t":"push","part":1,"parts":2,%s}\n{"t":"push","part":2,"parts":2,%s}\n' "$cal" "$kinds" \
		>"$TEST_DIR/push.lines"
	expect_exit 0 jilu --lang en sync
	expect_in "1 calendar, 1 kinds.json" "$OUT"
	expect_in '"t":"pushed"' "$(cat "$TEST_DIR/device_said")"
	expect_eq "1|1" "$(dev "SELECT (SELECT count(*) FROM pushed_calendar), (SELECT count(*) FROM pushed_kinds)")" "applied"
}
