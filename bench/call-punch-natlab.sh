#!/usr/bin/env bash
# Hole punching in the NAT lab (needs root, ip netns, iptables): runs NatLabPunchIT, which calls between real
# `conn` processes for every pair of four NAT behaviours, and prints per pair the path the call starts on, the
# time to it (dial to end of handshake), the time until it switched to direct (after the call was up), and the
# path it ends on; then the share of pairs ending direct, of all and of those a TCP simultaneous open can serve
# (libp2p's DCUtR measured about 70% in the wild); then the relay bytes of a 100 MiB file sent as soon as a
# port-restricted pair's call is up, with the switch and with --no-upgrade.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "the NAT lab needs root" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
(cd "$here" && mvn -B ${MVN_OFFLINE:-} -pl cli -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dnatlab.bench=true \
  -Dit.test='NatLabPunchIT#everyPairConnectsAndEndsOnItsExpectedPath+relayBytesForAHundredMebibytesWithAndWithoutTheSwitch' \
  > "$out" 2>&1) || { tail -80 "$out" >&2; exit 1; }
printf "%-38s %-8s %9s %12s %-8s\n" "caller -> callee" "first" "first ms" "direct after" "final"
grep '^PATH ' "$out" | while read -r line; do
  pair=$(sed -E 's/^PATH ([A-Z_]+-[A-Z_]+) .*/\1/' <<<"$line" | sed 's/-/ -> /')
  first=$(sed -E 's/.*connected via ([a-z]+) in ([0-9]+) ms.*/\1/' <<<"$line")
  ms=$(sed -E 's/.*connected via ([a-z]+) in ([0-9]+) ms.*/\2/' <<<"$line")
  switched=$(grep -oE 'switched to direct after [0-9.]+ s' <<<"$line" | grep -oE '[0-9.]+ s' || true)
  final=$first; [ -n "$switched" ] && final=direct
  printf "%-38s %-8s %9s %12s %-8s\n" "$pair" "$first" "$ms" "${switched:--}" "$final"
done | tee "$out.table"
total=$(wc -l < "$out.table")
direct=$(awk '$NF=="direct"' "$out.table" | wc -l)
punchable=$(grep -vc SYMMETRIC "$out.table" || true)
punchedOk=$(grep -v SYMMETRIC "$out.table" | awk '$NF=="direct" || $NF=="reverse"' | wc -l)
echo "pairs ending direct: $direct of $total; of the $punchable pairs without a symmetric NAT, $punchedOk end direct or reverse (libp2p DCUtR in the wild: ~70%)"
grep '^BENCH ' "$out" | sed 's/^BENCH /100 MiB file: /'
rm -f "$out.table"
