"""Backup during an upload, then restore: the real server, ``noomus-upload`` and
``noomus-extranet backup``/``restore`` as separate processes.

A customer's 32 MiB upload crawls through a throttled link; ``noomus-extranet backup`` runs
while it does, on the live data directory. The backup is consistent (the database passes
``PRAGMA integrity_check``, every delivery's file matches its recorded size and SHA-256, the
unfinished upload's part holds its recorded offset). The client and the server then die, the
backup is restored into a new directory, and a server started there on the same port serves
the client, which resumes the upload from the offset the backup holds (behind the one it had
reached). Every delivery decrypts byte-identically with the staff identity, kept outside the
server's data directory.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from noomus_extranet.backup import load_manifest
from noomus_extranet.restore import check_data_dir
from tests.helpers import agecli
from tests.helpers.chaos import UploadCli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet
from tests.helpers.staffmachine import staff_machine

pytestmark = agecli.requires_age

MIB = 1024 * 1024
BIG = 32 * MIB
#: The backup is taken once the server has recorded this much of the big upload.
RECORDED_BEFORE_BACKUP = 6 * MIB
TIMEOUT = 120.0


def _extranet(*args: str) -> subprocess.CompletedProcess[str]:
    """``noomus-extranet ARGS`` as its own process."""
    return subprocess.run(
        [sys.executable, "-m", "noomus_extranet", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _recorded_offset(data_dir: Path) -> int:
    """The largest offset the server recorded for an unfinished upload (read like the admin
    commands do, beside the running server)."""
    conn = sqlite3.connect(data_dir / "extranet.sqlite3", timeout=30.0)
    try:
        row = conn.execute("SELECT max(offset) FROM uploads WHERE state = 'open'").fetchone()
    finally:
        conn.close()
    return int(row[0] or 0)


def _fetch_all(server: RunningExtranet, home: Path) -> dict[str, bytes]:
    """Every delivery of ``server``, fetched and decrypted with ``noomus-staff`` on a staff
    machine (the server's classic identity, which the deliveries are encrypted to)."""
    staff = staff_machine(server, home, own_key=False)
    out = home / "received"
    fetched = staff.fetch("--new", out=out)
    assert fetched.returncode == EXIT_OK, fetched.stderr
    assert staff.new() == []
    return {path.name: path.read_bytes() for path in out.rglob("*") if path.is_file()}


def test_backup_during_an_upload_restores_a_server_the_client_finishes_on(
    extranet_factory: Callable[..., RunningExtranet],
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
) -> None:
    # Offsets are recorded every MiB, so the snapshot catches the upload part-way.
    server = extranet_factory(commit_bytes=MIB)
    originals = {"early.bin": os.urandom(MIB), "big.bin": os.urandom(BIG)}
    for name, data in originals.items():
        (tmp_path / name).write_bytes(data)
    with FaultProxy(("127.0.0.1", server.port)) as link:
        client = UploadCli(link.url, ["--chunk-size", "1M"], tmp_path / "client.log")
        client.login(server.username, server.password)
        early = client.send([tmp_path / "early.bin"])
        assert early.returncode == EXIT_OK, early.stderr

        link.bandwidth = 2 * MIB  # the big file would take 16 s
        backup = tmp_path / "backup"
        sending = client.spawn("-q", "send", str(tmp_path / "big.bin"))
        try:
            link.wait_for(
                lambda: _recorded_offset(server.data_dir) >= RECORDED_BEFORE_BACKUP, TIMEOUT
            )
            taken = _extranet("--data", str(server.data_dir), "backup", "--out", str(backup))
            assert taken.returncode == 0, taken.stderr
            assert sending.poll() is None, "the upload ended before the backup did"
        finally:
            client.kill_all()
        server.kill()

        # The backup is consistent, and caught the big upload part-way.
        assert check_data_dir(backup) == []
        manifest = load_manifest(backup)
        assert len(manifest.deliveries) == 1
        [part] = manifest.uploads
        assert RECORDED_BEFORE_BACKUP <= part.size < BIG

        restored_dir = tmp_path / "restored"
        restored = _extranet("restore", str(backup), "--data", str(restored_dir))
        assert restored.returncode == 0, restored.stderr
        refused = _extranet("restore", str(backup), "--data", str(restored_dir))
        assert refused.returncode == 1 and "not an empty folder" in refused.stderr

        link.bandwidth = None
        new_server = dataclasses.replace(server, data_dir=restored_dir, process=None)
        new_server.start()
        try:
            before_resend = link.bytes_up
            again = client.send([tmp_path / "big.bin"], timeout=TIMEOUT)
            assert again.returncode == EXIT_OK, again.stderr
            # It resumed at the offset the backup holds, behind the one it had reached.
            resent = link.bytes_up - before_resend
            assert BIG - part.size <= resent < BIG - part.size + MIB, resent
            assert _fetch_all(new_server, tmp_path / "staff-pc") == originals
        finally:
            new_server.kill()
