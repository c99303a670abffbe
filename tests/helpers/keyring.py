"""A real Secret Service keyring as a test peer: gnome-keyring on a private D-Bus session.

``secret_service`` (per worker) starts ``dbus-daemon`` and ``gnome-keyring-daemon`` with their
files in a temporary directory, unlocked with a known password. ``secret_keyring`` (per test)
points ``DBUS_SESSION_BUS_ADDRESS`` at it, selects ``keyring.backends.SecretService.Keyring``,
and removes every item after the test; ``keyring_items()`` reads the collection directly with
``secretstorage`` (not through ``keyring``), to check what really got stored.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
import secretstorage
from jeepney import DBusAddress, new_method_call
from keyring.backends import SecretService
from secretstorage.util import format_secret, open_session

KEYRING_PASSWORD = "test-keyring-password"
START_TIMEOUT = 10.0
LOGIN_COLLECTION = "/org/freedesktop/secrets/collection/login"


@dataclass
class SecretServiceDaemon:
    bus_address: str
    directory: Path


def _wait_for_secrets(deadline: float) -> None:
    while True:
        try:
            with closing(secretstorage.dbus_init()) as connection:
                if secretstorage.check_service_availability(connection):
                    return
        except secretstorage.SecretServiceNotAvailableException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("gnome-keyring-daemon did not come up")
        time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretServiceDaemon]:
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: dbus, gnome-keyring)")
    base = tmp_path_factory.mktemp("secret-service")
    runtime = base / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(base),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(base / "data"),
        "XDG_CONFIG_HOME": str(base / "config"),
        "XDG_CACHE_HOME": str(base / "cache"),
    }
    env.pop("DISPLAY", None)  # no prompter window may pop up on a developer's screen
    dbus_log = (base / "dbus.log").open("wb")
    bus = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            f"--address=unix:path={runtime}/bus",
            "--print-address=1",
        ],
        stdout=subprocess.PIPE,
        stderr=dbus_log,
        env=env,
    )
    processes = [bus]
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not print its address")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock"],
            stdin=subprocess.PIPE,
            stdout=dbus_log,
            stderr=dbus_log,
            env=env,
        )
        processes.append(daemon)
        assert daemon.stdin is not None
        daemon.stdin.write(KEYRING_PASSWORD.encode())
        daemon.stdin.close()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
            _wait_for_secrets(time.monotonic() + START_TIMEOUT)
        yield SecretServiceDaemon(address, base)
    finally:
        for process in reversed(processes):
            _stop(process)
        if bus.stdout is not None:
            bus.stdout.close()
        dbus_log.close()


def keyring_items() -> dict[tuple[str, str], bytes]:
    """Every item of the default collection, ``(service, username) -> secret``, read directly."""
    with closing(secretstorage.dbus_init()) as connection:
        collection = secretstorage.get_default_collection(connection)
        return {
            (
                item.get_attributes().get("service", ""),
                item.get_attributes().get("username", ""),
            ): item.get_secret()
            for item in collection.get_all_items()
        }


def session_items() -> dict[tuple[str, str], bytes]:
    """The refresh-token entries of :func:`keyring_items`: device tokens (kept past signing
    out, see ``CredentialStore.save_device``) left out."""
    return {key: v for key, v in keyring_items().items() if not key[1].startswith("device of ")}


def lock_keyring() -> None:
    """Lock the default collection (as the screen locker or a timeout would)."""
    with closing(secretstorage.dbus_init()) as connection:
        secretstorage.get_default_collection(connection).lock()


@contextmanager
def locked_keyring() -> Iterator[None]:
    """Run the block with the collection locked (as after a screen lock or a timeout).

    keyring 25's SecretService backend leaves its D-Bus connection open when the collection
    stays locked (``get_preferred_collection`` raises before its ``closing``); the leaked socket
    is collected here, with its ResourceWarning ignored, so it cannot fail a later test.
    """
    lock_keyring()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            yield
            gc.collect()
    finally:
        unlock_keyring()


def unlock_keyring() -> None:
    """Unlock with the known password, without a prompt (gnome-keyring's internal interface)."""
    with closing(secretstorage.dbus_init()) as connection:
        collection = secretstorage.get_default_collection(connection)
        if not collection.is_locked():
            return
        session = open_session(connection)
        secret = format_secret(session, KEYRING_PASSWORD.encode(), "text/plain")
        address = DBusAddress(
            "/org/freedesktop/secrets",
            bus_name="org.freedesktop.secrets",
            interface="org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
        )
        connection.send_and_get_reply(
            new_method_call(
                address, "UnlockWithMasterPassword", "o(oayays)", (LOGIN_COLLECTION, secret)
            )
        )


@pytest.fixture
def secret_keyring(
    secret_service: SecretServiceDaemon, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretService.Keyring]:
    # Taken before the D-Bus address is set: a first get_keyring() would otherwise pick (and
    # keep, for later tests without that address) this test's Secret Service.
    previous = keyring.get_keyring()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service.bus_address)
    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        unlock_keyring()
        with closing(secretstorage.dbus_init()) as connection:
            collection = secretstorage.get_default_collection(connection)
            for item in collection.get_all_items():
                item.delete()
