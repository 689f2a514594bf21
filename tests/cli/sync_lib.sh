# tests/cli/sync_lib.sh — a real OpenSSH sshd on 127.0.0.1 for the sync tests.
#
# Sourced by tests/cli/test_sync*.sh. Nothing here uses a system sshd: each
# test starts its own, with its own host key, config and authorized_keys in
# $TEST_DIR, on a free port, and stops it by its pid.
#
#   sshd_start               starts sshd; sets SSHD_PORT, SSHD_PID, SSH_USER
#   sshd_stop                stops it (also run when the test's shell exits)
#   sshd_new_host_key        replaces the host key (a "changed host key")
#   make_key NAME            makes $TEST_DIR/NAME (ed25519, no passphrase)
#   enroll DEVICE KEY [DB]   adds `jilu hq enroll` 's line to authorized_keys
#   device_conf KEY          writes the device's sync.conf via `jilu sync setup`
#   trust_hq                 `jilu sync trust` with the fingerprint sshd has

SSHD=${SSHD:-/usr/sbin/sshd}

sshd_new_host_key() {
	rm -f "$TEST_DIR/ssh/host_ed25519" "$TEST_DIR/ssh/host_ed25519.pub"
	ssh-keygen -q -t ed25519 -N '' -C hq -f "$TEST_DIR/ssh/host_ed25519" || fail "ssh-keygen host"
}

# Under libfaketime (make test-future), a SetEnv line that gives HQ the
# test's clock: sshd hands its sessions a clean environment, and an HQ on
# the real clock would see every device's clock years off. Nothing otherwise.
sshd_clock_env() {
	case "${LD_PRELOAD:-}" in
	*faketime*) [ -n "${FAKETIME:-}" ] &&
		echo "SetEnv LD_PRELOAD=$LD_PRELOAD FAKETIME=$FAKETIME NO_FAKE_STAT=${NO_FAKE_STAT:-}" ;;
	esac
}

sshd_start() {
	local try port
	mkdir -p "$TEST_DIR/ssh"
	# Privilege separation needs its empty directory (a fresh CI machine
	# has none until the system sshd first ran).
	[ "$(id -u)" = 0 ] && mkdir -p /run/sshd && chmod 755 /run/sshd
	[ -f "$TEST_DIR/ssh/host_ed25519" ] || sshd_new_host_key
	touch "$TEST_DIR/ssh/authorized_keys"
	SSH_USER=$(id -un)
	for try in 1 2 3 4 5 6 7 8 9 10; do
		# A restart (a new host key) keeps the port the device was set up with.
		# (it is retried: the old listener may take a moment to let go).
		if [ -n "${SSHD_PORT:-}" ]; then port=$SSHD_PORT; [ "$try" = 1 ] || sleep 0.3
		else port=$((20000 + RANDOM % 40000)); fi
		cat >"$TEST_DIR/ssh/sshd_config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $TEST_DIR/ssh/host_ed25519
PidFile $TEST_DIR/ssh/sshd.pid
AuthorizedKeysFile $TEST_DIR/ssh/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $SSH_USER
MaxStartups 100
LogLevel VERBOSE
$(sshd_clock_env)
CONF
		# A fresh log: a restart must not take the old sshd's "listening"
		# line for its own (the old log is kept beside it).
		[ -s "$TEST_DIR/ssh/sshd.log" ] && cat "$TEST_DIR/ssh/sshd.log" >>"$TEST_DIR/ssh/sshd.old.log"
		: >"$TEST_DIR/ssh/sshd.log"
		"$SSHD" -D -e -f "$TEST_DIR/ssh/sshd_config" 2>>"$TEST_DIR/ssh/sshd.log" &
		SSHD_PID=$!
		local i
		for i in $(seq 1 200); do
			if grep -q "Server listening on 127.0.0.1 port $port" "$TEST_DIR/ssh/sshd.log" 2>/dev/null; then
				SSHD_PORT=$port
				trap sshd_stop EXIT
				return 0
			fi
			kill -0 "$SSHD_PID" 2>/dev/null || break
			sleep 0.05
		done
		kill "$SSHD_PID" 2>/dev/null; wait "$SSHD_PID" 2>/dev/null
		: >"$TEST_DIR/ssh/sshd.log"
	done
	fail "sshd did not start: $(cat "$TEST_DIR/ssh/sshd.log")"
	return 1
}

sshd_stop() {
	if [ -n "${SSHD_PID:-}" ]; then
		kill "$SSHD_PID" 2>/dev/null
		wait "$SSHD_PID" 2>/dev/null
		SSHD_PID=
	fi
}

# The SHA-256 fingerprint of the running sshd's host key, as ssh shows it.
sshd_fingerprint() {
	ssh-keygen -l -E sha256 -f "$TEST_DIR/ssh/host_ed25519.pub" | awk '{print $2}'
}

make_key() {
	ssh-keygen -q -t ed25519 -N '' -C "$1" -f "$TEST_DIR/$1" || fail "ssh-keygen $1"
}

# enroll DEVICE KEYNAME [HQDB]: HQ's line for the device, as `jilu hq enroll` prints it.
enroll() {
	local line
	line=$(jilu hq enroll "$1" --key "$TEST_DIR/$2.pub" --db "${3:-$TEST_DIR/hq.db}") || {
		fail "hq enroll $1"; return 1; }
	printf '%s\n' "$line" >>"$TEST_DIR/ssh/authorized_keys"
}

# device_conf KEYNAME: the device's sync.conf (XDG_CONFIG_HOME in the test dir).
device_conf() {
	export XDG_CONFIG_HOME="$TEST_DIR/config"
	jilu sync setup --remote "ssh://$SSH_USER@127.0.0.1:$SSHD_PORT" \
		--identity "$TEST_DIR/$1" --known-hosts "$TEST_DIR/known_hosts" >/dev/null ||
		fail "sync setup"
}

trust_hq() {
	jilu sync trust "$(sshd_fingerprint)" >/dev/null || fail "sync trust"
}
