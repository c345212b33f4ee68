# Shared by the tracker benches (bench/tracker-vs-opentracker.sh, bench/udp-tracker-*.sh; sourced, not run): Java 21+,
# the build, a scratch folder removed at exit with every process started in it, free ports, waiting for one,
# `conn tracker` and Debian's opentracker started alike, and the UDP load generator.

# tracker_bench_setup: sets here (the repository), java, cp (conn.jar and the bench classes, built if needed),
# work (a scratch folder) and pids (stopped at exit, then work removed).
tracker_bench_setup() {
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  java=""
  local j v
  for j in /usr/lib/jvm/*/bin/java; do
    v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    [ "${v%%.*}" -ge 21 ] 2>/dev/null && java="$j" && break
  done
  [ -n "$java" ] || { echo "no Java 21+ found" >&2; exit 1; }
  (cd "$here" && mvn -q -B ${MVN_OFFLINE:-} -DskipTests -pl cli,bench -am package >&2)
  cp="$here/cli/target/conn.jar:$here/bench/target/classes"
  work="$(mktemp -d)"
  chmod 755 "$work"   # opentracker run as root chroots here and drops to nobody
  pids=()
  trap tracker_bench_cleanup EXIT
}

tracker_bench_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}

# needs CMD...: exits with one line unless every command is on PATH.
needs() {
  local c
  for c in "$@"; do command -v "$c" >/dev/null || { echo "needs $c" >&2; exit 1; }; done
}

# free_port: a port number free for both UDP and TCP on 127.0.0.1 (the trackers listen on both).
free_port() {
  python3 -c '
import socket
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); p = u.getsockname()[1]
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        t.close(); u.close()'
}

# wait_tcp PORT: until something accepts on PORT (90 s at most).
wait_tcp() {
  for _ in $(seq 900); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listening on $1" >&2; exit 1
}

# conn_tracker PORT [OPTIONS...]: starts `conn tracker` (HTTP and UDP on PORT), waits for it; its pid is the last of pids.
conn_tracker() {
  local port="$1"; shift
  "$java" -jar "$here/cli/target/conn.jar" tracker --port "$port" "$@" >"$work/tracker-$port.log" 2>&1 &
  pids+=($!)
  wait_tcp "$port"
}

# opentracker_start PORT: starts opentracker on PORT (UDP and TCP), whitelisting the loads' 16 info-hashes (byte 0 is
# 0..15, the rest 0xAB), and waits for it; its pid is the last of pids.
opentracker_start() {
  local i
  for i in $(seq 0 15); do printf '%02x%s\n' "$i" "$(printf 'ab%.0s' $(seq 19))"; done >"$work/whitelist.txt"
  chmod 644 "$work/whitelist.txt"
  printf 'listen.udp 127.0.0.1:%s\nlisten.tcp 127.0.0.1:%s\naccess.whitelist whitelist.txt\ntracker.rootdir %s\ntracker.user nobody\n' \
    "$1" "$1" "$work" >"$work/opentracker.conf"
  opentracker -f "$work/opentracker.conf" >"$work/ot.log" 2>&1 &
  pids+=($!)
  wait_tcp "$1"
}

# udp_load PORT[,PORT...] SECONDS [THREADS [WINDOW]]: UdpAnnounceLoad's "ANNOUNCES_PER_SECOND ERRORS_PER_SECOND REPLIES".
udp_load() {
  "$java" -cp "$cp" connectivity.bench.tracker.UdpAnnounceLoad "$@"
}

# check_served NAME RATE ERRORS: each tracker must have served announces, not refusals (an error or opentracker's bare
# 8-byte refusal counts as an error).
check_served() {
  awk -v n="$2" -v e="$3" 'BEGIN { exit !(n > 0 && e <= n / 100) }' || { echo "$1: $2 announces/s but $3 errors/s" >&2; exit 1; }
}
