"""Update notification against a real local feed served over loopback HTTP."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from noomus_desktop.core import updates
from noomus_desktop.core.updates import UpdateChecker, UpdateNotice, checker, enabled, version_key
from tests.helpers.update_feed import Feed, public_key_text, serve_feed, sign

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    with serve_feed() as served:
        yield served


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _checker(
    url: str, key: Ed25519PrivateKey, tmp_path: Path, current: str = "1.2.0"
) -> UpdateChecker:
    made = checker(url, public_key_text(key), current, tmp_path)
    assert made is not None
    return made


def test_a_signed_newer_version_is_announced_once_a_day_without_identifiers(
    feed: tuple[Feed, str], signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    server, url = feed
    server.body = sign(signing_key, {"version": "1.3.0", "url": "https://noomus.fi/desktop/"})
    check = _checker(url, signing_key, tmp_path)
    assert check.check(NOW) == UpdateNotice("1.3.0", "https://noomus.fi/desktop")
    assert check.check(NOW + timedelta(hours=23)) is None  # at most daily
    assert len(server.requests) == 1
    assert check.check(NOW + timedelta(days=1)) is not None
    assert len(server.requests) == 2
    path, headers = server.requests[0]
    assert path == "/releases.json"  # no query string
    assert headers["User-Agent"] == "Noomus"  # no version, no machine, no user
    assert "Cookie" not in headers and "Authorization" not in headers


def test_a_bad_signature_is_ignored_and_logged(
    feed: tuple[Feed, str],
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server, url = feed
    impostor = Ed25519PrivateKey.generate()
    server.body = sign(impostor, {"version": "9.0.0", "url": "https://evil.example/"})
    caplog.set_level(logging.WARNING, logger=updates.__name__)
    assert _checker(url, signing_key, tmp_path).check(NOW) is None
    assert "signature does not verify" in caplog.text
    # A valid signature over other bytes than the payload is no better.
    good = json.loads(sign(signing_key, {"version": "1.3.0", "url": "https://noomus.fi/"}))
    good["payload"] = base64.b64encode(
        b'{"version": "9.0.0", "url": "https://noomus.fi/"}'
    ).decode()
    server.body = json.dumps(good).encode()
    assert _checker(url, signing_key, tmp_path).check(NOW + timedelta(days=1)) is None
    assert caplog.text.count("signature does not verify") == 2


@pytest.mark.parametrize("offered", ["1.2.0", "1.1.9", "1.2.0rc3"])
def test_the_same_or_an_older_version_is_ignored(
    feed: tuple[Feed, str], signing_key: Ed25519PrivateKey, tmp_path: Path, offered: str
) -> None:
    server, url = feed
    server.body = sign(signing_key, {"version": offered, "url": "https://noomus.fi/desktop/"})
    assert _checker(url, signing_key, tmp_path).check(NOW) is None
    assert len(server.requests) == 1


def test_versions_order_pre_final_and_post_releases() -> None:
    ordered = ["1.2.0a1", "1.2.0b2", "1.2.0rc1", "1.2", "1.2.0.post1", "1.2.1rc1", "1.10.0"]
    assert sorted(ordered, key=version_key) == ordered


def test_off_unless_the_user_or_the_installer_turns_it_on() -> None:
    assert enabled("", None) is False
    assert enabled("", "1") is True
    assert enabled("no", "1") is False
    assert enabled("yes", None) is True
    assert checker("", "", "1.0", Path()) is None  # a build without a feed never checks
