#!/usr/bin/env bash
# Announces per second: `conn tracker` against Debian's opentracker, one after the other with the same
# wrk load (bench/tracker-announce.lua), then the ratio. opentracker closes the connection after every
# answer while ours keeps it alive, so the load runs twice: as wrk sends it (keep-alive asked for), and
# with "Connection: close" on every announce, which puts both on an equal footing (and is what real
# clients do: one announce per connection every half hour).
# Usage: bench/tracker-vs-opentracker.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
duration="${1:-10}"
conns="${2:-64}"
for p in wrk opentracker; do command -v "$p" >/dev/null || { echo "needs $p" >&2; exit 1; }; done

work="$(mktemp -d)"
chmod 755 "$work"   # opentracker drops privileges when run as root
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listening on $1" >&2; exit 1; }
# run_wrk PORT SECONDS CLOSE
run_wrk() { CONNECTION_CLOSE="$3" wrk -t2 -c"$conns" -d"$2"s -s "$here/tracker-announce.lua" "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'; }

"$root/conn" --version >/dev/null   # builds the jar if needed, outside the timing

# ours
ours_port=$(free_port)
"$root/conn" tracker --port "$ours_port" >"$work/ours.log" 2>&1 &
pids+=($!)
wait_port "$ours_port"
run_wrk "$ours_port" 3 0 >/dev/null   # JIT warm-up
ours=$(run_wrk "$ours_port" "$duration" 0)
ours_close=$(run_wrk "$ours_port" "$duration" 1)

# opentracker, whitelisting the script's 16 info-hashes
for i in $(seq 0 15); do printf '%02x%s\n' "$i" "$(printf 'ab%.0s' $(seq 19))"; done >"$work/whitelist"
chmod 644 "$work/whitelist"
ot_port=$(free_port)
printf 'listen.tcp_udp 127.0.0.1:%s\naccess.whitelist %s\n' "$ot_port" "$work/whitelist" >"$work/opentracker.conf"
opentracker -f "$work/opentracker.conf" >"$work/ot.log" 2>&1 &
pids+=($!)
wait_port "$ot_port"
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
