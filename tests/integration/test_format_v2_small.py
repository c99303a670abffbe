"""Delivery format 2 for small files (``docs/api.md``): a file whose whole ciphertext goes in
the creation request is sealed before it, so its manifest travels in the creation metadata
and costs no request of its own: exactly the creation and the PATCH of its last byte, no
``PUT`` of a manifest, no manifest upload. On our server and on @tus/server, staff restore
its name from that manifest; the manifest stays padded (names of different lengths, same
metadata length) and encrypted to the recipients.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from pathlib import Path

from noomus_desktop.core.crypto import decrypt_metadata
from noomus_desktop.core.crypto.armor import ArmoredReader
from noomus_desktop.core.crypto.format import read_header
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import FORMAT_KEY, MANIFEST_FOR_KEY, MANIFEST_KEY, TransferState
from noomus_desktop.staff.verify import mismatch
from noomus_extranet.admin import Admin, open_database
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.recorder import FAST, running_engine, wait_until
from tests.helpers.server import RunningExtranet
from tests.helpers.tusnode import RunningTusNode
from tests.integration.test_engine_extranet import _signed_in
from tests.integration.test_format_v2 import decrypt_command_for, stored_manifest

pytestmark = agecli.requires_age

#: Two names of different lengths in the 1 KiB bucket, and a path long enough for the 4 KiB
#: one (each folder name 200 characters): all three small files.
DEEP = "/".join(c * 200 for c in "bcdef")
FILES = {
    "Reports/a.txt": os.urandom(1000),
    "Reports/a much longer file name.txt": os.urandom(20_000),
    f"Reports/{DEEP}/deep.txt": os.urandom(3000),
}
assert all(len(d) < FAST.small_file_size for d in FILES.values())


def _write(tmp_path: Path) -> Path:
    for relative, data in FILES.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(data)
    return tmp_path / "Reports"


def _upload_requests(proxy: FaultProxy) -> Counter[str]:
    """The requests on uploads (discovery aside) that went through the proxy, by method."""
    return Counter(
        method
        for method, path in proxy.requests
        if "/uploads" in path or "/files" in path
        if method != "OPTIONS"
    )


def test_small_files_are_described_at_creation_on_our_server(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    folder = _write(tmp_path)
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        account = _signed_in(proxy.url, extranet)
        with running_engine(Destination.noomus(account)) as (engine, _):
            engine.add_paths([str(folder)])
            assert engine.wait_idle(60)
            records = engine.snapshot()
        account.close()
    assert all(r.state is TransferState.DONE and r.delivery_id for r in records)
    # The old two-request path: the creation (all but the last byte) and the last byte.
    assert _upload_requests(proxy) == {"POST": len(FILES), "PATCH": len(FILES)}

    admin = Admin(open_database(extranet.data_dir))
    try:
        stored = {r.relative_path: admin.delivery(int(r.delivery_id or 0)) for r in records}
    finally:
        admin.db.close()
    for delivery in stored.values():
        keys = {item.split(" ")[0] for item in delivery["metadata"].split(",")}
        assert keys == {FORMAT_KEY, MANIFEST_KEY}
        # Checked against our server's SHA-256 (done): the manifest binds that SHA-256.
        manifest = stored_manifest(extranet, delivery["metadata"])
        assert manifest.ciphertext_sha256 is not None and manifest.ciphertext_blake3 is None
    lengths = {path: len(d["metadata"]) for path, d in stored.items()}
    short, longer, deep = (lengths[p] for p in FILES)
    assert short == longer < deep  # padded: the 1 KiB bucket, then the 4 KiB one

    out = tmp_path / "out"
    for record in records:
        decrypt_command_for(extranet, int(record.delivery_id or 0), out)
    for relative, data in FILES.items():
        assert (out / relative).read_bytes() == data


def test_small_files_are_described_at_creation_on_plain_tus(
    tus_node: RunningTusNode, tmp_path: Path
) -> None:
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    folder = _write(tmp_path)
    with FaultProxy(("127.0.0.1", tus_node.port)) as proxy:
        destination = Destination.plain_tus(proxy.url + "/files/", [recipient])
        with running_engine(destination) as (engine, _):
            engine.add_paths([str(folder)])
            assert engine.wait_idle(60)
            records = engine.snapshot()
    assert all(r.state is TransferState.DONE for r in records)
    assert _upload_requests(proxy) == {"POST": len(FILES), "PATCH": len(FILES)}
    described = [json.loads(i.read_text())["metadata"] for i in tus_node.directory.glob("*.json")]
    assert len(described) == len(FILES)  # no manifest upload
    assert all(set(d) == {FORMAT_KEY, MANIFEST_KEY} for d in described)
    assert not any(MANIFEST_FOR_KEY in d for d in described)

    manifests, identity = tus_node.manifests(), key.read_text()
    lengths = {}
    for record in records:
        assert record.upload_url is not None
        upload_id = record.upload_url.rsplit("/", 1)[-1]
        meta = decrypt_metadata(manifests[upload_id], identity)
        assert meta.relative_path == record.relative_path
        assert meta.ciphertext_blake3 is not None and meta.ciphertext_sha256 is None
        assert mismatch(meta, tus_node.directory / upload_id, identity) is None
        assert agecli.decrypt(tus_node.stored(record.upload_url), key) == FILES[meta.relative_path]
        # Staff can also hand the manifest to the stock age CLI as it is (ASCII armor).
        assert json.loads(agecli.decrypt(manifests[upload_id], key))["p"] == meta.relative_path
        # Encrypted to exactly the destination's one recipient.
        header = read_header(ArmoredReader(io.BytesIO(manifests[upload_id])))[0]
        assert [s.type for s in header.stanzas] == ["X25519"]
        lengths[record.relative_path] = len(manifests[upload_id])
    short, longer, deep = (lengths[p] for p in FILES)
    assert short == longer < deep


def test_resumed_small_file_is_not_described_twice_on_plain_tus(
    tus_node: RunningTusNode, tmp_path: Path
) -> None:
    """The app quits after the creation, before the last byte: the next run resumes the
    upload, learns from its ``HEAD`` that its manifest is in its creation metadata, and sends
    no manifest upload."""
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    data = os.urandom(5000)
    (tmp_path / "note.txt").write_bytes(data)
    with FaultProxy(("127.0.0.1", tus_node.port)) as proxy:
        destination = Destination.plain_tus(proxy.url + "/files/", [recipient])
        proxy.fail_next(1000, method="PATCH")  # the last byte never goes through
        with running_engine(destination) as (engine, seen):
            engine.add_paths([str(tmp_path / "note.txt")])
            wait_until(lambda: any(r.upload_url for r in seen.changes))
            wait_until(lambda: proxy.failures_sent > 0)
        proxy.fail_next(0)
        with running_engine(destination) as (engine, _):
            assert engine.wait_idle(60)
            (record,) = engine.snapshot()
    assert record.state is TransferState.DONE
    assert _upload_requests(proxy)["POST"] == 1  # no new upload, no manifest upload
    assert "HEAD" in _upload_requests(proxy)
    (upload_id,) = tus_node.manifests()
    assert record.upload_url is not None and record.upload_url.endswith(upload_id)
    assert agecli.decrypt(tus_node.stored(record.upload_url), key) == data
