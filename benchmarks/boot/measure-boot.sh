#!/usr/bin/env bash
#
# measure-boot.sh: first boot, restart, idle memory and bundle count of the DUMP node distribution (issue 2).
#
# Usage:
#   benchmarks/boot/measure-boot.sh [options] [DIST] [RUNS]
#
#   DIST   the node distribution: a .tar.gz or an unpacked directory. Default: the newest
#          karaf-assembly/target/dump-node-*.tar.gz of this repository (build it first: mvn -B -q install -DskipTests).
#   RUNS   runs per configuration (default 5). Figures are reported per run and as medians.
#
# Options:
#   --karaf[=TARBALL]     also measure a stock Apache Karaf 4.4.10 with its own defaults, for the ratio DUMP/Karaf.
#                         Default TARBALL: ~/.m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz,
#                         fetched with `mvn dependency:get` when missing.
#   -V, --variant 'NAME=TOKENS'
#                         also measure a variant (repeatable). TOKENS, separated by spaces:
#                           -X...          a JVM option, passed in EXTRA_JAVA_OPTS (after DUMP's own, so it wins)
#                           VAR=value      an environment variable for the start scripts, e.g. JAVA_MAX_MEM=192m or
#                                          MALLOC_ARENA_MAX=2
#                           @PATH          another distribution (.tar.gz or directory); @karaf is the stock Karaf
#                         e.g. -V 'xmx192=JAVA_MAX_MEM=192m'  -V 'c1=-XX:TieredStopAtLevel=1'
#                              -V 'karaf-like-dump=@karaf -Xms32m -Xmx256m -XX:+UseSerialGC'
#   --idle SECONDS        wait this long after the node is up before reading its RSS (default 20), then on until its
#                         CPU use settles (below 3% of a core over 2 s, at most 30 s more)
#   --restart-idle        also read the idle RSS after the restart (costs another idle wait per run)
#   --details             also read, after the RSS, the JVM's committed heap, committed metaspace and loaded classes
#                         (jcmd PerfCounter.print), which explain the RSS and vary less than it
#   --bundles             list the bundles of each configuration (first run) into the output directory, through
#                         bin/client and the initial admin password (DUMP nodes only)
#   --out DIR             where to write runs.tsv, summary.md and logs (default: a new /tmp/dump-boot.XXXXXX)
#   --keep                keep the unpacked copies (default: delete them)
#   -h, --help
#
# What one run of one configuration does:
#   1. unpacks DIST into a fresh temporary directory. First boot means an empty data/: state that the tar.gz ships in
#      data/ (other than tmp/README) is reported and removed.
#   2. picks free loopback ports; a DUMP node gets them through `bin/dump-node start DIR --http --ssh --rmi-registry
#      --rmi-server` (DIR is the unpacked directory itself) and listens on 127.0.0.1 only; a stock Karaf gets them
#      in etc/ and is started with bin/start.
#   3. first boot: wall time from launching the start command until `GET /api/node` answers 200 (a stock Karaf has
#      no /api/node: until its SSH port accepts connections), polled every 50 ms. Also recorded: when the SSH port
#      first accepted (both kinds) and the CPU time (user+system) the JVM had used by then, which is far less
#      sensitive to other load on the machine than wall time.
#   4. idle: waits (--idle), then reads VmRSS, RssAnon and Threads from /proc/<pid>/status of the Karaf JVM
#      (pid from DIR/karaf.pid).
#   5. bundle count: the bundle<N> directories of the Felix cache (data/cache) less the system bundle; this equals
#      the lines of `bundle:list -t 0` less the system bundle.
#   6. stops the node (bin/dump-node stop / bin/stop), waits for the JVM to exit (killed after 60 s; reported),
#      then starts it again on the same directory and measures the restart the same way, and stops it again.
#   Runs of the configurations are interleaved (run 1 of each, then run 2 of each, ...) so that a change in the
#   machine's load hits every configuration alike; ratios are taken against the first configuration of the same
#   invocation. Default ports (8181, 8101, 1099, 44444) are never used. Every JVM started is stopped at the end,
#   also on Ctrl-C.
#
# Output: per-run lines while it runs; at the end machine facts, per-run tables and a Markdown summary table
# (also in OUT/summary.md, ready to paste into benchmarks/RESULTS.md); OUT/runs.tsv holds every figure.
#
# Needs: bash 4+, curl, tar, awk, ss (iproute2), Java 17 on the PATH or in JAVA_HOME.
set -euo pipefail
ORIGINAL_ARGS=$(printf "%q " "$@")

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
KARAF_VERSION=4.4.10
STOCK_KARAF="$HOME/.m2/repository/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz"
DUMP_READY_PATH=/api/node
POLL_SECONDS=0.05
BOOT_TIMEOUT=180
STOP_TIMEOUT=60

