"""The transfer engine: worker threads that encrypt and send queued files, and report.

The GUI and ``noomus-upload`` are two faces of this one class. Every public method returns
at once (no I/O, no crypto on the caller's thread): scanning, fingerprinting, encryption
and network work happen on the engine's own threads, which report through a
:class:`TransferObserver`. Every state is persisted in the :class:`TransferStore` before it
is reported, so a killed process resumes where the server says it stopped.

A transfer goes queued -> preparing (encryption plan, one pass hashing and sealing the
plaintext, tus creation) -> uploading -> verifying -> done. "Sent" is not "delivered": with
a delivery verifier (the Noomus API) a transfer is done only when the server's delivery
record has the size and SHA-256 of the ciphertext we produced; on a plain tus server, when
its ``HEAD`` reports every byte received. The ciphertext hash a verifier needs is computed while
sending; after a restart the already-sent prefix is regenerated through the ciphertext view
at verification time (encryption is much faster than any upload), so no hash state needs
to be persisted.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import httpx

from noomus_desktop.core import net
from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    FileMetadata,
    PlaintextFingerprint,
    encrypt_metadata,
)
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.queue import TransferRecord, TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile, ScanProblem, scan_paths
from noomus_desktop.core.tus import AbortedError, TusClient, TusUpload, UploadGoneError

__all__ = [
    "AddResult",
    "BatchSummary",
    "EngineSettings",
    "NullObserver",
    "ScanProblem",
    "TransferEngine",
    "TransferObserver",
    "TransferRecord",
    "TransferState",
]

log = logging.getLogger(__name__)

#: Error codes that stop every transfer until the user acts (sign in, contact Noomus).
ATTENTION_CODES = frozenset(
    {
        "account_locked",
        "account_disabled",
        "service_suspended",
        "session_ended",
        "refresh_invalid",
        "token_invalid",
        "not_signed_in",
        "tls_error",
    }
)
#: Metadata key of the encrypted file description (``docs/api.md``).
METADATA_KEY = "noomus-meta"
_RESTARTS = 3


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a batch (the files added by one ``add_paths`` call)."""

    batch_id: str
    delivered: int
    failed: int
    cancelled: int


@dataclass(frozen=True)
class AddResult:
    """What ``add_paths`` can say at once; the files arrive later through ``on_added``."""

    batch_id: str


class TransferObserver(Protocol):
    """Engine events. Called from engine threads: implementations must be thread-safe.

    The UI turns each call into a queued Qt signal; the CLI draws a progress bar. Calls for
    one transfer arrive in order. No call blocks the engine for long: do not do I/O here.
    """

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        """New transfers (also the unfinished ones loaded from the store by ``start``)."""

    def on_changed(self, record: TransferRecord) -> None:
        """A transfer changed state, error, batch or confirmed offset."""

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        """Bytes sent so far (ciphertext), rolling speed in bytes/s, seconds left if known.

        At most about 10 calls per second per transfer.
        """

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        """Entries of a batch that were skipped (special files, loops, unreadable entries)."""

    def on_batch_finished(self, summary: BatchSummary) -> None:
        """Every transfer of a batch has settled (done, failed or cancelled).

        Once per batch; again only if a retry reopens it. Not sent for a batch with no file.
        """

    def on_attention(self, code: str, message: str) -> None:
        """Something the user must act on stopped every transfer (account locked, disabled,
        session ended, service suspended). Transfers are paused; ``resume_all`` continues."""


class NullObserver:
    """An observer that ignores everything: subclass it and override what you need."""

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        pass

    def on_changed(self, record: TransferRecord) -> None:
        pass

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        pass

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        pass

    def on_batch_finished(self, summary: BatchSummary) -> None:
        pass

    def on_attention(self, code: str, message: str) -> None:
        pass


