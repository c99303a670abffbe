"""Leases in the database (noomus_extranet/leases.py): one holder at a time, a lapsed lease is
taken over, a holder that lost its lease writes nothing more, and the work a process does at
start leaves alone an upload another live process holds. Two ``Leases`` on one database file
stand for two server processes."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from noomus_extranet.admin import Admin, open_database
from noomus_extranet.config import ServerConfig
from noomus_extranet.errors import ApiError
from noomus_extranet.leases import Leases
from noomus_extranet.storage import AGE_PREFIX, Storage
from noomus_extranet.tus.slots import lease_name
from noomus_extranet.tus.uploads import Uploads
from tests.helpers.agefake import fake_age


def test_one_holder_at_a_time_and_a_lapsed_lease_is_taken_over(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    first, second = Leases(db, ttl=0.6, safety=0.3), Leases(db, ttl=0.6, safety=0.3)
    hold = first.try_take("x")
    assert hold is not None and hold.valid()
    assert second.try_take("x") is None
    time.sleep(0.35)
    hold.fence()  # its own clock ran out, so it asked the database: still its own, renewed
    assert hold.valid()
    time.sleep(0.65)  # no renewal for longer than the row lives: another process takes it
    taken = second.try_take("x")
    assert taken is not None
    with pytest.raises(ApiError):  # its own clock ran out and the row is someone else's
        hold.fence()
    with pytest.raises(ApiError), hold.renewing():  # the row is someone else's now
        pass
    assert hold.lost and not hold.renew()
    hold.release()  # releases nothing of the new holder's
    assert first.try_take("x") is None
    assert taken.renew()


def test_a_holder_sees_another_process_ask_to_take_over(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    holder, waiter = Leases(db), Leases(db)
    hold = holder.try_take("x")
    assert hold is not None
    assert hold.check() == (True, False)
    waiter.ask_takeover("x")
    assert hold.check() == (True, True)
    hold.release()
    assert waiter.try_take("x") is not None


def _expired_upload(tmp_path: Path) -> tuple[Uploads, str]:
    db = open_database(tmp_path)
    Admin(db).add_user("alice", "Alice", "Co", "alice@example.com", "alice-password-123")
    user_id = db.one("SELECT id FROM users")["id"]  # type: ignore[index]
    uploads = Uploads(db, Storage(tmp_path), ServerConfig(data_dir=tmp_path))
    upload = asyncio.run(uploads.create(user_id, 1000, ""))
    db.execute("UPDATE uploads SET expires_at = 0 WHERE id = ?", (upload["id"],))
    return uploads, upload["id"]


def test_expiry_at_start_leaves_an_upload_another_process_holds(tmp_path: Path) -> None:
    uploads, upload_id = _expired_upload(tmp_path)
    other = Leases(uploads.db).try_take(lease_name(upload_id))
    assert other is not None
    assert uploads.expire_due_at_start() == 0
    assert uploads.storage.part_path(upload_id).exists()
    other.release()
    assert uploads.expire_due_at_start() == 1


def test_recovery_at_start_leaves_an_upload_another_process_holds(tmp_path: Path) -> None:
    uploads, upload_id = _expired_upload(tmp_path)
    uploads.db.execute(
        'UPDATE uploads SET expires_at = ?, "offset" = length WHERE id = ?',
        (time.time() + 600, upload_id),
    )
    uploads.storage.part_path(upload_id).write_bytes(AGE_PREFIX + bytes(1000 - len(AGE_PREFIX)))
    other = Leases(uploads.db).try_take(lease_name(upload_id))
    assert other is not None
    uploads.recover()
    row = uploads.db.one("SELECT state FROM uploads WHERE id = ?", (upload_id,))
    assert row is not None and row["state"] == "open"  # not completed under the holder's feet
    assert uploads.storage.part_path(upload_id).exists()


def test_a_request_that_inherits_a_dead_process_upload_finishes_its_delivery(
    tmp_path: Path,
) -> None:
    """The holder recorded the last offset, then died before the delivery row: the next
    request for the upload, in another process, delivers it once the lease has lapsed."""
    uploads, upload_id = _expired_upload(tmp_path)
    folder = tmp_path / "staff"
    folder.mkdir(mode=0o700)
    Admin(uploads.db).generate_key(folder / "identity.txt")
    data = fake_age(1000)
    uploads.db.execute(
        'UPDATE uploads SET expires_at = ?, "offset" = length WHERE id = ?',
        (time.time() + 600, upload_id),
    )
    uploads.storage.part_path(upload_id).write_bytes(data)
    assert Leases(uploads.db, ttl=0.2, safety=0.1).try_take(lease_name(upload_id)) is not None
    time.sleep(0.3)  # the holder is dead: its lease lapses

    async def head() -> None:
        async with uploads.locks.locked(upload_id):
            pass

    asyncio.run(head())
    delivery = uploads.db.one("SELECT sha256 FROM deliveries WHERE upload_id = ?", (upload_id,))
    assert delivery is not None and delivery["sha256"] == hashlib.sha256(data).hexdigest()


def test_an_idle_expired_upload_is_expired_by_a_request(tmp_path: Path) -> None:
    """``Uploads.get`` expires a due upload no request holds (without waiting for it)."""
    uploads, upload_id = _expired_upload(tmp_path)
    user_id = uploads.db.one("SELECT user_id FROM uploads")["user_id"]  # type: ignore[index]
    with pytest.raises(ApiError) as gone:
        asyncio.run(uploads.get(upload_id, user_id))
    assert gone.value.code == "upload_expired"
    assert not uploads.storage.part_path(upload_id).exists()


def test_a_due_upload_another_process_holds_is_not_expired_by_a_request(tmp_path: Path) -> None:
    uploads, upload_id = _expired_upload(tmp_path)
    user_id = uploads.db.one("SELECT user_id FROM uploads")["user_id"]  # type: ignore[index]
    other = Leases(uploads.db).try_take(lease_name(upload_id))
    assert other is not None
    assert asyncio.run(uploads.get(upload_id, user_id))["state"] == "open"
    assert uploads.storage.part_path(upload_id).exists()


def test_a_lease_of_a_process_gone_from_this_host_is_taken_at_once(tmp_path: Path) -> None:
    """After ``kill -9`` and a restart on the same host the lease need not lapse first; a
    live process's lease (or one of another host) still must."""
    db = open_database(tmp_path)
    leases = Leases(db)
    host, _, namespace, _ = leases.owner.split(":")
    with subprocess.Popen(["sleep", "30"]) as alive:
        owners = {
            "alive": f"{host}:{alive.pid}:{namespace}:x",
            "elsewhere": f"another-host:{os.getpid() + 100000}:{namespace}:x",
            "dead": f"{host}:{_reaped_pid()}:{namespace}:x",
        }
        for name, owner in owners.items():
            db.execute(
                "INSERT INTO leases(name, owner, expires_at) VALUES (?, ?, ?)",
                (name, owner, time.time() + 600),
            )
        assert leases.try_take("alive") is None
        assert leases.try_take("elsewhere") is None
        taken = leases.try_take("dead")
        assert taken is not None and taken.inherited
        alive.kill()


def _reaped_pid() -> int:
    """The pid of a process that has exited and been reaped (gone from this host)."""
    with subprocess.Popen(["true"]) as process:
        process.wait()
    return process.pid
