#!/usr/bin/env bash
#
# module-travel.sh: how modules travel between nodes (issue 5), in a line X–Y–Z of real nodes on loopback.
#
# Usage: benchmarks/repository/module-travel.sh [DIST] [INTERVAL]
#   DIST      the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build first with
#             mvn -B -q install -DskipTests, which also builds the signed repository and the publisher tool)
#   INTERVAL  the nodes' org.dump.repository intervalSeconds (default 5): how often they read their peers'
#             repositories and update themselves
#
# 1. X takes in the build's signed repository and installs the market; Y (peer of X) and then Z (peer of Y only)
#    each run `dump:module-install market`, timed from the shell command to its answer, and as the node itself
#    reports it (download from the peer, checks of index signature, digest and JAR signature, resolve, install,
#    start), next to the time of a bare shell command (bin/client starts a JVM and an SSH session).
# 2. A market 1.1.0 is published with the build's development key (publisher tool) and taken in on X; the time
#    until Z, two hops away, logs its automatic update to 1.1.0, and how many bundles each node restarted.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
interval="${2:-5}"
repository="$root/module-repo/repository/target/repository"
keystore="$root/module-repo/repository/target/dev-publisher/dev-publisher.p12"
publisher="$(ls "$root"/module-repo/publisher/target/publisher-*-cli.jar | head -n 1)"
NODES=(x y z)
NO_MARKET=1
source "$root/benchmarks/federation/nodes.sh"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Not the shipped modules: X takes the repository in as a publisher would, and Y and Z get the market from a peer.
configure "org.dump.repository" "updatePolicy = minor" "intervalSeconds = $interval" "firstRoundSeconds = 1" \
  "importShipped = false"
start_nodes
peer x y
peer y z
client x "dump:repository-import $repository" >/dev/null
client x "dump:module-install market" >/dev/null
# Y installs from X, then Z from Y; each must have read its peer's repository once (and see it hold the bundle)
# before it can install from it, which is not timed.
node_id() { curl -sf "http://127.0.0.1:${http[$1]}/api/node" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
for pair in "y x" "z y"; do
  set -- $pair
  holder=$(node_id "$2")
  until [[ "$(client "$1" "dump:module-list -r")" == *"$holder"* ]]; do sleep 0.5; done
  # What a shell command costs by itself (bin/client: a JVM and an SSH session), to tell apart from the install.
  start=$(ms)
  client "$1" "dump:trust-list" >/dev/null
  shell=$(( $(ms) - start ))
  start=$(ms)
  out=$(client "$1" "dump:module-install market")
  took=$(( $(ms) - start ))
  grep -q "Installed and started org.dump.module.market 1.0.0" <<<"$out" || { echo "install on $1 failed: $out" >&2; exit 1; }
  inside=$(grep -o "in [0-9]* ms" <<<"$out" | tail -n 1)
  echo "dump:module-install market on $(tr a-z A-Z <<<"$1") (from its peer $(tr a-z A-Z <<<"$2")): $took ms at the" \
    "shell ($inside inside the node; a bare shell command: $shell ms)"
done

# A 1.1.0 release: the built market with another Bundle-Version, published into a copy of the repository.
release="$work/release"
cp -r "$repository" "$release"
python3 - "$root"/module-repo/market/target/market-*.jar "$work/market-1.1.0.jar" <<'PY'
import re, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "META-INF/MANIFEST.MF":
            data = re.sub(rb"Bundle-Version: [^\r\n]+", b"Bundle-Version: 1.1.0", data)
        zout.writestr(item, data)
PY
DUMP_PUBLISHER_STOREPASS=dump-development java -jar "$publisher" --keystore "$keystore" --out "$release" \
  "$work/market-1.1.0.jar" >/dev/null
start=$(ms)
client x "dump:repository-import $release" >/dev/null
until grep -q "Updated org.dump.module.market 1.0.0 to 1.1.0" "$work/node-z/data/log/karaf.log" 2>/dev/null; do
  sleep 0.1
  [ $(( $(ms) - start )) -lt 600000 ] || { echo "Z never updated" >&2; exit 1; }
done
echo "publication on X to auto-update on Z (two hops, interval ${interval} s): $(( $(ms) - start )) ms"
for n in x y z; do
  line=$(grep -h "Updated org.dump.module.market 1.0.0 to 1.1.0" "$work/node-$n/data/log/karaf.log" | head -n 1)
  echo "$(tr a-z A-Z <<<"$n"): ${line##*| }"
done
