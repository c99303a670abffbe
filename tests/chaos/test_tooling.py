"""The suite's own instruments can fail: the secret scanner finds what is hidden, the audit
catches a duplicate, the reliability record and table add up."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.helpers.chaos import (
    RELIABILITY_ENV,
    ReliabilityRow,
    audit,
    find_leaks,
    record,
    sha256_file,
)
from tests.helpers.server import RunningExtranet

SECRET = "ñame with spaces — ünïcode.pdf"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode(),
        lambda s: b"xx" + base64.b64encode(b"k" + s.encode()) + b"yy",
        lambda s: base64.b64encode(b"ab" + s.encode() + b"z"),
        lambda s: urllib.parse.quote(s).encode(),
        lambda s: json.dumps({"n": s}).encode(),
    ],
    ids=["utf8", "base64-shift1", "base64-shift2", "url", "json"],
)
def test_leak_scanner_finds_encoded_secrets(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "log.txt").write_bytes(b"prefix " + encode(SECRET) + b" suffix")
    (tmp_path / "clean.txt").write_text("nothing to see")
    found = find_leaks([tmp_path], {"file name": SECRET})
    assert found == [f"file name in {tmp_path / 'deep' / 'er' / 'log.txt'}"]
    assert SECRET not in " ".join(found)


def test_audit_catches_duplicates_and_corruption(extranet: RunningExtranet, tmp_path: Path) -> None:
    """Two real deliveries of one name through the API: the audit must call it a duplicate."""
    from noomus_desktop.core.crypto import FileMetadata, encrypt_bytes, encrypt_metadata

    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        body = {"username": "alice", "password": extranet.password, "device_name": "t"}
        token = client.post("/api/v1/auth/login", json=body).json()["access_token"]
        tus = {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"}
        for content in (b"first", b"second"):
            digest = hashlib.sha256(content).hexdigest()  # staff refuse a name it does not fit
            meta = FileMetadata("a.txt", "dir/a.txt", len(content), 0, digest)
            encrypted_meta = encrypt_metadata(meta, [extranet.recipient])
            data = encrypt_bytes(content, [extranet.recipient])
            headers = {
                **tus,
                "Upload-Length": str(len(data)),
                "Upload-Metadata": "noomus-meta " + base64.b64encode(encrypted_meta).decode(),
                "Content-Type": "application/offset+octet-stream",
            }
            assert client.post("/api/v1/uploads/", headers=headers, content=data).is_success
    original = tmp_path / "a.txt"
    original.write_bytes(b"first")
    verdict = audit(extranet, {"dir/a.txt": sha256_file(original)}, tmp_path / "out")
    assert verdict.duplicates == ["dir/a.txt"] and not verdict.perfect
    original.write_bytes(b"changed")
    verdict = audit(extranet, {"dir/a.txt": sha256_file(original)}, tmp_path / "out2")
    assert "dir/a.txt" in verdict.corrupted


def _table_script() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "reliability_table.py"
    spec = importlib.util.spec_from_file_location("reliability_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reliability_table"] = module
    spec.loader.exec_module(module)
    return module


def test_record_and_table_add_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record_file = tmp_path / "reliability.json"
    monkeypatch.setenv(RELIABILITY_ENV, str(record_file))
    record(ReliabilityRow("kills", 3, 3, 0, 0, 0, 1, [11, 12]))
    record(ReliabilityRow("kills", 2, 1, 500, 1, 0, 0, [13]))
    record(ReliabilityRow("names", 5, 5, 0, 0, 0, 0, []))
    record(ReliabilityRow("rerun", 2, 2, 0, 1, 0, 0, [7], known_bug=True))
    doc = tmp_path / "reliability.md"
    doc.write_text("# R\n<!-- reliability-table:start -->\nold\n<!-- reliability-table:end -->\n")
    script = _table_script()
    assert script.main(["--input", str(record_file), "--doc", str(doc)]) == 2  # bytes were lost
    text = doc.read_text()
    assert "old" not in text
    assert "| kills | 5 | 4 | 500 | 1 | 0 | 1 | 11, 12, 13 |" in text
    assert "| names | 5 | 5 | 0 | 0 | 0 | 0 | - |" in text
    assert "| **known bug (strict xfail)**: rerun | 2 | 2 | 0 | 1 | 0 | 0 | 7 |" in text

    # Losses of known, reported bugs (strict xfails) alone do not fail the table.
    clean = tmp_path / "clean.json"
    monkeypatch.setenv(RELIABILITY_ENV, str(clean))
    record(ReliabilityRow("kills", 3, 3, 0, 0, 0, 1, [11]))
    record(ReliabilityRow("rerun", 2, 2, 0, 1, 0, 0, [7], known_bug=True))
    assert script.main(["--input", str(clean), "--doc", str(doc)]) == 0
