"""Known devices: a lockout that an attacker guessing passwords cannot hold (ASVS 2.2.1).

The per-user limit stops online guessing, but it also stopped the real user: with an attacker
guessing every 0.2 s, the owner's correct password every 5 s got ``429`` almost every time.
The design chosen is OWASP's *device cookie* ("Slow Down Online Guessing Attacks with Device
Cookies"), because it is the one that keeps both promises without a CAPTCHA (a desktop app has
no browser) and without slowing the right password:

- every successful sign-in returns a ``device_token`` (stored only as a hash), which the app
  keeps and sends with its next sign-ins;
- a sign-in with a device token valid for that user is counted against that token's own limit,
  not the user's; only guesses without one (the attacker's) hit the per-user limit, so the
  attacker locks out only devices that never signed in;
- a device token that fails its own limit is forgotten (a thief who stole one gets no more
  guesses than anyone else);
- a successful sign-in does not reset the per-user failure count within its window (it used
  to: an attacker knowing one password, or the owner signing in, wiped the guesses' trace).

An unknown or foreign device token is just ignored: the answer does not say whether it was
valid, so it reveals nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from noomus_extranet.auth import invalid_credentials
from noomus_extranet.db import Database, now
from noomus_extranet.errors import ApiError
from noomus_extranet.ratelimit import RateLimiter
from noomus_extranet.tokens import new_token, token_hash
from noomus_extranet.usernames import user_key

DEVICE_PREFIX = "nxd_"
T = TypeVar("T")


class KnownDevices:
    """Device tokens (hashes) of devices that signed in before, and their own limits."""

    def __init__(self, db: Database, per_user: RateLimiter, per_device: RateLimiter) -> None:
        self.db = db
        self.per_user = per_user
        self.per_device = per_device

    def recognise(self, username: str, token: str | None) -> str | None:
        """The token's hash if it is a device token of this user, else None."""
        if not token or not token.startswith(DEVICE_PREFIX):
            return None
        hashed = token_hash(token)
        row = self.db.one(
            "SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id"
            " WHERE d.token_hash = ? AND u.username_key = ?",
            (hashed, user_key(username)),
        )
        return hashed if row is not None else None

    def issue(self, user_id: int) -> str:
        token = new_token(DEVICE_PREFIX)
        self.db.execute(
            "INSERT INTO devices(token_hash, user_id, created_at) VALUES (?, ?, ?)",
            (token_hash(token), user_id, now()),
        )
        return token

    def forget(self, hashed: str) -> None:
        self.db.execute("DELETE FROM devices WHERE token_hash = ?", (hashed,))

    def throttled(self, username: str, device: str | None, attempt: Callable[[], T]) -> T:
        """Run a password ``attempt`` under the right limit: the device's or the user's.

        Counted before the (slow) check, so parallel guesses cannot all slip under the limit;
        given back when it succeeded or failed for another reason than the password.
        """
        limiter, key = (self.per_device, device) if device else (self.per_user, user_key(username))
        stamp = limiter.take(key)
        try:
            result = attempt()
        except ApiError as exc:
            if exc.code != invalid_credentials().code:
                limiter.give_back(key, stamp)
            elif device is not None and limiter.exhausted(key):
                self.forget(device)
            raise
        limiter.give_back(key, stamp)  # a success is not a failure; earlier ones still count
        return result
