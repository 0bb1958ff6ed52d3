"""The parts of soak.sh that are easier in Python: the writers, the sampler, the convergence check, the summary.

Usage (soak.sh runs these; standard library only):
  soak.py write CONFIG NODE      one node's writer: signs in as NODE-user and writes listings at a fixed rate
  soak.py sample CONFIG          samples every node every `interval` seconds until SIGTERM
  soak.py converge CONFIG        after the writers: waits until every node holds the same live listings
  soak.py shell CONFIG NODE CMD  runs a shell command on a node (over ssh; bin/client if ssh does not get in)
  soak.py summary DIR            DIR/summary.md from what the others left in DIR

CONFIG is DIR/config.json, written by soak.sh: t0 (epoch seconds at which the writers start), seconds (how long they
write), rate (writes per second per node), interval, queue_every, queue_via, warmup, converge_timeout, home (the
unpacked distribution), out (DIR), nodes: [{name, http, ssh, base, password}].

Every time is in seconds since t0. The sampler and the writers write CSV rows time_s,node,metric,value: the sampler
to DIR/samples.csv, each writer to DIR/writes-NODE.csv (soak.sh appends them to samples.csv at the end).
"""
import csv, glob, http.client, json, os, random, re, resource, signal, struct, subprocess, sys, time

HZ = os.sysconf("SC_CLK_TCK")
DELETED = "(deleted)"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def load(path):
    with open(path) as f:
        return json.load(f)


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


# ---------------------------------------------------------------------------------------------------- the writers

class Market:
    """One signed-in user's connection to a node's market REST API."""

    def __init__(self, port, user, password):
        self.port, self.user, self.password = port, user, password
        self.connection = None
        self.headers = None
        self.sign_ins = 0

    def connect(self):
        if self.connection is not None:
            self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def sign_in(self):
        self.connect()
        self.connection.request("POST", "/api/session", json.dumps({"username": self.user, "password": self.password}),
                                {"Content-Type": "application/json"})
        answer = self.connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise RuntimeError(f"sign-in as {self.user} failed: {answer.status} {body[:200]!r}")
        self.headers = {"Content-Type": "application/json", "Cookie": answer.getheader("Set-Cookie").split(";", 1)[0],
                        "X-CSRF-Token": json.loads(body)["csrfToken"]}
        self.sign_ins += 1

    def send(self, method, path, body=None):
        """(status, body bytes, 408 retries): sent again after a 408 (as write-listings.py) and, once, after a 401
        (a session ended: signs in again). Raises OSError/HTTPException when the node does not answer."""
        retried = 0
        signed_in_again = False
        while True:
            if self.connection is None:
                self.connect()
            try:
                self.connection.request(method, "/api/modules/market/" + path,
                                        None if body is None else json.dumps(body), self.headers)
                reply = self.connection.getresponse()
                data = reply.read()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                raise
            if reply.status == 408 and retried < 5:
                retried += 1
                self.connect()
                continue
            if reply.status == 401 and not signed_in_again:
                signed_in_again = True
                self.sign_in()
                continue
            if reply.getheader("Connection", "").lower() == "close":
                self.connect()
            return reply.status, data, retried


