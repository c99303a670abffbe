"""Delivery format 2 end to end (``docs/api.md``): the engine streams the file, then sends its
encrypted manifest once the server confirmed the last byte; staff restore names from it. And
what releases before it left (a half-sent format-1 upload in the queue) still delivers.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import uuid
from pathlib import Path

import httpx

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    FileMetadata,
    decrypt_metadata,
    encrypt_metadata,
)
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import (
    FORMAT_KEY,
    MANIFEST_FOR_KEY,
    METADATA_KEY,
    TransferRecord,
    TransferState,
    TransferStore,
)
from noomus_desktop.core.scan import ScannedFile
from noomus_desktop.staff.verify import mismatch
from noomus_extranet.admin import Admin, open_database
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.recorder import running_engine
from tests.helpers.server import RunningExtranet
from tests.helpers.tusnode import RunningTusNode
from tests.integration.server.conftest import login
from tests.integration.test_engine_extranet import _signed_in

pytestmark = agecli.requires_age


def _requests(server: RunningExtranet, upload_id: str) -> list[tuple[str, str, str]]:
    """(method, path, status) of every request on one upload, from the access log."""
    lines = (server.data_dir / "logs" / "access.log").read_text().splitlines()
    found = []
    for line in lines:
        _, _, method, path, status, *_ = line.split(" ")
        if upload_id in path:
            found.append((method, path.rsplit("/", 1)[-1], status))
    return found


def test_round_trip_sends_the_manifest_only_after_the_last_byte_is_confirmed(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    """The answer to the PATCH that stores the last byte is lost: the client must learn from
    a HEAD that every byte is stored before it sends the manifest."""
    data = os.urandom(200_000)  # one PATCH (FAST: 256 KiB), after a creation without body
    (tmp_path / "Reports").mkdir()
    (tmp_path / "Reports" / "plan é.pdf").write_bytes(data)
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        account = _signed_in(proxy.url, extranet)
        proxy.lose_next_response("PATCH")
        with running_engine(Destination.noomus(account)) as (engine, _):
            engine.add_paths([str(tmp_path / "Reports")])
            assert engine.wait_idle(60)
            (record,) = engine.snapshot()
        account.close()
    assert proxy.responses_lost == 1
    assert record.state is TransferState.DONE and record.delivery_id is not None
    assert record.upload_url is not None
    upload_id = record.upload_url.rsplit("/", 1)[-1]
    methods = [(m, s) for m, _, s in _requests(extranet, upload_id)]
    # The final PATCH stored everything (its answer lost), a HEAD said so, then the manifest.
    assert methods[-3:] == [("PATCH", "204"), ("HEAD", "200"), ("PUT", "204")]
    assert [m for m, _ in methods].count("PUT") == 1

    out = tmp_path / "out"
    decrypt_command_output = decrypt_command_for(extranet, int(record.delivery_id), out)
    assert "Reports" in decrypt_command_output
    assert (out / "Reports" / "plan é.pdf").read_bytes() == data
    admin = Admin(open_database(extranet.data_dir))
    try:
        metadata = admin.delivery(int(record.delivery_id))["metadata"]
    finally:
        admin.db.close()
    keys = {item.split(" ")[0] for item in metadata.split(",")}
    assert keys == {FORMAT_KEY, "noomus-manifest"}
    # Our server checked the delivery's SHA-256 (the record is done): the manifest binds it.
    manifest = stored_manifest(extranet, metadata)
    assert manifest.ciphertext_sha256 is not None and manifest.ciphertext_blake3 is None


def stored_manifest(server: RunningExtranet, metadata: str) -> FileMetadata:
    """The manifest in a delivery's stored metadata (``Admin.delivery``), decrypted."""
    encoded = dict(item.split(" ") for item in metadata.split(","))["noomus-manifest"]
    return decrypt_metadata(base64.b64decode(encoded), server.identity_file.read_text())


def decrypt_command_for(server: RunningExtranet, delivery_id: int, out: Path) -> str:
    """What ``noomus-extranet deliveries decrypt`` prints (the command, run for real)."""
    identity = str(server.identity_file)
    return server.admin(
        "deliveries", "decrypt", str(delivery_id), "--identity", identity, "--out", str(out)
    )


def _sent_to_plain_tus(
    server: RunningTusNode, tmp_path: Path, files: dict[str, bytes]
) -> tuple[Path, list[TransferRecord]]:
    """``files`` sent to @tus/server: (the staff key, the done records)."""
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with running_engine(Destination.plain_tus(server.endpoint, [recipient])) as (engine, _):
        engine.add_paths([str(tmp_path / n) for n in files])
        assert engine.wait_idle(60)
        records = engine.snapshot()
    assert all(r.state is TransferState.DONE for r in records)
    return key, records


def _names_restored_on_plain_tus(
    server: RunningTusNode, key: Path, records: list[TransferRecord], files: dict[str, bytes]
) -> dict[str, bytes]:
    """Each record's manifest as staff pair it, checked against its upload; returned by name."""
    manifests = server.manifests()
    identity = key.read_text()
    by_name = {}
    for record in records:
        assert record.upload_url is not None
        manifest = manifests[record.upload_url.rsplit("/", 1)[-1]]
        meta = decrypt_metadata(manifest, identity)
        stored = server.directory / record.upload_url.rsplit("/", 1)[-1]
        assert meta.relative_path == record.relative_path
        # No delivery check needs SHA-256 here: BLAKE3 alone binds the ciphertext.
        assert meta.ciphertext_blake3 is not None and meta.ciphertext_sha256 is None
        assert mismatch(meta, stored, identity) is None
        assert agecli.decrypt(stored.read_bytes(), key) == files[record.name]
        by_name[record.name] = manifest
    return by_name


