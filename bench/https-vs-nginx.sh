#!/usr/bin/env bash
# HTTPS from `conn web serve --tls-cert/--tls-key` and from nginx on 127.0.0.1 with the same certificate
# and key, driven in turn by wrk (HTTP/1.1 over TLS as negotiated). Three measurements, each with the
# ours/nginx ratio:
#  - a 1 KiB file on keep-alive connections, requests/s;
#  - new TLS connections per second: every request on a fresh connection ("Connection: close"), a 1 KiB
#    file; wrk keeps the session of a connection's previous TLS connection (SSL_clear) and resumes it, so
#    these are TLS 1.3 resumptions by ticket (PSK with an X25519 key share, no certificate signature);
#  - a 100 MiB file, MB/s.
#   bench/https-vs-nginx.sh   (DURATION=10s ROUNDS=3 THREADS=2 CONNECTIONS=64 HANDSHAKE_CONNECTIONS=32
#                              BIG_CONNECTIONS=8 WARMUP=10s; ONLY=keepalive,handshakes,big picks some)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
. "$here/lib/web-bench.sh"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
HANDSHAKE_CONNECTIONS="${HANDSHAKE_CONNECTIONS:-32}"
BIG_CONNECTIONS="${BIG_CONNECTIONS:-8}"
ONLY="${ONLY:-keepalive,handshakes,big}"
OURS_PORT="${OURS_PORT:-18443}"
NGINX_PORT="${NGINX_PORT:-18444}"

for tool in wrk nginx openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

bench_workdir https
bench_file 1k.bin 1024
[[ ",$ONLY," == *,big,* ]] && bench_file 100m.bin $((100 * 1024 * 1024))
bench_tls_cert

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

ours="https://127.0.0.1:$OURS_PORT"
theirs="https://127.0.0.1:$NGINX_PORT"
keepalive() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1" | requests_per_sec; }
handshakes() { wrk -t"$THREADS" -c"$HANDSHAKE_CONNECTIONS" -d"$DURATION" -H "Connection: close" "$1" | requests_per_sec; }
big() { wrk -t"$THREADS" -c"$BIG_CONNECTIONS" -d"$DURATION" "$1" | megabytes_per_sec; }

echo "wrk -t$THREADS -d$DURATION over HTTPS, 127.0.0.1, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$ROUNDS alternating rounds (median)"
# Warm-up, not counted: the JIT needs a while on the TLS code paths before our numbers settle.
for url in "$ours" "$theirs"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-10s}" "$url/1k.bin" >/dev/null
  [[ ",$ONLY," == *,handshakes,* ]] && wrk -t"$THREADS" -c"$HANDSHAKE_CONNECTIONS" -d"${WARMUP:-10s}" -H "Connection: close" "$url/1k.bin" >/dev/null
done
results=()
if [[ ",$ONLY," == *,keepalive,* ]]; then
  alternate "$ROUNDS" "1 KiB, keep-alive" "req/s" keepalive "$ours/1k.bin" "$theirs/1k.bin"
  results+=("$(summary "1 KiB over HTTPS (keep-alive, -c$CONNECTIONS)" "req/s")")
fi
if [[ ",$ONLY," == *,handshakes,* ]]; then
  alternate "$ROUNDS" "new TLS connections" "/s" handshakes "$ours/1k.bin" "$theirs/1k.bin"
  results+=("$(summary "new TLS connections (-c$HANDSHAKE_CONNECTIONS)" "/s")")
fi
if [[ ",$ONLY," == *,big,* ]]; then
  alternate "$ROUNDS" "100 MiB" "MB/s" big "$ours/100m.bin" "$theirs/100m.bin"
  results+=("$(summary "100 MiB over HTTPS (-c$BIG_CONNECTIONS)" "MB/s")")
fi
printf '%s\n' "${results[@]}"
