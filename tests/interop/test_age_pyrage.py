"""Interop with pyrage (the Rust ``rage`` implementation), both ways, several recipients."""

from __future__ import annotations

import os

import pyrage
import pytest

from noomus_desktop.core.crypto import (
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
    parse_identity,
)

SIZES = [0, 1, 65535, 65536, 65537, 4 * 65536, 4 * 65536 - 1, 700_001]


@pytest.mark.parametrize("size", SIZES)
def test_ours_to_pyrage(size: int) -> None:
    theirs = pyrage.x25519.Identity.generate()
    ours = generate_identity()
    data = os.urandom(size)
    ciphertext = encrypt_bytes(data, [str(theirs.to_public()), ours.recipient()])
    assert pyrage.decrypt(ciphertext, [theirs]) == data
    assert pyrage.decrypt(ciphertext, [pyrage.x25519.Identity.from_str(ours.to_string())]) == data


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_to_ours(size: int) -> None:
    first, second = generate_identity(), generate_identity()
    data = os.urandom(size)
    recipients = [pyrage.x25519.Recipient.from_str(str(i.recipient())) for i in (first, second)]
    ciphertext = pyrage.encrypt(data, recipients)
    assert decrypt_bytes(ciphertext, [first]) == data
    assert decrypt_bytes(ciphertext, [second]) == data


def test_keys_agree_with_pyrage() -> None:
    theirs = pyrage.x25519.Identity.generate()
    ours = generate_identity()
    assert str(parse_identity(str(theirs)).recipient()) == str(theirs.to_public())
    mirrored = pyrage.x25519.Identity.from_str(ours.to_string())
    assert str(mirrored.to_public()) == str(ours.recipient())
