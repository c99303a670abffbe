"""age's rule on mixing post-quantum and classic recipients, and the rollover it forces.

One file is never encrypted to both an ``age1pq1...`` and an ``age1...`` recipient (age 1.3
and the C2SP spec: it would be only as safe as the classic key). The engine refuses to
encrypt such a set, the server refuses to register one, the app refuses to use or pin one;
and a rollover from X25519 keys to hybrid ones goes in one step (``keys replace``) that a
build's rollover pin survives. The steps of section "Staff keys" of ``docs/operations.md``
are the tests here.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from keyring.backends import SecretService

from noomus_desktop.core.account import Account
from noomus_desktop.core.config import BuildConfig
from noomus_desktop.core.crypto import (
    MixedRecipientsError,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
)
from noomus_desktop.core.pinning import RecipientPins, RecipientsChangedError
from noomus_extranet.admin import Admin, AdminError, open_database
from tests.helpers.server import RunningExtranet
from tests.integration.test_account_facade import _account as facade_account

URL = "https://extranet.example"
CLASSIC = [str(generate_identity().recipient()) for _ in range(2)]
HYBRID = [str(generate_identity(post_quantum=True).recipient()) for _ in range(2)]
TUS = {"Tus-Resumable": "1.0.0"}


def _info(server: RunningExtranet) -> list[str]:
    recipients: list[str] = httpx.get(f"{server.url}/api/v1/info").json()["recipients"]
    return recipients


def _key_events(server: RunningExtranet) -> list[str]:
    log = server.data_dir / "logs" / "audit.log"
    events = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    return [event for event in events if event.startswith("key_")]


# -- the engine ---------------------------------------------------------------------------


def test_engine_refuses_to_encrypt_to_a_mixed_set() -> None:
    with pytest.raises(MixedRecipientsError) as caught:
        encrypt_bytes(b"x", [HYBRID[0], CLASSIC[0]])
    assert caught.value.code == "invalid_recipient"
    assert "post-quantum" in caught.value.message
    # Each kind alone is fine, several of a kind too.
    hybrid = generate_identity(post_quantum=True)
    assert decrypt_bytes(encrypt_bytes(b"x", [hybrid.recipient(), HYBRID[0]]), hybrid) == b"x"


# -- the server ---------------------------------------------------------------------------


def test_server_refuses_to_register_a_mixed_set(extranet: RunningExtranet, tmp_path: Path) -> None:
    before = _info(extranet)
    with pytest.raises(RuntimeError, match="keys replace") as caught:
        extranet.admin("keys", "add", HYBRID[0])
    assert "post-quantum" in str(caught.value)
    key = tmp_path / "pq.key"
    with pytest.raises(RuntimeError, match="keys replace"):
        extranet.admin("keys", "generate", "--post-quantum", "--out", str(key))
    assert not key.exists()  # refused before any secret was written
    assert _info(extranet) == before
    # A classic key still joins a classic set.
    extranet.admin("keys", "add", CLASSIC[0])
    assert _info(extranet) == [*before, CLASSIC[0]]


def test_replace_is_refused_whole_when_it_would_mix_or_names_an_unknown_key(
    extranet: RunningExtranet,
) -> None:
    extranet.admin("keys", "add", CLASSIC[0])
    before = _info(extranet)
    # Replacing one of two X25519 keys by a hybrid one would leave a mixed set.
    with pytest.raises(RuntimeError, match="keys replace"):
        extranet.admin("keys", "replace", CLASSIC[0], "--with", HYBRID[0])
    with pytest.raises(RuntimeError, match="No such recipient"):
        extranet.admin("keys", "replace", CLASSIC[1], "--with", HYBRID[0])
    admin = Admin(open_database(extranet.data_dir, extranet.database))
    with pytest.raises(AdminError, match="no recipient"):
        admin.replace_recipients(before, [])
    admin.db.close()
    assert _info(extranet) == before


def test_keys_replace_moves_every_recipient_at_once(extranet: RunningExtranet) -> None:
    old = _info(extranet)
    printed = extranet.admin("keys", "replace", *old, "--with", *HYBRID).split()
    assert printed == HYBRID
    assert _info(extranet) == HYBRID
    assert _key_events(extranet)[-3:] == ["key_removed", "key_added", "key_added"]


def _upload(server: RunningExtranet, data: bytes) -> httpx.Response:
    """Create an upload as the customer and PATCH all of ``data``."""
    body = {"username": server.username, "password": server.password, "device_name": "d"}
    tokens = httpx.post(f"{server.url}/api/v1/auth/login", json=body).json()
    auth = {**TUS, "Authorization": f"Bearer {tokens['access_token']}"}
    created = httpx.post(
        f"{server.url}/api/v1/uploads/", headers={**auth, "Upload-Length": str(len(data))}
    )
    return httpx.patch(
        created.headers["Location"],
        headers={
            **auth,
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": "0",
        },
        content=data,
    )


def test_after_the_replace_only_files_for_the_new_keys_are_accepted(
    extranet: RunningExtranet,
) -> None:
    """A file still encrypted to the old keys (an upload begun before the replace) is refused
    with ``wrong_recipients``, storing nothing; one for the new keys is stored."""
    old = _info(extranet)
    staff = generate_identity(post_quantum=True)
    extranet.admin("keys", "replace", *old, "--with", str(staff.recipient()))
    late = _upload(extranet, encrypt_bytes(b"begun before the rollover", old))
    assert late.status_code == 422
    assert late.json()["error"]["code"] == "wrong_recipients"
    fresh = _upload(extranet, encrypt_bytes(b"after the rollover", staff.recipient()))
    assert fresh.status_code == 204, fresh.text


# -- the app ------------------------------------------------------------------------------


def test_app_refuses_a_mixed_set_and_pins_nothing(noomus_home: Path) -> None:
    pins = RecipientPins()
    with pytest.raises(MixedRecipientsError):
        pins.check(URL, [CLASSIC[0], HYBRID[0]])
    assert pins.pinned(URL) is None
    assert pins.check(URL, HYBRID) == tuple(sorted(HYBRID))


def test_a_rollover_pin_accepts_each_kind_exactly() -> None:
    """A build pinning the X25519 keys and the coming hybrid ones works before and after the
    server replaces them, and still refuses any other set."""
    pins = RecipientPins(build_pins={URL: [*CLASSIC, *HYBRID]})
    assert pins.check(URL, CLASSIC) == tuple(sorted(CLASSIC))
    assert pins.check(URL, HYBRID) == tuple(sorted(HYBRID))
    foreign = str(generate_identity(post_quantum=True).recipient())
    for announced in ([CLASSIC[0]], [HYBRID[1]], [*HYBRID, foreign], [foreign]):
        with pytest.raises(RecipientsChangedError):
            pins.check(URL, announced)
    with pytest.raises(MixedRecipientsError):
        pins.check(URL, [*CLASSIC, *HYBRID])


def test_stored_pins_stay_exact(noomus_home: Path) -> None:
    """Trust on first use pins one kind only; the rollover needs a build pin (or the customer
    told by Noomus), so a server alone cannot move a stored pin."""
    pins = RecipientPins()
    pins.check(URL, CLASSIC)
    with pytest.raises(RecipientsChangedError):
        pins.check(URL, HYBRID)


def _account(server: RunningExtranet, keyring: SecretService.Keyring, pinned: list[str]) -> Account:
    """The app's account, built with ``pinned`` as its build's pins for ``server``."""
    return facade_account(
        server, keyring, BuildConfig(pinned_recipients={server.url: tuple(pinned)})
    )


def test_rollover_end_to_end_with_a_rollover_build(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring
) -> None:
    """The whole procedure: a rollover build signs in before and after ``keys replace``, an
    older build stops with ``recipients_changed``, a server serving a mixed set is refused."""
    old = _info(extranet)
    staff = generate_identity(post_quantum=True)
    new = [str(staff.recipient())]
    rollover = _account(extranet, secret_keyring, [*old, *new])
    older = _account(extranet, secret_keyring, old)
    rollover.sign_in(extranet.username, extranet.password, remember=False)
    older.sign_in(extranet.username, extranet.password, remember=False)
    assert rollover.recipients(max_age=0) == tuple(old)

    extranet.admin("keys", "replace", *old, "--with", *new)
    assert rollover.recipients(max_age=0) == tuple(new)
    data = b"sent after the rollover"
    ciphertext = encrypt_bytes(data, rollover.recipients())
    assert decrypt_bytes(ciphertext, staff) == data
    with pytest.raises(RecipientsChangedError):
        older.recipients(max_age=0)

    # A server that serves a mixed set anyway (a database edited by hand, an older release
    # that registered one): the app refuses it with a clear error, whatever it pinned.
    db = open_database(extranet.data_dir, extranet.database)
    db.execute("INSERT INTO recipients(recipient, added_at) VALUES (?, 0)", (old[0],))
    db.close()
    with pytest.raises(MixedRecipientsError):
        rollover.recipients(max_age=0)
    rollover.close()
    older.close()
