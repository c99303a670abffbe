"""Every error code the app can meet: from the code itself (error classes and ``code=``
arguments in ``noomus_desktop/core`` and ``ui``) and from the API contract's error table."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator

import noomus_desktop.core
import noomus_desktop.ui
from noomus_desktop.core.crypto import DecryptionError, InvalidIdentityError
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.updates import FeedError
from tests.unit.test_translations import ROOT

PACKAGES = (noomus_desktop.core, noomus_desktop.ui)
#: Never shown to the customer: raised only when decrypting with a private key, which the app
#: never holds (staff tools do), or by the update feed, whose failures are logged and ignored.
NEVER_SHOWN: tuple[type[NoomusError], ...] = (DecryptionError, InvalidIdentityError, FeedError)
#: Codes only the staff routes answer (``/api/v1/staff/...``): the app never calls them, and
#: ``noomus-staff`` prints the server's own sentence.
STAFF_ONLY = frozenset({"manifest_missing", "range_not_satisfiable"})
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
        if cls.__module__.startswith(prefixes) and not issubclass(cls, NEVER_SHOWN)
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
    return set(_API_ERROR_ROW.findall((ROOT / "docs" / "api.md").read_text("utf-8"))) - STAFF_ONLY


CODES = sorted(class_codes() | argument_codes() | api_codes())
