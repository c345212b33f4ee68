#!/usr/bin/env bash
# UDP announces per second (BEP 15): `conn tracker` against Debian's opentracker, one after the other with the
# same load (bench/src/main/java/connectivity/bench/tracker/UdpAnnounceLoad.java: announces for 100000 distinct
# peers over 16 info-hashes, numwant 50, THREADS sockets each keeping WINDOW announces in flight), then the ratio.
# Usage: bench/udp-tracker-vs-opentracker.sh [SECONDS=10] [THREADS=2] [WINDOW=32]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
threads="${2:-2}"
window="${3:-32}"
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
load() { "$java" -cp "$cp" connectivity.bench.tracker.UdpAnnounceLoad "$1" "$2" "$threads" "$window"; }

# ours: TCP and UDP on one port number
ours_port=$(free_port)
"$java" -jar "$here/cli/target/conn.jar" tracker --port "$ours_port" >"$work/ours.log" 2>&1 &
pids+=($!)
wait_tcp "$ours_port"
load "$ours_port" 3 >/dev/null   # JIT warm-up
read -r ours ours_err _ < <(load "$ours_port" "$seconds")

# opentracker, whitelisting the generator's 16 info-hashes
for i in $(seq 0 15); do printf '%02x%s\n' "$i" "$(printf 'ab%.0s' $(seq 19))"; done >"$work/whitelist.txt"
chmod 644 "$work/whitelist.txt"
ot_port=$(free_port)
printf 'listen.udp 127.0.0.1:%s\nlisten.tcp 127.0.0.1:%s\naccess.whitelist whitelist.txt\ntracker.rootdir %s\ntracker.user nobody\n' \
  "$ot_port" "$ot_port" "$work" >"$work/opentracker.conf"
opentracker -f "$work/opentracker.conf" >"$work/ot.log" 2>&1 &
pids+=($!)
wait_tcp "$ot_port"
load "$ot_port" 3 >/dev/null
read -r theirs theirs_err _ < <(load "$ot_port" "$seconds")

# Both must have served announces, not refusals (an error or opentracker's bare 8-byte refusal counts as an error).
for r in "ours:$ours:$ours_err" "opentracker:$theirs:$theirs_err"; do
  IFS=: read -r name n e <<<"$r"
  awk -v n="$n" -v e="$e" 'BEGIN { exit !(n > 0 && e <= n / 100) }' || { echo "$name: $n announces/s but $e errors/s" >&2; exit 1; }
done

echo "UDP announces (BEP 15), $threads sockets x $window in flight, numwant 50, ${seconds}s each:"
echo "  conn tracker:  $ours announces/s"
echo "  opentracker:   $theirs announces/s"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "  ratio (ours/opentracker): %.2f\n", a / b }'
