"""Random access to the ciphertext of a plaintext file, for resumable uploads.

Given an :class:`EncryptionPlan`, the age file of a plaintext is fixed, so any byte range of
it can be regenerated from the plaintext: the prefix (header and nonce) is copied and each
64 KiB chunk is sealed on demand. No temporary ciphertext is ever written.

Guarding against a plaintext that changes mid-transfer, cheapest checks first:

1. every :meth:`CiphertextView.read_at` compares size and mtime of the open file and of the
   path with the expected ones (two ``stat`` calls);
2. chunks are *verified* in order: each one is read once, fed to a running SHA-256 and
   sealed, and its 16-byte Poly1305 tag is kept (16 bytes per 64 KiB: 256 KiB per GiB).
   A chunk regenerated later (a retried request) must reproduce its tag bit for bit;
3. the final chunk is released only if the SHA-256 of all verified plaintext equals the
   expected one, so a mixed ciphertext can never complete.

A read that starts past the verified position (an upload resumed after a restart) first
verifies the skipped range from disk, once: reading is far faster than any upload.

Every pass over the file (fingerprinting, that catch-up verification) polls the ``abort``
flag given to the view at least once per MiB and stops with ``AbortedError``, so pause,
cancel and quit never wait for a multi-gigabyte pass to end.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_all
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from noomus_desktop.core.crypto.errors import PlaintextChangedError, SourceUnreadableError
from noomus_desktop.core.crypto.plan import EncryptionPlan
from noomus_desktop.core.crypto.stream import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    TAG_SIZE,
    ChunkSealer,
    chunk_count,
)
from noomus_desktop.core.errors import AbortFlag, check_abort

_HASH_BLOCK = 1024 * 1024
#: Streaming: chunks sealed ahead (8 MiB of plaintext), kept sealed until sent, their tags
#: stored in one durable write (:class:`CiphertextView` ``reserve``).
RESERVE_AHEAD = 128
#: Chunks read, hashed and sealed at a time within those: read into a buffer this small,
#: the bytes are still in the core's cache when they are hashed and sealed (8 MiB reads made
#: the copy out of the page cache the upload's largest kernel cost: ``docs/performance.md``).
_STEP_CHUNKS = 3


@dataclass(frozen=True)
class PlaintextFingerprint:
    """What a plaintext file must still be when its ciphertext is produced."""

    size: int
    mtime_ns: int
    sha256: str  # lowercase hex

    @classmethod
    def of(
        cls, path: str | os.PathLike[str], *, abort: AbortFlag | None = None
    ) -> PlaintextFingerprint:
        """Fingerprint ``path`` in one streaming pass; fails if it changes meanwhile, stops
        (``AbortedError``) soon after ``abort`` is set."""
        digest = hashlib.sha256()
        buffer = memoryview(bytearray(_HASH_BLOCK))
        total = 0
        with Path(path).open("rb", buffering=0) as file:
            before = os.fstat(file.fileno())
            while n := file.readinto(buffer):
                check_abort(abort)
                digest.update(buffer[:n])
                total += n
            after = os.fstat(file.fileno())
        if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or (
            total != after.st_size
        ):
            raise PlaintextChangedError()
        return cls(total, after.st_mtime_ns, digest.hexdigest())


class CiphertextView:
    """The age file of one plaintext file under one plan, readable at any offset."""

    def __init__(
        self,
        plan: EncryptionPlan,
        path: str | os.PathLike[str],
        *,
        expected_size: int,
        expected_mtime_ns: int,
        expected_sha256: str | None = None,
        known_tags: bytes = b"",
        abort: AbortFlag | None = None,
        reserve: Callable[[bytes], None] | None = None,
        writer: Executor | None = None,
    ) -> None:
        self._path = Path(path)
        #: Tags of chunks already sent under this plan (by an earlier run): sealing such a
        #: chunk again must reproduce its tag before any of its bytes are handed out.
        self._known_tags = bytes(known_tags)
        #: Polled by every pass over the file: set, the pass stops with ``AbortedError``.
        self._abort = abort
        self._expected = (expected_size, expected_mtime_ns)
        self._expected_sha256 = expected_sha256
        self._prefix = plan.prefix
        self._sealer = ChunkSealer(plan.file_key, plan.nonce)
        self._plaintext_size = expected_size
        self._chunks = chunk_count(expected_size)
        self.size = plan.ciphertext_size(expected_size)
        self._file = self._path.open("rb", buffering=0)
        self._lock = threading.Lock()
        self._digest = hashlib.sha256()
        self._tags = bytearray()
        # One chunk at most, as large as the file (most files are small: zeroing 128 KiB
        # for each of thousands of small files showed in their profile).
        self._plain = memoryview(bytearray(min(CHUNK_SIZE, expected_size)))
        self._sealed = memoryview(bytearray(min(ENCRYPTED_CHUNK_SIZE, expected_size + TAG_SIZE)))
        self._cached: int | None = None
        self._failed = False
        #: Streaming (delivery format 2): called with every tag verified so far before any
        #: byte of a chunk past those already reserved is handed out; it stores them durably,
        #: so a later run can prove each chunk it re-sends (``docs/crypto.md``).
        self._reserve = reserve
        #: The sealed batches kept for sending (two at most: the one being sent and the next,
        #: whose tags are stored meanwhile) as (first chunk, end chunk, sealed bytes).
        self._batches: list[tuple[int, int, memoryview]] = []
        self._spare: list[memoryview] = []
        self._step: memoryview | None = None
        #: Tag stores in flight, in order, as (chunks they cover, future).
        self._saving: list[tuple[int, Future[None]]] = []
        self._saved = len(self._known_tags) // TAG_SIZE
        #: While set, chunks go out before their tags are stored (see :meth:`defer_saves`).
        self._deferring = False
        #: Runs the tag stores: ``writer`` if given (the engine's pool: no thread started and
        #: joined per file), else a thread of the view's own. Stores of one view may then run
        #: out of order; ``reserve`` must skip one covering fewer tags than already stored.
        self._own_writer = writer is None and reserve is not None
        self._writer = (
            ThreadPoolExecutor(1, thread_name_prefix="noomus-tags") if self._own_writer else writer
        )
        try:
            self._check_unchanged()
        except PlaintextChangedError:
            self._file.close()
            raise

    @classmethod
    def open(
        cls,
        plan: EncryptionPlan,
        path: str | os.PathLike[str],
        fingerprint: PlaintextFingerprint,
        *,
        known_tags: bytes = b"",
        abort: AbortFlag | None = None,
    ) -> CiphertextView:
        """A view expecting the file to still match ``fingerprint``, content included, and
        each chunk to reproduce its tag in ``known_tags`` (those an earlier run stored)."""
        return cls(
            plan,
            path,
            expected_size=fingerprint.size,
            expected_mtime_ns=fingerprint.mtime_ns,
            expected_sha256=fingerprint.sha256,
            known_tags=known_tags,
            abort=abort,
        )

    @property
    def chunks(self) -> int:
        """How many STREAM chunks the payload has (an empty plaintext has one)."""
        return self._chunks

    @property
    def tags(self) -> bytes:
        """The tags of the chunks verified so far (all of them after ``fingerprinting``)."""
        with self._lock:
            return bytes(self._tags)

    @classmethod
    def fingerprinting(
        cls,
        plan: EncryptionPlan,
        path: str | os.PathLike[str],
        *,
        abort: AbortFlag | None = None,
    ) -> tuple[CiphertextView, PlaintextFingerprint]:
        """A view of the file as it is now, and its fingerprint, from one pass over it.

        The pass hashes and seals every chunk, keeping the tags: sending then checks each
        chunk against its tag instead of hashing the plaintext a second time. Setting
        ``abort`` stops it within a MiB (``AbortedError``; the view is closed).
        """
        stat = Path(path).stat()
        view = cls(
            plan,
            path,
            expected_size=stat.st_size,
            expected_mtime_ns=stat.st_mtime_ns,
            abort=abort,
        )
        try:
            with view._lock:
                sha256 = view._seal_all()
        except BaseException:
            view.close()
            raise
        return view, PlaintextFingerprint(stat.st_size, stat.st_mtime_ns, sha256)

    def _seal_all(self) -> str:
        """Hash and seal every chunk, keeping the tags; return the plaintext's SHA-256.

        In a file of several batches the hash runs on a helper thread (hashlib releases the
        GIL), over the very bytes sealed: batches alternate between two buffers, one hashed
        while the other is read and sealed, so a core is not left idle while the other
        hashes. A one-batch file (most files) starts no thread.
        """
        if self._plaintext_size <= _HASH_BLOCK:
            batch = self._read_into(0, memoryview(bytearray(self._plaintext_size)))
            self._digest.update(batch)
            self._seal_batch(0, batch)
        else:
            batches = [memoryview(bytearray(_HASH_BLOCK)) for _ in range(2)]
            hashing: list[Future[None] | None] = [None, None]
            with ThreadPoolExecutor(1, thread_name_prefix="noomus-hash") as hasher:
                for position in range(0, self._plaintext_size, _HASH_BLOCK):
                    turn = position // _HASH_BLOCK % 2
                    if (previous := hashing[turn]) is not None:
                        previous.result()  # that batch's buffer is free again
                    check_abort(self._abort)
                    want = min(_HASH_BLOCK, self._plaintext_size - position)
                    batch = self._read_into(position, batches[turn][:want])
                    hashing[turn] = hasher.submit(self._digest.update, batch)
                    self._seal_batch(position, batch)
        self._cached = None
        self._check_unchanged()
        self._expected_sha256 = self._digest.hexdigest()
        return self._expected_sha256

    def _seal_batch(self, position: int, batch: memoryview) -> None:
        """Seal the chunks of ``batch`` (the plaintext at ``position``), keeping their tags."""
        first = position // CHUNK_SIZE
        for i, start in enumerate(range(0, max(len(batch), 1), CHUNK_SIZE)):  # empty: one chunk
            plain = batch[start : start + CHUNK_SIZE]
            sealed = self._sealed[: len(plain) + TAG_SIZE]
            self._sealer.seal_into(first + i, first + i == self._chunks - 1, plain, sealed)
            self._tags += sealed[-TAG_SIZE:]

    def _check_unchanged(self) -> None:
        try:
            stats = (os.fstat(self._file.fileno()), self._path.stat())
        except FileNotFoundError:  # moved or deleted meanwhile
            raise PlaintextChangedError() from None
        for stat in stats:
            if (stat.st_size, stat.st_mtime_ns) != self._expected:
                raise PlaintextChangedError()

    def _read_plain(self, index: int) -> memoryview:
        start = index * CHUNK_SIZE
        return self._read_into(start, self._plain[: min(CHUNK_SIZE, self._plaintext_size - start)])

    def _read_into(self, position: int, target: memoryview) -> memoryview:
        """Fill ``target`` with the plaintext at ``position``; a short file has changed."""
        self._file.seek(position)
        filled = 0
        while filled < len(target):
            n = self._file.readinto(target[filled:])
            if not n:
                raise PlaintextChangedError()
            filled += n
        return target

    def _verify_next(self) -> None:
        """Read, hash and seal the next unverified chunk, keeping its tag."""
        check_abort(self._abort)
        index = len(self._tags) // TAG_SIZE
        last = index == self._chunks - 1
        self._cached = None
        plain = self._read_plain(index)
        self._digest.update(plain)
        if last and self._expected_sha256 is not None:
            actual = self._digest.hexdigest()
            if not hmac.compare_digest(actual, self._expected_sha256.lower()):
                raise PlaintextChangedError()
        sealed = self._sealed[: len(plain) + TAG_SIZE]
        self._sealer.seal_into(index, last, plain, sealed)
        known = self._known_tags[index * TAG_SIZE : (index + 1) * TAG_SIZE]
        if known and not hmac.compare_digest(sealed[-TAG_SIZE:], known):
            raise PlaintextChangedError()  # not the plaintext sent under this plan before
        self._tags += sealed[-TAG_SIZE:]
        self._cached = index

    def _chunk(self, index: int) -> memoryview:
        """The sealed chunk ``index``, verified against the tags of this transfer."""
        if self._cached != index:
            while len(self._tags) // TAG_SIZE <= index:
                self._verify_next()
            if self._cached != index:
                self._cached = None
                self._reseal_into(index, self._sealed[: self._sealed_size(index)])
                self._cached = index
        return self._sealed[: self._sealed_size(index)]

    def _sealed_size(self, index: int) -> int:
        return min(
            ENCRYPTED_CHUNK_SIZE, self.size - len(self._prefix) - index * ENCRYPTED_CHUNK_SIZE
        )

    def _reseal_into(self, index: int, target: memoryview) -> None:
        """Seal the already verified chunk ``index`` into ``target``; it must match its tag."""
        plain = self._read_plain(index)
        self._sealer.seal_into(index, index == self._chunks - 1, plain, target)
        kept = self._tags[index * TAG_SIZE : (index + 1) * TAG_SIZE]
        if not hmac.compare_digest(target[-TAG_SIZE:], kept):
            raise PlaintextChangedError()

    def _stream(self, index: int) -> memoryview | None:
        """Streaming (a ``reserve`` is set): chunk ``index`` sealed, from a kept batch if it is
        in one, once its tag is stored; the next batch is sealed now and its tags stored while
        this one is sent. ``None``: not in a kept batch (a chunk sent again), re-seal it."""
        while self._verified() <= index:
            self._seal_next_batch()
        self._wait_saved(index)
        if self._verified() < self._chunks and self._verified() <= index + RESERVE_AHEAD:
            self._seal_next_batch()
        for first, end, sealed in self._batches:
            if first <= index < end:
                start = (index - first) * ENCRYPTED_CHUNK_SIZE
                return sealed[start : start + self._sealed_size(index)]
        return None

    def _verified(self) -> int:
        return len(self._tags) // TAG_SIZE

    def _seal_next_batch(self) -> None:
        """Read, hash and seal the next :data:`RESERVE_AHEAD` chunks into a kept buffer (each
        checked against its known tag), then have all tags so far stored in the background.
        A few chunks at a time (:data:`_STEP_CHUNKS`), each hashed and sealed while in cache."""
        first = self._verified()
        end = min(self._chunks, first + RESERVE_AHEAD)
        check_abort(self._abort)
        self._cached = None
        if self._step is None:
            self._step = memoryview(bytearray(min(self._plaintext_size, _STEP_CHUNKS * CHUNK_SIZE)))
        step = self._step
        if len(self._batches) == 2:
            self._spare.append(self._batches.pop(0)[2])
        sealed = self._spare.pop() if self._spare else self._new_sealed_buffer()
        # A batch is read in several steps: one that fails part way (a read error) must leave
        # no tag that neither a kept batch nor a tag store covers, nor their plaintext hashed.
        digest = self._digest.copy()
        try:
            self._seal_steps(first, end, sealed, step)
        except BaseException:
            del self._tags[first * TAG_SIZE :]
            self._digest = digest
            self._spare.append(sealed)
            raise
        self._batches.append((first, end, sealed))
        if self._reserve is not None and self._writer is not None and end > self._saved:
            self._saving.append((end, self._writer.submit(self._reserve, bytes(self._tags))))

    def _seal_steps(self, first: int, end: int, sealed: memoryview, step: memoryview) -> None:
        """Read, hash and seal chunks ``first`` to ``end`` into ``sealed``, a few at a time
        through ``step``."""
        for start in range(first, end, _STEP_CHUNKS):
            stop = min(end, start + _STEP_CHUNKS)
            position = start * CHUNK_SIZE
            want = min(self._plaintext_size, stop * CHUNK_SIZE) - position
            plain = self._read_into(position, step[:want])
            self._digest.update(plain)
            for index in range(start, stop):
                chunk = plain[(index - start) * CHUNK_SIZE :][:CHUNK_SIZE]
                out = sealed[(index - first) * ENCRYPTED_CHUNK_SIZE :][: len(chunk) + TAG_SIZE]
                self._sealer.seal_into(index, index == self._chunks - 1, chunk, out)
                known = self._known_tags[index * TAG_SIZE : (index + 1) * TAG_SIZE]
                if known and not hmac.compare_digest(out[-TAG_SIZE:], known):
                    raise PlaintextChangedError()  # not the plaintext sent under this plan before
                self._tags += out[-TAG_SIZE:]

    def _new_sealed_buffer(self) -> memoryview:
        chunks = min(self._chunks, RESERVE_AHEAD)
        return memoryview(bytearray(chunks * ENCRYPTED_CHUNK_SIZE))

    @contextlib.contextmanager
    def defer_saves(self) -> Iterator[None]:
        """Hand out chunks before their tags are stored, then wait for every store.

        For the creation request only: its bytes can never be sent again under this plan
        unless its answer (the upload's URL) is stored, which the caller does only after this
        returns, so the store may overlap the request instead of delaying it.
        """
        with self._lock:
            self._deferring = True
        try:
            yield
        finally:
            with self._lock:
                self._deferring = False
                self._wait_saved(self._verified() - 1)

    def _wait_saved(self, index: int) -> None:
        """Block until the tag of chunk ``index`` is stored (its write was submitted)."""
        while self._saved <= index and not self._deferring:
            covered, future = self._saving.pop(0)
            future.result()
            self._saved = covered

    def plaintext_sha256(self) -> str:
        """SHA-256 of the whole plaintext, as sealed: verifies the chunks not yet verified
        (each against its known tag, if any). For the manifest of a streamed upload."""
        with self._lock:
            if self._failed:
                raise PlaintextChangedError()
            try:
                while len(self._tags) // TAG_SIZE < self._chunks:
                    self._verify_next()
                self._check_unchanged()
            except PlaintextChangedError:
                self._failed = True
                raise
            except OSError as error:
                raise SourceUnreadableError(error) from None
            return self._digest.hexdigest()

    def read_at(self, offset: int, n: int) -> bytearray:
        """Up to ``n`` bytes of the age file from ``offset`` (fewer only at its end), in a
        new buffer the caller owns."""
        if offset < 0 or n < 0:
            raise ValueError("offset and length must not be negative")
        check_abort(self._abort)
        with self._lock:
            if self._failed:
                raise PlaintextChangedError()
            try:
                return self._read_locked(offset, n)
            except PlaintextChangedError:
                self._failed = True
                raise
            except OSError as error:  # its text names the file: see SourceUnreadableError
                raise SourceUnreadableError(error) from None

    def _read_locked(self, offset: int, n: int) -> bytearray:
        self._check_unchanged()
        end = min(offset + n, self.size)
        # Sized once (growing it chunk by chunk re-copied megabytes per call); a verified chunk
        # that fits whole is sealed straight into it, the others are copied from the cache.
        out = bytearray(max(0, end - offset))
        target = memoryview(out)
        filled = 0
        prefix = len(self._prefix)
        while offset < end:
            if offset < prefix:
                piece: bytes | memoryview = self._prefix[offset : min(end, prefix)]
            else:
                index, within = divmod(offset - prefix, ENCRYPTED_CHUNK_SIZE)
                if self._reserve is not None and (kept := self._stream(index)) is not None:
                    piece = kept[within : within + end - offset]
                    target[filled : filled + len(piece)] = piece
                    filled += len(piece)
                    offset += len(piece)
                    continue
                size = self._sealed_size(index)
                verified = index < len(self._tags) // TAG_SIZE
                if within == 0 and size <= end - offset and verified and self._cached != index:
                    self._reseal_into(index, target[filled : filled + size])
                    filled += size
                    offset += size
                    continue
                piece = self._chunk(index)[within : within + end - offset]
            target[filled : filled + len(piece)] = piece
            filled += len(piece)
            offset += len(piece)
        return out

    def close(self) -> None:
        if self._own_writer and self._writer is not None:
            self._writer.shutdown(wait=True)  # a tag store in flight completes
        else:
            wait_all([future for _, future in self._saving])
        self._file.close()

    def __enter__(self) -> CiphertextView:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<CiphertextView size={self.size}>"
