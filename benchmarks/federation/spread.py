"""Writes PER listings on each of several nodes at once and times how long after the last write every node holds
all of them.

Usage: spread.py PER TIMEOUT MARKER NAME:PORT...   (used by spread.sh; users NAME-user / NAME-password)
Each node gets one thread that signs in (POST /api/session) and writes its PER listings, titled MARKER and a number,
one after the other. Once every write has been answered 201, the clock starts; then every node is asked every
50 ms whether it holds listing number N*PER of the ones titled MARKER (GET …/listings?q=MARKER&offset=N*PER-1&limit=1
answers it once the node holds them all). Prints, for each node, the milliseconds from the last write until it held
all, and then the largest: the time until every node held every listing. Exits 1 if that took longer than TIMEOUT
seconds (the nodes that did not get there say how many they held).
"""
import http.client, json, os, sys, threading, time, urllib.parse

per, timeout, marker = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
poll = float(os.environ.get("POLL_MS", "50")) / 1000  # how often each node is asked
nodes = [(arg.split(":")[0], int(arg.split(":")[1])) for arg in sys.argv[4:]]
total = per * len(nodes)
failures = []


def session(port, user):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/api/session", json.dumps({"username": user, "password": user.replace("-user", "-password")}),
                       {"Content-Type": "application/json"})
    answer = connection.getresponse()
    body = json.loads(answer.read())
    if answer.status != 200:
        raise SystemExit(f"sign-in on {port} failed: {answer.status} {body}")
    cookie = answer.getheader("Set-Cookie").split(";", 1)[0]
    return connection, {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": body["csrfToken"]}


def write(name, port):
    try:
        connection, headers = session(port, f"{name}-user")
        for i in range(per):
            connection.request("POST", "/api/modules/market/listings", json.dumps(
                {"title": f"{marker} {name} {i}", "price": i, "currency": "EUR"}), headers)
            reply = connection.getresponse()
            reply.read()
            if reply.status != 201:
                failures.append(f"{name}: listing {i}: HTTP {reply.status}")
                return
    except Exception as e:  # noqa: BLE001 - reported below
        failures.append(f"{name}: {e}")


def held(connection, headers, offset):
    query = urllib.parse.urlencode({"q": marker, "offset": offset, "limit": 100})
    connection.request("GET", f"/api/modules/market/listings?{query}", headers={"Cookie": headers["Cookie"]})
    reply = connection.getresponse()
    body = json.loads(reply.read())
    return len(body.get("listings", [])) if reply.status == 200 else 0


writers = [threading.Thread(target=write, args=node) for node in nodes]
started = time.time()
for w in writers:
    w.start()
for w in writers:
    w.join()
if failures:
    sys.exit("writing failed: " + "; ".join(failures))
last_write = time.time()
print(f"{total} listings written on {len(nodes)} nodes in {last_write - started:.1f} s", file=sys.stderr)

readers = {name: session(port, f"{name}-user") for name, port in nodes}
done = {}
while len(done) < len(nodes) and time.time() - last_write < timeout:
    for name, _ in nodes:
        if name not in done and held(*readers[name], total - 1) > 0:
            done[name] = time.time() - last_write
    time.sleep(poll)
for name, _ in nodes:
    if name in done:
        print(f"  {name}: {done[name] * 1000:.0f} ms", file=sys.stderr)
    else:
        count = sum(held(*readers[name], offset) for offset in range(0, total, 100))
        print(f"  {name}: held {count} of {total} after {timeout:.0f} s", file=sys.stderr)
if len(done) < len(nodes):
    print(f"NOT within {timeout:.0f} s: {len(done)} of {len(nodes)} nodes held all {total} listings")
    sys.exit(1)
print(f"every node held all {total} listings {max(done.values()) * 1000:.0f} ms after the last write "
      f"(median node {sorted(done.values())[len(done) // 2] * 1000:.0f} ms)")
