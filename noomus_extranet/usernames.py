"""User IDs are case-insensitive: one normal form, used by every lookup and every limit.

A user ID is shown as it was created (``Bob.Smith``) but found by its key (``bob.smith``):
sign-in, report-lost, the rate limits and the admin CLI all go through :func:`user_key`, so
a lost-password report for ``BOB`` locks the account ``bob`` (the client compares IDs
case-insensitively, and a lock that depended on the case would leave a thief signed in).
"""

from __future__ import annotations


def user_key(username: str) -> str:
    """The form a user ID is stored under and looked up by (Unicode case folding)."""
    return username.casefold()
