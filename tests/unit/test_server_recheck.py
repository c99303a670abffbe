"""How often a streaming PATCH re-checks the session and account: every ``recheck_bytes``,
but at most once per ``recheck_interval`` (at line rate a check per 4 MiB cost the event loop
more database reads than the upload was worth). The revocation itself is tested end to end
in tests/integration/server/test_tus.py."""

from __future__ import annotations

import time
from pathlib import Path

from noomus_extranet.config import ServerConfig
from noomus_extranet.storage import AGE_PREFIX
from noomus_extranet.tus.cutter import BlockCutter

MIB = 1024 * 1024


def _block(first: bool) -> bytes:
    """4 MiB of an upload body: one whole block for the stream."""
    head = AGE_PREFIX if first else b""
    return head + b"\0" * (4 * MIB - len(head))


def _checks(config: ServerConfig, blocks: int) -> int:
    stream = BlockCutter(0, blocks * 4 * MIB, config)
    checks = 0
    for i in range(blocks):
        assert stream.feed(_block(i == 0)) is not None
        checks += stream.check_due()
    return checks


def test_every_recheck_bytes_when_the_interval_allows(tmp_path: Path) -> None:
    config = ServerConfig(data_dir=tmp_path, recheck_bytes=4 * MIB, recheck_interval=0.0)
    assert _checks(config, 8) == 8


def test_at_most_once_per_interval_at_line_rate(tmp_path: Path) -> None:
    config = ServerConfig(data_dir=tmp_path, recheck_bytes=4 * MIB, recheck_interval=3600.0)
    assert _checks(config, 8) == 0


def test_a_slow_body_is_checked_again_once_the_interval_has_passed(tmp_path: Path) -> None:
    config = ServerConfig(data_dir=tmp_path, recheck_bytes=4 * MIB, recheck_interval=0.05)
    stream = BlockCutter(0, 3 * 4 * MIB, config)
    assert stream.feed(_block(True)) is not None
    assert not stream.check_due()  # too soon after the start
    time.sleep(0.06)
    assert stream.feed(_block(False)) is not None
    assert stream.check_due()
    assert stream.feed(_block(False)) is not None
    assert not stream.check_due()  # the next interval has not passed yet