@dataclass(frozen=True)
class EngineSettings:
    """Tuning knobs; the defaults suit real networks, tests shrink the times."""

    concurrency: int = 3
    #: Extra transfers that take only small files: these wait on round trips, not on
    #: bandwidth, so a folder of many small files is not held to ``concurrency`` at a time.
    small_file_lanes: int = 3
    #: Bytes per PATCH request: an interruption re-sends at most this much.
    chunk_size: int = 64 * 1024 * 1024
    #: Files whose ciphertext fits are sent in the creation request (creation-with-upload),
    #: all but their last byte: see ``TransferEngine._upload_for``.
    small_file_size: int = 4 * 1024 * 1024
    #: No byte moving for this long aborts the request and retries.
    stall_timeout: float = 30.0
    connect_timeout: float = 15.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    #: Automatic attempts before a transient error fails the transfer (``None``: forever).
    max_attempts: int | None = 12
    progress_interval: float = 0.1

    def timeout(self) -> httpx.Timeout:
        """Stall detection: a connect, write or read with no progress for this long fails."""
        return httpx.Timeout(self.stall_timeout, connect=self.connect_timeout)

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter, capped; at least what the server asked."""
        ceiling = min(self.backoff_max, self.backoff_initial * 2.0 ** max(0, attempt - 1))
        delay = ceiling * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not security)
        return max(delay, retry_after or 0.0)


# -- errors of the engine itself -----------------------------------------------------------


class FileProblemError(NoomusError):
    """The file to send is gone or unreadable."""


class VerificationError(NoomusError):
    """The server's record of the delivery does not match what we sent."""

    code = "verification_failed"


def _file_error(error: OSError) -> FileProblemError:
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return FileProblemError(
            "The file is no longer there. It may have been moved or deleted.", code="file_missing"
        )
    return FileProblemError(
        "The file cannot be read. Check that you are allowed to open it.", code="file_unreadable"
    )


# -- progress ------------------------------------------------------------------------------


class _Meter:
    """Throttled progress with a rolling-average speed (the last few seconds)."""

    WINDOW = 5.0

    def __init__(self, total: int, interval: float) -> None:
        self.total = total
        self._interval = interval
        self._samples: deque[tuple[float, int]] = deque()
        self._last_emit = 0.0

    def update(self, sent: int, *, force: bool = False) -> tuple[float, float | None] | None:
        now = time.monotonic()
        self._samples.append((now, sent))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.WINDOW:
            self._samples.popleft()
        if not force and now - self._last_emit < self._interval:
            return None
        self._last_emit = now
        first_time, first_sent = self._samples[0]
        elapsed = now - first_time
        speed = (sent - first_sent) / elapsed if elapsed > 0 else 0.0
        eta = (self.total - sent) / speed if speed > 0 else None
        return speed, eta


class _CiphertextHash:
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


# -- the engine ----------------------------------------------------------------------------


