"""The shipping app's path to the server: the window sends through ``Destination.noomus``.

The CLI and the engine's integration tests build their destination with
``Destination.noomus``; the GUI once had its own copy of it, so the path the installed app
takes was covered by no test. Here the app signs in as a user would and delivers a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from noomus_desktop.core.destination import Destination
from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui.controller import AppController
from tests.gui.conftest import sign_in
from tests.gui.test_queue import drop
from tests.helpers import agecli
from tests.helpers.server import RunningExtranet
from tests.integration.test_account_session import access_log_count

Factory = Callable[..., AppController]

pytestmark = agecli.requires_age


def test_the_window_sends_through_the_core_noomus_destination(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    controller = make_controller(extranet.url)
    sign_in(qtbot, controller, extranet)
    destination = controller.destination
    assert destination is not None
    # The pin check (recipients) and the delivery verifier are the core's own functions,
    # not look-alikes: a copy would be another function and could drift unnoticed.
    core = Destination.noomus(controller.account)
    assert destination.recipients.__qualname__ == core.recipients.__qualname__
    assert destination.verifier is not None and core.verifier is not None
    assert destination.verifier.__qualname__ == core.verifier.__qualname__
    assert (destination.uploads_url, destination.auth, destination.label) == (
        core.uploads_url,
        core.auth,
        core.label,
    )

    sent = tmp_path / "invoice.pdf"
    sent.write_bytes(b"%PDF pretend invoice " * 3000)
    drop(controller.window.drop_zone, [sent])
    qtbot.waitUntil(
        lambda: (
            controller.model.rowCount() == 1
            and controller.model.row_at(0).state is TransferState.DONE
        ),
        timeout=30_000,
    )

    assert controller.engine is not None
    (record,) = controller.engine.snapshot()
    assert record.delivery_id is not None and record.upload_url is not None
    # "Done" came from the server's delivery record (the verifier asked for it) ...
    assert access_log_count(extranet, "GET", f"/api/v1/deliveries/{record.delivery_id}") == 1
    # ... and the file was encrypted to the staff key the pin check let through.
    upload_id = record.upload_url.rstrip("/").rsplit("/", 1)[-1]
    (stored,) = extranet.data_dir.glob(f"inbox/*/{upload_id}.age")
    assert agecli.decrypt(stored.read_bytes(), extranet.identity_file) == sent.read_bytes()
