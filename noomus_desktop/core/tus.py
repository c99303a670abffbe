"""A tus 1.0 client for any server: discovery, creation, resume, streamed PATCH, termination.

Request bodies are generated on the fly from a :class:`ByteSource` (the age ciphertext
view) in small reads, so no encrypted copy ever exists on disk or whole in memory. Uploads
are sent in PATCHes of at most ``chunk_size`` bytes: an interruption costs at most one.

Every HTTP answer that is not success becomes a typed error (a :class:`TusError`, or the
shared ``ServerError`` and ``SessionEndedError`` of ``core.errors``) whose ``transient`` flag
tells the engine whether waiting and retrying can help. A failed connection raises the shared
``NetworkError`` family: ``OfflineError``, ``TlsError``, and ``StalledError`` for a request
where no byte moved for ``stall_timeout`` seconds (connect, write or read).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, cast
from urllib.parse import urljoin

import httpx

from noomus_desktop.core.auth import AuthProvider
from noomus_desktop.core.errors import (
    BLOCKING_CODES,
    NoomusError,
    OfflineError,
    ServerError,
    SessionEndedError,
    StalledError,
    TlsError,
    check_abort,
    parse_retry_after,
)
from noomus_desktop.core.net import transport_error

TUS_VERSION = "1.0.0"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
#: Bytes per read from the source and write to the socket: large enough to amortise the
#: per-call cost of httpx and the ciphertext view, small enough to keep memory flat.
READ_SIZE = 4 * 1024 * 1024
#: Bytes handed to the socket at a time: the reaction time of pause and cancel.
SEND_SLICE = 256 * 1024
#: Pieces produced ahead of the one being sent.
_PREFETCH_DEPTH = 2
_CHECKSUM_RETRIES = 3
_RESYNC_RETRIES = 3
#: 401s in a row answered by renewing the credentials before the last one is final.
AUTH_RENEWALS = 3


class ByteSource(Protocol):
    """Random-access bytes to upload (``CiphertextView`` is one)."""

    def read_at(self, offset: int, n: int) -> bytes | bytearray: ...


#: Called with ``(offset, data)`` for each piece handed to the network.
SentCallback = Callable[[int, memoryview], None]

#: A piece of the upload read from its source, at its offset.
Piece = tuple[int, bytes | bytearray]


# -- errors ------------------------------------------------------------------------------


class TusError(NoomusError):
    """Base of the errors only the uploader raises. A failed connection is the shared
    :class:`~noomus_desktop.core.errors.NetworkError` family, a busy server the shared
    :class:`~noomus_desktop.core.errors.ServerError`, refused credentials the shared
    :class:`~noomus_desktop.core.errors.SessionEndedError`."""

    code = "tus_error"


class UploadGoneError(TusError):
    """404/410: the server no longer has this upload; start a new one."""

    code = "upload_expired"


class OffsetMismatchError(TusError):
    """409: our offset differs from the server's; re-sync from HEAD."""

    code = "offset_mismatch"
    transient = True


class ChecksumMismatchError(TusError):
    """460: the body arrived damaged; send the chunk again."""

    code = "checksum_mismatch"
    transient = True


class UploadTooLargeError(TusError):
    """413 or over ``Tus-Max-Size``: this file cannot be sent to this server."""

    code = "upload_too_large"


class RefusedError(TusError):
    """The server refused for a reason retrying will not fix (403, suspended service...)."""

    code = "refused"


class ProtocolError(TusError):
    """The server does not speak tus 1.0 the way we need."""

    code = "not_tus"


# -- data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capabilities:
    """What ``OPTIONS`` says the server can do."""

    extensions: frozenset[str]
    max_size: int | None
    checksum_algorithms: frozenset[str]

    def supports(self, extension: str) -> bool:
        return extension in self.extensions


@dataclass(frozen=True)
class TusUpload:
    """The server's view of one upload; delivery fields only from a Noomus server."""

    url: str
    offset: int
    length: int
    delivery_id: str | None = None
    delivery_sha256: str | None = None
    #: A Noomus server holds every byte of a format-2 upload and waits for its manifest.
    manifest_required: bool = False
    #: The keys of the upload's ``Upload-Metadata``, when the answer carried it (``HEAD``).
    metadata_keys: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        return self.offset >= self.length


#: The answer header of a Noomus server that waits for an upload's manifest (``docs/api.md``).
MANIFEST_HEADER = "Noomus-Manifest"


