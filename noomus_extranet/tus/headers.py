"""Parsing and validating tus request headers; every failure is a 4xx ``ApiError``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from noomus_extranet.errors import ApiError, invalid_request

CHECKSUM_ALGORITHMS = ("sha256", "sha1", "md5")
_DIGITS = re.compile(r"[0-9]{1,19}")
_KEY = re.compile(r"[!-+\--~]+")  # printable ASCII without space and comma
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
MAX_INT = 2**63 - 1


def parse_count(value: str | None, header: str) -> int:
    """A non-negative decimal integer (no sign, no spaces, at most 2**63 - 1)."""
    if value is None:
        raise invalid_request(f"The {header} header is required.")
    if not _DIGITS.fullmatch(value) or int(value) > MAX_INT:
        raise invalid_request(f"The {header} header must be a non-negative integer.")
    return int(value)


def parse_metadata(value: str | None, max_size: int) -> str:
    """Validate ``Upload-Metadata`` and return it normalised (an empty header is allowed)."""
    if value is None or not value.strip():
        return ""
    if len(value) > max_size:
        raise ApiError(
            400, "invalid_request", f"Upload-Metadata is limited to {max_size} characters."
        )
    seen: set[str] = set()
    pairs = []
    for item in value.split(","):
        parts = item.strip().split(" ")
        key = parts[0]
        if len(parts) > 2 or not _KEY.fullmatch(key) or key in seen:
            raise invalid_request("Upload-Metadata is malformed.")
        seen.add(key)
        if len(parts) == 2:
            _decode_b64(parts[1], "Upload-Metadata")
            pairs.append(f"{key} {parts[1]}")
        else:
            pairs.append(key)
    return ",".join(pairs)


def metadata_value(metadata: str, key: str) -> bytes | None:
    """The decoded value of ``key`` in an already validated metadata string."""
    for item in metadata.split(","):
        name, _, value = item.partition(" ")
        if name == key:
            return base64.b64decode(value) if value else b""
    return None


@dataclass(frozen=True)
class Checksum:
    algorithm: str
    digest: bytes

    def new_hasher(self) -> hashlib._Hash:
        return hashlib.new(self.algorithm)


def parse_checksum(value: str | None) -> Checksum | None:
    if value is None:
        return None
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise invalid_request(
            "Unsupported checksum algorithm; use one of " + ", ".join(CHECKSUM_ALGORITHMS) + "."
        )
    digest = _decode_b64(encoded, "Upload-Checksum")
    if len(digest) != hashlib.new(algorithm).digest_size:
        raise invalid_request("Upload-Checksum has the wrong length for its algorithm.")
    return Checksum(algorithm, digest)


def _decode_b64(value: str, header: str) -> bytes:
    if not _B64.fullmatch(value) or len(value) % 4:
        raise invalid_request(f"{header} contains invalid base64.")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid_request(f"{header} contains invalid base64.") from exc
