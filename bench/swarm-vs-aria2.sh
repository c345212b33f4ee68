#!/usr/bin/env bash
# Swarm benchmark on 127.0.0.1, ours next to aria2c:
#  1. one seeder and three leechers of a SIZE_MB file (default 512): time until every leecher is done,
#     all peers ours, then all aria2c; prints both times and the ratio.
#  2. one seeder -> one leecher of a ONE_MB file (default twice SIZE_MB, so that the transfer outlasts start-up):
#     MiB/s over the whole run (start-up included) and while data flows (from the leecher's --json status
#     lines: from the first one with data to completion), ours and aria2c, next to a plain loopback TCP copy
#     of the same file (socat with 256 KiB buffers, file -> /dev/null: no disk writes, no hashing), the limit.
# Needs aria2c and socat. Usage: bench/swarm-vs-aria2.sh [SIZE_MB [ONE_MB]]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
size_mb="${1:-${SIZE_MB:-512}}"
one_mb="${2:-${ONE_MB:-$((size_mb * 2))}}"
work="$(mktemp -d /tmp/conn-swarm-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$here/conn" --version >/dev/null  # builds the jar if needed
conn=("$here/conn") # as users run it: the launcher, with its JVM options
aria=(aria2c --enable-dht=false --bt-enable-lpd=false --enable-peer-exchange=false --file-allocation=none
      --summary-interval=0 --console-log-level=error --bt-max-peers=55)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
# Waits (up to 120 s) until something listens on 127.0.0.1:$1: a seeder listens once it has verified its data.
await_port() {
  for _ in $(seq 1 1200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on port $1" >&2; exit 1
}

echo "making a ${size_mb} MiB file..."
mkdir -p "$work/seed"
head -c $((size_mb * 1024 * 1024)) /dev/urandom > "$work/seed/payload.bin"
tport=$(free_port)
"${conn[@]}" tracker --port "$tport" --interval 5 >/dev/null 2>&1 & pids+=($!)
"${conn[@]}" torrent create -t "http://127.0.0.1:$tport/announce" -o "$work/t.torrent" "$work/seed/payload.bin" >/dev/null
sleep 1

# Prefixes each line with the time it was read (bash's clock, no fork per line).
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }

run_ours() { # $1 = number of leechers, $2 = torrent, $3 = the seeder's folder; leecher i's --json status goes to ours$i.json
  local torrent="${2:-$work/t.torrent}" seed_dir="${3:-$work/seed}"
  local seed_pid leech=() sport; sport=$(free_port)
  "${conn[@]}" torrent seed "$torrent" "$seed_dir" --bind 127.0.0.1 --port "$sport" >/dev/null 2>&1 & seed_pid=$!
  pids+=($seed_pid)
  await_port "$sport"
  sleep 1 # its first announce
  local start; start=$(now)
  for i in $(seq 1 "$1"); do
    rm -rf "$work/ours$i"
    ("${conn[@]}" torrent get "$torrent" -o "$work/ours$i" --no-seed --json --bind 127.0.0.1 --port "$(free_port)" 2>"$work/ours$i.err" \
      | stamp >"$work/ours$i.json") &
    leech+=($!)
  done
  for p in "${leech[@]}"; do wait "$p"; done
  local end; end=$(now)
  kill "$seed_pid" 2>/dev/null || true; wait "$seed_pid" 2>/dev/null || true
  for i in $(seq 1 "$1"); do cmp -s "$work/ours$i/payload.bin" "$seed_dir/payload.bin" || { echo "ours$i: copy differs" >&2; exit 1; }; done
  echo "$end - $start" | bc
}

