#!/usr/bin/env bash
# bench/sync.sh — sync over loopback against a real OpenSSH sshd (issue 8
# item 8): records/s and MB/s of `jilu sync`, beside the raw throughput of
# the same sshd (`ssh … 'cat >/dev/null'`) and a bare libssh connect + auth
# + exec (`jilu sync probe`), all measured in this run. Figures go to stdout. Speed is measured,
# never asserted.
#
#   bench/sync.sh [RECORDS [MEDIA_MB]]     (defaults 100000 and 200)
#
# BENCH_STORE=FILE takes a copy of that device store (made by bench_store,
# kept with BENCH_KEEP=1) instead of making RECORDS records again.
#
# HQ's ingest is also measured apart from the channel: build/bench/
# sync_capture runs the same sync over two pipes (no ssh) and records what
# the device wrote; that recording is then fed to `jilu hq ingest` on stdin
# against an empty HQ (the replay), so the figure is HQ's work alone.
#
# Run from the top of the tree after `make` and the bench binaries (make
# bench does both). Everything lives in one temporary directory, removed at
# the end unless BENCH_KEEP=1.
set -euo pipefail
N=${1:-100000}
MB=${2:-200}
top=$(pwd)
J=$top/jilu
dir=$(mktemp -d /tmp/jilu-bench-sync.XXXXXX)
sshd_pid=
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
	if [ "${BENCH_KEEP:-}" = 1 ]; then echo "bench/sync.sh: kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

load0=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "${BENCH_STORE:-}" ]; then
	store=$dir/jilu.db
	sqlite3 "$BENCH_STORE" ".backup '$store'"
else
	echo "bench/sync.sh: $N records through the engine (bench_store) ..." >&2
	BENCH_KEEP=1 TMPDIR=$dir "$top/build/bench/bench_store" "$N" >/dev/null 2>"$dir/store.log"
	store=$(find "$dir" -name 'jilu.db' -size +1k | head -1)
	[ -n "$store" ] || { cat "$dir/store.log" >&2; exit 1; }
fi
device=$(sqlite3 "$store" "SELECT value FROM meta WHERE key = 'device'")

# HQ's ingest apart from the channel: record the device's stream over pipes
# (a copy of the store, so the sync over ssh below still sends everything),
# then replay it into an empty HQ, twice; the faster run counts.
echo "bench/sync.sh: HQ ingest replayed from a file ..." >&2
mkdir -p "$dir/cap" "$dir/rep"
sqlite3 "$store" ".backup '$dir/cap/dev.db'"
t0=$(now)
"$top/build/bench/sync_capture" "$dir/cap/dev.db" "$dir/cap/hq.db" "$J" "$dir/stream" >/dev/null
pipe_s=$(since "$t0")
rm -rf "$dir/cap"
rep_s=
for i in 1 2; do
	rm -rf "$dir/rep" && mkdir -p "$dir/rep"
	t0=$(now)
	"$J" hq ingest --db "$dir/rep/hq.db" --device "$device" <"$dir/stream" >"$dir/rep/out"
	s=$(since "$t0")
	grep -q '"t":"bye"' "$dir/rep/out" || { echo "bench/sync.sh: the replay did not end in bye" >&2; exit 1; }
	rep_s=$(awk -v a="$s" -v b="${rep_s:-1e9}" 'BEGIN { print (a < b ? a : b) }')
done
rm -rf "$dir/rep" "$dir/stream"

# sshd on a free port, its own host key, config and authorized_keys.
mkdir -p "$dir/ssh"
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/host"
for k in dev raw true; do ssh-keygen -q -t ed25519 -N '' -f "$dir/$k"; done
user=$(id -un)
for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 40000))
	cat >"$dir/ssh/config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $dir/ssh/host
PidFile $dir/ssh/pid
AuthorizedKeysFile $dir/ssh/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $user
CONF
	: >"$dir/ssh/log"
	/usr/sbin/sshd -D -e -f "$dir/ssh/config" 2>>"$dir/ssh/log" &
	sshd_pid=$!
	for i in $(seq 1 100); do grep -q "Server listening" "$dir/ssh/log" && break; sleep 0.05; done
	grep -q "Server listening" "$dir/ssh/log" && break
	kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; sshd_pid=
done
[ -n "$sshd_pid" ] || { echo "bench/sync.sh: sshd did not start" >&2; exit 1; }
{
	"$J" hq enroll "$device" --key "$dir/dev.pub" --db "$dir/hq.db"
	printf 'command="cat >/dev/null",restrict %s\n' "$(cut -d' ' -f1,2 "$dir/raw.pub")"
	printf 'command="true",restrict %s\n' "$(cut -d' ' -f1,2 "$dir/true.pub")"
} >"$dir/ssh/authorized_keys"
remote="ssh://$user@127.0.0.1:$port"
kh=$dir/known_hosts
fp=$(ssh-keygen -l -E sha256 -f "$dir/ssh/host.pub" | awk '{print $2}')
"$J" --db "$store" sync trust "$fp" --remote "$remote" --known-hosts "$kh" >/dev/null
sync() { "$J" --db "$store" sync --remote "$remote" --identity "$dir/dev" --known-hosts "$kh"; }

