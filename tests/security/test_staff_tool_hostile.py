"""``noomus-staff`` as the victim of a hostile server or a hostile output folder (invariant 4:
nothing from the network is trusted). A real extranet behind a proxy that rewrites its answers,
and the real tool in its own process on "another machine": whatever the server sends, the tool
writes no more than the delivery's listed size, never pages through a listing forever, and
never follows a symbolic link planted where it keeps a download."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.staff.cli import EXIT_FAILED, EXIT_OK
from tests.helpers.hostileproxy import Answer, HostileProxy
from tests.helpers.server import RunningExtranet
from tests.helpers.staffmachine import STAFF_CLI, StaffMachine, staff_machine
from tests.integration.test_staff_tool import _send


def _listed_size(server: RunningExtranet, delivery_id: int) -> int:
    [row] = server.sql("SELECT size FROM deliveries WHERE id = ?", (delivery_id,))
    return int(row[0])


@contextlib.contextmanager
def _behind_a_proxy(
    server: RunningExtranet, tmp_path: Path, report: bytes
) -> Iterator[tuple[HostileProxy, StaffMachine]]:
    """A hostile proxy before ``server``, a staff machine signed in through it, and delivery 1:
    ``report.pdf`` holding ``report``, sent by the customer."""
    with HostileProxy(server.url) as proxy:
        staff = staff_machine(server, tmp_path / "staff-pc", proxy.url)
        (tmp_path / "report.pdf").write_bytes(report)
        _send(server, tmp_path / "report.pdf")
        yield proxy, staff


def _padded(answer: Answer) -> Answer:
    """The real ciphertext, then a megabyte more than the listing says it has."""
    status, headers, body = answer
    return status, headers, body + os.urandom(1_000_000)


def test_bytes_past_the_listed_size_are_never_written(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    report = os.urandom(200_000)
    with _behind_a_proxy(extranet, tmp_path, report) as (proxy, staff):
        out = tmp_path / "staff-pc" / "received"
        proxy.tamper_with, proxy.tamper = re.compile(r"/ciphertext$"), _padded
        refused = staff.fetch("1", out=out)
        assert refused.returncode == EXIT_FAILED, refused.stdout
        assert "not what Noomus Desktop expects" in refused.stderr, refused.stderr
        part = out / "delivery-1.age.part"
        assert part.stat().st_size == _listed_size(extranet, 1)
        # What was kept is the real ciphertext: the next run needs no download at all.
        proxy.tamper_with = None
        asked = len(proxy.requests)
        again = staff.fetch("1", out=out)
    assert again.returncode == EXIT_OK, again.stderr
    assert (out / "report.pdf").read_bytes() == report
    assert not any(p.endswith("/ciphertext") for _, p in proxy.requests[asked:])


def test_a_listing_whose_next_page_never_moves_on_is_refused(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    with _behind_a_proxy(extranet, tmp_path, b"a") as (proxy, staff):
        proxy.lie_about = re.compile(r"/staff/deliveries\?")
        proxy.lie = lambda page: {**page, "next_after": 0}  # "ask again from the start"
        listed = subprocess.run(
            [*STAFF_CLI, "list"],
            capture_output=True,
            text=True,
            timeout=30,  # without the check it pages (and grows) forever
            env=staff.env(),
            check=False,
        )
    assert listed.returncode == EXIT_FAILED, listed.stdout
    assert "not what Noomus Desktop expects" in listed.stderr
    assert listed.stdout == ""


def test_a_part_file_that_is_a_symlink_is_not_followed(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    staff = staff_machine(extranet, tmp_path / "staff-pc")
    (tmp_path / "a.txt").write_bytes(os.urandom(50_000))
    _send(extranet, tmp_path / "a.txt")
    out = tmp_path / "shared-folder"
    out.mkdir()
    victim = tmp_path / "authorized_keys"
    victim.write_bytes(b"ssh-ed25519 AAAA... the victim's own line\n")
    (out / "delivery-1.age.part").symlink_to(victim)
    fetched = staff.fetch("1", out=out)
    assert fetched.returncode == EXIT_FAILED
    assert "could not be saved in the output folder" in fetched.stderr, fetched.stderr
    assert victim.read_bytes() == b"ssh-ed25519 AAAA... the victim's own line\n"
    assert (out / "delivery-1.age.part").is_symlink()


def _huge(answer: Answer) -> Answer:
    status, headers, body = answer
    return status, headers, body + bytes(200_000_000)


#: ``noomus-staff``, which says its own peak memory as it exits. Its ``VmHWM`` is that of the
#: program itself: the ``ru_maxrss`` that ``wait4`` gives a parent keeps the high-water mark
#: of the process it was forked from (a big test worker), however little the tool used.
_MEASURED_STAFF_CLI = [
    STAFF_CLI[0],
    "-c",
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    print('VmHWM', status.split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "sys.argv[0] = 'noomus-staff'\n"
    "runpy.run_module('noomus_desktop.staff.cli', run_name='__main__')\n",
]


def test_a_huge_manifest_is_not_held_in_memory(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    with _behind_a_proxy(extranet, tmp_path, b"a") as (proxy, staff):
        proxy.tamper_with, proxy.tamper = re.compile(r"/manifest$"), _huge
        out = tmp_path / "staff-pc" / "received"
        fetched = subprocess.run(
            [*_MEASURED_STAFF_CLI, "fetch", "1", "--identity", str(staff.key), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=staff.env(),
            timeout=120,
            check=False,
        )
    assert fetched.returncode == EXIT_FAILED
    assert "manifest is damaged or not a Noomus manifest" in fetched.stderr, fetched.stderr
    peak = int(re.findall(r"^VmHWM (\d+)$", fetched.stderr, re.MULTILINE)[-1])
    assert peak < 150_000  # KiB (a fetch alone peaks near 50 MB): the 200 MB are not held
    assert not list(out.glob("*.pdf")) and proxy.tampered


def _inbox_file(server: RunningExtranet) -> Path:
    (found,) = (server.data_dir / "inbox").rglob("*.age")
    return found


def test_a_whole_answer_to_a_resume_starts_over_and_a_wrong_range_is_refused(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    """Resuming from a ``.part`` of 1000 bytes: a server that sends the whole file with 200
    is not appended to the part (the result would be 1000 bytes too long and spliced), and a
    206 whose ``Content-Range`` starts elsewhere is refused without touching the part."""
    report = os.urandom(300_000)
    with _behind_a_proxy(extranet, tmp_path, report) as (proxy, staff):
        ciphertext = _inbox_file(extranet).read_bytes()
        out = tmp_path / "staff-pc" / "received"
        out.mkdir(mode=0o700)
        part = out / "delivery-1.age.part"
        part.write_bytes(ciphertext[:1000])

        def elsewhere(answer: Answer) -> Answer:
            status, headers, body = answer
            kept = [(k, v) for k, v in headers if k.lower() != "content-range"]
            return status, [*kept, ("Content-Range", f"bytes 0-998999/{len(ciphertext)}")], body

        proxy.tamper_with, proxy.tamper = re.compile(r"/ciphertext$"), elsewhere
        refused = staff.fetch("1", out=out)
        assert refused.returncode == EXIT_FAILED
        assert "not what Noomus Desktop expects" in refused.stderr, refused.stderr
        assert part.read_bytes() == ciphertext[:1000]

        def whole(answer: Answer) -> Answer:
            _, headers, _ = answer
            kept = [(k, v) for k, v in headers if k.lower() != "content-range"]
            return 200, kept, ciphertext

        proxy.tamper = whole
        fetched = staff.fetch("1", out=out)
    assert fetched.returncode == EXIT_OK, fetched.stderr
    assert (out / "report.pdf").read_bytes() == report
    assert proxy.tampered and not part.exists()


def test_a_listing_with_terminal_escapes_prints_them_inert(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    """A customer ID (or a time) with escapes, a newline and a tab would clear the staff
    member's screen or forge a row of ``list``: each is printed as a visible escape."""
    hostile = "\x1b[2J\x1b[Halice\n99\tmallory\u202e"
    with _behind_a_proxy(extranet, tmp_path, b"a") as (proxy, staff):
        proxy.lie_about = re.compile(r"/staff/deliveries\?")
        proxy.lie = lambda page: {
            **page,
            "deliveries": [
                {**d, "username": hostile, "received_at": "\x07now"} for d in page["deliveries"]
            ],
        }
        listed = staff.run("list")
    assert listed.returncode == EXIT_OK, listed.stderr
    (row,) = listed.stdout.splitlines()
    assert row.split("\t")[:3] == [
        "1",
        "\\x1b[2J\\x1b[Halice\\x0a99\\x09mallory\\u202e",
        "\\x07now",
    ]
    assert not any(c in listed.stdout for c in "\x1b\x07\u202e")


