#!/usr/bin/env bash
#
# relay.sh: relays for nodes behind NAT (issue 25), measured by the integration test RelayIT with
# -Ddump.relay.measure=true. Four node processes, each in a network namespace of its own: R and R2 relay, A and B are
# behind NAT (nftables drops every new inbound connection but the test JVM's) and made peers of R by their
# administrators. Once A and B are relayed through R, the test measures:
#   - how long A and B took to find that nobody reaches them and to attach to R (from dump:peer-add);
#   - propagation of listings from A to B through R: SAMPLES listings one at a time, each from A's 201 to B's first
#     200 (polled every 20 ms): p50, p99, max; and the same between two more nodes C and D that dial each other
#     directly (no relay), started for this and stopped after;
#   - A writing RATE listings a second for LOAD seconds (default 100 for 60): R's CPU (utime+stime of its JVM from
#     /proc/PID/stat) and the bytes through its namespace's eth0 (/proc/PID/net/dev), against R2's, a relay of the
#     same market that relays nobody then; "bytes per relayed client" is R's in+out less R2's, over the 2 clients;
#   - R's live heap (jcmd PID GC.class_histogram, which collects first) before A and B attached and after: per
#     relayed client in all (which also holds two more peers), and in classes whose name holds "relay";
#   - R is killed (SIGKILL): the seconds until A and B say they are relayed through R2 (the issue asks for 30 s).
# The test also asserts the story (Adam's listing reaches B; Stephanie gets Adam's profile only while he grants it;
# R's packet capture holds the title but not Adam's e-mail). This script prints the test's "relay:" lines and the
# table for RESULTS.md that it prints at the end.
#
# Needs root (ip netns), nft and tcpdump, like the test. Build first: mvn -B -q install -DskipTests
#
# Usage: benchmarks/federation/relay.sh [SAMPLES [RATE [LOAD]]] [-- MAVEN OPTIONS…]
#   e.g. benchmarks/federation/relay.sh 50 100 60 -- -o -Dmaven.repo.local=/path/to/repository
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
numbers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do numbers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
samples="${numbers[0]:-50}"
rate="${numbers[1]:-100}"
load="${numbers[2]:-60}"
for n in "$samples" "$rate" "$load"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "relay.sh: SAMPLES, RATE and LOAD are positive numbers" >&2; exit 2; }
done
log="$(mktemp -t relay-XXXXXX.log)"
echo "relay: $(date -u '+%Y-%m-%d %H:%M UTC'), $samples samples, $rate listings/s for $load s, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "relay: build $(git -C "$root" rev-parse --short HEAD)"
status=0
(cd "$root/itests" && mvn -B "$@" verify -Dit.test=RelayIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddump.relay.measure=true -Ddump.relay.samples="$samples" -Ddump.relay.rate="$rate" \
    -Ddump.relay.loadSeconds="$load") >"$log" 2>&1 || status=$?
output="$root/itests/target/failsafe-reports/org.dump.itests.RelayIT-output.txt"
grep -h '^relay: ' "$output" | grep -v '^relay: ----' || true
sed -n '/^relay: ---- for RESULTS.md ----$/,/^relay: ----$/p' "$output" | grep '^|' || true
echo "relay: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" -ne 0 ]; then
    grep -E 'Tests run|FAIL|AssertionError' "$log" | head -20 >&2
    echo "relay: the test failed (exit $status); Maven's log: $log" >&2
fi
exit "$status"
