"""The stock ``age`` CLI as a test peer: key generation, encryption and decryption."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

AGE = shutil.which("age")
AGE_KEYGEN = shutil.which("age-keygen")

requires_age = pytest.mark.skipif(
    AGE is None or AGE_KEYGEN is None,
    reason="the age CLI (Debian package 'age') is not installed",
)


def keygen(path: Path) -> str:
    """Write a new identity file at ``path`` with age-keygen; return its recipient."""
    assert AGE_KEYGEN is not None
    subprocess.run([AGE_KEYGEN, "-o", str(path)], check=True, capture_output=True)
    return recipient_of(path)


def recipient_of(identity_file: Path) -> str:
    """The recipient of an identity file, as ``age-keygen -y`` derives it."""
    assert AGE_KEYGEN is not None
    result = subprocess.run(
        [AGE_KEYGEN, "-y", str(identity_file)], check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def encrypt(data: bytes, recipients: Sequence[str], *, armor: bool = False) -> bytes:
    assert AGE is not None
    args = [AGE, *(["--armor"] if armor else []), *(a for r in recipients for a in ("-r", r))]
    return subprocess.run(args, input=data, check=True, capture_output=True).stdout


def decrypt(data: bytes, identity_file: Path) -> bytes:
    assert AGE is not None
    args = [AGE, "-d", "-i", str(identity_file)]
    return subprocess.run(args, input=data, check=True, capture_output=True).stdout
