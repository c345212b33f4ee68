#!/usr/bin/env bash
# DHT benchmark on 127.0.0.1: a magnet link with nothing but its info-hash (no tracker, no x.pe), so the seeder can
# only be found through the DHT. One bootstrap node (`conn dht` on 127.0.0.1), one python3-libtorrent seeder of a
# SIZE_MB file (default 64) joined through it and announcing, and three leechers in turn, each joined through the same
# bootstrap node only: ours (`conn torrent get MAGNET --dht-bootstrap ... --no-seed`), aria2c (--dht-entry-point) and a
# python3-libtorrent leecher (add_dht_node). For each: "first peer", from the leecher's start to the seeder accepting
# its first connection (the seeder prints each incoming connection with its time: the same clock for all three), and
# "last byte", from the start to the leecher's exit with the whole file (checked with cmp). Both include the leecher's
# start-up (a JVM for ours) and its DHT join and lookup, and the metadata phase before the last byte. ROUNDS rounds
# (default 3), the order rotating each round; prints medians and ratios (theirs / ours: above 1 means ours sooner).
# Needs aria2c and /usr/bin/python3 with libtorrent. Usage: bench/magnet-dht.sh [SIZE_MB]  (env: ROUNDS)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
size_mb="${1:-${SIZE_MB:-64}}"
rounds="${ROUNDS:-3}"
lt_leech="$here/cli/src/test/resources/connectivity/cli/torrent/lt_dht_peer.py"
work="$(mktemp -d /tmp/conn-dht-bench.XXXXXX)"
pids=()
cleanup() {
  exec 9>&- 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

/usr/bin/python3 -c 'import libtorrent' || { echo "python3-libtorrent is not installed for /usr/bin/python3" >&2; exit 1; }
command -v aria2c >/dev/null || { echo "aria2c is not installed" >&2; exit 1; }
CONN_AOT=wait "$here/conn" --version >/dev/null  # builds the jar if needed, and the start-up cache (see conn)
conn=("$here/conn")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_udp() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

echo "making a ${size_mb} MiB file..."
mkdir -p "$work/seed"
head -c $((size_mb * 1024 * 1024)) /dev/urandom > "$work/seed/payload.bin"
"${conn[@]}" torrent create -o "$work/t.torrent" "$work/seed/payload.bin" >/dev/null
hex=$("${conn[@]}" torrent magnet "$work/t.torrent" | sed 's/.*btih:\([0-9a-f]*\).*/\1/')
magnet="magnet:?xt=urn:btih:$hex"

boot_port=$(free_udp)
"${conn[@]}" dht --bind 127.0.0.1 --port "$boot_port" > "$work/boot.out" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do grep -q '^dht node on' "$work/boot.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^dht node on' "$work/boot.out" || { echo "conn dht did not start: $(cat "$work/boot.out")" >&2; exit 1; }
boot="127.0.0.1:$boot_port"

mkfifo "$work/seed.in"
/usr/bin/python3 "$here/bench/dht_seeder.py" "$work/t.torrent" "$work/seed" 127.0.0.1 "$boot_port" < "$work/seed.in" > "$work/seed.out" 2>&1 & pids+=($!)
exec 9>"$work/seed.in"
for _ in $(seq 1 300); do grep -q '^port ' "$work/seed.out" 2>/dev/null && break; sleep 0.1; done
sport=$(awk '/^port /{print $2}' "$work/seed.out")
[ -n "$sport" ] || { echo "the libtorrent seeder did not start: $(cat "$work/seed.out")" >&2; exit 1; }
echo "bootstrap node $boot; seeder on 127.0.0.1:$sport; $magnet"
# Until the seeder's announce reached the bootstrap node, a lookup could find nothing: wait for it (bounded).
for _ in $(seq 1 60); do
  "${conn[@]}" dht lookup "$hex" --bootstrap "$boot" --bind 127.0.0.1 --timeout 2 > "$work/lookup.out" 2>/dev/null && break
  sleep 1
done
grep -q ":$sport\$" "$work/lookup.out" || { echo "the seeder never showed up in the DHT" >&2; exit 1; }

run_ours() {
  rm -rf "$work/ours"; mkdir -p "$work/ours"
  timeout 600 "${conn[@]}" torrent get "$magnet" -o "$work/ours" --no-seed --bind 127.0.0.1 --port 0 --dht-port 0 \
    --dht-bootstrap "$boot" --metadata-timeout 300 >/dev/null 2>&1
}
run_aria() {
  rm -rf "$work/aria"; mkdir -p "$work/aria"
  timeout 600 aria2c --dir="$work/aria" --no-conf=true --enable-dht=true --enable-dht6=false \
    --dht-listen-port="$(free_udp)" --dht-entry-point="$boot" --dht-file-path="$work/aria/dht.dat" --listen-port="$(free_port)" \
    --bt-enable-lpd=false --enable-peer-exchange=false --file-allocation=none --seed-time=0 --summary-interval=0 \
    --console-log-level=error --bt-save-metadata=false "$magnet" >/dev/null 2>&1
}
run_lt() {
  rm -rf "$work/lt"; mkdir -p "$work/lt"
  /usr/bin/python3 "$lt_leech" leech "$hex" "$work/lt" 127.0.0.1 "$boot_port" 600 < /dev/null >/dev/null
}
# Prints "FIRST_PEER LAST_BYTE" in seconds: the first connection the seeder accepted after the start, and the end.
# The data is compared after the clock stops: ours writes with O_DIRECT, so cmp reads its 64 MiB from the disk while
# the others' are still in the page cache (64 MiB: 0.23 s against 0.05 s on this disk, and more when it is busy).
time_it() {
  sync
  local before s e first
  before=$(grep -c '^connect ' "$work/seed.out" || true)
  s=$(now); "run_$1"; e=$(now)
  cmp -s "$work/seed/payload.bin" "$work/$1/payload.bin" || { echo "$1: wrong or missing data" >&2; exit 1; }
  first=$(grep '^connect ' "$work/seed.out" | tail -n +"$((before + 1))" | head -1 | awk '{print $2}')
  [ -n "$first" ] || first=$e
  echo "$(echo "$first - $s" | bc) $(echo "$e - $s" | bc)"
}

declare -a f_ours f_aria f_lt l_ours l_aria l_lt
order=(ours aria lt)
for r in $(seq 1 "$rounds"); do
  for who in "${order[@]}"; do
    read -r f l < <(time_it "$who")
    case $who in
      ours) f_ours+=("$f"); l_ours+=("$l");;
      aria) f_aria+=("$f"); l_aria+=("$l");;
      lt) f_lt+=("$f"); l_lt+=("$l");;
    esac
    printf 'round %d %-5s first peer %6.2f s  last byte %6.2f s\n' "$r" "$who" "$f" "$l"
  done
  order=("${order[@]:1}" "${order[0]}")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for what in first last; do
  if [ $what = first ]; then o=$(median "${f_ours[@]}"); a=$(median "${f_aria[@]}"); t=$(median "${f_lt[@]}"); label="magnet -> first peer"
  else o=$(median "${l_ours[@]}"); a=$(median "${l_aria[@]}"); t=$(median "${l_lt[@]}"); label="magnet -> last byte"; fi
  printf '%s, DHT only, %d MiB, median of %d: ours %.2f s, aria2c %.2f s, libtorrent %.2f s; ratio aria2c/ours %.2f, libtorrent/ours %.2f\n' \
    "$label" "$size_mb" "$rounds" "$o" "$a" "$t" "$(echo "$a / $o" | bc -l)" "$(echo "$t / $o" | bc -l)"
done
echo "(ratios above 1: ours sooner)"
