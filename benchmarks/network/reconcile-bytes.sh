#!/usr/bin/env bash
# Bytes and round trips of one reconciliation (issue 23): nodes in step with 1, 100 and 10,000 origins, and d
# differences among 10^6 versions, beside today's summary and a 1 % Bloom filter. Prints a Markdown table.
# Usage: benchmarks/network/reconcile-bytes.sh [seeds]    (default 5; medians over the seeds)
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks-network-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java -cp "$jar:$(cat "$here/target/classpath.txt")" org.dump.federation.internal.reconcile.ReconcileBytes "$@"
