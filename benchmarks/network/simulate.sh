#!/usr/bin/env bash
# The network simulator (issue 23): the federation's own push, peer-exchange and reconciliation classes driven over a
# simulated network (latency, loss and bandwidth per link, churn, a partition that heals), deterministic for a seed.
# Runs each scenario under the protocols asked for: today's (push to every peer, summary of §7.2 with every peer),
# new (issue 23: the same push, range-based reconciliation of §7.7 with one peer) and gossip (issue 24: pushes along a
# per-origin tree, GossipTree, with lazy announcements; the same anti-entropy); prints two Markdown tables (reach and
# totals; bytes by kind) and writes them with one reach plot (SVG) per scenario into the output directory.
# Usage: benchmarks/network/simulate.sh [--seed N] [--nodes 1000] [--out DIR] [--write-every S] [--busy S]
#          [--protocols today,new,gossip] [scenario…]
#   scenarios: all (every node runs the module), half (half do), churn (30 s mean sessions and offline periods),
#   offline30 (70 s sessions, 30 s offline periods: 30 % offline at any moment), partition (a third cut off for the
#   first half of the busy period); default all five; protocols default today,new. DIR defaults to
#   benchmarks/network/results.
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks-network-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java ${SIM_JAVA_OPTS:--Xmx6g} -cp "$jar:$(cat "$here/target/classpath.txt")" org.dump.network.sim.Simulate "$@"
