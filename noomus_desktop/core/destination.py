"""Where transfers go: one bundle the engine needs, whether Noomus or any tus server.

The Noomus account and the plain ``--tus-endpoint`` mode of ``noomus-upload`` differ only
in what this holds: the Noomus account adds a delivery verifier (the API's delivery record)
and renews its bearer token; a plain tus server has fixed headers and no verifier, so
"done" there means the server reports every byte received.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from noomus_desktop.core.auth import AuthProvider, StaticHeaders
from noomus_desktop.core.crypto import Recipient, parse_recipient

if TYPE_CHECKING:
    from noomus_desktop.core.account import Account


class DeliveryFacts(Protocol):
    """What the server recorded about a completed upload (``Delivery`` of ``docs/api.md``)."""

    @property
    def size(self) -> int: ...

    @property
    def sha256(self) -> str: ...


#: Fetch the server's delivery record by id (e.g. ``Account.delivery``).
DeliveryVerifier = Callable[[str], DeliveryFacts]


@dataclass(frozen=True)
class Destination:
    """A tus endpoint, how to authenticate to it, whom to encrypt to, how to verify."""

    uploads_url: str
    auth: AuthProvider
    #: Called when a new transfer starts, so a pinning check can refuse changed recipients.
    recipients: Callable[[], Sequence[Recipient]]
    verifier: DeliveryVerifier | None = None
    #: Ask the server to keep a checksum of each PATCH when it offers sha256.
    checksums: bool = True
    label: str = field(default="")

    @property
    def key(self) -> str:
        """Stable identity of this destination in the queue (transfers are per destination)."""
        return self.uploads_url

    @classmethod
    def plain_tus(
        cls,
        uploads_url: str,
        recipients: Sequence[str],
        headers: Mapping[str, str] | None = None,
    ) -> Destination:
        """Any tus 1.0 server, fixed headers, no delivery API."""
        parsed = tuple(parse_recipient(r) for r in recipients)
        return cls(
            uploads_url=uploads_url,
            auth=StaticHeaders(headers),
            recipients=lambda: parsed,
            label=uploads_url,
        )

    @classmethod
    def noomus(cls, account: Account) -> Destination:
        """The signed-in Noomus account: pinned recipients, renewed token, verified deliveries.

        The recipients are asked (and checked against the pin) for every new transfer, so a
        changed key stops new transfers instead of encrypting to it.
        """

        def recipients() -> tuple[Recipient, ...]:
            return tuple(parse_recipient(r) for r in account.recipients())

        return cls(
            uploads_url=account.uploads_url,
            auth=account.auth,
            recipients=recipients,
            verifier=lambda delivery_id: account.delivery(int(delivery_id)),
            label=account.server_url,
        )
