#!/usr/bin/env bash
#
# jit-cost.sh: what JVM options that shorten boot cost in steady-state throughput (issue 2 exploration).
#
# Usage:
#   benchmarks/boot/jit-cost.sh [DIST] [ROUNDS] [-- 'OPTS A' 'OPTS B' ...]
#
#   DIST    a node distribution (.tar.gz or unpacked directory); default: the newest
#           karaf-assembly/target/dump-node-*.tar.gz. Only its jars are used (system/): Bouncy Castle, DUMP crypto,
#           Jackson; no node is started.
#   ROUNDS  rounds (default 3); each round runs JitCost.java once per option set, interleaved.
#   OPTS    JVM option sets to compare (default: '' and '-XX:TieredStopAtLevel=1'), each added to the node's own
#           settings from bin/setenv (-Xmx256m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k).
#
# JitCost measures, after a 10 s warm-up, five 3 s windows of: Argon2id password hashing with the node's cost
# (19 MiB, t=2: every sign-in), Ed25519 signing and verifying (Bouncy Castle), Jackson JSON write+read of a
# /api/node-sized document. The summary gives the median ops/s per option set and the ratio to the first set.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
DIST=''
ROUNDS=3
declare -a SETS=()
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --) shift; SETS=("$@"); break ;;
        *) if [ -z "$DIST" ] && [ -e "$1" ]; then DIST=$1; else ROUNDS=$1; fi ;;
    esac
    shift
done
[ ${#SETS[@]} -gt 0 ] || SETS=('' '-XX:TieredStopAtLevel=1')
if [ -z "$DIST" ]; then
    DIST=$(ls -t "$REPO_DIR"/karaf-assembly/target/dump-node-*.tar.gz 2>/dev/null | head -n 1 || true)
    [ -n "$DIST" ] || { echo "jit-cost: no distribution; build first or name one" >&2; exit 1; }
fi
BASE_OPTS='-Xmx256m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k'

WORK=$(mktemp -d /tmp/jit-cost.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [ -d "$DIST" ]; then SYSTEM=$DIST/system
else
    tar xzf "$DIST" -C "$WORK" --wildcards '*/system/*'
    SYSTEM=$(find "$WORK" -mindepth 2 -maxdepth 2 -type d -name system | head -n 1)
fi
CP=''
for pattern in 'bcprov-jdk18on-*.jar' 'crypto-*.jar' 'jackson-core-*.jar' 'jackson-databind-*.jar' 'jackson-annotations-*.jar'; do
    jar=$(find "$SYSTEM" -name "$pattern" ! -name '*-sources.jar' | sort | tail -n 1)
    [ -n "$jar" ] || { echo "jit-cost: no $pattern in $SYSTEM" >&2; exit 1; }
    CP="$CP${CP:+:}$jar"
done

echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo); $(java -version 2>&1 | head -n 1); load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    for i in "${!SETS[@]}"; do
        # shellcheck disable=SC2086
        java $BASE_OPTS ${SETS[$i]} -cp "$CP" "$SCRIPT_DIR/JitCost.java" \
            | sed "s/^/$i\t$round\t/" | tee -a "$WORK/results.tsv" | sed "s/^$i\t$round\t/[set $i round $round] /"
    done
done

echo
echo "| operation | $(for i in "${!SETS[@]}"; do printf '%s | ' "${SETS[$i]:-(node defaults)}"; done)ratio to first |"
echo "| --- | $(for i in "${!SETS[@]}"; do printf -- '--- | '; done)--- |"
for op in $(awk -F'\t' '{ split($3, a, " "); print a[1] }' "$WORK/results.tsv" | awk '!seen[$0]++'); do
    line="| $op |" first='' ratios=''
    for i in "${!SETS[@]}"; do
        med=$(awk -F'\t' -v s="$i" -v o="$op" '$1 == s { split($3, a, " +"); if (a[1] == o) print a[2] }' "$WORK/results.tsv" \
            | sort -g | awk '{ v[n++] = $1 } END { if (n % 2) print v[(n - 1) / 2]; else print (v[n / 2 - 1] + v[n / 2]) / 2 }')
        line="$line $med ops/s |"
        if [ -z "$first" ]; then first=$med; else ratios="$ratios $(awk -v a="$med" -v b="$first" 'BEGIN { printf "%.2f", a / b }')"; fi
    done
    echo "$line${ratios:- -} |"
done
