#!/usr/bin/env bash
# CPU per UDP announce (BEP 15): the tracker process's utime+stime (/proc/PID/stat, in clock ticks) per 1000
# announces, `conn tracker` against Debian's opentracker under the same load as udp-tracker-vs-opentracker.sh.
# Unlike announces per second it hardly moves when other work shares the machine, so it tells one change from
# another on a busy box. Prints both, user time apart, and the ratio (ours/opentracker: lower is better).
# Usage: bench/udp-tracker-cpu-vs-opentracker.sh [SECONDS=6] [ROUNDS=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tracker-bench.sh"
seconds="${1:-6}"
rounds="${2:-2}"
needs opentracker python3
tracker_bench_setup
load() { udp_load "$1" "$2"; }
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
conn_tracker "$ours_port"
read -r ours ours_user < <(measure "${pids[0]}" "$ours_port")

ot_port=$(free_port)
opentracker_start "$ot_port"
read -r theirs theirs_user < <(measure "${pids[1]}" "$ot_port")

echo "CPU per 1000 UDP announces (clock ticks of $(getconf CLK_TCK)/s), numwant 50, ${rounds}x${seconds}s each:"
echo "  conn tracker:  $ours (user $ours_user)"
echo "  opentracker:   $theirs (user $theirs_user)"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "  ratio (ours/opentracker, lower is better): %.2f\n", a / b }'
