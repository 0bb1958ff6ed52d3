#!/usr/bin/env bash
#
# lighthouse.sh: Lighthouse (npm, pinned in package.json) against Debian's Chromium on the node's sign-in page and on
# the market page of a signed-in user, RUNS times each; prints every run, the medians per category (performance,
# accessibility, best practices), CLS and LCP, and the audits that lost points (issue 21).
#
# Usage: benchmarks/pages/lighthouse.sh [-n RUNS] [--desktop] [--dist DIST | URL USER PASSWORD]
#   -n RUNS     runs per page (default 5)
#   --desktop   Lighthouse's desktop preset instead of its default (a phone, with simulated slow 4G and CPU)
#   --dist DIST the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build first with
#               mvn -B -q install -DskipTests)
#   URL USER PASSWORD
#               measure a running node instead, which must run the market; USER signs in there
#
# Without URL, the script starts one node from DIST on free loopback ports, installs the market into it the way the
# tests do today (bundle:install of the built market), makes two users, x-user and x-seller, and writes eight
# listings, three with an image: five of x-seller's (which x-user may ask about) and three of x-user's own (which
# x-user may edit). It measures as x-user and stops the node at the end. JSON reports go to
# benchmarks/pages/target/lighthouse/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=5
desktop=()
DIST=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --desktop) desktop=(--desktop); shift ;;
    --dist) DIST="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }
# Lighthouse and its dependencies, exactly as package-lock.json pins them.
[ -d "$here/node_modules/lighthouse" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

if [ $# -ge 3 ]; then
  url="$1" user="$2" password="$3"
else
  DIST="${DIST:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
  NODES=(x)
  source "$root/benchmarks/federation/nodes.sh"
  start_nodes
  url="http://127.0.0.1:${http[x]}/" user=x-user password=x-password
  admin="admin:$(cat "$work/node-x/data/dump/initial-admin-password")"
  curl -sf -u "$admin" -H 'Content-Type: application/json' \
    -d '{"username":"x-seller","password":"x-seller-password"}' "${url}api/users" >/dev/null
  # A small PNG image per colour (python3's zlib: no image library needed).
  png() { python3 - "$1" <<'PY'
import struct, sys, zlib
r, g, b = (int(sys.argv[1][i:i + 2], 16) for i in (0, 2, 4))
w, h = 240, 180
rows = b''.join(b'\0' + b''.join(bytes((r * x // w, g, b * y // h)) for x in range(w)) for y in range(h))
chunk = lambda kind, data: struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
sys.stdout.buffer.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                        + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))
PY
  }
  list() { # USER PASSWORD TITLE PRICE [IMAGE-COLOUR]
    local id
    id=$(curl -sf -u "$1:$2" -H 'Content-Type: application/json' \
      -d "{\"title\":\"$3\",\"description\":\"Hand-made, as new. Collect or post.\",\"price\":$4,\"currency\":\"EUR\"}" \
      "${url}api/modules/market/listings" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    if [ -n "${5:-}" ]; then
      png "$5" | curl -sf -u "$1:$2" -X PUT -H 'Content-Type: image/png' --data-binary @- \
        "${url}api/modules/market/listings/$id/image" >/dev/null
    fi
  }
  list x-seller x-seller-password "Wool socks, size 42" 7.50 c06030
  list x-seller x-seller-password "Bicycle bell" 4.00
  list x-seller x-seller-password "Teapot, blue" 12.00 3060c0
  list x-seller x-seller-password "Garden chair" 25.00
  list x-seller x-seller-password "Paperback: The Left Hand of Darkness" 3.00
  list x-user x-password "Winter coat" 40.00 40a060
  list x-user x-password "Desk lamp" 9.90
  list x-user x-password "Board game, complete" 15.00
fi

cd "$here"
node lighthouse.mjs "$url" "$user" "$password" "$runs" "$here/target/lighthouse" "${desktop[@]}"
