#!/usr/bin/env bash
# A fuzzing campaign (issue 27): one fuzz target fuzzed with Jazzer's command line for SECONDS (default 600),
# its corpus kept in benchmarks/fuzz/corpus/TARGET (not in git) so that campaigns build on each other. Prints
# libFuzzer's last lines: executions, coverage, and any finding (then the crash input is in the working directory).
# Usage: benchmarks/fuzz/run.sh TARGET [SECONDS]
#   TARGET: a fuzz test's class name (StructuredFieldsFuzzTest, ReconcileCodecFuzzTest, ...; run.sh --list lists them)
# Build first, from the root: mvn -B -q install -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
sources() { find "$root/bundles" "$root/module-repo" -path '*/src/test/java/*' -name "${1:-*FuzzTest}.java"; }
targets() { sources | sed 's|.*/||; s|\.java$||' | sort; }
if [ "${1:-}" = --list ]; then targets; exit 0; fi
target="${1:?usage: run.sh TARGET [SECONDS]; run.sh --list lists the targets}"
seconds="${2:-600}"
source="$(sources "$target" | head -1)"
source="${source#"$root"/}"
if [ -z "$source" ]; then
    echo "run.sh: unknown target $target; the targets are:" $(targets) >&2
    exit 2
fi
module="${source%%/src/test/java/*}"
package_path="$(dirname "${source#*/src/test/java/}")"
class="$(echo "$package_path" | tr / .).$target"
# Every committed seed directory of the class (one per @FuzzTest method).
seeds=("$root/$module/src/test/resources/$package_path/${target}Inputs"/*/)
cd "$root/$module"
[ -d target/test-classes ] || mvn -B -q test-compile
# Through a file: on stdout Maven puts colour codes before the classpath, whatever -Dstyle.color says.
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt
classpath="$(cat target/fuzz-classpath.txt)"
corpus="$root/benchmarks/fuzz/corpus/$target"
mkdir -p "$corpus"
work="$(mktemp -d -t fuzz-XXXXXX)"
echo "fuzz $target: $(date -u '+%Y-%m-%d %H:%M UTC'), build $(git -C "$root" rev-parse --short HEAD), $seconds s," \
    "corpus $(ls "$corpus" | wc -l) inputs, load $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
(cd "$work" && java -Xmx1g -XX:-OmitStackTraceInFastThrow -cp "$root/$module/target/classes:$root/$module/target/test-classes:$classpath" \
    com.code_intelligence.jazzer.Jazzer --target_class="$class" --instrumentation_includes='org.dump.**' \
    -max_total_time="$seconds" -print_final_stats=1 "$corpus" "${seeds[@]}") \
    > "$work/log" 2>&1 || status=$?
grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+ +DONE|== Java Exception|FuzzerSecurityIssue|crash-' \
    "$work/log" || true
echo "fuzz $target: corpus now $(ls "$corpus" | wc -l) inputs; exit $status; log and any crash input in $work"
exit "$status"
