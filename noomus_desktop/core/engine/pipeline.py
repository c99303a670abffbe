"""One transfer's pipeline: prepare (plan, ciphertext view), send (create or resume the tus
upload, PATCH to the end), describe (format 2: the encrypted manifest, after the last byte
is confirmed), verify (the server's delivery record matches).

The pipeline knows nothing of queues, batches or other transfers. It meets the scheduler
at one seam, :class:`RecordSetter` (the scheduler's ``_set``): every state it reaches is
written to the store and reported through it, ``DONE`` included. Progress goes straight to
the observer's ``on_progress``, throttled by a :class:`~.progress.Meter`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import blake3

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    FileMetadata,
    InvalidPlanError,
    PlaintextChangedError,
    PlaintextFingerprint,
)
from noomus_desktop.core.crypto.metadata import encrypt_manifest
from noomus_desktop.core.crypto.stream import ENCRYPTED_CHUNK_SIZE, TAG_SIZE
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine.progress import Meter
from noomus_desktop.core.engine.settings import EngineSettings
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.fsutil import Hasher
from noomus_desktop.core.queue import TransferRecord, TransferState, TransferStore
from noomus_desktop.core.tus import TusClient, TusUpload, UploadGoneError, encode_metadata

#: Metadata key of the encrypted file description of format 1 (``docs/api.md``): uploads
#: of older releases, still resumed and delivered.
METADATA_KEY = "noomus-meta"
#: Creation metadata of delivery format 2: the manifest follows the data (nothing secret).
FORMAT_KEY = "noomus-format"
FORMAT_2 = b"2"
#: A plain tus server: the manifest's own upload names the data upload's URL with it.
MANIFEST_FOR_KEY = "noomus-manifest-for"
#: A small file's manifest, sent in its creation metadata (``docs/api.md``).
MANIFEST_KEY = "noomus-manifest"
#: The longest ``Upload-Metadata`` that carries a manifest: within our server's limit
#: (``ServerConfig.max_metadata_size``) and a quarter under node's 16 KiB limit on all the
#: headers of a request (@tus/server). The 1 and 4 KiB buckets fit (with a few recipients);
#: a longer manifest follows the data as for a large file.
MAX_INLINE_METADATA = 12 * 1024
log = logging.getLogger(__name__)

#: New uploads tried when the server loses the one being sent.
_RESTARTS = 3
#: Uploads larger than this hash their ciphertext on a helper thread (:class:`CiphertextHash`)
#: with at most ``_HASH_BEHIND`` bytes waiting for it.
_BACKGROUND_HASH = 8 * 1024 * 1024
_HASH_BEHIND = 8 * 1024 * 1024
_HASH_TASK = 2 * 1024 * 1024


class RecordSetter(Protocol):
    """Write changes of one transfer to the store and report the new snapshot."""

    def __call__(self, transfer_id: int, /, **changes: object) -> TransferRecord: ...


#: ``on_progress`` of the observer: transfer, sent, total, speed, seconds left.
ProgressReport = Callable[[int, int, int, float, float | None], None]


# -- errors of the pipeline ----------------------------------------------------------------


class FileProblemError(NoomusError):
    """The file to send is gone or unreadable."""


class VerificationError(NoomusError):
    """The server's record of the delivery does not match what we sent."""

    code = "verification_failed"


def file_error(error: OSError) -> FileProblemError:
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return FileProblemError(
            "The file is no longer there. It may have been moved or deleted.", code="file_missing"
        )
    return FileProblemError(
        "The file cannot be read. Check that you are allowed to open it.", code="file_unreadable"
    )


