#!/usr/bin/env bash
# HTTP/2 over cleartext with prior knowledge (h2c): serves the same 1 KiB file from `conn web serve` and
# from nginx (`listen ... http2`) on 127.0.0.1, drives each in turn with h2load (many streams on few
# connections), and prints requests/s with the ours/nginx ratio, and each server's CPU time per 1000
# requests (utime+stime ticks of the server's processes, 100 per second: steadier than requests/s on a
# shared machine). TLS=1: h2 by ALPN over TLS instead, both servers with the same EC P-256 certificate.
#   bench/h2-vs-nginx.sh   (REQUESTS=200000 CLIENTS=8 STREAMS=32 THREADS=2 ROUNDS=3 TLS=0 WARMUP=200000 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
. "$here/lib/web-bench.sh"
REQUESTS="${REQUESTS:-200000}"
CLIENTS="${CLIENTS:-8}"
STREAMS="${STREAMS:-32}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
OURS_PORT="${OURS_PORT:-18090}"
NGINX_PORT="${NGINX_PORT:-18091}"
TLS="${TLS:-0}"

for tool in h2load nginx; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

bench_workdir h2
head -c 1024 /dev/urandom > "$site/1k.bin"
chmod 755 "$work" "$site"; chmod 644 "$site"/*

scheme=http; mode=h2c; tls_opts=(); listen_opts="http2"
if [ "$TLS" = 1 ]; then
  command -v openssl >/dev/null || { echo "bench: openssl is not installed" >&2; exit 1; }
  bench_tls_cert
  scheme=https; mode="h2 over TLS"; tls_opts=(--tls-cert "$work/cert.pem" --tls-key "$work/key.pem"); listen_opts="ssl http2"
fi
"$repo/conn" --version >/dev/null
"$repo/conn" web serve "$site" --port "$OURS_PORT" --read-only "${tls_opts[@]}" >"$work/ours.log" 2>&1 &
ours_pid=$!
# The HTTP/1.1 bench config with its listener switched to HTTP/2 (h2c prior knowledge, or h2 by ALPN over TLS).
sed -e "s#listen 127.0.0.1:__PORT__;#listen 127.0.0.1:__PORT__ $listen_opts;#" -e "s#__PORT__#$NGINX_PORT#" \
    -e "s#__ROOT__#$site#" -e "s#__RUN__#$run#" "$here/nginx/nginx.conf" > "$run/nginx.conf"
if [ "$TLS" = 1 ]; then
  sed -i -e "s#root $site;#root $site; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;#" "$run/nginx.conf"
fi
nginx -c "$run/nginx.conf" -p "$run" &
nginx_pid=$!
wait_for_port "$OURS_PORT"
wait_for_port "$NGINX_PORT"

# CPU ticks (user + system) used so far by a process and its children (nginx's workers).
server_ticks() {
  local t=0 p f
  for p in "$1" $(pgrep -P "$1"); do
    read -r -a f < "/proc/$p/stat" || continue
    t=$((t + f[13] + f[14]))
  done
  echo "$t"
}

# run_h2load N URL PID: h2load's requests/s (from "finished in 1.23s, 81234.56 req/s, ...") and the
# server's CPU ticks per 1000 requests; fails loudly if any request failed.
run_h2load() {
  local out before after
  before=$(server_ticks "$3")
  out=$(h2load -n "$1" -c "$CLIENTS" -m "$STREAMS" -t "$THREADS" "$2")
  after=$(server_ticks "$3")
  if ! grep -q "requests: .* 0 failed, 0 errored" <<<"$out"; then echo "bench: h2load saw failures:" >&2; echo "$out" >&2; exit 1; fi
  echo "$(awk '/^finished in/ {print $4}' <<<"$out") $(awk -v t=$((after - before)) -v n="$1" 'BEGIN {printf "%.2f", t * 1000 / n}')"
}

echo "h2load -n $REQUESTS -c $CLIENTS -m $STREAMS -t $THREADS, $mode, 127.0.0.1, $(nproc) cores, $ROUNDS alternating rounds (median)"
# Warm-up, not counted: the JVM compiles its hot paths in the first 100k-200k requests (more over TLS).
run_h2load "${WARMUP:-200000}" "$scheme://127.0.0.1:$OURS_PORT/1k.bin" "$ours_pid" >/dev/null
run_h2load 20000 "$scheme://127.0.0.1:$NGINX_PORT/1k.bin" "$nginx_pid" >/dev/null
ours_runs=(); nginx_runs=(); ours_cpu=(); nginx_cpu=()
for round in $(seq 1 "$ROUNDS"); do
  read -r o oc < <(run_h2load "$REQUESTS" "$scheme://127.0.0.1:$OURS_PORT/1k.bin" "$ours_pid")
  read -r n nc < <(run_h2load "$REQUESTS" "$scheme://127.0.0.1:$NGINX_PORT/1k.bin" "$nginx_pid")
  printf '  round %d: 1 KiB   ours %10.0f req/s %5s ticks/1000   nginx %10.0f req/s %5s ticks/1000\n' "$round" "$o" "$oc" "$n" "$nc"
  ours_runs+=("$o"); nginx_runs+=("$n"); ours_cpu+=("$oc"); nginx_cpu+=("$nc")
done
ours=$(printf '%s\n' "${ours_runs[@]}" | median)
nginx=$(printf '%s\n' "${nginx_runs[@]}" | median)
oc=$(printf '%s\n' "${ours_cpu[@]}" | median)
nc=$(printf '%s\n' "${nginx_cpu[@]}" | median)
printf '1 KiB file over %s   ours %10.0f req/s   nginx %10.0f req/s   ours/nginx %.2f   CPU ticks/1000 requests ours %s nginx %s (load %s)\n' \
  "$mode" "$ours" "$nginx" "$(awk -v a="$ours" -v b="$nginx" 'BEGIN {print a / b}')" "$oc" "$nc" "$(cut -d' ' -f1 /proc/loadavg)"
