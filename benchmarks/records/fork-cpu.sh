#!/usr/bin/env bash
# Where a JMH fork's CPU goes, by thread, and the local PostgreSQL server's CPU in the same window: start it in the
# background before benchmarks/records/run.sh; for each fork of this checkout's benchmarks it waits DELAY seconds
# after the fork appears (past its warmup iterations), then prints cpu-budget.py's account of the next WINDOW seconds
# (keep DELAY + WINDOW inside the trial), and the CPU of the PostgreSQL server's processes (every database on it).
# Usage: benchmarks/records/fork-cpu.sh [DELAY] [WINDOW] &     (default 22 and 20 s, for -wi 4 -w 5 -i 5 -r 5)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
delay="${1:-22}" window="${2:-20}"
budget="$here/../federation/cpu-budget.py"
source <(sed -n '/^postgresql_cpu()/,/^}/p' "$here/../federation/nodes.sh")
seen=""
while true; do
  pid=$(pgrep -f org.openjdk.jmh.runner.ForkedMain | while read -r p; do grep -qs "$here" "/proc/$p/cmdline" && echo "$p"; done | head -n 1)
  if [ -n "$pid" ] && [[ " $seen " != *" $pid "* ]]; then
    seen="$seen $pid"
    sleep "$delay"
    pg=$(postgresql_cpu)
    python3 "$budget" snapshot "$pid" "/tmp/fork-cpu.$pid" || continue
    echo "$(date +%T) fork $pid, $window s from now; load $(cut -d' ' -f1 /proc/loadavg)"
    sleep "$window"
    python3 "$budget" since "$pid" "/tmp/fork-cpu.$pid"
    echo "$(date +%T) PostgreSQL server processes: $(python3 -c "print(f'{$(postgresql_cpu) - $pg:.1f}')") s of CPU; load $(cut -d' ' -f1 /proc/loadavg)"
    rm -f "/tmp/fork-cpu.$pid"
  fi
  sleep 0.5
done
