#!/usr/bin/env bash
# UDP announces per second (BEP 15) by swarm store, in one run with the same load (UdpAnnounceLoad: 100000 distinct
# peers over 16 info-hashes, numwant 50, THREADS sockets each keeping WINDOW announces in flight):
#   conn tracker (memory), conn tracker --store redis (one instance), two conn trackers on one Redis (the sockets
#   split between them), and Debian's opentracker; plus Redis round trips per announce (commands the tracker sent:
#   EVALSHA and the rest a client sends, from INFO commandstats before and after each Redis run) and the commands
#   its script ran inside Redis per announce.
# Usage: bench/udp-tracker-redis.sh [SECONDS=10] [THREADS=2] [WINDOW=32]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tracker-bench.sh"
seconds="${1:-10}"
threads="${2:-2}"
window="${3:-32}"
needs opentracker redis-server redis-cli python3
tracker_bench_setup
load() { udp_load "$1" "$2" "$threads" "$window"; }
check() { check_served "$@"; }

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
wait_tcp "$redis_port"
rcli() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
# "SENT ALL": commands clients sent (what a script calls is counted too, so those are the ones only a client sends:
# the scripts never INCR or DECR, the tracker-wide counts outside them do; a pipeline of counts is one round trip
# but counts each INCR/DECR in it), and all commands run; INFO itself excluded
commands() {
  rcli INFO commandstats | tr -d '\r' | awk -F'[:=,]' '
    /^cmdstat_/ { name = substr($1, 9); n = $3; if (name == "info") next; all += n
      if (name ~ /^(evalsha|eval|script|ping|hello|auth|select|zscan|incr|incrby|decr|decrby|client\|.*)$/) sent += n }
    END { print sent + 0, all + 0 }'
}
# LOAD-PORTS: one measured run against Redis-backed trackers; prints "RATE ERRORS ROUNDTRIPS_PER_ANNOUNCE INSIDE_PER_ANNOUNCE"
redis_run() {
  rcli FLUSHALL >/dev/null
  load "$1" 3 >/dev/null   # JIT warm-up, swarms filled
  local sent0 all0 sent1 all1 n e replies
  read -r sent0 all0 < <(commands)
  read -r n e replies < <(load "$1" "$seconds")
  read -r sent1 all1 < <(commands)
  awk -v n="$n" -v e="$e" -v s=$((sent1 - sent0)) -v a=$((all1 - all0)) -v r="$replies" \
    'BEGIN { printf "%s %s %.2f %.1f\n", n, e, s / r, (a - s) / r }'
}

# in memory
mem_port=$(free_port)
conn_tracker "$mem_port"
load "$mem_port" 3 >/dev/null
read -r mem mem_err _ < <(load "$mem_port" "$seconds")
check memory "$mem" "$mem_err"

# one instance on Redis, then two on the same Redis with the sockets split between them
one_port=$(free_port)
conn_tracker "$one_port" --store "redis://127.0.0.1:$redis_port"
read -r one one_err one_rt one_in < <(redis_run "$one_port")
check "redis x1" "$one" "$one_err"
two_port=$(free_port)
conn_tracker "$two_port" --store "redis://127.0.0.1:$redis_port"
read -r two two_err two_rt two_in < <(redis_run "$one_port,$two_port")
check "redis x2" "$two" "$two_err"

ot_port=$(free_port)
opentracker_start "$ot_port"
load "$ot_port" 3 >/dev/null
read -r ot ot_err _ < <(load "$ot_port" "$seconds")
check opentracker "$ot" "$ot_err"

echo "UDP announces (BEP 15), $threads sockets x $window in flight, numwant 50, 100000 peers, ${seconds}s each, $(nproc) cores:"
printf '  %-34s %8s announces/s\n' "conn tracker, memory:" "$mem"
printf '  %-34s %8s announces/s  (%s round trips, %s commands inside Redis per announce)\n' "conn tracker, Redis, 1 instance:" "$one" "$one_rt" "$one_in"
printf '  %-34s %8s announces/s  (%s round trips, %s commands inside Redis per announce)\n' "conn tracker, Redis, 2 instances:" "$two" "$two_rt" "$two_in"
printf '  %-34s %8s announces/s\n' "opentracker:" "$ot"
