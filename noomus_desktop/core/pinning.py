"""Recipients pinned per server: never encrypt to a key we have not seen before without asking.

The first successful sign-in to a server pins the recipients it announced (trust on first use,
like SSH host keys); afterwards any difference stops everything with
:class:`RecipientsChangedError` until Noomus confirms the change. A build can pin a server's
recipients in advance (``BuildConfig.pinned_recipients``): such a server never gets a first
use, and no file on disk can override it. Pins are public keys, not secrets; they live in
``pins.json`` under :func:`paths.config_dir`.

A set mixing post-quantum and classic recipients is never pinned nor used: age forbids
encrypting one file to both (:class:`MixedRecipientsError`). A *pin* may mix them, though: a
build pinning a server's X25519 keys and its coming post-quantum ones is a rollover pin, and
accepts either of its two parts exactly, so one build works before and after the server
replaces its keys (``docs/operations.md``, "Staff keys").
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from noomus_desktop.core import paths
from noomus_desktop.core.crypto.errors import MixedRecipientsError
from noomus_desktop.core.crypto.keys import is_post_quantum
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.fsutil import write_json
from noomus_desktop.core.net import check_url

log = logging.getLogger(__name__)

PINS_FILE = "pins.json"


class RecipientsChangedError(NoomusError):
    """The server announced recipients other than the pinned ones: send nothing."""

    code = "recipients_changed"

    def __init__(self, server_url: str) -> None:
        super().__init__(
            "Noomus's encryption key has changed since you last used this server. For your "
            "safety nothing will be encrypted or sent until Noomus confirms the change. Please "
            "contact Noomus before sending anything."
        )
        self.server_url = server_url


class RecipientPins:
    """The pinned recipients of every server this user signed in to. Thread-safe."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        build_pins: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._path = path
        self._build = {check_url(url): frozenset(r) for url, r in (build_pins or {}).items()}
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path or paths.config_dir() / PINS_FILE

    def pinned(self, server_url: str) -> frozenset[str] | None:
        """The recipients pinned for ``server_url`` (the build's first), or None."""
        url = check_url(server_url)
        if url in self._build:
            return self._build[url]
        with self._lock:
            stored = self._read().get(url)
        return frozenset(stored) if stored is not None else None

    def check(self, server_url: str, recipients: Iterable[str]) -> tuple[str, ...]:
        """Validate what ``server_url`` announced; pin it if this is the first time.

        Returns the recipients to encrypt to (sorted). Raises :class:`RecipientsChangedError`,
        or :class:`MixedRecipientsError` (before pinning anything) for a set age forbids.
        """
        url = check_url(server_url)
        announced = frozenset(recipients)
        if len({is_post_quantum(r) for r in announced}) > 1:
            log.warning("%s announced post-quantum and classic recipients together", url)
            raise MixedRecipientsError()
        with self._lock:
            if url in self._build:
                expected = self._build[url]
            else:
                stored = self._read()
                if url not in stored:
                    stored[url] = sorted(announced)
                    self._write(stored)
                    log.info("Pinned %d recipient(s) for %s", len(announced), url)
                expected = frozenset(stored[url])
        if not _accepts(expected, announced):
            log.warning("Recipients of %s differ from the pinned ones", url)
            raise RecipientsChangedError(url)
        return tuple(sorted(announced))

    def forget(self, server_url: str) -> None:
        """Drop the stored pin of ``server_url`` (after Noomus confirmed a key change).

        Pins from the build cannot be forgotten.
        """
        url = check_url(server_url)
        with self._lock:
            stored = self._read()
            if stored.pop(url, None) is not None:
                self._write(stored)

    def _read(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # Refusing to start would lock the user out; treating it as "no pins" would silently
            # re-pin whatever the server says. Keep it safe: fail with a clear error.
            raise PinsUnreadableError(self.path) from exc
        servers = data.get("servers") if isinstance(data, dict) else None
        if not isinstance(servers, dict):
            raise PinsUnreadableError(self.path)
        return {str(url): [str(r) for r in recipients] for url, recipients in servers.items()}

    def _write(self, servers: dict[str, list[str]]) -> None:
        # Durable, because an empty file after a power cut would lock the customer out
        # (PinsUnreadableError); private, as no one else needs the servers this user uses.
        write_json(self.path, {"version": 1, "servers": servers}, private=True)


def _accepts(pinned: frozenset[str], announced: frozenset[str]) -> bool:
    """Whether ``announced`` (never mixed) is the pinned set, or one kind's part of a rollover
    pin: its post-quantum recipients or its classic ones, each exactly."""
    if announced == pinned:
        return True
    post_quantum = frozenset(r for r in pinned if is_post_quantum(r))
    return bool(announced) and announced in (post_quantum, pinned - post_quantum)


class PinsUnreadableError(NoomusError):
    """The pins file is damaged: we cannot tell whether the server's key changed."""

    code = "pins_unreadable"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Noomus Desktop cannot read its record of Noomus's encryption keys ({path}), so "
            "it cannot check that files go to the right place. Please contact Noomus."
        )
        self.path = path
