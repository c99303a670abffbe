"""@tus/server (npm, file store) as a test peer: a stock tus 1.0 server on loopback.

Fixture ``tus_node``: a fresh server per test (``RunningTusNode``: ``endpoint``, ``directory``,
``patch_offsets()``, ``kill()``, ``start()``). Its PATCH log (where each request began, as
the server saw it) lets tests measure resumption without trusting the client under test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).parents[1] / "node"
#: The one node tus server script, shared with ``benchmarks/bench_server.py``.
SCRIPT = NODE_DIR / "tus_node_server.mjs"
NODE_MODULES = NODE_DIR / "node_modules"
NODE = shutil.which("node")

requires_tus_node = pytest.mark.skipif(
    NODE is None or not (NODE_MODULES / "@tus" / "server").is_dir(),
    reason="node and tests/node/node_modules (npm ci in tests/node) are needed for @tus/server",
)


@dataclass
class RunningTusNode:
    directory: Path
    log_file: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/files/"

    def start(self) -> None:
        """(Re)start on the same port (any free one the first time) and directory."""
        assert NODE is not None
        self.process = subprocess.Popen(
            [NODE, str(SCRIPT), str(self.directory), str(self.port), str(self.log_file)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            raise RuntimeError("@tus/server did not start")
        self.port = int(json.loads(line)["port"])

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None:
            if self.process.poll() is None:
                os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None

    def requests(self) -> list[dict[str, Any]]:
        """Every POST and PATCH the server received, in order (method, upload, offset,
        authorization)."""
        if not self.log_file.exists():
            return []
        return [json.loads(line) for line in self.log_file.read_text().splitlines()]

    def patch_offsets(self) -> list[tuple[str, int]]:
        """``(upload id, Upload-Offset)`` of every PATCH the server received, in order."""
        return [(e["upload"], int(e["offset"])) for e in self.requests() if e["method"] == "PATCH"]

    def stored(self, upload_url: str) -> bytes:
        """The bytes the file store holds for an upload."""
        return (self.directory / upload_url.rstrip("/").rsplit("/", 1)[-1]).read_bytes()

    def manifests(self) -> dict[str, bytes]:
        """Each data upload's encrypted manifest by the upload's ID, paired as staff pair them
        (``docs/api.md``, format 2): a small file's from its own creation metadata
        (``noomus-manifest``, an age file in ASCII armor), a large file's from the small
        upload naming it (``noomus-manifest-for``)."""
        found: dict[str, bytes] = {}
        for info in self.directory.glob("*.json"):
            described = json.loads(info.read_text()).get("metadata") or {}
            if "noomus-manifest" in described:
                found[info.stem] = described["noomus-manifest"].encode()
            elif "noomus-manifest-for" in described:
                named = described["noomus-manifest-for"].rstrip("/").rsplit("/", 1)[-1]
                found[named] = info.with_suffix("").read_bytes()
        return found


@pytest.fixture
def tus_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningTusNode]:
    if NODE is None or not (NODE_MODULES / "@tus" / "server").is_dir():
        pytest.skip("node and tests/node/node_modules are needed for @tus/server")
    base = tmp_path_factory.mktemp("tusnode")
    (base / "files").mkdir()
    server = RunningTusNode(directory=base / "files", log_file=base / "patches.jsonl")
    server.start()
    yield server
    server.kill()
