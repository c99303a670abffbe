"""The tus endpoint's edges: validation, isolation, revocation in flight, delivery headers.

One server serves the module (a start costs seconds); each test signs in as its own new user
(``new_api``), and a test that needs a pristine server starts its own."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import (
    AGE_PREFIX,
    OFFSET_TYPE,
    TUS,
    Api,
    b64,
    fake_ciphertext,
)
from tests.integration.server.sharing import new_user_per_test, one_server_per_module
from tests.integration.server.test_auth import error_code

MIB = 1024 * 1024


__all__ = ["new_user_per_test", "one_server_per_module"]  # the fixtures, for this module


def test_creation_with_upload_completes_in_one_request(api: Api) -> None:
    data = fake_ciphertext(300_000)
    response = api.client.post(
        "/api/v1/uploads/",
        headers=api.tus(**{"Upload-Length": str(len(data))}, **OFFSET_TYPE),
        content=data,
    )
    assert response.status_code == 201
    assert response.headers["Upload-Offset"] == str(len(data))
    delivery_id = response.headers["Noomus-Delivery-Id"]
    assert response.headers["Noomus-Delivery-Sha256"] == hashlib.sha256(data).hexdigest()
    listed = api.client.get("/api/v1/deliveries", headers=api.auth).json()["deliveries"]
    assert [d["id"] for d in listed] == [int(delivery_id)]
    assert listed[0]["received_at"].endswith("Z")


def test_partial_creation_with_upload_then_patch(api: Api) -> None:
    data = fake_ciphertext(100_000)
    created = api.client.post(
        "/api/v1/uploads/",
        headers=api.tus(**{"Upload-Length": str(len(data))}, **OFFSET_TYPE),
        content=data[:40_000],
    )
    assert created.status_code == 201 and created.headers["Upload-Offset"] == "40000"
    assert "Upload-Expires" in created.headers
    assert "Noomus-Delivery-Id" not in created.headers
    done = api.patch(created.headers["Location"], 40_000, data[40_000:])
    assert done.status_code == 204 and "Noomus-Delivery-Id" in done.headers
    head = api.head(created.headers["Location"])
    assert head.headers["Noomus-Delivery-Id"] == done.headers["Noomus-Delivery-Id"]
    assert "Upload-Expires" not in head.headers


def test_checksum_sha256_accepted_and_mismatch_rejected(api: Api) -> None:
    data = fake_ciphertext(5000)
    location = api.create(len(data))
    wrong = api.patch(location, 0, data[:2000], **{"Upload-Checksum": "sha256 " + b64(b"\0" * 32)})
    assert wrong.status_code == 460 and error_code(wrong) == "checksum_mismatch"
    assert api.head(location).headers["Upload-Offset"] == "0"
    right = api.patch(
        location,
        0,
        data[:2000],
        **{"Upload-Checksum": "sha256 " + b64(hashlib.sha256(data[:2000]).digest())},
    )
    assert right.status_code == 204 and right.headers["Upload-Offset"] == "2000"
    md5 = api.patch(
        location,
        2000,
        data[2000:],
        **{"Upload-Checksum": "md5 " + b64(hashlib.md5(data[2000:]).digest())},  # noqa: S324
    )
    assert md5.status_code == 204
    assert md5.headers["Noomus-Delivery-Sha256"] == hashlib.sha256(data).hexdigest()


def test_plaintext_is_refused_at_its_first_bytes(
    extranet_factory: Callable[..., RunningExtranet], api_factory: Callable[..., Api]
) -> None:
    api = api_factory(server=extranet_factory())  # its own server: no upload file at all after
    location = api.create(50 * MIB)

    def body() -> Iterator[bytes]:
        yield b"%PDF-1.7 this is not encrypted"
        yield b"\0" * MIB  # the server answers before it would need all 50 MiB

    response = api.client.patch(
        location,
        headers=api.tus(**{"Upload-Offset": "0"}, **OFFSET_TYPE),
        content=body(),
    )
    assert response.status_code == 422 and error_code(response) == "not_encrypted"
    assert api.head(location).status_code == 404
    assert not list((api.server.data_dir / "uploads").iterdir())


def test_too_short_to_be_encrypted_is_refused_at_creation(api: Api) -> None:
    response = api.client.post("/api/v1/uploads/", headers=api.tus(**{"Upload-Length": "5"}))
    assert response.status_code == 422 and error_code(response) == "not_encrypted"


def test_upload_length_over_the_limit_is_413(
    extranet_factory: Callable[..., RunningExtranet], api_factory: Callable[..., Api]
) -> None:
    server = extranet_factory(max_upload_size=1000)
    api = api_factory(server=server)
    over = api.client.post("/api/v1/uploads/", headers=api.tus(**{"Upload-Length": "1001"}))
    assert over.status_code == 413 and error_code(over) == "upload_too_large"
    location = api.create(1000)
    past = api.patch(location, 0, fake_ciphertext(1001))
    assert past.status_code == 413


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({"Upload-Length": "-1"}, 400, "invalid_request"),
        ({"Upload-Length": "1e3"}, 400, "invalid_request"),
        ({"Upload-Length": "99999999999999999999999"}, 400, "invalid_request"),
        ({}, 400, "invalid_request"),
        ({"Upload-Length": "100", "Upload-Defer-Length": "1"}, 400, "invalid_request"),
        ({"Upload-Length": "100", "Upload-Metadata": "key not*base64"}, 400, "invalid_request"),
        ({"Upload-Length": "100", "Upload-Metadata": "a YQ==,a YQ=="}, 400, "invalid_request"),
        ({"Upload-Length": "100", "Upload-Metadata": "k " + "A" * 12_288}, 400, "invalid_request"),
        ({"Upload-Length": "100", "Upload-Metadata": "a b c"}, 400, "invalid_request"),
        ({"Upload-Length": "100", "Tus-Resumable": "0.2.2"}, 412, "unsupported_version"),
    ],
)
def test_creation_validates_headers(
    api: Api, headers: dict[str, str], status: int, code: str
) -> None:
    response = api.client.post("/api/v1/uploads/", headers={**api.tus(), **headers})
    assert response.status_code == status and error_code(response) == code
    assert response.headers["Tus-Resumable"] == "1.0.0"


def test_metadata_is_kept_and_empty_metadata_accepted(api: Api) -> None:
    empty = api.create(100, metadata="")
    assert "Upload-Metadata" not in api.head(empty).headers
    meta = f"noomus-meta {b64(b'ciphertext')},flag"
    location = api.create(100, metadata=meta)
    assert api.head(location).headers["Upload-Metadata"] == meta


@pytest.mark.parametrize(
    ("offset", "content_type", "status", "code"),
    [
        ("-1", OFFSET_TYPE["Content-Type"], 400, "invalid_request"),
        ("abc", OFFSET_TYPE["Content-Type"], 400, "invalid_request"),
        ("18446744073709551616", OFFSET_TYPE["Content-Type"], 400, "invalid_request"),
        ("5", OFFSET_TYPE["Content-Type"], 409, "offset_mismatch"),
        ("0", "application/json", 415, "unsupported_media_type"),
    ],
)
def test_patch_validates_headers(
    api: Api, offset: str, content_type: str, status: int, code: str
) -> None:
    location = api.create(100)
    response = api.client.patch(
        location,
        headers=api.tus(**{"Upload-Offset": offset, "Content-Type": content_type}),
        content=fake_ciphertext(50),
    )
    assert response.status_code == status and error_code(response) == code
    assert api.head(location).headers["Upload-Offset"] == "0"


def test_bad_checksum_headers_are_400(api: Api) -> None:
    location = api.create(100)
    for value in ("crc32 AAAA", "sha256 not-base64!", "sha256 " + b64(b"short"), "sha256"):
        response = api.patch(location, 0, fake_ciphertext(50), **{"Upload-Checksum": value})
        assert response.status_code == 400, value


def test_requests_without_tus_resumable_are_412(api: Api) -> None:
    location = api.create(100)
    response = api.client.head(location, headers=api.auth)
    assert response.status_code == 412 and response.headers["Tus-Version"] == "1.0.0"


def test_every_tus_request_needs_a_token(api: Api) -> None:
    location = api.create(100)
    for method in ("HEAD", "PATCH", "DELETE"):
        response = api.client.request(method, location, headers={**TUS, **OFFSET_TYPE})
        assert response.status_code == 401, method
    assert (
        api.client.post("/api/v1/uploads/", headers={**TUS, "Upload-Length": "9"}).status_code
        == 401
    )


def test_uploads_are_isolated_between_accounts(api: Api, new_api: Callable[[], Api]) -> None:
    bob = new_api()
    location = api.create(400)
    assert bob.head(location).status_code == 404
    assert bob.patch(location, 0, fake_ciphertext(400)).status_code == 404
    assert bob.client.delete(location, headers=bob.tus()).status_code == 404
    done = api.patch(location, 0, fake_ciphertext(400))
    delivery_id = done.headers["Noomus-Delivery-Id"]
    theirs = bob.client.get(f"/api/v1/deliveries/{delivery_id}", headers=bob.auth)
    assert theirs.status_code == 404 and error_code(theirs) == "not_found"
    assert bob.client.get("/api/v1/deliveries", headers=bob.auth).json() == {"deliveries": []}


@pytest.mark.parametrize(
    "upload_id",
    ["..%2F..%2Fextranet.sqlite3", "..", "%2e%2e", "0" * 31 + "/", "A" * 32, "x" * 5000],
)
def test_path_traversal_in_upload_ids(api: Api, upload_id: str) -> None:
    response = api.client.head(f"/api/v1/uploads/{upload_id}", headers=api.tus())
    assert response.status_code in (404, 405)
    response = api.client.patch(
        f"/api/v1/uploads/{upload_id}",
        headers=api.tus(**{"Upload-Offset": "0"}, **OFFSET_TYPE),
        content=b"x",
    )
    assert 400 <= response.status_code < 500
    assert api.server.database or (api.server.data_dir / "extranet.sqlite3").exists()
    assert api.client.get("/api/v1/info").status_code == 200  # the database still answers


@pytest.mark.parametrize("delivery_id", ["../1", "1.5", "-1", "99999999999999999999", "0"])
def test_malformed_delivery_ids(api: Api, delivery_id: str) -> None:
    response = api.client.get(f"/api/v1/deliveries/{delivery_id}", headers=api.auth)
    assert 400 <= response.status_code < 500


def test_termination_of_a_delivered_upload_is_refused(api: Api) -> None:
    location = api.create(400)
    api.patch(location, 0, fake_ciphertext(400))
    response = api.client.delete(location, headers=api.tus())
    assert response.status_code == 409 and error_code(response) == "upload_completed"


def test_empty_patch_on_a_completed_upload_repeats_the_delivery_headers(api: Api) -> None:
    location = api.create(400)
    first = api.patch(location, 0, fake_ciphertext(400))
    again = api.patch(location, 400, b"")
    assert again.status_code == 204
    assert again.headers["Noomus-Delivery-Id"] == first.headers["Noomus-Delivery-Id"]


@pytest.mark.parametrize("how", ["report-lost", "disable", "logout"])
def test_revocation_stops_an_upload_in_flight(api: Api, how: str) -> None:
    total = 256 * MIB
    username = str(api.tokens["user"]["username"])  # type: ignore[index]
    location = api.create(total)
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        block = AGE_PREFIX + b"\0" * (MIB - len(AGE_PREFIX))
        while sent < total:
            if sent == 2 * MIB:
                if how == "report-lost":
                    httpx.post(
                        f"{api.server.url}/api/v1/auth/report-lost", json={"username": username}
                    )
                elif how == "disable":
                    api.server.admin("users", "disable", username)
                else:
                    httpx.post(f"{api.server.url}/api/v1/auth/logout", headers=api.auth)
            sent += len(block)
            yield block
            block = b"\0" * MIB

    try:
        response = api.client.patch(
            location, headers=api.tus(**{"Upload-Offset": "0"}, **OFFSET_TYPE), content=body()
        )
        assert response.status_code in (401, 403)
    except httpx.TransportError:
        pass  # the server may close the connection while the body is still coming
    # Stopped within a few dozen megabytes (the server re-checks every 4 MiB, at most once
    # per 20 ms), not at 256 MiB.
    assert sent < 64 * MIB
