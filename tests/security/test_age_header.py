"""The server parses the whole age header of what it stores.

Before: only the first 22 bytes were looked at, so ``age-encryption.org/v1\\n`` followed by
plaintext was stored, and so was a file encrypted to other recipients than Noomus's.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx
import pytest

from noomus_desktop.core.crypto import age, generate_identity, parse_recipient
from tests.helpers.agefake import AGE_PREFIX, fake_age
from tests.helpers.server import RunningExtranet

TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_TYPE = {"Content-Type": "application/offset+octet-stream"}


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory()


@pytest.fixture(scope="module")
def auth(extranet: RunningExtranet) -> dict[str, str]:
    body = {"username": "alice", "password": extranet.password, "device_name": "d"}
    tokens = httpx.post(f"{extranet.url}/api/v1/auth/login", json=body).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def _send(server: RunningExtranet, auth: dict[str, str], data: bytes) -> httpx.Response:
    """Create an upload and PATCH all of ``data`` (a complete upload)."""
    created = httpx.post(
        f"{server.url}/api/v1/uploads/",
        headers={**TUS, **auth, "Upload-Length": str(len(data))},
    )
    return httpx.patch(
        created.headers["Location"],
        headers={**TUS, **auth, **OFFSET_TYPE, "Upload-Offset": "0"},
        content=data,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def test_fake_and_foreign_headers_are_refused(
    extranet: RunningExtranet, auth: dict[str, str]
) -> None:
    ours = parse_recipient(extranet.recipient)
    theirs = generate_identity().recipient()
    plaintext = b"Quarterly figures, strictly confidential.\n" * 20
    scrypt = (
        AGE_PREFIX
        + f"-> scrypt {_b64(b's' * 16)} 18\n{_b64(b'k' * 32)}\n--- {_b64(b'm' * 32)}\n".encode()
        + b"\0" * 64
    )
    cases = {
        "plaintext after the intro line": (AGE_PREFIX + plaintext, "invalid_age_header"),
        "also encrypted to another key": (
            age.encrypt_bytes(plaintext, [ours, theirs]),
            "wrong_recipients",
        ),
        "a passphrase (scrypt)": (scrypt, "wrong_recipients"),
        "a header without the MAC line": (
            fake_age(600)[: fake_age(600).index(b"---")] + b"\0" * 100,
            "invalid_age_header",
        ),
        "armored": (age.encrypt_bytes(plaintext, [ours], armor=True), "armored_age"),
    }
    for case, (data, code) in cases.items():
        answer = _send(extranet, auth, data)
        assert answer.status_code == 422, case
        assert answer.json()["error"]["code"] == code, case
    deliveries = httpx.get(f"{extranet.url}/api/v1/deliveries", headers=auth).json()
    assert deliveries["deliveries"] == []


def test_real_age_to_the_registered_recipient_is_stored(
    extranet: RunningExtranet, auth: dict[str, str]
) -> None:
    data = age.encrypt_bytes(b"hello Noomus\n" * 1000, [parse_recipient(extranet.recipient)])
    answer = _send(extranet, auth, data)
    assert answer.status_code == 204 and "Noomus-Delivery-Id" in answer.headers
