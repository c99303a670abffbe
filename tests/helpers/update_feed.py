"""A signed update feed served on loopback, for the checker's and the app's tests."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class Feed:
    """A feed server on loopback: what it serves, and the requests it saw."""

    def __init__(self) -> None:
        self.body = b"{}"
        self.requests: list[tuple[str, dict[str, str]]] = []


def sign(key: Ed25519PrivateKey, content: dict[str, str]) -> bytes:
    """A feed envelope: the payload and its Ed25519 signature, both base64."""
    payload = json.dumps(content).encode()
    return json.dumps(
        {
            "payload": base64.b64encode(payload).decode(),
            "signature": base64.b64encode(key.sign(payload)).decode(),
        }
    ).encode()


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The public half as the build configuration holds it (base64 of the raw 32 bytes)."""
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


@contextmanager
def serve_feed() -> Iterator[tuple[Feed, str]]:
    """A running feed server and its URL; stopped on exit."""
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads ``state.requests``."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/releases.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
