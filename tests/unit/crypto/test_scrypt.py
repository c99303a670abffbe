"""Passphrase (scrypt) recipients: the stanza age writes, the work-factor bound, and the rule
that a passphrase never shares a file."""

from __future__ import annotations

import io
import time

import pytest

from noomus_desktop.core.crypto import (
    HeaderError,
    InvalidIdentityError,
    MixedRecipientsError,
    NoIdentityMatchError,
    ScryptIdentity,
    ScryptRecipient,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
)
from noomus_desktop.core.crypto.format import b64decode, read_header

DATA = b"a passphrase-protected secret\n" * 100


def test_round_trip_and_the_stanza_age_writes() -> None:
    ciphertext = encrypt_bytes(DATA, ScryptRecipient("correct horse", work_factor=10))
    header, _ = read_header(io.BytesIO(ciphertext))
    (stanza,) = header.stanzas
    assert stanza.type == "scrypt"
    assert len(b64decode(stanza.args[0].encode())) == 16
    assert stanza.args[1] == "10"
    assert len(stanza.body) == 32
    assert decrypt_bytes(ciphertext, ScryptIdentity("correct horse")) == DATA


def test_default_work_factor_is_ages() -> None:
    """age writes 2**18 (256 MiB, about a second): what we write unless told otherwise."""
    ciphertext = encrypt_bytes(b"x", ScryptRecipient("pw"))
    header, _ = read_header(io.BytesIO(ciphertext))
    assert header.stanzas[0].args[1] == "18"


def test_wrong_passphrase_matches_nothing() -> None:
    ciphertext = encrypt_bytes(DATA, ScryptRecipient("right", work_factor=10))
    with pytest.raises(NoIdentityMatchError):
        decrypt_bytes(ciphertext, ScryptIdentity("wrong"))


def test_a_key_cannot_open_a_passphrase_file() -> None:
    ciphertext = encrypt_bytes(DATA, ScryptRecipient("right", work_factor=10))
    with pytest.raises(NoIdentityMatchError):
        decrypt_bytes(ciphertext, generate_identity())


def test_work_factor_above_the_cap_is_refused_before_any_work() -> None:
    """A file written at 2**14 and a reader capped at 2**13: refused at once, unlike the
    ~0.1 s the derivation itself would take (bounding memory and time a file can demand)."""
    ciphertext = encrypt_bytes(DATA, ScryptRecipient("pw", work_factor=14))
    started = time.perf_counter()
    with pytest.raises(HeaderError, match="too high"):
        decrypt_bytes(ciphertext, ScryptIdentity("pw", max_work_factor=13))
    assert time.perf_counter() - started < 0.05
    assert decrypt_bytes(ciphertext, ScryptIdentity("pw", max_work_factor=14)) == DATA


def test_an_absurd_work_factor_is_refused_unparsed() -> None:
    """Thousands of digits would make ``int()`` itself raise (or crawl): refused as too high."""
    ciphertext = encrypt_bytes(DATA, ScryptRecipient("pw", work_factor=10))
    huge = ciphertext.replace(b" 10\n", b" " + b"9" * 5000 + b"\n", 1)
    with pytest.raises(HeaderError, match="too high"):
        decrypt_bytes(huge, ScryptIdentity("pw"))


@pytest.mark.parametrize("work_factor", [0, 23])
def test_encryption_work_factor_is_bounded(work_factor: int) -> None:
    with pytest.raises(ValueError, match="work factor"):
        ScryptRecipient("pw", work_factor=work_factor)


def test_empty_passphrase_is_refused() -> None:
    with pytest.raises(InvalidIdentityError):
        ScryptRecipient("")
    with pytest.raises(InvalidIdentityError):
        ScryptIdentity("")


def test_a_passphrase_is_always_alone_when_encrypting() -> None:
    key = generate_identity().recipient()
    with pytest.raises(MixedRecipientsError):
        encrypt_bytes(DATA, [ScryptRecipient("pw", work_factor=10), key])
    with pytest.raises(MixedRecipientsError):
        encrypt_bytes(
            DATA, [ScryptRecipient("a", work_factor=10), ScryptRecipient("b", work_factor=10)]
        )


def test_the_passphrase_never_shows() -> None:
    recipient = ScryptRecipient("hunter2-secret", work_factor=10)
    identity = ScryptIdentity("hunter2-secret")
    for text in (str(recipient), repr(recipient), repr(identity)):
        assert "hunter2" not in text
