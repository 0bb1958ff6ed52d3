"""net.py: HTTP on loopback from a chosen local address (127.0.0.x), so that attackers and users are separate sources."""
import http.client
import json
import urllib.parse


def connection(url, source=None, timeout=30.0):
    """An HTTP connection to the node at url, from the local address source (port chosen by the system)."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only loopback is allowed here, not {parts.hostname}")
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout,
                                      source_address=(source, 0) if source else None)


def request(url, method, path, body=None, headers=None, source=None, timeout=30.0):
    """One request on its own connection: (status, headers, body bytes). body: bytes, str, or an object sent as JSON."""
    headers = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    conn = connection(url, source, timeout)
    try:
        conn.request(method, path, body, headers)
        answer = conn.getresponse()
        return answer.status, answer, answer.read()
    finally:
        conn.close()


def sources(count, first=10):
    """count attacker addresses 127.0.0.<first>…; the user (probe) is 127.0.0.2."""
    return [f"127.0.{(first + i) // 250}.{(first + i) % 250 + 1}" for i in range(count)]
