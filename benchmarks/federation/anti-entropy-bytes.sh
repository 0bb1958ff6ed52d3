#!/usr/bin/env bash
# Bytes on the wire for one anti-entropy round (issue 4): two record stores, N listings (default 100,000), the
# asker missing d ∈ {1000, 100, 10, 1, 0} of them; HTTP bodies as the federation bundle encodes them, beside a
# Bloom filter at 1 % false positives. Prints a Markdown table for RESULTS.md.
# Usage: benchmarks/federation/anti-entropy-bytes.sh [N]
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
records="$(cd "$(dirname "$0")/../records" && pwd)"
jar="$records/target/benchmarks-records-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java -cp "$jar:$(cat "$records/target/classpath.txt")" org.dump.federation.internal.AntiEntropyBytes "$@"
