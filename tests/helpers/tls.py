"""TLS and plain HTTP peers for the connection-policy tests.

``make_pki(dir)`` writes a throwaway CA and server certificates made with ``cryptography``
(valid for 127.0.0.1/localhost, expired, for another host name, self-signed).
``LoopbackServer`` is a tiny threaded HTTP(S) server on 127.0.0.1 answering each path from a
table (status, headers, JSON body) and recording every request it received, so a test can
check what reached it (e.g. that a redirect never carried a bearer token).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class CertPair:
    cert: Path
    key: Path


@dataclass(frozen=True)
class Pki:
    ca_cert: Path
    valid: CertPair  # for 127.0.0.1 and localhost, signed by the CA
    expired: CertPair  # same names, signed by the CA, validity ended yesterday
    wrong_host: CertPair  # signed by the CA, for extranet.example only
    self_signed: CertPair  # for 127.0.0.1 and localhost, signed by itself


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(
    directory: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> CertPair:
    cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return CertPair(cert_path, key_path)


def _leaf(
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    key: ec.EllipticCurvePrivateKey,
    names: list[x509.GeneralName],
    not_before: dt.datetime,
    not_after: dt.datetime,
    subject: x509.Name,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def make_pki(directory: Path) -> Pki:
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Noomus Test CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _DAY)
        .not_valid_after(now + 30 * _DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = directory / "ca.pem"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    loopback: list[x509.GeneralName] = [
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.DNSName("localhost"),
    ]
    pairs = {}
    specs: list[tuple[str, list[x509.GeneralName], dt.datetime, dt.datetime]] = [
        ("valid", loopback, now - _DAY, now + 10 * _DAY),
        ("expired", loopback, now - 10 * _DAY, now - _DAY),
        ("wrong-host", [x509.DNSName("extranet.example")], now - _DAY, now + 10 * _DAY),
    ]
    for stem, names, start, end in specs:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _leaf(ca_name, ca_key, key, names, start, end, _name(stem))
        pairs[stem] = _write(directory, stem, cert, key)
    own_key = ec.generate_private_key(ec.SECP256R1())
    own = _leaf(
        _name("self-signed"),
        own_key,
        own_key,
        loopback,
        now - _DAY,
        now + 10 * _DAY,
        _name("self-signed"),
    )
    return Pki(
        ca_path,
        pairs["valid"],
        pairs["expired"],
        pairs["wrong-host"],
        _write(directory, "self-signed", own, own_key),
    )


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]


class LoopbackServer:
    """A threaded HTTP(S) server on 127.0.0.1 replying from ``routes`` (path -> Reply)."""

    def __init__(self, routes: dict[str, Reply], tls: CertPair | None = None) -> None:
        self.routes = routes
        self.received: list[Received] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                server.received.append(Received(self.command, self.path, dict(self.headers)))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                reply = server.routes.get(
                    self.path,
                    Reply(404, {"error": {"code": "not_found", "message": "No such resource."}}),
                )
                data = b"" if reply.body is None else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._reply()

            def do_POST(self) -> None:
                self._reply()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls.cert, tls.key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self.port: int = self._httpd.server_address[1]
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def loopback_servers() -> Iterator[list[LoopbackServer]]:
    """Append servers to this list; they are all closed at teardown."""
    servers: list[LoopbackServer] = []
    yield servers
    for server in servers:
        server.close()
