# What the fuzzers found, replayed through the real program, and every input
# kept under fuzz/corpus/ replayed through the harnesses (fuzz/README.md).
#
# The replay drivers are the harnesses of fuzz/ built with the compiler of
# the build under test (gcc, or gcc with ASan and UBSan for `make asan`):
# `make cli` builds them and names their directory in JILU_REPLAY; run by
# hand, they are looked for in build/fuzz beside ./jilu, or in fuzz/ beside
# the jilu of another build directory (build-asan/jilu → build-asan/fuzz).

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

replay_dir() {
	local d
	if [ -n "${JILU_REPLAY:-}" ]; then
		echo "$JILU_REPLAY"
		return
	fi
	d=$(dirname "$JILU")
	if [ -d "$d/fuzz" ] && ls "$d"/fuzz/replay_* >/dev/null 2>&1; then
		echo "$d/fuzz"
	else
		echo "$d/build/fuzz"
	fi
}

# Replays every input of fuzz/corpus/HARNESS through that harness; fails when
# the driver is missing, finds nothing to replay, or any input fails.
replay() {
	local h=$1 bin corpus n
	bin="$(replay_dir)/replay_$h"
	corpus="$TOP/fuzz/corpus/$h"
	[ -x "$bin" ] || { fail "no replay driver $bin (make cli builds it)"; return; }
	n=$(find "$corpus" -type f | wc -l)
	[ "$n" -gt 0 ] || { fail "nothing to replay in $corpus"; return; }
	expect_exit 0 "$bin" "$corpus"
	expect_in "replayed $n inputs" "$OUT"
}

test_replay_corpus_shape() { replay shape; }
test_replay_corpus_form() { replay form; }
test_replay_corpus_datetime() { replay datetime; }
test_replay_corpus_canon() { replay canon; }
test_replay_corpus_args() { replay args; }
test_replay_corpus_text() { replay text; }
test_replay_corpus_body() { replay body; }
test_replay_corpus_hqsession() { replay hqsession; }
test_replay_corpus_devsync() { replay devsync; }
test_replay_corpus_ref() { replay ref; }
test_replay_corpus_conf() { replay conf; }

# Issue 11: a version beyond int's range was cast to int before it was
# checked (undefined behaviour: the ASan build stopped with a UBSan error).
test_forms_check_version_beyond_int_range_is_a_clear_error() {
	mkdir defs
	printf '{"id":"x","version":2222222222}' >defs/x.json
	expect_exit 2 jilu --lang en forms check defs
	expect_in 'x.json: $.version: must be an integer ≥ 1' "$ERR"
	expect_not_in "runtime error" "$ERR"
	expect_exit 2 jilu forms check defs
	expect_in '$.version: 须为不小于 1 的整数' "$ERR"
}

# The same for the other integer of a definition, a field's `min`.
test_forms_check_min_beyond_int_range_is_a_clear_error() {
	mkdir defs
	printf '%s' '{"id":"x","version":1,"title":{"zh":"x","en":"x"},"kinds":["penalty"],"requirements":["R18.1"],"fields":[{"id":"a","type":"list","label":{"zh":"a","en":"a"},"req":"R18.1","min":1e300}]}' >defs/x.json
	expect_exit 2 jilu --lang en forms check defs
	expect_in 'x.json: $.fields[0].min: must be a non-negative integer' "$ERR"
	expect_not_in "runtime error" "$ERR"
}
