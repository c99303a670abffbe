"""Delivery format 2: the encrypted manifest that completes an upload (``docs/api.md``).

An upload created with ``Upload-Metadata: noomus-format Mg==`` (the text ``2``) carries no
file description: its client streams the ciphertext at once and describes it afterwards. When
its last byte is stored the upload is *received* but not yet a delivery: ``HEAD`` says
``Noomus-Manifest: required``. ``PUT /api/v1/uploads/{id}/manifest`` then stores the manifest
(a small age file encrypted to the registered recipients) and turns the upload into a
delivery. Until then the upload is unfinished in every other respect: it counts against the
quota and expires like any other.

The manifest is kept in the upload's metadata string under ``noomus-manifest``, beside the
creation metadata, so the delivery row's ``metadata`` holds it exactly as it holds the
``noomus-meta`` of format 1 (where staff tools read names from).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from noomus_extranet.agefile import check_age_file
from noomus_extranet.errors import ApiError
from noomus_extranet.tus.headers import metadata_value

FORMAT_KEY = "noomus-format"
MANIFEST_KEY = "noomus-manifest"
#: The header a received format-2 upload answers with until its manifest is stored.
MANIFEST_HEADER = "Noomus-Manifest"
#: The most a manifest may weigh: the client pads its plaintext to at most 48 KiB.
MAX_MANIFEST = 64 * 1024


def is_format_2(metadata: str) -> bool:
    """Whether an upload with this creation metadata completes only with a manifest."""
    return metadata_value(metadata, FORMAT_KEY) == b"2"


def stored_manifest(metadata: str) -> bytes | None:
    return metadata_value(metadata, MANIFEST_KEY)


def with_manifest(metadata: str, manifest: bytes) -> str:
    """The upload's metadata string with the manifest added."""
    item = f"{MANIFEST_KEY} {base64.b64encode(manifest).decode()}"
    return f"{metadata},{item}" if metadata else item


def without_manifest(metadata: str) -> str:
    """The creation metadata alone (what ``HEAD`` returns: the manifest can be 87 KB of
    base64, too large for a header, and the client already has it)."""
    return ",".join(i for i in metadata.split(",") if i.partition(" ")[0] != MANIFEST_KEY)


def manifest_too_large() -> ApiError:
    return ApiError(413, "manifest_too_large", f"A manifest is at most {MAX_MANIFEST} bytes.")


def manifest_conflict() -> ApiError:
    return ApiError(
        409, "manifest_conflict", "This upload is already delivered with another manifest."
    )


def not_awaiting_manifest() -> ApiError:
    return ApiError(
        409,
        "manifest_not_expected",
        "This upload takes no manifest yet: it was not created with noomus-format 2,"
        " or not all of its bytes are stored (send HEAD).",
    )


def check_manifest(manifest: bytes, recipients: Sequence[str]) -> None:
    """The manifest must be binary age to exactly the registered recipients (422 otherwise)."""
    if len(manifest) > MAX_MANIFEST:
        raise manifest_too_large()
    check_age_file(io.BytesIO(manifest), len(manifest), recipients)
