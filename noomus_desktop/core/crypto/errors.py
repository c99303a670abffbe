"""Typed errors of the age engine.

Each carries a stable ``code`` and a message a person can act on. None of them ever holds a
key, a file key, a plan or plaintext: they are built from fixed sentences only.
"""

from __future__ import annotations

import errno

from noomus_desktop.core.errors import NoomusError


class CryptoError(NoomusError):
    """Base of every error raised by ``noomus_desktop.core.crypto``."""

    code = "crypto_error"


class DecryptionError(CryptoError):
    """An age file could not be decrypted (base of the finer decryption failures)."""

    code = "decryption_failed"


class HeaderError(DecryptionError):
    """The age header is malformed, uses an unsupported version or holds an invalid stanza."""

    code = "malformed_header"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"This is not a valid age encrypted file ({detail}). "
            "Ask the sender to encrypt and send it again."
        )


class HeaderMacError(DecryptionError):
    """The header parsed and a file key was found, but the header's MAC does not match."""

    code = "header_tampered"

    def __init__(self) -> None:
        super().__init__(
            "The encrypted file's header was altered after encryption. "
            "Ask the sender to send it again."
        )


class NoIdentityMatchError(DecryptionError):
    """None of the given identities can open any recipient stanza of the file."""

    code = "no_identity_match"

    def __init__(self) -> None:
        super().__init__(
            "None of the given keys can decrypt this file: it was encrypted to someone else. "
            "Check that you are using the right identity file."
        )


class PayloadError(DecryptionError):
    """The encrypted payload is truncated, altered or has trailing data."""

    code = "payload_tampered"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The encrypted file is damaged or was altered ({detail}). "
            "Ask the sender to send it again."
        )


class ArmorError(DecryptionError):
    """The ASCII armor around an age file is malformed."""

    code = "armor_invalid"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The text-armored age file is malformed ({detail}). "
            "Make sure it was copied completely and unchanged."
        )


class InvalidRecipientError(CryptoError):
    """A recipient (public key) string cannot be parsed."""

    code = "invalid_recipient"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"This is not a valid age recipient ({detail}). "
            "A recipient looks like 'age1' followed by 58 letters and digits."
        )


class MixedRecipientsError(InvalidRecipientError):
    """Recipients that age forbids in one file: post-quantum with classic, or a passphrase
    with anything. Keeps ``invalid_recipient``'s code: for the customer it means the same
    (Noomus's keys are unusable, contact Noomus)."""

    def __init__(self) -> None:
        CryptoError.__init__(
            self,
            "These recipients cannot share one file: age never mixes post-quantum (age1pq1...) "
            "and classic (age1...) keys, and a passphrase must be the only recipient.",
        )


class WrongPassphraseError(NoIdentityMatchError):
    """The passphrase does not open the passphrase-protected file (an identity file): the
    one "no match" a person can fix by typing again."""

    code = "wrong_passphrase"

    def __init__(self) -> None:
        DecryptionError.__init__(
            self, "The passphrase is wrong. Type it again, exactly as it was set."
        )


class InvalidIdentityError(CryptoError):
    """An identity (secret key) string or identity file cannot be parsed.

    The message never quotes the offending text, since it may be a secret key.
    """

    code = "invalid_identity"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"This is not a valid age identity ({detail}). "
            "An identity file holds lines starting with 'AGE-SECRET-KEY-1'."
        )


class InvalidPlanError(CryptoError):
    """A serialised encryption plan is corrupt or of an unknown version."""

    code = "invalid_plan"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The saved encryption state of this transfer is unusable ({detail}). "
            "Remove the transfer and send the file again."
        )


class InvalidMetadataError(CryptoError):
    """Decrypted file metadata is malformed or names an unsafe path."""

    code = "invalid_metadata"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The file's encrypted description is invalid ({detail}). "
            "Ask the sender to send the file again."
        )


class PlaintextChangedError(CryptoError):
    """The plaintext file changed while its ciphertext was being produced."""

    code = "file_changed"

    def __init__(self) -> None:
        super().__init__(
            "The file changed while it was being sent. "
            "Send it again when it's no longer being edited."
        )


class SourceUnreadableError(CryptoError):
    """The plaintext file could not be read while its ciphertext was being produced.

    Built from the ``OSError``'s kind alone: its text names the file, which is customer data
    and must reach no log (the caller shows the file's name to its user, who owns it).
    """

    code = "file_unreadable"

    def __init__(self, error: OSError) -> None:
        kind = errno.errorcode.get(error.errno or 0, type(error).__name__)
        super().__init__(
            f"The file cannot be read ({kind}). Check that you are allowed to open it."
        )
