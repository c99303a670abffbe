"""A hostile server for the staff tool: :class:`~tests.helpers.lyingproxy.LyingProxy` that can
also rewrite binary answers (a delivery's ciphertext, its manifest) whole: status, headers and
body. It is how a test shows that ``noomus-staff`` bounds and checks what the network sends
(invariant 4) instead of writing or holding whatever comes."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.helpers.lyingproxy import LyingProxy

#: ``(status, headers, body)`` of an answer, as the proxy sends it on.
Answer = tuple[int, list[tuple[str, str]], bytes]


class HostileProxy(LyingProxy):
    """Set :attr:`tamper_with` (a regular expression over the request path) and :attr:`tamper`
    (a new answer from the real one); other answers pass as :class:`LyingProxy` lets them."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.tamper_with: re.Pattern[str] | None = None
        self.tamper: Callable[[Answer], Answer] = lambda answer: answer
        #: Paths whose answer was rewritten here, in order.
        self.tampered: list[str] = []

    def __enter__(self) -> HostileProxy:
        super().__enter__()
        return self

    def _answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        answer = super()._answer(method, path, headers, body)
        if self.tamper_with is not None and self.tamper_with.search(path):
            self.tampered.append(path)
            return self.tamper(answer)
        return answer
