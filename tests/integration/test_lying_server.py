"""The client checks what the server says instead of believing it: a real extranet behind a
real proxy that rewrites its answers (``tests/helpers/lyingproxy.py``).

- "Delivered and verified" is shown only when the server's record of the delivery has the
  size and SHA-256 the client computed itself (``pipeline.TransferPipeline._verify``).
- An uploads address on another origin than the server's is refused before the password is
  sent, since the bearer token goes wherever uploads go (``Account._checked_info``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from noomus_desktop.core.account import Account
from noomus_desktop.core.api import UnexpectedResponseError
from noomus_desktop.core.config import BuildConfig, load_settings
from noomus_desktop.core.credentials import CredentialStore
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferState
from noomus_desktop.core.queue import TransferStore
from tests.helpers import agecli
from tests.helpers.lyingproxy import LyingProxy
from tests.helpers.recorder import running_engine
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import _signed_in

pytestmark = agecli.requires_age


@pytest.fixture
def liar(extranet: RunningExtranet) -> Iterator[LyingProxy]:
    with LyingProxy(extranet.url) as proxy:
        yield proxy


def _one_more_byte(delivery: dict[str, Any]) -> dict[str, Any]:
    return {**delivery, "size": delivery["size"] + 1}


def _another_hash(delivery: dict[str, Any]) -> dict[str, Any]:
    digest = delivery["sha256"]
    return {**delivery, "sha256": ("0" if digest[0] != "0" else "1") + digest[1:]}


@pytest.mark.parametrize("lie", [_one_more_byte, _another_hash], ids=["size", "sha256"])
def test_a_delivery_the_server_misreports_is_never_called_delivered(
    extranet: RunningExtranet,
    liar: LyingProxy,
    tmp_path: Path,
    lie: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(os.urandom(200_000))
    liar.lie_about = re.compile(r"^/api/v1/deliveries/\d+$")
    liar.lie = lie
    account = _signed_in(liar.url, extranet)
    with running_engine(Destination.noomus(account)) as (engine, seen):
        engine.add_paths([str(path)])
        assert engine.wait_idle(30)
        record = engine.snapshot()[0]
    account.close()
    assert liar.lies_told, "the client never asked for the delivery's record"
    assert record.state is TransferState.FAILED, record
    assert record.error_code == "verification_failed"
    assert "done" not in seen.states(record.id)
    store = TransferStore()
    try:
        assert store.history(10) == []  # not in the list of what was delivered either
    finally:
        store.close()


def test_uploads_announced_on_another_origin_are_refused_before_the_password_goes(
    extranet: RunningExtranet, liar: LyingProxy
) -> None:
    # The real server's own address: same host, another port, so another origin.
    liar.lie_about = re.compile(r"^/api/v1/info$")
    liar.lie = lambda info: {**info, "uploads_url": f"{extranet.url}/api/v1/uploads/"}
    settings = load_settings()
    settings.server_url = liar.url
    account = Account(settings, BuildConfig(), credentials=CredentialStore(), device_name="t")
    with pytest.raises(UnexpectedResponseError):
        account.sign_in(extranet.username, extranet.password, remember=False)
    assert liar.lies_told == ["/api/v1/info"]
    assert not account.signed_in
    assert liar.requests == [("GET", "/api/v1/info")]  # no login: the password never left