usage() {
    sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

die() { echo "measure-boot: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------------------------------------------- arguments
IDLE=20
RESTART_IDLE=false
LIST_BUNDLES=false
DETAILS=false
OUT=''
KEEP=false
WITH_KARAF=false
declare -a VARIANT_SPECS=()
declare -a POSITIONAL=()
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage 0 ;;
        --karaf) WITH_KARAF=true ;;
        --karaf=*) WITH_KARAF=true; STOCK_KARAF=${1#--karaf=} ;;
        -V|--variant) [ $# -ge 2 ] || die "$1 needs NAME=TOKENS"; VARIANT_SPECS+=("$2"); shift ;;
        --variant=*) VARIANT_SPECS+=("${1#--variant=}") ;;
        --idle) [ $# -ge 2 ] || die "--idle needs seconds"; IDLE=$2; shift ;;
        --restart-idle) RESTART_IDLE=true ;;
        --bundles) LIST_BUNDLES=true ;;
        --details) DETAILS=true ;;
        --out) [ $# -ge 2 ] || die "--out needs a directory"; OUT=$2; shift ;;
        --keep) KEEP=true ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) POSITIONAL+=("$1") ;;
    esac
    shift
done
[ ${#POSITIONAL[@]} -le 2 ] || die "too many arguments (see --help)"
DIST=${POSITIONAL[0]:-}
RUNS=${POSITIONAL[1]:-5}
case "$RUNS" in ''|*[!0-9]*|0) die "RUNS must be a positive number, not '$RUNS'" ;; esac
case "$IDLE" in ''|*[!0-9]*) die "--idle must be whole seconds" ;; esac
if [ -z "$DIST" ]; then
    DIST=$(ls -t "$REPO_DIR"/karaf-assembly/target/dump-node-*.tar.gz 2>/dev/null | head -n 1 || true)
    [ -n "$DIST" ] || die "no karaf-assembly/target/dump-node-*.tar.gz: build first (mvn -B -q install -DskipTests) or name DIST"
fi
[ -e "$DIST" ] || die "no distribution at $DIST"
DIST=$(cd "$(dirname "$DIST")" && pwd)/$(basename "$DIST")

for tool in curl tar awk ss; do command -v "$tool" >/dev/null || die "$tool is needed"; done
if [ -n "${JAVA_HOME:-}" ]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN=$(command -v java || true); fi
[ -x "$JAVA_BIN" ] || die "no java (set JAVA_HOME or put java on the PATH)"
JCMD_BIN=$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd
! $DETAILS || [ -x "$JCMD_BIN" ] || die "--details needs jcmd next to $JAVA_BIN"

stock_karaf() {
    if [ ! -f "$STOCK_KARAF" ]; then
        log "fetching Apache Karaf $KARAF_VERSION with mvn dependency:get"
        mvn -B -q dependency:get -Dartifact="org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz" -Dtransitive=false >&2 \
            || die "could not fetch apache-karaf-$KARAF_VERSION.tar.gz"
    fi
    [ -f "$STOCK_KARAF" ] || die "no stock Karaf at $STOCK_KARAF"
    echo "$STOCK_KARAF"
}

