"""Retries that keep the promise "what you drop arrives exactly once", against the real
extranet behind the fault proxy.

The engine's clock is its backoff: the default settings (no attempt limit, 60 s ceiling)
are kept but for the times, divided by 200, so a 10-minute outage lasts 3 s here. The outage
test runs everything else at the defaults too; the others use smaller requests on a slow
link, so that a cut lands where they need it. Under the
old policy (12 attempts over the life of a transfer) each of these tests ended FAILED.

The stall and connect timeouts stay at their defaults everywhere: every fault here is a
reset or an error answer, which fails a request at once, so no test waits on them; shrunk
(they were 2 s), a loaded machine that answered slowly for a few seconds after a cut spent
the three-attempt budget of the progress test on "no data moved" and failed it.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import SecretService

from noomus_desktop.core.account import Account
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import EngineSettings, TransferRecord, TransferState
from noomus_desktop.core.errors import MAX_RETRY_AFTER
from noomus_desktop.core.queue import TransferStore
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.proc import run_cli
from tests.helpers.recorder import running_engine, wait_until
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import _signed_in

pytestmark = agecli.requires_age

#: 1/200 of real time; every other setting is the default (so no attempt limit).
_SCALE = 200
COMPRESSED = EngineSettings(
    chunk_size=256 * 1024,
    small_file_size=64 * 1024,
    backoff_initial=EngineSettings.backoff_initial / _SCALE,
    backoff_max=EngineSettings.backoff_max / _SCALE,
)
#: The child process uses the test's private gnome-keyring (its D-Bus address is inherited).
KEYRING_ENV = {"PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
#: Ten minutes, compressed.
OUTAGE = 600 / _SCALE


@pytest.fixture
def link(extranet: RunningExtranet) -> Iterator[FaultProxy]:
    """A 2 MB/s link to the extranet, so a send lasts long enough to break it mid-way."""
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        proxy.bandwidth = 2 * 1024 * 1024
        yield proxy


def _delivered_once(server: RunningExtranet, account: Account, record: TransferRecord) -> None:
    """The server holds exactly one delivery, the one the client verified, of this file."""
    assert record.state is TransferState.DONE, record
    deliveries = account.deliveries()
    assert [d.id for d in deliveries] == [int(record.delivery_id or 0)]
    stored = list(server.data_dir.glob("inbox/*/*.age"))
    assert len(stored) == 1
    assert (
        agecli.decrypt(stored[0].read_bytes(), server.identity_file)
        == Path(record.path).read_bytes()
    )


#: The product's own settings, but for the backoff's clock (1/200 of real time).
DEFAULTS_COMPRESSED = EngineSettings(
    backoff_initial=EngineSettings.backoff_initial / _SCALE,
    backoff_max=EngineSettings.backoff_max / _SCALE,
)


def test_ten_minute_outage_mid_200_mb_send_finishes_once_healed(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    """A 200 MB send at the default settings (64 MiB requests, default timeouts; only the
    backoff's clock compressed) loses its link for ten (compressed) minutes in the middle of
    its second request: it waits, never FAILED, then finishes on the same upload, delivered
    once."""
    path = tmp_path / "e4.bin"
    with path.open("wb") as f:
        for _ in range(200):
            f.write(os.urandom(1_000_000))
    with FaultProxy(("127.0.0.1", extranet.port)) as link:
        account = _signed_in(link.url, extranet)
        with running_engine(Destination.noomus(account), DEFAULTS_COMPRESSED) as (engine, seen):
            engine.add_paths([str(path)])
            wait_until(lambda: any(p[1] > 80_000_000 for p in seen.progress), timeout=120)
            link.outage()
            deadline = time.monotonic() + OUTAGE
            while time.monotonic() < deadline:
                assert all(r.state is not TransferState.FAILED for r in engine.snapshot())
                time.sleep(0.05)
            waiting = engine.snapshot()[0]
            link.heal()
            assert engine.wait_idle(180)
            record = engine.snapshot()[0]
            _delivered_once(extranet, account, record)
        account.close()
        creations = [p for m, p in link.requests if m == "POST" and "/auth/" not in p]
    assert waiting.state is TransferState.RETRYING and waiting.error_code == "offline"
    assert len(creations) == 1, creations  # resumed, never a second upload
    # Many more attempts than the old budget of 12 went by, and none failed the transfer.
    tries = [r for r in seen.changes if r.state is TransferState.RETRYING]
    assert len(tries) > 12


def test_final_answer_lost_and_503s_after_it_still_verifies_one_delivery(
    extranet: RunningExtranet, link: FaultProxy, tmp_path: Path
) -> None:
    """Every byte is on the server but the answer to the last PATCH is lost, then the HEADs
    that ask about the upload get 503s (20: more than the old budget of 12): the client keeps
    asking, finds the upload complete, verifies it, and never sends it again."""
    path = tmp_path / "last.bin"
    path.write_bytes(os.urandom(40_000))  # small: created with all but its last byte
    account = _signed_in(link.url, extranet)
    link.lose_next_response("PATCH")
    link.fail_next(20, 503, method="HEAD")
    with running_engine(Destination.noomus(account), COMPRESSED) as (engine, seen):
        engine.add_paths([str(path)])
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
        _delivered_once(extranet, account, record)
    account.close()
    assert link.responses_lost == 1 and link.failures_sent == 20
    creations = [p for m, p in link.requests if m == "POST" and "/auth/" not in p]
    assert len(creations) == 1, creations
    assert seen.states(record.id)[-2:] == ["verifying", "done"]


def test_confirmed_progress_resets_the_attempt_budget(
    extranet: RunningExtranet, link: FaultProxy, tmp_path: Path
) -> None:
    """Five cuts, each after a chunk the server confirmed, with a budget of three attempts
    in a row: progress between them starts the count afresh, so the send finishes."""
    path = tmp_path / "flaky.bin"
    path.write_bytes(os.urandom(3 * 1024 * 1024))
    account = _signed_in(link.url, extranet)
    settings = dataclasses.replace(COMPRESSED, max_attempts=3)
    with running_engine(Destination.noomus(account), settings) as (engine, seen):
        engine.add_paths([str(path)])
        for cut in range(1, 6):
            link.cut_after(300 * 1024, reset=True, method="PATCH")
            wait_until(lambda: link.cuts_done >= cut)  # noqa: B023 (waited for at once)
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
        _delivered_once(extranet, account, record)
    account.close()
    assert len([r for r in seen.changes if r.state is TransferState.RETRYING]) >= 5


def test_huge_retry_after_is_clamped_and_nothing_hangs(
    extranet: RunningExtranet, link: FaultProxy, tmp_path: Path
) -> None:
    """A 503 asking to wait 3,000 years: the next try is set within the clamp (an hour),
    and the engine still answers (a cancel lands, shutting down is prompt)."""
    path = tmp_path / "patient.bin"
    path.write_bytes(os.urandom(10_000))
    account = _signed_in(link.url, extranet)
    link.fail_next(1, 503, method="POST", retry_after=99999999999)
    with running_engine(Destination.noomus(account), COMPRESSED) as (engine, _seen):
        engine.add_paths([str(path)])
        wait_until(lambda: any(r.state is TransferState.RETRYING for r in engine.snapshot()))
        transfer_id = engine.snapshot()[0].id
        next_try = engine.next_try(transfer_id)
        assert next_try is not None
        assert time.time() + MAX_RETRY_AFTER / 2 < next_try <= time.time() + MAX_RETRY_AFTER + 1
        engine.cancel(transfer_id)
        assert engine.wait_idle(5)
        assert engine.snapshot()[0].state is TransferState.CANCELLED
        started = time.monotonic()
    assert time.monotonic() - started < 3
    account.close()


@pytest.mark.parametrize("again", ["dropped again", "send run again"])
def test_failed_transfer_asked_again_is_resumed_not_sent_twice(
    extranet: RunningExtranet,
    link: FaultProxy,
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
    again: str,
) -> None:
    """The worst case: the server holds every byte, the client gave up (its last answers
    lost) and shows FAILED. Asking again, by a drop or by ``noomus-upload send``, resumes
    that transfer: the server is asked about the old upload, and staff get one file."""
    path = tmp_path / "e4.bin"
    path.write_bytes(os.urandom(40_000))
    account = _signed_in(link.url, extranet)
    if again == "send run again":  # after the line above, which saves "do not remember me"
        login = run_cli(
            ["--server", link.url, "login", "--username", extranet.username, "--password-stdin"],
            stdin=extranet.password + "\n",
            env=KEYRING_ENV,
        )
        assert login.returncode == 0, login.stderr
    link.lose_next_response("PATCH")
    link.fail_next(1000, 503, method="HEAD")
    giving_up = dataclasses.replace(COMPRESSED, give_up_after=0.5)
    with running_engine(Destination.noomus(account), giving_up) as (engine, _seen):
        engine.add_paths([str(path)])
        assert engine.wait_idle(30)
        failed = engine.snapshot()[0]
        link.fail_next(0)
        if again == "dropped again":
            engine.add_paths([str(path)])
            assert engine.wait_idle(30)
            records = engine.snapshot()
    if again == "send run again":
        send = run_cli(["--server", link.url, "send", str(path)], env=KEYRING_ENV)
        assert send.returncode == 0, send.stderr
        store = TransferStore()
        records = store.transfers()
        store.close()
    assert failed.state is TransferState.FAILED and failed.upload_url, failed
    assert [r.id for r in records] == [failed.id]
    _delivered_once(extranet, account, records[0])
    account.close()
