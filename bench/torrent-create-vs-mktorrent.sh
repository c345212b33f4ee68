#!/usr/bin/env bash
# Time to make a .torrent of a 1 GiB file: `conn torrent create` against mktorrent (same piece length,
# all cores for both), including JVM start-up. Each side runs ROUNDS times, alternating, and the best
# wall-clock and CPU (user+sys) times count, so load from other processes disturbs the figures less.
# Usage: bench/torrent-create-vs-mktorrent.sh [MIB] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
mib="${1:-1024}"
rounds="${2:-3}"
command -v mktorrent >/dev/null || { echo "needs mktorrent" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/conn" --version >/dev/null   # build outside the timing
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$work/data.bin"
cat "$work/data.bin" >/dev/null      # both runs read from the page cache

threads=$(nproc)
# Prints "WALL CPU" in seconds for one run of the command.
timed() {
  local TIMEFORMAT='%R %U %S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%s %.3f\n", $1, $2 + $3 }'
}
best() { sort -n -k"$1" | head -1 | awk -v k="$1" '{print $k}'; }

: >"$work/ours.times"; : >"$work/mk.times"
for _ in $(seq "$rounds"); do
  timed "$root/conn" torrent create "$work/data.bin" --tracker http://127.0.0.1:6969/announce --piece-length 1M \
    --force -o "$work/ours.torrent" >>"$work/ours.times"
  rm -f "$work/mk.torrent"
  timed mktorrent -a http://127.0.0.1:6969/announce -l 20 -t "$threads" -o "$work/mk.torrent" "$work/data.bin" >>"$work/mk.times"
done

ours_hash=$("$root/conn" torrent info "$work/ours.torrent" | awk '/Info-hash/ {print $2}')
mk_hash=$("$root/conn" torrent info "$work/mk.torrent" | awk '/Info-hash/ {print $2}')
[ "$ours_hash" = "$mk_hash" ] || { echo "info-hashes differ: $ours_hash vs $mk_hash" >&2; exit 1; }
ours_wall=$(best 1 <"$work/ours.times"); ours_cpu=$(best 2 <"$work/ours.times")
mk_wall=$(best 1 <"$work/mk.times"); mk_cpu=$(best 2 <"$work/mk.times")
echo "file: $mib MiB, piece length 1 MiB, $threads threads, best of $rounds runs each (same info-hash $ours_hash)"
echo "conn torrent create: ${ours_wall} s wall, ${ours_cpu} s CPU"
echo "mktorrent:           ${mk_wall} s wall, ${mk_cpu} s CPU"
awk -v a="$ours_wall" -v b="$mk_wall" 'BEGIN { printf "ratio wall (mktorrent time / ours, >1 means we are faster): %.2f\n", b / a }'
awk -v a="$ours_cpu" -v b="$mk_cpu" 'BEGIN { printf "ratio CPU  (mktorrent CPU / ours, >1 means we use less):   %.2f\n", b / a }'
