"""One transfer's pipeline: prepare (plan, fingerprint, ciphertext view), send (create or
resume the tus upload, PATCH to the end), verify (the server's delivery record matches).

The pipeline knows nothing of queues, batches or other transfers. It meets the scheduler
at one seam, :class:`RecordSetter` (the scheduler's ``_set``): every state it reaches is
written to the store and reported through it, ``DONE`` included. Progress goes straight to
the observer's ``on_progress``, throttled by a :class:`~.progress.Meter`.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Protocol

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    FileMetadata,
    PlaintextFingerprint,
    encrypt_metadata,
)
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine.progress import Meter
from noomus_desktop.core.engine.settings import EngineSettings
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.queue import TransferRecord, TransferState, TransferStore
from noomus_desktop.core.tus import TusClient, TusUpload, UploadGoneError

#: Metadata key of the encrypted file description (``docs/api.md``).
METADATA_KEY = "noomus-meta"
#: New uploads tried when the server loses the one being sent.
_RESTARTS = 3


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
    """SHA-256 of the ciphertext, fed in order with the pieces as they are sent."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.upto = 0

    def feed(self, offset: int, data: bytes | bytearray | memoryview) -> None:
        end = offset + len(data)
        if offset <= self.upto < end:
            self._digest.update(data[self.upto - offset :])
            self.upto = end

    def complete(self, view: CiphertextView, total: int) -> str:
        """The hash of all ``total`` bytes, regenerating what was sent by an earlier run."""
        if self.upto != total:
            self._digest, self.upto = hashlib.sha256(), 0
            while self.upto < total:
                self.feed(self.upto, view.read_at(self.upto, 1024 * 1024))
        return self._digest.hexdigest()


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
        """Take one claimed transfer from preparing to done; raises what stopped it."""
        record = self._set(record.id, state=TransferState.PREPARING)
        record, plan, view, fingerprint = self._prepare(record, abort)
        total = record.total or plan.ciphertext_size(fingerprint.size)
        transfer_id = record.id
        # Only a delivery verifier has a hash to compare: a plain tus server is spared it.
        hashing = self._destination.verifier is not None
        with view:
            digest = CiphertextHash()
            meter = Meter(total, self._settings.progress_interval)

            def on_sent(offset: int, data: memoryview) -> None:
                if hashing:
                    digest.feed(offset, data)
                self._progress(transfer_id, meter, offset + len(data))

            def on_offset(upload: TusUpload) -> None:
                if not upload.complete:  # the final offset is stored with the verifying state
                    self._set(transfer_id, offset=upload.offset)

            def new_upload() -> TusUpload:
                return self._upload_for(record, plan, view, total, fingerprint, on_sent, abort)

            upload = new_upload()
            for _ in range(_RESTARTS):
                try:
                    self._set(transfer_id, state=TransferState.UPLOADING)
                    upload = self._tus.send(
                        upload,
                        view,
                        endpoint=self._destination.uploads_url,
                        on_sent=on_sent,
                        on_offset=on_offset,
                        abort=abort,
                    )
                    break
                except UploadGoneError:
                    record = self._set(transfer_id, upload_url=None, offset=0)
                    upload = new_upload()
            else:
                raise UploadGoneError("The server keeps losing this upload.")
            self._progress(transfer_id, meter, total, force=True)
            self._set(transfer_id, state=TransferState.VERIFYING, offset=total)
            delivery_id = self._verify(upload, view, total, digest)
        # Done first, then the secret goes: if the engine stops in between (``_set`` then
        # refuses), the kept plan lets the next start verify this upload instead of sending
        # the file again; a plan left by a crash goes when the transfer is cleared.
        self._set(record.id, state=TransferState.DONE, delivery_id=delivery_id)
        self._store.delete_plan(record.id)

    def _prepare(
        self, record: TransferRecord, abort: threading.Event
    ) -> tuple[TransferRecord, EncryptionPlan, CiphertextView, PlaintextFingerprint]:
        """The transfer's plan, its ciphertext view and the file's fingerprint.

        A file not fingerprinted yet gets a new plan (so a new upload) and one pass both
        fingerprints it and verifies its chunks (see ``CiphertextView.fingerprinting``).
        Otherwise the saved plan is kept if there is one (its plan is saved only once an
        upload exists that a restart could resume), and the view checks the file against
        the stored fingerprint. Either way, every pass the view makes over the file stops
        soon after ``abort`` is set.
        """
        try:
            if record.sha256 is None:
                plan = EncryptionPlan.create(self._destination.recipients())
                view, fingerprint = CiphertextView.fingerprinting(plan, record.path, abort=abort)
                try:
                    record = self._set(
                        record.id,
                        size=fingerprint.size,
                        mtime_ns=fingerprint.mtime_ns,
                        sha256=fingerprint.sha256,
                        total=plan.ciphertext_size(fingerprint.size),
                        upload_url=None,
                        offset=0,
                    )
                except BaseException:
                    view.close()  # not left to the GC: on Windows it locks the user's file
                    raise
                return record, plan, view, fingerprint
            fingerprint = PlaintextFingerprint(record.size, record.mtime_ns, record.sha256)
            saved = self._store.load_plan(record.id)
            if saved is not None and record.total is not None:
                plan = EncryptionPlan.from_bytes(saved)
            else:
                plan = EncryptionPlan.create(self._destination.recipients())
                record = self._set(
                    record.id, total=plan.ciphertext_size(record.size), upload_url=None, offset=0
                )
            view = CiphertextView.open(plan, record.path, fingerprint, abort=abort)
            return record, plan, view, fingerprint
        except OSError as error:
            raise file_error(error) from error

    def _upload_for(
        self,
        record: TransferRecord,
        plan: EncryptionPlan,
        view: CiphertextView,
        total: int,
        fingerprint: PlaintextFingerprint,
        on_sent: Callable[[int, memoryview], None],
        abort: threading.Event,
    ) -> TusUpload:
        """Resume the stored upload from the server's offset, or create one.

        A creation never completes an upload: its answer (the upload's URL) can be lost, or
        the process killed before storing it, and a retry would then deliver the file twice.
        The plan is stored (durably: its fsync overlaps the creation request) before the
        upload's URL, and only then does a PATCH send the last byte; an answer lost before
        that leaves an unfinished upload the server expires, never a second delivery.
        """
        url = record.upload_url
        if url:
            try:
                upload = self._tus.head(url)
                if upload.length == total:
                    self._set(record.id, offset=upload.offset)
                    return upload
            except UploadGoneError:
                pass
        meta = FileMetadata(
            name=record.name,
            relative_path=record.relative_path,
            size=fingerprint.size,
            mtime_ns=fingerprint.mtime_ns,
            sha256=fingerprint.sha256,
        )
        saving = self._plan_writer.submit(self._store.save_plan, record.id, plan.to_bytes())
        try:
            upload = self._tus.create(
                self._destination.uploads_url,
                total,
                {METADATA_KEY: encrypt_metadata(meta, self._destination.recipients())},
                source=view if total <= self._settings.small_file_size else None,
                end=total - 1,
                on_sent=on_sent,
                abort=abort,
            )
        finally:
            saving.result()  # also before any retry writes this plan again
        self._set(record.id, upload_url=upload.url, offset=upload.offset)
        return upload

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
