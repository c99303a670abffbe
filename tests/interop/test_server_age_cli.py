"""A file encrypted by the stock ``age`` CLI, uploaded by tuspy, comes back byte-identical
through ``noomus-extranet deliveries decrypt``."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import httpx
import pytest
from tusclient import client as tus_client

from noomus_desktop.core.crypto import FileMetadata, encrypt_metadata
from tests.helpers import agecli
from tests.helpers.server import RunningExtranet

pytestmark = agecli.requires_age


def upload(server: RunningExtranet, data: bytes, metadata: dict[str, str] | None = None) -> str:
    """Upload with tuspy; returns the delivery id from the HEAD after completion."""
    tokens = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": server.username, "password": server.password, "device_name": "cli"},
    ).json()
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    tus = tus_client.TusClient(f"{server.url}/api/v1/uploads/", headers=auth)
    with io.BytesIO(data) as stream:
        # latin-1 carries arbitrary bytes through tuspy's str-only metadata values.
        uploader = tus.uploader(
            file_stream=stream,
            chunk_size=256 * 1024,
            metadata=metadata,
            metadata_encoding="latin-1",
        )
        uploader.upload()
    url: object = uploader.url  # tuspy annotates it as always None
    assert isinstance(url, str)
    head = httpx.head(url, headers={"Tus-Resumable": "1.0.0", **auth})
    return head.headers["Noomus-Delivery-Id"]


def noomus_meta(encrypted: bytes) -> dict[str, str]:
    return {"noomus-meta": encrypted.decode("latin-1")}


def test_age_cli_file_round_trips_with_its_name(extranet: RunningExtranet, tmp_path: Path) -> None:
    plaintext = b"quarterly figures\n" * 50_000 + bytes(range(256))
    ciphertext = agecli.encrypt(plaintext, [extranet.recipient])
    meta = FileMetadata(
        name="report.pdf",
        relative_path="Q3/finance/report.pdf",
        size=len(plaintext),
        mtime_ns=1_700_000_000_000_000_000,
        sha256=hashlib.sha256(plaintext).hexdigest(),  # staff check it against the file
    )
    delivery = upload(extranet, ciphertext, noomus_meta(encrypt_metadata(meta, extranet.recipient)))
    out = tmp_path / "received"
    printed = extranet.admin(
        "deliveries",
        "decrypt",
        delivery,
        "--identity",
        str(extranet.identity_file),
        "--out",
        str(out),
    )
    restored = out / "Q3" / "finance" / "report.pdf"
    assert printed.strip() == str(restored.resolve())
    assert restored.read_bytes() == plaintext
    # The stock age CLI agrees with what the server stored.
    stored = next((extranet.data_dir / "inbox").rglob("*.age")).read_bytes()
    assert stored == ciphertext
    assert agecli.decrypt(stored, extranet.identity_file) == plaintext


def test_without_metadata_the_file_is_named_after_the_delivery(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    plaintext = b"no name given"
    delivery = upload(extranet, agecli.encrypt(plaintext, [extranet.recipient]))
    extranet.admin(
        "deliveries",
        "decrypt",
        delivery,
        "--identity",
        str(extranet.identity_file),
        "--out",
        str(tmp_path),
    )
    assert (tmp_path / f"delivery-{delivery}.bin").read_bytes() == plaintext


@pytest.mark.parametrize("path", ["../escape.txt", "/etc/escape.txt", "a/../../escape.txt"])
def test_metadata_escaping_the_output_folder_is_refused(
    extranet: RunningExtranet, tmp_path: Path, path: str
) -> None:
    # Size and hash fit the content, so only the path can be what refuses the name.
    digest = hashlib.sha256(b"x").hexdigest()
    document = {"v": 1, "n": "escape.txt", "p": path, "s": 1, "m": 0, "h": digest}
    evil = agecli.encrypt(json.dumps(document).encode(), [extranet.recipient])
    delivery = upload(extranet, agecli.encrypt(b"x", [extranet.recipient]), noomus_meta(evil))
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="noomus-extranet deliveries decrypt"):
        extranet.admin(
            "deliveries",
            "decrypt",
            delivery,
            "--identity",
            str(extranet.identity_file),
            "--out",
            str(out),
        )
    assert not list(tmp_path.rglob("escape.txt"))
    assert not Path("/etc/escape.txt").exists()


def test_wrong_identity_is_a_clear_error(extranet: RunningExtranet, tmp_path: Path) -> None:
    delivery = upload(extranet, agecli.encrypt(b"secret", [extranet.recipient]))
    other = tmp_path / "other.key"
    agecli.keygen(other)
    with pytest.raises(RuntimeError, match="Cannot decrypt delivery"):
        extranet.admin(
            "deliveries",
            "decrypt",
            delivery,
            "--identity",
            str(other),
            "--out",
            str(tmp_path / "o"),
        )
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())
