# The ledger's format (schema 3) and the tamper gaps it closes (R22.3,
# DESIGN.md "The ledger"): a record's entry vouches for its data by SHA-256;
# the store's first entry names its device and creation time; opening an
# action and every roster change are entries; `verify` names every entry
# stamped earlier than the one before it, and catches officers edited or
# faked, a device id changed or removed, and the ledger's high-water mark
# deleted.
#
# The store every test builds (make_ledger), checked there entry by entry:
#   #1 init      device:T01 (2026-01-01)
#   #2 officer   zhang          #3 officer li          #4 officer wang
#   #5 open      action:1 by li (li only opens it)
#   #6 finalize  record:1 by zhang
#   #7 media     media:1 added by wang (wang only adds media)

q() { sqlite3 "$JILU_DB" "$@"; }
tamper() { sqlite3 "$JILU_DB" "$@" || fail "tamper sql failed: $*"; }

onsite() {
	local a=$1; shift
	jilu record new "$a" inspection.onsite started_at=2026-11-26T09:00 ended_at=2026-11-26T10:00 \
		"officers:=$OFFICERS2" "party:=$PARTY_CO" result=no_issue "av:=$AV_VIDEO" \
		"signatures:=$SIGS_INSPECTION" "$@"
}

make_ledger() {
	setup_store
	export JILU_NOW=2026-11-26T12:00:00+00:00
	jilu officer add wang --name 王五 --cert 13003 >/dev/null || fail "officer wang"
	A=$(jilu --as li action open inspection --title 超市检查) || fail "open"
	R=$(onsite "$A" place=某超市 situation=货架整齐 --finalize) || fail "record"
	seq 1 5000 >photo.jpg
	M=$(jilu --as wang media add "$R" photo.jpg --kind photo --captured-at 2026-11-26T08:50) ||
		fail "media"
	unset JILU_NOW
	expect_eq "1|init|device:T01 2|officer|officer:zhang 3|officer|officer:li 4|officer|officer:wang 5|open|action:1 6|finalize|record:1 7|media|media:1" \
		"$(q 'SELECT seq, kind, subject FROM ledger ORDER BY seq' | tr '\n' ' ' | sed 's/ $//')" "ledger"
	expect_exit 0 jilu verify
}

# Runs SQL as a careless program would (triggers in place): it must be
# refused with MESSAGE, and change nothing.
expect_refused() {
	local out
	if out=$(sqlite3 "$JILU_DB" "$1" 2>&1); then
		fail "not refused: $1"
	fi
	expect_in "$2" "$out"
}

expect_caught() {
	local what
	expect_exit 1 jilu --lang en verify
	for what in "$@"; do
		case "$ERR" in
		*"$what"*) ;;
		*) TEST_FAILED=1
		   printf '    FAIL %s: verify did not say %s:\n%s\n' "${FUNCNAME[1]}" "$what" "$ERR" >&2 ;;
		esac
	done
}

# --- item 9: the data by its SHA-256 -----------------------------------

test_record_entry_holds_the_data_sha256_not_a_copy() {
	make_ledger
	local body data
	body=$(q 'SELECT body FROM ledger WHERE seq = 6')
	data=$(q 'SELECT data FROM records WHERE id = 1' | tr -d '\n')
	expect_not_in "货架整齐" "$body"
	expect_not_in '"data":' "$body"
	expect_eq "$(printf '%s' "$data" | sha256sum | cut -c1-64)" \
		"$(q "SELECT json_extract(body, '\$.record.data_sha256') FROM ledger WHERE seq = 6")" \
		"data_sha256"
	# Still vouched for: the action, and who entered and finalised it.
	expect_eq "超市检查|li|张三|13001" \
		"$(q "SELECT json_extract(body, '\$.record.action.title'), json_extract(body, '\$.record.action.opened_by'),
		      json_extract(body, '\$.record.author.name'), json_extract(body, '\$.record.finalized_by.cert')
		      FROM ledger WHERE seq = 6")" "what the entry vouches for"
}

