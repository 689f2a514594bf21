# Attacks on the input paths of sync, as an adversary would make them: a
# device key in the wrong hands speaking to `jilu hq ingest`, an HQ admin
# handed a bad key file for `hq enroll`, a false HQ answering the device,
# and settings files (config, sync.conf) with what a terminal acts on.
# The fuzz harnesses hqsession, devsync, ref and conf (fuzz/README.md) go
# over the same readers byte by byte; these are the readable cases.

source "$(dirname "${BASH_SOURCE[0]}")/sync_lib.sh"

hq() { sqlite3 -cmd ".timeout 5000" "$TEST_DIR/hq.db" "$@"; }
hqdev() { local d=$1; shift; sqlite3 -cmd ".timeout 5000" "$TEST_DIR/device-$d.db" "$@"; }
ingest() { jilu --lang en hq ingest --db "$TEST_DIR/hq.db" --device T01; }
stored() { hqdev T01 "SELECT count(*) FROM ledger" 2>/dev/null || echo 0; }

# hello [TIME [SEQ]]: the device's hello, its clock at TIME (default now),
# HQ's head at SEQ (default 0) with the device's hash there.
hello() {
	local seq=${2:-0} hash=null
	[ "$seq" = 0 ] || hash="\"$(sqlite3 "$JILU_DB" "SELECT hash FROM ledger WHERE seq = $seq")\""
	printf '{"t":"hello","v":2,"device":"T01","time":"%s","seq":%s,"hash":%s}\n' \
		"${1:-$(date +%Y-%m-%dT%H:%M:%S%:z)}" "$seq" "$hash"
}

# The device store's entries FROM..TO (seq) as JSON objects joined by
# commas, each with the record data it vouches for (what `jilu sync` sends).
entries() {
	sqlite3 "$JILU_DB" "SELECT group_concat(e, ',') FROM (SELECT json_object('seq',l.seq,
		'kind',l.kind,'subject',l.subject,'body',l.body,'prev_hash',l.prev_hash,'hash',l.hash,
		'data',r.data) AS e FROM ledger l LEFT JOIN records r ON l.subject = 'record:' || r.id
		WHERE l.seq BETWEEN $1 AND $2 ORDER BY l.seq)"
}

# batch E...: a batch message of the JSON entries given.
batch() {
	local IFS=,
	printf '{"t":"batch","entries":[%s]}\n' "$*"
}

# ---- a stolen device key at `hq ingest` --------------------------------

test_attack_same_entry_twice_in_one_batch_is_stored_once() {
	setup_store
	local e1 e2
	e1=$(entries 1 1)
	e2=$(entries 2 2)
	expect_exit 0 ingest < <(hello; batch "$e1" "$e1" "$e2" "$e1"; echo '{"t":"done"}')
	expect_in '"t":"ack","seq":2' "$OUT"
	expect_eq 2 "$(stored)" "entries stored"
	expect_eq 2 "$(hqdev T01 "SELECT count(DISTINCT hash) FROM ledger")" "distinct entries"
}

test_attack_batch_that_skips_an_entry_keeps_nothing_of_it() {
	setup_store
	# Entries 1 and 3, each valid, and a "count" claiming three: the chain
	# has a gap, so nothing of the batch is kept.
	expect_exit 3 ingest < <(hello; printf '{"t":"batch","count":3,"entries":[%s,%s]}\n' \
		"$(entries 1 1)" "$(entries 3 3)"; echo '{"t":"done"}')
	expect_in "entry 3 follows a gap" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
	expect_in "gap" "$(hq "SELECT detail FROM hq_refusals WHERE reason = 'entry'")"
}

test_attack_device_clock_years_off_is_warned_and_both_times_kept() {
	setup_store
	expect_exit 0 ingest < <(hello 2019-03-01T08:00:00+08:00; batch "$(entries 1 3)"; echo '{"t":"done"}')
	expect_in '"warn_en":"the device'"'"'s clock is -' "$OUT"
	expect_eq 3 "$(stored)" "entries stored"
	expect_eq "2019-03-01T08:00:00+08:00" "$(hq "SELECT device_time FROM hq_syncs")" "device's time kept"
	local skew
	skew=$(hq "SELECT skew FROM hq_syncs")
	[ "$skew" -lt -200000000 ] || fail "skew $skew: years off"
	# A clock in the year 9999 is no different; one past it is no time.
	expect_exit 0 ingest < <(hello 9999-12-31T23:59:59+08:00 3; echo '{"t":"done"}')
	expect_exit 2 ingest < <(hello 10000-01-01T00:00:00+08:00 3)
	expect_in "expected hello" "$ERR"
}

