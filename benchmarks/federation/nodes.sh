# nodes.sh: node processes for the multi-node benchmarks, sourced by propagation.sh and catch-up.sh.
#
# Set NODES (names) and DIST (the node tar.gz) before sourcing; then start_nodes starts one node per name on free
# loopback ports from an unpacked DIST, with the market installed (unless NO_MARKET is set) and a user NAME-user
# (password NAME-password) on each; configure PID LINE... writes etc/PID.cfg for nodes started afterwards; client NAME COMMAND runs a shell command through bin/client; peer A B makes A and B peers (dump:peer-add on
# both); peer_one A B runs dump:peer-add on A only, as most people do. The nodes are stopped when the script ends,
# also on Ctrl-C.
#
# With DATABASE=postgresql (default derby), each node gets a fresh PostgreSQL database of its own before its first
# start, set up as docs/admin.md ("Using PostgreSQL") says: dump-postgresql below `featuresBoot = \` in the node's
# etc/org.apache.karaf.features.cfg, and the Derby lines of its etc/org.ops4j.datasource-dump.cfg replaced. The
# databases are made and dropped (when the script ends) with psql as a role that may create databases: PGHOST,
# PGPORT, PGUSER, PGPASSWORD (default localhost, 5432, and the integration tests' role dump_itests, dump-itests).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
market="$(ls "$root"/module-repo/market/target/market-*.jar | grep -v sources | head -n 1)"
work="$(mktemp -d /tmp/dump-bench-nodes.XXXXXX)"
tar -xzf "$DIST" -C "$work"
home="$(ls -d "$work"/dump-node-*)"
declare -A http ssh
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stop_node() { "$home/bin/dump-node" stop "$work/node-$1" >/dev/null 2>&1 || true
  for _ in $(seq 600); do [ -f "$work/node-$1/karaf.pid" ] && kill -0 "$(cat "$work/node-$1/karaf.pid")" 2>/dev/null || return 0; sleep 0.1; done; }
DATABASE="${DATABASE:-derby}"
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-dump_itests}" PGPASSWORD="${PGPASSWORD:-dump-itests}"
databases=()
declare -A database_of # node name -> its PostgreSQL database
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "$1" >/dev/null; }
# Points the node NAME (not started yet) at a fresh PostgreSQL database, as docs/admin.md has an administrator do.
use_postgresql() {
  local base="$work/node-$1" database
  database="dump_bench_$1_$(date +%s)_$RANDOM"
  psql_admin "CREATE DATABASE $database"
  databases+=("$database"); database_of[$1]=$database
  mkdir -p "$base"; cp -R "$home/etc" "$base/etc"
  sed -i 's/^featuresBoot = \\$/featuresBoot = \\\n    dump-postgresql, \\/' "$base/etc/org.apache.karaf.features.cfg"
  sed -i -e '/^osgi\.jdbc\.driver\.name = derby$/c\osgi.jdbc.driver.name = PostgreSQL JDBC Driver' \
    -e "/^url = jdbc:derby:/c\\url = jdbc:postgresql://$PGHOST:$PGPORT/$database\nuser = $PGUSER\npassword = $PGPASSWORD" \
    "$base/etc/org.ops4j.datasource-dump.cfg"
  grep -q '^    dump-postgresql, \\$' "$base/etc/org.apache.karaf.features.cfg" \
    && grep -q "^url = jdbc:postgresql://.*/$database$" "$base/etc/org.ops4j.datasource-dump.cfg" \
    || { echo "nodes.sh: could not set up node $1 for PostgreSQL as docs/admin.md says" >&2; exit 1; }
}
# CPU seconds the local PostgreSQL server's processes have used so far (the live ones, and the ended ones that the
# postmaster reaped), of every database on it: for catch-up.sh --cpu --postgresql.
postgresql_cpu() {
  python3 - <<'PY'
import os
hz, seen, total = os.sysconf("SC_CLK_TCK"), {}, 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/comm") as f, open(f"/proc/{pid}/stat") as g:
            if f.read().strip() == "postgres":
                seen[pid] = g.read().rsplit(")", 1)[1].split()
    except OSError:
        pass  # ended while read
for pid, stat in seen.items():
    total += int(stat[11]) + int(stat[12])  # utime, stime
    if stat[1] not in seen:  # the postmaster: cutime, cstime of its ended backends
        total += int(stat[13]) + int(stat[14])
print(f"{total / hz:.1f}")
PY
}
cleanup() {
  for n in "${NODES[@]}"; do stop_node "$n"; done
  for d in "${databases[@]}"; do psql_admin "DROP DATABASE IF EXISTS $d WITH (FORCE)" || true; done
}
trap cleanup EXIT
await_node() {
  for _ in $(seq 1800); do curl -sf "http://127.0.0.1:${http[$1]}/api/node" >/dev/null && break; sleep 0.1; done
  for _ in $(seq 300); do [ -s "$work/node-$1/data/dump/initial-admin-password" ] && break; sleep 0.1; done
}
# Starts a node again that was stopped: its ports and name are in its etc/.
restart_node() { KARAF_REDIRECT="$work/$1-console.log" "$home/bin/dump-node" start "$work/node-$1" >/dev/null; }
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
start_nodes() {
  for n in "${NODES[@]}"; do
    case "$DATABASE" in
      derby) ;;
      postgresql) use_postgresql "$n" ;;
      *) echo "nodes.sh: DATABASE is derby or postgresql, not '$DATABASE'" >&2; exit 2 ;;
    esac
    http[$n]=$(free_port); ssh[$n]=$(free_port)
    KARAF_REDIRECT="$work/$n-console.log" "$home/bin/dump-node" start "$work/node-$n" --http "${http[$n]}" \
      --ssh "${ssh[$n]}" --rmi-registry "$(free_port)" --rmi-server "$(free_port)" --name "$n" >/dev/null
  done
  for n in "${NODES[@]}"; do await_node "$n"; done
  for n in "${NODES[@]}"; do
    [ -n "${NO_MARKET:-}" ] || client "$n" "bundle:install -s file:$market" >/dev/null
    curl -sf -u "admin:$(cat "$work/node-$n/data/dump/initial-admin-password")" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$n-user\",\"password\":\"$n-password\"}" "http://127.0.0.1:${http[$n]}/api/users" >/dev/null
    for _ in $(seq 300); do
      [ -n "${NO_MARKET:-}" ] && break
      [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$n-user:$n-password" "http://127.0.0.1:${http[$n]}/api/modules/market/listings")" = 200 ] && break
      sleep 0.1
    done
  done
}
configure() { local pid=$1; shift; printf '%s\n' "$@" > "$home/etc/$pid.cfg"; }
peer() {
  client "$1" "dump:peer-add http://127.0.0.1:${http[$2]}/" >/dev/null
  client "$2" "dump:peer-add http://127.0.0.1:${http[$1]}/" >/dev/null
}
peer_one() { client "$1" "dump:peer-add http://127.0.0.1:${http[$2]}/" >/dev/null; }
