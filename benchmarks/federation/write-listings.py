"""Writes COUNT market listings on a node through its REST API, from THREADS connections at once, as USER.

Usage: write-listings.py PORT USER PASSWORD COUNT [THREADS]   (used by catch-up.sh)
Signs in once (POST /api/session) and sends the session cookie and CSRF token with every listing: one password
check, not one per request. Prints progress to stderr and the listings per second at the end.
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
lock = threading.Lock()

def write(share, offset):
    local = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(offset, offset + share):
        local.request("POST", "/api/modules/market/listings", json.dumps({"title": f"catch-up listing {i}",
                      "description": "wool socks red blue green lamp table chair boots", "price": i % 500,
                      "currency": "EUR"}), headers)
        reply = local.getresponse()
        reply.read()
        if reply.status != 201:
            sys.exit(f"listing {i}: HTTP {reply.status}")
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
    sys.exit(f"only {written[0]} of {count} listings written")
print(f"{count} listings written in {time.time() - start:.1f} s ({count / (time.time() - start):.0f}/s)", file=sys.stderr)
