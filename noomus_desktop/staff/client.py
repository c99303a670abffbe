"""The staff API (``docs/api.md``, "Staff") over the client's one connection policy.

A :class:`~noomus_desktop.core.api.ApiClient` with the staff routes added: the same TLS
(always verified; plain ``http`` only to this machine), typed errors, and token renewal after
``token_expired``. The ciphertext is downloaded resumably: into a ``.part`` file, continued
with an HTTP ``Range`` from the bytes it already holds.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from noomus_desktop.core import net
from noomus_desktop.core.api import (
    API_PREFIX,
    ApiClient,
    ApiError,
    UnexpectedResponseError,
    error_from_response,
)
from noomus_desktop.core.fsutil import sha256_file

#: Deliveries asked per listing request (the server answers at most 1000).
PAGE = 500
_WRITE_SIZE = 256 * 1024
#: The longest encrypted manifest the server accepts and the client parses (64 KiB).
MAX_MANIFEST = 64 * 1024
#: A ``.part`` that is a symbolic link (planted in a shared output folder) is refused, never
#: followed: the download would append to, or truncate, the file it points to.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class StaffDelivery:
    """A delivery as the staff API lists it."""

    id: int
    username: str
    received_at: str
    size: int
    sha256: str
    manifest: bool
    fetched_at: str | None


def _staff_delivery(data: dict[str, Any]) -> StaffDelivery:
    try:
        return StaffDelivery(
            id=int(data["id"]),
            username=str(data["username"]),
            received_at=str(data["received_at"]),
            size=int(data["size"]),
            sha256=str(data["sha256"]).lower(),
            manifest=bool(data["manifest"]),
            fetched_at=None if data.get("fetched_at") is None else str(data["fetched_at"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UnexpectedResponseError() from exc


class CorruptDownloadError(ApiError):
    """The downloaded file does not have the SHA-256 the server listed: it was deleted."""

    code = "corrupt_download"
    default_message = "The download did not match the server's checksum."


class StaffClient(ApiClient):
    """The extranet API with the staff routes."""

    def staff_deliveries(self, *, new: bool = False) -> list[StaffDelivery]:
        """Every delivery (``new``: not marked fetched yet), oldest first, page by page."""
        found: list[StaffDelivery] = []
        after: int | None = 0
        while after is not None:
            query = f"?after={after}&limit={PAGE}" + ("&new=true" if new else "")
            data = self._json(self._authed("GET", f"/staff/deliveries{query}"))
            try:
                page = [_staff_delivery(d) for d in data["deliveries"]]
                following = None if data["next_after"] is None else int(data["next_after"])
            except (KeyError, TypeError, ValueError) as exc:
                raise UnexpectedResponseError() from exc
            if following is not None and (not page or following <= after):
                raise UnexpectedResponseError()  # a next page that does not move on: endless
            found += page
            after = following
        return found

    def staff_delivery(self, delivery_id: int) -> StaffDelivery:
        data = self._json(self._authed("GET", f"/staff/deliveries/{int(delivery_id)}"))
        return _staff_delivery(data)

    def manifest(self, delivery_id: int) -> bytes | None:
        """The delivery's encrypted manifest, or None if it has none. At most
        ``MAX_MANIFEST + 1`` bytes are read: a longer one is refused when it is opened, and a
        hostile server cannot make this hold gigabytes."""
        self.staff_delivery(delivery_id)  # the token checked (and renewed) just before
        headers = self._require_session().headers()
        path = f"{API_PREFIX}/staff/deliveries/{int(delivery_id)}/manifest"
        try:
            with self._stream(path, headers) as response:
                held = bytearray()
                for block in response.iter_bytes():
                    held += block[: MAX_MANIFEST + 1 - len(held)]
                    if len(held) > MAX_MANIFEST:
                        break
                return bytes(held)
        except ApiError as exc:
            if exc.code == "manifest_missing":
                return None
            raise

    def mark_fetched(self, delivery_id: int) -> None:
        self._authed("POST", f"/staff/deliveries/{int(delivery_id)}/fetched")

    def download(self, delivery: StaffDelivery, part: Path) -> None:
        """Complete ``part`` (created 0600 if missing) to the delivery's ciphertext and check
        its SHA-256; what ``part`` holds already is kept and only the rest asked for."""
        fd = os.open(part, os.O_RDWR | os.O_CREAT | _NO_FOLLOW, 0o600)
        with os.fdopen(fd, "r+b") as file:
            held = file.seek(0, os.SEEK_END)
            if held > delivery.size:
                file.truncate(0)
                held = 0
            if held < delivery.size:
                self._receive(delivery, file, held)
            file.flush()
            os.fsync(file.fileno())
        if sha256_file(part) != delivery.sha256:
            part.unlink()
            raise CorruptDownloadError()

    def _receive(self, delivery: StaffDelivery, file: Any, held: int) -> None:
        """Append the ciphertext from byte ``held``, never past the listed size (a server that
        sends more is refused, not believed). The token is checked (and renewed if it expired)
        just before: the server checks it when the download starts, not during it."""
        self.staff_delivery(delivery.id)
        headers = self._require_session().headers()
        if held:
            headers["Range"] = f"bytes={held}-"
        path = f"{API_PREFIX}/staff/deliveries/{int(delivery.id)}/ciphertext"
        with self._stream(path, headers) as response:
            if response.status_code == 200 and held:
                file.truncate(0)  # the server sent it whole: start over
                file.seek(0)
                held = 0
            elif held and not response.headers.get("content-range", "").startswith(
                f"bytes {held}-"
            ):
                raise UnexpectedResponseError(status=response.status_code)
            room = delivery.size - held
            for block in response.iter_bytes(_WRITE_SIZE):
                file.write(block[:room])
                room -= len(block)
                if room < 0:
                    raise UnexpectedResponseError(status=response.status_code)

    @contextlib.contextmanager
    def _stream(self, path: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
        with (
            net.translate_transport_errors(),
            self._http.stream("GET", path, headers=headers) as response,
        ):
            if not response.is_success:
                response.read()
                raise error_from_response(response)
            yield response