def write(config, name):
    """Writes at config.rate per second from t0 for config.seconds: creates (70 %), edits of one of its own live
    listings (20 %), deletions of one (10 %). Every 15 s it appends cumulative counts and the interval's latency to
    DIR/writes-NAME.csv; at the end DIR/writes-NAME.json holds the counts and the acknowledged state of every listing
    it touched (title, or deleted), and the ids whose last write may or may not have happened."""
    node = next(n for n in config["nodes"] if n["name"] == name)
    out, t0, seconds, period = config["out"], config["t0"], config["seconds"], 1.0 / config["rate"]
    rng = random.Random(name)
    market = Market(node["http"], f"{name}-user", f"{name}-password")
    market.sign_in()
    counts = {"create": 0, "edit": 0, "delete": 0}
    errors = {}  # what went wrong -> times
    acknowledged = {}  # id -> title or DELETED
    uncertain = set()  # ids whose last write failed without an answer: state unknown
    mine = []  # own live listings
    latencies, interval_latencies = [], []
    retried, late, number = 0, 0, 0
    rows = open(f"{out}/writes-{name}.csv", "w", newline="")
    table = csv.writer(rows)
    next_row = 15.0

    def flush_row(at):
        done = sum(counts.values())
        table.writerow([f"{at:.1f}", name, "acked_writes", done])
        table.writerow([f"{at:.1f}", name, "write_errors", sum(errors.values())])
        if interval_latencies:
            table.writerow([f"{at:.1f}", name, "write_ms_p50", f"{percentile(interval_latencies, 0.5):.1f}"])
            table.writerow([f"{at:.1f}", name, "write_ms_max", f"{max(interval_latencies):.1f}"])
        interval_latencies.clear()
        rows.flush()

    time.sleep(max(0.0, t0 - time.time()))
    table.writerows([["0.0", name, "acked_writes", 0], ["0.0", name, "write_errors", 0]])
    due = t0
    while True:
        now = time.time()
        while now - t0 >= next_row:
            flush_row(next_row)
            next_row += 15.0
        if now - t0 >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        r = rng.random()
        op = "create" if not mine or r < 0.7 else "edit" if r < 0.9 else "delete"
        number += 1
        title = f"soak {name} {number}"
        body = {"title": title, "description": "soak test listing: wool socks, lamp, table", "price": number % 500,
                "currency": "EUR"}
        id_ = None if op == "create" else mine[rng.randrange(len(mine))]
        started = time.time()
        try:
            if op == "create":
                status, data, again = market.send("POST", "listings", body)
            elif op == "edit":
                status, data, again = market.send("PUT", f"listings/{id_}", body)
            else:
                status, data, again = market.send("DELETE", f"listings/{id_}")
        except (OSError, http.client.HTTPException) as e:
            errors[f"{op}: {type(e).__name__}"] = errors.get(f"{op}: {type(e).__name__}", 0) + 1
            if id_ is not None:
                uncertain.add(id_)
            status = None
        if status is not None:
            retried += again
            took = (time.time() - started) * 1000
            if status in (200, 201, 204):
                counts[op] += 1
                latencies.append(took)
                interval_latencies.append(took)
                if op == "create":
                    id_ = json.loads(data)["id"]
                    mine.append(id_)
                if op == "delete":
                    mine.remove(id_)
                acknowledged[id_] = DELETED if op == "delete" else title
                uncertain.discard(id_)
            else:
                key = f"{op}: HTTP {status}"
                errors[key] = errors.get(key, 0) + 1
                if status >= 500 and id_ is not None:
                    uncertain.add(id_)
        due += period
        if time.time() - due > period:  # fell behind by more than one write: skip, do not burst to catch up
            behind = int((time.time() - due) / period)
            late += behind
            due += behind * period
    if time.time() - t0 - (next_row - 15.0) > 1:  # the last part of 15 s, unless it is too short to count
        flush_row(time.time() - t0)
    rows.close()
    latencies.sort()
    with open(f"{out}/writes-{name}.json", "w") as f:
        json.dump({"node": name, "counts": counts, "acknowledged_writes": sum(counts.values()), "errors": errors,
                   "retried_408": retried, "skipped_late": late, "sign_ins": market.sign_ins, "live_own": len(mine),
                   "latency_ms": {"p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99),
                                  "max": latencies[-1] if latencies else None},
                   "acknowledged": acknowledged, "uncertain": sorted(uncertain)}, f)


# ---------------------------------------------------------------------------------------------------- the sampler

def karaf_pid(node):
    try:
        with open(f"{node['base']}/karaf.pid") as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def proc_figures(pid):
    """{metric: value} from /proc: RSS MiB, threads, open files, CPU seconds so far (utime + stime)."""
    figures = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                figures["rss_mib"] = int(line.split()[1]) / 1024
            elif line.startswith("Threads:"):
                figures["threads"] = int(line.split()[1])
    figures["open_files"] = len(os.listdir(f"/proc/{pid}/fd"))
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read().rsplit(")", 1)[1].split()
    figures["cpu_s"] = (int(stat[11]) + int(stat[12])) / HZ
    return figures


