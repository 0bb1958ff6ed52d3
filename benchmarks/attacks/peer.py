"""peer.py: a fake peer node: an Ed25519 key with its node id, signed federation requests (docs/protocol.md §2 and §6),
and a small HTTP server with a valid front door (GET /api/node) whose other answers are huge or trickle.

Needs the `cryptography` package (Debian: python3-cryptography).
"""
import base64
import hashlib
import http.server
import json
import secrets
import socketserver
import threading
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class FakeNode:
    """A node identity: a fresh Ed25519 key, its id (fingerprint) and request signing."""

    def __init__(self, seed=None):
        self.key = Ed25519PrivateKey.from_private_bytes(seed) if seed else Ed25519PrivateKey.generate()
        self.raw_public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = base64.b64encode(self.raw_public).decode()
        self.id = fingerprint(self.raw_public)

    def signed_headers(self, target_uri, body, created=None, nonce=None):
        """The four headers of §6.1 for a POST of body (bytes) to target_uri (absolute, as sent)."""
        digest = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
        created = int(time.time()) if created is None else created
        nonce = nonce or secrets.token_urlsafe(18)
        params = (f'("@method" "@target-uri" "content-digest");created={created};keyid="{self.id}";'
                  f'nonce="{nonce}";alg="ed25519"')
        base = (f'"@method": POST\n"@target-uri": {target_uri}\n"content-digest": {digest}\n'
                f'"@signature-params": {params}')
        signature = base64.b64encode(self.key.sign(base.encode())).decode()
        return {"Content-Type": "application/json", "Content-Digest": digest,
                "Signature-Input": "dump=" + params, "Signature": f"dump=:{signature}:"}

    def front_door(self, url):
        return {"id": self.id, "publicKey": self.public_key, "name": "fake-peer", "version": "0.0.0",
                "publicBaseUrl": url, "modules": [{"id": "market", "dataVersion": "1.0.0"}]}


def fingerprint(raw_public):
    """Node id: base32 (lower case, no padding) of the first 20 bytes of SHA-256 of the 32 raw key bytes."""
    return base64.b32encode(hashlib.sha256(raw_public).digest()[:20]).decode().lower()


class FakePeerServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """Serves node.front_door at GET /api/node; every other request (federation POSTs, /repository GETs) is answered
    per mode: 'big' streams `size` bytes of one JSON string, 'trickle' sends one byte every `interval` seconds,
    'normal' answers {} at once. Counts what it was asked in self.asked."""
    daemon_threads = True

    def __init__(self, node, mode="normal", port=0, size=400 * 1024 * 1024, interval=1.0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.node, self.mode, self.size, self.interval = node, mode, size, interval
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"
        self.asked = {}
        self.lock = threading.Lock()

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _count(self):
        with self.server.lock:
            key = f"{self.command} {self.path}"
            self.server.asked[key] = self.server.asked.get(key, 0) + 1

    def do_GET(self):
        self._count()
        if self.path.rstrip("/").endswith("/api/node"):
            body = json.dumps(self.server.node.front_door(self.server.url)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self._attack()

    def do_POST(self):
        self._count()
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._attack()

    def _attack(self):
        mode = self.server.mode
        try:
            if mode == "big":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(self.server.size))
                self.end_headers()
                head, tail = b'{"outcome":"taken","message":"', b'"}'
                self.wfile.write(head)
                chunk = b"A" * 65536
                left = self.server.size - len(head) - len(tail)
                while left > 0:
                    self.wfile.write(chunk[:min(left, len(chunk))])
                    left -= len(chunk)
                self.wfile.write(tail)
            elif mode == "trickle":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(self.server.size))
                self.end_headers()
                self.wfile.write(b'{"outcome":"taken","message":"')
                self.wfile.flush()
                while True:
                    time.sleep(self.server.interval)
                    self.wfile.write(b"A")
                    self.wfile.flush()
            else:
                body = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except OSError:
            pass  # the node hung up: what a defended node does
