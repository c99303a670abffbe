"""Changing the password and seeing or ending signed-in devices, against the real extranet."""

from __future__ import annotations

import pytest
from keyring.backends import SecretService

from noomus_desktop.core import api
from noomus_desktop.core.account import PasswordTooShortError
from tests.helpers.keyring import session_items
from tests.helpers.server import RunningExtranet
from tests.integration.test_account_facade import _account

NEW_PASSWORD = "a-new-password-456"


def _other_device(server: RunningExtranet) -> api.ApiClient:
    """The same account signed in elsewhere ("old phone"), through the API client."""
    client = api.ApiClient(server.url)
    client.login(server.username, server.password, "old phone")
    return client


def test_change_password_signs_the_other_devices_out(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring
) -> None:
    account = _account(extranet, secret_keyring)
    account.sign_in(extranet.username, extranet.password, remember=True)
    with _other_device(extranet) as other:
        with pytest.raises(api.InvalidCredentialsError):
            account.change_password("not-the-password", NEW_PASSWORD)
        with pytest.raises(PasswordTooShortError):
            account.change_password(extranet.password, "short")
        assert other.deliveries() == []  # nothing changed yet

        account.change_password(extranet.password, NEW_PASSWORD)
        with pytest.raises(api.SessionEndedError):
            other.deliveries()
    # This device goes on, still remembered; the new password is the one that works.
    assert account.deliveries() == [] and len(session_items()) == 1
    with api.ApiClient(extranet.url) as fresh:
        with pytest.raises(api.InvalidCredentialsError):
            fresh.login(extranet.username, extranet.password, "x")
        assert fresh.login(extranet.username, NEW_PASSWORD, "x").user.username == "alice"
    account.sign_out()


def test_devices_are_listed_and_another_one_signed_out(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring
) -> None:
    account = _account(extranet, secret_keyring)
    account.sign_in(extranet.username, extranet.password, remember=False)
    with _other_device(extranet) as other:
        devices = account.devices()
        assert [(d.device_name, d.current) for d in devices] == [
            ("old phone", False),
            ("test device", True),
        ]
        assert all(d.ip == "127.0.0.1" and d.last_used_at >= d.created_at for d in devices)

        account.sign_out_device(devices[0].id)
        with pytest.raises(api.SessionEndedError):
            other.deliveries()
        assert [d.device_name for d in account.devices()] == ["test device"]
        with pytest.raises(api.NotFoundError):
            account.sign_out_device(devices[0].id)  # already ended
    account.sign_out()