def _upload_from(response: httpx.Response, url: str, offset: int, length: int) -> TusUpload:
    """The upload as an answer describes it (delivery headers from a Noomus server)."""
    return TusUpload(
        url=url,
        offset=offset,
        length=length,
        delivery_id=response.headers.get("Noomus-Delivery-Id"),
        delivery_sha256=response.headers.get("Noomus-Delivery-Sha256"),
        manifest_required=response.headers.get(MANIFEST_HEADER) == "required",
        metadata_keys=frozenset(
            item.strip().partition(" ")[0]
            for item in response.headers.get("Upload-Metadata", "").split(",")
            if item.strip()
        ),
    )


def encode_metadata(metadata: Mapping[str, bytes]) -> str:
    """``Upload-Metadata``: comma-separated ``key base64(value)`` pairs."""
    return ",".join(f"{k} {base64.b64encode(v).decode()}" for k, v in metadata.items())


# -- client ------------------------------------------------------------------------------


class TusClient:
    """One tus endpoint over a shared ``httpx.Client`` (thread-safe, like httpx itself)."""

    def __init__(
        self,
        http: httpx.Client,
        auth: AuthProvider,
        *,
        chunk_size: int = 64 * 1024 * 1024,
        read_size: int = READ_SIZE,
        checksums: bool = True,
    ) -> None:
        self._http = http
        self._auth = auth
        self.chunk_size = chunk_size
        self._read_size = read_size
        self._checksums = checksums
        self._capabilities: dict[str, Capabilities] = {}
        self._lock = threading.Lock()

    # -- discovery --

    def capabilities(self, endpoint: str, *, again: bool = False) -> Capabilities:
        """``OPTIONS`` of the creation endpoint, asked once per client (``again``: asked anew,
        e.g. to learn whether a suspended service is back).

        A server busy, failing or refusing the service raises its typed error (transient, or
        with the refusal's code), not "not a tus server": waiting can help those.
        """
        with self._lock:
            known = self._capabilities.get(endpoint)
        if known is not None and not again:
            return known
        response = self._send("OPTIONS", endpoint, {})
        status = response.status_code
        if status >= 500 or status == 429 or _error_body(response)[0] in BLOCKING_CODES:
            _raise_for(response, expected=())
        if response.status_code not in (200, 204) or "Tus-Version" not in response.headers:
            raise ProtocolError("This address is not a tus upload server.")
        if TUS_VERSION not in _split(response.headers["Tus-Version"]):
            raise ProtocolError("The upload server does not support tus 1.0.0.")
        max_size = response.headers.get("Tus-Max-Size")
        found = Capabilities(
            extensions=frozenset(_split(response.headers.get("Tus-Extension", ""))),
            max_size=int(max_size) if max_size and max_size.isdigit() else None,
            checksum_algorithms=frozenset(
                _split(response.headers.get("Tus-Checksum-Algorithm", "").lower())
            ),
        )
        with self._lock:
            self._capabilities[endpoint] = found
        return found

    # -- creation --

    def create(
        self,
        endpoint: str,
        length: int,
        metadata: Mapping[str, bytes],
        *,
        source: ByteSource | None = None,
        end: int | None = None,
        on_sent: SentCallback | None = None,
        abort: threading.Event | None = None,
    ) -> TusUpload:
        """``POST`` a new upload; with ``source``, send its bytes up to ``end`` (default and
        at most: one chunk) in the same request if the server allows it (creation-with-upload)."""
        caps = self.capabilities(endpoint)
        if not caps.supports("creation"):
            raise ProtocolError("The upload server does not allow creating uploads.")
        if caps.max_size is not None and length > caps.max_size:
            raise UploadTooLargeError("This file is larger than the server accepts.")
        headers = {"Upload-Length": str(length)}
        if metadata:
            headers["Upload-Metadata"] = encode_metadata(metadata)
        body: Callable[[], Iterator[memoryview]] | None = None
        end = min(length, self.chunk_size, length if end is None else end)
        if source is not None and caps.supports("creation-with-upload") and end > 0:
            headers.update(self._body_headers(caps, source, 0, end))
            body = self._body(source, 0, end, on_sent, abort)
        response = self._send("POST", endpoint, headers, body)
        _raise_for(response, expected=(201,))
        location = response.headers.get("Location")
        if not location:
            raise ProtocolError("The upload server did not say where the new upload is.")
        url = urljoin(endpoint, location)
        if _origin(url) != _origin(endpoint):
            # Our credentials go with every request on the upload: never to another host.
            raise ProtocolError(
                "The upload server pointed the upload to another server; nothing was sent there.",
                code="foreign_location",
            )
        offset = response.headers.get("Upload-Offset")
        start = int(offset) if offset and offset.isdigit() else 0
        return _upload_from(response, url, start, length)

    # -- resume --

    def head(self, url: str) -> TusUpload:
        """The server's offset (and delivery, if complete) of an existing upload."""
        response = self._send("HEAD", url, {"Cache-Control": "no-store"})
        _raise_for(response, expected=(200, 204))
        try:
            offset = int(response.headers["Upload-Offset"])
            length = int(response.headers["Upload-Length"])
        except (KeyError, ValueError):
            raise ProtocolError("The upload server gave no usable offset for the upload.") from None
        return _upload_from(response, url, offset, length)

    def put_manifest(self, upload: TusUpload, manifest: bytes) -> TusUpload:
        """Noomus format 2: store the encrypted manifest of a fully received upload, which
        makes it a delivery; returns the upload with its delivery headers. Idempotent."""
        response = self._send(
            "PUT",
            upload.url + "/manifest",
            {"Content-Type": "application/octet-stream", "Content-Length": str(len(manifest))},
            lambda: iter((memoryview(manifest),)),
        )
        if response.status_code == 409:  # not an offset: another manifest, or not received
            code, message = _error_body(response)
            raise ProtocolError(message or "The server refused the manifest.", code=code)
        _raise_for(response, expected=(200, 204))
        return _upload_from(response, upload.url, upload.length, upload.length)

    # -- sending --

    def send(
        self,
        upload: TusUpload,
        source: ByteSource,
        *,
        endpoint: str,
        on_sent: SentCallback | None = None,
        on_offset: Callable[[TusUpload], None] | None = None,
        abort: threading.Event | None = None,
    ) -> TusUpload:
        """PATCH ``source`` from the upload's offset to its end, one chunk per request.

        Re-syncs from ``HEAD`` after a 409 and re-sends a chunk after a 460, a few times
        each; ``on_offset`` hears every offset the server confirms.
        """
        caps = self.capabilities(endpoint)
        resyncs = checksum_failures = 0
        while not upload.complete:
            end = min(upload.length, upload.offset + self.chunk_size)
            try:
                upload = self._patch(caps, upload, source, end, on_sent, abort)
            except OffsetMismatchError:
                resyncs += 1
                if resyncs > _RESYNC_RETRIES:
                    raise
                upload = self.head(upload.url)
            except ChecksumMismatchError:
                checksum_failures += 1
                if checksum_failures > _CHECKSUM_RETRIES:
                    raise
                continue
            if on_offset is not None:
                on_offset(upload)
        return upload

    def _patch(
        self,
        caps: Capabilities,
        upload: TusUpload,
        source: ByteSource,
        end: int,
        on_sent: SentCallback | None,
        abort: threading.Event | None,
    ) -> TusUpload:
        headers = {"Upload-Offset": str(upload.offset)}
        headers.update(self._body_headers(caps, source, upload.offset, end))
        response = self._send(
            "PATCH", upload.url, headers, self._body(source, upload.offset, end, on_sent, abort)
        )
        _raise_for(response, expected=(200, 204))
        try:
            offset = int(response.headers["Upload-Offset"])
        except (KeyError, ValueError):
            raise ProtocolError("The upload server gave no usable offset after a PATCH.") from None
        if offset < upload.offset or offset > upload.length:
            raise ProtocolError("The upload server reported an impossible offset.")
        answered = _upload_from(response, upload.url, offset, upload.length)
        return TusUpload(
            url=upload.url,
            offset=offset,
            length=upload.length,
            delivery_id=answered.delivery_id or upload.delivery_id,
            delivery_sha256=answered.delivery_sha256 or upload.delivery_sha256,
            manifest_required=answered.manifest_required,
        )

    def terminate(self, url: str) -> None:
        """``DELETE`` an upload (termination extension); a vanished upload is fine."""
        response = self._send("DELETE", url, {})
        if response.status_code in (404, 410):
            return
        _raise_for(response, expected=(204, 200))

    # -- internals --

    def _body_headers(
        self, caps: Capabilities, source: ByteSource, start: int, end: int
    ) -> dict[str, str]:
        headers = {"Content-Type": OFFSET_CONTENT_TYPE, "Content-Length": str(end - start)}
        if self._checksums and caps.supports("checksum") and "sha256" in caps.checksum_algorithms:
            # The header precedes the body: hash the range first (regenerating it is cheap),
            # rather than holding a whole chunk in memory.
            digest = hashlib.sha256()
            for _, piece in self._pieces(source, start, end, None):
                digest.update(piece)
            headers["Upload-Checksum"] = "sha256 " + base64.b64encode(digest.digest()).decode()
        return headers

    def _pieces(
        self, source: ByteSource, start: int, end: int, abort: threading.Event | None
    ) -> Iterator[Piece]:
        position = start
        while position < end:
            check_abort(abort)
            piece = source.read_at(position, min(self._read_size, end - position))
            if not piece:
                raise ProtocolError("The data to send ended early.")
            yield position, piece
            position += len(piece)

    def _body(
        self,
        source: ByteSource,
        start: int,
        end: int,
        on_sent: SentCallback | None,
        abort: threading.Event | None,
    ) -> Callable[[], Iterator[memoryview]]:
        """A factory of the body iterator, so a refused request can be sent again."""

        def generate() -> Iterator[memoryview]:
            pieces = self._pieces(source, start, end, abort)
            if end - start > self._read_size:  # a one-piece body has nothing to overlap
                pieces = _prefetched(pieces)
            for position, piece in pieces:
                whole = memoryview(piece)  # slices of a view are not copies
                for at in range(0, len(piece), SEND_SLICE):
                    # Checked per slice, so a pause or cancel takes effect within one slice.
                    check_abort(abort)
                    part = whole[at : at + SEND_SLICE]
                    yield part
                    if on_sent is not None:
                        on_sent(position + at, part)

        return generate

    def _send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Callable[[], Iterator[memoryview]] | None = None,
    ) -> httpx.Response:
        """One request, tried again (body regenerated) after renewing credentials on a 401.

        Renewed up to :data:`AUTH_RENEWALS` times in a row: a token renewed by another
        thread (or process) a while ago can expire again before the retried request is read.
        """
        for _ in range(AUTH_RENEWALS):
            auth = self._auth.headers()
            response = self._request(method, url, {**headers, **auth}, body)
            if response.status_code != 401:
                return response
            if not self._auth.refresh(auth):
                raise SessionEndedError(
                    _error_body(response)[1] or "The server no longer accepts this session.",
                    status=response.status_code,
                )
        return self._request(method, url, {**headers, **self._auth.headers()}, body)

    def _request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Callable[[], Iterator[memoryview]] | None,
    ) -> httpx.Response:
        all_headers = dict(headers)
        if method != "OPTIONS":
            all_headers["Tus-Resumable"] = TUS_VERSION
        try:
            # httpx sends any bytes-like chunk; views spare a copy of every byte sent.
            content = cast("Iterator[bytes]", body()) if body is not None else None
            return self._http.request(method, url, headers=all_headers, content=content)
        except httpx.TimeoutException as error:
            raise StalledError("The connection stalled: no data moved for too long.") from error
        except httpx.TransportError as error:
            mapped = transport_error(error)
            if isinstance(mapped, TlsError):
                raise mapped from error
            raise OfflineError("The upload server cannot be reached.") from error


