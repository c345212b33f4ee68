#!/usr/bin/env bash
# Call set-up through the rendezvous: in memory, one instance on Redis, and two instances on one Redis (callers on
# the first, callees on the second, so every set-up crosses the signal stream), in one run with the same load
# (CallSetupLoad: PAIRS callers each dialling its own callee in a loop, direct path, hung up once up). Prints calls/s,
# median and p90 set-up time, Redis commands sent per call, and the ratio two instances / one instance.
# Usage: bench/call-setup-redis.sh [SECONDS=10] [PAIRS=8]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
pairs="${2:-8}"
for p in redis-server redis-cli python3; do command -v "$p" >/dev/null || { echo "needs $p" >&2; exit 1; }; done
java=""
for j in /usr/lib/jvm/*/bin/java; do
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${v%%.*}" -ge 21 ] 2>/dev/null && java="$j" && break
done
[ -n "$java" ] || { echo "no Java 21+ found" >&2; exit 1; }
(cd "$here" && mvn -q -B ${MVN_OFFLINE:-} -DskipTests -pl cli,bench -am package >&2)
cp="$here/cli/target/conn.jar:$here/bench/target/classes"

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_tcp() { for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listening on $1" >&2; exit 1; }

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
wait_tcp "$redis_port"

"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.redis.clients.jedis=error -cp "$cp" \
  connectivity.bench.call.CallSetupLoad "redis://127.0.0.1:$redis_port" "$pairs" "$seconds" >"$work/out.txt"

echo "call set-up (dial to established call, direct path, hung up at once), $pairs callers in a loop, ${seconds}s each, $(nproc) cores:"
printf '  %-20s %7s %9s %11s %9s %15s\n' "rendezvous" "calls" "calls/s" "median ms" "p90 ms" "Redis cmds/call"
while IFS='|' read -r name n rate median p90 cmds; do
  printf '  %-20s %7s %9s %11s %9s %15s\n' "$name" "$n" "$rate" "$median" "$p90" "$cmds"
done <"$work/out.txt"
awk -F'|' '/redis, 1/ { r1 = $3; m1 = $4 } /redis, 2/ { r2 = $3; m2 = $4 }
  END { printf "  ratio 2 instances / 1 instance: calls/s %.2f, median set-up %.2f\n", r2 / r1, m2 / m1 }' "$work/out.txt"
