"""Every error code the app can meet has its own plain-language sentence, in every language.

The codes are collected from the code itself (error classes and ``code=`` arguments in
``noomus_desktop/core`` and ``ui``) and from the API contract's error table, so a new code
without a sentence fails here instead of reaching a customer as "Something went wrong (code)".
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator

import pytest

import noomus_desktop.core
import noomus_desktop.ui
from noomus_desktop.core.crypto import DecryptionError, InvalidIdentityError
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from tests.gui.test_i18n import Speaking, compiled_translations, speak
from tests.unit.test_translations import ROOT

__all__ = ["compiled_translations", "speak"]  # fixtures shared with the i18n tests

PACKAGES = (noomus_desktop.core, noomus_desktop.ui)
#: Raised only when decrypting with a private key, which the app never holds (staff tools do).
DECRYPTING: tuple[type[NoomusError], ...] = (DecryptionError, InvalidIdentityError)
_API_ERROR_ROW = re.compile(r"^\| `([a-z_]+)` \| \d{3} \|", re.MULTILINE)


def _family(cls: type[NoomusError]) -> Iterator[type[NoomusError]]:
    """``cls`` and all its subclasses."""
    yield cls
    for sub in cls.__subclasses__():
        yield from _family(sub)


def class_codes() -> set[str]:
    """The ``code`` of every error class defined in the app's packages."""
    for package in PACKAGES:
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    prefixes = tuple(package.__name__ + "." for package in PACKAGES)
    return {
        cls.code
        for cls in _family(NoomusError)
        if cls.__module__.startswith(prefixes) and not issubclass(cls, DECRYPTING)
    }


def argument_codes() -> set[str]:
    """Every string literal given as a ``code=`` argument (``code=code or "forbidden"`` too)."""
    codes = set()
    for package in PACKAGES:
        for path in ROOT.joinpath(*package.__name__.split(".")).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.keyword) and node.arg == "code":
                    codes |= {
                        leaf.value
                        for leaf in ast.walk(node.value)
                        if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)
                    }
    return codes


def api_codes() -> set[str]:
    """The error codes of the API contract: the server's codes reach the app unchanged."""
    return set(_API_ERROR_ROW.findall((ROOT / "docs" / "api.md").read_text("utf-8")))


CODES = sorted(class_codes() | argument_codes() | api_codes())


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
