#!/usr/bin/env bash
#
# network.sh: faults of the network (issue 27, item 4), the long run of the integration test NetworkFaultsIT. Two
# nodes of the market, X and Y, each in a network namespace, peers by one dump:peer-add; then Y's link loses LOSS %
# of its packets each way and carries at most RATE each way, and two more peers of X turn rude (one never answers,
# one answers a byte a second), for SECONDS while both sellers write. Prints the lines the test prints that begin
# with "network-faults:": X's user's latency before and during the faults, X's process before and after, how long
# X and Y took to hold the same listings, and how long the calls to the rude peers stayed open.
#
# Needs root (namespaces), iproute2's tc and nftables. Build first: mvn -B -q install -DskipTests
#
# Usage: benchmarks/faults/network.sh [SECONDS] [LOSS] [RATE] [MAVEN OPTIONS…]
#   SECONDS  how long the faults last while the sellers write (default 300)
#   LOSS     percent of packets lost each way on Y's link (default 10)
#   RATE     tc rate of Y's link each way (default 1mbit)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-300}"
loss="${2:-10}"
rate="${3:-1mbit}"
shift $(( $# > 2 ? 3 : $# ))
[[ "$seconds" =~ ^[1-9][0-9]*$ && "$loss" =~ ^[0-9]+$ && "$rate" =~ ^[0-9]+[kmg]?bit$ ]] || {
    echo "usage: network.sh [SECONDS] [LOSS] [RATE] [MAVEN OPTIONS…]" >&2; exit 2; }
log="$(mktemp -t network-faults-XXXXXX.log)"
echo "network-faults: $(date -u '+%Y-%m-%d %H:%M UTC'), build $(git -C "$root" rev-parse --short HEAD)," \
    "$seconds s of faults, $loss % loss, $rate, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
began=$(date +%s)
status=0
(cd "$root/itests" && mvn -B "$@" verify -Dit.test=NetworkFaultsIT -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Ddump.netfaults.seconds="$seconds" -Ddump.netfaults.loss="$loss" \
    -Ddump.netfaults.rate="$rate") >"$log" 2>&1 || status=$?
grep -h '^network-faults:' "$root/itests/target/failsafe-reports/org.dump.itests.NetworkFaultsIT-output.txt" || true
echo "network-faults: $(( $(date +%s) - began )) s in all; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" -ne 0 ]; then
    grep -E 'Tests run|FAIL|AssertionError' "$log" | head -20 >&2
    echo "network-faults: the test failed (exit $status); Maven's log: $log" >&2
fi
exit "$status"
