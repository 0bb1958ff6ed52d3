#!/usr/bin/env bash
#
# catch-up.sh: how fast a node takes in what it missed (issue 4). X and Y are peers running the market; Y is
# stopped while X writes COUNT listings (default 100,000); X keeps running, as a node does while a peer is away:
# its pushes to Y find nobody and are dropped (RecordPush), so Y catches up by anti-entropy alone; then Y is
# started. Prints Y's own account of the catch-up (records, pages, time from its first request to the last record
# stored) and records per second.
#
# With --partition, Y is not stopped but cut off: X and Y reach each other only through two links (link.py, their
# publicBaseUrl and peer addresses point there), and the links are closed while X writes and opened again after.
# Y's JVM then keeps running, as a node's does when its network goes away and comes back; without --partition it
# comes back as a freshly started JVM that also compiles its code while it catches up.
#
# With --cpu, each round also prints where Y's CPU went during its catch-up, by thread (cpu-budget.py): from the
# moment its catch-up thread appears (restarted) or the links open (--partition) to the last record stored; with
# --postgresql also the CPU of the PostgreSQL server's processes in that time.
#
# With --rounds N, the whole cycle (Y away, X writes COUNT, Y catches up) runs N times on the same nodes. With
# --partition, the second round shows a JVM that has caught up before, whose ingest path the JIT has compiled.
#
# With --postgresql, X and Y each run on a fresh PostgreSQL database of their own instead of embedded Derby, set up
# before their first start as docs/admin.md ("Using PostgreSQL") says (nodes.sh, DATABASE=postgresql: the server and
# role come from PGHOST, PGPORT, PGUSER, PGPASSWORD; the databases are dropped at the end).
#
# Usage: benchmarks/federation/catch-up.sh [--partition] [--rounds N] [--cpu] [--postgresql] [DIST] [COUNT]
#   DIST  the node distribution tar.gz (default: karaf-assembly/target/dump-node-*.tar.gz; build it first with
#         mvn -B -q install -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
partition=""
cpu=""
rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --partition) partition=1; shift ;;
    --cpu) cpu=1; shift ;;
    --postgresql) DATABASE=postgresql; shift ;;
    --rounds) rounds="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    *) break ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "catch-up.sh: --rounds takes a number of rounds (1 or more)" >&2; exit 2; }
DIST="${1:-$(ls "$root"/karaf-assembly/target/dump-node-*.tar.gz | head -n 1)}"
count="${2:-100000}"
NODES=(x y)
source "$(dirname "$0")/nodes.sh"
start_nodes
declare -A link link_pid
open_links() { for n in x y; do python3 "$(dirname "$0")/link.py" "${link[$n]}" "${http[$n]}" & link_pid[$n]=$!; done; sleep 1; }
close_links() { for n in x y; do kill "${link_pid[$n]}" 2>/dev/null || true; wait "${link_pid[$n]}" 2>/dev/null || true; done; }
if [ -n "$partition" ]; then
  # Each node answers peers at its link's address: it says so in hellos, and its peer is added there.
  for n in x y; do
    link[$n]=$(free_port)
    sed -i "s|^publicBaseUrl *=.*|publicBaseUrl = http://127.0.0.1:${link[$n]}/|" "$work/node-$n/etc/org.dump.node.cfg"
    stop_node "$n"; restart_node "$n"
  done
  for n in x y; do await_node "$n"; done
  trap 'close_links; cleanup' EXIT
  open_links
  client x "dump:peer-add http://127.0.0.1:${link[y]}/" >/dev/null
  client y "dump:peer-add http://127.0.0.1:${link[x]}/" >/dev/null 2>&1 || true # X's hello may have done it
  close_links
  echo "X and Y cut off from each other; X writes $count listings" >&2
else
  peer x y
  stop_node y
  echo "Y stopped; X writes $count listings" >&2
fi
log="$work/node-y/data/log/karaf.log"
# Y's catch-up lines so far, one a finished catch-up, in the order they were logged
caught_up() { grep "Caught up market with peer.* in " "$log" 2>/dev/null || true; }
for round in $(seq "$rounds"); do
  if [ "$round" -gt 1 ]; then
    if [ -n "$partition" ]; then close_links; else stop_node y; fi
    echo "round $round: X writes $count more listings" >&2
  fi
  # Catch-ups that Y has logged before this round's
  before=$(caught_up | wc -l)
  python3 "$(dirname "$0")/write-listings.py" "${http[x]}" x-user x-password "$count" 8
  if [ -n "$partition" ]; then
    sleep 3 # X finds Y gone and drops what it queued for it (RecordPush)
    echo "links open again; Y catches up at its next anti-entropy round (every 30 s ± 20 %)" >&2
    open_links
  else
    echo "starting Y" >&2
    restart_node y
    # Y's catch-up begins once its boot has finished: its catch-up thread appears then.
    if [ -n "$cpu" ]; then
      for _ in $(seq 1200); do
        grep -qs "dump-catch-up" "/proc/$(cat "$work/node-y/karaf.pid" 2>/dev/null)"/task/*/comm && break; sleep 0.05
      done
    fi
  fi
  [ -z "$cpu" ] || [ "$DATABASE" != postgresql ] || pg_before=$(postgresql_cpu)
  [ -z "$cpu" ] || python3 "$(dirname "$0")/cpu-budget.py" snapshot "$(cat "$work/node-y/karaf.pid")" \
    "$work/cpu-before" "$(cat "$work/node-x/karaf.pid")"
  at=$((before + 1))
  for _ in $(seq 6000); do
    # This round's catch-up lines by number, each read once: a line read before the round's was written (the last
    # one of the round before) must not stand for it.
    line=$(caught_up | sed -n "${at}p")
    if [ -n "$line" ]; then
      new=$(sed -E 's/.*: ([0-9]+) new.*/\1/' <<<"$line")
      [ "$new" -ge "$count" ] && break
      at=$((at + 1)) # a catch-up of part of the records: wait for the one after it
    fi
    sleep 0.1
  done
  caught_up | tail -n +$((before + 1)) >&2
  echo "round $round: $(sed -E 's/.*\| //' <<<"$line")"
  if [ "$DATABASE" = postgresql ]; then # where Y's records went: its own PostgreSQL database
    echo "Y's database ${database_of[y]}: $(psql -X -At -d "${database_of[y]}" -c 'SELECT count(*) FROM dump_record') records" >&2
  fi
  [ -z "$cpu" ] || python3 "$(dirname "$0")/cpu-budget.py" since "$(cat "$work/node-y/karaf.pid")" \
    "$work/cpu-before" "$(cat "$work/node-x/karaf.pid")"
  [ -z "$cpu" ] || [ "$DATABASE" != postgresql ] || echo "PostgreSQL server processes (every database on the server):" \
    "$(python3 -c "print(f'{$(postgresql_cpu) - $pg_before:.1f}')") s of CPU"
done
