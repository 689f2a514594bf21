#!/usr/bin/env bash
# bench/bench_screens.sh — the screens against DESIGN.md's goals, on a store
# of N actions of one final record each (default 100,000, made by
# bench_store through the real engine):
#
#   time from exec to the first painted home screen (goal < 50 ms), beside
#   the same measure of a program that paints the same line at once (what
#   tmux and the polling cost);
#   peak RSS of the screens while scrolling 300 rows down the home list
#   (goal < 16 MB).
#
# Figures go to stdout. BENCH_SCREENS_STORE=DIR reuses a store bench_store
# kept (BENCH_KEEP=1). Needs tmux and /usr/bin/time (.ci/deps).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
J="$here/jilu"
work=$(mktemp -d /tmp/jilu-bench-screens.XXXXXX)
trap 'for s in "$work"/*.sock; do tmux -S "$s" kill-server 2>/dev/null; done; rm -rf "$work" ${made:+"$made"}' EXIT
trap 'exit 130' INT TERM # the EXIT trap then cleans up
made=
dir=${BENCH_SCREENS_STORE:-}
if [ -z "$dir" ]; then
	echo "bench_screens: making a store of $n actions (bench_store $n 1) ..." >&2
	dir=$(BENCH_KEEP=1 "$here/build/bench/bench_store" "$n" 1 2>&1 >/dev/null |
		sed -n 's/^bench_store: kept //p')
	[ -d "$dir" ] || { echo "bench_screens: bench_store kept no store" >&2; exit 1; }
	made=$dir
fi
db="$dir/jilu.db"
now_ms() { date +%s%N | cut -b1-13; }

# Milliseconds from starting CMD in tmux until TEXT is on its screen.
runs=0
paint_ms() {
	local text=$1; shift
	local t0 t1 sock="$work/p$((runs += 1)).sock"
	t0=$(now_ms)
	# Not on our stdout: the server would hold the $(...) that reads it open.
	tmux -S "$sock" -f /dev/null new-session -d -x 80 -y 24 "$*" </dev/null >/dev/null 2>&1
	until tmux -S "$sock" capture-pane -p 2>/dev/null | grep -qF "$text"; do
		[ $(( $(now_ms) - t0 )) -gt 10000 ] && { echo "bench_screens: no paint of $text" >&2; exit 1; }
	done
	t1=$(now_ms)
	tmux -S "$sock" kill-server 2>/dev/null || true
	echo $((t1 - t0))
}

env="env LANG=C.UTF-8 TERM=screen JILU_DB=$db"
best_app=99999 best_base=99999
echo "bench_screens: first paint ..." >&2
for i in 1 2 3 4 5; do
	a=$(paint_ms "bench" "$env $J --as zhang"); runs=$((runs + 1))
	b=$(paint_ms "bench" "printf '%s\n' '未结的执法活动 bench'; sleep 10"); runs=$((runs + 1))
	[ "$a" -lt "$best_app" ] && best_app=$a
	[ "$b" -lt "$best_base" ] && best_base=$b
done

# Peak RSS: paint, scroll 306 rows (17 pages of 18; seven pages of 50 read
# from the store), leave.
echo "bench_screens: peak RSS ..." >&2
tmux -S "$work/t.sock" -f /dev/null new-session -d -x 80 -y 24 \
	"/usr/bin/time -f %M -o $work/rss $env $J --as zhang" </dev/null >/dev/null 2>&1
until tmux -S "$work/t.sock" capture-pane -p | grep -qF "bench"; do sleep 0.01; done
for i in $(seq 1 17); do tmux -S "$work/t.sock" send-keys NPage; done
until tmux -S "$work/t.sock" capture-pane -p | grep -qF "307/350"; do sleep 0.05; done
tmux -S "$work/t.sock" send-keys q
until [ -s "$work/rss" ]; do sleep 0.05; done
rss=$(tail -1 "$work/rss")

printf 'screens, %s actions of one record each:\n' "$n"
printf '  exec to first painted home screen   %4d ms (best of 5; tmux and polling alone: %d ms; goal < 50 ms)\n' \
	"$best_app" "$best_base"
printf '  peak RSS, home scrolled 306 rows    %4d KB (goal < 16 MB)\n' "$rss"
