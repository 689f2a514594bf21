# Every number the sync protocol reads is an exact whole number within its
# range, on both sides (issue 8 item 4): a version of 2.5 is no version 2, a
# string "2" is no number, 1e999 is no number at all. Anything else ends the
# session with the protocol error and nothing stored. HQ's side is fed
# directly (`hq ingest` on stdin); the device's meets a false HQ, a forced
# command on a real sshd (tests/cli/sync_lib.sh). The same inputs are in the
# fuzz corpora (fuzz/corpus/hqsession, fuzz/corpus/devsync).

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
ingest() { jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01; }
stored() { sqlite3 "$TEST_DIR/device-T01.db" "SELECT count(*) FROM ledger" 2>/dev/null || echo 0; }
NOW='"time":"2026-11-30T09:00:00+08:00"'

# hello V SEQ [HAVE]: a hello of version V at HQ's head SEQ (values as JSON).
hello() {
	printf '{"t":"hello","v":%s,"device":"T01",%s,"seq":%s,"hash":null%s}\n' "$1" "$NOW" "$2" \
		"${3:+,\"have\":$3}"
}

# The device store's first entry as a batch entry, its seq written as SEQ.
entry_with_seq() {
	sqlite3 "$JILU_DB" "SELECT json_object('seq',json('$1'),'kind',kind,'subject',subject,'body',body,
		'prev_hash',prev_hash,'hash',hash) FROM ledger WHERE seq = 1"
}

# Each refused at HQ with the protocol error, the refusal recorded, nothing
# of the device stored.
test_hq_refuses_a_hello_whose_version_is_not_a_whole_number() {
	local v
	for v in 2.5 '"2"' 1e999 2.0000001 -2 0 true null; do
		expect_exit 2 ingest < <(hello "$v" 0; echo '{"t":"done"}')
		expect_in '"code":"protocol"' "$OUT"
		expect_in "hello's v and seq must be whole numbers" "$ERR"
		expect_not_in '"t":"go"' "$OUT"
	done
	expect_eq 8 "$(hq "SELECT count(*) FROM hq_refusals WHERE reason = 'protocol'")" "refusals recorded"
	expect_eq 0 "$(stored)" "entries stored"
	# 2.0 is the whole number 2: the same as 2.
	expect_exit 0 ingest < <(hello 2.0 0; echo '{"t":"done"}')
	expect_in '"t":"bye"' "$OUT"
}

test_hq_refuses_a_hello_whose_seq_is_not_a_whole_number() {
	local seq
	for seq in 0.5 3.5 '"0"' 1e999 -1; do
		expect_exit 2 ingest < <(hello 2 "$seq"; echo '{"t":"done"}')
		expect_in "hello's v and seq must be whole numbers" "$ERR"
		expect_not_in '"t":"go"' "$OUT"
	done
}

test_hq_refuses_what_a_device_says_it_holds_when_a_number_is_not_whole() {
	local sha
	sha=$(printf x | sha256sum | cut -c1-64)
	expect_exit 2 ingest < <(hello 2 0 "{\"forms\":[{\"id\":\"inspection.onsite\",\"version\":1.5,\"sha256\":\"$sha\"}]}")
	expect_in "have.forms[0] must be {id, version, sha256} with version a whole number" "$ERR"
	expect_in '"code":"protocol"' "$OUT"
	expect_exit 2 ingest < <(hello 2 0 "{\"forms\":[{\"id\":\"inspection.onsite\",\"version\":\"1\",\"sha256\":\"$sha\"}]}")
	expect_in "have.forms[0] must be" "$ERR"
	expect_exit 2 ingest < <(hello 2 0 '{"calendar":5}')
	expect_in "have.calendar must be a SHA-256 or null" "$ERR"
	expect_exit 2 ingest < <(hello 2 0 '{"parts":1}')
	expect_in "have.parts must be true or false" "$ERR"
	expect_exit 2 ingest < <(hello 2 0 '[]')
	expect_in "have must be an object" "$ERR"
	expect_exit 0 ingest < <(hello 2 0 "{\"forms\":[{\"id\":\"inspection.onsite\",\"version\":1,\"sha256\":\"$sha\"}],\"calendar\":null,\"kinds\":\"$sha\",\"parts\":true}"; echo '{"t":"done"}')
}

test_hq_refuses_an_entry_whose_seq_is_not_a_whole_number() {
	setup_store
	local seq
	for seq in 1.5 3.5 '"1"' 1e999; do
		expect_exit 3 ingest < <(hello 2 0; printf '{"t":"batch","entries":[%s]}\n' "$(entry_with_seq "$seq")"; echo '{"t":"done"}')
		expect_in "a malformed entry (seq, kind, subject, body, prev_hash, hash)" "$ERR"
		expect_not_in '"t":"ack"' "$OUT"
		expect_eq 0 "$(stored)" "entries stored (seq $seq)"
	done
	# Written as 1.0 it is entry 1.
	expect_exit 0 ingest < <(hello 2 0; printf '{"t":"batch","entries":[%s]}\n' "$(entry_with_seq 1.0)"; echo '{"t":"done"}')
	expect_eq 1 "$(stored)" "entries stored"
}

