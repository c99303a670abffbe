"""Whole-stream age encryption and decryption, over streams, bytes and files."""

from __future__ import annotations

import errno
import hmac
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from noomus_desktop.core.crypto import scrypt
from noomus_desktop.core.crypto.armor import (
    SNIFF_SIZE,
    ArmoredReader,
    ArmoredWriter,
    looks_armored,
)
from noomus_desktop.core.crypto.errors import HeaderError, HeaderMacError, NoIdentityMatchError
from noomus_desktop.core.crypto.format import Header, read_header
from noomus_desktop.core.crypto.ioutil import PrefixedReader, Readable, Writable, read_exactly
from noomus_desktop.core.crypto.keys import Identities, Recipients, Unwrapper, to_identities
from noomus_desktop.core.crypto.plan import EncryptionPlan
from noomus_desktop.core.crypto.primitives import header_mac
from noomus_desktop.core.crypto.stream import NONCE_SIZE, decrypt_payload

StrPath = str | os.PathLike[str]


def encrypt_stream(
    reader: Readable, writer: Writable, recipients: Recipients, *, armor: bool = False
) -> None:
    """Encrypt everything ``reader`` yields to ``recipients`` into ``writer``."""
    plan = EncryptionPlan.create(recipients)
    if not armor:
        plan.encrypt(reader, writer)
        return
    armored = ArmoredWriter(writer)
    plan.encrypt(reader, armored)
    armored.close()


def _file_key(header: Header, identities: list[Unwrapper]) -> bytes:
    if any(s.type == scrypt.STANZA_TYPE for s in header.stanzas) and len(header.stanzas) != 1:
        raise HeaderError("a passphrase stanza must be the only one")
    for identity in identities:
        file_key = identity.unwrap(header.stanzas)
        if file_key is not None:
            return file_key
    raise NoIdentityMatchError()


def decrypt_stream(
    reader: Readable,
    writer: Writable,
    identities: Identities,
    *,
    armored: bool | None = None,
) -> None:
    """Decrypt an age file (binary or armored; ``None`` detects) into ``writer``.

    Plaintext is written chunk by chunk, each only after it is authenticated; on a
    :class:`PayloadError` the writer holds an authentic but incomplete prefix.
    """
    keys = to_identities(identities)
    if armored is None:
        start = read_exactly(reader, SNIFF_SIZE)
        armored = looks_armored(start)
        reader = PrefixedReader(start, reader)
    if armored:
        reader = ArmoredReader(reader)
    header, rest = read_header(reader)
    file_key = _file_key(header, keys)
    if not hmac.compare_digest(header.mac, header_mac(file_key, header.authenticated)):
        raise HeaderMacError()
    if len(rest) < NONCE_SIZE:
        rest += read_exactly(reader, NONCE_SIZE - len(rest))
        if len(rest) < NONCE_SIZE:
            raise HeaderError("missing payload nonce")
    decrypt_payload(file_key, rest[:NONCE_SIZE], reader, writer, rest[NONCE_SIZE:])


def encrypt_bytes(data: bytes, recipients: Recipients, *, armor: bool = False) -> bytes:
    """Encrypt a small in-memory plaintext."""
    sealed = EncryptionPlan.create(recipients).seal(data)
    if not armor:
        return sealed
    out = io.BytesIO()
    armored = ArmoredWriter(out)
    armored.write(memoryview(sealed))
    armored.close()
    return out.getvalue()


def decrypt_bytes(data: bytes, identities: Identities) -> bytes:
    """Decrypt a small in-memory age file (binary or armored)."""
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(data), out, identities)
    return out.getvalue()


#: Temporary files are named ``.noomus-<random>.part``: a fixed, short name, since a target
#: name near the 255-byte limit leaves no room to derive a temporary name from it.
_TEMP_PREFIX = ".noomus-"
_TEMP_SUFFIX = ".part"


#: ``link()`` failures that mean "this file system has no hard links".
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}
)


def _publish(temp: Path, target: Path, *, overwrite: bool) -> None:
    """Give the finished ``temp`` its final name, atomically.

    Without ``overwrite`` an existing ``target`` (even one that appeared a moment ago) raises
    :class:`FileExistsError` instead of being replaced: a hard link never replaces, and
    neither does a rename on Windows.
    """
    if overwrite:
        temp.replace(target)
    elif os.name == "nt":
        temp.rename(target)
    else:
        try:
            os.link(temp, target)
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            # FAT/exFAT sticks, some network mounts: take the name exclusively, then rename
            # over that empty placeholder (only our own file can be replaced).
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            temp.replace(target)
        else:
            temp.unlink()


@contextmanager
def _replace_on_success(dst: StrPath, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """A temporary file beside ``dst`` that becomes ``dst`` only if the block succeeds.

    A destination that exists and is not a regular file (``/dev/null``, a pipe) is written
    to directly: replacing it would destroy it. Without ``overwrite`` any existing ``dst``
    raises :class:`FileExistsError`, before any work and again at the final rename.
    """
    target = Path(dst)
    if not overwrite and os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    if target.exists() and not target.is_file():
        with target.open("wb") as out:
            yield out
        return
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        _publish(Path(temp), target, overwrite=overwrite)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def encrypt_file(
    src: StrPath, dst: StrPath, recipients: Recipients, *, armor: bool = False
) -> None:
    """Encrypt file ``src`` to ``dst``; ``dst`` appears only once it is complete."""
    with Path(src).open("rb", buffering=0) as reader, _replace_on_success(dst) as writer:
        encrypt_stream(reader, writer, recipients, armor=armor)


def decrypt_file(
    src: StrPath, dst: StrPath, identities: Identities, *, overwrite: bool = True
) -> None:
    """Decrypt ``src`` to ``dst``; on any failure no plaintext is left at ``dst``.

    ``overwrite=False`` never replaces an existing ``dst`` (:class:`FileExistsError`), so a
    caller choosing a free name cannot lose a file that took that name concurrently.
    """
    with (
        Path(src).open("rb", buffering=0) as reader,
        _replace_on_success(dst, overwrite=overwrite) as writer,
    ):
        decrypt_stream(reader, writer, identities)
