"""The staff API answers staff only: a customer gets 404 on every one of its routes (the
answer of a route that does not exist), whatever the method; a staff token cannot upload as a
customer. Downloads are ranged (206, 416) and marking fetched is idempotent."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import httpx
import pytest
from fastapi.routing import APIRoute

from noomus_extranet.staffapi import router
from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import Api, api_factory, b64, fake_ciphertext

__all__ = ["api_factory"]  # the fixture, registered for this module

STAFF, STAFF_PASSWORD = "bob.staff", "bob-staff-password-1"
MANIFEST = b"age-encryption.org/v1 (the server never reads it)"


@pytest.fixture
def staff(extranet: RunningExtranet, api_factory: Callable[..., Api]) -> Api:
    extranet.admin(
        "staff",
        "add",
        STAFF,
        "--name",
        "Bob",
        "--email",
        "bob@noomus.fi",
        "--password-stdin",
        stdin=STAFF_PASSWORD + "\n",
    )
    return api_factory(STAFF, STAFF_PASSWORD)


@pytest.fixture
def delivered(api_factory: Callable[..., Api]) -> tuple[int, bytes]:
    """A delivery of the customer ``alice``: its id and ciphertext."""
    data = fake_ciphertext(300_000)
    customer = api_factory()
    location = customer.create(len(data), f"noomus-meta {b64(MANIFEST)}")
    response = customer.patch(location, 0, data)
    assert response.status_code == 204, response.text
    return int(response.headers["Noomus-Delivery-Id"]), data


def staff_requests(delivery_id: int) -> list[tuple[str, str]]:
    """Every method and path of the staff router (read from it: a new route is covered)."""
    found = [
        (method, route.path.replace("{delivery_id}", str(delivery_id)))
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods or ())
    ]
    assert len(found) >= 5
    return found


def test_a_customer_gets_404_on_every_staff_route(
    api_factory: Callable[..., Api], staff: Api, delivered: tuple[int, bytes]
) -> None:
    customer = api_factory()
    for method, path in staff_requests(delivered[0]):
        as_staff = staff.client.request(method, path, headers=staff.auth)
        assert as_staff.status_code in (200, 206), (method, path, as_staff.text)
        answer = customer.client.request(method, path, headers=customer.auth)
        assert answer.status_code == 404, (method, path)
        assert answer.json() == {"error": {"code": "not_found", "message": "No such resource."}}
        anonymous = customer.client.request(method, path)
        assert anonymous.status_code == 401, (method, path)
        assert anonymous.json()["error"]["code"] == "token_invalid"
    unknown = customer.client.get("/api/v1/staff/nothing-here", headers=customer.auth)
    assert unknown.json() == answer.json()  # the same answer as a route that does not exist


def test_a_staff_token_cannot_upload(staff: Api) -> None:
    response = staff.client.post("/api/v1/uploads/", headers=staff.tus(**{"Upload-Length": "500"}))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "staff_cannot_upload"
    assert not list(staff.server.data_dir.glob("uploads/*.part"))


def test_staff_list_every_customers_delivery_page_by_page(
    api_factory: Callable[..., Api], staff: Api, delivered: tuple[int, bytes]
) -> None:
    staff.server.add_user("carol", "carol-password-12")
    second = api_factory("carol", "carol-password-12").upload(fake_ciphertext(1000, b"c"))
    listed: list[dict[str, object]] = []
    after = 0
    while True:
        page = staff.client.get(
            f"/api/v1/staff/deliveries?limit=1&after={after}", headers=staff.auth
        ).json()
        listed += page["deliveries"]
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert [(d["id"], d["username"]) for d in listed] == [
        (delivered[0], "alice"),
        (int(second.headers["Noomus-Delivery-Id"]), "carol"),
    ]
    assert listed[0]["sha256"] == hashlib.sha256(delivered[1]).hexdigest()
    assert listed[0]["fetched_at"] is None
    too_many = staff.client.get("/api/v1/staff/deliveries?limit=1001", headers=staff.auth)
    assert too_many.status_code == 400


def test_ranges_are_served_and_bad_ones_refused(staff: Api, delivered: tuple[int, bytes]) -> None:
    delivery_id, data = delivered
    path = f"/api/v1/staff/deliveries/{delivery_id}/ciphertext"
    whole = staff.client.get(path, headers=staff.auth)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["cache-control"] == "no-store"
    for asked, start, end in (
        ("bytes=1000-", 1000, len(data) - 1),
        ("bytes=10-19", 10, 19),
        ("bytes=-50", len(data) - 50, len(data) - 1),
        ("bytes=299990-999999999", 299_990, len(data) - 1),
    ):
        part = staff.client.get(path, headers={**staff.auth, "Range": asked})
        assert part.status_code == 206, asked
        assert part.headers["content-range"] == f"bytes {start}-{end}/{len(data)}"
        assert part.content == data[start : end + 1]
    for bad in ("bytes=300000-", "bytes=5-1", "bytes=0-1,5-6", "lines=1-2", "bytes=-0", "bytes=-"):
        refused = staff.client.get(path, headers={**staff.auth, "Range": bad})
        assert refused.status_code == 416, bad
        assert refused.headers["content-range"] == f"bytes */{len(data)}"
        assert refused.json()["error"]["code"] == "range_not_satisfiable"


def test_marking_fetched_is_idempotent_and_audited(
    staff: Api, delivered: tuple[int, bytes]
) -> None:
    delivery_id = delivered[0]
    path = f"/api/v1/staff/deliveries/{delivery_id}/fetched"
    first = staff.client.post(path, headers=staff.auth).json()
    second = staff.client.post(path, headers=staff.auth).json()
    assert first["fetched_at"] is not None and second["fetched_at"] == first["fetched_at"]
    new = staff.client.get("/api/v1/staff/deliveries?new=true", headers=staff.auth).json()
    assert new == {"deliveries": [], "next_after": None}
    audit = (staff.server.data_dir / "logs" / "audit.log").read_text().splitlines()
    fetched = [json.loads(line) for line in audit if '"delivery_fetched"' in line]
    assert [(e["user"], e["delivery"], e["first"]) for e in fetched] == [
        (STAFF, delivery_id, True),
        (STAFF, delivery_id, False),
    ]


def test_the_manifest_is_served_as_stored(
    api_factory: Callable[..., Api], staff: Api, delivered: tuple[int, bytes]
) -> None:
    found = staff.client.get(
        f"/api/v1/staff/deliveries/{delivered[0]}/manifest", headers=staff.auth
    )
    assert found.status_code == 200 and found.content == MANIFEST
    assert found.headers["content-type"] == "application/octet-stream"
    bare = api_factory().upload(fake_ciphertext(500, b"b"))
    path = f"/api/v1/staff/deliveries/{bare.headers['Noomus-Delivery-Id']}/manifest"
    missing = staff.client.get(path, headers=staff.auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "manifest_missing"


def test_a_one_time_staff_password_must_be_changed_first(
    extranet: RunningExtranet,
) -> None:
    password = extranet.admin(
        "staff", "add", "dora", "--name", "Dora", "--email", "dora@noomus.fi"
    ).strip()
    with httpx.Client(base_url=extranet.url) as client:
        tokens = client.post(
            "/api/v1/auth/login",
            json={"username": "dora", "password": password, "device_name": "t"},
        ).json()
        assert tokens["password_change_required"] is True
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        listed = client.get("/api/v1/staff/deliveries", headers=auth)
        assert listed.json()["error"]["code"] == "password_change_required"
    audit = (extranet.data_dir / "logs" / "audit.log").read_text()
    assert '"event": "staff_added", "user": "dora"' in audit
    assert extranet.admin("staff", "list").split("\t")[:2] == ["dora", "active"]
