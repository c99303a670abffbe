"""``noomus-upload status`` says what the window says: who is signed in ("Signed in as NAME
(COMPANY)" / "Not signed in"), the transfers waiting for a sign-in, and the files not sent by
name, in the user's language (the window's sentences, by their codes). Real processes, the
real extranet, the test's private gnome-keyring, a real queue database."""

from __future__ import annotations

from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop import messages
from noomus_desktop.cli import EXIT_OK
from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile
from noomus_desktop.i18n import Catalogue
from tests.helpers.proc import run_cli
from tests.helpers.server import RunningExtranet
from tests.integration.test_cli_extranet import KEYRING_ENV
from tests.integration.test_cli_language import FINNISH

#: (name, state, error code) of the queued transfers to the server.
ROWS = [
    ("waiting.pdf", TransferState.PAUSED, None),
    ("contract.pdf", TransferState.FAILED, "file_changed"),
    ("sent.pdf", TransferState.DONE, None),
]


def _queue(folder: Path, destination: str) -> None:
    store = TransferStore()
    try:
        files = [ScannedFile(str(folder / name), name, 10, 0) for name, _s, _c in ROWS]
        records = store.add("batch", destination, files)
        for record, (_name, state, code) in zip(records, ROWS, strict=True):
            store.update(record.id, state=state, offset=5, error_code=code)
    finally:
        store.close()


def _status(server: RunningExtranet) -> list[str]:
    status = run_cli(["--server", server.url, "status"], env={**KEYRING_ENV, **FINNISH})
    assert status.returncode == EXIT_OK, status.stderr
    return status.stdout.splitlines()


def _row(lines: list[str], name: str) -> str:
    [line] = [line for line in lines if line.endswith(f"  {name}") or f"  {name}  (" in line]
    return line


def test_status_says_who_is_signed_in_what_waits_and_what_was_not_sent(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    fi = Catalogue("fi").translate
    _queue(tmp_path, f"{extranet.url}/api/v1/uploads/")

    signed_out = _status(extranet)
    assert signed_out[0] == messages.account_text(None, translate=fi)
    waiting = messages.waiting_for_sign_in_text(fi)
    assert waiting != messages.waiting_for_sign_in_text()  # said in Finnish
    assert waiting in _row(signed_out, "waiting.pdf")
    failed = messages.row_state_text(TransferState.FAILED, "file_changed", fi)
    assert failed in _row(signed_out, "contract.pdf")  # finished: not waiting for anything
    assert messages.error_text("file_changed", fi) in _row(signed_out, "contract.pdf")
    assert signed_out[-1].endswith(": contract.pdf")  # the files not sent, by name
    assert signed_out[-1] != "1 file(s) could not be sent: contract.pdf"

    login = run_cli(
        ["--server", extranet.url, "login", "--username", "alice", "--password-stdin"],
        stdin=extranet.password + "\n",
        env=KEYRING_ENV,
    )
    assert login.returncode == EXIT_OK, login.stderr
    signed_in = _status(extranet)
    assert signed_in[0] == messages.account_text("Alice Tester", "Test Company", fi)
    assert signed_in[0] != messages.account_text("Alice Tester", "Test Company")
    paused = messages.row_state_text(TransferState.PAUSED, None, fi)
    assert paused in _row(signed_in, "waiting.pdf") and waiting not in signed_in[1]
    assert signed_in[-1] == signed_out[-1]
