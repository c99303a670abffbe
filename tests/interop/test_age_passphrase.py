"""Passphrases interoperate with the stock ``age`` CLI (on a pty) and with pyrage, both ways:
passphrase-encrypted files and passphrase-protected identity files."""

from __future__ import annotations

import os
from pathlib import Path

import pyrage
import pytest

from noomus_desktop.core.crypto import (
    ScryptIdentity,
    ScryptRecipient,
    WrongPassphraseError,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
    protect_identity,
    read_identities,
)
from tests.helpers import agecli
from tests.interop import agepty

PASSPHRASE = "correct horse battery staple"
DATA = os.urandom(70_000)  # more than one STREAM chunk


def _ask() -> str:
    return PASSPHRASE


@agecli.requires_age
@pytest.mark.parametrize("armor", [True, False])
def test_identity_protected_by_age_p_opens_here(tmp_path: Path, armor: bool) -> None:
    """``age-keygen | age -p [-a]``: the staff member's protected key, read by the engine."""
    plain = tmp_path / "key.txt"
    recipient = agecli.keygen(plain)
    protected = tmp_path / "key.age"
    flags = ["-a"] if armor else []
    code, terminal = agepty.run(["-p", *flags, "-o", str(protected), str(plain)], PASSPHRASE)
    assert code == 0, terminal
    identities = read_identities(protected.read_bytes(), _ask)
    assert decrypt_bytes(agecli.encrypt(DATA, [recipient]), identities) == DATA


@agecli.requires_age
def test_wrong_passphrase_on_an_age_protected_identity(tmp_path: Path) -> None:
    plain = tmp_path / "key.txt"
    agecli.keygen(plain)
    protected = tmp_path / "key.age"
    code, terminal = agepty.run(["-p", "-a", "-o", str(protected), str(plain)], PASSPHRASE)
    assert code == 0, terminal
    with pytest.raises(WrongPassphraseError, match="The passphrase is wrong"):
        read_identities(protected.read_bytes(), lambda: "not it")


@agecli.requires_age
def test_identity_protected_here_opens_with_age_i(tmp_path: Path) -> None:
    """``protect_identity`` output works as ``age -d -i``'s identity file."""
    identity = generate_identity()
    protected = tmp_path / "key.age"
    protected.write_bytes(protect_identity(f"{identity.to_string()}\n".encode(), PASSPHRASE))
    encrypted = tmp_path / "delivery.age"
    encrypted.write_bytes(encrypt_bytes(DATA, identity.recipient()))
    out = tmp_path / "delivery"
    code, terminal = agepty.run(
        ["-d", "-i", str(protected), "-o", str(out), str(encrypted)], PASSPHRASE
    )
    assert code == 0, terminal
    assert out.read_bytes() == DATA


@agecli.requires_age
def test_age_p_file_decrypts_here(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_bytes(DATA)
    encrypted = tmp_path / "plain.age"
    code, terminal = agepty.run(["-p", "-o", str(encrypted), str(plain)], PASSPHRASE)
    assert code == 0, terminal
    assert decrypt_bytes(encrypted.read_bytes(), ScryptIdentity(PASSPHRASE)) == DATA


@agecli.requires_age
def test_our_passphrase_file_decrypts_with_age(tmp_path: Path) -> None:
    encrypted = tmp_path / "plain.age"
    encrypted.write_bytes(encrypt_bytes(DATA, ScryptRecipient(PASSPHRASE, work_factor=12)))
    out = tmp_path / "plain"
    code, terminal = agepty.run(["-d", "-o", str(out), str(encrypted)], PASSPHRASE)
    assert code == 0, terminal
    assert out.read_bytes() == DATA


def test_pyrage_passphrase_both_ways() -> None:
    theirs = pyrage.passphrase.encrypt(DATA, PASSPHRASE)
    assert decrypt_bytes(theirs, ScryptIdentity(PASSPHRASE)) == DATA
    ours = encrypt_bytes(DATA, ScryptRecipient(PASSPHRASE, work_factor=12))
    assert pyrage.passphrase.decrypt(ours, PASSPHRASE) == DATA
