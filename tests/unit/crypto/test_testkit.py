"""The community age test vectors (C2SP CCTV age testkit), run against our decryptor.

Each vector expects success with a payload hash, or one precise kind of failure. Vectors that
need passphrases (scrypt), which the engine does not implement, are skipped, except the 7
whose outcome needs no passphrase (see :data:`_NO_PASSPHRASE_NEEDED`).
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

#: Passphrase vectors refused for their structure before any key is tried: a passphrase
#: stanza must be alone (age's rule, so that a passphrase file cannot be opened with a
#: recipient's key as well), and stanza bodies are canonical base64.
_REFUSED_FOR_STRUCTURE = frozenset(
    {"scrypt_and_x25519", "scrypt_double", "scrypt_not_canonical_body"}
)


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

    def skip_reason(self) -> str | None:
        if self.passphrases and not self.no_passphrase_needed:
            return "scrypt passphrase identities are not supported by this engine"
        return None

    @property
    def no_passphrase_needed(self) -> bool:
        """Whether the expected outcome holds for an engine without passphrases: a refusal
        for structure, or "no match" (which is all such an engine can say of a file wrapped
        to a passphrase alone)."""
        return self.expect == "no match" or self.name in _REFUSED_FOR_STRUCTURE


def _load() -> list[Vector]:
    return [Vector.load(path) for path in sorted(TESTKIT.iterdir())] if TESTKIT else []


_MISSING: list[object] = [
    pytest.param(None, marks=pytest.mark.skip(reason="age testkit folder missing"))
]


def _vectors() -> list[object]:
    params: list[object] = []
    for vector in _load():
        reason = vector.skip_reason()
        marks = [pytest.mark.skip(reason=reason)] if reason else []
        params.append(pytest.param(vector, id=vector.name, marks=marks))
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
    identities = [parse_identity(i) for i in vector.identities]
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


def test_scrypt_vectors_that_need_no_passphrase_are_run() -> None:
    """The scrypt-alone rule is checked by the testkit, not skipped with scrypt itself."""
    if TESTKIT is None:
        pytest.skip("age testkit folder missing")
    run = {v.name for v in _load() if v.passphrases and v.skip_reason() is None}
    assert run >= _REFUSED_FOR_STRUCTURE
    assert len(run) == 7, sorted(run)


def test_autodetects_armor() -> None:
    if TESTKIT is None:
        pytest.skip("age testkit folder missing")
    vector = Vector.load(TESTKIT / "armor_x25519")
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(vector.body), out, vector.identities)
    assert hashlib.sha256(out.getvalue()).hexdigest() == vector.payload
