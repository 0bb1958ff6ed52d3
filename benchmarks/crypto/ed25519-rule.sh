#!/usr/bin/env bash
# The Ed25519 rule (issue 27, docs/protocol.md section 2.2), checked on many cases: Ed25519RuleTest with
# AGREEMENT cases in which the single check, the own cofactored check, batches, Bouncy Castle and the JDK are held
# to each other and to what each case was made to be (default 1,000,000), and REFERENCE cases checked against the
# plain BigInteger reference of the rule (default 20,000; about 5 ms each).
# Usage: benchmarks/crypto/ed25519-rule.sh [AGREEMENT [REFERENCE]]
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
agreement="${1:-1000000}"
reference="${2:-20000}"
log="$(mktemp -t ed25519-rule-XXXXXX.log)"
echo "ed25519-rule: $(date -u '+%Y-%m-%d %H:%M UTC'), build $(git -C "$root" rev-parse --short HEAD), $(nproc) cores," \
    "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
status=0
(cd "$root/bundles/crypto" && mvn -B -o test -Dtest=Ed25519RuleTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddump.ed25519.agreement="$agreement" -Ddump.ed25519.cases="$reference") >"$log" 2>&1 || status=$?
grep -h '^ed25519-rule:' "$log" || true
grep -h 'Tests run:.*Ed25519RuleTest' "$log" || true
echo "ed25519-rule: $(( $(date +%s) - start )) s; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" -ne 0 ]; then
    grep -E 'Tests run|FAIL|AssertionError' "$log" | head -20 >&2
    echo "ed25519-rule: the test failed (exit $status); Maven's log: $log" >&2
fi
exit "$status"
