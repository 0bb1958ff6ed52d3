#!/usr/bin/env bash
# What each part of a record's row costs Derby to store during a catch-up (issue 4): RecordRowCost, plain JDBC
# inserts into the node's schema with one part left out or changed, CPU µs a record, with the node's heap and GC.
# Usage: benchmarks/records/row-cost.sh [N] [ROUNDS] [VARIANT,…]   (default 20,000 listings, 5 rounds, all variants)
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
records="$(cd "$(dirname "$0")" && pwd)"
jar="$records/target/benchmarks-records-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java -Xmx256m -XX:+UseSerialGC -Dderby.storage.logBufferSize=1048576 -cp "$jar:$(cat "$records/target/classpath.txt")" \
  org.dump.node.internal.record.RecordRowCost "$@"
