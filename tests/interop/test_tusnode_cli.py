"""``noomus-upload --tus-endpoint`` against @tus/server, checked with the stock ``age`` CLI.

Includes the crash case: ``noomus-upload`` SIGKILLed in the middle of a large upload, run
again, resumes from the server's offset; the server's own PATCH log shows that at most one
PATCH's worth of bytes was sent again.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from noomus_desktop.cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from noomus_desktop.core.engine import MANIFEST_FOR_KEY
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.proc import background_cli, kill9, run_cli
from tests.helpers.tusnode import RunningTusNode

pytestmark = agecli.requires_age

FULL = os.environ.get("NOOMUS_FULL") == "1"


def _uploads(server: RunningTusNode) -> list[Path]:
    """The data uploads: not the manifests (delivery format 2: on a plain tus server each
    manifest that does not travel in its upload's creation metadata is its own upload)."""
    return sorted(
        info.with_suffix("")
        for info in server.directory.glob("*.json")
        if MANIFEST_FOR_KEY not in json.loads(info.read_text())["metadata"]
    )


def test_send_delivers_files_age_decrypts(tus_node: RunningTusNode, tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    folder = tmp_path / "drop"
    folder.mkdir()
    contents = {"a.txt": b"alpha\n", "b.bin": os.urandom(300_000), "empty": b""}
    for name, data in contents.items():
        (folder / name).write_bytes(data)

    args = ["--tus-endpoint", tus_node.endpoint, "--recipient", recipient, "--chunk-size", "128K"]
    result = run_cli([*args, "send", str(folder)])
    assert result.returncode == EXIT_OK, result.stderr
    assert sorted(result.stdout.splitlines()) == [f"delivered: drop/{n}" for n in sorted(contents)]
    decrypted = sorted(agecli.decrypt(p.read_bytes(), key) for p in _uploads(tus_node))
    assert decrypted == sorted(contents.values())

    status = run_cli(["status"])
    assert status.returncode == EXIT_OK
    assert all(f"Delivered and verified  100%  drop/{n}" in status.stdout for n in contents)
    history = run_cli(["history"]).stdout
    assert all(f"drop/{n}" in history for n in contents)

    # Running the same command again does not deliver the unchanged files twice...
    rerun = run_cli([*args, "send", str(folder)])
    assert rerun.returncode == EXIT_OK and rerun.stdout == ""
    assert rerun.stderr.count("already delivered") == len(contents)
    assert len(_uploads(tus_node)) == len(contents)
    # ... unless asked to.
    assert run_cli([*args, "send", "--again", str(folder / "a.txt")]).returncode == EXIT_OK
    assert len(_uploads(tus_node)) == len(contents) + 1


def test_usage_errors_exit_2(tus_node: RunningTusNode, tmp_path: Path) -> None:
    no_recipient = run_cli(["--tus-endpoint", tus_node.endpoint, "send", str(tmp_path)])
    assert no_recipient.returncode == EXIT_USAGE and "--recipient" in no_recipient.stderr
    bad_recipient = run_cli(
        ["--tus-endpoint", tus_node.endpoint, "--recipient", "age1nope", "send", str(tmp_path)]
    )
    assert bad_recipient.returncode == EXIT_USAGE
    assert run_cli(["send"]).returncode == EXIT_USAGE
    missing = run_cli(
        ["--tus-endpoint", tus_node.endpoint, "--recipient", "x", "send", str(tmp_path / "no")]
    )
    assert missing.returncode == EXIT_USAGE
    assert "130" in run_cli(["--help"]).stdout


def test_sigkill_mid_upload_then_resume(tus_node: RunningTusNode, tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    size = (200 if FULL else 24) * 1024 * 1024
    chunk = 1024 * 1024
    big = tmp_path / "big.bin"
    with big.open("wb") as file:
        for _ in range(size // chunk):
            file.write(os.urandom(chunk))

    with FaultProxy(("127.0.0.1", tus_node.port)) as proxy:
        proxy.bandwidth = size // 4  # the whole file would take about four seconds
        args = [
            "--tus-endpoint",
            proxy.url + "/files/",
            "--recipient",
            recipient,
            "--chunk-size",
            str(chunk),
            "send",
            str(big),
        ]
        with background_cli(args, tmp_path / "first.log") as first:
            deadline = time.monotonic() + 60
            while len(tus_node.patch_offsets()) < 4:
                assert first.poll() is None, (tmp_path / "first.log").read_text()
                assert time.monotonic() < deadline, "the upload never got going"
                time.sleep(0.02)
            kill9(first)
        before = tus_node.patch_offsets()
        proxy.bandwidth = None
        second = run_cli(args)
    assert second.returncode == EXIT_OK, second.stderr
    after = tus_node.patch_offsets()[len(before) :]
    (upload,) = _uploads(tus_node)  # resumed: no second upload was created
    assert {u for u, _ in before + after} == {upload.name}
    # The restarted run begins where the server stopped, never before the interrupted PATCH.
    assert after[0][1] >= before[-1][1] > 0
    assert agecli.decrypt(upload.read_bytes(), key) == big.read_bytes()


def test_extra_headers_are_sent(tus_node: RunningTusNode, tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    (tmp_path / "f.txt").write_text("with header")
    result = run_cli(
        [
            "--tus-endpoint",
            tus_node.endpoint,
            "--recipient",
            recipient,
            "--header",
            "Authorization: Bearer abc",
            "send",
            str(tmp_path / "f.txt"),
        ]
    )
    assert result.returncode == EXIT_OK, result.stderr
    # Every request carries it (creation, then the PATCH that completes the upload).
    sent = [r.get("authorization") for r in tus_node.requests()]
    assert len(sent) >= 2 and set(sent) == {"Bearer abc"}
    (upload,) = _uploads(tus_node)
    assert agecli.decrypt(upload.read_bytes(), key) == b"with header"


def test_ctrl_c_stops_promptly_with_130_and_resumes(
    tus_node: RunningTusNode, tmp_path: Path
) -> None:
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    data = os.urandom(8 * 1024 * 1024)
    (tmp_path / "f.bin").write_bytes(data)
    with FaultProxy(("127.0.0.1", tus_node.port)) as proxy:
        proxy.bandwidth = 1024 * 1024
        args = [
            "--tus-endpoint",
            proxy.url + "/files/",
            "--recipient",
            recipient,
            "send",
            str(tmp_path / "f.bin"),
        ]
        with background_cli(args, tmp_path / "first.log") as first:
            deadline = time.monotonic() + 60
            while proxy.bytes_up < 1024 * 1024:
                assert first.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
            first.send_signal(signal.SIGINT)
            assert first.wait(timeout=30) == EXIT_INTERRUPTED
        assert "run the same command again" in (tmp_path / "first.log").read_text()
        proxy.bandwidth = None
        second = run_cli(args)
    assert second.returncode == EXIT_OK, second.stderr
    (upload,) = _uploads(tus_node)
    assert agecli.decrypt(upload.read_bytes(), key) == data
