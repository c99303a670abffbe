"""Delivery format 2 on the reference server (``docs/api.md``): an upload created with
``noomus-format 2`` becomes a delivery only when its encrypted manifest is stored; staff
restore the name only from a manifest that matches the delivery."""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from noomus_desktop.core.crypto import FileMetadata, encrypt_bytes, encrypt_metadata
from noomus_desktop.core.crypto.format import read_header
from noomus_desktop.core.crypto.keys import generate_identity
from noomus_desktop.core.crypto.metadata import encrypt_manifest
from noomus_extranet.admin import AdminError, open_database
from noomus_extranet.tus.manifest import MAX_MANIFEST
from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import (
    Api,
    b64,
    fake_ciphertext,
)
from tests.integration.server.sharing import new_user_per_test, one_server_per_module
from tests.integration.server.test_auth import error_code
from tests.integration.server.test_staff_decrypt import decrypt

__all__ = ["new_user_per_test", "one_server_per_module"]  # one server, a user per test

FORMAT_2 = f"noomus-format {b64(b'2')}"


def manifest_for(
    ciphertext: bytes,
    plaintext: bytes,
    relative_path: str,
    recipient: str | list[str],
    **changes: object,
) -> bytes:
    """The manifest the desktop app sends after ``ciphertext``; ``changes`` forge fields."""
    fields: dict[str, object] = {
        "name": relative_path.rsplit("/", 1)[-1],
        "relative_path": relative_path,
        "size": len(plaintext),
        "mtime_ns": 0,
        "sha256": hashlib.sha256(plaintext).hexdigest(),
        "header_mac": read_header(io.BytesIO(ciphertext))[0].mac.hex(),
        "ciphertext_size": len(ciphertext),
        "ciphertext_sha256": hashlib.sha256(ciphertext).hexdigest(),
    }
    fields.update(changes)
    return encrypt_manifest(FileMetadata(**fields), recipient)  # type: ignore[arg-type]


def put_manifest(api: Api, location: str, manifest: bytes) -> httpx.Response:
    return api.client.put(location + "/manifest", headers=api.auth, content=manifest)


def received(api: Api, plaintext: bytes) -> tuple[str, bytes]:
    """A format-2 upload of ``plaintext`` with every byte stored: (location, ciphertext)."""
    ciphertext = encrypt_bytes(plaintext, [api.server.recipient])
    location = api.create(len(ciphertext), FORMAT_2)
    response = api.patch(location, 0, ciphertext)
    assert response.status_code == 204, response.text
    assert "Noomus-Delivery-Id" not in response.headers
    assert response.headers["Noomus-Manifest"] == "required"
    return location, ciphertext


def test_manifest_completes_the_delivery_idempotently(api: Api, tmp_path: Path) -> None:
    plaintext = os.urandom(70_000)
    location, ciphertext = received(api, plaintext)
    head = api.head(location)
    assert head.headers["Noomus-Manifest"] == "required" and "Upload-Expires" in head.headers
    assert api.client.get("/api/v1/deliveries", headers=api.auth).json()["deliveries"] == []

    manifest = manifest_for(ciphertext, plaintext, "Reports/q1.pdf", api.server.recipient)
    stored = put_manifest(api, location, manifest)
    assert stored.status_code == 204, stored.text
    headers = stored.headers
    assert headers["Noomus-Delivery-Sha256"] == hashlib.sha256(ciphertext).hexdigest()
    delivery_id = int(headers["Noomus-Delivery-Id"])
    # HEAD returns the creation metadata only, and no longer asks for a manifest.
    head = api.head(location)
    assert head.headers["Upload-Metadata"] == FORMAT_2 and "Noomus-Manifest" not in head.headers
    _stands_and_restores(api, location, manifest, delivery_id, plaintext, tmp_path)


def _stands_and_restores(
    api: Api, location: str, manifest: bytes, delivery_id: int, plaintext: bytes, out: Path
) -> None:
    """The delivery of ``Reports/q1.pdf`` whose ``manifest`` is stored: the same manifest
    again (a retry whose answer was lost) answers the same delivery, another one is refused
    (the stored one stands), and staff restore the file under its name."""
    again = put_manifest(api, location, manifest)
    assert again.headers["Noomus-Delivery-Id"] == str(delivery_id)
    ciphertext = next(api.server.data_dir.glob(f"inbox/*/{location.rsplit('/', 1)[-1]}.age"))
    other = manifest_for(
        ciphertext.read_bytes(), plaintext, "Reports/other.pdf", api.server.recipient
    )
    conflict = put_manifest(api, location, other)
    assert conflict.status_code == 409
    assert error_code(conflict) == "manifest_conflict"
    written = decrypt(api, delivery_id, out / "out")
    assert written == (out / "out" / "Reports" / "q1.pdf").resolve()
    assert written.read_bytes() == plaintext


