#!/usr/bin/env bash
# The network simulator (issue 23): the federation's own push, peer-exchange and reconciliation classes driven over a
# simulated network (latency, loss and bandwidth per link, churn, a partition that heals), deterministic for a seed.
# Runs each scenario under today's protocol (summary of §7.2 with every peer) and the new one (range-based
# reconciliation of §7.7 with one peer at random), prints a Markdown table, and writes it with one reach plot (SVG) per
# scenario into the output directory.
# Usage: benchmarks/network/simulate.sh [--seed N] [--nodes 1000] [--out DIR] [--write-every S] [--busy S] [scenario…]
#   scenarios: all (every node runs the module), half (half do), churn (30 s mean sessions), partition (a third cut
#   off for the first half of the busy period); default all four. DIR defaults to benchmarks/network/results.
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks-network-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java ${SIM_JAVA_OPTS:--Xmx6g} -cp "$jar:$(cat "$here/target/classpath.txt")" org.dump.network.sim.Simulate "$@"