# Configurations: name, distribution, JVM options (EXTRA_JAVA_OPTS), environment assignments (space separated).
declare -a CFG_NAME=() CFG_DIST=() CFG_OPTS=() CFG_ENV=()
add_config() { CFG_NAME+=("$1"); CFG_DIST+=("$2"); CFG_OPTS+=("$3"); CFG_ENV+=("$4"); }
add_config dump "$DIST" "" ""
$WITH_KARAF && add_config karaf "$(stock_karaf)" "" ""
for spec in "${VARIANT_SPECS[@]+"${VARIANT_SPECS[@]}"}"; do
    case "$spec" in *=*) ;; *) die "variant '$spec' is not NAME=TOKENS" ;; esac
    name=${spec%%=*} tokens=${spec#*=}
    [ -n "$name" ] || die "variant '$spec' has no name"
    case "$name" in *[!A-Za-z0-9._+-]*) die "variant name '$name': use letters, digits, . _ + -" ;; esac
    vdist=$DIST vopts='' venv=''
    for token in $tokens; do
        case "$token" in
            @karaf) vdist=$(stock_karaf) ;;
            @*) vdist=${token#@}; [ -e "$vdist" ] || die "variant $name: no distribution at $vdist"
                vdist=$(cd "$(dirname "$vdist")" && pwd)/$(basename "$vdist") ;;
            -*) vopts="$vopts $token" ;;
            [A-Za-z_]*=*) venv="$venv $token" ;;
            *) die "variant $name: token '$token' is neither -option, VAR=value nor @distribution" ;;
        esac
    done
    add_config "$name" "$vdist" "${vopts# }" "${venv# }"
done
NCFG=${#CFG_NAME[@]}

if [ -z "$OUT" ]; then OUT=$(mktemp -d /tmp/dump-boot.XXXXXX); else mkdir -p "$OUT"; fi
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/dump-boot-work.XXXXXX)
TSV=$OUT/runs.tsv
mkdir -p "$OUT/logs" "$WORK/home"

# ---------------------------------------------------------------------------------------------------- cleanup
CURRENT_PID=''
CURRENT_DIR=''
# The JVMs this script started: those whose karaf.base lies in its own work directory.
own_jvms() {
    local p
    for p in /proc/[0-9]*; do
        tr '\0' '\n' < "$p/cmdline" 2>/dev/null | grep -q -- "^-Dkaraf.base=$WORK/" && echo "${p#/proc/}"
    done
    return 0
}
jvm_of_dir() {
    local p
    for p in /proc/[0-9]*; do
        tr '\0' '\n' < "$p/cmdline" 2>/dev/null | grep -qxF -- "-Dkaraf.base=$1" && { echo "${p#/proc/}"; return 0; }
    done
    return 0
}
cleanup() {
    local rc=$? pid
    for pid in $CURRENT_PID $(own_jvms); do
        kill -0 "$pid" 2>/dev/null || continue
        log "stopping the JVM $pid left running"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if $KEEP; then log "unpacked copies kept in $WORK"; else rm -rf "$WORK"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------- helpers
now_us() { local t=${EPOCHREALTIME/./}; echo "${t#0}"; }
ms_since() { echo $(( ($(now_us) - $1) / 1000 )); }
CLK_TCK=$(getconf CLK_TCK)

# CPU seconds (user + system) used so far by a process, e.g. 12.34.
cpu_seconds() {
    [ -r "/proc/$1/stat" ] || { echo NA; return; }
    awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$1/stat"
}
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo NA; }

