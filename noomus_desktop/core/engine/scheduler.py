"""The scheduler: queues, workers, counters, batches and the error policy of the engine.

Every public method of :class:`TransferEngine` returns at once (no I/O, no crypto on the
caller's thread). Intake (scanning, deduplication) runs on one chore thread; each worker
claims the oldest runnable transfer and runs it through the
:class:`~.pipeline.TransferPipeline`, which reports every state it reaches through
:meth:`TransferEngine._set`: that is the one seam between the two. What stopped a transfer
comes back to :meth:`TransferEngine._finish`, which applies a pause or cancel asked
meanwhile, or the error policy (retry with backoff, fail, or stop everything for the user's
attention).

Other processes of the app (the window, another ``noomus-upload send``) may run an engine on
the same queue at the same time: each claims the transfers it takes on
(:class:`~noomus_desktop.core.interlock.Claims`), and leaves alone those another living
process claimed, so no transfer is ever sent by two processes (two uploads, two deliveries).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx

from noomus_desktop.core import interlock, net, paths
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine.observer import AddResult, BatchSummary, TransferObserver
from noomus_desktop.core.engine.pipeline import TransferPipeline
from noomus_desktop.core.engine.settings import EngineSettings
from noomus_desktop.core.errors import ATTENTION_CODES, AbortedError, NoomusError
from noomus_desktop.core.queue import TransferRecord, TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile, ScanProblem, scan_paths
from noomus_desktop.core.tus import TusClient
from noomus_desktop.core.unexpected import log_unexpected

log = logging.getLogger(__name__)

#: The claims of the engines of this user's processes on the transfers of the queue.
CLAIMS_FILE = "transfers.lock"
#: States in which no engine will send a transfer again: they need no claim.
_SETTLED_FOR_GOOD = (TransferState.DONE, TransferState.CANCELLED)

#: Stops of every transfer that end without the user doing anything (Noomus resumes the
#: service): the engine asks now and then, and resumes by itself.
_ENDS_BY_ITSELF = frozenset({"service_suspended"})

#: Seconds ``shutdown`` waits for the engine's threads: quitting never freezes the window
#: longer, and whatever was unfinished resumes at the next start.
SHUTDOWN_GRACE = 1.0


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
        self._claims = interlock.Claims(paths.data_dir() / "locks" / CLAIMS_FILE)
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
        lock = threading.RLock()
        self._cond = threading.Condition(lock)
        #: ``wait_idle``'s own condition, on the same lock: woken only when the engine may have
        #: become idle, not at every report (a folder of small files makes thousands of them).
        self._idle = threading.Condition(lock)
        self._records: dict[int, TransferRecord] = {}
        #: Queued transfers in order (an ordered set), and when each retrying one is due.
        self._queued: dict[int, None] = {}
        #: The small ones among them, for the small-file lanes.
        self._queued_small: dict[int, None] = {}
        self._running: dict[int, threading.Event] = {}
        #: The sizes of the files the small-file lanes are sending (``small_lanes_bytes``).
        self._small_lanes_hold: dict[int, int] = {}
        self._requested: dict[int, TransferState] = {}
        self._due: dict[int, float] = {}
        #: When each transfer last stopped making progress the server confirmed (its first
        #: transient error since): ``give_up_after`` counts from there.
        self._troubled_since: dict[int, float] = {}
        self._reported_batches: set[str] = set()
        #: Counters kept by ``_remember`` so that nothing scans every transfer per event
        #: (a drop may hold tens of thousands of files).
        self._pending = 0
        self._batch_members: dict[str, set[int]] = {}
        self._batch_unsettled: dict[str, int] = {}
        self._chores_pending = 0
        #: Whether a chore runs now (``shutdown`` waits for it, within its grace).
        self._chore_running = False
        self._reporting = 0
        self._stopping = False
        self._attention: str | None = None
        #: The transfers a stop that waiting can end (a suspension) paused: resumed when the
        #: service is back, unlike those the user paused.
        self._held: set[int] = set()
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
            threading.Thread(target=self._work, args=(True,), name=f"noomus-small-{i}", daemon=True)
            for i in range(settings.small_file_lanes)
        ]
        self._pipeline = TransferPipeline(
            store,
            destination,
            self._tus,
            settings,
            self._plan_writer,
            self._set,
            observer.on_progress,
        )

    # -- public API (every call returns at once) ---------------------------------------------

    def start(self) -> None:
        """Start the threads; they load unfinished transfers (reported by ``on_added``)."""
        self._submit(self._load)
        for worker in self._workers:
            worker.start()

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers; unfinished transfers stay in the store for the next start.

        Requests in flight and passes over files are aborted. Chores not started yet (e.g.
        the pauses of a ``pause_all`` just before) are dropped: those transfers resume at the
        next start. ``wait=True`` waits at most :data:`SHUTDOWN_GRACE` seconds (a quitting
        window must not freeze); ``wait=False`` returns at once and finishes the clean-up on
        a thread of its own. Either way no state reaches the store once it is done, so the
        caller may close the store.
        """
        with self._cond:
            self._stopping = True
            for abort in self._running.values():
                abort.set()
            self._wake()
        self._chores.shutdown(wait=False, cancel_futures=True)
        if wait:
            self._wind_down()
        else:
            threading.Thread(target=self._wind_down, name="noomus-shutdown", daemon=True).start()

    def _wind_down(self) -> None:
        """Wait for the threads, :data:`SHUTDOWN_GRACE` seconds at most in all, then let go.

        Threads normally end well within it (passes over files poll their abort flag every
        MiB, request bodies every slice). One still blocked past it (waiting for an answer)
        is left to end on its own: it is a daemon, and ``_set`` refuses it any further
        state change, so the store keeps the last state and the next start resumes there.
        """
        deadline = time.monotonic() + SHUTDOWN_GRACE
        with self._cond:
            while self._chore_running and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
        for worker in self._workers:
            if worker.is_alive():
                worker.join(max(0.0, deadline - time.monotonic()))
        lingering = [worker.name for worker in self._workers if worker.is_alive()]
        with self._transition:
            pass  # a state change under way has reached the store; later ones are refused
        self._plan_writer.shutdown(wait=True)
        if lingering:
            # Closing the client under them would only turn their wait into noisy errors.
            log.info("left %s to end on their own", ", ".join(lingering))
        elif self._own_http:
            self._http.close()
        self._claims.close()

    def add_paths(self, paths: Sequence[str], *, skip_delivered: bool = False) -> AddResult:
        """Queue files and folders (a new batch). Scans and dedups on an engine thread.

        A file already on its way joins this batch instead of being sent twice; so does one
        whose transfer failed, queued again on its old upload (which the pipeline asks the
        server about first: a file the server already holds is verified, not sent). With
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
            self._held.clear()
        for record in self.snapshot():
            if record.state is TransferState.PAUSED:
                self.resume(record.id)

    def clear_finished(self) -> None:
        """Drop done and cancelled transfers from the queue (the history keeps deliveries)."""
        self._submit(self._clear_finished)

    def next_try(self, transfer_id: int) -> float | None:
        """When (``time.time()``) a retrying transfer tries again; ``None`` if not waiting."""
        with self._cond:
            due = self._due.get(transfer_id)
        return None if due is None else time.time() + max(0.0, due - time.monotonic())

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
        """Block until nothing is pending (all settled or paused) and every worker has handed
        back its transfer (a DONE one is recorded before that). For the CLI and tests."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._busy():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(left)
            return True

    def _busy(self) -> bool:
        """Whether ``wait_idle`` still waits (caller holds the condition)."""
        return bool(self._chores_pending or self._reporting or self._pending or self._running)

    def _wake(self) -> None:
        """Wake the threads waiting for work or a state, and ``wait_idle`` if nothing is left
        (caller holds the condition)."""
        self._cond.notify_all()
        if not self._busy():
            self._idle.notify_all()

    # -- chores (one intake thread) ---------------------------------------------------------------

    def _submit(self, function: Callable[..., None], *args: object) -> None:
        """Run ``function`` on the intake thread; nothing once the engine is stopping (a call
        racing ``shutdown``, e.g. a drop as the window quits, is dropped, not raised)."""

        def run() -> None:
            with self._cond:
                self._chore_running = True
            try:
                function(*args)
            except Exception as error:
                # Never silent: a drop that could not be queued must not look like nothing.
                log_unexpected(log, "an engine chore", error)
                self._observer.on_attention(
                    "internal_error",
                    "An unexpected problem stopped the engine from adding or loading files. "
                    "Nothing was sent or deleted; try again, and tell Noomus if it happens again.",
                )
            finally:
                with self._cond:
                    self._chores_pending -= 1
                    self._chore_running = False
                    self._wake()

        with self._cond:  # shutdown() sets _stopping under it before closing the executor
            if self._stopping:
                return
            self._chores_pending += 1
            self._chores.submit(run)

    def _load(self) -> None:
        """Take over the unfinished transfers of an earlier run (e.g. after ``kill -9``).

        Not those of another process running now: it claimed them, and sends them itself.
        A transfer settled for good loses its plan (its file key) here if a crash came between
        storing the state and deleting the plan.
        """
        interrupted = {TransferState.PREPARING, TransferState.UPLOADING, TransferState.VERIFYING}
        records = []
        for record in self._store.transfers(self._destination.key):
            if record.state in _SETTLED_FOR_GOOD:
                self._store.delete_plan(record.id)
            elif not self._claims.claim(record.id):
                continue
            if record.state in interrupted or record.state is TransferState.RETRYING:
                record = self._store.update(record.id, state=TransferState.QUEUED)
            records.append(record)
        with self._cond:
            for record in records:
                self._remember(record)
            self._wake()
        if records:
            self._observer.on_added(records)

    def _intake(self, batch_id: str, paths: list[str], skip_delivered: bool) -> None:
        """Scan a drop, attach files already on their way, queue the new ones."""
        result = scan_paths(paths)
        with self._cond:
            on_the_way = {
                (r.path, r.size, r.mtime_ns): r.id
                for r in self._records.values()
                if r.state not in (TransferState.DONE, TransferState.CANCELLED)
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
        for record in added:
            self._claims.claim(record.id)  # new numbers: nobody else can have them
        with self._cond:
            for record in added:
                self._remember(record)
            self._wake()
        if added:
            self._observer.on_added(added)
        for transfer_id in dict.fromkeys(again):
            self._rebatch(transfer_id, batch_id)
        if result.problems:
            self._observer.on_problems(batch_id, result.problems)

    def _rebatch(self, transfer_id: int, batch_id: str) -> None:
        """The same file dropped again joins the new batch (and wakes up if paused or failed:
        dropping it again is asking for it to be sent)."""
        with self._transition:
            old = self._store.get(transfer_id)
            record = self._store.move_to_batch(transfer_id, batch_id)
            if record.state in (TransferState.PAUSED, TransferState.FAILED):
                record = self._queued_again(transfer_id)
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
            self._publish(self._queued_again(transfer_id))
        with self._cond:
            self._reported_batches.discard(record.batch_id)
            self._wake()

    def _queued_again(self, transfer_id: int) -> TransferRecord:
        """Store a transfer as queued afresh: no error, a whole new retry budget."""
        with self._cond:
            self._troubled_since.pop(transfer_id, None)
        return self._store.update(
            transfer_id,
            state=TransferState.QUEUED,
            error_code=None,
            error_message=None,
            attempts=0,
        )

    def _clear_finished(self) -> None:
        with self._cond:
            # A transfer is DONE before its worker has finished with it (the pipeline
            # records the verified delivery first): such a one goes at the next clear.
            gone = [
                r.id
                for r in self._records.values()
                if r.state in (TransferState.DONE, TransferState.CANCELLED)
                and r.id not in self._running
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
                if (record := self._records.get(i)) is not None
                and record.state.finished
                and i not in self._running
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

        A small-file lane (``small_only``) claims only files of at most ``small_file_size``,
        and only while the small-file lanes hold at most ``small_lanes_bytes`` in all. It
        takes them in order too: when the oldest does not fit, the lane waits for room rather
        than let newer files pass it (they could keep it waiting for as long as they come).
        """
        queued = self._queued_small if small_only else self._queued
        with self._cond:
            while not self._stopping:
                now = time.monotonic()
                oldest = next((i for i in queued if i not in self._running), None)
                blocked = small_only and oldest is not None and not self._fits_small_lane(oldest)
                ready = None if blocked else oldest
                wake: float | None = None
                if ready is None and not blocked:
                    for transfer_id, due in self._due.items():
                        if transfer_id in self._running or (
                            small_only
                            and not (
                                self._is_small(self._records[transfer_id])
                                and self._fits_small_lane(transfer_id)
                            )
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
                    if small_only:
                        self._small_lanes_hold[ready] = self._held_size(self._records[ready].size)
                    return self._records[ready], abort
                self._cond.wait(None if wake is None else wake - now)
            return None

    def _is_small(self, record: TransferRecord) -> bool:
        return record.size <= self._settings.small_file_size

    def _held_size(self, size: int) -> int:
        """What a file in a small-file lane counts against ``small_lanes_bytes``: its size,
        but no more than a small file's, since a file that grew past that since it was
        queued is streamed (a few batches in memory), not held whole."""
        return min(size, self._settings.small_file_size)

    def _fits_small_lane(self, transfer_id: int) -> bool:
        """Whether a small-file lane may take this transfer now (caller holds the condition):
        within the lanes' byte budget, or the first one they take."""
        held = sum(self._small_lanes_hold.values())
        size = self._held_size(self._records[transfer_id].size)
        return not held or held + size <= self._settings.small_lanes_bytes

    def _work(self, small_only: bool = False) -> None:
        while (claimed := self._next(small_only)) is not None:
            record, abort = claimed
            outcome: NoomusError | None = None
            try:
                self._pipeline.run(record, abort)
            except AbortedError:
                outcome = None
            except NoomusError as error:
                outcome = error
            except Exception as error:
                log_unexpected(log, f"transfer {record.id}", error)
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
                self._small_lanes_hold.pop(transfer_id, None)
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
            self._wake()

    def _handle_error(self, record: TransferRecord, error: NoomusError) -> None:
        if error.code in ATTENTION_CODES:
            with self._cond:
                self._held.add(record.id)
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
        now = time.monotonic()
        with self._cond:
            troubled_for = now - self._troubled_since.setdefault(record.id, now)
        if error.transient and not self._settings.gives_up(attempts, troubled_for):
            wait = self._settings.retry_delay(attempts, error.retry_after, troubled_for)
            with self._cond:
                self._due[record.id] = now + wait
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
        """Pause everything for a stop only the user or Noomus can end; for one that ends by
        itself (a suspension), watch for its end and resume what it paused."""
        with self._cond:
            first = self._attention is None
            self._attention = error.code
        if first:
            self._observer.on_attention(error.code, error.message)
            if error.code in _ENDS_BY_ITSELF:
                threading.Thread(
                    target=self._await_return,
                    args=(error.code,),
                    name="noomus-watch",
                    daemon=True,
                ).start()
        for record in self.snapshot():
            if record.state.pending:
                with self._cond:
                    self._held.add(record.id)
                self.pause(record.id)

    def _await_return(self, code: str) -> None:
        """Ask the server, with the retry backoff, whether the stop ``code`` is over; then
        resume the transfers it paused. Ends early when the user resumed or the engine stops."""
        attempt = 0
        while True:
            attempt += 1
            deadline = time.monotonic() + self._settings.backoff(attempt, None)
            with self._cond:
                while self._attention == code and not self._stopping:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if self._attention != code or self._stopping:
                    return
            try:
                self._tus.capabilities(self._destination.uploads_url, again=True)
            except NoomusError as error:
                log.info("still stopped (%s): asking again later", error.code)
                continue
            with self._cond:
                if self._attention != code:
                    return
                self._attention = None
                held, self._held = self._held, set()
            log.info("the stop (%s) is over: resuming %d transfers", code, len(held))
            for transfer_id in sorted(held):
                self.resume(transfer_id)
            self._observer.on_attention_cleared(code)
            return

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

    # -- state and reports ----------------------------------------------------------------------

    def _set(self, transfer_id: int, /, **changes: object) -> TransferRecord:
        """Store changes of one transfer, then report them: the pipeline's one way in.

        A transfer reaching ``DONE`` enters the delivery history in the same transition,
        before anyone hears of it. Once the engine is stopping every change is refused
        (``AbortedError``): the store may be closed as soon as ``shutdown`` returns.
        """
        with self._transition:
            with self._cond:
                if self._stopping:
                    raise AbortedError("The engine is stopping.")
                before = self._records.get(transfer_id)
                size = changes.get("size")
                if isinstance(size, int) and transfer_id in self._small_lanes_hold:
                    self._small_lanes_hold[transfer_id] = self._held_size(size)  # as sent
                offset = changes.get("offset")
                if isinstance(offset, int) and before is not None and offset > before.offset:
                    # Progress the server confirmed: the retry budget starts afresh.
                    self._troubled_since.pop(transfer_id, None)
                    if before.attempts:
                        changes["attempts"] = 0
            if changes.get("state") is TransferState.DONE:
                record = self._store.deliver(transfer_id, **changes)
            else:
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
        self._batch_unsettled[record.batch_id] = self._batch_unsettled.get(record.batch_id, 0) + (
            not record.state.finished
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
        if record.state.finished:
            self._troubled_since.pop(record.id, None)

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
                self._wake()

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
