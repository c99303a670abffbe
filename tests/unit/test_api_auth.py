"""The authentication seam the uploader sees."""

from __future__ import annotations

from noomus_desktop.core.account import Account
from noomus_desktop.core.auth import AuthProvider, StaticHeaders
from noomus_desktop.core.config import BuildConfig, Settings


def test_static_headers_are_fixed_and_not_renewable() -> None:
    given = {"Authorization": "Bearer fixed"}
    auth: AuthProvider = StaticHeaders(given)
    sent = auth.headers()
    assert sent == given
    sent["Authorization"] = "changed by the caller"
    given["X-Other"] = "changed by the owner"
    assert auth.headers() == {"Authorization": "Bearer fixed"}
    assert auth.refresh(auth.headers()) is False


def test_no_headers() -> None:
    assert StaticHeaders().headers() == {}


def test_signed_out_account_gives_no_headers_and_cannot_refresh() -> None:
    account = Account(Settings(server_url="https://extranet.example"), BuildConfig())
    auth: AuthProvider = account.auth
    assert auth.headers() == {}
    assert auth.refresh({}) is False
    assert account.user is None and not account.signed_in
    assert account.server_url == "https://extranet.example"
