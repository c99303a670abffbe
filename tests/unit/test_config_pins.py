"""Recipient pinning: trust on first use per server, then any change stops everything."""

from __future__ import annotations

import json
import threading

import pytest

from noomus_desktop.core import paths
from noomus_desktop.core.pinning import (
    PinsUnreadableError,
    RecipientPins,
    RecipientsChangedError,
)

URL = "https://extranet.example"
A, B, C = "age1aaa", "age1bbb", "age1ccc"


def test_first_use_pins_and_persists() -> None:
    assert RecipientPins().pinned(URL) is None
    assert RecipientPins().check(URL, [B, A]) == (A, B)
    # A new instance (the next start of the app) reads the file under config_dir.
    assert RecipientPins().pinned(URL + "/") == frozenset({A, B})
    stored = json.loads((paths.config_dir() / "pins.json").read_text())
    assert stored["servers"] == {URL: [A, B]}


def test_same_recipients_in_any_order_pass() -> None:
    pins = RecipientPins()
    pins.check(URL, [A, B])
    assert pins.check(URL, [B, A]) == (A, B)


@pytest.mark.parametrize("announced", [[A], [A, B, C], [C], [A, C]])
def test_any_change_is_refused(announced: list[str]) -> None:
    RecipientPins().check(URL, [A, B])
    with pytest.raises(RecipientsChangedError) as caught:
        RecipientPins().check(URL, announced)
    assert caught.value.code == "recipients_changed"
    assert "contact Noomus" in caught.value.message
    assert RecipientPins().pinned(URL) == frozenset({A, B})  # the pin did not move


def test_pins_are_per_server() -> None:
    pins = RecipientPins()
    pins.check(URL, [A])
    assert pins.check("https://other.example", [C]) == (C,)


def test_build_pins_win_and_never_accept_others() -> None:
    pins = RecipientPins(build_pins={URL: [A]})
    assert pins.pinned(URL) == frozenset({A})
    with pytest.raises(RecipientsChangedError):
        pins.check(URL, [B])  # even on the very first use
    assert pins.check(URL, [A]) == (A,)
    assert not (paths.config_dir() / "pins.json").exists()


def test_build_pins_cannot_be_overridden_by_the_file() -> None:
    (paths.config_dir() / "pins.json").write_text(json.dumps({"version": 1, "servers": {URL: [B]}}))
    with pytest.raises(RecipientsChangedError):
        RecipientPins(build_pins={URL: [A]}).check(URL, [B])


def test_forget_allows_a_new_pin() -> None:
    pins = RecipientPins()
    pins.check(URL, [A])
    pins.forget(URL)
    assert pins.check(URL, [B]) == (B,)


def test_damaged_pins_file_refuses_rather_than_repinning() -> None:
    (paths.config_dir() / "pins.json").write_text("{oops")
    with pytest.raises(PinsUnreadableError) as caught:
        RecipientPins().check(URL, [A])
    assert caught.value.code == "pins_unreadable"


def test_concurrent_first_use_pins_once() -> None:
    pins = RecipientPins()
    barrier = threading.Barrier(8)
    outcomes: list[object] = []

    def check(recipient: str) -> None:
        barrier.wait()
        try:
            outcomes.append(pins.check(URL, [recipient]))
        except RecipientsChangedError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=check, args=(r,)) for r in [A, B] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pinned = pins.pinned(URL)
    assert pinned is not None and len(pinned) == 1
    accepted = [o for o in outcomes if isinstance(o, tuple)]
    assert len(accepted) == 4 and all(set(o) == pinned for o in accepted)
