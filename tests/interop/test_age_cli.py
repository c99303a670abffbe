"""Interop with the stock ``age`` CLI, both ways, byte for byte, with several recipients."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    decrypt_bytes,
    decrypt_file,
    encrypt_bytes,
    encrypt_file,
    generate_identity,
    parse_identities_file,
)
from tests.helpers import agecli

pytestmark = agecli.requires_age

SIZES = [0, 1, 65535, 65536, 65537, 2 * 65536, 3 * 65536 + 1, 1_000_003]


@pytest.fixture
def their_key(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "age-keygen.txt"
    return path, agecli.keygen(path)


def _data(size: int) -> bytes:
    return os.urandom(size)


@pytest.mark.parametrize("size", SIZES)
def test_ours_to_theirs_several_recipients(size: int, their_key: tuple[Path, str]) -> None:
    path, their_recipient = their_key
    ours = generate_identity()
    data = _data(size)
    ciphertext = encrypt_bytes(data, [str(ours.recipient()), their_recipient])
    assert agecli.decrypt(ciphertext, path) == data
    assert decrypt_bytes(ciphertext, [ours]) == data


@pytest.mark.parametrize("size", SIZES)
def test_theirs_to_ours_several_recipients(size: int, tmp_path: Path) -> None:
    first, second = generate_identity(), generate_identity()
    data = _data(size)
    ciphertext = agecli.encrypt(data, [str(first.recipient()), str(second.recipient())])
    assert decrypt_bytes(ciphertext, [first]) == data
    assert decrypt_bytes(ciphertext, [second.to_string()]) == data


def test_armor_both_ways(their_key: tuple[Path, str]) -> None:
    path, their_recipient = their_key
    ours = generate_identity()
    data = _data(100_000)
    assert agecli.decrypt(encrypt_bytes(data, their_recipient, armor=True), path) == data
    armored = agecli.encrypt(data, [str(ours.recipient())], armor=True)
    assert decrypt_bytes(armored, ours) == data


def test_identity_files_are_exchangeable(tmp_path: Path, their_key: tuple[Path, str]) -> None:
    """age-keygen's file parses (comments included) to the same recipient age derives."""
    path, their_recipient = their_key
    (identity,) = parse_identities_file(path.read_text())
    assert str(identity.recipient()) == their_recipient
    ours = generate_identity()
    mine = tmp_path / "ours.txt"
    mine.write_text(f"# created by the test\n{ours.to_string()}\n")
    assert agecli.recipient_of(mine) == str(ours.recipient())


def test_files_both_ways(tmp_path: Path, their_key: tuple[Path, str]) -> None:
    path, their_recipient = their_key
    plain = tmp_path / "plain.bin"
    plain.write_bytes(_data(5 * 65536 + 7))
    encrypt_file(plain, tmp_path / "ours.age", [their_recipient])
    assert agecli.decrypt((tmp_path / "ours.age").read_bytes(), path) == plain.read_bytes()
    ours = generate_identity()
    (tmp_path / "theirs.age").write_bytes(
        agecli.encrypt(plain.read_bytes(), [str(ours.recipient())])
    )
    decrypt_file(tmp_path / "theirs.age", tmp_path / "back.bin", [ours])
    assert (tmp_path / "back.bin").read_bytes() == plain.read_bytes()
