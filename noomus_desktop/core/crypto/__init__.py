"""age v1 encryption (X25519, mlkem768x25519 hybrid and passphrase recipients), on
``cryptography`` only.

Streaming whole-file encryption and decryption, a random-access ciphertext view for
resumable uploads, and encrypted file metadata. See ``docs/crypto.md`` for the design.
"""

from __future__ import annotations

from noomus_desktop.core.crypto.age import (
    decrypt_bytes,
    decrypt_file,
    decrypt_stream,
    encrypt_bytes,
    encrypt_file,
    encrypt_stream,
)
from noomus_desktop.core.crypto.errors import (
    ArmorError,
    CryptoError,
    DecryptionError,
    HeaderError,
    HeaderMacError,
    InvalidIdentityError,
    InvalidMetadataError,
    InvalidPlanError,
    InvalidRecipientError,
    MixedRecipientsError,
    NoIdentityMatchError,
    PayloadError,
    PlaintextChangedError,
    SourceUnreadableError,
    WrongPassphraseError,
)
from noomus_desktop.core.crypto.identityfile import protect_identity, read_identities
from noomus_desktop.core.crypto.keys import (
    Identities,
    Identity,
    Recipient,
    Recipients,
    Unwrapper,
    generate_identity,
    parse_identities_file,
    parse_identity,
    parse_recipient,
)
from noomus_desktop.core.crypto.metadata import FileMetadata, decrypt_metadata, encrypt_metadata
from noomus_desktop.core.crypto.plan import EncryptionPlan, ciphertext_size
from noomus_desktop.core.crypto.scrypt import ScryptIdentity, ScryptRecipient
from noomus_desktop.core.crypto.view import CiphertextView, PlaintextFingerprint

__all__ = [
    "ArmorError",
    "CiphertextView",
    "CryptoError",
    "DecryptionError",
    "EncryptionPlan",
    "FileMetadata",
    "HeaderError",
    "HeaderMacError",
    "Identities",
    "Identity",
    "InvalidIdentityError",
    "InvalidMetadataError",
    "InvalidPlanError",
    "InvalidRecipientError",
    "MixedRecipientsError",
    "NoIdentityMatchError",
    "PayloadError",
    "PlaintextChangedError",
    "PlaintextFingerprint",
    "Recipient",
    "Recipients",
    "ScryptIdentity",
    "ScryptRecipient",
    "SourceUnreadableError",
    "Unwrapper",
    "WrongPassphraseError",
    "ciphertext_size",
    "decrypt_bytes",
    "decrypt_file",
    "decrypt_metadata",
    "decrypt_stream",
    "encrypt_bytes",
    "encrypt_file",
    "encrypt_metadata",
    "encrypt_stream",
    "generate_identity",
    "parse_identities_file",
    "parse_identity",
    "parse_recipient",
    "protect_identity",
    "read_identities",
]
