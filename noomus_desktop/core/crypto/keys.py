"""Recipient and identity protocols, and parsing of their string forms.

A recipient type wraps a file key into stanzas; an identity type unwraps it. Each type lives
in its own module (:mod:`x25519`, :mod:`mlkem768x25519`, :mod:`scrypt`) and key types are
reached from here through their string prefix: callers only ever see the protocols.

A recipient carries *labels* (age 1.3, the C2SP spec): one file is encrypted only to
recipients with the same label set. Post-quantum recipients are labelled ``postquantum``, so
they never share a file with classic ones (the file would be only as safe as its classic
part); a passphrase carries a label of its own, so it is always alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from noomus_desktop.core.crypto import mlkem768x25519, x25519
from noomus_desktop.core.crypto.errors import (
    InvalidIdentityError,
    InvalidRecipientError,
    MixedRecipientsError,
)
from noomus_desktop.core.crypto.format import Stanza


@runtime_checkable
class Recipient(Protocol):
    """Someone a file is encrypted to. ``str()`` gives its canonical string (``age1...``)."""

    @property
    def labels(self) -> frozenset[str]:
        """Only recipients with equal label sets share a file (see the module's docstring)."""
        ...

    def wrap(self, file_key: bytes) -> list[Stanza]:
        """Encrypt ``file_key`` to this recipient as one or more stanzas."""
        ...


@runtime_checkable
class Unwrapper(Protocol):
    """Whatever finds the file key in a header: an :class:`Identity`, or a passphrase."""

    def unwrap(self, stanzas: tuple[Stanza, ...]) -> bytes | None:
        """Return the file key if one of ``stanzas`` is for this identity, else ``None``.

        Raises :class:`HeaderError` when a stanza of this identity's type is malformed.
        """
        ...


@runtime_checkable
class Identity(Unwrapper, Protocol):
    """A secret key that can open files encrypted to its :meth:`recipient`."""

    def recipient(self) -> Recipient:
        """The public recipient matching this identity."""
        ...

    def to_string(self) -> str:
        """The secret key in its canonical string form. Handle with care."""
        ...


RecipientLike = Recipient | str
IdentityLike = Unwrapper | str
#: One recipient or several, as objects or strings.
Recipients = RecipientLike | Iterable[RecipientLike]
#: One identity or several, as objects or key strings, or the text of an identity file.
Identities = IdentityLike | Iterable[IdentityLike]


def parse_recipient(text: str) -> Recipient:
    """Parse a recipient string such as ``age1...``."""
    text = text.strip()
    if text.startswith(mlkem768x25519.RECIPIENT_PREFIX):  # before "age1", its prefix
        return mlkem768x25519.HybridRecipient.parse(text)
    if text.startswith(x25519.RECIPIENT_PREFIX):
        return x25519.X25519Recipient.parse(text)
    raise InvalidRecipientError("unknown recipient type")


def is_post_quantum(text: str) -> bool:
    """Whether a recipient string is post-quantum (``age1pq1...``), by its prefix alone."""
    return text.strip().startswith(mlkem768x25519.RECIPIENT_PREFIX)


def parse_identity(text: str) -> Identity:
    """Parse one identity string such as ``AGE-SECRET-KEY-1...``."""
    text = text.strip()
    if text.startswith(mlkem768x25519.IDENTITY_PREFIX):
        return mlkem768x25519.HybridIdentity.parse(text)
    if text.startswith(x25519.IDENTITY_PREFIX):
        return x25519.X25519Identity.parse(text)
    raise InvalidIdentityError("unknown identity type")


def parse_identities_file(text: str) -> list[Identity]:
    """Parse an age identity file: one identity per line; ``#`` comments and blank lines."""
    identities = [
        parse_identity(line)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not identities:
        raise InvalidIdentityError("the identity file holds no keys")
    return identities


def generate_identity(*, post_quantum: bool = False) -> Identity:
    """A new random identity: X25519, or the post-quantum hybrid on request."""
    if post_quantum:
        return mlkem768x25519.HybridIdentity.generate()
    return x25519.X25519Identity.generate()


def to_recipients(recipients: Recipients) -> list[Recipient]:
    """Accept one recipient or several, as objects or strings; at least one is required."""
    # Not ``isinstance(recipients, Recipient)``: a runtime protocol check walks every
    # attribute, and this runs twice for each file sent (its payload and its manifest).
    if isinstance(recipients, str) or not isinstance(recipients, Iterable):
        recipients = [recipients]
    result = [parse_recipient(r) if isinstance(r, str) else r for r in recipients]
    if not result:
        raise InvalidRecipientError("no recipients given")
    check_labels(result)
    return result


def check_labels(recipients: Iterable[Recipient]) -> None:
    """Refuse recipients that cannot share a file: their label sets differ."""
    if len({r.labels for r in recipients}) > 1:
        raise MixedRecipientsError()


def to_identities(identities: Identities) -> list[Unwrapper]:
    """Accept identity objects, key strings, or one identity file's text."""
    if isinstance(identities, str):
        return list(parse_identities_file(identities))
    if isinstance(identities, Unwrapper):
        return [identities]
    return [parse_identity(i) if isinstance(i, str) else i for i in identities]
