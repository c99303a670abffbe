"""Every error code the app can meet has its own plain-language sentence, in every language.

The codes are collected from the code itself (error classes and ``code=`` arguments in
``noomus_desktop/core`` and ``ui``) and from the API contract's error table, so a new code
without a sentence fails here instead of reaching a customer as "Something went wrong (code)".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from noomus_desktop.ui import messages
from tests.gui.error_codes import CODES
from tests.gui.test_i18n import Speaking, compiled_translations, speak

__all__ = ["compiled_translations", "speak"]  # fixtures shared with the i18n tests


def test_the_collection_finds_the_codes_it_must() -> None:
    """A guard on the collectors themselves: one code from each source."""
    assert {"stalled", "forbidden", "storage_full", "diagnostics_failed"} <= set(CODES)
    assert "payload_tampered" not in CODES


def fallback(code: str) -> str:
    """What ``error_text`` says for a code it has no sentence for."""
    return messages.error_text("no_such_code").replace("no_such_code", code)


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_every_code_has_its_own_sentence_in_every_language(
    speak: Callable[[str, float], Speaking], language: str
) -> None:
    english = {code: messages.error_text(code) for code in CODES}
    speak(language, 1.0)
    problems = []
    for code in CODES:
        text = messages.error_text(code)
        if text == fallback(code):
            problems.append(f"{code}: no sentence")
        elif language != "en" and text == english[code]:
            problems.append(f"{code}: not translated into {language}: {text!r}")
    assert not problems, "\n".join(problems)
