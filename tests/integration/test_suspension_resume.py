"""After a suspension ends, what it paused resumes by itself; what the user paused does not.

The real extranet, suspended and resumed with its admin command while an upload is under way
(``noomus-extranet service suspend`` / ``resume``); nobody presses "Resume all".
"""

from __future__ import annotations

import os
from pathlib import Path

from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferState
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.recorder import running_engine, wait_until
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import _delivered, _signed_in, slow_link

pytestmark = agecli.requires_age
__all__ = ["slow_link"]  # the fixture, imported for this module's tests


def test_transfers_paused_by_a_suspension_resume_by_themselves_when_it_ends(
    extranet: RunningExtranet, slow_link: FaultProxy, tmp_path: Path
) -> None:
    sending, kept = tmp_path / "sending.bin", tmp_path / "kept.bin"
    sending.write_bytes(os.urandom(3 * 1024 * 1024))
    kept.write_bytes(os.urandom(100_000))
    account = _signed_in(slow_link.url, extranet)
    with running_engine(Destination.noomus(account)) as (engine, seen):
        engine.add_paths([str(kept)])
        wait_until(lambda: bool(engine.snapshot()))
        engine.pause(engine.snapshot()[0].id)  # the user's own pause, before anything else
        wait_until(lambda: engine.snapshot()[0].state is TransferState.PAUSED)
        engine.add_paths([str(sending)])
        wait_until(lambda: any(p[1] > 300_000 for p in seen.progress))
        extranet.admin("service", "suspend")
        assert engine.wait_idle(60)
        paused = {r.path: r for r in engine.snapshot()}
        extranet.admin("service", "resume")
        wait_until(
            lambda: any(
                r.path == str(sending) and r.state is TransferState.DONE for r in engine.snapshot()
            )
        )
        after = {r.path: r for r in engine.snapshot()}
    account.close()
    assert [code for code, _ in seen.attention] == ["service_suspended"]
    assert seen.cleared == ["service_suspended"]  # the faces can drop their warning
    assert paused[str(sending)].state is TransferState.PAUSED
    assert agecli.decrypt(_delivered(extranet, after[str(sending)]), extranet.identity_file) == (
        sending.read_bytes()
    )
    assert after[str(kept)].state is TransferState.PAUSED  # the user's pause stands