test_hq_refuses_a_media_size_that_is_not_a_whole_number() {
	local sha size
	sha=$(printf x | sha256sum | cut -c1-64)
	for size in 1.5 0.5 '"1"' 1e999; do
		expect_exit 2 ingest < <(hello 2 0; printf '{"t":"media","sha256":"%s","size":%s}\n' "$sha" "$size"; printf '\0\0\0\1x')
		expect_in "a size of 1 byte to 64 GiB" "$ERR"
		expect_not_in '"t":"from"' "$OUT"
	done
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_media")" "media stored"
	expect_eq "" "$(find "$TEST_DIR/media" -type f 2>/dev/null)" "files under media/"
}

# ---- a false HQ answering the device -------------------------------------

# fake_hq GREETING GO ACK BYE: HQ's side as the forced command of the
# device's key, answering each line the device sends with the next given.
fake_hq() {
	cat >"$TEST_DIR/fakehq" <<-EOF
	#!/bin/sh
	printf '%s\n' '$1'
	while read -r line; do
		case "\$line" in
		*'"t":"hello"'*) printf '%s\n' '$2' ;;
		*'"t":"batch"'*) printf '%s\n' '$3' ;;
		*'"t":"done"'*) printf '%s\n' '$4'; exit 0 ;;
		esac
	done
	EOF
	chmod +x "$TEST_DIR/fakehq"
}

fake_ready() {
	setup_store
	sshd_start || return 1
	make_key devkey
	printf 'command="%s",restrict %s\n' "$TEST_DIR/fakehq" "$(cut -d' ' -f1-2 "$TEST_DIR/devkey.pub")" \
		>>"$TEST_DIR/ssh/authorized_keys"
	device_conf devkey
	fake_hq '{}' '{}' '{}' '{}'
	trust_hq
}

Z=$(printf '%064d' 0)
greeting() { printf '{"t":"hq","v":%s,"device":"T01","seq":%s,"hash":"%s",%s}' "$1" "$2" "$Z" "$NOW"; }
GO='{"t":"go","skew":0}'
ACK3="{\"t\":\"ack\",\"seq\":3,\"hash\":\"$Z\"}"
BYE3="{\"t\":\"bye\",\"seq\":3,\"hash\":\"$Z\"}"
# Nothing noted as synced on the device.
unsynced() {
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT value FROM meta WHERE key = 'sync_seq'")" "no sync noted"
}

test_device_refuses_a_greeting_whose_version_or_seq_is_not_whole() {
	fake_ready || return
	local g
	for g in "$(greeting 2.5 0)" "$(greeting '"2"' 0)" "$(greeting 1e999 0)" "$(greeting 2 3.5)" \
		"$(greeting 2 '"0"')"; do
		fake_hq "$g" "$GO" "$ACK3" "$BYE3"
		expect_exit 5 jilu --lang en sync
		expect_in "HQ's greeting is malformed (v and seq must be whole numbers" "$ERR"
		unsynced
	done
	# The same false HQ with whole numbers: the sync completes.
	fake_hq "$(greeting 2 0)" "$GO" "$ACK3" "$BYE3"
	expect_exit 0 jilu --lang en sync
	expect_eq 3 "$(sqlite3 "$JILU_DB" "SELECT value FROM meta WHERE key = 'sync_seq'")" "synced"
}

test_device_refuses_a_skew_or_goodbye_that_is_not_whole() {
	fake_ready || return
	fake_hq "$(greeting 2 0)" '{"t":"go","skew":2.5}' "$ACK3" "$BYE3"
	expect_exit 5 jilu --lang en sync
	expect_in "skew must be a whole number of seconds" "$ERR"
	unsynced
	fake_hq "$(greeting 2 0)" "$GO" "$ACK3" "{\"t\":\"bye\",\"seq\":3.5,\"hash\":\"$Z\"}"
	expect_exit 5 jilu --lang en sync
	expect_in "headquarters' goodbye names another sequence number (want the whole number 3)" "$ERR"
	unsynced
	fake_hq "$(greeting 2 0)" "$GO" "{\"t\":\"ack\",\"seq\":2.5,\"hash\":\"$Z\"}" "$BYE3"
	expect_exit 5 jilu --lang en sync
	expect_in "headquarters acknowledged another sequence number (want 3)" "$ERR"
	unsynced
}
