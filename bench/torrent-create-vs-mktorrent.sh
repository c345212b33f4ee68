#!/usr/bin/env bash
# Time to make a .torrent of a 1 GiB file: `conn torrent create` against mktorrent (same piece length,
# all cores for both), wall clock including JVM start-up. Usage: bench/torrent-create-vs-mktorrent.sh [MIB]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
mib="${1:-1024}"
command -v mktorrent >/dev/null || { echo "needs mktorrent" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/conn" --version >/dev/null   # build outside the timing
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$work/data.bin"
cat "$work/data.bin" >/dev/null      # both runs read from the page cache

now() { date +%s.%N; }
threads=$(nproc)
t0=$(now); "$root/conn" torrent create "$work/data.bin" --tracker http://127.0.0.1:6969/announce --piece-length 1M -o "$work/ours.torrent" >/dev/null; t1=$(now)
mktorrent -a http://127.0.0.1:6969/announce -l 20 -t "$threads" -o "$work/mk.torrent" "$work/data.bin" >/dev/null; t2=$(now)

ours_hash=$("$root/conn" torrent info "$work/ours.torrent" | awk '/Info-hash/ {print $2}')
mk_hash=$("$root/conn" torrent info "$work/mk.torrent" | awk '/Info-hash/ {print $2}')
ours=$(echo "$t1 - $t0" | bc)
theirs=$(echo "$t2 - $t1" | bc)
echo "file: $mib MiB, piece length 1 MiB, $threads threads"
echo "conn torrent create: ${ours} s (info-hash $ours_hash)"
echo "mktorrent:           ${theirs} s (info-hash $mk_hash)"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio (mktorrent time / ours, >1 means we are faster): %.2f\n", b / a }'
