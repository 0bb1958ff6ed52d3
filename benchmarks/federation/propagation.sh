#!/usr/bin/env bash
#
# propagation.sh: how long a market listing written on node X takes to be readable on its peer Y, and on Z, a peer
# of Y but not of X (two hops), in a line X–Y–Z (issue 4).
#
# Usage: benchmarks/federation/propagation.sh [DIST] [SAMPLES]
#   DIST     the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build it first with
#            mvn -B -q install -DskipTests), SAMPLES how many listings to time (default 200)
#
# Starts three nodes from DIST on free loopback ports (bin/dump-node), installs the market module on each
# (module-repo/market/target/market-*.jar), creates a user on each, makes X and Y peers, and Y and Z, then, one
# listing at a time: POST it on X, and from the moment X answered 201 (the record is committed and signed) poll
# GET on Y and on Z every 5 ms until each answers 200. Prints p50, p90, p99 and max in milliseconds for Y and Z.
# Polling adds up to 5 ms plus one or two requests to every sample. The nodes are stopped at the end, also on
# Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
samples="${2:-200}"
NODES=(x y z)
source "$(dirname "$0")/nodes.sh"
start_nodes
peer x y
peer y z
echo "nodes up, market on each, peers X–Y and Y–Z; timing $samples listings" >&2
times_y=()
times_z=()
for i in $(seq "$samples"); do
  id=$(curl -sf -u "x-user:x-password" -H 'Content-Type: application/json' \
    -d "{\"title\":\"sample $i\",\"price\":$i,\"currency\":\"EUR\"}" "http://127.0.0.1:${http[x]}/api/modules/market/listings" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  start=$(date +%s%N)
  seen_y=0; seen_z=0
  until [ "$seen_y" != 0 ] && [ "$seen_z" != 0 ]; do
    now=$(( ($(date +%s%N) - start) / 1000 ))
    if [ "$seen_y" = 0 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -u "y-user:y-password" "http://127.0.0.1:${http[y]}/api/modules/market/listings/$id")" = 200 ]; then
      seen_y=$(( ($(date +%s%N) - start) / 1000 ))
    fi
    if [ "$seen_z" = 0 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -u "z-user:z-password" "http://127.0.0.1:${http[z]}/api/modules/market/listings/$id")" = 200 ]; then
      seen_z=$(( ($(date +%s%N) - start) / 1000 ))
    fi
    if [ "$now" -gt 30000000 ]; then echo "listing $id never reached Y or Z" >&2; exit 1; fi
    sleep 0.005
  done
  times_y+=("$seen_y")
  times_z+=("$seen_z")
done
report() { printf '%s\n' "${@:2}" | sort -n | awk -v label="$1" '{a[NR]=$1} END { n=NR;
  printf "%s: samples %d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms\n", label, n, a[int(n*0.50+0.5)]/1000,
    a[int(n*0.90+0.5)]/1000, a[int(n*0.99+0.5)]/1000, a[n]/1000 }'; }
report "X→Y (peer)" "${times_y[@]}"
report "X→Z (two hops)" "${times_z[@]}"
