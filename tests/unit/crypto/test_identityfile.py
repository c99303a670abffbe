"""Identity files, plain or protected by a passphrase: read_identities, protect_identity."""

from __future__ import annotations

import io

import pytest

from noomus_desktop.core.crypto import (
    HeaderError,
    Identity,
    InvalidIdentityError,
    NoIdentityMatchError,
    ScryptRecipient,
    WrongPassphraseError,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
    protect_identity,
    read_identities,
)
from noomus_desktop.core.crypto.armor import ArmoredReader
from noomus_desktop.core.crypto.identityfile import MAX_IDENTITY_FILE, is_protected
from noomus_desktop.core.crypto.ioutil import read_exactly

CLASSIC = generate_identity()
HYBRID = generate_identity(post_quantum=True)
PLAIN = (
    f"# created: 2026-11-30T12:00:00Z\n# public key: {CLASSIC.recipient()}\n"
    f"{CLASSIC.to_string()}\n\n# post-quantum\n{HYBRID.to_string()}\n"
).encode()


class Asker:
    """A passphrase prompt that counts how often it was asked."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self) -> str:
        self.asked += 1
        return self.answer


def _keys(identities: list[Identity]) -> list[str]:
    return [i.to_string() for i in identities]


def _dearmor(armored: bytes) -> bytes:
    """The binary age file inside an armor, through the engine's own armor reader."""
    return read_exactly(ArmoredReader(io.BytesIO(armored)), len(armored))


def test_plain_file_never_asks() -> None:
    ask = Asker("unused")
    identities = read_identities(PLAIN, ask)
    assert _keys(identities) == [CLASSIC.to_string(), HYBRID.to_string()]
    assert ask.asked == 0
    assert not is_protected(PLAIN)


@pytest.mark.parametrize("armored", [True, False])
def test_protected_file_asks_once_and_opens(armored: bool) -> None:
    protected = protect_identity(PLAIN, "staff passphrase", work_factor=10)
    assert protected.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----\n")
    if not armored:
        protected = _dearmor(protected)
    assert is_protected(protected)
    assert PLAIN not in protected and CLASSIC.to_string().encode() not in protected
    ask = Asker("staff passphrase")
    identities = read_identities(protected, ask)
    assert ask.asked == 1
    assert _keys(identities) == [CLASSIC.to_string(), HYBRID.to_string()]
    # One file holds the old X25519 key and the new hybrid one: both kinds of delivery open.
    for recipient in (CLASSIC.recipient(), HYBRID.recipient()):
        assert decrypt_bytes(encrypt_bytes(b"delivery", recipient), identities) == b"delivery"


@pytest.mark.parametrize("answer", ["wrong passphrase", ""])
def test_wrong_passphrase_is_its_own_error(answer: str) -> None:
    protected = protect_identity(PLAIN, "right passphrase", work_factor=10)
    with pytest.raises(WrongPassphraseError) as caught:
        read_identities(protected, Asker(answer))
    assert caught.value.code == "wrong_passphrase"
    assert caught.value.message.startswith("The passphrase is wrong")
    assert isinstance(caught.value, NoIdentityMatchError)  # one vocabulary: still "no match"


def test_a_file_encrypted_to_a_key_is_refused_without_asking() -> None:
    encrypted = encrypt_bytes(PLAIN, CLASSIC.recipient(), armor=True)
    ask = Asker("anything")
    with pytest.raises(InvalidIdentityError, match="not with a passphrase"):
        read_identities(encrypted, ask)
    assert ask.asked == 0


def test_a_protected_file_must_hold_identities() -> None:
    protected = encrypt_bytes(b"not keys\n", ScryptRecipient("pw", work_factor=10))
    with pytest.raises(InvalidIdentityError):
        read_identities(protected, Asker("pw"))


def test_work_factor_above_the_cap_is_refused() -> None:
    protected = protect_identity(PLAIN, "pw", work_factor=12)
    with pytest.raises(HeaderError, match="too high"):
        read_identities(protected, Asker("pw"), max_work_factor=11)


def test_protect_refuses_what_is_not_an_identity_file() -> None:
    with pytest.raises(InvalidIdentityError):
        protect_identity(b"# only a comment\n", "pw", work_factor=10)
    with pytest.raises(InvalidIdentityError):
        protect_identity(b"\xff\xfe", "pw", work_factor=10)


def test_oversized_input_is_refused_unread() -> None:
    ask = Asker("pw")
    with pytest.raises(InvalidIdentityError, match="too large"):
        read_identities(b"#" * (MAX_IDENTITY_FILE + 1), ask)
    assert ask.asked == 0
