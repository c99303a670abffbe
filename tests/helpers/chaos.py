"""Chaos-suite helpers: seeded randomness, the ``noomus-upload`` process, the final audit of
what the server holds, the reliability record, and the secret scanner.

Every scenario ends with :func:`audit`: each delivery is decrypted with the staff identity
(the same ``decrypt_delivery`` that ``noomus-extranet deliveries decrypt`` runs, called in
process so a 10,000-file folder does not start 10,000 interpreters), restored under the path
its encrypted metadata names, and compared byte for byte (SHA-256) with the original. A
path delivered twice is a duplicate; an upload left open on the server or a transfer left
unfinished in the client's queue is stuck.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_extranet.admin import Admin, open_database
from noomus_extranet.staff import decrypt_delivery
from noomus_extranet.storage import Storage
from tests.helpers.server import RunningExtranet

FULL = os.environ.get("NOOMUS_FULL") == "1"
SEED_ENV = "NOOMUS_CHAOS_SEED"
RELIABILITY_ENV = "NOOMUS_RELIABILITY_FILE"
ROOT = Path(__file__).resolve().parents[2]
KEYRING_BACKEND = "keyring.backends.SecretService.Keyring"
_READ_SIZE = 1024 * 1024
_SETTLED = (TransferState.DONE, TransferState.CANCELLED)


def strength(ci: int, full: int) -> int:
    """How many repetitions (or files): ``full`` with ``NOOMUS_FULL=1``, else ``ci``."""
    return full if FULL else ci


def new_seed() -> int:
    """A fresh seed (or ``$NOOMUS_CHAOS_SEED`` to replay one); printed so a failure shows it."""
    seed = int(os.environ.get(SEED_ENV) or secrets.randbelow(2**32))
    print(f"chaos seed: {seed} (replay with {SEED_ENV}={seed})")
    return seed


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_READ_SIZE):
            digest.update(block)
    return digest.hexdigest()


def random_file(path: Path, size: int, rng: random.Random) -> str:
    """Write ``size`` bytes drawn from ``rng`` to ``path``; returns their SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with path.open("wb") as f:
        left = size
        while left:
            block = rng.randbytes(min(left, _READ_SIZE))
            f.write(block)
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


# -- the client process ----------------------------------------------------------------------