# The raw channel: the same sshd, OpenSSH's client with the cipher jilu
# prefers (AES-GCM), MB bytes into cat; the median of 3 (a single run on a
# shared machine says more about the others than about the channel).
raw() {
	head -c "${MB}M" /dev/zero | ssh -T -F /dev/null -c aes128-gcm@openssh.com -i "$dir/raw" \
		-o IdentitiesOnly=yes -o UserKnownHostsFile="$kh" -o StrictHostKeyChecking=yes \
		-p "$port" "$user@127.0.0.1" x
}
for i in 1 2 3; do
	t0=$(now); raw; since "$t0"; echo
done | sort -n | sed -n 2p >"$dir/raw_s"
raw_s=$(cat "$dir/raw_s")
# OpenSSH's own connect + auth + exec (of `true`), median of 5: the raw
# channel's figure holds it, as the media sync's holds libssh's.
for i in 1 2 3 4 5; do
	t0=$(now)
	ssh -T -F /dev/null -c aes128-gcm@openssh.com -i "$dir/true" -o IdentitiesOnly=yes \
		-o UserKnownHostsFile="$kh" -o StrictHostKeyChecking=yes -p "$port" "$user@127.0.0.1" x
	since "$t0"; echo
done | sort -n | sed -n 3p >"$dir/ssh_hand"
ssh_hand_s=$(cat "$dir/ssh_hand")

# The bare handshake: `jilu sync probe` (libssh connect, host key check,
# auth, exec of what HQ forces for the key: here `true`), median of 20.
for i in $(seq 1 20); do
	t0=$(now)
	"$J" --db "$store" sync probe --remote "$remote" --identity "$dir/true" --known-hosts "$kh" >/dev/null
	since "$t0"; echo
done | sort -n | sed -n 10p >"$dir/hand"
hand_ms=$(awk '{ printf "%.2f", $1 * 1000 }' "$dir/hand")

echo "bench/sync.sh: first sync of $N records ..." >&2
entries=$(sqlite3 "$store" "SELECT count(*) FROM ledger")
t0=$(now)
sync >/dev/null
rec_s=$(since "$t0")

echo "bench/sync.sh: $MB MB of media, 3 times ..." >&2
rid=$(sqlite3 "$store" "SELECT min(id) FROM records")
per=$((MB / 4))
# Each run sends 4 new media of MB/4 each; the median of 3 runs counts.
for r in 1 2 3; do
	for i in 1 2 3 4; do
		head -c "${per}M" /dev/urandom >"$dir/m$i.mp4"
		"$J" --db "$store" --as zhang media add "$rid" "$dir/m$i.mp4" --kind video >/dev/null
		rm -f "$dir/m$i.mp4"
	done
	t0=$(now)
	sync >/dev/null
	since "$t0"; echo
done | sort -n | sed -n 2p >"$dir/media_s"
media_s=$(cat "$dir/media_s")

# Nothing to send: the median of 10.
for i in $(seq 1 10); do
	t0=$(now); sync >/dev/null; since "$t0"; echo
done | sort -n | sed -n 5p >"$dir/idle"
idle_ms=$(awk '{ printf "%.2f", $1 * 1000 }' "$dir/idle")

"$J" hq verify --db "$dir/hq.db" >/dev/null

awk -v n="$entries" -v rs="$rec_s" -v rep="$rep_s" -v pipe="$pipe_s" \
    -v load0="$load0" -v load1="$(cut -d' ' -f1-3 /proc/loadavg)" -v mb="$((per * 4))" -v ms="$media_s" -v raw="$raw_s" \
    -v rmb="$MB" -v hand="$hand_ms" -v idle="$idle_ms" -v sshh="$ssh_hand_s" 'BEGIN {
	raw_rate = rmb * 1.048576 / raw
	media_rate = mb * 1.048576 / ms
	printf "| figure | measured | goal |\n| --- | --- | --- |\n"
	printf "| HQ ingest alone: %d entries replayed from a file into jilu hq ingest (best of 2) | %.2f s, %.0f entries/s | >= 50,000 /s |\n", n, rep, n / rep
	printf "| first sync over two pipes, no ssh (bench/sync_capture) | %.2f s, %.0f entries/s | - |\n", pipe, n / pipe
	printf "| first sync over ssh, %d entries (the whole jilu sync) | %.2f s, %.0f entries/s | HQ ingest >= 50,000 /s |\n", n, rs, n / rs
	printf "| raw channel: ssh ... cat >/dev/null, %d MB (median of 3) | %.1f MB/s | - |\n", rmb, raw_rate
	printf "| media sync, %d MB in 4 files (median of 3) | %.1f MB/s, %.0f %% of raw | >= 80 %% of raw |\n", mb, media_rate, 100 * media_rate / raw_rate
	raw_x = rmb * 1.048576 / (raw - sshh)
	media_x = mb * 1.048576 / (ms - hand / 1000)
	printf "| the same, each less its own handshake (OpenSSH %.0f ms; libssh, the probe below) | raw %.1f MB/s, media %.1f MB/s, %.0f %% | - |\n", sshh * 1000, raw_x, media_x, 100 * media_x / raw_x
	printf "| bare libssh connect + auth + exec: jilu sync probe (median of 20) | %.1f ms | - |\n", hand
	printf "| sync with nothing to send (median of 10, whole process) | %.1f ms, %.2fx the handshake | <= 1.2x |\n", idle, idle / hand
	printf "\nload average (1, 5, 15 min) at the start: %s; at the end: %s\n", load0, load1
}'
