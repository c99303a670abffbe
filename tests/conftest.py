"""Fixtures shared by every test: an isolated app home, and the real peers (server, age, tus)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noomus_desktop.core import paths

# Each helper module registers the fixtures of one real peer (server, keyring, tus server...).
pytest_plugins: list[str] = [
    "tests.helpers.server",
    "tests.helpers.keyring",
    "tests.helpers.tls",
    "tests.helpers.tusnode",
]


@pytest.fixture(autouse=True)
def noomus_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every app folder at a throwaway directory: no test touches real settings or queues."""
    home = tmp_path_factory.mktemp("noomus-home")
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    yield home
