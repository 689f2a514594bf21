#!/usr/bin/env bash
# bench/bench_keys.sh — "a key press never waits on the disk" (issue 7,
# item 9): key-press latency in the editor of a 20,000-character transcript
# while another process keeps the store's disk busy with synchronous writes,
# and a trace of the screens' system calls proving that typing inside a
# field writes nothing to the store and syncs nothing until the field is
# left.
#
# Prints the median and p99 of the time from a key written to the terminal
# until the screens echo it (bench/bench_keys.c, on a pseudo-terminal),
# beside the goal p99 < 16 ms (one frame at 60 Hz); then the count of
# fsync/fdatasync calls and of writes to the store's files (jilu.db, -wal,
# -journal) while typing (goal 0) and after the field was left (the save:
# at least 1, so the trace would have seen them). Needs strace (.ci/deps).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
J="$here/jilu"
DRIVER="$here/build/bench/bench_keys"
N=${BENCH_KEYS:-400}
work=$(mktemp -d "${TMPDIR:-/tmp}/jilu-bench-keys.XXXXXX")
busy=
trap '[ -n "$busy" ] && kill "$busy" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
export JILU_DB="$work/jilu.db"
"$J" init --device B01 >/dev/null
"$J" officer add zhang --name 张三 --cert 13001 >/dev/null
a=$("$J" --as zhang action open inspection --title bench)
export LC_ALL=C.UTF-8
unit="冷藏柜温度正常，标签齐全。" # 13 characters
text=$(for _ in $(seq 1 1539); do printf '%s' "$unit"; done)
text=${text:0:20000}
"$J" --as zhang record new "$a" inspection.onsite "situation=$text" >/dev/null

# The disk kept busy: synchronous 1 MB writes beside the store, all along.
( while :; do dd if=/dev/zero of="$work/busy" bs=1M count=16 oflag=dsync 2>/dev/null; done ) &
busy=$!

echo "bench_keys: typing $N keys into a 20,000-character field (strace on) ..." >&2
out=$("$DRIVER" "$N" /usr/bin/strace -f -tt -y -e trace=fsync,fdatasync,write,pwrite64,writev,pwritev \
	-o "$work/trace" "$J" --lang en --as zhang)
echo "$out" | grep -q '^keys' || { echo "bench_keys: the driver failed: $out" >&2; exit 1; }
echo "bench_keys: again without strace, for the latency ..." >&2
plain=$("$DRIVER" "$N" "$J" --lang en --as zhang)
kill "$busy" 2>/dev/null; busy=

from=$(echo "$out" | sed -n 's/^typing_from \([0-9.]*\) typing_to .*/\1/p')
to=$(echo "$out" | sed -n 's/.* typing_to \([0-9.]*\)$/\1/p')
left=$(echo "$out" | sed -n 's/^left_at //p')
# strace -tt prints wall-clock HH:MM:SS.us; the driver CLOCK_REALTIME seconds.
hms() { date -d "@${1%.*}" +%H:%M:%S.${1#*.}; }
f=$(hms "$from"); t=$(hms "$to"); l=$(hms "$left")
store_calls() { # the trace lines from $1 to $2 that sync or write the store
	awk -v a="$1" -v b="$2" '$2 >= a && $2 < b' "$work/trace" |
		grep -E 'fsync|fdatasync|(write|pwrite64|writev|pwritev)\([0-9]+<[^>]*jilu\.db' | wc -l
}
typing=$(store_calls "$f" "$t")
after=$(store_calls "$l" "99:99:99")
read -r _ n _ med _ p99 _ max <<<"$(echo "$plain" | grep '^keys')"
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
printf '%-54s %7s ms   goal p99 < 16 ms\n' "key to echo, 20,000-char field, busy disk: median" "$(ms "$med")"
printf '%-54s %7s ms   (max %s ms, %d keys)\n' "key to echo, 20,000-char field, busy disk: p99" "$(ms "$p99")" "$(ms "$max")" "$n"
printf '%-54s %7d      goal 0\n' "store writes + fsyncs while typing in the field" "$typing"
printf '%-54s %7d      (the save: > 0)\n' "store writes + fsyncs once the field is left" "$after"
