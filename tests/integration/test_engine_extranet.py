"""The transfer engine in Noomus mode against the reference extranet on loopback.

A real server, a real account (sign-in over the API), uploads through a real TCP proxy when
a test needs them slow enough to act on mid-flight. Deliveries are decrypted with ``age``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from noomus_desktop.core.account import Account
from noomus_desktop.core.config import BuildConfig, load_settings
from noomus_desktop.core.credentials import CredentialStore
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferRecord, TransferState
from noomus_desktop.core.queue import TransferStore
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.recorder import FAST, running_engine, wait_until
from tests.helpers.server import RunningExtranet

pytestmark = agecli.requires_age


def _signed_in(url: str, server: RunningExtranet) -> Account:
    settings = load_settings()
    settings.server_url = url
    account = Account(settings, BuildConfig(), credentials=CredentialStore(), device_name="tests")
    account.sign_in(server.username, server.password, remember=False)
    return account


@pytest.fixture
def slow_link(extranet: RunningExtranet) -> Iterator[FaultProxy]:
    """A 1 MB/s link to the extranet: uploads last long enough to act on them."""
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        proxy.bandwidth = 1024 * 1024
        yield proxy


def _delivered(server: RunningExtranet, record: TransferRecord) -> bytes:
    assert record.upload_url is not None
    upload_id = record.upload_url.rstrip("/").rsplit("/", 1)[-1]
    (stored,) = server.data_dir.glob(f"inbox/*/{upload_id}.age")
    return stored.read_bytes()


def test_sent_files_are_delivered_verified_and_remembered(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    files = {"one.txt": b"hello Noomus\n", "two.bin": os.urandom(700_000)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    account = _signed_in(extranet.url, extranet)
    with running_engine(Destination.noomus(account)) as (engine, seen):
        engine.add_paths([str(tmp_path / n) for n in files])
        assert engine.wait_idle(60)
        records = engine.snapshot()
    for record in records:
        assert record.state is TransferState.DONE and record.delivery_id is not None
        # The state before done is the server's confirmation, not the last byte sent.
        assert seen.states(record.id)[-2:] == ["verifying", "done"]
        stored = _delivered(extranet, record)
        delivery = account.delivery(int(record.delivery_id))
        assert (delivery.size, delivery.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
        assert agecli.decrypt(stored, extranet.identity_file) == files[record.name]
    assert {d.id for d in account.deliveries()} == {int(r.delivery_id or 0) for r in records}
    store = TransferStore()
    assert {h.relative_path for h in store.history()} == set(files)
    store.close()
    account.close()


def test_access_token_expiring_mid_upload_is_renewed(
    extranet_factory: Callable[..., RunningExtranet], tmp_path: Path
) -> None:
    server = extranet_factory(access_token_ttl=1)
    data = os.urandom(3 * 1024 * 1024)
    (tmp_path / "long.bin").write_bytes(data)
    with FaultProxy(("127.0.0.1", server.port)) as proxy:
        proxy.bandwidth = 1024 * 1024
        account = _signed_in(proxy.url, server)
        with running_engine(Destination.noomus(account)) as (engine, seen):
            engine.add_paths([str(tmp_path / "long.bin")])
            assert engine.wait_idle(60)
            record = engine.snapshot()[0]
        account.close()
    assert record.state is TransferState.DONE, record
    assert not seen.attention
    assert agecli.decrypt(_delivered(server, record), server.identity_file) == data
    assert ("POST", "/api/v1/auth/refresh") in proxy.requests


def _start_slow_upload(
    extranet: RunningExtranet, slow_link: FaultProxy, tmp_path: Path
) -> tuple[Account, Path]:
    (tmp_path / "inflight.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    return _signed_in(slow_link.url, extranet), tmp_path / "inflight.bin"


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("report-lost", "account_locked"),
        ("disable", "account_disabled"),
        ("suspend", "service_suspended"),
    ],
)
def test_server_side_stop_pauses_everything_with_its_reason(
    extranet: RunningExtranet, slow_link: FaultProxy, tmp_path: Path, action: str, code: str
) -> None:
    account, path = _start_slow_upload(extranet, slow_link, tmp_path)
    with running_engine(Destination.noomus(account)) as (engine, seen):
        engine.add_paths([str(path)])
        wait_until(lambda: any(p[1] > 300_000 for p in seen.progress))
        if action == "report-lost":  # from another client, without signing in
            answer = httpx.post(
                f"{extranet.url}/api/v1/auth/report-lost", json={"username": extranet.username}
            )
            assert answer.status_code == 202
        elif action == "disable":
            extranet.admin("users", "disable", extranet.username)
        else:
            extranet.admin("service", "suspend")
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    account.close()
    assert [c for c, _ in seen.attention] == [code]
    assert record.state is TransferState.PAUSED and record.error_code == code
    assert not seen.batches


def test_suspended_service_resumes_where_it_stopped(
    extranet: RunningExtranet, slow_link: FaultProxy, tmp_path: Path
) -> None:
    account, path = _start_slow_upload(extranet, slow_link, tmp_path)
    with running_engine(Destination.noomus(account)) as (engine, seen):
        engine.add_paths([str(path)])
        wait_until(lambda: any(p[1] > 300_000 for p in seen.progress))
        extranet.admin("service", "suspend")
        assert engine.wait_idle(60)
        paused = engine.snapshot()[0]
        extranet.admin("service", "resume")
        engine.resume_all()
        wait_until(lambda: engine.snapshot()[0].state is not TransferState.PAUSED)
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    account.close()
    assert paused.state is TransferState.PAUSED and paused.offset > 0
    assert record.state is TransferState.DONE
    assert agecli.decrypt(_delivered(extranet, record), extranet.identity_file) == path.read_bytes()


def test_too_large_for_the_server_fails_that_file_only(
    extranet_factory: Callable[..., RunningExtranet], tmp_path: Path
) -> None:
    server = extranet_factory(max_upload_size=100_000)
    (tmp_path / "big.bin").write_bytes(os.urandom(200_000))
    (tmp_path / "fine.txt").write_bytes(b"fits")
    account = _signed_in(server.url, server)
    with running_engine(Destination.noomus(account)) as (engine, seen):
        engine.add_paths([str(tmp_path / "big.bin"), str(tmp_path / "fine.txt")])
        assert engine.wait_idle(60)
        outcome = {r.name: (r.state, r.error_code) for r in engine.snapshot()}
    account.close()
    assert outcome == {
        "big.bin": (TransferState.FAILED, "upload_too_large"),
        "fine.txt": (TransferState.DONE, None),
    }
    assert [(b.delivered, b.failed) for b in seen.batches] == [(1, 1)]


def test_server_killed_and_restarted_mid_upload(
    extranet: RunningExtranet, slow_link: FaultProxy, tmp_path: Path
) -> None:
    account, path = _start_slow_upload(extranet, slow_link, tmp_path)
    patient = dataclasses.replace(FAST, max_attempts=None)
    with running_engine(Destination.noomus(account), patient) as (engine, seen):
        engine.add_paths([str(path)])
        wait_until(lambda: any(p[1] > 1024 * 1024 for p in seen.progress))
        extranet.kill()
        wait_until(lambda: any(r.state is TransferState.RETRYING for r in seen.changes))
        extranet.start()
        assert engine.wait_idle(120)
        record = engine.snapshot()[0]
    account.close()
    assert record.state is TransferState.DONE, record
    assert agecli.decrypt(_delivered(extranet, record), extranet.identity_file) == path.read_bytes()
