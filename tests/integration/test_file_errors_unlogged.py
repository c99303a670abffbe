"""A file that becomes unreadable while it is sent fails its transfer with a named problem,
its path (customer data: folder and file names) reaches no log, and its plan (the file key)
is deleted as the transfer settles."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from noomus_desktop.core import paths
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferState
from tests.helpers.recorder import running_engine, wait_until
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import _signed_in, slow_link  # noqa: F401
from tests.integration.test_retry_policy import COMPRESSED

FOLDER = "Merger with Acme (confidential)"


def test_a_folder_gone_mid_send_is_a_file_problem_and_its_path_is_not_logged(
    extranet: RunningExtranet,
    slow_link: object,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The file's folder is replaced by a plain file mid-send, so checking the file raises
    an ``OSError`` naming it (``NotADirectoryError`` here; ``PermissionError`` when a folder
    is locked, which needs a user other than root to reproduce)."""
    caplog.set_level(logging.DEBUG)
    folder = tmp_path / FOLDER
    folder.mkdir()
    path = folder / "terms.bin"
    path.write_bytes(os.urandom(4 * 1024 * 1024))
    account = _signed_in(slow_link.url, extranet)  # type: ignore[attr-defined]
    with running_engine(Destination.noomus(account), COMPRESSED) as (engine, seen):
        engine.add_paths([str(path)])
        wait_until(lambda: any(p[1] > 512 * 1024 for p in seen.progress))
        assert list(paths.data_dir().rglob("*.plan"))  # the upload exists, and its plan
        folder.rename(tmp_path / "moved")
        folder.write_bytes(b"not a folder any more")
        assert engine.wait_idle(30)
        record = engine.snapshot()[0]
    account.close()
    assert record.state is TransferState.FAILED
    assert record.error_code == "file_unreadable", record
    assert FOLDER not in caplog.text
    assert str(tmp_path) not in caplog.text
    assert not list(paths.data_dir().rglob("*.plan"))
