#!/usr/bin/env bash
#
# catch-up.sh: how fast a node takes in what it missed (issue 4). X and Y are peers running the market; Y is
# stopped while X writes COUNT listings (default 100,000); X keeps running, as a node does while a peer is away:
# its pushes to Y find nobody and are dropped (RecordPush), so Y catches up by anti-entropy alone; then Y is
# started. Prints Y's own account of the catch-up (records, pages, time from its first request to the last record
# stored) and records per second.
#
# Usage: benchmarks/federation/catch-up.sh [DIST] [COUNT]
#   DIST  the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build it first with
#         mvn -B -q install -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
count="${2:-100000}"
NODES=(x y)
source "$(dirname "$0")/nodes.sh"
start_nodes
peer x y
stop_node y
echo "Y stopped; X writes $count listings" >&2
python3 "$(dirname "$0")/write-listings.py" "${http[x]}" x-user x-password "$count" 8
echo "starting Y" >&2
restart_node y
log="$work/node-y/data/log/karaf.log"
for _ in $(seq 6000); do
  line=$(grep "Caught up market with peer" "$log" | grep " in " | tail -n 1 || true)
  if [ -n "$line" ]; then
    new=$(sed -E 's/.*: ([0-9]+) new.*/\1/' <<<"$line")
    [ "$new" -ge "$count" ] && break
  fi
  sleep 0.1
done
grep "Caught up market with peer" "$log" | grep " in " >&2
echo "$line" | sed -E 's/.*\| //'