test_attack_second_hello_mid_session_ends_it_keeping_what_was_acknowledged() {
	setup_store
	expect_exit 2 ingest < <(hello; batch "$(entries 1 2)"; hello; batch "$(entries 3 3)"; echo '{"t":"done"}')
	expect_in '"t":"ack","seq":2' "$OUT"
	expect_in "not understood (hello)" "$ERR"
	expect_eq 2 "$(stored)" "entries stored: the acknowledged batch, nothing after"
}

test_attack_media_size_beyond_any_limit_refused() {
	local sha
	sha=$(printf x | sha256sum | cut -c1-64)
	for size in 9223372036854775808 9223372036854775807 68719476737 0 -1 1e300 '"5"'; do
		expect_exit 2 ingest < <(hello; printf '{"t":"media","sha256":"%s","size":%s}\n' "$sha" "$size")
		expect_in "a size of 1 byte to 64 GiB" "$ERR"
	done
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_media")" "media stored"
	expect_eq "" "$(find "$TEST_DIR/media" -type f 2>/dev/null)" "files under media/"
}

test_attack_frame_length_beyond_the_limit_refused() {
	local sha
	sha=$(printf abc | sha256sum | cut -c1-64)
	# 2^32 - 1, the largest a frame header can say (2^63 cannot be written
	# in four bytes: the reader never takes more than it can hold).
	expect_exit 2 ingest < <(hello; printf '{"t":"media","sha256":"%s","size":3}\n' "$sha"; printf '\xff\xff\xff\xff')
	expect_in "over the limit" "$ERR"
	# A frame longer than what is left of the medium.
	expect_exit 2 ingest < <(hello; printf '{"t":"media","sha256":"%s","size":3}\n' "$sha"; printf '\0\0\0\4abcd')
	expect_in "a frame past the medium's size" "$ERR"
	expect_eq 0 "$(hq "SELECT count(*) FROM hq_media")" "media stored"
}

test_attack_frame_where_a_message_is_due_is_not_understood() {
	setup_store
	# Bytes of a medium HQ never asked for, right after the hello.
	expect_exit 2 ingest < <(hello; printf '\0\0\0\3abc\n'; batch "$(entries 1 1)")
	expect_in "not understood" "$ERR"
	expect_eq 0 "$(stored)" "entries stored"
}

test_attack_line_of_100_mb_without_newline_refused_at_the_limit() {
	local t0=$SECONDS
	expect_exit 2 ingest < <(hello; head -c 100000000 /dev/zero | tr '\0' '{')
	expect_in "over the limit" "$ERR"
	[ $((SECONDS - t0)) -le 20 ] || fail "took $((SECONDS - t0)) s"
}

# ---- `hq enroll` handed a bad key file ----------------------------------

test_attack_enroll_refuses_a_private_key_naming_it() {
	ssh-keygen -q -t ed25519 -N '' -C dev -f k || fail keygen
	expect_exit 2 jilu --lang en hq enroll T01 --key k --db "$TEST_DIR/hq.db"
	expect_in "a private key" "$ERR"
	expect_not_in "PRIVATE" "$OUT$ERR"
	expect_exit 2 jilu hq enroll T01 --key k --db "$TEST_DIR/hq.db"
	expect_in "私钥" "$ERR"
}

test_attack_enroll_refuses_a_file_of_two_keys() {
	ssh-keygen -q -t ed25519 -N '' -C one -f k1 || fail keygen
	ssh-keygen -q -t ed25519 -N '' -C two -f k2 || fail keygen
	cat k1.pub k2.pub >both.pub
	expect_exit 2 jilu --lang en hq enroll T01 --key both.pub --db "$TEST_DIR/hq.db"
	expect_in "one public key only" "$ERR"
	expect_eq "" "$OUT" "no line printed"
	# A key whose comment runs onto a second line is the same: a second line.
	{ tr -d '\n' <k1.pub; printf '\ncommand="sh" evil\n'; } >comment.pub
	expect_exit 2 jilu --lang en hq enroll T01 --key comment.pub --db "$TEST_DIR/hq.db"
	expect_in "one public key only" "$ERR"
	# Blank lines after the key are no second key.
	{ cat k1.pub; printf '\n\n'; } >blank.pub
	expect_exit 0 jilu hq enroll T01 --key blank.pub --db "$TEST_DIR/hq.db"
}

test_attack_enroll_refuses_a_key_with_options() {
	ssh-keygen -q -t ed25519 -N '' -C dev -f k || fail keygen
	printf 'command="sh",no-pty %s\n' "$(cat k.pub)" >opts.pub
	expect_exit 2 jilu --lang en hq enroll T01 --key opts.pub --db "$TEST_DIR/hq.db"
	expect_in "not an SSH public key" "$ERR"
	expect_eq "" "$OUT" "no line printed"
}

