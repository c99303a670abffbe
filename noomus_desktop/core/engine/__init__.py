"""The transfer engine: worker threads that encrypt and send queued files, and report.

The GUI and ``noomus-upload`` are two faces of :class:`TransferEngine`. Every public method
returns at once: scanning, fingerprinting, encryption and network work happen on the
engine's own threads, which report through a :class:`TransferObserver`. Every state is
persisted in the :class:`TransferStore` before it is reported, so a killed process resumes
where the server says it stopped.

A transfer goes queued -> preparing (encryption plan, one pass hashing and sealing the
plaintext, tus creation) -> uploading -> verifying -> done. "Sent" is not "delivered": with
a delivery verifier (the Noomus API) a transfer is done only when the server's delivery
record has the size and SHA-256 of the ciphertext we produced; on a plain tus server, when
its ``HEAD`` reports every byte received. The ciphertext hash a verifier needs is computed
while sending; after a restart the already-sent prefix is regenerated through the
ciphertext view at verification time (encryption is much faster than any upload), so no
hash state needs to be persisted.

The package, one job per module:

- :mod:`.scheduler`: :class:`TransferEngine`, its queues, workers, counters, batches and
  error policy;
- :mod:`.pipeline`: one transfer's prepare, send and verify, meeting the scheduler only
  through its ``_set``;
- :mod:`.observer`: what the engine reports, and the values it carries;
- :mod:`.settings`: the tuning knobs;
- :mod:`.progress`: throttled progress with a rolling speed.
"""

from __future__ import annotations

from noomus_desktop.core.engine.observer import (
    AddResult,
    BatchSummary,
    NullObserver,
    TransferObserver,
)
from noomus_desktop.core.engine.pipeline import (
    FORMAT_KEY,
    MANIFEST_FOR_KEY,
    MANIFEST_KEY,
    METADATA_KEY,
)
from noomus_desktop.core.engine.scheduler import TransferEngine
from noomus_desktop.core.engine.settings import EngineSettings
from noomus_desktop.core.queue import TransferRecord, TransferState, TransferStore
from noomus_desktop.core.scan import ScanProblem

__all__ = [
    "FORMAT_KEY",
    "MANIFEST_FOR_KEY",
    "MANIFEST_KEY",
    "METADATA_KEY",
    "AddResult",
    "BatchSummary",
    "EngineSettings",
    "NullObserver",
    "ScanProblem",
    "TransferEngine",
    "TransferObserver",
    "TransferRecord",
    "TransferState",
    "TransferStore",
]
