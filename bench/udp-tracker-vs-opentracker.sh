#!/usr/bin/env bash
# UDP announces per second (BEP 15): `conn tracker` against Debian's opentracker, one after the other with the
# same load (bench/src/main/java/connectivity/bench/tracker/UdpAnnounceLoad.java: announces for 100000 distinct
# peers over 16 info-hashes, numwant 50, THREADS sockets each keeping WINDOW announces in flight), then the ratio.
# Usage: bench/udp-tracker-vs-opentracker.sh [SECONDS=10] [THREADS=2] [WINDOW=32]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tracker-bench.sh"
seconds="${1:-10}"
threads="${2:-2}"
window="${3:-32}"
needs opentracker python3
tracker_bench_setup
load() { udp_load "$1" "$2" "$threads" "$window"; }

# ours: TCP and UDP on one port number
ours_port=$(free_port)
conn_tracker "$ours_port"
load "$ours_port" 3 >/dev/null   # JIT warm-up
read -r ours ours_err _ < <(load "$ours_port" "$seconds")

ot_port=$(free_port)
opentracker_start "$ot_port"
load "$ot_port" 3 >/dev/null
read -r theirs theirs_err _ < <(load "$ot_port" "$seconds")

check_served ours "$ours" "$ours_err"
check_served opentracker "$theirs" "$theirs_err"

echo "UDP announces (BEP 15), $threads sockets x $window in flight, numwant 50, ${seconds}s each:"
echo "  conn tracker:  $ours announces/s"
echo "  opentracker:   $theirs announces/s"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "  ratio (ours/opentracker): %.2f\n", a / b }'
