"""Fixtures for modules whose tests can share one server (a start costs seconds): a module
imports both (``__all__`` names them) to have its ``extranet`` started once and each test's
``api`` be a new user of it. Not in ``conftest.py``: there they would replace ``extranet``
and ``api`` for every module of the folder."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import Api


@pytest.fixture(name="extranet", scope="module")
def one_server_per_module(
    module_extranet_factory: Callable[..., RunningExtranet],
) -> RunningExtranet:
    """``extranet`` for a whole module; with :func:`new_user_per_test`, each test is its own
    user."""
    return module_extranet_factory()


@pytest.fixture(name="api")
def new_user_per_test(new_api: Callable[[], Api]) -> Api:
    """``api`` as a new user of the module's server (:func:`one_server_per_module`)."""
    return new_api()