def perf_counters(pid):
    """HotSpot's own counters (the hsperfdata file that jstat reads; no attach, no JVM started): {name: long}."""
    paths = glob.glob(f"/tmp/hsperfdata_*/{pid}")
    if not paths:
        return None
    with open(paths[0], "rb") as f:
        data = f.read()
    if len(data) < 32 or struct.unpack_from(">I", data, 0)[0] != 0xCAFEC0C0:
        return None
    order = "<" if data[4] == 1 else ">"
    entry, entries = struct.unpack_from(order + "ii", data, 24)
    counters = {}
    for _ in range(entries):
        length, name_at, vector, kind = struct.unpack_from(order + "iiib", data, entry)
        value_at = struct.unpack_from(order + "i", data, entry + 16)[0]
        if length <= 0:
            break
        if kind == ord("J") and vector == 0:
            start = entry + name_at
            name = data[start:data.index(b"\0", start)].decode("ascii", "replace")
            if name.startswith("sun.gc."):
                counters[name] = struct.unpack_from(order + "q", data, entry + value_at)[0]
        entry += length
    return counters


def heap_figures(pid):
    """Heap used and old generation used, MiB, from hsperfdata; None if the JVM keeps none (-XX:-UsePerfData)."""
    counters = perf_counters(pid)
    if not counters:
        return None
    used = [v for k, v in counters.items() if re.fullmatch(r"sun\.gc\.generation\.\d+\.space\.\d+\.used", k)]
    if not used:
        return None
    figures = {"heap_used_mib": sum(used) / 2**20}
    if "sun.gc.generation.1.space.0.used" in counters:
        figures["old_gen_mib"] = counters["sun.gc.generation.1.space.0.used"] / 2**20
    if "sun.gc.metaspace.used" in counters:
        figures["metaspace_mib"] = counters["sun.gc.metaspace.used"] / 2**20
    return figures


def heap_by_jcmd(pid):
    """Fallback for heap_figures: jcmd GC.heap_info (attaches to the JVM and starts one of its own: once a minute)."""
    try:
        text = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    used = [int(k) for k in re.findall(r"generation\s+total \d+K, used (\d+)K", text)]
    if not used:
        return None
    figures = {"heap_used_mib": sum(used) / 1024}
    old = re.search(r"tenured generation\s+total \d+K, used (\d+)K", text)
    if old:
        figures["old_gen_mib"] = int(old.group(1)) / 1024
    return figures


def parse_queues(text):
    """{queue: (size, limit)} from dump:queues' table ("Queue | Size | Limit", '|' or '│' between columns)."""
    queues = {}
    for line in ANSI.sub("", text).splitlines():
        cells = [c.strip() for c in re.split(r"[|│]", line)]
        if len(cells) < 2 or cells[0].lower() in ("", "queue"):
            continue
        try:
            size = float(cells[1].replace(",", "").split()[0])
        except (ValueError, IndexError):
            continue
        queues[cells[0]] = (size, cells[2] if len(cells) > 2 else "")
    return queues


class Shell:
    """Runs one shell command on a node: over ssh (OpenSSH, password from SSH_ASKPASS: no JVM started) or, if ssh
    does not get in, with the node's bin/client (a JVM per call)."""

    def __init__(self, config):
        self.config = config
        self.via = config.get("queue_via", "auto")
        self.askpass = f"{config['out']}/.askpass"
        with open(self.askpass, "w") as f:
            f.write('#!/bin/sh\nprintf "%s\\n" "$SOAK_SSH_PASSWORD"\n')
        os.chmod(self.askpass, 0o700)

    def ssh(self, node, command):
        env = dict(os.environ, SSH_ASKPASS=self.askpass, SSH_ASKPASS_REQUIRE="force", DISPLAY=":0",
                   SOAK_SSH_PASSWORD=node["password"])
        run = subprocess.run(["ssh", "-T", "-p", str(node["ssh"]), "-o", "StrictHostKeyChecking=no",
                              "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                              "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
                              "-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "ConnectTimeout=20",
                              "admin@127.0.0.1", command], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=60)
        text = "".join(l for l in (run.stdout + run.stderr).splitlines(True)
                       if not l.startswith("Connection to 127.0.0.1 closed"))
        return run.returncode, text

    def client(self, node, command):
        run = subprocess.run([f"{self.config['home']}/bin/dump-node", "client", node["base"], "-h", "127.0.0.1",
                              "-u", "admin", "-p", node["password"], "-b"], input=command, capture_output=True,
                             text=True, timeout=120)
        return run.returncode, run.stdout + run.stderr

    def run(self, node, command):
        if self.via in ("auto", "ssh"):
            try:
                code, text = self.ssh(node, command)
            except (OSError, subprocess.TimeoutExpired) as e:
                code, text = 255, str(e)
            if code != 255:  # 255: ssh itself failed (connection, authentication)
                if self.via == "auto":
                    self.via = "ssh"
                return code, text
            if self.via == "ssh":
                return code, text
            print(f"soak: ssh to {node['name']} failed ({text.strip()[:200]}); using bin/client", file=sys.stderr)
            self.via = "client"
        try:
            return self.client(node, command)
        except (OSError, subprocess.TimeoutExpired) as e:
            return 1, str(e)


