"""The benchmarks still run against today's server and client (they are not part of the suite,
so nothing else would notice when a contract change breaks one: `bench_server` once sent
uploads the server refused with 422 for days)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import nginx

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(name: str, size: int) -> str:
    env = {
        **os.environ,
        "NOOMUS_BENCH_SIZE": str(size),
        "NOOMUS_BENCH_ROUNDS": "1",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


@pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("node") is None,
    reason="bench_server drives curl against @tus/server (node); CI installs both",
)
def test_bench_server_uploads_into_both_servers() -> None:
    out = run_benchmark("server", 8 * 1024 * 1024)
    ratio = re.search(r"ratio \(ours / @tus/server\): (\d+\.\d+)", out)
    assert ratio is not None, out
    assert float(ratio.group(1)) > 0
    assert re.search(r"noomus-extranet :\s+\d+\.\d MB/s", out), out
    if nginx.available():
        # The cluster row: through the committed nginx config into 1 and 3 processes.
        ratios = re.findall(
            r"through nginx, (\d) process(?:es)? \(\w+\):.*direct process: (\d+\.\d+)", out
        )
        assert [count for count, _ in ratios] == ["1", "3"], out
        assert all(float(ratio) > 0 for _, ratio in ratios), out


def test_bench_crypto_encrypts_and_compares_with_age() -> None:
    out = run_benchmark("crypto", 4 * 1024 * 1024)
    assert re.search(r"ratio ours/age: \d+\.\d+x", out), out
