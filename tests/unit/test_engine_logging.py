"""A bug's log never holds a file's path (customer data), however the error that names it
is chained, and still says where it happened."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from noomus_desktop.core.unexpected import log_unexpected

log = logging.getLogger("test-unexpected")


def _open_missing(tmp_path: Path) -> OSError:
    missing = tmp_path / "Layoffs 2027 – draft.xlsx"
    with pytest.raises(OSError) as raised:
        missing.open("rb")
    assert missing.name in str(raised.value)  # what a plain log.exception would print
    return raised.value


def test_an_os_error_is_logged_by_kind_not_by_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        log_unexpected(log, "transfer 7", _open_missing(tmp_path))
    assert "transfer 7 failed unexpectedly" in caplog.text
    assert "FileNotFoundError (ENOENT)" in caplog.text
    assert "Layoffs" not in caplog.text
    assert str(tmp_path) not in caplog.text


def test_a_bug_raised_while_handling_an_os_error_hides_the_path_too(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``log.exception`` prints the whole chain, the path of the OSError in it included."""
    try:
        try:
            raise _open_missing(tmp_path)
        except OSError:
            raise KeyError("a bug")  # noqa: B904 (the implicit chain is the point)
    except KeyError as error:
        with caplog.at_level(logging.DEBUG):
            log_unexpected(log, "a background task", error)
    assert "KeyError: 'a bug'" in caplog.text
    assert "FileNotFoundError (ENOENT)" in caplog.text  # the chain is there, by kind
    assert "Layoffs" not in caplog.text and str(tmp_path) not in caplog.text
    assert "_open_missing" in caplog.text  # the frames are kept


def test_other_failures_keep_their_text(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise KeyError("a bug")
    except KeyError as error:
        with caplog.at_level(logging.DEBUG):
            log_unexpected(log, "transfer 8", error)
    assert "KeyError: 'a bug'" in caplog.text