run_aria() { # same arguments as run_ours
  local torrent="${2:-$work/t.torrent}" seed_dir="${3:-$work/seed}"
  local seed_pid leech=() sport; sport=$(free_port)
  "${aria[@]}" --listen-port="$sport" --bt-seed-unverified=true --seed-time=60 --seed-ratio=0.0 -d "$seed_dir" "$torrent" >/dev/null 2>&1 & seed_pid=$!
  pids+=($seed_pid)
  await_port "$sport"
  sleep 1 # its first announce
  local start; start=$(now)
  for i in $(seq 1 "$1"); do
    rm -rf "$work/aria$i"
    "${aria[@]}" --listen-port="$(free_port)" --seed-time=0 -d "$work/aria$i" "$torrent" >/dev/null 2>&1 &
    leech+=($!)
  done
  for p in "${leech[@]}"; do wait "$p"; done
  local end; end=$(now)
  kill "$seed_pid" 2>/dev/null || true; wait "$seed_pid" 2>/dev/null || true
  for i in $(seq 1 "$1"); do cmp -s "$work/aria$i/payload.bin" "$seed_dir/payload.bin" || { echo "aria$i: copy differs" >&2; exit 1; }; done
  echo "$end - $start" | bc
}

echo "1 seeder + 3 leechers, ${size_mb} MiB:"
ours3=$(run_ours 3); rm -rf "$work"/ours?
aria3=$(run_aria 3); rm -rf "$work"/aria?
printf "  ours   %6.2f s\n  aria2c %6.2f s\n  ours/aria2c time ratio %.2f (target at most 1; below 1 means ours is faster)\n" "$ours3" "$aria3" "$(echo "$ours3 / $aria3" | bc -l)"

echo "1 seeder -> 1 leecher, ${one_mb} MiB:"
mkdir -p "$work/one"
head -c $((one_mb * 1024 * 1024)) /dev/urandom > "$work/one/payload.bin"
"${conn[@]}" torrent create -t "http://127.0.0.1:$tport/announce" -o "$work/one.torrent" "$work/one/payload.bin" >/dev/null
ours1=$(run_ours 1 "$work/one.torrent" "$work/one")
# While data flows: from the first status line that shows bytes received to the line saying complete.
ours1flow=$(python3 - "$work/ours1.json" <<'PY'
import json, sys
first = done = None
for line in open(sys.argv[1]):
    t, _, text = line.partition(" ")
    try:
        s = json.loads(text)
    except ValueError:
        continue
    if "bytes" not in s: continue
    if first is None and s["state"] == "downloading" and 0 < s["bytes"] < s["totalBytes"]: first = (float(t), s["bytes"])
    if s["state"] == "complete": done = (float(t), s["bytes"])
print("%.1f" % ((done[1] - first[1]) / 1048576 / (done[0] - first[0])) if first and done else "0")
PY
)
rm -rf "$work"/ours?
aria1=$(run_aria 1 "$work/one.torrent" "$work/one"); rm -rf "$work"/aria?
cport=$(free_port)
socat -u -b 262144 TCP-LISTEN:"$cport",bind=127.0.0.1,reuseaddr OPEN:/dev/null & sink=$!
sleep 0.5
start=$(now); socat -u -b 262144 FILE:"$work/one/payload.bin" TCP:127.0.0.1:"$cport"; wait "$sink" || true; end=$(now)
tcp1=$(echo "$end - $start" | bc)
mibs() { echo "$one_mb / $1" | bc -l; }
printf "  ours            %8.1f MiB/s over the whole run (%.2f s: JVM start-up, tracker, connecting included)\n" "$(mibs "$ours1")" "$ours1"
if [ "$ours1flow" != 0 ]; then
  printf "  ours            %8.1f MiB/s while data flows (--json status: first line with data -> complete)\n" "$ours1flow"
else
  echo "  ours            (too quick for a status line while data flows; give a larger ONE_MB)"
fi
printf "  aria2c          %8.1f MiB/s over the whole run (%.2f s)\n" "$(mibs "$aria1")" "$aria1"
printf "  loopback TCP    %8.1f MiB/s (%.2f s; socat -b 262144, file -> /dev/null: no disk writes, no hashing)\n" "$(mibs "$tcp1")" "$tcp1"
printf "  ours/TCP throughput ratio: %.2f while data flows, %.2f over the whole run (target at least 0.5)\n" \
  "$(echo "$ours1flow / $(mibs "$tcp1")" | bc -l)" "$(echo "$tcp1 / $ours1" | bc -l)"
printf "  ours/aria2c throughput ratio, whole run: %.2f\n" "$(echo "$aria1 / $ours1" | bc -l)"