class CiphertextHash:
    """The ciphertext's hash, fed in order with the pieces as they are sent: SHA-256, or
    BLAKE3 when ``blake3`` (the manifest's binding for a plain tus server, where no delivery
    check needs SHA-256: ``docs/crypto.md``; BLAKE3 saves 0.3-0.4 s of CPU per GiB).

    ``background`` (a large upload): the hashing runs on a helper thread, off the thread
    that writes to the socket (hashlib and blake3 release the GIL), so the two overlap. Each
    piece fed is kept until it is hashed; at most :data:`_HASH_BEHIND` bytes wait (bounded
    memory). The pieces are never written to afterwards (``ByteSource.read_at`` hands
    out a new buffer each time). BLAKE3 runs on one thread (its default): the 2 cores it was
    measured on are busy encrypting and sending, and more threads cost CPU without gain.
    """

    def __init__(self, *, background: bool = False, blake3: bool = False) -> None:
        self.blake3 = blake3
        self._digest = self._fresh()
        self.upto = 0
        self._helper = (
            ThreadPoolExecutor(1, thread_name_prefix="noomus-hash") if background else None
        )
        self._pending: deque[tuple[int, Future[None]]] = deque()
        self._behind = 0
        #: Slices gathered for the helper's next task (one per :data:`_HASH_TASK` bytes, not
        #: one per slice: a task costs a future and a thread wake-up).
        self._gathered: list[bytes | bytearray | memoryview] = []
        self._gathered_size = 0

    def _fresh(self) -> Hasher:
        return blake3.blake3() if self.blake3 else hashlib.sha256()

    def feed(self, offset: int, data: bytes | bytearray | memoryview) -> None:
        end = offset + len(data)
        if offset <= self.upto < end:
            self._update(data[self.upto - offset :])
            self.upto = end

    def _update(self, data: bytes | bytearray | memoryview) -> None:
        if self._helper is None:
            self._digest.update(data)
            return
        self._gathered.append(data)
        self._gathered_size += len(data)
        if self._gathered_size >= _HASH_TASK:
            self._hand_over(self._helper)

    def _hand_over(self, helper: ThreadPoolExecutor) -> None:
        while self._behind > _HASH_BEHIND:
            size, hashing = self._pending.popleft()
            hashing.result()
            self._behind -= size
        parts, size = self._gathered, self._gathered_size
        self._pending.append((size, helper.submit(self._hash_all, parts)))
        self._behind += size
        self._gathered, self._gathered_size = [], 0

    def _hash_all(self, parts: list[bytes | bytearray | memoryview]) -> None:
        for part in parts:
            self._digest.update(part)

    def _settle(self) -> None:
        if self._helper is not None and self._gathered:
            self._hand_over(self._helper)
        while self._pending:
            self._pending.popleft()[1].result()
        self._behind = 0

    def complete(self, view: CiphertextView, total: int) -> str:
        """The hash of all ``total`` bytes, regenerating what was sent by an earlier run."""
        self._settle()
        if self.upto != total:
            self._digest, self.upto = self._fresh(), 0
            while self.upto < total:
                self.feed(self.upto, view.read_at(self.upto, 1024 * 1024))
            self._settle()
        return self._digest.hexdigest()

    def __enter__(self) -> CiphertextHash:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._helper is not None:
            self._helper.shutdown(wait=True)


def _log_lost(transfer_id: int, offset: int, confirmed: int) -> None:
    log.warning(
        "transfer %d: the server reports offset %d after confirming %d: it lost data;"
        " re-sent chunks must match their stored tags",
        transfer_id,
        offset,
        confirmed,
    )


class _PlanKeeper:
    """Stores a streamed upload's plan with the tags of its chunks, durably, each time the
    ciphertext view is about to hand out a chunk past those stored (its ``reserve``). Writes
    are serialised and never go backwards: the record always covers every chunk sent."""

    def __init__(self, store: TransferStore, transfer_id: int, plan: EncryptionPlan) -> None:
        self._store = store
        self._transfer_id = transfer_id
        self._plan = plan
        self._lock = threading.Lock()
        self._saved = -1

    def save(self, tags: bytes) -> None:
        with self._lock:
            if len(tags) <= self._saved:
                return
            self._store.save_plan(self._transfer_id, self._plan.to_record(tags, streamed=True))
            self._saved = len(tags)


