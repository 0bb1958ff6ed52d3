#!/usr/bin/env bash
# Record store benchmarks (issue 3): writes/s and query latency over 100,000 listings.
# Usage: benchmarks/records/run.sh [JMH options]    e.g. -f 1 -wi 1 -i 3 for a shorter run
# RecordWriteBenchmark runs on embedded Derby and on PostgreSQL (issue 26; the others on Derby): pick with
# -p database=derby, -p database=postgresql or -p database=derby,postgresql. PostgreSQL trials each make a fresh
# database and drop it, as the role in DUMP_BENCH_PG_USER / DUMP_BENCH_PG_PASSWORD at DUMP_BENCH_PG_URL (default
# dump_itests / dump-itests at jdbc:postgresql://localhost:5432/postgres, the integration tests' role).
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks-records-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java -cp "$jar:$(cat "$here/target/classpath.txt")" org.openjdk.jmh.Main -rf text -rff "$here/target/jmh-result.txt" "$@"
