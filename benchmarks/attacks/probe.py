#!/usr/bin/env python3
"""probe.py: what a node's own user sees while the node is under attack (issue 22, "Measure").

Signs in once as a user of the node (POST /api/session; or takes the cookie of an earlier --sign-in-only, so that
the sign-in happens before the attack), then sends GET /api/node with that session's cookie at a
steady rate (open loop: each request leaves on its schedule, whether or not the ones before it have been answered, so
a stalled node does not slow the probe down), until --duration has passed or the process --while-pid has ended.

A request that fails (no connection, no answer within --timeout, a status other than 200) is an error and counts as
--timeout in the percentiles: the user did not get the page in time. Prints one JSON line:
{"requests", "errors", "p50_ms", "p99_ms", "max_ms", "error_kinds"}.

    python3 probe.py --url http://127.0.0.1:8181 --user probe-user --password probe-password --duration 45
"""
import argparse
import http.client
import json
import os
import threading
import time

from net import connection


def sign_in(url, username, password, source):
    conn = connection(url, source, timeout=60)
    body = json.dumps({"username": username, "password": password})
    conn.request("POST", "/api/session", body, {"Content-Type": "application/json"})
    answer = conn.getresponse()
    answer.read()
    conn.close()
    if answer.status != 200:
        raise SystemExit(f"probe: the user's sign-in answered {answer.status}")
    cookie = answer.getheader("Set-Cookie", "").split(";", 1)[0]
    return cookie


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the node, e.g. http://127.0.0.1:8181")
    parser.add_argument("--user", help="the user's account (unless --cookie)")
    parser.add_argument("--password")
    parser.add_argument("--rate", type=float, default=5.0, help="requests per second (default 5)")
    parser.add_argument("--duration", type=float, default=45.0, help="seconds at most (default 45)")
    parser.add_argument("--while-pid", type=int, help="stop earlier when this process has ended")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a request may take (default 10)")
    parser.add_argument("--source", default="127.0.0.2", help="local address the user comes from")
    parser.add_argument("--cookie", help="the session cookie (NAME=VALUE) of an earlier --sign-in-only")
    parser.add_argument("--sign-in-only", action="store_true", help="sign in, print the cookie and end")
    args = parser.parse_args()

    cookie = args.cookie or sign_in(args.url, args.user, args.password, args.source)
    if args.sign_in_only:
        print(cookie)
        return
    lock = threading.Lock()
    times, errors = [], {}

    def one():
        started = time.monotonic()
        kind = None
        try:
            conn = connection(args.url, args.source, timeout=args.timeout)
            conn.request("GET", "/api/node", headers={"Cookie": cookie})
            answer = conn.getresponse()
            answer.read()
            conn.close()
            if answer.status != 200:
                kind = f"status {answer.status}"
        except (OSError, http.client.HTTPException) as e:
            kind = type(e).__name__
        elapsed = time.monotonic() - started
        if kind is not None or elapsed > args.timeout:
            elapsed = max(elapsed, args.timeout)
            kind = kind or "slower than the timeout"
        with lock:
            times.append(elapsed * 1000)
            if kind:
                errors[kind] = errors.get(kind, 0) + 1

    def attack_running():
        if args.while_pid is None:
            return True
        try:
            os.kill(args.while_pid, 0)
            return True
        except ProcessLookupError:
            return False

    threads = []
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < args.duration and attack_running():
        thread = threading.Thread(target=one, daemon=True)
        thread.start()
        threads.append(thread)
        n += 1
        delay = start + n / args.rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    for thread in threads:
        thread.join(args.timeout + 5)
    with lock:
        print(json.dumps({
            "requests": len(times), "errors": sum(errors.values()),
            "p50_ms": round(percentile(times, 0.50) or 0), "p99_ms": round(percentile(times, 0.99) or 0),
            "max_ms": round(max(times, default=0)), "error_kinds": errors,
        }), flush=True)


if __name__ == "__main__":
    main()
