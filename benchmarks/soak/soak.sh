#!/usr/bin/env bash
#
# soak.sh: nodes writing and syncing steadily for a long time (issue 27 item 6). RSS, threads, open files, heap and
# queue sizes should stay flat; they are sampled all along and plotted over time.
#
# Usage: benchmarks/soak/soak.sh [--minutes M] [--nodes N] [--rate W] [--out DIR] [--queue-every S] [--tail S] [--keep]
#                                 [DIST]
#   --minutes M       how long the writers write (default 30)
#   --nodes N         node processes (default 5)
#   --rate W          writes per second per node (default 1)
#   --out DIR         where the results go (default /tmp/dump-soak-<UTC date and time>)
#   --queue-every S   seconds between two dump:queues (and peers) samples (default: every sample, 15 s, when the
#                     shell answers over ssh; 60 s when it needs bin/client, which starts a JVM per call)
#   --tail S          seconds of samples after the convergence check, the nodes idle again (default 60)
#   --keep            keep the nodes' directories (database, logs) in /tmp/dump-bench-nodes.*; by default only each
#                     node's karaf.log is kept, in DIR/logs
#   DIST              the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build it first
#                     with mvn -B -q install -DskipTests)
#
# Starts N nodes from DIST on loopback (benchmarks/federation/nodes.sh: market installed, a user NAME-user with the
# password NAME-password on each), and wires them as docs/admin.md has an administrator do: one dump:peer-add per
# node, in a ring (n2 adds n1, n3 adds n2, ..., n1 adds nN); hellos and peer exchange do the rest. Then, for M
# minutes, one writer per node (soak.py write) signs in as its user and writes at a fixed rate through the market's
# REST API: creates a listing (70 %), edits one of its own (20 %) or deletes one (10 %), counting acknowledged
# writes and errors. The sampler (soak.py sample) reads each node's Karaf JVM every 15 s from 30 s before the
# writers start until the end: RSS, threads, open files (/proc/PID), CPU, heap (HotSpot's hsperfdata, which jstat
# reads: no attach), and, every sample or every 60 s (see --queue-every), peers (peers.json) and the sizes from
# dump:queues (over ssh with the admin password; a node without the command gets no queue sizes). After the writers
# stop it waits up to 3 minutes for every node to hold the same live listings, each acknowledged write among them,
# and runs dump:record-verify market on each node.
#
# Writes DIR/samples.csv (time_s,node,metric,value; time 0 = the writers start), DIR/summary.md (per node and
# metric: value after the 2-minute warm-up, at the end, min, max, slope per 10 minutes; writes; convergence) and
# DIR/soak.svg (plot.py). The nodes are stopped at the end, also on Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
minutes=30 count=5 rate=1 out="" queue_every="" tail=60 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --nodes) count="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --rate) rate="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --out) out="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --queue-every) queue_every="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --tail) tail="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '3,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "soak.sh: unknown option $1 (--help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+(\.[0-9]+)?$ ]] && python3 -c "import sys; sys.exit(not float('$minutes') > 0)" \
  || { echo "soak.sh: --minutes takes a number of minutes above 0" >&2; exit 2; }
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: --nodes takes a number of nodes (1 or more)" >&2; exit 2; }
[[ "$rate" =~ ^[0-9]+(\.[0-9]+)?$ ]] && python3 -c "import sys; sys.exit(not float('$rate') > 0)" \
  || { echo "soak.sh: --rate takes writes per second above 0" >&2; exit 2; }
[[ "$tail" =~ ^[0-9]+$ ]] || { echo "soak.sh: --tail takes seconds (0 or more)" >&2; exit 2; }
[ -z "$queue_every" ] || [[ "$queue_every" =~ ^[1-9][0-9]*$ ]] \
  || { echo "soak.sh: --queue-every takes seconds (1 or more)" >&2; exit 2; }
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz 2>/dev/null | head -n 1)}"
[ -f "$DIST" ] || { echo "soak.sh: no distribution '$DIST': build it with mvn -B -q install -DskipTests" >&2; exit 2; }
out="${out:-/tmp/dump-soak-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
exec > >(tee -a "$out/soak.log") 2>&1
say() { echo "soak: $(date -u +%H:%M:%S) $*"; }

