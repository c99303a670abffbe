"""Schemathesis against the served OpenAPI document: whatever it sends, no 5xx."""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from tests.helpers.server import RunningExtranet

MAX_EXAMPLES = 100 if os.environ.get("NOOMUS_FULL") else 15
# tus bodies are raw bytes: send them as schemathesis sends application/octet-stream.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


@pytest.fixture
def fuzz_token(extranet: RunningExtranet) -> str:
    response = httpx.post(
        f"{extranet.url}/api/v1/auth/login",
        json={"username": "alice", "password": extranet.password, "device_name": "fuzz"},
    )
    token: str = response.json()["access_token"]
    return token


def test_the_document_lists_every_endpoint(extranet: RunningExtranet) -> None:
    document = httpx.get(f"{extranet.url}/api/v1/openapi.json").json()
    operations = {(m.upper(), p) for p, item in document["paths"].items() for m in item}
    assert {
        ("GET", "/api/v1/info"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/api/v1/auth/report-lost"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/deliveries"),
        ("GET", "/api/v1/deliveries/{delivery_id}"),
        ("OPTIONS", "/api/v1/uploads/"),
        ("POST", "/api/v1/uploads/"),
        ("HEAD", "/api/v1/uploads/{upload_id}"),
        ("PATCH", "/api/v1/uploads/{upload_id}"),
        ("DELETE", "/api/v1/uploads/{upload_id}"),
    } <= operations


def fuzz(operation: Any, mode: GenerationMode, auth: dict[str, str]) -> list[str]:
    """Run one operation's examples; return the requests that got a 5xx."""
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case[Any]) -> None:
        own_auth = case.headers and any(k.lower() == "authorization" for k in case.headers)
        response = case.call(headers={} if own_auth else auth, timeout=30)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

    try:
        call()
    except Unsatisfiable:
        # An operation without inputs has no malformed variant to send.
        assert mode is GenerationMode.NEGATIVE
    return failures


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors(extranet: RunningExtranet, fuzz_token: str, mode: GenerationMode) -> None:
    """Every operation, valid and malformed inputs alike (schemathesis' own pytest loader
    does not run under this pytest version, so the operations are driven here)."""
    schema = schemathesis.openapi.from_url(f"{extranet.url}/api/v1/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        # Signing out would end the fuzzing token; that path is tested elsewhere.
        signed_in = not operation.path.endswith("/logout")
        auth = {"Authorization": f"Bearer {fuzz_token}"} if signed_in else {}
        failures += fuzz(operation, mode, auth)
    assert failures == []