test_store_of_the_old_format_is_refused_and_left_alone() {
	# Schema 2: the format before the data went by its SHA-256.
	sqlite3 old.db "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
		INSERT INTO meta VALUES ('schema_version', '2'), ('device', 'T01');
		CREATE TABLE ledger(seq INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL,
		  kind TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
		  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
		PRAGMA user_version = 2;" || fail "old store"
	local before
	before=$(sha256sum old.db)
	expect_exit 4 jilu --db old.db --lang en verify
	expect_in "old pre-release format (schema 2" "$ERR"
	expect_exit 4 jilu --db old.db action list
	expect_in "旧的测试版格式" "$ERR"
	expect_exit 4 jilu --db old.db --lang en init --device T01
	expect_eq "$before" "$(sha256sum old.db)" "old store unchanged"
	expect_eq 2 "$(sqlite3 old.db 'PRAGMA user_version')" "schema"
}

# --- the store's start: device and creation time ------------------------

test_first_entry_names_the_device_and_creation_time() {
	JILU_NOW=2026-03-01T08:30:00+08:00 expect_exit 0 jilu init --device CL-T01
	expect_eq "1|init|device:CL-T01|CL-T01" "$(q 'SELECT seq, kind, subject, device FROM ledger')" "entry"
	expect_eq "CL-T01|2026-03-01T08:30:00+08:00|2026-03-01T08:30:00+08:00|9" \
		"$(q "SELECT json_extract(body, '\$.store.device'), json_extract(body, '\$.store.created_at'),
		      json_extract(body, '\$.at'), json_extract(body, '\$.store.schema') FROM ledger")" "body"
	expect_eq "2026-03-01T08:30:00+08:00" "$(q "SELECT value FROM meta WHERE key = 'created_at'")" "meta"
	# Running init again changes nothing.
	expect_exit 0 jilu init --device CL-T01
	expect_eq 1 "$(q 'SELECT count(*) FROM ledger')" "entries"
	expect_exit 0 jilu verify
	expect_in "1 条存证链记录" "$OUT"
}

test_device_id_changed_is_caught() {
	make_ledger
	tamper "UPDATE meta SET value = 'T99' WHERE key = 'device'"
	expect_caught "ledger #1" "device id T99 is not T01"
}

test_device_id_deleted_fails_verify_and_init_under_another_id_is_refused() {
	make_ledger
	tamper "DELETE FROM meta WHERE key = 'device'"
	expect_caught "ledger #1" "device id was removed"
	expect_exit 4 jilu --lang en init --device T02
	expect_in "the first of device T01" "$ERR"
	expect_eq "" "$(q "SELECT value FROM meta WHERE key = 'device'")" "no device id adopted"
	# Set by hand instead: still caught.
	tamper "INSERT INTO meta VALUES ('device', 'T02')"
	expect_caught "ledger #1" "device id T02 is not T01"
}

test_creation_time_changed_is_caught() {
	make_ledger
	tamper "UPDATE meta SET value = '2020-01-01T00:00:00+08:00' WHERE key = 'created_at'"
	expect_caught "ledger #1" "made 2020-01-01"
}

test_first_entry_deleted_fails_verify() {
	make_ledger
	tamper "DROP TRIGGER ledger_not_deleted; DELETE FROM ledger WHERE seq = 1"
	expect_caught "ledger #1" "missing"
}

test_whole_ledger_deleted_fails_verify() {
	make_ledger
	tamper "DROP TRIGGER ledger_not_deleted; DELETE FROM ledger;
		DELETE FROM sqlite_sequence WHERE name = 'ledger'"
	expect_caught "the ledger is empty: the store's start (device T01) was deleted"
}

# --- sqlite_sequence -------------------------------------------------------

test_ledger_high_water_mark_deleted_is_caught() {
	make_ledger
	tamper "DELETE FROM sqlite_sequence WHERE name = 'ledger'"
	expect_caught "high-water mark (its sqlite_sequence row) was deleted"
}

test_tail_cut_with_the_high_water_mark_deleted_is_caught() {
	make_ledger
	tamper "DROP TRIGGER ledger_not_deleted; DROP TRIGGER media_not_deleted;
		DELETE FROM ledger WHERE seq = 7; DELETE FROM media WHERE id = 1;
		DELETE FROM sqlite_sequence WHERE name = 'ledger'"
	expect_caught "sqlite_sequence row) was deleted"
}

test_ledger_high_water_mark_lowered_is_caught() {
	make_ledger
	tamper "UPDATE sqlite_sequence SET seq = 3 WHERE name = 'ledger'"
	expect_caught "lowered to #3, below its last entry #7"
}

# --- times going backwards -------------------------------------------------

test_entries_stamped_earlier_than_the_one_before_are_each_named() {
	make_ledger
	# A roster change stamped 2020, then a close stamped 2019, after records
	# of 2026. (A record cannot be stamped so: its own times would be ahead
	# of the clock.)
	JILU_NOW=2020-05-01T10:00:00+08:00 expect_exit 0 jilu --lang en officer add zhao --name 赵六 --cert 13004
	expect_in "warning: this device's clock (2020-05-01T10:00:00+08:00) is behind the last ledger entry" "$ERR"
	expect_in "ledger #8" "$ERR"
	expect_eq 1 "$(q "SELECT count(*) FROM officers WHERE id = 'zhao'")" "stored all the same"
	JILU_NOW=2019-01-01T10:00:00+08:00 expect_exit 0 jilu action close "$A" --force --reason 测试
	expect_in "早于上一条存证链记录" "$ERR"
	expect_eq 1 "$(q 'SELECT count(*) FROM actions WHERE closed_at IS NOT NULL')" "closed all the same"
	# A write on time again: no warning.
	JILU_NOW=2026-11-27T10:00:00+08:00 expect_exit 0 jilu action open fee
	expect_eq "" "$ERR" "no warning"
	expect_caught "ledger #8" "stamped 2020-05-01T10:00:00+08:00, earlier than 2026-11-26T12:00:00+00:00 of ledger #7" \
		"ledger #9" "stamped 2019-01-01T10:00:00+08:00, earlier than 2020-05-01T10:00:00+08:00 of ledger #8"
	expect_not_in "ledger #10" "$ERR"
}

# --- the roster ------------------------------------------------------------

test_roster_changes_are_entries_that_vouch_for_the_row() {
	make_ledger
	expect_eq "wang|王五|13003|officer|zhang|4" \
		"$(q "SELECT json_extract(body, '\$.officer.id'), json_extract(body, '\$.officer.name'),
		      json_extract(body, '\$.officer.cert'), json_extract(body, '\$.officer.role'),
		      json_extract(body, '\$.by'), seq FROM ledger WHERE subject = 'officer:wang'")" "entry"
	expect_eq 4 "$(q "SELECT ledger_seq FROM officers WHERE id = 'wang'")" "row names its entry"
	# The program refuses to change a vouched-for row without an entry.
	expect_refused "UPDATE officers SET name = '王六' WHERE id = 'wang'" "roster changes are ledger entries"
	expect_refused "DELETE FROM officers WHERE id = 'wang'" "officers are never deleted"
	expect_eq "王五" "$(q "SELECT name FROM officers WHERE id = 'wang'")" "unchanged"
}

test_role_change_is_an_entry_and_setting_it_back_by_hand_is_caught() {
	make_ledger
	expect_exit 0 jilu --lang en officer role li supervisor
	expect_eq "8|officer|officer:li|supervisor|zhang" \
		"$(q "SELECT seq, kind, subject, json_extract(body, '\$.officer.role'), json_extract(body, '\$.by')
		      FROM ledger WHERE seq = 8")" "entry"
	expect_eq "supervisor|8" "$(q "SELECT role, ledger_seq FROM officers WHERE id = 'li'")" "row"
	expect_exit 0 jilu verify
	# The same role again: no entry. An unknown one: refused, nothing stored.
	expect_exit 0 jilu officer role li supervisor
	expect_exit 2 jilu --lang en officer role li boss
	expect_in "unknown role boss" "$ERR"
	expect_exit 2 jilu officer role nobody head
	expect_eq 8 "$(q 'SELECT count(*) FROM ledger')" "entries"
	# The row set back to what the earlier entry says, entry and all.
	tamper "DROP TRIGGER officers_vouched_kept;
		UPDATE officers SET role = 'officer', ledger_seq = 3, changed_at = created_at,
		changed_by = 'zhang' WHERE id = 'li'"
	expect_caught "ledger #8" "officer li's roster row was set back to before ledger #8"
}

test_officer_who_only_opened_an_action_renamed_is_caught() {
	make_ledger
	# li opened action 1 and did nothing else.
	tamper "DROP TRIGGER officers_vouched_kept; UPDATE officers SET name = '李五' WHERE id = 'li'"
	expect_caught "ledger #3" "officer li's name, certificate or role differs"
}

test_officer_who_only_added_media_with_a_new_certificate_is_caught() {
	make_ledger
	tamper "DROP TRIGGER officers_vouched_kept; UPDATE officers SET cert = '99999' WHERE id = 'wang'"
	expect_caught "ledger #4" "officer wang's name, certificate or role differs"
}

test_officer_who_only_closed_an_action_renamed_is_caught() {
	make_ledger
	expect_exit 0 jilu --as wang action close "$A" --force --reason 测试
	tamper "DROP TRIGGER officers_vouched_kept; UPDATE officers SET name = '王六' WHERE id = 'wang'"
	expect_caught "ledger #4" "officer wang"
}

test_role_changed_is_caught() {
	make_ledger
	tamper "DROP TRIGGER officers_vouched_kept; UPDATE officers SET role = 'admin' WHERE id = 'li'"
	expect_caught "ledger #3" "officer li's name, certificate or role differs"
}

test_fake_officer_added_is_caught() {
	make_ledger
	tamper "INSERT INTO officers(id, name, cert, role, created_at) VALUES
		('ghost', '赵六', '13009', 'head', '2026-11-26T09:00:00+08:00')"
	expect_caught "officer ghost has no roster entry"
}

test_fake_officer_pointing_at_another_roster_entry_is_caught() {
	make_ledger
	tamper "INSERT INTO officers(id, name, cert, role, created_at, changed_at, ledger_seq) VALUES
		('ghost', '王五', '13009', 'officer', '2026-11-26T09:00:00+08:00', '2026-11-26T09:00:00+08:00', 4)"
	expect_caught "officer ghost has no roster entry"
}

test_officer_deleted_who_opened_an_action_is_caught() {
	make_ledger
	tamper "DROP TRIGGER officers_not_deleted; DELETE FROM officers WHERE id = 'li'"
	expect_caught "ledger #3" "officer li is missing"
}

test_roster_row_pointed_at_an_earlier_entry_is_caught() {
	make_ledger
	# li's row made to name an entry before li's own (zhang's): set back.
	tamper "DROP TRIGGER officers_vouched_kept; UPDATE officers SET ledger_seq = 2 WHERE id = 'li'"
	expect_caught "ledger #3" "officer li's roster row was set back to before ledger #3"
}

# --- opening an action -------------------------------------------------------

test_opening_an_action_is_an_entry() {
	make_ledger
	expect_eq "open|action:1|li|超市检查|inspection|5" \
		"$(q "SELECT kind, subject, json_extract(body, '\$.action.opened_by'),
		      json_extract(body, '\$.action.title'), json_extract(body, '\$.action.kind'), seq
		      FROM ledger WHERE kind = 'open'")" "entry"
	expect_eq 5 "$(q 'SELECT open_seq FROM actions WHERE id = 1')" "row names its entry"
	# What opening vouches for cannot be changed by the program.
	expect_refused "UPDATE actions SET title = '别的' WHERE id = 1" "what opened an action is immutable"
}

test_action_inserted_without_its_opening_is_caught() {
	make_ledger
	tamper "INSERT INTO actions(kind, title, device, opened_by, opened_at) VALUES
		('penalty', '伪造', 'T01', 'zhang', '2026-11-26T09:00:00+08:00')"
	expect_caught "action 2 has no ledger entry for its opening"
}

test_open_action_retitled_is_caught_at_its_opening() {
	make_ledger
	tamper "DROP TRIGGER actions_opened_kept; UPDATE actions SET title = '别的检查' WHERE id = 1"
	expect_caught "ledger #5" "action 1 differs from what was opened"
}