def test_manifest_is_refused_before_the_last_byte_and_for_format_1(api: Api) -> None:
    plaintext = os.urandom(10_000)
    ciphertext = encrypt_bytes(plaintext, [api.server.recipient])
    manifest = manifest_for(ciphertext, plaintext, "a.txt", api.server.recipient)
    location = api.create(len(ciphertext), FORMAT_2)
    assert api.patch(location, 0, ciphertext[:-1]).status_code == 204
    early = put_manifest(api, location, manifest)
    assert error_code(early) == "manifest_not_expected"
    assert "Noomus-Manifest" not in api.head(location).headers
    # A format-1 upload is delivered at its last byte, as before, and takes no manifest.
    old = api.upload(fake_ciphertext(5000))
    assert "Noomus-Delivery-Id" in old.headers and "Noomus-Manifest" not in old.headers
    refused = put_manifest(api, str(old.request.url), manifest)
    assert error_code(refused) == "manifest_not_expected"


def test_manifest_must_be_small_age_to_our_recipients(api: Api) -> None:
    location, _ = received(api, b"x" * 100)
    too_large = put_manifest(api, location, os.urandom(MAX_MANIFEST + 1))
    assert too_large.status_code == 413
    plain = put_manifest(api, location, b'{"v":2,"n":"a.txt"}')
    assert plain.status_code == 422
    assert api.head(location).headers["Noomus-Manifest"] == "required"


def test_upload_whose_manifest_never_comes_expires(
    extranet_factory: Callable[..., RunningExtranet], api_factory: Callable[..., Api]
) -> None:
    server = extranet_factory(upload_expiry=1)
    api = api_factory(server=server)
    location, _ = received(api, os.urandom(1000))
    upload_id = location.rsplit("/", 1)[-1]
    assert (server.data_dir / "uploads" / f"{upload_id}.part").exists()
    deadline = time.monotonic() + 10
    while api.head(location).status_code != 410 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert api.head(location).status_code == 410
    assert not (server.data_dir / "uploads" / f"{upload_id}.part").exists()
    assert not list(server.data_dir.glob(f"inbox/*/{upload_id}.age"))


def _deliver_v2(api: Api, plaintext: bytes, relative_path: str, **forged: object) -> int:
    location, ciphertext = received(api, plaintext)
    manifest = manifest_for(ciphertext, plaintext, relative_path, api.server.recipient, **forged)
    response = put_manifest(api, location, manifest)
    return int(response.headers["Noomus-Delivery-Id"])


def test_forged_manifest_keeps_the_neutral_name(api: Api, tmp_path: Path) -> None:
    """Written with the public recipient by someone who copied the public binding (header
    MAC, ciphertext length and hash) but cannot know the plaintext's SHA-256."""
    delivery_id = _deliver_v2(api, os.urandom(5000), "invoice.pdf", sha256="0" * 64)
    with pytest.raises(AdminError, match="SHA-256 differs"):
        decrypt(api, delivery_id, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"delivery-{delivery_id}.bin"]


def test_manifests_swapped_between_deliveries_are_refused(api: Api, tmp_path: Path) -> None:
    first = _deliver_v2(api, os.urandom(3000), "first.txt")
    second = _deliver_v2(api, os.urandom(3000), "second.txt")
    # A compromised server swaps the stored manifests.
    db = open_database(api.server.data_dir, api.server.database)
    try:
        rows = {r["id"]: r["metadata"] for r in db.all("SELECT id, metadata FROM deliveries")}
        db.execute("UPDATE deliveries SET metadata = ? WHERE id = ?", (rows[second], first))
        db.execute("UPDATE deliveries SET metadata = ? WHERE id = ?", (rows[first], second))
    finally:
        db.close()
    for delivery_id in (first, second):
        with pytest.raises(AdminError, match="age header's MAC differs"):
            decrypt(api, delivery_id, tmp_path / str(delivery_id))


