"""One error vocabulary: one network family for the API client and the uploader, one
``Retry-After`` parser, ``retry_after`` on the base class, no two core classes of one name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

import noomus_desktop.core
from noomus_desktop.core import api, tus
from noomus_desktop.core.auth import StaticHeaders
from noomus_desktop.core.errors import (
    ATTENTION_CODES,
    BLOCKING_CODES,
    MAX_RETRY_AFTER,
    NetworkError,
    NoomusError,
    ServerError,
    parse_retry_after,
)
from tests.helpers.server import free_port


def test_one_except_catches_api_and_upload_network_failures() -> None:
    """Against a real closed port, both clients raise the one network family."""
    url = f"http://127.0.0.1:{free_port()}"
    caught: list[NetworkError] = []
    with api.ApiClient(url, retries=0) as client:
        try:
            client.info()
        except NetworkError as error:
            caught.append(error)
    with httpx.Client(timeout=5) as http:
        uploader = tus.TusClient(http, StaticHeaders({}))
        try:
            uploader.capabilities(url + "/files/")
        except NetworkError as error:
            caught.append(error)
    assert [error.code for error in caught] == ["offline", "offline"]
    assert all(error.transient for error in caught)


def test_retry_after_in_seconds() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now.timestamp()) == pytest.approx(90.0)
    earlier = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(earlier, now=now.timestamp()) == 0.0


def test_retry_after_is_clamped_whatever_the_server_says() -> None:
    """A server asking for 3,000 years (or a date in 9999) gets an hour at most."""
    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
    far = format_datetime(datetime(9999, 1, 1, tzinfo=UTC), usegmt=True)
    assert parse_retry_after("99999999999") == MAX_RETRY_AFTER == 3600.0
    assert parse_retry_after(far, now=now.timestamp()) == MAX_RETRY_AFTER


@pytest.mark.parametrize("value", [None, "", "-5", "1.5", "soon", "Mon, 99 Foo 2025", "٣"])
def test_retry_after_garbage_is_none(value: str | None) -> None:
    assert parse_retry_after(value) is None


def _answer(status: int, headers: dict[str, str]) -> httpx.Response:
    request = httpx.Request("PATCH", "https://extranet.example/files/1")
    return httpx.Response(status, headers=headers, request=request)


def test_both_clients_read_an_http_date() -> None:
    """The API's 429 and the uploads endpoint's 503 read the same header the same way."""
    date = format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    limited = api.error_from_response(
        httpx.Response(
            429,
            json={"error": {"code": "rate_limited"}},
            headers={"Retry-After": date},
            request=httpx.Request("POST", "https://extranet.example/api/v1/auth/login"),
        )
    )
    with pytest.raises(ServerError) as busy:
        tus._raise_for(_answer(503, {"Retry-After": date}), expected=(204,))
    for error in (limited, busy.value):
        assert error.retry_after is not None and 590 < error.retry_after <= 600


def test_retry_after_lives_on_the_base_class() -> None:
    assert NoomusError("x").retry_after is None
    assert NoomusError("x", retry_after=3.0).retry_after == 3.0


def test_attention_codes_hold_what_stops_uploads() -> None:
    assert BLOCKING_CODES < ATTENTION_CODES
    assert {"session_ended", "tls_error"} < ATTENTION_CODES


def test_no_two_core_classes_share_a_name() -> None:
    """``except X`` must mean one thing: a name defined twice in core is a trap."""
    where: defaultdict[str, set[str]] = defaultdict(set)
    for info in pkgutil.walk_packages(noomus_desktop.core.__path__, "noomus_desktop.core."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == info.name:
                where[name].add(info.name)
    assert {name: places for name, places in where.items() if len(places) > 1} == {}
