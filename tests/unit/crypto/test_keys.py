"""Recipient and identity strings: parsing, canonical forms, typed errors, no leaked secrets."""

from __future__ import annotations

import pytest

from noomus_desktop.core.crypto import (
    Identity,
    InvalidIdentityError,
    InvalidRecipientError,
    Recipient,
    bech32,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
    parse_identities_file,
    parse_identity,
    parse_recipient,
)

# The testkit x25519 vector identity, and the recipient `age-keygen -y` derives from it.
KNOWN_IDENTITY = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
KNOWN_RECIPIENT = "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"


def test_generated_identity_round_trips() -> None:
    identity = generate_identity()
    assert isinstance(identity, Identity)
    assert isinstance(identity.recipient(), Recipient)
    text = identity.to_string()
    assert text.startswith("AGE-SECRET-KEY-1")
    again = parse_identity(text)
    assert again.to_string() == text
    assert str(again.recipient()) == str(identity.recipient())
    assert parse_recipient(str(identity.recipient())) == identity.recipient()


def test_repr_never_shows_the_secret() -> None:
    identity = generate_identity()
    secret = identity.to_string()
    for shown in (repr(identity), str(identity)):
        assert secret not in shown
        assert secret.lower() not in shown.lower()


def test_recipient_is_canonical_lowercase_bech32() -> None:
    recipient = str(generate_identity().recipient())
    assert recipient.startswith("age1")
    assert recipient == recipient.lower()
    assert len(recipient) == 62


@pytest.mark.parametrize(
    "text",
    [
        "",
        "age1",
        "ssh-ed25519 AAAA",
        KNOWN_RECIPIENT[:-1] + "g",  # bad checksum
        KNOWN_RECIPIENT.upper(),
        "A" + KNOWN_RECIPIENT[1:],  # mixed case
        KNOWN_RECIPIENT[:20] + "b" + KNOWN_RECIPIENT[21:],  # 'b' is not in the alphabet
        bech32.encode("age", bytes(31)),  # wrong key length
        bech32.encode("agx", bytes(32)),  # wrong type
    ],
)
def test_invalid_recipients_raise_typed_error(text: str) -> None:
    with pytest.raises(InvalidRecipientError) as caught:
        parse_recipient(text)
    assert caught.value.code == "invalid_recipient"


def test_invalid_identity_error_does_not_echo_the_input() -> None:
    secret = generate_identity().to_string()
    broken = secret[:-1] + ("Q" if secret[-1] != "Q" else "P")
    with pytest.raises(InvalidIdentityError) as caught:
        parse_identity(broken)
    assert broken not in str(caught.value)
    assert broken[16:40] not in repr(caught.value)
    assert caught.value.code == "invalid_identity"


def test_identity_file_with_comments_and_blank_lines() -> None:
    first, second = generate_identity(), generate_identity()
    text = (
        "# created: 2026-01-01T00:00:00Z\n"
        f"# public key: {first.recipient()}\n"
        f"{first.to_string()}\n\n"
        f"   {second.to_string()}  \r\n"
    )
    parsed = parse_identities_file(text)
    assert [i.to_string() for i in parsed] == [first.to_string(), second.to_string()]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_identity_file_without_keys_is_an_error(text: str) -> None:
    with pytest.raises(InvalidIdentityError):
        parse_identities_file(text)


def test_identity_file_with_garbage_line_is_an_error() -> None:
    with pytest.raises(InvalidIdentityError):
        parse_identities_file(f"{generate_identity().to_string()}\nnot a key\n")


def test_known_identity_derives_known_recipient() -> None:
    assert str(parse_identity(KNOWN_IDENTITY).recipient()) == KNOWN_RECIPIENT


def _checksummed(hrp: str, values: list[int]) -> str:
    """A Bech32 string of arbitrary 5-bit ``values`` under a valid checksum, so that only
    the padding rule can refuse it (a string with a broken checksum tests the checksum)."""
    polymod = bech32._polymod([*bech32._hrp_expand(hrp), *values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(bech32._CHARSET[v] for v in values + checksum)


def test_bech32_checksum_helper_builds_what_encode_builds() -> None:
    assert _checksummed("age", [0] * 52) == bech32.encode("age", bytes(32))


def test_bech32_rejects_nonzero_padding() -> None:
    """32 bytes take 52 groups of 5 bits, 4 of them padding: set, they must be refused
    (else two strings decode to one key)."""
    assert bech32.decode(_checksummed("age", [0] * 52)) == ("age", bytes(32))
    with pytest.raises(bech32.Bech32Error, match="padding"):
        bech32.decode(_checksummed("age", [0] * 51 + [1]))


def test_bech32_rejects_excess_padding() -> None:
    """31 bytes take 50 groups; a 51st (7 bits of padding, a whole group too many) is refused."""
    assert bech32.decode(_checksummed("age", [0] * 50)) == ("age", bytes(31))
    with pytest.raises(bech32.Bech32Error, match="padding"):
        bech32.decode(_checksummed("age", [0] * 51))


def test_post_quantum_identity_round_trips() -> None:
    identity = generate_identity(post_quantum=True)
    text = identity.to_string()
    assert text.startswith("AGE-SECRET-KEY-PQ-1")
    assert text not in repr(identity)
    recipient = str(identity.recipient())
    assert recipient.startswith("age1pq1")
    assert str(parse_recipient(recipient)) == recipient
    assert str(parse_identity(text).recipient()) == recipient
    data = b"post-quantum" * 1000
    assert decrypt_bytes(encrypt_bytes(data, [recipient]), [text]) == data


def test_post_quantum_and_classic_recipients_are_not_mixed() -> None:
    recipients = [
        generate_identity(post_quantum=True).recipient(),
        generate_identity().recipient(),
    ]
    with pytest.raises(InvalidRecipientError):
        encrypt_bytes(b"x", recipients)


def test_low_order_recipient_is_refused_when_encrypting() -> None:
    with pytest.raises(InvalidRecipientError):
        encrypt_bytes(b"x", bech32.encode("age", bytes(32)))
