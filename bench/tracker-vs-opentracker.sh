#!/usr/bin/env bash
# Announces per second: `conn tracker` against Debian's opentracker, one after the other with the same
# wrk load (bench/tracker-announce.lua), then the ratio. opentracker closes the connection after every
# answer while ours keeps it alive, so the load runs twice: as wrk sends it (keep-alive asked for), and
# with "Connection: close" on every announce, which puts both on an equal footing (and is what real
# clients do: one announce per connection every half hour).
# Usage: bench/tracker-vs-opentracker.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tracker-bench.sh"
duration="${1:-10}"
conns="${2:-64}"
needs wrk opentracker curl python3
tracker_bench_setup
# run_wrk PORT SECONDS CLOSE
run_wrk() { CONNECTION_CLOSE="$3" wrk -t2 -c"$conns" -d"$2"s -s "$here/bench/tracker-announce.lua" "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'; }

# ours
ours_port=$(free_port)
conn_tracker "$ours_port"
run_wrk "$ours_port" 3 0 >/dev/null   # JIT warm-up
ours=$(run_wrk "$ours_port" "$duration" 0)
ours_close=$(run_wrk "$ours_port" "$duration" 1)

ot_port=$(free_port)
opentracker_start "$ot_port"
run_wrk "$ot_port" 3 0 >/dev/null
theirs=$(run_wrk "$ot_port" "$duration" 0)
theirs_close=$(run_wrk "$ot_port" "$duration" 1)

# Sanity: both answered real announces, not failures.
probe="announce?info_hash=%00$(printf '%%AB%.0s' $(seq 19))&peer_id=-PR0001-000000000001&port=1&uploaded=0&downloaded=0&left=1&compact=1"
for p in "$ours_port" "$ot_port"; do
  curl -s "http://127.0.0.1:$p/$probe" | grep -q 'failure' && { echo "tracker on $p refused the probe" >&2; exit 1; }
done

echo "as sent by wrk (ours keeps connections alive, opentracker closes them):"
echo "  conn tracker:  $ours announces/s"
echo "  opentracker:   $theirs announces/s"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "  ratio (ours/opentracker): %.2f\n", a / b }'
echo "one announce per connection (Connection: close on both):"
echo "  conn tracker:  $ours_close announces/s"
echo "  opentracker:   $theirs_close announces/s"
awk -v a="$ours_close" -v b="$theirs_close" 'BEGIN { printf "  ratio (ours/opentracker): %.2f\n", a / b }'
