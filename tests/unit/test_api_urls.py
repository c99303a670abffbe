"""The connection policy: https everywhere, plain http only to this machine."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from noomus_desktop.core import api, net


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://localhost:1234/",
        "http://[::1]:8443",
        "https://extranet.noomus.fi",
        "https://10.0.0.1:8443",
    ],
)
def test_allowed(url: str) -> None:
    assert net.check_url(url).startswith(("http://", "https://"))


@pytest.mark.parametrize(
    "url",
    [
        "http://extranet.noomus.fi",
        "http://10.0.0.1:8080",
        "http://192.168.1.1",
        "http://[fe80::1]",
        "http://localhost.evil.example",
        "http://128.0.0.1",
    ],
)
def test_plain_http_off_loopback_is_refused(url: str) -> None:
    with pytest.raises(net.InsecureUrlError) as caught:
        net.check_url(url)
    assert caught.value.code == "insecure_url"
    assert "https://" in caught.value.message


@pytest.mark.parametrize(
    "url", ["", "extranet.noomus.fi", "ftp://extranet.noomus.fi", "https://", "file:///etc/passwd"]
)
def test_not_a_server_address(url: str) -> None:
    with pytest.raises(net.InvalidUrlError) as caught:
        net.check_url(url)
    assert caught.value.code == "invalid_url"


def test_normalised() -> None:
    assert net.check_url(" HTTPS://Extranet.Noomus.FI/ ") == "https://extranet.noomus.fi"
    assert net.check_url("https://x.example/base/?q=1#f") == "https://x.example/base"


def test_client_refuses_insecure_url_before_any_request() -> None:
    # (tests/integration/test_tls_policy.py shows through a recording proxy that nothing is sent)
    with pytest.raises(api.InsecureUrlError):
        api.ApiClient("http://extranet.noomus.fi:9")


def test_missing_extra_ca_file_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        net.ssl_context(tmp_path / "missing.pem")


def test_tls_context_verifies() -> None:
    context = net.ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