NODES=()
for i in $(seq "$count"); do NODES+=("n$i"); done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "$count nodes, $minutes min, $rate write/s per node; results in $out"
source "$root/benchmarks/federation/nodes.sh"
helpers=()
finish() {
  for p in "${helpers[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${helpers[@]}"; do wait "$p" 2>/dev/null || true; done
  cleanup
  mkdir -p "$out/logs"
  for n in "${NODES[@]}"; do cp "$work/node-$n/data/log/karaf.log" "$out/logs/$n-karaf.log" 2>/dev/null || true; done
  if [ -z "$keep" ]; then rm -rf "$work"; else echo "soak: the nodes' directories are in $work"; fi
}
trap finish EXIT
start_nodes
say "nodes up (market installed, a user on each)"
wiring=()
if [ "$count" -gt 1 ]; then
  for i in $(seq "$count"); do
    prev=$(( i == 1 ? count : i - 1 ))
    [ "$count" -eq 2 ] && [ "$i" -eq 1 ] && continue # two nodes: one peer-add makes them peers
    peer_one "n$i" "n$prev"
    wiring+=("n$i→n$prev")
  done
fi
say "dump:peer-add ${wiring[*]:-none}"

# What the Python parts need, in DIR/config.json; the writers start 30 s from now, after two idle samples.
t0=$(python3 -c 'import time; print(f"{time.time() + 30:.3f}")')
for n in "${NODES[@]}"; do
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "${http[$n]}" "${ssh[$n]}" "$work/node-$n" \
    "$(cat "$work/node-$n/data/dump/initial-admin-password")"
done | python3 -c '
import json, sys
t0, minutes, rate, queue_every, home, out = sys.argv[1:7]
nodes = [dict(zip(("name", "http", "ssh", "base", "password"), line.rstrip("\n").split("\t"))) for line in sys.stdin]
for n in nodes:
    n["http"], n["ssh"] = int(n["http"]), int(n["ssh"])
json.dump({"t0": float(t0), "seconds": float(minutes) * 60, "rate": float(rate), "interval": 15,
           "queue_every": int(queue_every) if queue_every else None, "queue_via": "auto",
           "warmup": min(120, float(minutes) * 30),  # 2 minutes; half the run if it is shorter than 4
           "converge_timeout": 180, "home": home, "out": out, "nodes": nodes},
          open(out + "/config.json", "w"), indent=1)
' "$t0" "$minutes" "$rate" "$queue_every" "$home" "$out"
chmod 600 "$out/config.json" # it holds the nodes' admin passwords (of nodes that are gone after the run)
python3 - "$out/meta.json" "$DIST" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "$(nproc)" "$load_before" "${wiring[*]:-none}" <<'PY'
import json, sys, time
path, dist, build, cores, load, wiring = sys.argv[1:]
json.dump({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "dist": dist, "build": build, "cores": cores,
           "load_before": load, "wiring": "dump:peer-add " + wiring + " (ring), peer exchange for the rest"},
          open(path, "w"))
PY

python3 "$here/soak.py" sample "$out/config.json" & helpers+=($!)
sampler=$!
writers=()
for n in "${NODES[@]}"; do python3 "$here/soak.py" write "$out/config.json" "$n" & writers+=($!); done
helpers+=("${writers[@]}")
say "sampling from now on; writers start in 30 s and write for $minutes min"
failed=0
for p in "${writers[@]}"; do wait "$p" || failed=$((failed + 1)); done
helpers=("$sampler") # the writers are reaped: their pids are no longer ours to kill
[ "$failed" -eq 0 ] || say "$failed writer(s) ended with an error (see above)"
say "writers done; waiting up to 3 min for the nodes to converge"
python3 "$here/soak.py" converge "$out/config.json" || true
: > "$out/record-verify.txt"
for n in "${NODES[@]}"; do
  verified=$(python3 "$here/soak.py" shell "$out/config.json" "$n" "dump:record-verify market" 2>&1 || true)
  echo "$n: $(tr -s '\r\n' ' ' <<<"$verified")" >> "$out/record-verify.txt"
done
# A last minute of samples after convergence: the queues drained, the nodes idle again.
sleep "$tail"
kill -TERM "$sampler" 2>/dev/null || true
wait "$sampler" || true
helpers=()
echo "{\"load_after\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" | python3 -c '
import json, sys
path = sys.argv[1]; meta = json.load(open(path)); meta.update(json.load(sys.stdin)); json.dump(meta, open(path, "w"))
' "$out/meta.json"
for n in "${NODES[@]}"; do [ -f "$out/writes-$n.csv" ] && cat "$out/writes-$n.csv" >> "$out/samples.csv"; done
python3 "$here/soak.py" summary "$out"
python3 "$here/plot.py" "$out" >/dev/null
cat "$out/summary.md"
say "summary: $out/summary.md, plot: $out/soak.svg"