declare -A USED_PORTS=()
free_port() {
    local port listening
    listening=$(ss -Htan 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }' | sort -u)
    while :; do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
        [ -z "${USED_PORTS[$port]:-}" ] || continue
        grep -qx "$port" <<<"$listening" && continue
        USED_PORTS[$port]=1
        echo "$port"
        return
    done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Writes KEY = VALUE into a .cfg file, replacing the key's line or adding it.
set_property() {
    local file=$1 key=$2 value=$3
    if grep -q "^[[:space:]]*${key}[[:space:]]*=" "$file"; then
        sed -i "s|^[[:space:]]*${key}[[:space:]]*=.*|${key} = ${value}|" "$file"
    else
        printf '%s = %s\n' "$key" "$value" >> "$file"
    fi
}

median() { # numbers on stdin (NA ignored) -> median, or NA
    sort -g | awk '$1 != "NA" && $1 != "" { v[n++] = $1 } END {
        if (n == 0) { print "NA"; exit }
        if (n % 2) m = v[(n - 1) / 2]; else m = (v[n / 2 - 1] + v[n / 2]) / 2
        print m }'
}
minmax() { sort -g | awk '$1 != "NA" && $1 != "" { v[n++] = $1 } END { if (n) print v[0] "–" v[n - 1]; else print "NA" }'; }

