"""Where a node process's CPU went between two moments, by thread: used by catch-up.sh --cpu.

Usage: cpu-budget.py snapshot PID FILE           writes what PID has used so far to FILE
       cpu-budget.py since PID FILE [OTHER_PID]  prints what PID (and OTHER_PID) used since FILE was written

Per group of threads (threads named alike, such as the fork-join pool's workers, are summed), the CPU time they ran
and the time they were runnable but waited for a core (both from /proc/PID/task/TID/schedstat); then the whole
process's CPU (utime + stime from /proc/PID/stat, which counts threads that have ended, such as compiler threads
that HotSpot stops when idle), HotSpot's compile time and GC time (jstat, which reads the JVM's counters without
attaching to it). Linux only.
"""
import json, os, re, subprocess, sys

HZ = os.sysconf("SC_CLK_TCK")
# Thread names that differ only by a number are one group: "qtp123-45", "ForkJoinPool.commonPool-worker-3", ...
# (Linux keeps the first 15 characters of a thread's name: "dump-record-wri" is the record writer.)
GROUPS = [(re.compile(p), name) for p, name in [
    (r"^qtp\d+-\d+", "Jetty (qtp)"), (r"^ForkJoinPool", "ForkJoinPool workers"),
    (r"^HttpClient-\d+-Wo", "HttpClient workers"), (r"^C1 CompilerThre", "C1 compiler"),
    (r"^C2 CompilerThre", "C2 compiler"), (r"^GC Thread", "GC threads")]]


def group(name):
    for pattern, label in GROUPS:
        if pattern.match(name):
            return label
    return name


def threads(pid):
    """{group: [ran s, waited s]} of the live threads of pid."""
    usage = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                ran, waited = (int(v) / 1e9 for v in f.read().split()[:2])
        except OSError:
            continue  # the thread ended while being read
        totals = usage.setdefault(group(name), [0.0, 0.0])
        totals[0] += ran
        totals[1] += waited
    return usage


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ  # utime, stime


def jstat(pid, option, column):
    out = subprocess.run(["jstat", option, str(pid)], capture_output=True, text=True).stdout.split("\n")
    try:
        return float(out[1].split()[out[0].split().index(column)])
    except (IndexError, ValueError):
        return float("nan")


def snapshot(pid):
    return {"threads": threads(pid), "process": process_cpu(pid),
            "compile": jstat(pid, "-compiler", "Time"), "gc": jstat(pid, "-gcutil", "GCT")}


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("snapshot", "since"):
        sys.exit(__doc__)
    pid, path = sys.argv[2], sys.argv[3]
    if sys.argv[1] == "snapshot":
        with open(path, "w") as f:
            # Of the other node only its process's CPU: each jstat is a JVM start, on the cores being measured.
            json.dump({"node": snapshot(pid), "other": process_cpu(sys.argv[4]) if len(sys.argv) > 4 else None}, f)
        return
    with open(path) as f:
        before = json.load(f)
    now = snapshot(pid)
    rows = []
    for name, (ran, waited) in now["threads"].items():
        ran0, waited0 = before["node"]["threads"].get(name, [0.0, 0.0])
        if ran - ran0 >= 0.1:
            rows.append((ran - ran0, waited - waited0, name))
    for ran, waited, name in sorted(rows, reverse=True):
        print(f"  {name:<28} ran {ran:6.2f} s, waited for a core {waited:6.2f} s")
    print(f"  whole process CPU {now['process'] - before['node']['process']:.2f} s (threads that ended included);"
          f" compilations {now['compile'] - before['node']['compile']:.2f} s (their wall time, jstat);"
          f" GC {now['gc'] - before['node']['gc']:.2f} s")
    if len(sys.argv) > 4 and before.get("other") is not None:
        print(f"  other node's process CPU {process_cpu(sys.argv[4]) - before['other']:.2f} s")


if __name__ == "__main__":
    main()
