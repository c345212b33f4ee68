#!/usr/bin/env bash
# Swarm benchmark on 127.0.0.1, ours next to aria2c:
#  1. one seeder and three leechers of a SIZE_MB file (default 512): time until every leecher is done,
#     all peers ours, then all aria2c; prints both times and the ratio.
#  2. one seeder -> one leecher of a ONE_MB file (default four times SIZE_MB, so that the transfer outlasts
#     start-up), ROUNDS times (default 3), each round running in turn: ours, aria2c, and a plain loopback TCP
#     copy of the same file with socat (256 KiB buffers) once into /dev/null (no disk writes, no hashing) and
#     once into a file next to the leechers' (the same page-cache writes a leecher must make, no hashing).
#     Prints medians: MiB/s over the whole run (start-up included) and, for ours, while data flows (from the
#     leecher's --json status lines: from the first one with data to completion), and the ratios.
#     `sync` runs before every transfer, so no one pays for the last one's writeback, and the order rotates each round.
# Needs aria2c and socat. Usage: bench/swarm-vs-aria2.sh [SIZE_MB [ONE_MB]]  (env: ROUNDS)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
size_mb="${1:-${SIZE_MB:-512}}"
one_mb="${2:-${ONE_MB:-$((size_mb * 4))}}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d /tmp/conn-swarm-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

CONN_AOT=wait "$here/conn" --version >/dev/null  # builds the jar if needed, and the start-up cache (see conn)
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

echo "1 seeder -> 1 leecher, ${one_mb} MiB, ${rounds} rounds (medians):"
mkdir -p "$work/one"
head -c $((one_mb * 1024 * 1024)) /dev/urandom > "$work/one/payload.bin"
"${conn[@]}" torrent create -t "http://127.0.0.1:$tport/announce" -o "$work/one.torrent" "$work/one/payload.bin" >/dev/null

# MiB/s while data flows, from ours1.json: first status line that shows bytes received -> the line saying complete.
flow_rate() {
  python3 - "$work/ours1.json" <<'PY'
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
print("%.1f" % ((done[1] - first[1]) / 1048576 / (done[0] - first[0])) if first and done and done[0] > first[0] else "0")
PY
}
# Seconds for socat to copy the file over loopback TCP into $1.
tcp_copy() {
  local port; port=$(free_port)
  rm -f "$work/copy.bin"
  socat -u -b 262144 TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr OPEN:"$1",creat & local sink=$!
  for _ in $(seq 1 100); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.05; done
  local start; start=$(now)
  socat -u -b 262144 FILE:"$work/one/payload.bin" TCP:127.0.0.1:"$port"
  wait "$sink" || true
  local end; end=$(now)
  rm -f "$work/copy.bin"
  echo "$end - $start" | bc
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
mibs() { echo "$one_mb / $1" | bc -l; }

ours_t=() ours_f=() aria_t=() null_t=() file_t=()
# Each round runs the four in a different order (rotated), so that none always goes first or follows the same one:
# on a virtual machine the page cache's state (what was just freed, what was evicted) changes what a run costs.
one_ours() {
  ours_t+=("$(run_ours 1 "$work/one.torrent" "$work/one")"); f=$(flow_rate); rm -rf "$work"/ours?
  if [ "$f" != 0 ]; then ours_f+=("$f"); fi # 0: too quick for a status line while data flowed
}
one_aria() { aria_t+=("$(run_aria 1 "$work/one.torrent" "$work/one")"); rm -rf "$work"/aria?; }
one_null() { null_t+=("$(tcp_copy /dev/null)"); }
one_file() { file_t+=("$(tcp_copy "$work/copy.bin")"); }
order=(one_ours one_aria one_null one_file)
for r in $(seq 1 "$rounds"); do
  for i in 0 1 2 3; do sync; "${order[$(( (i + r - 1) % 4 ))]}"; done
  printf "  round %d: ours %.1f MiB/s while flowing (%.1f whole run), aria2c %.1f, TCP to /dev/null %.1f, TCP to a file %.1f\n" \
    "$r" "$f" "$(mibs "${ours_t[-1]}")" "$(mibs "${aria_t[-1]}")" "$(mibs "${null_t[-1]}")" "$(mibs "${file_t[-1]}")"
done
[ "${#ours_f[@]}" -gt 0 ] || { echo "  ours was too quick for a status line while data flowed: give a larger ONE_MB" >&2; exit 1; }
ours1=$(median "${ours_t[@]}"); ours1flow=$(median "${ours_f[@]}"); aria1=$(median "${aria_t[@]}")
null1=$(median "${null_t[@]}"); file1=$(median "${file_t[@]}")
printf "  ours            %8.1f MiB/s while data flows (--json status: first line with data -> complete)\n" "$ours1flow"
printf "  ours            %8.1f MiB/s over the whole run (%.2f s: JVM start-up, tracker, connecting included)\n" "$(mibs "$ours1")" "$ours1"
printf "  aria2c          %8.1f MiB/s over the whole run (%.2f s)\n" "$(mibs "$aria1")" "$aria1"
printf "  TCP -> /dev/null %7.1f MiB/s (%.2f s; socat -b 262144: no disk writes, no hashing)\n" "$(mibs "$null1")" "$null1"
printf "  TCP -> file     %8.1f MiB/s (%.2f s; socat -b 262144 into a new file beside the leechers': no hashing)\n" "$(mibs "$file1")" "$file1"
printf "  ours while flowing / TCP -> /dev/null: %.2f;  / TCP -> file: %.2f  (target at least 0.5)\n" \
  "$(echo "$ours1flow / $(mibs "$null1")" | bc -l)" "$(echo "$ours1flow / $(mibs "$file1")" | bc -l)"
printf "  ours/aria2c throughput ratio, whole run: %.2f\n" "$(echo "$aria1 / $ours1" | bc -l)"
