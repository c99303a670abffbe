"""The typed error hierarchy of the core.

Every error the engine can raise carries a stable ``code`` (what the UI and the CLI map
to a translated sentence) and a plain-language ``message`` in English (used by logs and
as the fallback text). Messages never contain secrets, tokens or file contents.
"""

from __future__ import annotations


class NoomusError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"
    #: Whether retrying later (without the user doing anything) can help.
    transient = False

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message
