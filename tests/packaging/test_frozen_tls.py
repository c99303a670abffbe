"""The frozen app uploads over TLS verified against a minimal Debian 12's own trust store.

The reference server runs on this machine with a certificate from a CA made at run time
(``tests/helpers/tls.py``); the frozen bundle runs in a ``debootstrap --variant=minbase``
Debian 12 (``tests/packaging/debian.py``) with the documented packages. A chroot keeps the
network namespace, so the server on 127.0.0.1 and the X server's abstract socket are in
reach; the host's Secret Service bus socket is hard-linked into the root.

One scenario, in order: with only Debian's CA certificates the app refuses the server and
says so with the window's TLS sentence (nothing is delivered); with the test CA installed the
way Debian does it (``/usr/local/share/ca-certificates`` and ``update-ca-certificates``) the
same run delivers the file, and the staff key decrypts it to the same bytes. The bundle knows
nothing of the CA: no ``NOOMUS_CA_BUNDLE``, no setting; only the system store changes.

The account's refresh token is put in the keyring by the source tree (as in
``test_bundle.py``): the frozen app offers no sign-in without a window, and keeps no token in
a file. Shares the frozen build and the cached Debian root with the other packaging tests.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from installers.bundle import Bundle
from noomus_desktop import messages
from noomus_desktop.core import net, paths
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import Settings, load_build_config
from tests.helpers.keyring import SecretServiceDaemon
from tests.helpers.server import RunningExtranet, make_extranet
from tests.helpers.tls import make_pki
from tests.packaging.debian import EXECUTABLE, chroot, install, needs_chroot, unpack_root
from tests.packaging.test_bundle import bundle, xvfb_display

__all__ = ["bundle", "xvfb_display"]  # the shared frozen build and X server (fixtures)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xvfb,
    pytest.mark.timeout(900),
    pytest.mark.xdist_group("frozen-bundle"),
    needs_chroot,
]

#: Inside the root: the app's folders, the file to send, the session bus.
APP_HOME = "/root/noomus"
PAYLOAD = "/root/report.pdf"
BUS = "/run/noomus-session-bus"
#: Where Debian takes locally added CAs from (``update-ca-certificates``).
LOCAL_CA = "usr/local/share/ca-certificates/noomus-test-ca.crt"


def _tls_extranet(base: Path, cert: Path, key: Path, ca: Path) -> RunningExtranet:
    """The reference server with ``--tls-cert/--tls-key`` and an ``https`` public URL."""
    base.mkdir()
    server = make_extranet(base, {"tls_cert": cert, "tls_key": key})
    server.url = f"https://127.0.0.1:{server.port}"
    server.serve_options["public_url"] = server.url
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SSL_CERT_FILE", str(ca))  # start() waits with a plain httpx.get
        server.start()
    return server


def _remember_sign_in(server: RunningExtranet, ca: Path, app_home: Path) -> None:
    """Sign in from the source tree with "remember me": settings in the root, token in the
    keyring. The CA is given to this process only, never to the frozen app."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.HOME_ENV, str(app_home))
        patch.setenv(net.CA_BUNDLE_ENV, str(ca))
        account = Account(Settings(server_url=server.url), load_build_config())
        try:
            account.sign_in(server.username, server.password, remember=True)
            assert account.remembered
        finally:
            account.close()


def test_frozen_app_uploads_over_tls_only_when_the_system_trusts_the_ca(
    bundle: Bundle,
    secret_keyring: object,
    secret_service: SecretServiceDaemon,
    xvfb_display: str,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    pki = make_pki(tmp_path / "pki")
    server = _tls_extranet(tmp_path / "extranet", pki.valid.cert, pki.valid.key, pki.ca_cert)
    try:
        root = unpack_root(tmp_path / "debian12", bundle)
        install(root, "libgl1", "libegl1", "ca-certificates")
        # What an AppImage would need to start is not here (docs/installers.md: no AppImage).
        assert not (root / "dev" / "fuse").exists()
        assert not [p.name for p in (root / "usr" / "bin").glob("fusermount*")]
        _remember_sign_in(server, pki.ca_cert, root / APP_HOME.lstrip("/"))
        # The bus socket's inode, reachable under a path inside the root (same file system).
        os.link(secret_service.directory / "run" / "bus", root / BUS.lstrip("/"))
        payload = root / PAYLOAD.lstrip("/")
        payload.write_bytes(os.urandom(300_000))
        env = {
            "DISPLAY": xvfb_display,
            "QT_QPA_PLATFORM": "xcb",
            paths.HOME_ENV: APP_HOME,
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={BUS}",
        }

        def send() -> tuple[int, str, str]:
            run = chroot(root, EXECUTABLE, "--quit-when-done", PAYLOAD, env=env, timeout=180)
            return run.returncode, run.stdout, run.stderr

        # Debian's CA certificates only: the certificate cannot be verified; a sentence says so.
        code, out, err = send()
        assert code == 1, out + err
        assert f"cannot sign in: {messages.error_text('tls_error')}" in err
        assert "Traceback" not in err
        assert server.admin("deliveries", "list").strip() == ""

        # The test CA in the system store, the way Debian installs a local CA.
        (root / LOCAL_CA).write_bytes(pki.ca_cert.read_bytes())
        updated = chroot(root, "update-ca-certificates")
        assert "1 added" in updated.stdout, updated.stdout + updated.stderr
        code, out, err = send()
        assert code == 0, out + err
        assert "delivered 1, failed 0" in out

        received = tmp_path / "received"
        server.admin(
            "deliveries", "decrypt", "1", "--identity", str(server.identity_file),
            "--out", str(received),
        )  # fmt: skip
        files = [p for p in received.rglob("*") if p.is_file()]
        assert [p.read_bytes() for p in files] == [payload.read_bytes()]
    finally:
        server.kill()
    print(f"frozen TLS upload in minimal Debian 12: {time.monotonic() - started:.0f} s")