def test_a_delivery_purged_meanwhile_is_named_and_the_others_are_still_fetched(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    """``fetch 1 2 3``: delivery 1 is purged while its ciphertext is on the way, 3 never
    existed. Each is named with what happened to it, nothing of 1 is written, and 2 is
    fetched all the same."""
    with _behind_a_proxy(extranet, tmp_path, b"first") as (proxy, staff):
        (tmp_path / "second.txt").write_bytes(b"second")
        _send(extranet, tmp_path / "second.txt")
        extranet.admin("retention", "--after-fetch", "1s")

        def purged_meanwhile(answer: Answer) -> Answer:
            """The server has sent it; another staff member had fetched it a while ago, and
            now the purge removes it."""
            proxy.tamper_with = None
            extranet.sql("UPDATE deliveries SET fetched_at = 1 WHERE id = 1")
            extranet.admin("purge")
            return answer

        proxy.tamper_with, proxy.tamper = re.compile(r"/1/ciphertext$"), purged_meanwhile
        out = tmp_path / "staff-pc" / "received"
        fetched = staff.fetch("1", "2", "3", out=out)
    assert fetched.returncode == EXIT_FAILED
    gone = "is not on the server (a wrong number, or purged)"
    assert f"Delivery 1 {gone}" in fetched.stderr, fetched.stderr
    assert f"Delivery 3 {gone}" in fetched.stderr, fetched.stderr
    assert sorted(p.name for p in out.iterdir()) == ["second.txt"]
