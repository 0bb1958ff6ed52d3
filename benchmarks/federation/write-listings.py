"""Writes COUNT market listings on a node through its REST API, from THREADS connections at once, as USER.

Usage: write-listings.py PORT USER PASSWORD COUNT [THREADS]   (used by catch-up.sh)
Signs in once (POST /api/session) and sends the session cookie and CSRF token with every listing: one password
check, not one per request. Prints progress to stderr and the listings per second at the end. A listing refused with
408 (a loaded node reads a small body too late for Jetty's minimum data rate) is sent again, up to 5 times, and counted.
"""
import http.client, json, sys, threading, time

port, user, password, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 8

connection = http.client.HTTPConnection("127.0.0.1", port)
connection.request("POST", "/api/session", json.dumps({"username": user, "password": password}),
                   {"Content-Type": "application/json"})
answer = connection.getresponse()
body = json.loads(answer.read())
if answer.status != 200:
    sys.exit(f"sign-in failed: {answer.status} {body}")
cookie = answer.getheader("Set-Cookie").split(";", 1)[0]
headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": body["csrfToken"]}
written = [0]
retried = [0]  # requests sent again after a 408
failures = []  # what stopped a writer thread: sys.exit in a thread ends only that thread, silently
lock = threading.Lock()

def write(share, offset):
    local = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(offset, offset + share):
        for attempt in range(5):
            local.request("POST", "/api/modules/market/listings", json.dumps({"title": f"catch-up listing {i}",
                          "description": "wool socks red blue green lamp table chair boots", "price": i % 500,
                          "currency": "EUR"}), headers)
            reply = local.getresponse()
            body = reply.read()
            if reply.status != 408:
                break
            # Jetty's minRequestDataRate check (etc/jetty.xml) also refuses a whole small body that the node itself
            # was too busy to read in time (jetty/jetty.project#4641): 408, connection closed. Nothing was stored;
            # send it again on a new connection, as RFC 9110 lets a client, and count it.
            with lock:
                retried[0] += 1
            local.close()
            local = http.client.HTTPConnection("127.0.0.1", port)
        if reply.status != 201:
            failures.append(f"listing {i}: HTTP {reply.status} {reply.reason} {body[:300]!r}")
            return
        with lock:
            written[0] += 1
            if written[0] % 10000 == 0:
                print(f"  {written[0]} listings written", file=sys.stderr)

start = time.time()
per = count // threads
workers = [threading.Thread(target=write, args=(per + (count % threads if t == 0 else 0), t * per + (0 if t == 0 else count % threads)))
           for t in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
if written[0] != count:
    sys.exit(f"only {written[0]} of {count} listings written; " + "; ".join(failures or ["no HTTP error seen"]))
print(f"{count} listings written in {time.time() - start:.1f} s ({count / (time.time() - start):.0f}/s)"
      + (f"; {retried[0]} sent again after 408" if retried[0] else ""), file=sys.stderr)
