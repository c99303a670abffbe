"""Review of issue 20 (attack): the same-host shortcut of ``leases.gone`` must not take the
lease of a live process on another machine.

``gone`` calls a lease's owner "of this host" when its ``host:namespace`` equals this
process's: the host name and the inode of ``/proc/self/ns/pid``. Neither tells machines
apart: host names repeat (cloned virtual machines, images that keep ``localhost`` or
``debian``, containers given one ``hostname:``), and the initial PID namespace has the same
inode on every Linux kernel (``PROC_PID_INIT_INO``, 0xEFFFFFFC = 4026531836). A process on
such a machine, alive and writing, has a pid that does not exist here, so ``os.kill`` says
"gone" and its upload is taken over at once: two processes write one upload.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from noomus_extranet import leases
from noomus_extranet.admin import open_database
from noomus_extranet.leases import LEASE_TTL, Leases

#: A pid above the kernel's largest (``pid_max`` is at most 2**22): no process here has it.
NOT_HERE = 2**22 + 17


def test_a_live_process_of_another_machine_with_the_same_host_name_keeps_its_lease(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path)
    mine = Leases(db)
    # What ``process_owner()`` writes on another machine with this host name, in a PID
    # namespace of the same inode (the initial one's is the same on every Linux kernel), for
    # a live process whose lease has 10 minutes left.
    namespace = Path("/proc/self/ns/pid").stat().st_ino
    elsewhere = f"{socket.gethostname()}:{NOT_HERE}:{namespace}:0a1b2c3d"
    db.execute(
        "INSERT INTO leases(name, owner, expires_at) VALUES (?, ?, ?)",
        ("upload/x", elsewhere, time.time() + 600),
    )
    assert mine.try_take("upload/x") is None


def test_a_wall_clock_step_on_the_host_does_not_make_two_holders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other processes judge a lease by the wall clock; its holder only by its monotonic one.
    When the host's wall clock steps forward (``date -s``, chrony's ``makestep``, a virtual
    machine resumed), another process of the same host takes the lease over at once while the
    holder still trusts it for up to ``LEASE_TTL - SAFETY`` seconds and keeps writing (its next
    look at the row comes up to a second later, and blocks in flight are not re-checked)."""
    db = open_database(tmp_path)
    holder, other = Leases(db), Leases(db)
    hold = holder.try_take("upload/x")
    assert hold is not None
    stepped = time.time() + LEASE_TTL + 1
    monkeypatch.setattr(leases, "now", lambda: stepped)  # the one wall clock of this host
    taken = other.try_take("upload/x")
    assert taken is not None  # the row says the lease lapsed: right, by the wall clock
    assert not hold.valid(), "two processes hold upload/x and both may write it"
