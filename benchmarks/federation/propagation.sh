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
dist="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
samples="${2:-200}"
market="$(ls "$root"/module-repo/market/target/market-*.jar | grep -v sources | head -n 1)"
work="$(mktemp -d /tmp/dump-propagation.XXXXXX)"
tar -xzf "$dist" -C "$work"
home="$(ls -d "$work"/dump-node-*)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A http ssh
nodes=(x y z)
cleanup() { for n in "${nodes[@]}"; do "$home/bin/dump-node" stop "$work/node-$n" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
for n in "${nodes[@]}"; do
  http[$n]=$(free_port); ssh[$n]=$(free_port)
  KARAF_REDIRECT="$work/$n-console.log" "$home/bin/dump-node" start "$work/node-$n" --http "${http[$n]}" --ssh "${ssh[$n]}" \
    --rmi-registry "$(free_port)" --rmi-server "$(free_port)" --name "$n" >/dev/null
done
for n in "${nodes[@]}"; do
  for _ in $(seq 1800); do curl -sf "http://127.0.0.1:${http[$n]}/api/node" >/dev/null && break; sleep 0.1; done
  for _ in $(seq 300); do [ -s "$work/node-$n/data/dump/initial-admin-password" ] && break; sleep 0.1; done
done
# The shell over SSH (bin/client), retried: the first connection to a freshly started node now and then breaks off.
client() {
  local out
  for _ in 1 2 3 4 5; do
    if out=$("$home/bin/dump-node" client "$work/node-$1" -h 127.0.0.1 -u admin \
        -p "$(cat "$work/node-$1/data/dump/initial-admin-password")" -b <<<"$2" 2>&1) \
        && ! grep -q "Failed\|Error executing" <<<"$out"; then
      printf '%s\n' "$out"; return 0
    fi
    sleep 1
  done
  echo "shell command failed on $1: $2: $out" >&2; return 1
}
for n in "${nodes[@]}"; do
  client "$n" "bundle:install -s file:$market" >/dev/null
  curl -sf -u "admin:$(cat "$work/node-$n/data/dump/initial-admin-password")" -H 'Content-Type: application/json' \
    -d "{\"username\":\"user$n\",\"password\":\"password-$n\"}" "http://127.0.0.1:${http[$n]}/api/users" >/dev/null
  for _ in $(seq 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -u "user$n:password-$n" "http://127.0.0.1:${http[$n]}/api/modules/market/listings")" = 200 ] && break
    sleep 0.1
  done
done
client x "dump:peer-add http://127.0.0.1:${http[y]}/" >/dev/null
client y "dump:peer-add http://127.0.0.1:${http[x]}/" >/dev/null
client y "dump:peer-add http://127.0.0.1:${http[z]}/" >/dev/null
client z "dump:peer-add http://127.0.0.1:${http[y]}/" >/dev/null
echo "nodes up, market on each, peers X–Y and Y–Z; timing $samples listings" >&2
times_y=()
times_z=()
for i in $(seq "$samples"); do
  id=$(curl -sf -u "userx:password-x" -H 'Content-Type: application/json' \
    -d "{\"title\":\"sample $i\",\"price\":$i,\"currency\":\"EUR\"}" "http://127.0.0.1:${http[x]}/api/modules/market/listings" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  start=$(date +%s%N)
  seen_y=0; seen_z=0
  until [ "$seen_y" != 0 ] && [ "$seen_z" != 0 ]; do
    now=$(( ($(date +%s%N) - start) / 1000 ))
    if [ "$seen_y" = 0 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -u "usery:password-y" "http://127.0.0.1:${http[y]}/api/modules/market/listings/$id")" = 200 ]; then
      seen_y=$(( ($(date +%s%N) - start) / 1000 ))
    fi
    if [ "$seen_z" = 0 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -u "userz:password-z" "http://127.0.0.1:${http[z]}/api/modules/market/listings/$id")" = 200 ]; then
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