class TransferEngine:
    """Bounded-concurrency, persistent, resumable sending of files to one destination.

    ``http``: an httpx client to use (the caller closes it); by default one is made under
    the app's connection policy (``core.net``) with the stall timeout as read/write timeout.
    """

    def __init__(
        self,
        store: TransferStore,
        destination: Destination,
        observer: TransferObserver,
        settings: EngineSettings | None = None,
        *,
        http: httpx.Client | None = None,
    ) -> None:
        self._store = store
        self._destination = destination
        self._observer = observer
        self._settings = settings = settings or EngineSettings()
        self._own_http = http is None
        self._http = http or net.http_client(timeout=settings.timeout())
        self._tus = TusClient(
            self._http,
            destination.auth,
            chunk_size=settings.chunk_size,
            checksums=destination.checksums,
        )
        #: Guards the in-memory state below; never held during I/O.
        self._cond = threading.Condition()
        self._records: dict[int, TransferRecord] = {}
        #: Queued transfers in order (an ordered set), and when each retrying one is due.
        self._queued: dict[int, None] = {}
        #: The small ones among them, for the small-file lanes.
        self._queued_small: dict[int, None] = {}
        self._running: dict[int, threading.Event] = {}
        self._requested: dict[int, TransferState] = {}
        self._due: dict[int, float] = {}
        self._reported_batches: set[str] = set()
        #: Counters kept by ``_remember`` so that nothing scans every transfer per event
        #: (a drop may hold tens of thousands of files).
        self._pending = 0
        self._batch_members: dict[str, set[int]] = {}
        self._batch_unsettled: dict[str, int] = {}
        self._chores_pending = 0
        self._reporting = 0
        self._stopping = False
        self._attention: str | None = None
        #: Serialises state transitions (each one writes the store, then reports).
        self._transition = threading.RLock()
        self._chores = ThreadPoolExecutor(1, thread_name_prefix="noomus-intake")
        #: Writes plans (an fsync each) while the creation request is on its way.
        self._plan_writer = ThreadPoolExecutor(
            settings.concurrency + settings.small_file_lanes, thread_name_prefix="noomus-plan"
        )
        self._workers = [
            threading.Thread(target=self._work, name=f"noomus-transfer-{i}", daemon=True)
            for i in range(settings.concurrency)
        ] + [
            threading.Thread(
                target=self._work, args=(True,), name=f"noomus-small-{i}", daemon=True
            )
            for i in range(settings.small_file_lanes)
        ]

    # -- public API (every call returns at once) ---------------------------------------------

    def start(self) -> None:
        """Start the threads; they load unfinished transfers (reported by ``on_added``)."""
        self._submit(self._load)
        for worker in self._workers:
            worker.start()

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers; unfinished transfers stay in the store for the next start.

        Requests in flight are aborted. Chores not started yet (e.g. the pauses of a
        ``pause_all`` just before) are dropped: those transfers resume at the next start.
        ``wait=False`` returns at once and finishes the clean-up on a thread of its own.
        """
        with self._cond:
            self._stopping = True
            for abort in self._running.values():
                abort.set()
            self._cond.notify_all()
        self._chores.shutdown(wait=False, cancel_futures=True)
        if wait:
            self._wind_down()
        else:
            threading.Thread(target=self._wind_down, name="noomus-shutdown", daemon=True).start()

    def _wind_down(self) -> None:
        self._chores.shutdown(wait=True)
        for worker in self._workers:
            if worker.is_alive():
                worker.join()
        self._plan_writer.shutdown(wait=True)
        if self._own_http:
            self._http.close()

    def add_paths(self, paths: Sequence[str], *, skip_delivered: bool = False) -> AddResult:
        """Queue files and folders (a new batch). Scans and dedups on an engine thread.

        A file already on its way joins this batch instead of being sent twice. With
        ``skip_delivered`` (``noomus-upload send`` run again after an interruption), a file
        this queue already delivered, unchanged since, is skipped and reported as a problem
        with code ``already_delivered``.
        """
        batch_id = uuid.uuid4().hex
        self._submit(self._intake, batch_id, list(paths), skip_delivered)
        return AddResult(batch_id)

    def pause(self, transfer_id: int) -> None:
        """Stop sending this transfer (the request in flight is aborted); keep its place."""
        self._request(transfer_id, TransferState.PAUSED)

    def resume(self, transfer_id: int) -> None:
        """Queue a paused transfer again."""
        self._submit(self._requeue, transfer_id, (TransferState.PAUSED,))

    def cancel(self, transfer_id: int) -> None:
        """Give up this transfer and ask the server to delete its partial upload."""
        self._request(transfer_id, TransferState.CANCELLED)

    def retry(self, transfer_id: int) -> None:
        """Queue a failed or cancelled transfer again (a changed file is fingerprinted afresh;
        a cancelled one starts a new upload, its old one having been deleted)."""
        self._submit(self._requeue, transfer_id, (TransferState.FAILED, TransferState.CANCELLED))

    def pause_all(self) -> None:
        for record in self.snapshot():
            if record.state.pending:
                self.pause(record.id)

    def resume_all(self) -> None:
        """Resume every paused transfer (and forget the reason they were all paused)."""
        with self._cond:
            self._attention = None
        for record in self.snapshot():
            if record.state is TransferState.PAUSED:
                self.resume(record.id)

    def clear_finished(self) -> None:
        """Drop done and cancelled transfers from the queue (the history keeps deliveries)."""
        self._submit(self._clear_finished)

    def remove(self, transfer_ids: Sequence[int]) -> None:
        """Drop finished (done, failed, cancelled) transfers from the queue; others stay.

        A failed transfer's partial upload is deleted on the server, as a cancel would.
        """
        self._submit(self._remove_finished, list(transfer_ids))

    def snapshot(self) -> list[TransferRecord]:
        """Every transfer this engine knows, from memory (no I/O: safe on the GUI thread)."""
        with self._cond:
            return list(self._records.values())

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is pending (all settled or paused). For the CLI and tests."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while (
                self._chores_pending
                or self._reporting
                or self._pending
            ):
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
            return True

    # -- chores (one intake thread) ---------------------------------------------------------------

    def _submit(self, function: Callable[..., None], *args: object) -> None:
        with self._cond:
            if self._stopping:
                return
            self._chores_pending += 1

        def run() -> None:
            try:
                function(*args)
            except Exception:
                # Never silent: a drop that could not be queued must not look like nothing.
                log.exception("engine chore failed")
                self._observer.on_attention(
                    "internal_error",
                    "An unexpected problem stopped the engine from adding or loading files. "
                    "Nothing was sent or deleted; try again, and tell Noomus if it happens again.",
                )
            finally:
                with self._cond:
                    self._chores_pending -= 1
                    self._cond.notify_all()

        self._chores.submit(run)

    def _load(self) -> None:
        """Take over the unfinished transfers of an earlier run (e.g. after ``kill -9``)."""
        interrupted = {TransferState.PREPARING, TransferState.UPLOADING, TransferState.VERIFYING}
        records = []
        for record in self._store.transfers(self._destination.key):
            if record.state in interrupted or record.state is TransferState.RETRYING:
                record = self._store.update(record.id, state=TransferState.QUEUED)
            records.append(record)
        with self._cond:
            for record in records:
                self._remember(record)
            self._cond.notify_all()
        if records:
            self._observer.on_added(records)

    def _intake(self, batch_id: str, paths: list[str], skip_delivered: bool) -> None:
        """Scan a drop, attach files already on their way, queue the new ones."""
        result = scan_paths(paths)
        with self._cond:
            on_the_way = {
                (r.path, r.size, r.mtime_ns): r.id
                for r in self._records.values()
                if not r.state.finished
            }
            delivered = {
                (r.path, r.size, r.mtime_ns)
                for r in self._records.values()
                if skip_delivered and r.state is TransferState.DONE
            }
        fresh: dict[str, ScannedFile] = {}
        again: list[int] = []
        for file in result.files:
            key = (file.path, file.size, file.mtime_ns)
            existing = on_the_way.get(key)
            if existing is not None:
                again.append(existing)
            elif key in delivered:
                result.problems.append(
                    ScanProblem(
                        file.path,
                        "already_delivered",
                        "This file was already delivered and has not changed since.",
                    )
                )
            else:
                fresh.setdefault(file.path, file)
        added = self._store.add(batch_id, self._destination.key, fresh.values())
        with self._cond:
            for record in added:
                self._remember(record)
            self._cond.notify_all()
        if added:
            self._observer.on_added(added)
        for transfer_id in dict.fromkeys(again):
            self._rebatch(transfer_id, batch_id)
        if result.problems:
            self._observer.on_problems(batch_id, result.problems)

    def _rebatch(self, transfer_id: int, batch_id: str) -> None:
        """The same file dropped again joins the new batch (and wakes up if paused)."""
        with self._transition:
            old = self._store.get(transfer_id)
            record = self._store.move_to_batch(transfer_id, batch_id)
            if record.state is TransferState.PAUSED:
                record = self._store.update(transfer_id, state=TransferState.QUEUED)
            self._publish(record)
        self._check_batch(old.batch_id)

    def _request(self, transfer_id: int, state: TransferState) -> None:
        with self._cond:
            abort = self._running.get(transfer_id)
        if abort is not None:
            abort.set()
        self._submit(self._apply_request, transfer_id, state)

    def _apply_request(self, transfer_id: int, state: TransferState) -> None:
        """Pause or cancel: now if idle, or by the worker when its request has stopped."""
        with self._transition:
            with self._cond:
                record = self._records.get(transfer_id)
                abort = self._running.get(transfer_id)
                if record is None or record.state.finished:
                    return
                if abort is not None:
                    self._requested[transfer_id] = state
                    abort.set()
                    return
            self._settle(record, state)

    def _requeue(self, transfer_id: int, allowed: tuple[TransferState, ...]) -> None:
        with self._transition:
            with self._cond:
                record = self._records.get(transfer_id)
            if record is None or record.state not in allowed:
                return
            self._publish(
                self._store.update(
                    transfer_id,
                    state=TransferState.QUEUED,
                    error_code=None,
                    error_message=None,
                    attempts=0,
                )
            )
        with self._cond:
            self._reported_batches.discard(record.batch_id)
            self._cond.notify_all()

    def _clear_finished(self) -> None:
        with self._cond:
            gone = [
                r.id
                for r in self._records.values()
                if r.state in (TransferState.DONE, TransferState.CANCELLED)
            ]
        self._store.remove(gone)
        with self._cond:
            for transfer_id in gone:
                record = self._records.pop(transfer_id)
                self._batch_members[record.batch_id].discard(transfer_id)

    def _remove_finished(self, transfer_ids: list[int]) -> None:
        with self._cond:
            gone = [
                record
                for i in transfer_ids
                if (record := self._records.get(i)) is not None and record.state.finished
            ]
        for record in gone:
            if record.upload_url and record.state is TransferState.FAILED:
                self._terminate(record.upload_url)
        self._store.remove(r.id for r in gone)
        with self._cond:
            for record in gone:
                self._records.pop(record.id, None)
                self._batch_members[record.batch_id].discard(record.id)

    # -- workers ------------------------------------------------------------------------------

    def _next(self, small_only: bool) -> tuple[TransferRecord, threading.Event] | None:
        """Claim the oldest runnable transfer, waiting for one (``None``: shutting down).

        A small-file lane (``small_only``) claims only files of at most ``small_file_size``.
        """
        queued = self._queued_small if small_only else self._queued
        with self._cond:
            while not self._stopping:
                now = time.monotonic()
                ready = next((i for i in queued if i not in self._running), None)
                wake: float | None = None
                if ready is None:
                    for transfer_id, due in self._due.items():
                        if transfer_id in self._running or (
                            small_only and not self._is_small(self._records[transfer_id])
                        ):
                            continue
                        if due <= now:
                            ready = transfer_id
                            break
                        wake = due if wake is None else min(wake, due)
                if ready is not None:
                    self._queued.pop(ready, None)
                    self._queued_small.pop(ready, None)
                    self._due.pop(ready, None)
                    abort = self._running[ready] = threading.Event()
                    return self._records[ready], abort
                self._cond.wait(None if wake is None else wake - now)
            return None

    def _is_small(self, record: TransferRecord) -> bool:
        return record.size <= self._settings.small_file_size

    def _work(self, small_only: bool = False) -> None:
        while (claimed := self._next(small_only)) is not None:
            record, abort = claimed
            outcome: NoomusError | None = None
            try:
                self._transfer(record, abort)
            except AbortedError:
                outcome = None
            except NoomusError as error:
                outcome = error
            except Exception as error:
                log.exception("transfer %d failed unexpectedly", record.id)
                outcome = NoomusError(
                    f"Unexpected problem ({type(error).__name__}).", code="internal_error"
                )
            finally:
                self._finish(record.id, outcome)

    def _finish(self, transfer_id: int, error: NoomusError | None) -> None:
        """Apply the outcome of a worker's run (or the pause/cancel asked meanwhile)."""
        with self._transition:
            with self._cond:
                self._running.pop(transfer_id, None)
                requested = self._requested.pop(transfer_id, None)
                record = self._records[transfer_id]
                stopping = self._stopping
            if record.state is TransferState.DONE or stopping:
                pass
            elif requested is not None:
                self._settle(record, requested)
            elif error is not None:
                self._handle_error(record, error)
        with self._cond:
            self._cond.notify_all()

    def _handle_error(self, record: TransferRecord, error: NoomusError) -> None:
        if error.code in ATTENTION_CODES:
            self._publish(
                self._store.update(
                    record.id,
                    state=TransferState.PAUSED,
                    error_code=error.code,
                    error_message=error.message,
                )
            )
            self._raise_attention(error)
            return
        attempts = record.attempts + 1
        limit = self._settings.max_attempts
        if error.transient and (limit is None or attempts < limit):
            wait = self._settings.backoff(attempts, getattr(error, "retry_after", None))
            with self._cond:
                self._due[record.id] = time.monotonic() + wait
            log.info("transfer %d: %s; retrying in %.1f s", record.id, error.code, wait)
            self._publish(
                self._store.update(
                    record.id,
                    state=TransferState.RETRYING,
                    attempts=attempts,
                    error_code=error.code,
                    error_message=error.message,
                )
            )
            return
        self._settle(record, TransferState.FAILED, error, keep_upload=error.transient)

    def _raise_attention(self, error: NoomusError) -> None:
        with self._cond:
            first = self._attention is None
            self._attention = error.code
        if first:
            self._observer.on_attention(error.code, error.message)
        self.pause_all()

    def _settle(
        self,
        record: TransferRecord,
        state: TransferState,
        error: NoomusError | None = None,
        *,
        keep_upload: bool = False,
    ) -> None:
        """Put a transfer that is not running into paused, failed or cancelled."""
        changes: dict[str, object] = {"state": state}
        if error is not None:
            changes.update(error_code=error.code, error_message=error.message)
        if state is TransferState.CANCELLED or (state is TransferState.FAILED and not keep_upload):
            # Finished for good: the secret goes, and a retry starts a new upload.
            if record.upload_url:
                self._submit(self._terminate, record.upload_url)
            self._store.delete_plan(record.id)
            changes.update(upload_url=None, offset=0, total=None, sha256=None)
        self._publish(self._store.update(record.id, **changes))

    def _terminate(self, url: str) -> None:
        try:
            self._tus.terminate(url)
        except NoomusError as error:
            log.info("could not delete an abandoned upload: %s", error.code)

    # -- one transfer ---------------------------------------------------------------------------

    def _transfer(self, record: TransferRecord, abort: threading.Event) -> None:
        record = self._set(record.id, state=TransferState.PREPARING)
        record, plan, view, fingerprint = self._prepare(record)
        total = record.total or plan.ciphertext_size(fingerprint.size)
        transfer_id = record.id
        # Only a delivery verifier has a hash to compare: a plain tus server is spared it.
        hashing = self._destination.verifier is not None
        with view:
            digest = _CiphertextHash()
            meter = _Meter(total, self._settings.progress_interval)

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
                    self._set(transfer_id, upload_url=None, offset=0)
                    upload = new_upload()
            else:
                raise UploadGoneError("The server keeps losing this upload.")
            self._progress(transfer_id, meter, total, force=True)
            self._set(transfer_id, state=TransferState.VERIFYING, offset=total)
            delivery_id = self._verify(upload, view, total, digest)
        self._store.delete_plan(record.id)
        with self._transition:
            record = self._store.update(
                record.id, state=TransferState.DONE, delivery_id=delivery_id
            )
            self._store.record_delivery(record)
            self._publish(record)

    def _prepare(
        self, record: TransferRecord
    ) -> tuple[TransferRecord, EncryptionPlan, CiphertextView, PlaintextFingerprint]:
        """The transfer's plan, its ciphertext view and the file's fingerprint.

        A file not fingerprinted yet gets a new plan (so a new upload) and one pass both
        fingerprints it and verifies its chunks (see ``CiphertextView.fingerprinting``).
        Otherwise the saved plan is kept if there is one (its plan is saved only once an
        upload exists that a restart could resume), and the view checks the file against
        the stored fingerprint.
        """
        try:
            if record.sha256 is None:
                plan = EncryptionPlan.create(self._destination.recipients())
                view, fingerprint = CiphertextView.fingerprinting(plan, record.path)
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
            return record, plan, CiphertextView.open(plan, record.path, fingerprint), fingerprint
        except OSError as error:
            raise _file_error(error) from error

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
        url = self._records[record.id].upload_url
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
        self, upload: TusUpload, view: CiphertextView, total: int, digest: _CiphertextHash
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

    # -- state and reports ----------------------------------------------------------------------

    def _set(self, transfer_id: int, **changes: object) -> TransferRecord:
        with self._transition:
            record = self._store.update(transfer_id, **changes)
            self._publish(record)
        return record

    def _remember(self, record: TransferRecord) -> None:
        """Keep the snapshot, run queues and counters in step (caller holds the condition)."""
        old = self._records.get(record.id)
        if old is not None:
            self._pending -= old.state.pending
            self._batch_members[old.batch_id].discard(record.id)
            self._batch_unsettled[old.batch_id] -= not old.state.finished
        self._pending += record.state.pending
        self._batch_members.setdefault(record.batch_id, set()).add(record.id)
        self._batch_unsettled[record.batch_id] = (
            self._batch_unsettled.get(record.batch_id, 0) + (not record.state.finished)
        )
        self._records[record.id] = record
        if record.state is TransferState.QUEUED:
            self._queued[record.id] = None
            if self._is_small(record):
                self._queued_small[record.id] = None
        else:
            self._queued.pop(record.id, None)
            self._queued_small.pop(record.id, None)
        if record.state is not TransferState.RETRYING:
            self._due.pop(record.id, None)

    def _publish(self, record: TransferRecord) -> None:
        """Remember and report a new snapshot; ``wait_idle`` waits for the report too."""
        with self._cond:
            self._remember(record)
            self._reporting += 1
        try:
            self._observer.on_changed(record)
            if record.state.finished:
                self._check_batch(record.batch_id)
        finally:
            with self._cond:
                self._reporting -= 1
                self._cond.notify_all()

    def _progress(self, transfer_id: int, meter: _Meter, sent: int, *, force: bool = False) -> None:
        figures = meter.update(sent, force=force)
        if figures is not None:
            self._observer.on_progress(transfer_id, sent, meter.total, *figures)

    def _check_batch(self, batch_id: str) -> None:
        """Report a batch once when none of its transfers has anything left to do."""
        with self._cond:
            if (
                self._batch_unsettled.get(batch_id, 0)
                or not self._batch_members.get(batch_id)
                or batch_id in self._reported_batches
            ):
                return
            self._reported_batches.add(batch_id)
            members = [self._records[i] for i in self._batch_members[batch_id]]
        states = [r.state for r in members]
        self._observer.on_batch_finished(
            BatchSummary(
                batch_id=batch_id,
                delivered=states.count(TransferState.DONE),
                failed=states.count(TransferState.FAILED),
                cancelled=states.count(TransferState.CANCELLED),
            )
        )
