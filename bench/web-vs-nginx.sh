#!/usr/bin/env bash
# Serves the same files from `conn web serve` and from nginx on 127.0.0.1, drives each in turn with
# wrk, and prints requests/s for a 1 KiB file and MB/s for a 100 MiB file, with the ours/nginx ratio.
#   bench/web-vs-nginx.sh   (DURATION=10s CONNECTIONS=64 THREADS=2 ROUNDS=3 BIG_CONNECTIONS=8 by default;
#                            ONLY=small,big picks some)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
. "$here/lib/web-bench.sh"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
OURS_PORT="${OURS_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

bench_workdir web
ONLY="${ONLY:-small,big}"
bench_file 1k.bin 1024
[[ ",$ONLY," == *,big,* ]] && bench_file 100m.bin $((100 * 1024 * 1024))

# Build first so the build is not part of the measurement.
"$repo/conn" --version >/dev/null
"$repo/conn" web serve "$site" --port "$OURS_PORT" --read-only >"$work/ours.log" 2>&1 &
ours_pid=$!
sed -e "s#__PORT__#$NGINX_PORT#" -e "s#__ROOT__#$site#" -e "s#__RUN__#$run#" "$here/nginx/nginx.conf" > "$run/nginx.conf"
nginx -c "$run/nginx.conf" -p "$run" &
nginx_pid=$!
wait_for_port "$OURS_PORT"
wait_for_port "$NGINX_PORT"

# The machine may be shared: alternate ours and nginx for several rounds and compare medians (see
# alternate in lib/web-bench.sh, which also prints each server's CPU ticks per 1000 requests or MB).
ROUNDS="${ROUNDS:-3}"
BIG_CONNECTIONS="${BIG_CONNECTIONS:-8}"
small() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1" | requests_per_sec; }
big() { wrk -t"$THREADS" -c"$BIG_CONNECTIONS" -d"$DURATION" "$1" | megabytes_per_sec; }

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, 127.0.0.1, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$ROUNDS alternating rounds (median)"
for url in "http://127.0.0.1:$OURS_PORT/1k.bin" "http://127.0.0.1:$NGINX_PORT/1k.bin"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$url" >/dev/null   # warm-up, not counted
done
results=()
if [[ ",$ONLY," == *,small,* ]]; then
  alternate "$ROUNDS" "1 KiB" "req/s" small "http://127.0.0.1:$OURS_PORT/1k.bin" "http://127.0.0.1:$NGINX_PORT/1k.bin"
  results+=("$(summary "1 KiB file (-c$CONNECTIONS)" "req/s")")
fi
if [[ ",$ONLY," == *,big,* ]]; then
  alternate "$ROUNDS" "100 MiB" "MB/s" big "http://127.0.0.1:$OURS_PORT/100m.bin" "http://127.0.0.1:$NGINX_PORT/100m.bin"
  results+=("$(summary "100 MiB file (-c$BIG_CONNECTIONS)" "MB/s")")
fi
printf '%s\n' "${results[@]}"
