"""The connection policy on real sockets: verified TLS, loopback-only http, env proxies,
and no bearer token ever following a redirect."""

from __future__ import annotations

import pytest

from noomus_desktop.core import api, net
from tests.helpers.tls import CertPair, LoopbackServer, Pki, Reply

RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"


def _info_reply(base: str) -> Reply:
    return Reply(
        200,
        {
            "service": "Noomus extranet",
            "version": "0.1.0",
            "recipients": [RECIPIENT],
            "uploads_url": f"{base}/api/v1/uploads/",
            "max_upload_size": 1024,
            "status": "ok",
            "contact": {"email": "c@example.com"},
            "request_account_url": "https://x.example",
        },
    )


def _https(servers: list[LoopbackServer], pair: CertPair) -> LoopbackServer:
    server = LoopbackServer({}, tls=pair)
    server.routes["/api/v1/info"] = _info_reply(server.url)
    servers.append(server)
    return server


def test_trusted_when_its_ca_is_given(pki: Pki, loopback_servers: list[LoopbackServer]) -> None:
    server = _https(loopback_servers, pki.valid)
    with api.ApiClient(server.url, extra_ca=pki.ca_cert) as client:
        assert client.info().recipients == (RECIPIENT,)


def test_ca_bundle_from_the_environment(
    pki: Pki, loopback_servers: list[LoopbackServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _https(loopback_servers, pki.valid)
    monkeypatch.setenv(net.CA_BUNDLE_ENV, str(pki.ca_cert))
    with api.ApiClient(server.url) as client:
        assert client.info().status == "ok"


@pytest.mark.parametrize(
    ("which", "with_ca"),
    [
        ("self_signed", False),
        ("self_signed", True),
        ("valid", False),
        ("expired", True),
        ("wrong_host", True),
    ],
)
def test_untrusted_certificates_are_refused(
    pki: Pki, loopback_servers: list[LoopbackServer], which: str, with_ca: bool
) -> None:
    server = _https(loopback_servers, getattr(pki, which))
    client = api.ApiClient(server.url, extra_ca=pki.ca_cert if with_ca else None, retries=0)
    with client, pytest.raises(api.TlsError) as caught:
        client.info()
    error = caught.value
    assert error.code == "tls_error" and not error.transient
    assert error.message.startswith("The server's security certificate could not be verified")
    # Plain words for the user; the OpenSSL text only in ``detail`` for the logs.
    assert "CERTIFICATE_VERIFY_FAILED" not in error.message
    assert "certificate" in error.detail.lower() or "verify" in error.detail.lower()
    assert server.received == []  # the request itself never went out


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_plain_http_never_reaches_a_proxy(
    loopback_servers: list[LoopbackServer], monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    """With ``HTTP_PROXY`` set to a recording proxy: refused addresses send nothing, and
    requests to this machine go direct, never through the proxy (it would read the login
    body, password included)."""
    proxy = LoopbackServer({})
    server = LoopbackServer({})
    base = f"http://{host}:{server.port}"
    server.routes["/api/v1/info"] = _info_reply(base)
    loopback_servers.extend([proxy, server])
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("http_proxy", proxy.url)

    with pytest.raises(api.InsecureUrlError):
        api.ApiClient("http://extranet.example").info()
    assert proxy.received == []

    with api.ApiClient(base) as client:
        assert client.info().uploads_url == f"{base}/api/v1/uploads/"
    assert proxy.received == []
    assert [r.path for r in server.received] == ["/api/v1/info"]


def test_redirects_never_carry_the_token(loopback_servers: list[LoopbackServer]) -> None:
    elsewhere = LoopbackServer({})
    loopback_servers.append(elsewhere)
    target = f"http://localhost:{elsewhere.port}"
    origin = LoopbackServer(
        {
            "/api/v1/me": Reply(307, None, {"Location": f"{target}/api/v1/me"}),
            "/api/v1/deliveries": Reply(302, None, {"Location": f"{target}/steal"}),
            "/api/v1/info": Reply(301, None, {"Location": f"{target}/api/v1/info"}),
        }
    )
    loopback_servers.append(origin)
    user = api.User("alice", "Alice", "Acme", "alice@example.com", "active")
    with api.ApiClient(origin.url) as client:
        client.session = api.Session(
            client, api.TokenPair("access-secret", "refresh-secret", 900, user)
        )
        for call in (client.me, client.deliveries, client.info):
            with pytest.raises(api.UnexpectedResponseError):
                call()
    assert [r.headers.get("Authorization") for r in origin.received[:2]] == [
        "Bearer access-secret"
    ] * 2
    assert elsewhere.received == []
