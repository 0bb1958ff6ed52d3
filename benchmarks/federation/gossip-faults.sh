#!/usr/bin/env bash
#
# gossip-faults.sh: a network of nodes under faults (issue 24), the twelve-node run of the integration test
# GossipFaultsIT. Twelve node processes from the distribution, each in a network namespace of its own, made peers of
# one seed each; the peer exchange builds the rest. Every node's seller writes listings while three nodes are killed
# with SIGKILL mid-write and restarted, and a group of four is cut off for two minutes and healed. The test asserts
# that every node ends with the same live listings, every acknowledged write among them, and a clean
# dump:record-verify; this script keeps what it measured (the lines it prints that begin with "gossip-faults:"):
# time to converge after the restarts and after the heal, payload copies per node per record, each node's RSS and
# threads before and after, and the peer graph.
#
# Needs root (ip netns), like the test. Build first: mvn -B -q install -DskipTests
#
# Usage: benchmarks/federation/gossip-faults.sh [NODES] [MAVEN OPTIONS…]
#   NODES  node count (default 12; the test kills max(2, NODES/4) and cuts off NODES/3, at most half)
#   e.g.   benchmarks/federation/gossip-faults.sh 12 -o -Dmaven.repo.local=/path/to/repository
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
nodes="${1:-12}"
shift $(( $# > 0 ? 1 : 0 ))
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || { echo "gossip-faults.sh: NODES is a number of nodes" >&2; exit 2; }
log="$(mktemp -t gossip-faults-XXXXXX.log)"
echo "gossip-faults: $(date -u '+%Y-%m-%d %H:%M UTC'), $nodes nodes, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gossip-faults: build $(git -C "$root" rev-parse --short HEAD)"
status=0
(cd "$root/itests" && mvn -B "$@" verify -Dit.test=GossipFaultsIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddump.faults.nodes="$nodes") >"$log" 2>&1 || status=$?
grep -h '^gossip-faults:' "$root/itests/target/failsafe-reports/org.dump.itests.GossipFaultsIT-output.txt" || true
echo "gossip-faults: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" -ne 0 ]; then
    grep -E 'Tests run|FAIL|AssertionError' "$log" | head -20 >&2
    echo "gossip-faults: the test failed (exit $status); Maven's log: $log" >&2
fi
exit "$status"
