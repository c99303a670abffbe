"""Password hashing (Argon2id) and generated initial passwords."""

from __future__ import annotations

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # Argon2id with argon2-cffi's RFC 9106 based defaults
# No look-alikes (0/O, 1/l/I): coordinators read these out loud or on paper.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MIN_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-work check; ``None`` (unknown user) verifies against a dummy hash."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    """Verified when the user is unknown: a wrong user ID costs as much as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


def generate_password() -> str:
    """A strong initial password: 20 characters, about 116 bits, in groups of five."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(20))
    return "-".join(chars[i : i + 5] for i in range(0, 20, 5))