def peer_count(node):
    import base64
    connection = http.client.HTTPConnection("127.0.0.1", node["http"], timeout=10)
    try:
        auth = base64.b64encode(f"admin:{node['password']}".encode()).decode()
        connection.request("GET", "/system/console/dump/peers.json", headers={"Authorization": "Basic " + auth})
        reply = connection.getresponse()
        body = reply.read()
        return len(json.loads(body).get("peers", [])) if reply.status == 200 else None
    except (OSError, http.client.HTTPException, ValueError):
        return None
    finally:
        connection.close()


def sample(config):
    """Every `interval` s from t0 - 2 intervals on (two idle samples before the writers start), per node: RSS, threads,
    open files, CPU % since the sample before (100 % = one core), heap (hsperfdata; jcmd once a minute if absent),
    and every `queue_every` s (default: every sample if the shell answers over ssh, else every 60 s) peers (from
    peers.json) and the queue sizes from dump:queues. Ends on SIGTERM; DIR/sampler.json says what it cost."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    out, t0, interval = config["out"], config["t0"], config["interval"]
    queue_every = config["queue_every"]
    shell = Shell(config)
    queues_state = "unknown"  # unknown, yes, missing
    queue_limits, queue_calls, queue_seconds, queue_failures = {}, 0, 0.0, 0
    last_cpu = {}
    last_jcmd = {}
    samples = 0
    own_start = os.times()
    children_start = resource.getrusage(resource.RUSAGE_CHILDREN)
    f = open(f"{out}/samples.csv", "w", newline="")
    table = csv.writer(f)
    table.writerow(["time_s", "node", "metric", "value"])
    k = -2
    next_queues = None
    while not stop:
        due = t0 + k * interval
        while not stop and time.time() < due:
            time.sleep(min(0.5, due - time.time()))
        if stop:
            break
        if time.time() - due > interval:  # a late tick (a slow shell call): go on at the next one due
            k = int((time.time() - t0) // interval) + 1
            continue
        at = due - t0
        for node in config["nodes"]:
            pid = karaf_pid(node)
            if pid is None:
                table.writerow([f"{at:.1f}", node["name"], "up", 0])
                continue
            try:
                figures = proc_figures(pid)
            except OSError:
                continue
            cpu = figures.pop("cpu_s")
            if node["name"] in last_cpu:
                was_at, was = last_cpu[node["name"]]
                figures["cpu_pct"] = 100 * (cpu - was) / max(1e-9, time.time() - was_at)
            last_cpu[node["name"]] = (time.time(), cpu)
            heap = heap_figures(pid)
            if heap is None and time.time() - last_jcmd.get(node["name"], 0) >= 60:
                last_jcmd[node["name"]] = time.time()
                heap = heap_by_jcmd(pid)
            figures.update(heap or {})
            for metric, value in figures.items():
                table.writerow([f"{at:.1f}", node["name"], metric,
                                value if isinstance(value, int) else f"{value:.2f}"])
        samples += 1
        f.flush()
        if next_queues is None or at >= next_queues:
            # Each of these signs in as admin, and a node checks a password with Argon2id (19 MiB, some 0.1 s of
            # CPU): not every tick unless the shell is cheap (ssh, not a JVM per call).
            for node in config["nodes"]:
                peers = peer_count(node)
                if peers is not None:
                    table.writerow([f"{at:.1f}", node["name"], "peers", peers])
            for node in config["nodes"]:
                if stop or queues_state == "missing":
                    break
                began = time.time()
                code, text = shell.run(node, "dump:queues")
                queue_calls += 1
                queue_seconds += time.time() - began
                if re.search(r"Command not found|not found: dump:queues", text):
                    queues_state = "missing"
                    print("soak: this node has no dump:queues: no queue sizes recorded", file=sys.stderr)
                    break
                rows = parse_queues(text)
                if not rows:
                    queue_failures += 1
                    if queue_failures <= 3:
                        print(f"soak: dump:queues on {node['name']} (exit {code}) gave no table: {text.strip()[:300]}",
                              file=sys.stderr)
                    continue
                queues_state = "yes"
                if queue_every is None:  # after the first call: every tick over ssh, once a minute via bin/client
                    queue_every = interval if shell.via == "ssh" else max(60, interval)
                for queue, (size, limit) in rows.items():
                    queue_limits[queue] = limit
                    table.writerow([f"{at:.1f}", node["name"], f"queue:{queue}", f"{size:g}"])
            next_queues = at + (queue_every or max(60, interval))
            f.flush()
        k += 1
    f.close()
    own = os.times()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(f"{out}/sampler.json", "w") as g:
        json.dump({"samples": samples, "interval": interval, "queue_every": queue_every or max(60, interval),
                   "queues": queues_state,
                   "queue_via": shell.via, "queue_calls": queue_calls, "queue_seconds": queue_seconds,
                   "queue_failures": queue_failures, "queue_limits": queue_limits,
                   "own_cpu_s": (own.user - own_start.user) + (own.system - own_start.system),
                   "children_cpu_s": (children.ru_utime - children_start.ru_utime)
                   + (children.ru_stime - children_start.ru_stime)}, g)


# ---------------------------------------------------------------------------------------------------- convergence

def listings(node, market):
    """{id: title} of every live listing the node holds, through its REST API (pages of 100, cheapest first, as the
    integration tests' NetworkCensus reads them); None if the node does not answer."""
    held = {}
    try:
        if market.headers is None:
            market.sign_in()
        for offset in range(0, 10**7, 100):
            status, data, _ = market.send("GET", f"listings?sort=price&limit=100&offset={offset}")
            if status != 200:
                return None
            page = json.loads(data)
            for listing in page["listings"]:
                held[listing["id"]] = listing["title"]
            if not page["more"]:
                return held
    except (OSError, http.client.HTTPException, RuntimeError, ValueError):
        market.headers = None
        return None


def converge(config):
    """Waits up to converge_timeout s for every node to hold the same live listings (ids and titles); then checks that
    every acknowledged write is among them. DIR/converge.json has the outcome."""
    out = config["out"]
    markets = {n["name"]: Market(n["http"], f"{n['name']}-user", f"{n['name']}-password") for n in config["nodes"]}
    started = time.time()
    held = {}
    converged = False
    while True:
        held = {n["name"]: listings(n, markets[n["name"]]) for n in config["nodes"]}
        values = list(held.values())
        if all(v is not None for v in values) and all(v == values[0] for v in values):
            converged = True
            break
        if time.time() - started > config["converge_timeout"]:
            break
        time.sleep(5)
    took = time.time() - started
    acknowledged, uncertain = {}, set()
    for path in glob.glob(f"{out}/writes-*.json"):
        result = load(path)
        acknowledged.update(result["acknowledged"])
        uncertain.update(result["uncertain"])
    missing = {}  # node -> acknowledged writes whose state it does not hold
    for name, listing in held.items():
        if listing is None:
            continue
        missing[name] = sum(1 for id_, state in acknowledged.items() if id_ not in uncertain
                            and listing.get(id_, DELETED) != state)
    counts = {name: (None if v is None else len(v)) for name, v in held.items()}
    with open(f"{out}/converge.json", "w") as f:
        json.dump({"converged": converged, "seconds": took, "live_listings": counts,
                   "acknowledged_listings": len(acknowledged), "uncertain": len(uncertain),
                   "acknowledged_missing": missing}, f)
    print(f"soak: {'converged' if converged else 'NOT converged'} after {took:.0f} s; live listings per node: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)


# ---------------------------------------------------------------------------------------------------- the summary

LABELS = {"rss_mib": "RSS MiB", "heap_used_mib": "heap used MiB", "old_gen_mib": "old generation MiB",
          "metaspace_mib": "metaspace MiB", "threads": "threads", "open_files": "open files",
          "cpu_pct": "CPU % of a core", "peers": "peers", "write_ms_p50": "write ms (median)",
          "write_ms_max": "write ms (max)"}
ORDER = ["rss_mib", "heap_used_mib", "old_gen_mib", "metaspace_mib", "threads", "open_files", "cpu_pct", "peers",
         "write_ms_p50", "write_ms_max"]


def read_samples(path):
    """{metric: {node: [(t, value)]}}"""
    series = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            try:
                point = (float(row["time_s"]), float(row["value"]))
            except (ValueError, TypeError):
                continue
            series.setdefault(row["metric"], {}).setdefault(row["node"], []).append(point)
    for nodes in series.values():
        for points in nodes.values():
            points.sort()
    return series


def slope(points):
    """Least-squares slope, per second."""
    if len(points) < 2:
        return None
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mv = sum(v for _, v in points) / n
    var = sum((t - mt) ** 2 for t, _ in points)
    return None if var == 0 else sum((t - mt) * (v - mv) for t, v in points) / var


def fmt(value, metric=""):
    if value is None:
        return "–"
    if metric in ("threads", "open_files", "peers") or metric.startswith("queue:"):
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return f"{value:.1f}"


def summary(out):
    config = load(f"{out}/config.json")
    meta = load(f"{out}/meta.json") if os.path.exists(f"{out}/meta.json") else {}
    seconds, warmup = config["seconds"], config["warmup"]
    series = read_samples(f"{out}/samples.csv")
    names = [n["name"] for n in config["nodes"]]
    lines = [f"# Soak: {len(names)} nodes, {seconds / 60:g} minutes, {config['rate']:g} write/s per node", ""]
    if meta:
        lines += [f"{meta.get('date', '')}, build {meta.get('build', '?')}, {meta.get('cores', '?')} cores, "
                  f"load before {meta.get('load_before', '?')}, after {meta.get('load_after', '?')}; "
                  f"distribution {meta.get('dist', '?')}; wiring: {meta.get('wiring', '?')}", ""]
    lines += ["## Writes", "", "| node | acknowledged | creates | edits | deletes | errors | sent again (408) | "
              "skipped (late) | p50 ms | p99 ms | max ms |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    total_ack = total_err = 0
    all_errors = {}
    for name in names:
        path = f"{out}/writes-{name}.json"
        if not os.path.exists(path):
            lines.append(f"| {name} | (writer left no result) |||||||||| ")
            continue
        w = load(path)
        errors = sum(w["errors"].values())
        total_ack += w["acknowledged_writes"]
        total_err += errors
        for k, v in w["errors"].items():
            all_errors[k] = all_errors.get(k, 0) + v
        lat = w["latency_ms"]
        lines.append(f"| {name} | {w['acknowledged_writes']} | {w['counts']['create']} | {w['counts']['edit']} | "
                     f"{w['counts']['delete']} | {errors} | {w['retried_408']} | {w['skipped_late']} | "
                     f"{fmt(lat['p50'])} | {fmt(lat['p99'])} | {fmt(lat['max'])} |")
    lines += ["", f"In all {total_ack} writes acknowledged, {total_err} errors"
              + (": " + ", ".join(f"{k} ×{v}" for k, v in sorted(all_errors.items())) if all_errors else "") + ".", ""]
    lines += ["## Convergence after the writers stopped", ""]
    if os.path.exists(f"{out}/converge.json"):
        c = load(f"{out}/converge.json")
        counts = ", ".join(f"{k} {v}" for k, v in c["live_listings"].items())
        state = (f"**converged** {c['seconds']:.0f} s after the writers stopped" if c["converged"]
                 else f"**NOT converged** within {c['seconds']:.0f} s")
        missing = sum(c["acknowledged_missing"].values())
        lines += [f"{state}: live listings per node: {counts}. Acknowledged writes whose state a node does not hold: "
                  f"{missing}" + (f" ({', '.join(f'{k} {v}' for k, v in c['acknowledged_missing'].items() if v)})"
                                  if missing else "")
                  + f" (of {c['acknowledged_listings']} listings written; {c['uncertain']} left out as uncertain: "
                  "their last write got no answer)."]
    else:
        lines.append("not checked (the run ended before).")
    if os.path.exists(f"{out}/record-verify.txt"):
        with open(f"{out}/record-verify.txt") as f:
            lines += ["", "`dump:record-verify market`:", ""] + [f"    {l.rstrip()}" for l in f if l.strip()]
    lines += ["", f"## Resources while writing (after the {warmup / 60:g}-minute warm-up)", "",
              f"Sampled every {config['interval']:g} s. *After warm-up*: the first sample at or after "
              f"{warmup / 60:g} min; *end*: the last one before the writers stopped ({seconds / 60:g} min); min, max "
              "and the least-squares slope over those; *drift*: the slope times the time between, as % of the mean "
              "(a flat metric stays within a few %).", "",
              "| metric | node | after warm-up | end | min | max | slope / 10 min | drift |",
              "|---|---|---|---|---|---|---|---|"]
    queues = sorted(m for m in series if m.startswith("queue:"))
    empty = [m for m in queues if not any(warmup <= t <= seconds + 1 and v for points in series[m].values()
                                          for t, v in points)]
    for metric in [m for m in ORDER if m in series] + [m for m in queues if m not in empty]:
        label = LABELS.get(metric, metric.replace("queue:", "queue "))
        for name in names:
            points = [(t, v) for t, v in series[metric].get(name, []) if warmup <= t <= seconds + 1]
            if not points:
                continue
            values = [v for _, v in points]
            s = slope(points)
            span = points[-1][0] - points[0][0]
            mean = sum(values) / len(values)
            drift = ("–" if s is None or mean == 0 or metric.startswith("queue:")
                     else f"{100 * s * span / mean:+.1f} %")
            lines.append(f"| {label} | {name} | {fmt(points[0][1], metric)} | {fmt(points[-1][1], metric)} | "
                         f"{fmt(min(values), metric)} | {fmt(max(values), metric)} | "
                         f"{'–' if s is None else f'{s * 600:+.2f}'} | {drift} |")
    if empty:
        lines += ["", "Queues empty on every node in every sample while writing: "
                  + ", ".join(m[6:] for m in empty) + "."]
    lines += ["", "The old generation (and so heap used, which is it plus a young generation of at most 10 MB) grows "
              "between two full collections of the serial collector: a rise that a full collection takes back is no "
              "leak; look at its lows over a long run."]
    if os.path.exists(f"{out}/sampler.json"):
        s = load(f"{out}/sampler.json")
        lines += ["", "## Sampling", ""]
        q = {"missing": "the nodes have no `dump:queues`: no queue sizes recorded",
             "unknown": "`dump:queues` gave no table: no queue sizes recorded",
             "yes": f"queue sizes from `dump:queues` every {s['queue_every']:g} s over {s['queue_via']}"}[s["queues"]]
        if s["queues"] == "yes" and s["queue_limits"]:
            q += " (limits: " + ", ".join(f"{k} {v}" for k, v in sorted(s["queue_limits"].items())) + ")"
        per_call = s["queue_seconds"] / s["queue_calls"] if s["queue_calls"] else 0
        lines += [f"{s['samples']} rounds of samples; {q}. Cost: the sampler {s['own_cpu_s']:.1f} s of CPU, the "
                  f"processes it started (ssh or bin/client, jcmd) {s['children_cpu_s']:.1f} s; {s['queue_calls']} "
                  f"shell calls of {per_call:.2f} s each on average (the node's side of them counts in its CPU).", ""]
    lines += ["Plot: soak.svg (plot.py). Raw samples: samples.csv (time_s,node,metric,value; time 0 = writers "
              "start)."]
    with open(f"{out}/summary.md", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "write" and len(sys.argv) == 4:
        write(load(sys.argv[2]), sys.argv[3])
    elif command == "sample" and len(sys.argv) == 3:
        sample(load(sys.argv[2]))
    elif command == "converge" and len(sys.argv) == 3:
        converge(load(sys.argv[2]))
    elif command == "shell" and len(sys.argv) == 5:
        config = load(sys.argv[2])
        node = next(n for n in config["nodes"] if n["name"] == sys.argv[3])
        code, text = Shell(config).run(node, sys.argv[4])
        print(text.rstrip())
        sys.exit(code)
    elif command == "summary" and len(sys.argv) == 3:
        summary(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
