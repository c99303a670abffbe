"""``deliveries decrypt`` restores what a real server received under a safe path: names the
customer's system allowed but this one should not hold are made safe, long names are cut,
nothing is overwritten, and no metadata leads outside the output folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import FileMetadata, encrypt_bytes, encrypt_metadata
from noomus_extranet.admin import Admin, AdminError, open_database
from noomus_extranet.staff import decrypt_delivery
from noomus_extranet.storage import Storage
from tests.integration.server.conftest import Api, b64
from tests.integration.server.sharing import new_user_per_test, one_server_per_module

__all__ = ["new_user_per_test", "one_server_per_module"]  # one server, a user per test

PLAINTEXT = os.urandom(100_000)


def deliver(api: Api, relative_path: str, plaintext: bytes = PLAINTEXT) -> int:
    """Upload ``plaintext`` as the desktop app does: age-encrypted, with encrypted metadata."""
    meta = FileMetadata(
        name=relative_path.rsplit("/", 1)[-1],
        relative_path=relative_path,
        size=len(plaintext),
        mtime_ns=0,
        sha256=hashlib.sha256(plaintext).hexdigest(),
    )
    recipient = api.server.recipient
    ciphertext = encrypt_bytes(plaintext, [recipient])
    location = api.create(len(ciphertext), f"noomus-meta {b64(encrypt_metadata(meta, recipient))}")
    response = api.patch(location, 0, ciphertext)
    assert response.status_code == 204, response.text
    return int(response.headers["Noomus-Delivery-Id"])


def decrypt(api: Api, delivery_id: int, out: Path) -> Path:
    """The staff command's work, in process (the command itself is run once below)."""
    admin = Admin(open_database(api.server.data_dir, api.server.database))
    try:
        row = admin.delivery(delivery_id)
    finally:
        admin.db.close()
    identity = api.server.identity_file.read_text()
    return decrypt_delivery(row, Storage(api.server.data_dir), identity, out)


def decrypt_command(api: Api, delivery_id: int, out: Path) -> str:
    """What ``noomus-extranet deliveries decrypt`` prints (the command, run for real)."""
    return api.server.admin(
        "deliveries",
        "decrypt",
        str(delivery_id),
        "--identity",
        str(api.server.identity_file),
        "--out",
        str(out),
    )


def test_unportable_names_are_restored_under_safe_names(api: Api, tmp_path: Path) -> None:
    delivery = deliver(api, "back\\slash\tdir/line\nbreak\r.txt")
    out = tmp_path / "received"
    printed = decrypt_command(api, delivery, out)
    restored = out.resolve() / "back_slash_dir" / "line_break_.txt"
    assert printed == f"{restored}\n"  # one line: no control character reaches the terminal
    assert restored.read_bytes() == PLAINTEXT
    assert [p.name for p in restored.parent.iterdir()] == [restored.name]


def test_a_name_that_would_fool_the_terminal_is_printed_escaped(api: Api, tmp_path: Path) -> None:
    """A right-to-left override shows ``invoice\u202egpj.exe`` as "invoiceexe.jpg": the file
    keeps its name, but what the staff command prints escapes it (found by an attack review)."""
    name = "invoice\u202egpj.exe"
    delivery = deliver(api, name)
    out = tmp_path / "received"
    printed = decrypt_command(api, delivery, out)
    assert "\u202e" not in printed
    assert printed == f"{out.resolve()}/invoice\\u202egpj.exe\n"
    assert (out / name).read_bytes() == PLAINTEXT


def test_an_existing_file_is_never_overwritten(api: Api, tmp_path: Path) -> None:
    delivery = deliver(api, "folder/report.pdf")
    existing = tmp_path / "folder" / "report.pdf"
    existing.parent.mkdir()
    existing.write_bytes(b"staff's own copy")
    copies = [decrypt(api, delivery, tmp_path) for _ in range(2)]
    assert [p.name for p in copies] == ["report (2).pdf", "report (3).pdf"]
    assert all(p.read_bytes() == PLAINTEXT for p in copies)
    assert existing.read_bytes() == b"staff's own copy"


def test_names_at_the_length_limit_are_decrypted_and_numbered(api: Api, tmp_path: Path) -> None:
    longest = "é" * 126 + ".xy"  # 255 bytes in UTF-8
    delivery = deliver(api, longest)
    first, second = (decrypt(api, delivery, tmp_path) for _ in range(2))
    assert first.name == longest
    assert second.name == "é" * 124 + " (2).xy"
    assert first.read_bytes() == second.read_bytes() == PLAINTEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_an_overlong_hostile_name_is_cut(api: Api, tmp_path: Path) -> None:
    delivery = deliver(api, "x" * 1000 + ".pdf")
    restored = decrypt(api, delivery, tmp_path)
    assert restored.name == "x" * 251 + ".pdf"
    assert restored.read_bytes() == PLAINTEXT


def test_a_link_in_the_output_folder_does_not_lead_outside(api: Api, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "linked").symlink_to(outside)
    delivery = deliver(api, "linked/escape.txt")
    with pytest.raises(AdminError, match="escape the output folder"):
        decrypt(api, delivery, out)
    assert list(outside.iterdir()) == []
