"""The engine's log of an unexpected failure never holds a file's path (customer data)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from noomus_desktop.core.engine.pipeline import log_unexpected


def test_an_os_error_is_logged_by_kind_not_by_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "Layoffs 2027 – draft.xlsx"
    with pytest.raises(OSError) as raised:
        missing.open("rb")
    assert missing.name in str(raised.value)  # what a plain log.exception would print
    with caplog.at_level(logging.DEBUG):
        log_unexpected(7, raised.value)
    assert "transfer 7" in caplog.text
    assert "FileNotFoundError (ENOENT)" in caplog.text
    assert "Layoffs" not in caplog.text
    assert str(tmp_path) not in caplog.text


def test_other_failures_keep_their_traceback(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise KeyError("a bug")
    except KeyError as error:
        with caplog.at_level(logging.DEBUG):
            log_unexpected(8, error)
    assert "KeyError: 'a bug'" in caplog.text