def test_plain_tus_server_gets_each_manifest_as_its_own_upload(
    tus_node: RunningTusNode, tmp_path: Path
) -> None:
    """Files too large for creation-with-upload (over ``FAST.small_file_size``)."""
    files = {"a.txt": os.urandom(100_000), "longer name.txt": os.urandom(200_000)}
    key, records = _sent_to_plain_tus(tus_node, tmp_path, files)
    manifests = _names_restored_on_plain_tus(tus_node, key, records, files)
    described = [json.loads(i.read_text())["metadata"] for i in tus_node.directory.glob("*.json")]
    assert sum(MANIFEST_FOR_KEY in d for d in described) == len(files)
    # Padded: names of different lengths give manifests of one size.
    assert len({len(m) for m in manifests.values()}) == 1


def test_blake3_manifests_on_plain_tus_are_refused_when_they_do_not_match(
    tus_node: RunningTusNode, tmp_path: Path
) -> None:
    """What a compromised server or a forger can do to BLAKE3-bound manifests: swap them
    between two deliveries, write one with the public recipient (copying every public fact,
    the ciphertext's BLAKE3 included), or alter the stored ciphertext."""
    files = {"payroll.xlsx": os.urandom(100_000), "invoice.pdf": os.urandom(100_000)}
    key, records = _sent_to_plain_tus(tus_node, tmp_path, files)
    manifests, identity = tus_node.manifests(), key.read_text()
    ids = [r.upload_url.rsplit("/", 1)[-1] for r in records if r.upload_url]
    metas = [decrypt_metadata(manifests[i], identity) for i in ids]
    stored = [tus_node.directory / i for i in ids]
    assert mismatch(metas[0], stored[1], identity) == (
        "it belongs to another encryption: the age header's MAC differs"
    )
    forged = dataclasses.replace(metas[0], name="a.txt", relative_path="a.txt", sha256="0" * 64)
    assert forged.ciphertext_blake3 == metas[0].ciphertext_blake3
    assert mismatch(forged, stored[0], identity) == "the decrypted file's SHA-256 differs"
    altered = bytearray(stored[0].read_bytes())
    altered[-100] ^= 1
    copy = tmp_path / "altered.age"
    copy.write_bytes(altered)
    assert mismatch(metas[0], copy, identity) == "the ciphertext's BLAKE3 differs"


def _half_sent_format_1(
    server: RunningExtranet, destination: Destination, path: Path
) -> tuple[TransferStore, str]:
    """What a release before format 2 left in the queue when it quit mid-transfer: a plan
    record with every chunk's tag, the plaintext's SHA-256 in the record, and an upload
    created with its ``noomus-meta`` that holds the first half of the ciphertext."""
    store = TransferStore()
    stat = path.stat()
    scanned = ScannedFile(str(path), path.name, stat.st_size, stat.st_mtime_ns)
    (record,) = store.add(uuid.uuid4().hex, destination.key, [scanned])
    plan = EncryptionPlan.create(server.recipient)
    view, fingerprint = CiphertextView.fingerprinting(plan, path)
    total = plan.ciphertext_size(fingerprint.size)
    meta = FileMetadata(
        path.name,
        path.name,
        fingerprint.size,
        fingerprint.mtime_ns,
        fingerprint.sha256,
        header_mac=plan.header_mac.hex(),
        ciphertext_size=total,
    )
    store.save_plan(record.id, plan.to_record(view.tags))
    half = view.read_at(0, total // 2)
    view.close()
    encrypted = base64.b64encode(encrypt_metadata(meta, server.recipient)).decode()
    with httpx.Client(base_url=server.url) as client:
        token = login(client, server.username, server.password).json()["access_token"]
        created = client.post(
            "/api/v1/uploads/",
            headers={
                "Authorization": f"Bearer {token}",
                "Tus-Resumable": "1.0.0",
                "Upload-Length": str(total),
                "Upload-Metadata": f"{METADATA_KEY} {encrypted}",
                "Content-Type": "application/offset+octet-stream",
            },
            content=bytes(half),
        )
    assert created.status_code == 201, created.text
    url = server.url + "/api/v1/uploads/" + created.headers["Location"].rsplit("/", 1)[-1]
    store.update(
        record.id,
        sha256=fingerprint.sha256,
        total=total,
        upload_url=url,
        offset=len(half),
    )
    return store, url


def test_half_sent_format_1_upload_in_the_queue_still_delivers(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    path = tmp_path / "old.bin"
    path.write_bytes(data)
    account = _signed_in(extranet.url, extranet)
    destination = Destination.noomus(account)
    store, url = _half_sent_format_1(extranet, destination, path)
    with running_engine(destination, store=store) as (engine, _):
        assert engine.wait_idle(60)
        (record,) = engine.snapshot()
    account.close()
    assert record.state is TransferState.DONE and record.upload_url == url
    upload_id = url.rsplit("/", 1)[-1]
    # Resumed (no new creation), delivered at its last byte: no manifest for format 1.
    requests = _requests(extranet, upload_id)
    assert "PUT" not in [m for m, _, _ in requests]
    assert requests[0][0] == "HEAD"  # the engine asked where the old upload stood
    out = tmp_path / "out"
    decrypt_command_for(extranet, int(record.delivery_id or 0), out)
    assert (out / "old.bin").read_bytes() == data
