"""File-level helpers: streaming round trip, and no partial plaintext left behind on failure."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    DecryptionError,
    EncryptionPlan,
    NoIdentityMatchError,
    PayloadError,
    decrypt_bytes,
    decrypt_file,
    encrypt_bytes,
    encrypt_file,
    generate_identity,
)

IDENTITY = generate_identity()
#: 255 bytes in UTF-8: the longest name ext4 and APFS allow.
LONGEST_NAME = "é" * 126 + ".xy"


@pytest.mark.parametrize("size", [0, 65536, 3 * 1024 * 1024 + 17])
def test_round_trip(tmp_path: Path, size: int) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(os.urandom(size))
    encrypt_file(plain, tmp_path / "plain.bin.age", [str(IDENTITY.recipient())])
    decrypt_file(tmp_path / "plain.bin.age", tmp_path / "back.bin", IDENTITY.to_string())
    assert (tmp_path / "back.bin").read_bytes() == plain.read_bytes()


def test_names_at_the_length_limit_can_be_written(tmp_path: Path) -> None:
    """The temporary file beside the target must not derive its name from the target's."""
    assert len(LONGEST_NAME.encode()) == 255
    plain = tmp_path / "plain.bin"
    plain.write_bytes(os.urandom(70_000))
    sealed = tmp_path / LONGEST_NAME
    encrypt_file(plain, sealed, [IDENTITY.recipient()])
    out = tmp_path / "out"
    out.mkdir()
    decrypt_file(sealed, out / LONGEST_NAME, [IDENTITY])
    assert (out / LONGEST_NAME).read_bytes() == plain.read_bytes()
    assert [p.name for p in out.iterdir()] == [LONGEST_NAME]


@pytest.mark.parametrize("name", ["back.bin", LONGEST_NAME])
def test_failed_decryption_leaves_nothing(tmp_path: Path, name: str) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(os.urandom(5 * 65536))
    sealed = tmp_path / "plain.bin.age"
    encrypt_file(plain, sealed, [IDENTITY.recipient()])
    damaged = bytearray(sealed.read_bytes())
    damaged[-100] ^= 1  # the last chunk: earlier chunks decrypt fine first
    sealed.write_bytes(bytes(damaged))
    out = tmp_path / "out" / name
    out.parent.mkdir()
    with pytest.raises(PayloadError) as caught:
        decrypt_file(sealed, out, [IDENTITY])
    assert caught.value.code == "payload_tampered"
    assert list(out.parent.iterdir()) == []


def test_existing_destination_survives_a_failure(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"secret")
    sealed = tmp_path / "plain.bin.age"
    encrypt_file(plain, sealed, [IDENTITY.recipient()])
    out = tmp_path / "kept.txt"
    out.write_bytes(b"previous")
    with pytest.raises(NoIdentityMatchError):
        decrypt_file(sealed, out, [generate_identity()])
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt", "plain.bin", "plain.bin.age"]


def test_without_overwrite_an_existing_file_or_link_is_kept(tmp_path: Path) -> None:
    sealed = tmp_path / "sealed.age"
    sealed.write_bytes(encrypt_bytes(b"new", [IDENTITY.recipient()]))
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"previous")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    for target in (kept, dangling):
        with pytest.raises(FileExistsError):
            decrypt_file(sealed, target, [IDENTITY], overwrite=False)
    assert kept.read_bytes() == b"previous"
    assert not (tmp_path / "nowhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "kept.txt", "sealed.age"]


def test_without_overwrite_a_file_appearing_during_decryption_is_kept(tmp_path: Path) -> None:
    """The name is checked before decrypting and taken atomically after: a file created in
    between (by another process) survives, and the plaintext is not left behind."""
    ciphertext = encrypt_bytes(os.urandom(300_000), [IDENTITY.recipient()])
    pipe = tmp_path / "ciphertext.fifo"
    os.mkfifo(pipe)
    target = tmp_path / "out.bin"

    def feed() -> None:
        with pipe.open("wb") as writer:
            writer.write(ciphertext[:100_000])
            writer.flush()
            while not any(p.suffix == ".part" for p in tmp_path.iterdir()):
                time.sleep(0.01)  # wait until decryption has started: the name was free
            target.write_bytes(b"the other writer's")
            writer.write(ciphertext[100_000:])

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        with pytest.raises(FileExistsError):
            decrypt_file(pipe, target, [IDENTITY], overwrite=False)
    finally:
        feeder.join()
    assert target.read_bytes() == b"the other writer's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ciphertext.fifo", "out.bin"]


def test_any_of_several_identities_opens_the_file() -> None:
    data = os.urandom(70_000)
    ciphertext = encrypt_bytes(data, [IDENTITY.recipient()])
    assert decrypt_bytes(ciphertext, [generate_identity(), IDENTITY]) == data


def test_errors_carry_no_secret() -> None:
    plan = EncryptionPlan.create([IDENTITY.recipient()])
    ciphertext = bytearray(plan.prefix + b"\x00" * 40)
    with pytest.raises(DecryptionError) as caught:
        decrypt_bytes(bytes(ciphertext), [IDENTITY])
    shown = f"{caught.value!s} {caught.value!r} {caught.value.args}"
    for secret in (plan.file_key.hex(), IDENTITY.to_string(), plan.file_key.decode("latin-1")):
        assert secret not in shown


def test_special_destination_is_written_not_replaced(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"data")
    encrypt_file(plain, os.devnull, [IDENTITY.recipient()])
    assert Path(os.devnull).is_char_device()


@pytest.mark.parametrize("code", [errno.EPERM, errno.EOPNOTSUPP])
def test_without_overwrite_a_folder_without_hard_links_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """FAT/exFAT sticks and some network mounts refuse link(): staff can still restore there,
    and an existing name is still never replaced. (The refusal is injected: no such mount.)"""

    def no_hard_links(*_: object, **__: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_hard_links)
    data = os.urandom(70_000)
    sealed = tmp_path / "sealed.age"
    sealed.write_bytes(encrypt_bytes(data, [IDENTITY.recipient()]))
    decrypt_file(sealed, tmp_path / "out.bin", [IDENTITY], overwrite=False)
    assert (tmp_path / "out.bin").read_bytes() == data
    with pytest.raises(FileExistsError):
        decrypt_file(sealed, tmp_path / "out.bin", [IDENTITY], overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin", "sealed.age"]
