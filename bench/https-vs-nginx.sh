#!/usr/bin/env bash
# HTTPS (HTTP/1.1 over TLS, keep-alive) from `conn web serve --tls-cert/--tls-key` and from nginx on
# 127.0.0.1 with the same certificate and key, driven in turn by wrk on a 1 KiB file; prints requests/s
# and the ours/nginx ratio.
#   bench/https-vs-nginx.sh   (DURATION=10s CONNECTIONS=64 THREADS=2 ROUNDS=3 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
OURS_PORT="${OURS_PORT:-18443}"
NGINX_PORT="${NGINX_PORT:-18444}"

for tool in wrk nginx openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

work="$(mktemp -d /tmp/conn-https-bench.XXXXXX)"
site="$work/site"
run="$work/nginx"
mkdir -p "$site" "$run"
head -c 1024 /dev/urandom > "$site/1k.bin"
chmod 755 "$work" "$site"; chmod 644 "$site"/*   # nginx's workers may run as another user when started as root
# One EC P-256 certificate for both servers (PKCS#8 key, as openssl 3 writes it).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

ours_pid=""; nginx_pid=""
cleanup() {
  [ -n "$ours_pid" ] && kill "$ours_pid" 2>/dev/null && wait "$ours_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench: nothing listening on port $1" >&2; exit 1
}

"$repo/conn" --version >/dev/null   # build first, outside the measurement
"$repo/conn" web serve "$site" --port "$OURS_PORT" --read-only --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
  >"$work/ours.log" 2>&1 &
ours_pid=$!
cat > "$run/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $run/nginx.pid;
error_log $run/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    default_type application/octet-stream;
    client_body_temp_path $run/client_body; proxy_temp_path $run/proxy; fastcgi_temp_path $run/fastcgi;
    uwsgi_temp_path $run/uwsgi; scgi_temp_path $run/scgi;
    ssl_protocols TLSv1.2 TLSv1.3;
    server {
        listen 127.0.0.1:$NGINX_PORT ssl;
        root $site;
        ssl_certificate $work/cert.pem;
        ssl_certificate_key $work/key.pem;
    }
}
CONF
nginx -c "$run/nginx.conf" -p "$run" &
nginx_pid=$!
wait_for_port "$OURS_PORT"
wait_for_port "$NGINX_PORT"

requests_per_sec() { awk '/^Requests\/sec:/ {print $2}'; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1"; }
ours="https://127.0.0.1:$OURS_PORT/1k.bin"
theirs="https://127.0.0.1:$NGINX_PORT/1k.bin"

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION over HTTPS (TLS as negotiated, HTTP/1.1), 127.0.0.1, $(nproc) cores, $ROUNDS alternating rounds (median)"
# Warm-up, not counted: the JIT needs a while on the TLS code paths before our numbers settle.
for url in "$ours" "$theirs"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-10s}" "$url" >/dev/null; done
ours_runs=(); nginx_runs=()
for round in $(seq 1 "$ROUNDS"); do
  o=$(run_wrk "$ours" | requests_per_sec)
  n=$(run_wrk "$theirs" | requests_per_sec)
  printf '  round %d: 1 KiB   ours %10.0f req/s   nginx %10.0f req/s\n' "$round" "$o" "$n"
  ours_runs+=("$o"); nginx_runs+=("$n")
done
o=$(printf '%s\n' "${ours_runs[@]}" | median)
n=$(printf '%s\n' "${nginx_runs[@]}" | median)
printf '1 KiB over HTTPS   ours %10.0f req/s   nginx %10.0f req/s   ours/nginx %.2f\n' \
  "$o" "$n" "$(awk -v a="$o" -v b="$n" 'BEGIN {print a / b}')"
