#!/usr/bin/env bash
# Call setup time per path in the NAT lab (needs root, ip netns, iptables): runs the NAT-lab
# integration tests, each of which places one call between real `conn` processes in network
# namespaces, and prints the time from dialing to the end of the handshake for each case.
# Setup is measured by the caller: ring, answer, path attempts, X25519/Ed25519 handshake.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "the NAT lab needs root" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
(cd "$here" && mvn -B ${MVN_OFFLINE:-} -pl cli -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='NatLabMatrixIT,NatLabSameLanAndSymmetricIT' > "$out" 2>&1) || { tail -50 "$out" >&2; exit 1; }
printf "%-6s %-8s %10s\n" "case" "path" "setup ms"
grep '^SETUP ' "$out" | sed -E 's/^SETUP ([a-z]+): .*connected via ([a-z]+) in ([0-9]+) ms.*/\1 \2 \3/' | sort |
  while read -r c p ms; do printf "%-6s %-8s %10s\n" "$c" "$p" "$ms"; done
echo "cases: pp public->public, pn public->NAT, np NAT->public, nn NAT->other NAT, lan same NAT,"
echo "       sp symmetric NAT->public, ps public->symmetric NAT, sn symmetric NAT->cone NAT"
