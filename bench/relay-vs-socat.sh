#!/usr/bin/env bash
# Relay throughput on 127.0.0.1: our `conn relay` against socat forwarding the same framed traffic,
# for one call and for 100 concurrent calls. Prints MiB/s for each and the ratio ours/socat.
#   bench/relay-vs-socat.sh [MIB_ONE_CALL=1024] [MIB_EACH_OF_100=16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
one=${1:-1024}
each=${2:-16}
command -v socat >/dev/null || { echo "socat is not installed" >&2; exit 1; }
java=""
for j in /usr/lib/jvm/*/bin/java; do
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${v%%.*}" -ge 21 ] 2>/dev/null && java="$j" && break
done
[ -n "$java" ] || { echo "no Java 21+ found" >&2; exit 1; }
(cd "$here" && mvn -q -B ${MVN_OFFLINE:-} -DskipTests -pl cli,bench -am package >&2)
cp="$here/cli/target/conn.jar:$here/bench/target/classes"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
relay_port=$(free_port); socat_port=$(free_port); sink_port=$(free_port)

"$java" -jar "$here/cli/target/conn.jar" relay --bind 127.0.0.1 --port "$relay_port" --secret-file "$work/secret" \
  --max-sessions 1000 --max-sessions-per-user 1000 --max-bytes 1099511627776 > "$work/relay.log" 2>&1 &
pids+=($!)
socat TCP-LISTEN:"$socat_port",bind=127.0.0.1,reuseaddr,fork,backlog=1024 TCP:127.0.0.1:"$sink_port" &
pids+=($!)
for _ in $(seq 100); do grep -q "relay listening" "$work/relay.log" 2>/dev/null && break; sleep 0.1; done

run() { "$java" -cp "$cp" connectivity.bench.call.RelayVsSocat "$@"; }
printf "%-28s %12s %12s %8s\n" "case" "relay MiB/s" "socat MiB/s" "ratio"
for spec in "1 $one" "100 $each"; do
  set -- $spec
  ours=$(run relay 127.0.0.1 "$relay_port" "$work/secret" "$1" "$2")
  theirs=$(run socat "$socat_port" "$sink_port" "$1" "$2")
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
  printf "%-28s %12s %12s %8s\n" "$1 call(s) x $2 MiB" "$ours" "$theirs" "$ratio"
done
