#!/usr/bin/env bash
# UDP announces per second (BEP 15) by swarm store, in one run with the same load (UdpAnnounceLoad: 100000 distinct
# peers over 16 info-hashes, numwant 50, THREADS sockets each keeping WINDOW announces in flight):
#   conn tracker (memory), conn tracker --store redis (one instance), two conn trackers on one Redis (the sockets
#   split between them), and Debian's opentracker; plus Redis round trips per announce (commands the tracker sent:
#   EVALSHA and the rest a client sends, from INFO commandstats before and after each Redis run) and the commands
#   its script ran inside Redis per announce.
# Usage: bench/udp-tracker-redis.sh [SECONDS=10] [THREADS=2] [WINDOW=32]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
threads="${2:-2}"
window="${3:-32}"
for p in opentracker redis-server redis-cli; do command -v "$p" >/dev/null || { echo "needs $p" >&2; exit 1; }; done
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
wait_tcp() { for _ in $(seq 900); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listening on $1" >&2; exit 1; }
load() { "$java" -cp "$cp" connectivity.bench.tracker.UdpAnnounceLoad "$1" "$2" "$threads" "$window"; }
conn_tracker() { # PORT [OPTIONS...]: starts one, waits for it
  local port="$1"; shift
  "$java" -jar "$here/cli/target/conn.jar" tracker --port "$port" "$@" >"$work/tracker-$port.log" 2>&1 &
  pids+=($!)
  wait_tcp "$port"
}
check() { # NAME RATE ERRORS: each must have served announces, not refusals
  awk -v n="$2" -v e="$3" 'BEGIN { exit !(n > 0 && e <= n / 100) }' || { echo "$1: $2 announces/s but $3 errors/s" >&2; exit 1; }
}

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
read -r ot ot_err _ < <(load "$ot_port" "$seconds")
check opentracker "$ot" "$ot_err"

echo "UDP announces (BEP 15), $threads sockets x $window in flight, numwant 50, 100000 peers, ${seconds}s each, $(nproc) cores:"
printf '  %-34s %8s announces/s\n' "conn tracker, memory:" "$mem"
printf '  %-34s %8s announces/s  (%s round trips, %s commands inside Redis per announce)\n' "conn tracker, Redis, 1 instance:" "$one" "$one_rt" "$one_in"
printf '  %-34s %8s announces/s  (%s round trips, %s commands inside Redis per announce)\n' "conn tracker, Redis, 2 instances:" "$two" "$two_rt" "$two_in"
printf '  %-34s %8s announces/s\n' "opentracker:" "$ot"
