#!/usr/bin/env bash
# Where catch-up time goes (issue 4): two record stores in one process, the phases of each page timed apart
# (difference on the holder, encode, decode, ingest on the asker), with the node's heap and GC.
# Usage: benchmarks/federation/ingest-phases.sh [N]    (default 40,000 listings)
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
records="$(cd "$(dirname "$0")/../records" && pwd)"
jar="$records/target/benchmarks-records-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java ${JAVA_OPTS:-} -Xmx256m -XX:+UseSerialGC -cp "$jar:$(cat "$records/target/classpath.txt")" \
  org.dump.federation.internal.IngestPhases "$@"
