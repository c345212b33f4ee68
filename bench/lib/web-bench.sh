# Shared by the bench/*-vs-nginx.sh scripts (sourced, not run): a scratch folder removed at exit with the
# servers started in it, waiting for a port, reading wrk's numbers, medians and ratios, one TLS
# certificate for both servers, and rounds that alternate ours and nginx.

# bench_workdir NAME: sets work, site (served) and run (nginx's) and removes them, and stops
# $ours_pid and $nginx_pid, at exit.
bench_workdir() {
  work="$(mktemp -d "/tmp/conn-$1-bench.XXXXXX")"
  site="$work/site"
  run="$work/nginx"
  mkdir -p "$site" "$run"
  chmod 755 "$work" "$site"   # nginx's workers may run as another user when started as root
  ours_pid=""; nginx_pid=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [ -n "$ours_pid" ] && kill "$ours_pid" 2>/dev/null && wait "$ours_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}

# bench_file NAME BYTES: a file of random bytes in the served folder.
bench_file() {
  head -c "$2" /dev/urandom > "$site/$1"
  chmod 644 "$site/$1"
}

# bench_tls_cert: one EC P-256 certificate for 127.0.0.1 at $work/cert.pem, key (PKCS#8) at $work/key.pem.
bench_tls_cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
}

wait_for_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench: nothing listening on port $1" >&2; exit 1
}

# wrk's "Requests/sec:" and "Transfer/sec:" lines.
requests_per_sec() { awk '/^Requests\/sec:/ {print $2}'; }
megabytes_per_sec() {
  awk '/^Transfer\/sec:/ {v=$2; u=substr(v, length(v)-1); n=substr(v, 1, length(v)-2);
       if (u=="GB") n*=1024; else if (u=="KB") n/=1024; else if (u!="MB") n/=1048576; printf "%.0f\n", n}'
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }

# cpu_ticks PID: CPU time (utime+stime, 1/100 s) used so far by PID and its children still running
# (nginx's workers), from /proc.
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}

# per_thousand TICKS RATE: server CPU ticks per 1000 units (requests, MB) at RATE units/s over $DURATION,
# a figure that a busy machine skews far less than the rate itself.
per_thousand() { awk -v t="$1" -v r="$2" -v d="${DURATION%s}" 'BEGIN {printf "%.1f", (r > 0) ? t * 1000 / (r * d) : 0}'; }

# alternate ROUNDS LABEL UNIT MEASURE OURS_URL NGINX_URL: runs MEASURE URL (a function printing one
# number) on ours, then nginx, ROUNDS times, printing each round with each server's CPU ticks per 1000
# units; sets ours_median and nginx_median (and ours_ticks_median, nginx_ticks_median).
# The machine may be shared: alternating and taking medians keeps a burst of load from favouring one side.
alternate() {
  local rounds="$1" label="$2" unit="$3" measure="$4" o n t ot nt
  local ours_runs=() nginx_runs=() ours_ticks=() nginx_ticks=()
  for round in $(seq 1 "$rounds"); do
    t=$(cpu_ticks "$ours_pid"); o=$("$measure" "$5"); ot=$(per_thousand $(($(cpu_ticks "$ours_pid") - t)) "$o")
    t=$(cpu_ticks "$nginx_pid"); n=$("$measure" "$6"); nt=$(per_thousand $(($(cpu_ticks "$nginx_pid") - t)) "$n")
    printf '  round %d: %-22s ours %10.0f %-5s (%6s ticks/1000)  nginx %10.0f %-5s (%6s ticks/1000)  load %s\n' \
      "$round" "$label" "$o" "$unit" "$ot" "$n" "$unit" "$nt" "$(cut -d' ' -f1 /proc/loadavg)"
    ours_runs+=("$o"); nginx_runs+=("$n"); ours_ticks+=("$ot"); nginx_ticks+=("$nt")
  done
  ours_ticks_median=$(printf '%s\n' "${ours_ticks[@]}" | median)
  nginx_ticks_median=$(printf '%s\n' "${nginx_ticks[@]}" | median)
  ours_median=$(printf '%s\n' "${ours_runs[@]}" | median)
  nginx_median=$(printf '%s\n' "${nginx_runs[@]}" | median)
}

# summary LABEL UNIT: the medians from the last alternate and their ratio.
summary() {
  printf '%-40s ours %10.0f %-5s  nginx %10.0f %-5s  ours/nginx %.2f   CPU ticks/1000 ours %s nginx %s\n' \
    "$1" "$ours_median" "$2" "$nginx_median" "$2" "$(ratio "$ours_median" "$nginx_median")" \
    "$ours_ticks_median" "$nginx_ticks_median"
}