def _prefetched(pieces: Iterator[Piece]) -> Iterator[Piece]:
    """Produce the next piece on a helper thread while the current one is being sent.

    Hashing and the socket release the GIL, so encryption of piece N+1 overlaps the network
    write of piece N instead of alternating with it.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="noomus-prefetch") as helper:
        upcoming = deque(helper.submit(next, pieces, None) for _ in range(_PREFETCH_DEPTH))
        while (item := upcoming.popleft().result()) is not None:
            upcoming.append(helper.submit(next, pieces, None))
            yield item


def _origin(url: str) -> tuple[str, str, int | None]:
    parsed = httpx.URL(url)
    return parsed.scheme, parsed.host.lower(), parsed.port


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _error_body(response: httpx.Response) -> tuple[str | None, str | None]:
    """The ``{"error": {"code", "message"}}`` of a Noomus server, if that is what came."""
    try:
        document = json.loads(response.content)
        error = document["error"]
        code, message = error.get("code"), error.get("message")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None
    return (
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else None,
    )


def _raise_for(response: httpx.Response, *, expected: tuple[int, ...]) -> None:
    """Turn an unexpected answer into the typed error the engine knows how to handle."""
    status = response.status_code
    if status in expected:
        return
    code, message = _error_body(response)
    wait = parse_retry_after(response.headers.get("Retry-After"))
    if status in (404, 410):
        raise UploadGoneError(message or "The server no longer has this upload.", code=code)
    if status == 409:
        raise OffsetMismatchError(message or "The server's upload offset differs from ours.")
    if status == 413:
        raise UploadTooLargeError(message or "This file is larger than the server accepts.")
    if status == 460:
        raise ChecksumMismatchError(message or "The data arrived damaged.")
    if code in BLOCKING_CODES:
        raise RefusedError(message or "The server refused the upload.", code=code)
    if status in (408, 423, 429) or status >= 500:
        raise ServerError(
            message or f"The upload server is busy or failing (HTTP {status}).",
            code=code,
            status=status,
            retry_after=wait,
        )
    if status == 403:
        raise RefusedError(message or "The server refused the upload.", code=code or "forbidden")
    raise ProtocolError(
        message or f"The upload server answered HTTP {status} unexpectedly.", code=code
    )
