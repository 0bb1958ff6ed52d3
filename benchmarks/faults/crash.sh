#!/usr/bin/env bash
#
# crash.sh: crash consistency (issue 27), the long run of the integration test CrashConsistencyIT. Two nodes from
# the distribution, A and B, peers running the market; A is killed with SIGKILL at random moments KILLS times during
# each of: local writes through REST, a catch-up of RECORDS listings from B, module install and auto-update (KILLS
# rounds of each), profile grant and revoke. After each restart dump:record-verify market must be clean, every
# acknowledged write there, no module half-installed, and A must converge with B; the test fails otherwise.
# Prints the lines the test prints that begin with "crash:" (kills, acknowledged writes, writes lost, what A lacked
# when killed during its catch-up, which module version ran after each restart, each consent's state).
#
# Build first: mvn -B -q install -DskipTests
#
# Usage: benchmarks/faults/crash.sh [KILLS] [RECORDS] [MAVEN OPTIONS…]
#   (-Ddump.crash.hold=true among the Maven options keeps the nodes of a failure running 20 minutes, to look at them)
#   KILLS    kills per scenario (default 50)
#   RECORDS  listings B writes for A to catch up (default 100000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
kills="${1:-50}"
records="${2:-100000}"
shift $(( $# > 1 ? 2 : $# ))
[[ "$kills" =~ ^[1-9][0-9]*$ && "$records" =~ ^[1-9][0-9]*$ ]] || {
    echo "usage: crash.sh [KILLS] [RECORDS] [MAVEN OPTIONS…]" >&2; exit 2; }
log="$(mktemp -t crash-XXXXXX.log)"
echo "crash: $(date -u '+%Y-%m-%d %H:%M UTC'), build $(git -C "$root" rev-parse --short HEAD), $kills kills per" \
    "scenario, $records listings to catch up, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
began=$(date +%s)
status=0
(cd "$root/itests" && mvn -B "$@" verify -Dit.test=CrashConsistencyIT -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Ddump.crash.kills="$kills" -Ddump.crash.records="$records" \
    -Ddump.crash.patience=1200) >"$log" 2>&1 || status=$?
grep -h '^crash:' "$root/itests/target/failsafe-reports/org.dump.itests.CrashConsistencyIT-output.txt" || true
echo "crash: $(( $(date +%s) - began )) s in all; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" -ne 0 ]; then
    grep -E 'Tests run|FAIL|AssertionError' "$log" | head -20 >&2
    echo "crash: the test failed (exit $status); Maven's log: $log" >&2
fi
exit "$status"