@dataclass
class UploadCli:
    """``noomus-upload`` as the customer runs it: its own process, the test's NOOMUS_HOME,
    the test keyring (``secret_keyring`` must be active so the D-Bus address is set)."""

    server_url: str
    options: Sequence[str] = ()
    log_file: Path | None = None
    #: Wraps the command (e.g. ``setpriv ... --`` to drop capabilities).
    prefix: list[str] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def _command(self, *args: str) -> list[str]:
        return [
            *self.prefix,
            sys.executable,
            "-c",
            "from noomus_desktop.cli import main; main()",
            "--server",
            self.server_url,
            *self.options,
            *args,
        ]

    @staticmethod
    def env() -> dict[str, str]:
        return {**os.environ, "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND}

    def run(
        self,
        *args: str,
        stdin: str | None = None,
        timeout: float = 120,
        extra_env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(*args),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**self.env(), **(extra_env or {})},
            check=False,
        )

    def login(self, username: str, password: str) -> None:
        result = self.run(
            "login", "--username", username, "--password-stdin", stdin=password + "\n"
        )
        if result.returncode != 0:
            raise RuntimeError(f"noomus-upload login failed: {result.stderr}")

    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        """Start a command in the background (output appended to ``log_file``)."""
        out = self.log_file.open("ab") if self.log_file else subprocess.DEVNULL
        try:
            process = subprocess.Popen(
                self._command(*args),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env(),
            )
        finally:
            if not isinstance(out, int):
                out.close()
        self.processes.append(process)
        return process

    def send(self, paths: Sequence[Path], timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self.run("-q", "send", *map(str, paths), timeout=timeout)

    def kill_all(self) -> None:
        for process in self.processes:
            kill(process)
        self.processes.clear()


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL (as a crash or a pulled plug would) and reap."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` (cheap file or database reads) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.02)


def server_bytes_received(server: RunningExtranet) -> int:
    """Bytes the server holds in unfinished uploads (``uploads/*.part``): progress as the
    server sees it, without trusting the client under test."""
    total = 0
    for part in (server.data_dir / "uploads").glob("*.part"):
        with contextlib.suppress(FileNotFoundError):
            total += part.stat().st_size
    return total


# -- the audit -------------------------------------------------------------------------------


@dataclass
class Verdict:
    """What the server holds compared with what the customer meant to send."""

    expected: int
    deliveries: int
    missing: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    corrupted: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    #: Uploads still open on the server. Not a failure by itself: a creation whose answer
    #: was lost leaves one the client cannot know about, and the server expires it.
    open_uploads: int = 0
    #: Transfers the client has not settled: these are stuck.
    unfinished: list[str] = field(default_factory=list)
    bytes_lost: int = 0

    @property
    def survived(self) -> int:
        return self.expected - len(self.missing) - len(self.corrupted)

    @property
    def perfect(self) -> bool:
        return not (
            self.missing
            or self.duplicates
            or self.corrupted
            or self.unexpected
            or self.open_uploads
            or self.unfinished
        )

    def check(self) -> None:
        assert self.perfect, f"the server does not hold exactly what was sent: {self}"


def _open_uploads(data_dir: Path) -> int:
    with contextlib.closing(sqlite3.connect(data_dir / "extranet.sqlite3")) as db:
        row = db.execute("SELECT count(*) FROM uploads WHERE state = 'open'").fetchone()
    return int(row[0])


def _unfinished_transfers(failed_ok: Collection[str]) -> list[str]:
    """Transfers of the client's queue (this test's NOOMUS_HOME) not settled as delivered,
    except failures the scenario expects (``failed_ok``: relative paths)."""
    store = TransferStore()
    try:
        records = store.transfers()
    finally:
        store.close()
    return [
        f"{r.relative_path} ({r.state.value})"
        for r in records
        if r.state not in _SETTLED
        and not (r.state is TransferState.FAILED and r.relative_path in failed_ok)
    ]


def decrypted_deliveries(server: RunningExtranet, out_dir: Path) -> Iterator[tuple[str, Path]]:
    """Each delivery decrypted with the staff identity: ``(relative path, plaintext file)``."""
    identity = server.identity_file.read_text()
    storage = Storage(server.data_dir)
    admin = Admin(open_database(server.data_dir))
    try:
        rows = admin.deliveries()
    finally:
        admin.db.close()
    for row in rows:
        target_dir = out_dir / str(row["id"])
        target = decrypt_delivery(row, storage, identity, target_dir)
        yield target.relative_to(target_dir.resolve()).as_posix(), target


def audit(
    server: RunningExtranet,
    expected: Mapping[str, str],
    out_dir: Path,
    *,
    sizes: Mapping[str, int] | None = None,
    failed_ok: Collection[str] = (),
) -> Verdict:
    """Compare the server's deliveries with ``expected`` (relative path -> SHA-256)."""
    seen: Counter[str] = Counter()
    verdict = Verdict(expected=len(expected), deliveries=0)
    for relative, plaintext in decrypted_deliveries(server, out_dir):
        verdict.deliveries += 1
        seen[relative] += 1
        if relative not in expected:
            verdict.unexpected.append(relative)
        elif seen[relative] == 1 and sha256_file(plaintext) != expected[relative]:
            verdict.corrupted.append(relative)
        plaintext.unlink()  # keep the disk free for big scenarios
    verdict.duplicates = sorted(name for name, count in seen.items() if count > 1)
    verdict.missing = sorted(set(expected) - set(seen))
    verdict.bytes_lost = sum((sizes or {}).get(n, 0) for n in verdict.missing + verdict.corrupted)
    verdict.open_uploads = _open_uploads(server.data_dir)
    verdict.unfinished = _unfinished_transfers(failed_ok)
    return verdict


# -- the reliability table -------------------------------------------------------------------


@dataclass(frozen=True)
class ReliabilityRow:
    scenario: str
    tried: int
    survived: int
    bytes_lost: int
    duplicates: int
    stuck: int
    orphans: int
    seeds: list[int]
    full: bool = FULL
    #: The scenario is a strict xfail for a reported defect: its losses are expected.
    known_bug: bool = False


def reliability_file() -> Path:
    return Path(os.environ.get(RELIABILITY_ENV) or ROOT / "test-artifacts" / "reliability.json")


def record(row: ReliabilityRow) -> None:
    """Append ``row`` to the reliability file (a JSON list), safely across xdist workers."""
    path = reliability_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        text = f.read()
        rows = json.loads(text) if text.strip() else []
        rows.append(asdict(row))
        f.seek(0)
        f.truncate()
        json.dump(rows, f, ensure_ascii=False, indent=1)


def record_verdicts(
    scenario: str, verdicts: Sequence[Verdict], seeds: Sequence[int], *, known_bug: bool = False
) -> None:
    """One row for a scenario, then fail if anything was lost, doubled or stuck.

    ``verdicts`` are audits of separate servers (summed); repetitions on one server are
    audited cumulatively, so pass only the last audit of each server.
    """
    record(
        ReliabilityRow(
            scenario=scenario,
            tried=sum(v.expected for v in verdicts),
            survived=sum(v.survived for v in verdicts),
            bytes_lost=sum(v.bytes_lost for v in verdicts),
            duplicates=sum(len(v.duplicates) for v in verdicts),
            stuck=sum(len(v.unfinished) for v in verdicts),
            orphans=sum(v.open_uploads for v in verdicts),
            seeds=list(seeds),
            known_bug=known_bug,
        )
    )
    for verdict in verdicts:
        verdict.check()


# -- secrets at rest -------------------------------------------------------------------------


def _base64_forms(value: bytes) -> set[bytes]:
    """The stretches of base64 that encode ``value`` whatever its alignment in a longer text."""
    forms = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + value)
        start = (shift * 4 + 2) // 3
        end = len(encoded) - (3 if len(b"\0" * shift + value) % 3 else 0)
        if end - start >= 8:
            forms.add(encoded[start:end])
    return forms


def secret_forms(secret: str) -> set[bytes]:
    """``secret`` as it could sit in a file: UTF-8 (NFC and NFD), URL-quoted, JSON-escaped,
    and base64 (tus metadata is base64 on the wire)."""
    texts = {secret, unicodedata.normalize("NFC", secret), unicodedata.normalize("NFD", secret)}
    forms: set[bytes] = set()
    for text in texts:
        raw = text.encode()
        forms |= {raw, urllib.parse.quote(text).encode(), json.dumps(text)[1:-1].encode()}
        forms |= _base64_forms(raw)
    return {form for form in forms if form}


def find_leaks(roots: Iterable[Path], secrets_by_label: Mapping[str, str]) -> list[str]:
    """``"label in path"`` for every file under ``roots`` holding a form of a secret.

    The answer names secrets by label only, so a failing test does not print them.
    """
    needles = {label: secret_forms(value) for label, value in secrets_by_label.items()}
    found = []
    for root in roots:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            try:
                content = path.read_bytes()
            except OSError:
                continue
            found += [
                f"{label} in {path}"
                for label, forms in needles.items()
                if any(form in content for form in forms)
            ]
    return found
