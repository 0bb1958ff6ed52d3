#!/usr/bin/env bash
#
# run.sh: what a node's own users see while the node is attacked (issue 22, "Measure").
#
# Usage:
#   benchmarks/attacks/run.sh [--duration SECONDS] [--rate N] [--heap SIZE] [--out DIR] DIST [ATTACK...]
#
#   DIST      a node distribution: a dump-node-*.tar.gz or an unpacked one (the directory holding bin/dump-node)
#   ATTACK    any of: none signin-flood lockout session-flood slow-bodies hello-flood replay-fill big-answer
#             trickle-answer (default: all, in this order; `none` is the baseline without attack)
#   --duration  seconds each attack lasts (default 45); session-flood and replay-fill last until their 10,010
#               sign-ins or 100,500 requests are done (15 min at most)
#   --rate      probe requests per second (default 5)
#   --heap      the node's heap, JAVA_MAX_MEM of bin/setenv (default 256m)
#   --out       where logs and results go (default: a new /tmp/dump-attacks.XXXXXX)
#
# For each attack: a fresh node from DIST (its own directory and free ports, HTTP on 127.0.0.1 only, the heap above,
# the federation rounds every 5 s so that the peer attacks happen within the window), an account probe-user; then
# attack.py runs the attack while probe.py, signed in as probe-user, sends GET /api/node at --rate from another
# address; then the node is stopped. Prints per attack the probe's p50/p99/max and errors (an error counts as the
# probe's 10 s timeout), what the attack found, whether the node logged an OutOfMemoryError, and a Markdown table at
# the end (also OUT/results.md; OUT/results.jsonl has every figure).
#
# Needs: bash, curl, tar, Java 17, python3 with the `cryptography` package (slow-bodies and the peer attacks).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
duration=45 rate=5 heap=256m out=''
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [options] DIST [ATTACK...]" >&2; exit 2; }
dist=$1; shift
attacks=("$@")
[ ${#attacks[@]} -gt 0 ] || attacks=(none signin-flood lockout session-flood slow-bodies hello-flood replay-fill
  big-answer trickle-answer)
out=${out:-$(mktemp -d /tmp/dump-attacks.XXXXXX)}
mkdir -p "$out"

if [ -d "$dist" ]; then home=$(cd "$dist" && pwd)
else tar -xzf "$dist" -C "$out"; home=$(ls -d "$out"/dump-node-*); fi
[ -x "$home/bin/dump-node" ] || { echo "run: no bin/dump-node in $home" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node='' http=''
stop_node() {
  [ -n "$node" ] || return 0
  "$home/bin/dump-node" stop "$node" >/dev/null 2>&1 || true
  for _ in $(seq 300); do
    [ -f "$node/karaf.pid" ] && kill -0 "$(cat "$node/karaf.pid")" 2>/dev/null || { node=''; return 0; }
    sleep 0.2
  done
  kill -9 "$(cat "$node/karaf.pid")" 2>/dev/null || true
  node=''
}
trap stop_node EXIT

start_node() {  # a fresh node in $out/node-$1
  node=$out/node-$1 http=$(free_port)
  mkdir -p "$node" && cp -R "$home/etc" "$node/etc"
  sed -i 's/^org.ops4j.pax.web.listening.addresses *=.*/org.ops4j.pax.web.listening.addresses = 127.0.0.1/' \
    "$node/etc/org.ops4j.pax.web.cfg"
  printf 'intervalSeconds = 5\nfirstRoundSeconds = 1\n' > "$node/etc/org.dump.federation.sync.cfg"
  printf 'intervalSeconds = 5\nfirstRoundSeconds = 1\n' > "$node/etc/org.dump.federation.exchange.cfg"
  JAVA_MAX_MEM=$heap KARAF_REDIRECT="$node/console.log" "$home/bin/dump-node" start "$node" --http "$http" \
    --ssh "$(free_port)" --rmi-registry "$(free_port)" --rmi-server "$(free_port)" --name "attack-$1" >/dev/null
  for _ in $(seq 1800); do curl -sf "http://127.0.0.1:$http/api/node" >/dev/null && break; sleep 0.1; done
  for _ in $(seq 600); do [ -s "$node/data/dump/initial-admin-password" ] && break; sleep 0.1; done
  admin_pw=$(cat "$node/data/dump/initial-admin-password")
  curl -sf -u "admin:$admin_pw" -H 'Content-Type: application/json' \
    -d '{"username":"probe-user","password":"probe-password"}' "http://127.0.0.1:$http/api/users" >/dev/null
}

# The peer attacks need the node to run `market` (so that it reconciles with the fake peer): from the shipped
# repository, else from the jar $MARKET_JAR (e.g. module-repo/market/target/market-*.jar of the same commit).
install_market() {
  if ! $1 <<<'dump:module-install market' 2>&1 | grep -q 'Installed and started'; then
    if [ -n "${MARKET_JAR:-}" ]; then $1 <<<"bundle:install -s file:$MARKET_JAR" >/dev/null 2>&1 || true
    else echo "run: market not installed (no shipped repository, no MARKET_JAR)" >&2; fi
  fi
  for _ in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -u probe-user:probe-password "http://127.0.0.1:$http/api/modules/market/listings")" = 200 ] && return 0
    sleep 0.2
  done
  echo "run: market does not answer" >&2
}

echo "distribution: $dist (unpacked in $home)"
echo "machine: $(nproc) cores; $(uptime); heap $heap; probe $rate/s; attacks of ${duration} s"
for a in "${attacks[@]}"; do
  start_node "$a"
  url=http://127.0.0.1:$http
  shell="$home/bin/dump-node client $node -h 127.0.0.1 -u admin -p $admin_pw -b"
  case "$a" in replay-fill|big-answer|trickle-answer) install_market "$shell" ;; esac
  cookie=$(python3 "$here/probe.py" --url "$url" --user probe-user --password probe-password --sign-in-only)
  sleep 5  # let the node settle after its first sign-ins
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  python3 "$here/attack.py" "$a" --url "$url" --duration "$duration" --admin-password "$admin_pw" \
    --shell "$shell" > "$out/$a.attack.json" 2> "$out/$a.attack.log" &
  attack_pid=$!
  max=$duration; case "$a" in session-flood|replay-fill) max=900 ;; esac
  python3 "$here/probe.py" --url "$url" --cookie "$cookie" --rate "$rate" \
    --duration "$max" --while-pid "$attack_pid" > "$out/$a.probe.json" || echo '{}' > "$out/$a.probe.json"
  wait "$attack_pid" || echo "{\"attack\":\"$a\",\"failed\":\"$(tail -n 1 "$out/$a.attack.log")\"}" > "$out/$a.attack.json"
  oom=no; grep -qs OutOfMemoryError "$node"/data/log/karaf.log* "$node/console.log" && oom=yes
  rss=$(awk '/VmRSS/ { print int($2 / 1024) " MB" }' "/proc/$(cat "$node/karaf.pid")/status" 2>/dev/null || echo gone)
  python3 - "$a" "$out/$a.probe.json" "$out/$a.attack.json" "$oom" "$rss" "$load_before" <<'EOF' | tee -a "$out/results.jsonl"
import json, sys
name, probe, attack, oom, rss, load = sys.argv[1:]
print(json.dumps({"attack": name, "probe": json.load(open(probe)), "result": json.load(open(attack)),
                  "oom": oom, "rss_after": rss, "load_at_start": load}))
EOF
  stop_node
done

python3 - "$out/results.jsonl" <<'EOF' | tee "$out/results.md"
import json, sys
print("| attack | p50 ms | p99 ms | max ms | errors / probes | OutOfMemoryError | found |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for line in open(sys.argv[1]):
    r = json.loads(line)
    p, res = r["probe"], r["result"]
    found = res.get("finding") or res.get("failed") or ", ".join(
        f"{k} {v}" for k, v in res.items() if k not in ("attack", "seconds", "peer_add"))
    print(f"| {r['attack']} | {p.get('p50_ms', '-')} | {p.get('p99_ms', '-')} | {p.get('max_ms', '-')} | "
          f"{p.get('errors', '-')} / {p.get('requests', '-')} | {r['oom']} | {found} |")
EOF
echo "logs and figures: $out"
