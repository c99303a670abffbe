"""Encryption throughput: our age engine vs the stock ``age`` CLI, on one file from disk.

Both encrypt the same file (1 GiB, or ``NOOMUS_BENCH_SIZE`` bytes) to one X25519 recipient,
ciphertext discarded to /dev/null, best of ``NOOMUS_BENCH_RUNS`` (3) interleaved runs each.
Ours runs in a child process that also reports its peak RSS growth over the encryption.
The machine is shared by several engineers, so figures are noisy: compare the ratio.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from noomus_desktop.core.crypto import generate_identity
from noomus_desktop.core.crypto.stream import CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, ChunkSealer

_BLOCK = 1024 * 1024

# Runs in a fresh interpreter: reset the peak-RSS mark (Linux clear_refs) after imports,
# then report how far one whole-file encryption raises it.
_CHILD = """
import json, os, sys, time
from pathlib import Path
from noomus_desktop.core.crypto import encrypt_stream

def rss_kib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit("no " + field)

src, recipient = sys.argv[1], sys.argv[2]
Path("/proc/self/clear_refs").write_text("5")
before = rss_kib("VmRSS")
with open(src, "rb", buffering=0) as reader, open(os.devnull, "wb") as sink:
    start = time.perf_counter()
    encrypt_stream(reader, sink, [recipient])
    elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rss_growth_kib": rss_kib("VmHWM") - before}))
"""


def _make_file(path: Path, size: int) -> None:
    with path.open("wb") as out:
        left = size
        while left:
            block = os.urandom(min(_BLOCK, left))
            out.write(block)
            left -= len(block)


def _ours(path: Path, recipient: str) -> tuple[float, int]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), recipient],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(result.stdout)
    return float(figures["seconds"]), int(figures["rss_growth_kib"])


def _aead_alone(size: int) -> float:
    """Seconds our AEAD alone takes to seal ``size`` bytes from memory the cache holds
    (``ChunkSealer``: cryptography's ChaCha20-Poly1305, 64 KiB chunks, no I/O): the floor of
    any encryption built on it, to set beside the age CLI's whole run."""
    batch = 3
    plain = memoryview(os.urandom(batch * CHUNK_SIZE))
    sealed = memoryview(bytearray(batch * ENCRYPTED_CHUNK_SIZE))
    sealer = ChunkSealer(os.urandom(16), os.urandom(16))
    start = time.perf_counter()
    for counter in range(0, size // CHUNK_SIZE, batch):
        sealer.seal_batch(counter, False, plain, sealed)
    return time.perf_counter() - start


def _age(age: str, path: Path, recipient: str) -> float:
    start = time.perf_counter()
    subprocess.run([age, "-r", recipient, "-o", os.devnull, str(path)], check=True)
    return time.perf_counter() - start


def main() -> None:
    size = int(os.environ.get("NOOMUS_BENCH_SIZE", str(1024**3)))
    runs = int(os.environ.get("NOOMUS_BENCH_RUNS", "3"))
    age = shutil.which("age")
    recipient = str(generate_identity().recipient())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plain.bin"
        _make_file(path, size)
        ours: list[tuple[float, int]] = []
        theirs: list[float] = []
        for _ in range(runs):  # interleaved, so a burst of load elsewhere hits both alike
            ours.append(_ours(path, recipient))
            if age:
                theirs.append(_age(age, path, recipient))
    best = min(seconds for seconds, _ in ours)
    rss = max(growth for _, growth in ours)
    print(f"plaintext: {size / 1e9:.2f} GB, best of {runs} runs each (shared, noisy machine)")
    print(f"ours (noomus_desktop.core.crypto): {size / best / 1e9:.2f} GB/s")
    print(f"ours peak RSS growth: {rss / 1024:.1f} MiB")
    if not theirs:
        print("age CLI not found: no ratio")
        return
    peer = min(theirs)
    print(f"age CLI ({age}): {size / peer / 1e9:.2f} GB/s")
    print(f"ratio ours/age: {peer / best:.2f}x")
    floor = min(_aead_alone(size) for _ in range(runs))
    print(
        f"  floor: our AEAD alone, from cache, no I/O: {size / floor / 1e9:.2f} GB/s"
        f" (best possible ratio {peer / floor:.2f}x)"
    )


if __name__ == "__main__":
    main()