# Unpacks (or copies) a distribution into a fresh directory; prints the directory of the unpacked Karaf.
unpack() {
    local dist=$1 dest=$2 top shipped
    mkdir -p "$dest"
    if [ -d "$dist" ]; then cp -a "$dist/." "$dest/"; top=$dest
    else
        tar xzf "$dist" -C "$dest"
        top=$(find "$dest" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    fi
    [ -x "$top/bin/karaf" ] || die "$dist: no bin/karaf in it"
    shipped=$(cd "$top" && find data -mindepth 1 -maxdepth 1 ! -name tmp 2>/dev/null | sort | tr '\n' ' ')
    if [ -n "$shipped" ] || [ -f "$top/karaf.pid" ]; then
        echo "WARNING: $(basename "$dist") ships state from an earlier run: ${shipped}$( [ -f "$top/karaf.pid" ] && echo karaf.pid) - removed, so that this is a first boot" >> "$OUT/warnings.txt"
        (cd "$top" && find data -mindepth 1 -maxdepth 1 ! -name tmp -exec rm -rf {} + && rm -f karaf.pid)
    fi
    echo "$top"
}

is_dump() { [ -x "$1/bin/dump-node" ]; }

# Starts the node in DIR (kind-specific); the first start also sets its ports. Exports the variant's environment.
start_node() {
    local dir=$1 opts=$2 envs=$3 first=$4
    rm -f "$dir/karaf.pid"   # Karaf leaves it behind when it stops
    (
        cd "$dir"
        unset JAVA_MAX_MEM JAVA_MIN_MEM JAVA_OPTS KARAF_OPTS EXTRA_JAVA_OPTS
        for assignment in $envs; do export "${assignment?}"; done
        [ -z "$opts" ] || export EXTRA_JAVA_OPTS="$opts"
        export KARAF_OPTS="-Duser.home=$WORK/home"
        if is_dump "$dir"; then
            if $first; then
                bin/dump-node start "$dir" --http "$HTTP_PORT" --ssh "$SSH_PORT" \
                    --rmi-registry "$RMI_REGISTRY_PORT" --rmi-server "$RMI_SERVER_PORT"
            else
                bin/dump-node start "$dir"
            fi
        else
            bin/start
        fi
    ) >> "$LOG" 2>&1
}

stop_node() {
    local dir=$1
    if is_dump "$dir"; then (cd "$dir" && bin/dump-node stop "$dir") >> "$LOG" 2>&1 || true
    else (cd "$dir" && bin/stop) >> "$LOG" 2>&1 || true; fi
}

# Sets PID (and CURRENT_PID) from DIR/karaf.pid once the JVM of DIR has written it.
read_pid() {
    local candidate
    [ -s "$1/karaf.pid" ] || return 0
    candidate=$(tr -dc '0-9' < "$1/karaf.pid")
    [ -n "$candidate" ] && tr '\0' '\n' < "/proc/$candidate/cmdline" 2>/dev/null | grep -qxF -- "-Dkaraf.base=$1" || return 0
    PID=$candidate CURRENT_PID=$candidate
}

# Waits until the node in DIR is ready; sets READY_MS, SSH_MS, READY_CPU, PID. Returns 1 on timeout.
wait_ready() {
    local dir=$1 t0=$2 dump=false code elapsed
    is_dump "$dir" && dump=true
    READY_MS=NA SSH_MS=NA READY_CPU=NA PID=''
    while :; do
        elapsed=$(ms_since "$t0")
        [ "$elapsed" -lt $((BOOT_TIMEOUT * 1000)) ] || return 1
        [ -n "$PID" ] || read_pid "$dir"
        if [ "$SSH_MS" = NA ] && port_open "$SSH_PORT"; then SSH_MS=$elapsed; fi
        if $dump; then
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$HTTP_PORT$DUMP_READY_PATH" || true)
            if [ "$code" = 200 ]; then READY_MS=$(ms_since "$t0"); break; fi
        elif [ "$SSH_MS" != NA ]; then
            READY_MS=$SSH_MS; break
        fi
        if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then echo "the JVM $PID exited during boot" >> "$LOG"; return 1; fi
        sleep "$POLL_SECONDS"
    done
    [ -n "$PID" ] || read_pid "$dir"
    [ -n "$PID" ] || { echo "no karaf.pid in $dir" >> "$LOG"; return 1; }
    READY_CPU=$(cpu_seconds "$PID")
    return 0
}

# Waits IDLE seconds, then until the JVM's CPU use settles; sets RSS_KB, ANON_KB, THREADS, IDLE_CPU.
wait_idle_and_read() {
    local pid=$1 a b extra=0
    sleep "$IDLE"
    while [ $extra -lt 30 ]; do
        a=$(cpu_seconds "$pid"); sleep 2; b=$(cpu_seconds "$pid"); extra=$((extra + 2))
        awk -v a="$a" -v b="$b" 'BEGIN { exit !((b - a) / 2 < 0.03) }' && break
    done
    RSS_KB=$(status_kb "$pid" VmRSS) ANON_KB=$(status_kb "$pid" RssAnon) THREADS=$(status_kb "$pid" Threads)
    IDLE_CPU=$(cpu_seconds "$pid")
}

# Stops the node and waits for its JVM to exit; sets STOP_MS and FORCED.
stop_and_wait() {
    local dir=$1 pid=$2 t0
    t0=$(now_us); FORCED=no
    stop_node "$dir"
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(ms_since "$t0")" -gt $((STOP_TIMEOUT * 1000)) ]; then
            FORCED=yes; kill "$pid" 2>/dev/null || true; sleep 5; kill -9 "$pid" 2>/dev/null || true
        fi
        sleep 0.1
    done
    STOP_MS=$(ms_since "$t0")
    CURRENT_PID=''
}

# After the RSS is read: committed heap, committed metaspace (MB) and loaded classes of the JVM; sets HEAP_MB,
# META_MB, CLASSES (NA without --details).
read_details() {
    HEAP_MB=NA META_MB=NA CLASSES=NA
    $DETAILS || return 0
    local counters
    counters=$("$JCMD_BIN" "$1" PerfCounter.print 2>/dev/null) || return 0
    read -r HEAP_MB META_MB CLASSES < <(awk -F= '
        $1 ~ /^sun\.gc\.generation\.[0-9]+\.capacity$/ { heap += $2 }
        $1 == "sun.gc.metaspace.capacity" { meta = $2 }
        $1 == "java.cls.loadedClasses" { loaded = $2 }
        $1 == "java.cls.unloadedClasses" { unloaded = $2 }
        END { printf "%.0f %.0f %d\n", heap / 1048576, meta / 1048576, loaded - unloaded }' <<<"$counters")
}

list_bundles() { # DUMP nodes: bundle:list through bin/client with the initial admin password
    local dir=$1 name=$2 password
    is_dump "$dir" || return 0
    password=$(cat "$dir/data/dump/initial-admin-password" 2>/dev/null || true)
    [ -n "$password" ] || { echo "no initial admin password in $dir/data/dump" >> "$LOG"; return 0; }
    echo 'bundle:list -t 0 --no-format' | (cd "$dir" && KARAF_OPTS="-Duser.home=$WORK/home" \
        bin/client -a "$SSH_PORT" -u admin -p "$password" -b) > "$OUT/bundles-$name.txt" 2>> "$LOG" || true
}

# ---------------------------------------------------------------------------------------------------- machine facts
{
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- host: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
    echo "- java: $("$JAVA_BIN" -version 2>&1 | sed -n '1,2p' | tr '\n' ' ' | sed 's/ *$//')"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- runs: $RUNS per configuration, interleaved; idle wait ${IDLE} s (then until CPU settles); poll every ${POLL_SECONDS} s"
    echo "- command: \`benchmarks/boot/measure-boot.sh ${ORIGINAL_ARGS% }\`"
} > "$OUT/machine.md"

printf 'config\trun\tfirst_boot_ms\tfirst_ssh_ms\tfirst_boot_cpu_s\tidle_rss_kb\tidle_anon_kb\tthreads\tidle_cpu_s\tbundles\tstop_ms\tforced\trestart_ms\trestart_ssh_ms\trestart_cpu_s\trestart_rss_kb\tload1\theap_mb\tmetaspace_mb\tclasses\n' > "$TSV"

log "configurations:"
for i in $(seq 0 $((NCFG - 1))); do
    log "  ${CFG_NAME[$i]}: $(basename "${CFG_DIST[$i]}")${CFG_OPTS[$i]:+ EXTRA_JAVA_OPTS=\"${CFG_OPTS[$i]}\"}${CFG_ENV[$i]:+ ${CFG_ENV[$i]}}"
done
log "output: $OUT"

# ---------------------------------------------------------------------------------------------------- runs
for run in $(seq 1 "$RUNS"); do
    for i in $(seq 0 $((NCFG - 1))); do
        name=${CFG_NAME[$i]}
        LOG=$OUT/logs/$name-$run.log
        : > "$LOG"
        dir=$(unpack "${CFG_DIST[$i]}" "$WORK/$name-$run")
        [ -n "$dir" ] && [ -x "$dir/bin/karaf" ] || die "could not unpack ${CFG_DIST[$i]}"
        HTTP_PORT=$(free_port) SSH_PORT=$(free_port) RMI_REGISTRY_PORT=$(free_port) RMI_SERVER_PORT=$(free_port)
        if is_dump "$dir"; then
            # Keep the node on loopback: nothing here is meant for the network.
            set_property "$dir/etc/org.ops4j.pax.web.cfg" org.ops4j.pax.web.listening.addresses 127.0.0.1
        else
            set_property "$dir/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
            set_property "$dir/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
            set_property "$dir/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
            set_property "$dir/etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
        fi
        load1=$(cut -d' ' -f1 /proc/loadavg)

        # first boot
        t0=$(now_us)
        start_node "$dir" "${CFG_OPTS[$i]}" "${CFG_ENV[$i]}" true
        if ! wait_ready "$dir" "$t0"; then
            log "$name run $run: not ready within ${BOOT_TIMEOUT} s (see $LOG)"
            [ -n "$PID" ] || PID=$(jvm_of_dir "$dir")
            [ -z "$PID" ] || stop_and_wait "$dir" "$PID"
            printf '%s\t%s\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\t%s\tNA\tNA\tNA\n' "$name" "$run" "$load1" >> "$TSV"
            continue
        fi
        first_ms=$READY_MS first_ssh=$SSH_MS first_cpu=$READY_CPU pid=$PID
        wait_idle_and_read "$pid"
        rss_kb=$RSS_KB anon_kb=$ANON_KB threads=$THREADS idle_cpu=$IDLE_CPU
        read_details "$pid"
        bundles=$(( $(find "$dir/data/cache" -mindepth 1 -maxdepth 1 -type d -name 'bundle[0-9]*' | wc -l) - 1 ))
        if $LIST_BUNDLES && [ "$run" = 1 ]; then list_bundles "$dir" "$name"; fi
        stop_and_wait "$dir" "$pid"
        stop_ms=$STOP_MS forced=$FORCED

        # restart on the same directory
        t0=$(now_us)
        start_node "$dir" "${CFG_OPTS[$i]}" "${CFG_ENV[$i]}" false
        restart_ms=NA restart_ssh=NA restart_cpu=NA restart_rss=NA
        if wait_ready "$dir" "$t0"; then
            restart_ms=$READY_MS restart_ssh=$SSH_MS restart_cpu=$READY_CPU
            if $RESTART_IDLE; then wait_idle_and_read "$PID"; restart_rss=$RSS_KB; fi
        else
            log "$name run $run: restart not ready within ${BOOT_TIMEOUT} s (see $LOG)"
        fi
        [ -n "$PID" ] || PID=$(jvm_of_dir "$dir")
        FORCED=no
        [ -z "$PID" ] || stop_and_wait "$dir" "$PID"
        [ "$FORCED" = no ] || forced=yes

        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$first_ms" "$first_ssh" \
            "$first_cpu" "$rss_kb" "$anon_kb" "$threads" "$idle_cpu" "$bundles" "$stop_ms" "$forced" \
            "$restart_ms" "$restart_ssh" "$restart_cpu" "$restart_rss" "$load1" "$HEAP_MB" "$META_MB" "$CLASSES" >> "$TSV"
        log "$name run $run: first boot ${first_ms} ms (cpu ${first_cpu} s), idle RSS $((rss_kb / 1024)) MB, $bundles bundles, restart ${restart_ms} ms$( [ "$restart_rss" != NA ] && echo ", restart RSS $((restart_rss / 1024)) MB") (load ${load1})"
        $KEEP || rm -rf "$WORK/$name-$run" || true
    done
done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.md"

# ---------------------------------------------------------------------------------------------------- report
col() { awk -F'\t' -v c="$1" -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == k) f = i; next } $1 == c { print $f }' "$TSV"; }
fmt_s() { awk -v v="$1" 'BEGIN { if (v == "NA") print "NA"; else printf "%.1f", v / 1000 }'; }
fmt_mb() { awk -v v="$1" 'BEGIN { if (v == "NA") print "NA"; else printf "%.0f", v / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b }'; }
range_s() { col "$1" "$2" | awk '$1 != "NA" { printf "%.1f\n", $1 / 1000 }' | minmax; }
range_mb() { col "$1" "$2" | awk '$1 != "NA" { printf "%.0f\n", $1 / 1024 }' | minmax; }

declare -A MED=()
for i in $(seq 0 $((NCFG - 1))); do
    n=${CFG_NAME[$i]}
    for k in first_boot_ms first_ssh_ms first_boot_cpu_s idle_rss_kb idle_anon_kb threads bundles stop_ms restart_ms restart_cpu_s restart_rss_kb heap_mb metaspace_mb classes; do
        MED[$n.$k]=$(col "$n" "$k" | median)
    done
done

{
    echo "Machine and command:"
    echo
    cat "$OUT/machine.md"
    if [ -s "$OUT/warnings.txt" ]; then echo; sort -u "$OUT/warnings.txt" | sed 's/^/- /'; fi
    echo
    echo "Configurations:"
    echo
    for i in $(seq 0 $((NCFG - 1))); do
        echo "- \`${CFG_NAME[$i]}\`: $(basename "${CFG_DIST[$i]}")${CFG_OPTS[$i]:+, EXTRA_JAVA_OPTS=\`${CFG_OPTS[$i]}\`}${CFG_ENV[$i]:+, \`${CFG_ENV[$i]}\`}"
    done
    echo
    base=${CFG_NAME[0]}
    echo "Medians of $RUNS runs (min–max in brackets); the ratio columns divide by \`$base\` of the same invocation."
    echo "First boot and restart: from launching the start command until GET $DUMP_READY_PATH answers 200 (stock Karaf: until its SSH port accepts)."
    echo
    echo "| configuration | first boot (s) | CPU to first boot (s) | restart (s) | idle RSS (MB) | bundles | first boot / $base | RSS / $base |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for i in $(seq 0 $((NCFG - 1))); do
        n=${CFG_NAME[$i]}
        echo "| $n | $(fmt_s "${MED[$n.first_boot_ms]}") ($(range_s "$n" first_boot_ms)) | ${MED[$n.first_boot_cpu_s]} | $(fmt_s "${MED[$n.restart_ms]}") ($(range_s "$n" restart_ms)) | $(fmt_mb "${MED[$n.idle_rss_kb]}") ($(range_mb "$n" idle_rss_kb)) | ${MED[$n.bundles]} | $(ratio "${MED[$n.first_boot_ms]}" "${MED[$base.first_boot_ms]}") | $(ratio "${MED[$n.idle_rss_kb]}" "${MED[$base.idle_rss_kb]}") |"
    done
    echo
    echo "Further medians: SSH port open after (s) first boot / restart; idle RssAnon (MB); JVM threads; stop (s)$($DETAILS && echo '; at idle: committed heap and metaspace (MB), loaded classes')."
    echo
    echo "| configuration | SSH open, first boot | SSH open, restart | CPU to restart (s) | RssAnon (MB) | threads | stop (s) |$($RESTART_IDLE && echo ' RSS after restart (MB) |')$($DETAILS && echo ' heap (MB) | metaspace (MB) | classes |')"
    echo "| --- | --- | --- | --- | --- | --- | --- |$($RESTART_IDLE && echo ' --- |')$($DETAILS && echo ' --- | --- | --- |')"
    for i in $(seq 0 $((NCFG - 1))); do
        n=${CFG_NAME[$i]}
        echo "| $n | $(fmt_s "${MED[$n.first_ssh_ms]}") | $(fmt_s "$(col "$n" restart_ssh_ms | median)") | ${MED[$n.restart_cpu_s]} | $(fmt_mb "${MED[$n.idle_anon_kb]}") | ${MED[$n.threads]} | $(fmt_s "${MED[$n.stop_ms]}") |$($RESTART_IDLE && echo " $(fmt_mb "${MED[$n.restart_rss_kb]}") |")$($DETAILS && echo " ${MED[$n.heap_mb]} | ${MED[$n.metaspace_mb]} | ${MED[$n.classes]} |")"
    done
    echo
    echo "Per run (first boot s / restart s / idle RSS MB / load average before the run):"
    echo
    printf '| configuration |'; for r in $(seq 1 "$RUNS"); do printf ' run %s |' "$r"; done; echo
    printf '| --- |'; for r in $(seq 1 "$RUNS"); do printf ' --- |'; done; echo
    for i in $(seq 0 $((NCFG - 1))); do
        n=${CFG_NAME[$i]}
        printf '| %s |' "$n"
        awk -F'\t' -v c="$n" 'NR > 1 && $1 == c {
            fb = ($3 == "NA") ? "NA" : sprintf("%.1f", $3 / 1000); rs = ($13 == "NA") ? "NA" : sprintf("%.1f", $13 / 1000)
            mb = ($6 == "NA") ? "NA" : sprintf("%.0f", $6 / 1024)
            printf " %s / %s / %s / %s |", fb, rs, mb, $17 }' "$TSV"
        echo
    done
} > "$OUT/summary.md"

echo
cat "$OUT/summary.md"
echo
log "all figures: $TSV; summary: $OUT/summary.md; logs: $OUT/logs"
