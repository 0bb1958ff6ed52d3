#!/usr/bin/env bash
#
# install-from-peer.sh: the time of `dump:module-install market` on a brand-new node from a peer whose repository it
# has not read yet (issue 21).
#
# Usage: benchmarks/repository/install-from-peer.sh [DIST] [RUNS]
#   DIST  the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build first with
#         mvn -B -q install -DskipTests)
#   RUNS  how many new nodes install, one measurement each (default 5)
#
# X is a new node that holds the market shipped in its distribution. Each of RUNS other new nodes takes nothing from
# its own distribution (importShipped = false) and never reads its peers by itself (firstRoundSeconds = 3600): it
# runs `dump:peer-add X` and then at once `dump:module-install market`, which must read X's repository (the progress
# lines say so) before it downloads, checks and starts the market. Timed from the shell command to its answer, and
# as the node reports it ("in N ms"), next to a bare shell command on the same node (bin/client's own cost).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
runs="${2:-5}"
NODES=(x)
NO_MARKET=1
source "$root/benchmarks/federation/nodes.sh"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)) }'; }

configure "org.dump.repository" "firstRoundSeconds = 3600"
start_nodes
until [[ "$(client x "dump:module-list")" == *"this node"* ]]; do sleep 0.5; done
configure "org.dump.repository" "firstRoundSeconds = 3600" "importShipped = false"
fresh=()
for i in $(seq "$runs"); do fresh+=("y$i"); done
NODES=("${fresh[@]}")
start_nodes
NODES=(x "${fresh[@]}")

shells=() installs=() insides=()
for n in "${fresh[@]}"; do
  client "$n" "dump:peer-add http://127.0.0.1:${http[x]}/" >/dev/null
  start=$(ms); client "$n" "dump:trust-list" >/dev/null; shell=$(( $(ms) - start ))
  start=$(ms); out=$(client "$n" "dump:module-install market"); took=$(( $(ms) - start ))
  grep -q "reading the repositories of 1 peer" <<<"$out" || { echo "$n did not read its peer: $out" >&2; exit 1; }
  grep -q "Installed and started org.dump.module.market" <<<"$out" || { echo "install on $n failed: $out" >&2; exit 1; }
  inside=$(grep -o "in [0-9]* ms" <<<"$out" | tail -n 1 | tr -dc 0-9)
  echo "$n: dump:module-install market $took ms at the shell, $inside ms inside the node; a bare shell command $shell ms"
  shells+=("$shell") installs+=("$took") insides+=("$inside")
done
echo "median of $runs: $(printf '%s\n' "${installs[@]}" | median) ms at the shell," \
  "$(printf '%s\n' "${insides[@]}" | median) ms inside the node; a bare shell command $(printf '%s\n' "${shells[@]}" | median) ms"
