#!/usr/bin/env bash
# Magnet benchmark on 127.0.0.1: time from a magnet link to the last byte of a SIZE_MB file (default 256) held by
# one python3-libtorrent seeder, for three leechers in turn: ours (`conn torrent get MAGNET --no-seed`), aria2c,
# and a python3-libtorrent leecher. Ours and libtorrent's find the seeder by the link's x.pe hint; aria2c ignores
# x.pe, so the link also names a tracker, which the seeder announces to: opentracker, because aria2c announces
# left=0 before it has the metadata and our tracker gives no seeders to a seeder. Every leecher starts with nothing (no
# .torrent), so each time includes the metadata phase and the leecher's start-up. ROUNDS rounds (default 3), the
# order rotating each round, `sync` before each; prints the median seconds and the ratios (theirs / ours: above 1
# means we finished sooner).
# Needs aria2c, opentracker and /usr/bin/python3 with libtorrent. Usage: bench/magnet-vs-libtorrent.sh [SIZE_MB]  (env: ROUNDS)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
size_mb="${1:-${SIZE_MB:-256}}"
rounds="${ROUNDS:-3}"
lt_peer="$here/torrent/src/test/resources/connectivity/torrent/magnet/lt_peer.py"
work="$(mktemp -d /tmp/conn-magnet-bench.XXXXXX)"
chmod 755 "$work" # opentracker, started as root, drops to nobody in its rootdir
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

/usr/bin/python3 -c 'import libtorrent' || { echo "python3-libtorrent is not installed for /usr/bin/python3" >&2; exit 1; }
for p in aria2c opentracker; do command -v "$p" >/dev/null || { echo "$p is not installed" >&2; exit 1; }; done
CONN_AOT=wait "$here/conn" --version >/dev/null  # builds the jar if needed, and the start-up cache (see conn)
conn=("$here/conn")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

echo "making a ${size_mb} MiB file..."
mkdir -p "$work/seed"
head -c $((size_mb * 1024 * 1024)) /dev/urandom > "$work/seed/payload.bin"
tport=$(free_port)
"${conn[@]}" torrent create -t "http://127.0.0.1:$tport/announce" -o "$work/t.torrent" "$work/seed/payload.bin" >/dev/null
"${conn[@]}" torrent magnet "$work/t.torrent" | sed 's/.*btih:\([0-9a-f]*\).*/\1/' > "$work/whitelist.txt"
chmod 644 "$work/whitelist.txt"
printf 'listen.tcp 127.0.0.1:%s\nlisten.udp 127.0.0.1:%s\naccess.whitelist whitelist.txt\ntracker.rootdir %s\ntracker.user nobody\n' \
  "$tport" "$tport" "$work" > "$work/opentracker.conf"
opentracker -f "$work/opentracker.conf" >/dev/null 2>&1 & pids+=($!)

# The seeder: prints "port N" once listening; seeds until its stdin closes (a fifo we hold open).
mkfifo "$work/seed.in"
/usr/bin/python3 "$lt_peer" seed "$work/t.torrent" "$work/seed" < "$work/seed.in" > "$work/seed.out" 2>&1 & pids+=($!)
exec 9>"$work/seed.in"
for _ in $(seq 1 300); do grep -q '^port ' "$work/seed.out" 2>/dev/null && break; sleep 0.1; done
sport=$(awk '/^port /{print $2}' "$work/seed.out")
[ -n "$sport" ] || { echo "the libtorrent seeder did not start: $(cat "$work/seed.out")" >&2; exit 1; }
magnet="$("${conn[@]}" torrent magnet "$work/t.torrent")&x.pe=127.0.0.1:$sport"
echo "seeder on 127.0.0.1:$sport; $magnet"
sleep 2 # the seeder's first announce to the tracker, for aria2c

run_ours() {
  rm -rf "$work/ours"; mkdir -p "$work/ours"
  timeout 600 "${conn[@]}" torrent get "$magnet" -o "$work/ours" --no-seed --bind 127.0.0.1 --port 0 >/dev/null 2>&1
}
run_aria() {
  rm -rf "$work/aria"; mkdir -p "$work/aria"
  timeout 600 aria2c --dir="$work/aria" --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
    --enable-peer-exchange=false --file-allocation=none --seed-time=0 --summary-interval=0 \
    --console-log-level=error --no-conf=true --bt-save-metadata=false "$magnet" >/dev/null 2>&1
}
run_lt() {
  rm -rf "$work/lt"; mkdir -p "$work/lt"
  /usr/bin/python3 "$lt_peer" leech "$magnet" "$work/lt" 600 >/dev/null
}
# The data is compared after the clock stops: ours writes with O_DIRECT, so cmp reads ours from the disk while the
# others' are still in the page cache (64 MiB: 0.23 s against 0.05 s on this disk, and more when it is busy).
time_it() {
  sync
  local s e; s=$(now); "run_$1"; e=$(now)
  cmp -s "$work/seed/payload.bin" "$work/$1/payload.bin" || { echo "$1: wrong or missing data" >&2; exit 1; }
  echo "$e - $s" | bc
}

declare -a t_ours t_aria t_lt
order=(ours aria lt)
for r in $(seq 1 "$rounds"); do
  for who in "${order[@]}"; do
    t=$(time_it "$who")
    case $who in ours) t_ours+=("$t");; aria) t_aria+=("$t");; lt) t_lt+=("$t");; esac
    printf 'round %d %-5s %6.2f s\n' "$r" "$who" "$t"
  done
  order=("${order[@]:1}" "${order[0]}")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mo=$(median "${t_ours[@]}"); ma=$(median "${t_aria[@]}"); ml=$(median "${t_lt[@]}")
printf 'magnet -> last byte, %d MiB, median of %d: ours %.2f s, aria2c %.2f s, libtorrent %.2f s\n' "$size_mb" "$rounds" "$mo" "$ma" "$ml"
printf 'ratio aria2c/ours %.2f, libtorrent/ours %.2f (above 1: ours finished sooner)\n' "$(echo "$ma / $mo" | bc -l)" "$(echo "$ml / $mo" | bc -l)"
