"""How to reach Noomus: a value both the server's ``/info`` answer (``api``) and the bundled
build configuration (``config``) carry, kept apart so neither module imports the other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    """Noomus's contact details as shown to the customer; ``""`` when not given."""

    email: str = ""
    phone: str = ""
    address: str = ""
