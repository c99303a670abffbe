"""``noomus-staff`` on "another machine" (its own HOME, app folders and keyring entry, no
access to the server's data directory) against the real extranet, with a customer sending
through ``noomus-upload``: the whole path from a key made on the staff machine to files back
under their names, resumed downloads, and a swapped manifest refused."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.core.crypto import FileMetadata, encrypt_bytes, encrypt_metadata
from noomus_desktop.staff.cli import EXIT_FAILED, EXIT_OK
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.keyring import keyring_items
from tests.helpers.proc import kill9, run_cli
from tests.helpers.server import RunningExtranet
from tests.helpers.staffmachine import KEYRING_ENV, STAFF_CLI, StaffMachine, staff_machine
from tests.interop import agepty


def _send(server: RunningExtranet, *paths: Path) -> None:
    """The customer sends with ``noomus-upload`` (its own app folders)."""
    base = ["--server", server.url]
    login = run_cli(
        [*base, "login", "--username", server.username, "--password-stdin"],
        stdin=server.password + "\n",
        env=KEYRING_ENV,
    )
    assert login.returncode == 0, login.stderr
    sent = run_cli([*base, "send", *map(str, paths)], env=KEYRING_ENV)
    assert sent.returncode == 0, sent.stderr


def test_a_customer_sends_and_staff_fetch_on_another_machine(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    staff = staff_machine(extranet, tmp_path / "staff-pc")
    folder = tmp_path / "customer" / "Invoices"
    (folder / "2026").mkdir(parents=True)
    march = os.urandom(300_000)
    (folder / "march.pdf").write_bytes(march)
    (folder / "2026" / "april notes.txt").write_bytes(b"april")
    _send(extranet, folder)

    assert [line.split("\t")[1::3] for line in staff.new()] == [["alice", "new"]] * 2
    out = tmp_path / "staff-pc" / "received"
    fetched = staff.fetch("--new", out=out)
    assert fetched.returncode == EXIT_OK, fetched.stderr
    assert (out / "Invoices" / "march.pdf").read_bytes() == march
    assert (out / "Invoices" / "2026" / "april notes.txt").read_bytes() == b"april"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["april notes.txt", "march.pdf"]
    assert staff.new() == []
    assert all(line.split("\t")[4] != "new" for line in staff.run("list").stdout.splitlines())
    # Fetched, then purged once the (shortened) retention time has passed: rows and files.
    inbox = extranet.data_dir / "inbox"
    assert len(list(inbox.rglob("*.age"))) == 2
    extranet.admin("retention", "--after-fetch", "1s")
    time.sleep(1.1)
    extranet.admin("purge")
    assert list(inbox.rglob("*.age")) == []
    assert staff.run("list").stdout.strip() == ""
    # Both sign-ins coexist in one keyring, each under its own service.
    services = {(service, user.split(" @ ")[0]) for service, user in keyring_items()}
    assert {("Noomus Staff", "bob"), ("Noomus Desktop", "alice")} <= services
    assert staff.run("logout").returncode == EXIT_OK
    assert ("Noomus Staff", "bob") not in {
        (service, user.split(" @ ")[0]) for service, user in keyring_items()
    }
    again = staff.run("list")
    assert again.returncode == EXIT_FAILED and "noomus-staff login" in again.stderr


def test_an_interrupted_download_resumes_from_its_part_file(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        staff = staff_machine(extranet, tmp_path / "staff-pc", proxy.url)
        big = tmp_path / "big.bin"
        big.write_bytes(os.urandom(3_000_000))
        _send(extranet, big)
        out = tmp_path / "staff-pc" / "received"
        part = out / "delivery-1.age.part"
        proxy.bandwidth = 400_000
        log = tmp_path / "fetch.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*STAFF_CLI, "fetch", "1", "--identity", str(staff.key), "--out", str(out)],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=staff.env(),
            )
        try:
            deadline = time.monotonic() + 30
            while not (part.exists() and part.stat().st_size > 600_000):
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the download did not start"
                time.sleep(0.02)
        finally:
            kill9(process)
        held = part.stat().st_size
        assert 0 < held < 3_000_000
        assert part.stat().st_mode & 0o777 == 0o600
        proxy.bandwidth = None
        before = proxy.bytes_down
        resumed = staff.fetch("1", out=out)
        assert resumed.returncode == EXIT_OK, resumed.stderr
    assert (out / "big.bin").read_bytes() == big.read_bytes()
    assert not part.exists()
    assert proxy.bytes_down - before < 3_000_000 - held + 200_000  # only the rest came
    access = "".join(p.read_text() for p in (extranet.data_dir / "logs").glob("access*"))
    assert any("/ciphertext" in line and " 206 " in line for line in access.splitlines())


def test_a_swapped_manifest_keeps_the_neutral_name_and_the_delivery_new(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    staff = staff_machine(extranet, tmp_path / "staff-pc")
    (tmp_path / "payroll.xlsx").write_bytes(b"payroll")
    (tmp_path / "invoice.pdf").write_bytes(b"invoice")
    _send(extranet, tmp_path / "payroll.xlsx", tmp_path / "invoice.pdf")
    with sqlite3.connect(extranet.data_dir / "extranet.sqlite3") as db:
        rows = db.execute("SELECT id, metadata FROM deliveries ORDER BY id").fetchall()
        db.execute("UPDATE deliveries SET metadata = ? WHERE id = ?", (rows[0][1], rows[1][0]))
    out = tmp_path / "staff-pc" / "received"
    fetched = staff.fetch(str(rows[1][0]), out=out)
    assert fetched.returncode == EXIT_FAILED
    assert "manifest does not match" in fetched.stderr and "NOT marked fetched" in fetched.stderr
    neutral = out / f"delivery-{rows[1][0]}.bin"
    assert [p.name for p in out.iterdir()] == [neutral.name]
    assert neutral.read_bytes() in {b"payroll", b"invoice"}
    assert [line.split("\t")[0] for line in staff.new()] == [str(r[0]) for r in rows]


def _open(
    machine: StaffMachine, ciphertext: bytes, out: Path, manifest: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    (machine.home / "copied.age").write_bytes(ciphertext)
    extra: Sequence[str] = ()
    if manifest is not None:
        (machine.home / "manifest").write_bytes(manifest)
        extra = ("--manifest", str(machine.home / "manifest"))
    return machine.run(
        "open", "copied.age", *extra, "--identity", str(machine.key), "--out", str(out)
    )


def test_generated_keys_open_what_is_encrypted_to_them(tmp_path: Path) -> None:
    machine = StaffMachine(tmp_path)
    made = machine.run("keys", "generate")
    recipient = made.stdout.strip()
    assert made.returncode == EXIT_OK and recipient.startswith("age1pq1")
    assert machine.key.stat().st_mode & 0o777 == 0o600
    assert machine.run("keys", "generate").returncode == EXIT_FAILED  # never overwritten
    assert machine.key.read_text().count("AGE-SECRET-KEY-PQ-1") == 1
    data = os.urandom(5000)
    meta = FileMetadata(
        "plan.odt", "Board/plan.odt", len(data), 0, hashlib.sha256(data).hexdigest()
    )
    opened = _open(
        machine,
        encrypt_bytes(data, [recipient]),
        tmp_path / "out",
        encrypt_metadata(meta, recipient),
    )
    assert opened.returncode == EXIT_OK, opened.stderr
    assert (tmp_path / "out" / "Board" / "plan.odt").read_bytes() == data


@agecli.requires_age
def test_a_classic_key_opens_what_the_stock_age_cli_encrypts(tmp_path: Path) -> None:
    machine = StaffMachine(tmp_path)
    made = machine.run("keys", "generate", "--classic")
    recipient = made.stdout.strip()
    assert recipient.startswith("age1") and not recipient.startswith("age1pq1")
    opened = _open(machine, agecli.encrypt(b"from age 1.1", [recipient]), tmp_path / "out")
    assert opened.returncode == EXIT_OK, opened.stderr
    assert (tmp_path / "out" / "copied").read_bytes() == b"from age 1.1"


@agecli.requires_age
def test_a_passphrase_protected_identity_opens_and_a_wrong_passphrase_says_so(
    tmp_path: Path,
) -> None:
    """``keys generate --protect`` (typed on a terminal, as a person would) makes a file the
    stock ``age -d`` opens with the passphrase; ``open`` asks for it, and a wrong one gets a
    plain sentence, not a traceback."""
    staff = [*STAFF_CLI[:1], "-m", "noomus_desktop.staff.cli"]
    key = tmp_path / "protected.key"
    code, screen = agepty.run(
        ["keys", "generate", "--classic", "--protect", "--out", str(key)],
        "a long staff passphrase",
        program=staff,
    )
    assert code == EXIT_OK, screen
    assert key.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert b"AGE-SECRET-KEY" not in key.read_bytes()
    recipient = screen.decode().split("age1", 1)[1].split()[0]
    plain = tmp_path / "plain.key"
    code, screen = agepty.run(
        ["-d", "-o", str(plain), str(key)], "a long staff passphrase"
    )  # the stock CLI opens it too
    assert code == 0, screen
    assert f"age1{recipient}" in plain.read_text()

    sealed = tmp_path / "copied.age"
    sealed.write_bytes(agecli.encrypt(b"behind a passphrase", [f"age1{recipient}"]))
    opened = [str(sealed), "--identity", str(key), "--out", str(tmp_path / "out")]
    code, screen = agepty.run(["open", *opened], "a long staff passphrase", program=staff)
    assert code == EXIT_OK, screen
    assert (tmp_path / "out" / "copied").read_bytes() == b"behind a passphrase"
    code, screen = agepty.run(["open", *opened], "not the passphrase", program=staff)
    assert code == EXIT_FAILED
    assert b"The passphrase is wrong" in screen and b"Traceback" not in screen
