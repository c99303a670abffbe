"""Update notification: tell the user a newer Noomus exists, and nothing more.

Off unless the user (Settings) or the administrator (MSI ``UPDATECHECK=1``) turns it on. At
most once a day it fetches one small JSON feed named in the build configuration, over the
app's verified TLS, with no cookie, no query and a User-Agent that says only "Noomus". The
feed is signed with an Ed25519 key whose public half is pinned in the build configuration:

    {"payload": "<base64 of the JSON below>", "signature": "<base64 Ed25519 signature of it>"}
    payload: {"version": "1.2.0", "url": "https://noomus.fi/desktop/"}

A feed with a bad signature, an unreadable payload or a version that is not newer is ignored
(and a bad signature is logged). Nothing is ever downloaded or run: the user gets the link.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.net import check_url, http_client, translate_transport_errors

log = logging.getLogger(__name__)

#: At most one check a day.
INTERVAL = timedelta(days=1)
STATE_FILE = "update-check.json"
#: All the feed request says about the client.
HEADERS = {"User-Agent": "Noomus", "Accept": "application/json"}
MAX_FEED_BYTES = 64 * 1024
_VERSION = re.compile(r"(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?")
_STAGES = {"a": 0, "b": 1, "rc": 2}

#: Fetches the feed's bytes from a URL.
Fetch = Callable[[str], bytes]


@dataclass(frozen=True)
class UpdateNotice:
    """A newer version, and where its release notes and installers are."""

    version: str
    url: str


class FeedError(NoomusError):
    """The feed could not be trusted or read; it is ignored."""

    code = "update_feed"


def version_key(version: str) -> tuple[tuple[int, ...], int, int, int]:
    """An ordering key for our PEP 440 versions: pre-releases < final < post releases."""
    match = _VERSION.fullmatch(version.strip())
    if match is None:
        raise FeedError(f"not a version: {version!r}")
    release = tuple(int(p) for p in match.group(1).split("."))
    release += (0,) * (3 - len(release))
    stage = _STAGES[match.group(2)] if match.group(2) else 3
    return release, stage, int(match.group(3) or 0), int(match.group(4) or 0)


def public_key(encoded: str) -> Ed25519PublicKey:
    """The feed key from its base64 form in the build configuration."""
    try:
        raw = base64.b64decode(encoded, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise FeedError("the update feed key is not a base64 Ed25519 public key") from exc


def read_feed(data: bytes, key: Ed25519PublicKey) -> UpdateNotice:
    """The notice in a signed feed; :class:`FeedError` if it is not signed by ``key``."""
    try:
        envelope = json.loads(data)
        payload = base64.b64decode(envelope["payload"], validate=True)
        signature = base64.b64decode(envelope["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise FeedError("the update feed is not a signed feed") from exc
    try:
        key.verify(signature, payload)
    except InvalidSignature as exc:
        raise FeedError("the update feed's signature does not verify") from exc
    try:
        content = json.loads(payload)
        version, url = str(content["version"]), check_url(str(content["url"]))
    except (ValueError, KeyError, TypeError, NoomusError) as exc:
        raise FeedError("the update feed's content is not usable") from exc
    if not url.startswith("https://"):
        raise FeedError("the update feed's link is not https")
    version_key(version)
    return UpdateNotice(version, url)


def fetch_feed(url: str) -> bytes:
    """GET the feed with the app's connection policy (verified TLS, no redirects)."""
    with translate_transport_errors(), http_client(headers=HEADERS) as client:
        response = client.get(url)
        response.raise_for_status()
        if len(response.content) > MAX_FEED_BYTES:
            raise FeedError("the update feed is too large")
        return response.content


@dataclass
class UpdateChecker:
    """Checks the feed at most daily and returns a notice only for a newer version."""

    feed_url: str
    key: Ed25519PublicKey
    current: str
    state: Path
    fetch: Fetch = fetch_feed

    def due(self, now: datetime) -> bool:
        try:
            last = datetime.fromisoformat(json.loads(self.state.read_text("utf-8"))["checked"])
        except (OSError, ValueError, KeyError, TypeError):
            return True
        return now - last >= INTERVAL or last > now

    def check(self, now: datetime | None = None) -> UpdateNotice | None:
        """The newer version, or None (not due, not newer, or a feed that is ignored)."""
        moment = now or datetime.now(UTC)
        if not self.due(moment):
            return None
        # Recorded before fetching: a failing feed is not retried more than daily either.
        self.state.write_text(json.dumps({"checked": moment.isoformat()}), "utf-8")
        try:
            notice = read_feed(self.fetch(self.feed_url), self.key)
        except FeedError as exc:
            log.warning("Ignoring the update feed: %s", exc.message)
            return None
        except Exception as exc:  # offline, HTTP error: say little, try again tomorrow
            log.info("Update check failed (%s)", type(exc).__name__)
            return None
        if version_key(notice.version) <= version_key(self.current):
            log.info("Update feed offers %s, not newer than %s", notice.version, self.current)
            return None
        return notice


#: The administrator's default, written by the MSI (``UPDATECHECK=1``) under the app's key.
INSTALLED_VALUE = "UpdateCheck"


def enabled(choice: str, installed: str | None) -> bool:
    """Whether to check: the user's "yes"/"no" wins; else the installer's "1"; else off."""
    if choice in {"yes", "no"}:
        return choice == "yes"
    return (installed or "").strip() == "1"


def checker(feed_url: str, key: str, current: str, state_dir: Path) -> UpdateChecker | None:
    """A checker for a build with an update feed; None for a build without one."""
    if not feed_url or not key:
        return None
    return UpdateChecker(feed_url, public_key(key), current, state_dir / STATE_FILE)