test_attack_enroll_refuses_a_truncated_or_retyped_key() {
	ssh-keygen -q -t ed25519 -N '' -C dev -f k || fail keygen
	awk '{print $1, substr($2, 1, 40), $3}' k.pub >cut.pub
	expect_exit 2 jilu --lang en hq enroll T01 --key cut.pub --db "$TEST_DIR/hq.db"
	expect_in "truncated or corrupted (not an ssh-ed25519 key)" "$ERR"
	sed 's/^ssh-ed25519/ssh-rsa/' k.pub >retyped.pub
	expect_exit 2 jilu --lang en hq enroll T01 --key retyped.pub --db "$TEST_DIR/hq.db"
	expect_in "not an ssh-rsa key" "$ERR"
	# Keys of every kind ssh-keygen makes are taken.
	ssh-keygen -q -t rsa -b 2048 -N '' -C r -f r || fail keygen
	ssh-keygen -q -t ecdsa -N '' -C e -f e || fail keygen
	expect_exit 0 jilu hq enroll T01 --key r.pub --db "$TEST_DIR/hq.db"
	expect_in "restrict ssh-rsa AAAA" "$OUT"
	expect_exit 0 jilu hq enroll T01 --key e.pub --db "$TEST_DIR/hq.db"
	expect_in "restrict ecdsa-sha2-nistp256 AAAA" "$OUT"
}

test_attack_enroll_key_type_with_an_escape_sequence_never_printed() {
	printf 'ssh-ed25519\033]0;pwned\007 AAAAC3NzaC1lZDI1NTE5 dev\n' >esc.pub
	expect_exit 2 jilu --lang en hq enroll T01 --key esc.pub --db "$TEST_DIR/hq.db"
	expect_in "not an SSH public key" "$ERR"
	case "$OUT$ERR" in *$'\033'*) fail "an ESC reached the terminal" ;; esac
}

test_attack_enroll_odd_device_ids_refused() {
	ssh-keygen -q -t ed25519 -N '' -C dev -f k || fail keygen
	local d
	for d in 'T01;id' '../T01' 'T01 x' "T01\$(id)" $'T\u202e10' 'Ｔ01' "$(printf 'x%.0s' $(seq 65))" '.'; do
		[ "$d" = . ] && continue
		expect_exit 2 jilu --lang en hq enroll "$d" --key k.pub --db "$TEST_DIR/hq.db"
		expect_in "a device id is 1 to 64 letters, digits, . _ -" "$ERR"
	done
	# A device id may be one dot; its store is then device-..db, beside HQ's.
	expect_exit 0 jilu hq enroll . --key k.pub --db "$TEST_DIR/hq.db"
	expect_in "--device .\"" "$OUT"
	expect_exit 5 jilu hq ingest --db "$TEST_DIR/hq.db" --device . </dev/null
	[ -f "$TEST_DIR/device-..db" ] || fail "device .'s store beside HQ's"
}

# ---- a false HQ answering the device -----------------------------------

test_attack_hq_claiming_more_than_the_device_wrote_is_refused() {
	setup_store
	sshd_start || return
	make_key devkey
	# A "headquarters" that says it holds 1000 entries of T01 and, if
	# believed, that all is well.
	cat >"$TEST_DIR/fakehq" <<-'EOF'
	#!/bin/sh
	printf '{"t":"hq","v":2,"device":"T01","seq":1000,"hash":"%064d","time":"2026-11-30T09:00:00+08:00"}\n' 0
	read -r hello
	printf '{"t":"go","skew":0}\n'
	read -r done
	printf '{"t":"bye","seq":1000,"hash":"%064d"}\n' 0
	EOF
	chmod +x "$TEST_DIR/fakehq"
	printf 'command="%s",restrict %s\n' "$TEST_DIR/fakehq" "$(cat "$TEST_DIR/devkey.pub")" \
		>>"$TEST_DIR/ssh/authorized_keys"
	device_conf devkey
	trust_hq
	expect_exit 3 jilu --lang en sync
	expect_in "headquarters says it holds 1000 entries but this device wrote 3" "$ERR"
	expect_exit 0 jilu --lang en sync status
	expect_in "never" "$OUT"
	expect_eq "" "$(sqlite3 "$JILU_DB" "SELECT value FROM meta WHERE key = 'sync_seq'")" "no sync noted"
}

# ---- DEVICE:ID names ----------------------------------------------------

test_attack_device_id_that_nfkc_leaves_blank_refused() {
	setup_store
	# U+309B becomes a space and a combining mark: nothing to type back.
	expect_exit 2 jilu --lang en record show $'\xe3\x82\x9b:1'
	expect_in "the device id is missing" "$ERR"
	expect_exit 2 jilu --lang en init --device $'\xe3\x82\x9b' --db "$TEST_DIR/other.db"
	expect_in "the device id cannot be empty" "$ERR"
}

