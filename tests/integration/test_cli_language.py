"""``noomus-upload`` speaks the user's language: states and errors in the window's sentences.

Real processes: the CLI runs as a child with ``LANGUAGE=fi`` over a real queue database and a
port where no server listens. What it prints must be the Finnish sentences of the codes, never
the queue's state names or the core's English messages.
"""

from __future__ import annotations

from pathlib import Path

from noomus_desktop import messages
from noomus_desktop.cli import EXIT_FAILED, EXIT_OK
from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile
from noomus_desktop.i18n import Catalogue
from tests.helpers.proc import run_cli

FINNISH = {"LANGUAGE": "fi", "LANG": "fi_FI.UTF-8", "LC_ALL": ""}
#: English the core stores with a failed or retrying transfer (shown raw before).
CORE_ENGLISH = "file changed during upload (size 5 -> 6)"
#: Rows in several states: (state, error code).
ROWS = [
    (TransferState.QUEUED, None),
    (TransferState.UPLOADING, None),
    (TransferState.PAUSED, None),
    (TransferState.RETRYING, "offline"),
    (TransferState.FAILED, "file_changed"),
    (TransferState.DONE, None),
]


def _queue(folder: Path) -> None:
    store = TransferStore()
    try:
        files = [
            ScannedFile(str(folder / f"f{i}.txt"), f"f{i}.txt", 10, 0) for i in range(len(ROWS))
        ]
        records = store.add("batch", "noomus", files)
        for record, (state, code) in zip(records, ROWS, strict=True):
            store.update(
                record.id,
                state=state,
                offset=5,
                error_code=code,
                error_message=CORE_ENGLISH if code else None,
            )
    finally:
        store.close()


def test_status_says_states_and_reasons_in_finnish(tmp_path: Path) -> None:
    _queue(tmp_path)
    status = run_cli(["status"], env=FINNISH)
    assert status.returncode == EXIT_OK, status.stderr
    finnish = Catalogue("fi").translate
    for state, code in ROWS:
        said = messages.row_state_text(state, code, finnish)
        assert said != messages.row_state_text(state, code), f"{state} has no Finnish text"
        assert said in status.stdout
        if code:
            assert messages.error_text(code, finnish) in status.stdout
    words = status.stdout.replace(str(tmp_path), "").split()
    raw = {state.value for state in TransferState} | {state.name for state in TransferState}
    assert not raw & set(words), status.stdout
    assert CORE_ENGLISH not in status.stdout


def test_an_unreachable_server_is_said_in_finnish() -> None:
    login = run_cli(
        ["--server", "http://127.0.0.1:1", "login", "--username", "x", "--password-stdin"],
        stdin="not-the-password\n",
        env=FINNISH,
    )
    assert login.returncode == EXIT_FAILED
    finnish = Catalogue("fi").translate
    assert login.stderr.strip() == "noomus-upload: " + messages.error_text("offline", finnish)
