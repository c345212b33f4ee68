#!/usr/bin/env bash
# CPU per UDP announce (BEP 15): the tracker process's utime+stime (/proc/PID/stat, in clock ticks) per 1000
# announces, `conn tracker` against Debian's opentracker under the same load as udp-tracker-vs-opentracker.sh.
# Unlike announces per second it hardly moves when other work shares the machine, so it tells one change from
# another on a busy box. Prints both, user time apart, and the ratio (ours/opentracker: lower is better).
# Usage: bench/udp-tracker-cpu-vs-opentracker.sh [SECONDS=6] [ROUNDS=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-6}"
rounds="${2:-2}"
command -v opentracker >/dev/null || { echo "needs opentracker" >&2; exit 1; }
java=""
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
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_tcp() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listening on $1" >&2; exit 1; }
load() { "$java" -cp "$cp" connectivity.bench.tracker.UdpAnnounceLoad "$1" "$2"; }
ticks() { awk '{print $14 + $15, $14}' "/proc/$1/stat"; }

# Prints "TICKS_PER_1000 USER_TICKS_PER_1000" over all rounds for the tracker process $1 on port $2.
measure() {
  local pid=$1 port=$2 t0 u0 t1 u1 n total=0 count=0 user=0
  load "$port" 3 >/dev/null   # JIT warm-up (and opentracker's swarms filled alike)
  for _ in $(seq "$rounds"); do
    read -r t0 u0 < <(ticks "$pid")
    read -r n _ < <(load "$port" "$seconds")
    read -r t1 u1 < <(ticks "$pid")
    total=$((total + t1 - t0)); user=$((user + u1 - u0)); count=$(awk -v c="$count" -v n="$n" -v s="$seconds" 'BEGIN { printf "%.0f", c + n * (s + 1) }')
  done
  # The load counts announces after its one-second warm-up; the tracker served at about that rate then too.
  awk -v t="$total" -v u="$user" -v c="$count" 'BEGIN { if (c == 0) exit 1; printf "%.3f %.3f\n", t * 1000 / c, u * 1000 / c }'
}

ours_port=$(free_port)
"$java" -jar "$here/cli/target/conn.jar" tracker --port "$ours_port" >"$work/ours.log" 2>&1 &
pids+=($!)
wait_tcp "$ours_port"
read -r ours ours_user < <(measure "${pids[0]}" "$ours_port")

for i in $(seq 0 15); do printf '%02x%s\n' "$i" "$(printf 'ab%.0s' $(seq 19))"; done >"$work/whitelist.txt"
chmod 644 "$work/whitelist.txt"
ot_port=$(free_port)
printf 'listen.udp 127.0.0.1:%s\nlisten.tcp 127.0.0.1:%s\naccess.whitelist whitelist.txt\ntracker.rootdir %s\ntracker.user nobody\n' \
  "$ot_port" "$ot_port" "$work" >"$work/opentracker.conf"
opentracker -f "$work/opentracker.conf" >"$work/ot.log" 2>&1 &
pids+=($!)
wait_tcp "$ot_port"
read -r theirs theirs_user < <(measure "${pids[1]}" "$ot_port")

echo "CPU per 1000 UDP announces (clock ticks of $(getconf CLK_TCK)/s), numwant 50, ${rounds}x${seconds}s each:"
echo "  conn tracker:  $ours (user $ours_user)"
echo "  opentracker:   $theirs (user $theirs_user)"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "  ratio (ours/opentracker, lower is better): %.2f\n", a / b }'