# ---- settings files -----------------------------------------------------

test_attack_config_long_comment_tail_is_no_setting() {
	setup_store
	local db=$JILU_DB
	unset JILU_DB
	export XDG_CONFIG_HOME=$PWD/cfg
	mkdir -p cfg/jilu
	# The line is 4095 bytes before "store = …": read in pieces, its tail
	# was taken for a setting and the commands used another store.
	{ printf '#%.0s' $(seq 4095); printf 'store = %s/evil.db\n' "$PWD"; printf 'store = %s\n' "$db"; } >cfg/jilu/config
	expect_exit 0 jilu action list
	[ ! -e evil.db ] || fail "the comment's tail chose a store"
}

test_attack_config_escape_sequence_in_a_key_never_echoed() {
	# The config file is read before the command line: the language from
	# the environment.
	export XDG_CONFIG_HOME=$PWD/cfg JILU_LANG=en
	mkdir -p cfg/jilu
	printf '\033]0;pwned\007store = x\n' >cfg/jilu/config
	expect_exit 2 jilu --lang en action list
	expect_in "config:1" "$ERR"
	case "$ERR" in *$'\033'*) fail "an ESC reached the terminal" ;; esac
	printf 'store = a\0b\n' >cfg/jilu/config
	expect_exit 2 jilu --lang en action list
	expect_in "config:1: a NUL byte in the line" "$ERR"
	printf 'officer = \xff\xfe\n' >cfg/jilu/config
	expect_exit 2 jilu --lang en action list
	expect_in "config:1" "$ERR"
	expect_in "UTF-8" "$ERR"
}

test_attack_sync_conf_escape_sequences_in_the_host_refused() {
	setup_store
	export XDG_CONFIG_HOME=$PWD/cfg
	mkdir -p cfg/jilu
	local line
	for line in $'remote = ssh://jilu@hq\033[2J.example' $'remote = ssh://jilu@hq\xc2\x9b2J.example' \
		$'remote = ssh://jilu@\xe2\x80\xaeelpmaxe.qh' $'remote = ssh://jilu@hq\xff.example'; do
		printf '# settings\n%s\n' "$line" >cfg/jilu/sync.conf
		expect_exit 2 jilu --lang en sync
		expect_in "cfg/jilu/sync.conf:2" "$ERR"
		case "$ERR" in *$'\033'* | *$'\xc2\x9b'* | *$'\xe2\x80\xae'*) fail "a control reached the terminal: $line" ;; esac
	done
	# A NUL cut the host name where it stood.
	printf 'remote = ssh://jilu@hq.example\0@other.example\n' >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang en sync
	expect_in "sync.conf:1: a NUL byte in the line" "$ERR"
	printf 'remote = ssh://jilu@hq.example\nremote = ssh://jilu@other.example\n' >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang en sync
	expect_in "sync.conf:2: remote is given twice" "$ERR"
	# A CR between the key and "=" was trimmed off, and the empty value
	# taken (found by the conf harness).
	printf 'remote\r= \n' >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang en sync
	expect_in "sync.conf:1" "$ERR"
	printf 'remote = \n' >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang en sync
	expect_in "sync.conf:1: remote has no value" "$ERR"
	printf 'identity = "%s/key"\n' "$PWD" >cfg/jilu/sync.conf
	expect_exit 2 jilu --lang en sync
	expect_in "sync.conf:1: the value of identity is written without quotes" "$ERR"
}

# sync setup refuses what sync.conf's reader refuses, instead of writing a
# file the next sync trips on; nothing is written.
test_attack_sync_setup_refuses_escape_sequences_and_writes_nothing() {
	setup_store
	export XDG_CONFIG_HOME=$PWD/cfg
	: >key
	local bad
	for bad in $'ssh://jilu@hq\033[2J.example' $'ssh://jilu@\xe2\x80\xaeelpmaxe.qh'; do
		expect_exit 2 jilu --lang en sync setup --remote "$bad" --identity key
		expect_in "--remote" "$ERR"
		case "$ERR" in *$'\033'* | *$'\xe2\x80\xae'*) fail "a control reached the terminal" ;; esac
	done
	expect_exit 2 jilu --lang en sync setup --remote ssh://jilu@hq.example --identity key \
		--known-hosts $'kh\nremote = ssh://evil@other'
	[ ! -e cfg/jilu/sync.conf ] || fail "sync.conf written: $(cat cfg/jilu/sync.conf)"
	expect_exit 0 jilu sync setup --remote ssh://jilu@hq.example --identity key
	[ -s cfg/jilu/sync.conf ] || fail "a sound setup was not written"
}
