"""A known device keeps its own failure budget: password guessing elsewhere cannot lock it out."""

from __future__ import annotations

import pytest
from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from noomus_desktop.core import api
from noomus_desktop.core.credentials import SERVICE, device_key
from tests.helpers.keyring import keyring_items
from tests.helpers.server import RunningExtranet
from tests.integration.test_account_facade import _account
from tests.integration.test_cli_extranet import _cli, _login


def _exhaust_user_limit(server: RunningExtranet, username: str) -> None:
    """Wrong passwords from another client (no device token) until the user ID is limited."""
    with api.ApiClient(server.url) as attacker:
        for _ in range(10):
            try:
                attacker.login(username, "wrong-guess-123", "attacker")
            except api.RateLimitedError:
                return
            except api.InvalidCredentialsError:
                continue
    pytest.fail("the server never limited the guesses")


@pytest.mark.parametrize("remember", [False, True])
def test_owner_signs_in_after_someone_exhausts_the_user_limit(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, remember: bool
) -> None:
    owner = _account(extranet, secret_keyring)
    owner.sign_in(extranet.username.upper(), extranet.password, remember=remember)
    owner.sign_out()
    stored = keyring_items()
    # Only the device token is left after signing out, in the keyring, whatever remember-me said.
    assert list(stored) == [(SERVICE, device_key(extranet.url, extranet.username))]
    assert stored[(SERVICE, device_key(extranet.url, extranet.username))].startswith(b"nxd_")

    _exhaust_user_limit(extranet, extranet.username)
    with api.ApiClient(extranet.url) as stranger, pytest.raises(api.RateLimitedError):
        stranger.login(extranet.username, extranet.password, "a new device")

    again = _account(extranet, secret_keyring)  # as the next start of the app would
    user = again.sign_in(extranet.username, extranet.password, remember=remember)
    assert user.username == extranet.username and again.signed_in
    again.sign_out()


def test_noomus_upload_login_after_someone_exhausts_the_user_limit(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring
) -> None:
    first = _login(extranet)
    assert first.returncode == EXIT_OK, first.stderr
    assert _cli(extranet, "logout").returncode == EXIT_OK

    _exhaust_user_limit(extranet, extranet.username)
    again = _login(extranet)
    assert again.returncode == EXIT_OK, again.stderr
    assert "Signed in as alice" in again.stdout
