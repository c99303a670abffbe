"""Bech32 (BIP 173) as age uses it: no length limit, all-lowercase or all-uppercase.

Mirrors age's ``internal/bech32``. Errors are plain ``ValueError`` kept inside this module's
callers, which turn them into typed recipient or identity errors.
"""

from __future__ import annotations

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_MAP = {c: i for i, c in enumerate(_CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class Bech32Error(ValueError):
    """A string is not valid Bech32; the message never quotes the input."""


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _GENERATOR[i]
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    acc = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & max_value)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & max_value)
    elif bits >= from_bits or (acc << (to_bits - bits)) & max_value:
        raise Bech32Error("non-zero or excess padding")
    return out


def encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under the human-readable part ``hrp``, in the case ``hrp`` is given in."""
    lower = hrp.lower()
    values = _convert_bits(data, 8, 5, pad=True)
    polymod = _polymod([*_hrp_expand(lower), *values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    text = lower + "1" + "".join(_CHARSET[v] for v in values + checksum)
    return text.upper() if hrp.isupper() else text


def decode(text: str) -> tuple[str, bytes]:
    """Return ``(hrp, data)``; the hrp is returned in the case it was written in."""
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed case")
    if any(not 33 <= ord(c) <= 126 for c in text):
        raise Bech32Error("invalid character")
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text):
        raise Bech32Error("separator misplaced")
    hrp = text[:pos]
    try:
        values = [_CHARSET_MAP[c] for c in text[pos + 1 :].lower()]
    except KeyError:
        raise Bech32Error("invalid data character") from None
    if _polymod([*_hrp_expand(hrp.lower()), *values]) != 1:
        raise Bech32Error("invalid checksum")
    return hrp, bytes(_convert_bits(values[:-6], 5, 8, pad=False))