def test_format_1_metadata_on_a_delivery_still_names_it(api: Api, tmp_path: Path) -> None:
    """Deliveries of older releases carry ``noomus-meta`` and are restored as before."""
    plaintext = os.urandom(2000)
    meta = FileMetadata(
        "old.txt", "old.txt", len(plaintext), 0, hashlib.sha256(plaintext).hexdigest()
    )
    ciphertext = encrypt_bytes(plaintext, [api.server.recipient])
    encrypted = encrypt_metadata(meta, api.server.recipient)
    location = api.create(len(ciphertext), f"noomus-meta {b64(encrypted)}")
    delivery_id = int(api.patch(location, 0, ciphertext).headers["Noomus-Delivery-Id"])
    assert decrypt(api, delivery_id, tmp_path).name == "old.txt"


def described_at_creation(
    api: Api, plaintext: bytes, relative_path: str, **forged: object
) -> tuple[str, bytes, bytes]:
    """A small file as the desktop app sends it: created with its manifest in the creation
    metadata and all but its last byte. Returns (location, ciphertext, manifest)."""
    ciphertext = encrypt_bytes(plaintext, [api.server.recipient])
    manifest = manifest_for(ciphertext, plaintext, relative_path, api.server.recipient, **forged)
    response = api.client.post(
        "/api/v1/uploads/",
        headers=api.tus(
            **{"Upload-Length": str(len(ciphertext))},
            **{"Upload-Metadata": f"{FORMAT_2},noomus-manifest {b64(manifest)}"},
            **{"Content-Type": "application/offset+octet-stream"},
        ),
        content=ciphertext[:-1],
    )
    assert response.status_code == 201, response.text
    assert "Noomus-Delivery-Id" not in response.headers
    return response.headers["Location"], ciphertext, manifest


def test_manifest_in_the_creation_metadata_delivers_at_the_last_byte(
    api: Api, tmp_path: Path
) -> None:
    plaintext = os.urandom(5000)
    location, ciphertext, manifest = described_at_creation(api, plaintext, "Reports/q1.pdf")
    # Before the last byte a PUT of it, even the same one, is refused: not all bytes are here.
    early = put_manifest(api, location, manifest)
    assert error_code(early) == "manifest_not_expected"
    assert api.head(location).headers["Upload-Metadata"] == FORMAT_2  # never the manifest
    last = api.patch(location, len(ciphertext) - 1, ciphertext[-1:])
    assert last.status_code == 204 and "Noomus-Manifest" not in last.headers
    delivery_id = int(last.headers["Noomus-Delivery-Id"])
    # A client that PUTs it anyway (its answer was lost): the same delivery; another: 409.
    _stands_and_restores(api, location, manifest, delivery_id, plaintext, tmp_path)


def test_manifest_in_the_creation_metadata_is_checked_like_a_put_one(api: Api) -> None:
    """Age to exactly our recipients, or the creation is refused and leaves nothing."""
    plaintext = os.urandom(1000)
    ciphertext = encrypt_bytes(plaintext, [api.server.recipient])
    # (One foreign X25519 key instead of ours has our key's shape: one more can be seen.)
    foreign = str(generate_identity().recipient())
    stranger = manifest_for(ciphertext, plaintext, "a.txt", [api.server.recipient, foreign])
    uploads = api.server.data_dir / "uploads"
    before = set(uploads.glob("*.part"))  # other tests' uploads (the server is the module's)
    for manifest in (stranger, b'{"v":2,"n":"a.txt"}'):
        response = api.client.post(
            "/api/v1/uploads/",
            headers=api.tus(
                **{"Upload-Length": str(len(ciphertext))},
                **{"Upload-Metadata": f"{FORMAT_2},noomus-manifest {b64(manifest)}"},
            ),
        )
        assert response.status_code == 422, response.text
        assert "Location" not in response.headers
    assert set(uploads.glob("*.part")) == before


def test_forged_creation_time_manifest_keeps_the_neutral_name(api: Api, tmp_path: Path) -> None:
    """Written with the public recipient, with a SHA-256 its author could not know."""
    location, ciphertext, _ = described_at_creation(
        api, os.urandom(5000), "invoice.pdf", sha256="0" * 64
    )
    last = api.patch(location, len(ciphertext) - 1, ciphertext[-1:])
    delivery_id = int(last.headers["Noomus-Delivery-Id"])
    with pytest.raises(AdminError, match="SHA-256 differs"):
        decrypt(api, delivery_id, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"delivery-{delivery_id}.bin"]
