#!/usr/bin/env bash
# Serves the same files from `conn web serve` and from nginx on 127.0.0.1, drives each in turn with
# wrk, and prints requests/s for a 1 KiB file and MB/s for a 100 MiB file, with the ours/nginx ratio.
#   bench/web-vs-nginx.sh   (DURATION=10s CONNECTIONS=64 THREADS=2 ROUNDS=3 BIG_CONNECTIONS=8 by default)
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
head -c 1024 /dev/urandom > "$site/1k.bin"
head -c $((100 * 1024 * 1024)) /dev/urandom > "$site/100m.bin"
# nginx's workers may run as another user when started as root.
chmod 755 "$work" "$site"; chmod 644 "$site"/*


# Build first so the build is not part of the measurement.
"$repo/conn" --version >/dev/null
"$repo/conn" web serve "$site" --port "$OURS_PORT" --read-only >"$work/ours.log" 2>&1 &
ours_pid=$!
sed -e "s#__PORT__#$NGINX_PORT#" -e "s#__ROOT__#$site#" -e "s#__RUN__#$run#" "$here/nginx/nginx.conf" > "$run/nginx.conf"
nginx -c "$run/nginx.conf" -p "$run" &
nginx_pid=$!
wait_for_port "$OURS_PORT"
wait_for_port "$NGINX_PORT"

# The machine may be shared: alternate ours and nginx for several rounds and compare medians.
ROUNDS="${ROUNDS:-3}"
run_wrk() { wrk -t"$THREADS" -c"$1" -d"$DURATION" "$2"; }

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, 127.0.0.1, $(nproc) cores, $ROUNDS alternating rounds (median)"
for url in "http://127.0.0.1:$OURS_PORT/1k.bin" "http://127.0.0.1:$NGINX_PORT/1k.bin"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$url" >/dev/null   # warm-up, not counted
done
ours_runs=(); nginx_runs=()
for round in $(seq 1 "$ROUNDS"); do
  o=$(run_wrk "$CONNECTIONS" "http://127.0.0.1:$OURS_PORT/1k.bin" | requests_per_sec)
  n=$(run_wrk "$CONNECTIONS" "http://127.0.0.1:$NGINX_PORT/1k.bin" | requests_per_sec)
  printf '  round %d: 1 KiB   ours %10.0f req/s   nginx %10.0f req/s\n' "$round" "$o" "$n"
  ours_runs+=("$o"); nginx_runs+=("$n")
done
ours_small=$(printf '%s\n' "${ours_runs[@]}" | median)
nginx_small=$(printf '%s\n' "${nginx_runs[@]}" | median)
printf '1 KiB file     ours %10.0f req/s   nginx %10.0f req/s   ours/nginx %.2f\n' \
  "$ours_small" "$nginx_small" "$(awk -v a="$ours_small" -v b="$nginx_small" 'BEGIN {print a / b}')"

BIG_CONNECTIONS="${BIG_CONNECTIONS:-8}"
ours_runs=(); nginx_runs=()
for round in $(seq 1 "$ROUNDS"); do
  o=$(run_wrk "$BIG_CONNECTIONS" "http://127.0.0.1:$OURS_PORT/100m.bin" | megabytes_per_sec)
  n=$(run_wrk "$BIG_CONNECTIONS" "http://127.0.0.1:$NGINX_PORT/100m.bin" | megabytes_per_sec)
  printf '  round %d: 100 MiB ours %10.0f MB/s    nginx %10.0f MB/s\n' "$round" "$o" "$n"
  ours_runs+=("$o"); nginx_runs+=("$n")
done
ours_big=$(printf '%s\n' "${ours_runs[@]}" | median)
nginx_big=$(printf '%s\n' "${nginx_runs[@]}" | median)
printf '100 MiB file   ours %10.0f MB/s    nginx %10.0f MB/s    ours/nginx %.2f   (wrk -c%s)\n' \
  "$ours_big" "$nginx_big" "$(awk -v a="$ours_big" -v b="$nginx_big" 'BEGIN {print a / b}')" "$BIG_CONNECTIONS"
