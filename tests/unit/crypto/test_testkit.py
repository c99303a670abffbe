"""The community age test vectors (C2SP CCTV age testkit), run against our decryptor.

Each vector expects success with a payload hash, or one precise kind of failure. Every vector
runs, passphrase (scrypt) ones included: a vector's passphrases become scrypt identities
beside its key identities.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    ArmorError,
    DecryptionError,
    HeaderError,
    HeaderMacError,
    NoIdentityMatchError,
    PayloadError,
    decrypt_stream,
    parse_identity,
)
from noomus_desktop.core.crypto.format import header_without_mac, read_header
from noomus_desktop.core.crypto.keys import Unwrapper
from noomus_desktop.core.crypto.scrypt import ScryptIdentity

_REPO = Path(__file__).resolve().parents[3]
_CANDIDATES = [
    Path(os.environ.get("NOOMUS_AGE_TESTKIT", "/nonexistent")),
    _REPO / "tests" / "vectors" / "age-testkit",
    _REPO.parent / "shared" / "age-testkit",
]
TESTKIT = next((p / "testdata" for p in _CANDIDATES if (p / "testdata").is_dir()), None)

_FAILURES: dict[str, type[DecryptionError]] = {
    "header failure": HeaderError,
    "HMAC failure": HeaderMacError,
    "no match": NoIdentityMatchError,
    "payload failure": PayloadError,
    "armor failure": ArmorError,
}

#: Passphrase vectors refused because a passphrase stanza must be alone (age's rule, so that
#: a passphrase file cannot be opened with a recipient's key as well): each holds a stanza
#: the vector's identities open, so only the rule can refuse it.
_SCRYPT_NOT_ALONE = frozenset({"scrypt_and_x25519", "scrypt_double"})


@dataclass
class Vector:
    name: str
    expect: str = ""
    payload: str | None = None
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    armored: bool = False
    body: bytes = b""

    @classmethod
    def load(cls, path: Path) -> Vector:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n\n")
        vector = cls(path.name)
        compressed = False
        for line in head.decode().splitlines():
            key, _, value = line.partition(": ")
            if key == "expect":
                vector.expect = value
            elif key == "payload":
                vector.payload = value
            elif key == "identity":
                vector.identities.append(value)
            elif key == "passphrase":
                vector.passphrases.append(value)
            elif key == "armored":
                vector.armored = value == "yes"
            elif key == "compressed":
                compressed = value == "zlib"
        vector.body = zlib.decompress(body) if compressed else body
        return vector

    def unwrappers(self) -> list[Unwrapper]:
        """The vector's keys, then its passphrases."""
        keys: list[Unwrapper] = [parse_identity(i) for i in self.identities]
        return keys + [ScryptIdentity(p) for p in self.passphrases]


def _load() -> list[Vector]:
    return [Vector.load(path) for path in sorted(TESTKIT.iterdir())] if TESTKIT else []


_MISSING: list[object] = [
    pytest.param(None, marks=pytest.mark.skip(reason="age testkit folder missing"))
]


def _vectors() -> list[object]:
    params: list[object] = [pytest.param(vector, id=vector.name) for vector in _load()]
    return params or _MISSING


def _binary_headers() -> list[object]:
    """Vectors (of any recipient type) whose binary header must parse."""
    params: list[object] = [
        pytest.param(vector, id=vector.name)
        for vector in _load()
        if not vector.armored and vector.expect not in {"header failure", "armor failure"}
    ]
    return params or _MISSING


class _Collect(io.BytesIO):
    """Keeps what the decryptor released, including before a failure."""


@pytest.mark.parametrize("vector", _vectors())
def test_vector(vector: Vector) -> None:
    identities = vector.unwrappers()
    out = _Collect()
    source = io.BytesIO(vector.body)
    if vector.expect == "success":
        decrypt_stream(source, out, identities, armored=vector.armored)
    else:
        with pytest.raises(_FAILURES[vector.expect]):
            decrypt_stream(source, out, identities, armored=vector.armored)
    if vector.payload is not None:
        assert hashlib.sha256(out.getvalue()).hexdigest() == vector.payload


@pytest.mark.parametrize("vector", _binary_headers())
def test_header_round_trip(vector: Vector) -> None:
    """Every header that parses re-encodes to exactly its original bytes."""
    header, _ = read_header(io.BytesIO(vector.body))
    assert header_without_mac(header.stanzas) == header.authenticated
    assert vector.body.startswith(header.encoded)


def test_every_scrypt_vector_is_run() -> None:
    """All 26 passphrase vectors run (none skipped), the scrypt-alone ones among them."""
    if TESTKIT is None:
        pytest.skip("age testkit folder missing")
    run = {v.name for v in _load() if v.passphrases}
    assert run >= _SCRYPT_NOT_ALONE
    assert len(run) == 26, sorted(run)


@pytest.mark.parametrize("name", sorted(_SCRYPT_NOT_ALONE))
def test_scrypt_must_be_alone_even_when_a_stanza_opens(name: str) -> None:
    """Without the alone rule these two would decrypt: each holds a stanza the vector's
    passphrase (or key) opens, so the refusal can only come from the rule."""
    if TESTKIT is None:
        pytest.skip("age testkit folder missing")
    vector = Vector.load(TESTKIT / name)
    header, _ = read_header(io.BytesIO(vector.body))
    opened = [u.unwrap((stanza,)) for stanza in header.stanzas for u in vector.unwrappers()]
    assert any(key is not None for key in opened)
    with pytest.raises(HeaderError, match="only one"):
        decrypt_stream(io.BytesIO(vector.body), io.BytesIO(), vector.unwrappers())


def test_autodetects_armor() -> None:
    if TESTKIT is None:
        pytest.skip("age testkit folder missing")
    vector = Vector.load(TESTKIT / "armor_x25519")
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(vector.body), out, vector.identities)
    assert hashlib.sha256(out.getvalue()).hexdigest() == vector.payload
