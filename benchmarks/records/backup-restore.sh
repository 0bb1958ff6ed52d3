#!/usr/bin/env bash
# Backup and restore (issue 26): time of a backup and of a restore of a node holding LISTINGS market listings
# (default 100,000), on the node's persistence unit and embedded Derby on disk, outside OSGi.
# Usage: benchmarks/records/backup-restore.sh [LISTINGS [RUNS]]
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks-records-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q install -DskipTests (no $jar)" >&2; exit 1; }
exec java -Xmx256m -cp "$jar:$(cat "$here/target/classpath.txt")" org.dump.backup.internal.BackupRestoreTiming "$@"
