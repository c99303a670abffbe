"""A staff member's computer for tests: ``noomus-staff`` run with its own HOME and app
folders (and its own keyring service in the shared test keyring), never the server's data
directory."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from noomus_desktop.staff.cli import EXIT_OK
from tests.helpers.server import RunningExtranet

STAFF_CLI = [sys.executable, "-m", "noomus_desktop.staff.cli"]
KEYRING_ENV = {"PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
NEW_PASSWORD = "bob-chose-this-one"


@dataclass
class StaffMachine:
    """A staff member's computer: its own home and app folders; the same keyring daemon (the
    staff tool keeps its entry under its own service)."""

    home: Path

    @property
    def key(self) -> Path:
        return self.home / "noomus-staff.key"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            **KEYRING_ENV,
            "HOME": str(self.home),
            "NOOMUS_HOME": str(self.home / "noomus"),
            "PYTHONUNBUFFERED": "1",
        }

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*STAFF_CLI, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            env=self.env(),
            cwd=self.home,
            check=False,
        )

    def fetch(self, *which: str, out: Path) -> subprocess.CompletedProcess[str]:
        return self.run("fetch", *which, "--identity", str(self.key), "--out", str(out))

    def new(self) -> list[str]:
        listed = self.run("list", "--new")
        assert listed.returncode == EXIT_OK, listed.stderr
        return listed.stdout.splitlines()


def staff_machine(
    server: RunningExtranet, home: Path, url: str | None = None, *, own_key: bool = True
) -> StaffMachine:
    """The staff machine makes its key (``own_key``: a coordinator registers its public part
    in place of the server's classic one; else the machine is given the server's classic
    identity, for deliveries already encrypted to it); a coordinator creates the staff
    account; the staff member signs in with the one-time password and chooses a new one."""
    home.mkdir()
    machine = StaffMachine(home)
    if own_key:
        made = machine.run("keys", "generate", "--out", str(machine.key))
        assert made.returncode == EXIT_OK, made.stderr
        recipient = made.stdout.strip()
        assert recipient.startswith("age1pq1")
        # Classic and post-quantum keys never mix: one step replaces the one with the other.
        server.admin("keys", "replace", server.recipient, "--with", recipient)
    else:
        machine.key.write_bytes(server.identity_file.read_bytes())
        machine.key.chmod(0o600)
    one_time = server.admin("staff", "add", "bob", "--name", "Bob", "--email", "b@noomus.fi")
    login = machine.run(
        "login",
        "--server",
        url or server.url,
        "--username",
        "bob",
        "--password-stdin",
        stdin=f"{one_time.strip()}\n{NEW_PASSWORD}\n",
    )
    assert login.returncode == EXIT_OK, login.stderr
    return machine
