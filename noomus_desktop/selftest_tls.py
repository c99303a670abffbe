"""Proof that this installation can verify a TLS server, for ``--self-test``.

Two things must hold before an upload can work, and a context that merely *exists* proves
neither (truststore loads nothing until a handshake):

1. The operating system's trust store holds CA certificates: a system without any (a minimal
   Linux without ``ca-certificates``) can reach no server at all.
2. Verification really runs through truststore in this build: a loopback handshake against a
   server whose certificate a throwaway test CA issued succeeds when that CA is added to the
   OS store's context, and fails without it.

The test CA and its leaf are made at run time rather than shipped: a shipped leaf would expire
in customers' installations, and macOS refuses TLS leaves valid for more than 825 days.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import socket
import ssl
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from noomus_desktop.core.errors import NoomusError

#: Where OpenSSL-based systems keep their CA bundle (truststore's own list, in its order).
CA_FILE_CANDIDATES = (
    "/etc/ssl/cert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/ca-bundle.pem",
)
_HASHED_NAME = re.compile(r"^[0-9a-fA-F]{8}\.[0-9]$")
_MACOS_ROOTS = Path("/System/Library/Keychains/SystemRootCertificates.keychain")
_PEM_BEGIN = b"-----BEGIN CERTIFICATE-----"


class TrustStoreError(NoomusError):
    """The system cannot verify TLS servers."""

    code = "trust_store"


def count_openssl_roots(cafiles: Iterable[str | None], capath: str | None) -> tuple[int, str]:
    """(certificates, where) in the first existing CA file, else the hashed CA folder."""
    for cafile in cafiles:
        if cafile and Path(cafile).is_file():
            return Path(cafile).read_bytes().count(_PEM_BEGIN), cafile
    if capath and Path(capath).is_dir():
        return sum(1 for p in Path(capath).iterdir() if _HASHED_NAME.match(p.name)), capath
    return 0, "no CA file or folder"


def system_roots() -> tuple[int, str]:
    """How many CA certificates the OS trust store holds, and where they were counted."""
    if sys.platform == "win32":
        return len(ssl.enum_certificates("ROOT")), "Windows ROOT store"
    if sys.platform == "darwin":
        size = _MACOS_ROOTS.stat().st_size if _MACOS_ROOTS.exists() else 0
        return (1 if size else 0), str(_MACOS_ROOTS)
    defaults = ssl.get_default_verify_paths()
    return count_openssl_roots((defaults.cafile, *CA_FILE_CANDIDATES), defaults.capath)


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def make_test_pki(folder: Path) -> tuple[Path, Path, Path]:
    """A test CA and a ``localhost``/127.0.0.1 server certificate it issued, valid one day:
    (CA certificate, leaf chain, leaf key) as PEM files in ``folder``."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key, leaf_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Noomus self-test CA"))
        .issuer_name(_name("Noomus self-test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = (folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key")
    paths[0].write_bytes(ca.public_bytes(pem))
    paths[1].write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    paths[2].write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


def _serve_once(listener: socket.socket, context: ssl.SSLContext) -> None:
    """Accept one connection and complete (or fail) its handshake, then close."""
    try:
        connection, _address = listener.accept()
    except OSError:
        return
    with connection:
        connection.settimeout(5)
        try:
            with context.wrap_socket(connection, server_side=True):
                pass
        except (OSError, ssl.SSLError):
            pass  # the client refused our certificate: that is one of the expected outcomes


def handshake(client: ssl.SSLContext, server: ssl.SSLContext) -> None:
    """One TLS handshake over loopback from ``client`` to a server using ``server``."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(10)
        thread = threading.Thread(target=_serve_once, args=(listener, server), daemon=True)
        thread.start()
        port = listener.getsockname()[1]
        try:
            with (
                socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
                client.wrap_socket(raw, server_hostname="localhost"),
            ):
                pass
        finally:
            thread.join(timeout=10)


def check_tls(roots_found: tuple[int, str] | None = None) -> str:
    """Roots present (``roots_found``: as :func:`system_roots` counts them), the test chain
    verified with its CA and refused without it."""
    from noomus_desktop.core.net import ssl_context

    roots, where = roots_found or system_roots()
    if roots == 0:
        raise TrustStoreError(
            f"the system trust store holds no CA certificates ({where}): no server can be"
            " verified; install the system's CA certificates (Debian: ca-certificates)"
        )
    with tempfile.TemporaryDirectory(prefix="noomus-tls-") as folder:
        ca, chain, key = make_test_pki(Path(folder))
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(chain, key)
        trusting = ssl_context(extra_ca=ca)
        if trusting.verify_mode != ssl.CERT_REQUIRED:
            raise TrustStoreError("TLS verification is not required")
        handshake(trusting, server)
        try:
            handshake(ssl_context(), server)
        except ssl.SSLCertVerificationError:
            pass
        else:
            raise TrustStoreError("a certificate from an unknown CA was accepted")
    return (
        f"{roots} CA certificate(s) in {where}; test chain verified through"
        f" {type(trusting).__module__}, unknown CA refused; {ssl.OPENSSL_VERSION}"
    )