class _Bytes:
    """A small byte string as a tus byte source (the manifest's own upload)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read_at(self, offset: int, n: int) -> bytes:
        return self._data[offset : offset + n]


@dataclass
class _Session:
    """One upload being sent: its plan, the view of its ciphertext and where it stands.
    ``resumed``: its chunks may have been sent by an earlier run (they are proven by tag).
    ``streamed``: delivery format 2 (a manifest follows the data); otherwise an upload of an
    older release, created with its ``noomus-meta``, which the server delivers at its last
    byte."""

    record: TransferRecord
    plan: EncryptionPlan
    view: CiphertextView
    size: int
    #: ``None`` until created (a fresh session).
    upload: TusUpload | None
    resumed: bool
    streamed: bool = True
    #: The one writer of a streamed upload's plan record (the view's ``reserve``).
    keeper: _PlanKeeper | None = None
    #: The upload's manifest travelled in its creation metadata (a small file).
    described: bool = False
    #: The manifest our server takes (``PUT``), when it was made before the data was sent.
    manifest: bytes | None = None
    #: The plaintext's SHA-256 (format 2: known once every chunk is sealed), stored with
    #: ``DONE`` (one durable commit instead of two: a crash before it recomputes it).
    sha256: str | None = None

    @property
    def total(self) -> int:
        return self.plan.ciphertext_size(self.size)


class TransferPipeline:
    """Prepare, send and verify one transfer at a time per calling thread (thread-safe:
    each worker of the scheduler runs its own transfers through the one pipeline).

    ``plan_writer`` runs the plans' durable writes while the creation request travels.
    """

    def __init__(
        self,
        store: TransferStore,
        destination: Destination,
        tus: TusClient,
        settings: EngineSettings,
        plan_writer: Executor,
        set_record: RecordSetter,
        on_progress: ProgressReport,
    ) -> None:
        self._store = store
        self._destination = destination
        self._tus = tus
        self._settings = settings
        self._plan_writer = plan_writer
        self._set = set_record
        self._on_progress = on_progress

    def run(self, record: TransferRecord, abort: threading.Event) -> None:
        """Take one claimed transfer from preparing to done; raises what stopped it.

        The invariant (``docs/crypto.md``): for each (file key, nonce, chunk counter) at most
        one ciphertext leaves this machine. A new upload always gets a new plan; a resumed
        one re-sends a chunk only if it reproduces the tag stored when the chunk was first
        sealed. A resumed upload that cannot prove that (the file changed, the record is
        missing or from an older release) is replaced by a fresh upload under a fresh plan.
        """
        if record.upload_url is not None:  # a resume asks the server first: say so now
            record = self._set(record.id, state=TransferState.PREPARING)
        session = self._resume(record, abort)
        for _ in range(_RESTARTS):
            if session is None:
                session = self._fresh(record, abort)
            try:
                with session.view:
                    delivery_id = self._send_and_verify(session, abort)
                break
            except UploadGoneError:
                log.warning("transfer %d: the server lost its upload; new upload", record.id)
            except PlaintextChangedError:
                if not session.resumed or session.upload is None:
                    raise
                self._abandon(session.upload.url, record.id)
            record, session = self._store_reset(record.id), None
        else:
            raise UploadGoneError("The server keeps losing this upload.")
        # Done first, then the secret goes: if the engine stops in between (``_set`` then
        # refuses), the kept plan lets the next start verify this upload instead of sending
        # the file again; a plan left by a crash goes when the transfer is cleared.
        done: dict[str, object] = {"delivery_id": delivery_id}
        if session.sha256 is not None:
            done["sha256"] = session.sha256
        self._set(record.id, state=TransferState.DONE, **done)
        self._store.delete_plan(record.id)

    def _send_and_verify(self, session: _Session, abort: threading.Event) -> str | None:
        """PATCH the session's upload to its end, describe it (format 2: the manifest, only
        once the server confirmed the last byte), then check the server's record of it."""
        # Our server reports the stored ciphertext's SHA-256: one SHA-256 serves its delivery
        # check and the manifest. A plain tus server checks nothing: BLAKE3 binds the manifest.
        with CiphertextHash(
            background=session.total > _BACKGROUND_HASH,
            blake3=self._destination.verifier is None,
        ) as digest:
            return self._send_describe_verify(session, digest, abort)

    def _send_describe_verify(
        self, session: _Session, digest: CiphertextHash, abort: threading.Event
    ) -> str | None:
        transfer_id, view, total = session.record.id, session.view, session.total
        # A manifest binds the ciphertext's hash; otherwise only a delivery verifier has a
        # hash to compare, and a plain tus server is spared it.
        hashing = session.streamed or self._destination.verifier is not None
        meter = Meter(total, self._settings.progress_interval)
        confirmed = 0

        def on_sent(offset: int, data: memoryview) -> None:
            if hashing:
                digest.feed(offset, data)
            self._progress(transfer_id, meter, offset + len(data))

        def on_offset(upload: TusUpload) -> None:
            nonlocal confirmed
            if upload.offset < confirmed:
                _log_lost(transfer_id, upload.offset, confirmed)
            confirmed = max(confirmed, upload.offset)
            if not upload.complete:  # the final offset is stored with the verifying state
                self._set(transfer_id, offset=upload.offset)

        if session.upload is None:  # stored as uploading with the new upload's URL
            session.upload = self._create(session, on_sent, digest, abort)
        else:
            self._set(transfer_id, state=TransferState.UPLOADING)
        confirmed = session.upload.offset
        upload = self._tus.send(
            session.upload,
            view,
            endpoint=self._destination.uploads_url,
            on_sent=on_sent,
            on_offset=on_offset,
            abort=abort,
        )
        self._progress(transfer_id, meter, total, force=True)
        self._set(transfer_id, state=TransferState.VERIFYING, offset=total)
        if session.streamed:
            upload = self._describe(session, upload, digest, abort)
        return self._verify(upload, view, total, digest)

    def _describe(
        self, session: _Session, upload: TusUpload, digest: CiphertextHash, abort: threading.Event
    ) -> TusUpload:
        """Send the manifest of a streamed upload whose every byte the server confirmed,
        unless it travelled in the creation metadata (a small file: :meth:`_described`).

        Our server: ``PUT .../manifest`` makes the upload a delivery (one described at
        creation is one already). A plain tus server: the manifest goes as its own small
        upload naming the data upload (``docs/api.md``).
        """
        if not upload.complete or (
            self._destination.verifier is not None
            and upload.delivery_id is None
            and not upload.manifest_required
        ):
            upload = self._tus.head(upload.url)  # the last answer was lost, or said nothing
        if not upload.complete:
            raise VerificationError("The server did not confirm every byte of the file.")
        session.sha256 = session.view.plaintext_sha256()
        if self._destination.verifier is None:
            if not session.described:
                manifest = self._manifest(session, digest)
                self._send_manifest_upload(upload, manifest, abort)
            return upload
        if upload.delivery_id is not None:  # described at creation, or by an earlier run
            return upload
        if not upload.manifest_required:
            raise VerificationError("The server does not wait for this upload's description.")
        return self._tus.put_manifest(upload, session.manifest or self._manifest(session, digest))

    def _manifest(self, session: _Session, digest: CiphertextHash, *, armor: bool = False) -> bytes:
        """The encrypted, padded manifest: every byte of the ciphertext is read (and hashed)
        by now, or is read here (a small file, before its creation)."""
        record, view, total = session.record, session.view, session.total
        # The ciphertext first: reading it seals each chunk as sending would (tags stored).
        ciphertext_hash = digest.complete(view, total)
        meta = FileMetadata(
            name=record.name,
            relative_path=record.relative_path,
            size=session.size,
            mtime_ns=record.mtime_ns,
            sha256=view.plaintext_sha256(),
            header_mac=session.plan.header_mac.hex(),
            ciphertext_size=total,
            ciphertext_sha256=None if digest.blake3 else ciphertext_hash,
            ciphertext_blake3=ciphertext_hash if digest.blake3 else None,
        )
        return encrypt_manifest(meta, self._destination.recipients(), armor=armor)

    def _described(self, session: _Session, digest: CiphertextHash) -> dict[str, bytes]:
        """The creation metadata of a small file, its manifest included when it fits.

        Its whole ciphertext goes in the creation request anyway, so it is sealed (and its
        plaintext and ciphertext hashed) now instead of as the request reads it: the manifest
        then costs no request of its own. A plain tus server gets it in age's ASCII armor
        (@tus/server keeps metadata values as UTF-8 text); our server gets the very bytes it
        would take with ``PUT``, and takes them with ``PUT`` too if it asks.
        """
        plain = self._destination.verifier is None
        manifest = self._manifest(session, digest, armor=plain)
        if not plain:
            session.manifest = manifest
        metadata = {FORMAT_KEY: FORMAT_2, MANIFEST_KEY: manifest}
        if len(encode_metadata(metadata)) > MAX_INLINE_METADATA:
            return {FORMAT_KEY: FORMAT_2}
        session.described = True
        return metadata

    def _send_manifest_upload(
        self, data_upload: TusUpload, manifest: bytes, abort: threading.Event
    ) -> None:
        """A plain tus server: the manifest as its own upload, its metadata naming the data
        upload's URL (nothing secret: the server chose it)."""
        endpoint, source = self._destination.uploads_url, _Bytes(manifest)
        metadata = {FORMAT_KEY: FORMAT_2, MANIFEST_FOR_KEY: data_upload.url.encode()}
        upload = self._tus.create(endpoint, len(manifest), metadata, source=source, abort=abort)
        upload = self._tus.send(upload, source, endpoint=endpoint, abort=abort)
        if not upload.complete:
            raise VerificationError("The server did not confirm the file's description.")

    def _resume(self, record: TransferRecord, abort: threading.Event) -> _Session | None:
        """The stored upload, its plan and a view proving each chunk against its stored tag;
        ``None`` (the upload abandoned) when any of that is missing or the file changed."""
        url, saved = record.upload_url, self._store.load_plan(record.id)
        if url is None or saved is None or record.total is None:
            return None
        streamed = EncryptionPlan.is_streamed_record(saved)
        if not streamed and record.sha256 is None:
            return None
        try:
            plan, tags = EncryptionPlan.from_record(saved)
            view = self._view(record, plan, tags, streamed, abort)
        except InvalidPlanError:
            log.warning("transfer %d: its saved plan is unusable; new upload", record.id)
            self._abandon(url, None)
            return None
        except PlaintextChangedError:
            self._abandon(url, record.id)
            return None
        except OSError as error:
            raise file_error(error) from error
        if not streamed and len(tags) != view.chunks * TAG_SIZE:
            # An older release's plan: what it sent cannot be proven, so nothing is re-sent.
            view.close()
            log.info("transfer %d: plan without chunk tags; new upload", record.id)
            self._abandon(url, None)
            return None
        try:
            upload = self._tus.head(url)
        except UploadGoneError:
            view.close()
            log.warning("transfer %d: the server lost its upload; new upload", record.id)
            return None
        except BaseException:
            view.close()
            raise
        proven = len(plan.prefix) + len(tags) // TAG_SIZE * ENCRYPTED_CHUNK_SIZE
        if upload.length != record.total or (streamed and upload.offset > proven):
            # (A streamed upload's tags are stored before its chunks are sent: the server
            # holding more than they cover means a damaged record.)
            view.close()
            self._abandon(url, None)
            return None
        if upload.offset < record.offset:
            _log_lost(record.id, upload.offset, record.offset)
        self._set(record.id, offset=upload.offset)
        session = _Session(record, plan, view, record.size, upload, resumed=True, streamed=streamed)
        # A plain tus server returns the creation metadata: a manifest there is not sent again.
        session.described = MANIFEST_KEY in upload.metadata_keys
        return session

    def _view(
        self,
        record: TransferRecord,
        plan: EncryptionPlan,
        tags: bytes,
        streamed: bool,
        abort: threading.Event,
    ) -> CiphertextView:
        """The ciphertext view of a resumed upload: a streamed one keeps storing its tags;
        an older release's must reproduce the fingerprint it was created with."""
        if not streamed:
            assert record.sha256 is not None
            fingerprint = PlaintextFingerprint(record.size, record.mtime_ns, record.sha256)
            return CiphertextView.open(plan, record.path, fingerprint, known_tags=tags, abort=abort)
        keeper = _PlanKeeper(self._store, record.id, plan)
        return CiphertextView(
            plan,
            record.path,
            expected_size=record.size,
            expected_mtime_ns=record.mtime_ns,
            known_tags=tags,
            abort=abort,
            reserve=keeper.save,
            writer=self._plan_writer,
        )

    def _fresh(self, record: TransferRecord, abort: threading.Event) -> _Session:
        """A new plan and a view of the file as it is now, for a new upload (created by
        :meth:`_create`). Nothing is read yet: the first chunks are sealed (and their tags
        stored) as the first request asks for them, so bytes move at once (no pre-pass)."""
        plan = EncryptionPlan.create(self._destination.recipients())
        keeper = _PlanKeeper(self._store, record.id, plan)
        try:
            stat = Path(record.path).stat()
            view = CiphertextView(
                plan,
                record.path,
                expected_size=stat.st_size,
                expected_mtime_ns=stat.st_mtime_ns,
                abort=abort,
                reserve=keeper.save,
                writer=self._plan_writer,
            )
        except OSError as error:
            raise file_error(error) from error
        # The new figures (``total``) are stored with the new upload's URL (:meth:`_create`,
        # one durable commit); an earlier upload's, if any, are forgotten now.
        figures = {"upload_url": record.upload_url, "total": record.total, "sha256": record.sha256}
        stale = [name for name, value in figures.items() if value is not None]
        try:
            record = self._set(
                record.id,
                state=TransferState.PREPARING,  # with the figures: one write, not two
                size=stat.st_size,
                mtime_ns=stat.st_mtime_ns,
                offset=0,
                error_code=None,
                error_message=None,
                **dict.fromkeys(stale),
            )
        except BaseException:
            view.close()  # not left to the GC: on Windows it locks the user's file
            raise
        return _Session(record, plan, view, stat.st_size, None, resumed=False, keeper=keeper)

    def _create(
        self,
        session: _Session,
        on_sent: Callable[[int, memoryview], None],
        digest: CiphertextHash,
        abort: threading.Event,
    ) -> TusUpload:
        """Create the session's upload (format 2), with its first bytes and (if it fits) its
        manifest if it is small.

        A creation never completes an upload: its answer (the upload's URL) can be lost, or
        the process killed before storing it, and a retry would then deliver the file twice.
        The plan is stored (durably: the fsync overlaps the creation request) before the
        upload's URL, its tags before each chunk is sent (:class:`_PlanKeeper`), and only then
        does a PATCH send the last byte; an answer lost before that leaves an unfinished
        upload the server expires, never a second delivery.
        """
        record, total, keeper = session.record, session.total, session.keeper
        assert keeper is not None  # a fresh session always streams
        small = total <= self._settings.small_file_size
        # A small file is sealed whole before its request (:meth:`_described`): the view
        # then stores the plan with every tag, and a plan without tags would be a second
        # durable write (two fsyncs) for nothing.
        saving = None if small else self._plan_writer.submit(keeper.save, b"")
        try:
            with session.view.defer_saves():  # stored before the URL is, below
                upload = self._tus.create(
                    self._destination.uploads_url,
                    total,
                    self._described(session, digest) if small else {FORMAT_KEY: FORMAT_2},
                    source=session.view if small else None,
                    end=total - 1,
                    on_sent=on_sent,
                    abort=abort,
                )
        finally:
            if saving is not None:
                saving.result()  # also before any retry writes this plan again
        self._set(
            record.id,
            state=TransferState.UPLOADING,
            upload_url=upload.url,
            offset=upload.offset,
            total=total,
        )
        return upload

    def _store_reset(self, transfer_id: int) -> TransferRecord:
        """Forget the abandoned upload and its plan before a fresh one is made."""
        self._store.delete_plan(transfer_id)
        return self._set(transfer_id, upload_url=None, offset=0)

    def _abandon(self, url: str, changed: int | None) -> None:
        """Give up an upload that cannot be resumed safely (deleting it on the server is a
        courtesy: one left there expires unfinished). ``changed``: the transfer whose file
        changed since the upload began, which is said in the log and to the observer."""
        if changed is not None:
            log.warning("transfer %d: the file changed since its upload began; new upload", changed)
            self._set(
                changed,
                error_code=PlaintextChangedError.code,
                error_message="The file changed since it was first sent; sending it again.",
            )
        try:
            self._tus.terminate(url)
        except NoomusError as error:
            log.info("could not delete an abandoned upload: %s", error.code)

    def _verify(
        self, upload: TusUpload, view: CiphertextView, total: int, digest: CiphertextHash
    ) -> str | None:
        """Done means confirmed by the server, not merely sent."""
        verifier = self._destination.verifier
        if verifier is None:
            # A plain tus server: its own answer (to the last request, else to a HEAD) must
            # say that every byte is stored.
            if not upload.complete:
                upload = self._tus.head(upload.url)
            if not upload.complete or upload.length != total:
                raise VerificationError("The server did not confirm every byte of the file.")
            return None
        if upload.delivery_id is None:
            upload = self._tus.head(upload.url)
        if upload.delivery_id is None or not upload.complete:
            raise VerificationError("The server did not confirm the delivery.")
        ours = digest.complete(view, total)
        delivery = verifier(upload.delivery_id)
        theirs = [delivery.sha256.lower(), (upload.delivery_sha256 or ours).lower()]
        if delivery.size != total or not all(hmac.compare_digest(t, ours) for t in theirs):
            raise VerificationError("The server received something different from what was sent.")
        return upload.delivery_id

    def _progress(self, transfer_id: int, meter: Meter, sent: int, *, force: bool = False) -> None:
        figures = meter.update(sent, force=force)
        if figures is not None:
            self._on_progress(transfer_id, sent, meter.total, *figures)
