#!/usr/bin/env bash
#
# spread.sh: eight brand-new nodes linked as newcomers link them, the market installed on each after the linking,
# then 25 new listings written on each at once: how long after the last write does every node hold all 200
# (issue 21)?
#
# Usage: benchmarks/federation/spread.sh [--link both|one] [--timeout SECONDS] [DIST]
#   --link both  (default) each link is made by dump:peer-add on both of its nodes
#   --link one   each link is made by dump:peer-add on one of its nodes only, as most newcomers do
#   --timeout    how long to wait for every node to hold every listing (default 120 s)
#   DIST         the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build it first with
#                mvn -B -q install -DskipTests)
#
# Starts nodes a…h from DIST on free loopback ports (bin/dump-node), without the market. Links: each node adds the
# next one in a ring (a→b, …, h→a), and a, c, e and g also add the node three places on (a→d, c→f, e→h, g→b), all
# through bin/client; with --link both the other node adds it in turn. Then the market bundle
# (module-repo/market/target/market-*.jar) is installed on each node from the shell, one node after another, a user
# made on each, and spread.py writes 25 listings on every node at once (one connection per node) and polls each
# node every 50 ms (POLL_MS) until it holds all 200; then each node's records in and out (dump:peer-list). Prints each node's time and the largest, in ms after the last write.
# The nodes are stopped at the end, also on Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mode=both
timeout=120
while [ $# -gt 0 ]; do
  case "$1" in
    --link) mode="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --timeout) timeout="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    *) break ;;
  esac
done
[[ "$mode" == both || "$mode" == one ]] || { echo "spread.sh: --link both or --link one" >&2; exit 2; }
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
NODES=(a b c d e f g h)
NO_MARKET=1
source "$(dirname "$0")/nodes.sh"
start_nodes
links=(a:b b:c c:d d:e e:f f:g g:h h:a a:d c:f e:h g:b)
for pair in "${links[@]}"; do
  from=${pair%%:*}; to=${pair##*:}
  if [ "$mode" = both ]; then peer "$from" "$to"; else peer_one "$from" "$to"; fi
done
echo "8 nodes up, ${#links[@]} links ($mode side(s)); installing the market on each" >&2
for n in "${NODES[@]}"; do
  client "$n" "bundle:install -s file:$market" >/dev/null
done
for n in "${NODES[@]}"; do
  for _ in $(seq 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$n-user:$n-password" "http://127.0.0.1:${http[$n]}/api/modules/market/listings")" = 200 ] && break
    sleep 0.1
  done
done
args=()
for n in "${NODES[@]}"; do args+=("$n:${http[$n]}"); done
python3 "$(dirname "$0")/spread.py" 25 "$timeout" "spread$(date +%s)" "${args[@]}"
# What it took: records each node received from its peers and sent to them (dump:peer-list, In and Out).
for n in "${NODES[@]}"; do
  client "$n" "dump:peer-list" | awk -F'|' -v n="$n" 'NR == 1 { for (c = 1; c <= NF; c++) { h = $c; gsub(/ /, "", h);
      if (h == "In") ci = c; if (h == "Out") co = c } } NR > 2 { i += $ci; o += $co }
    END { printf "  %s: %d records in, %d out\n", n, i, o }'
done
