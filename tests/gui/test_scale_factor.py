"""Finnish and Swedish at ``QT_SCALE_FACTOR=1.5`` (a 150 % display): no text cut off.

Qt reads the scale factor once, before the application exists, so each language runs in a
child pytest with ``QT_SCALE_FACTOR=1.5``: the main window with a row in every state, the
sign-in dialog showing an error and both pages of the lost-password dialog, checked by
``test_i18n``'s own ``cut_off`` (every visible label, button and tab's size hint within its
geometry; wrapped labels by their height for their width). The child first proves it is scaled
(``test_the_child_is_scaled``), so a factor Qt ignored cannot pass unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication

from tests.unit.test_translations import ROOT, TRANSLATED

SCALE_FACTOR = "1.5"
#: Set in the child only: the scale factor it must run at.
CHILD = "NOOMUS_TEST_SCALE_FACTOR"
WINDOWS = ("test_main_window", "test_sign_in_dialog", "test_report_lost_dialog")


def test_the_child_is_scaled(qapp: QApplication) -> None:
    if CHILD not in os.environ:
        pytest.skip("runs in the scaled child of test_no_text_cut_off_at_scale_factor_1_5")
    screen = qapp.primaryScreen()
    assert screen is not None
    assert screen.devicePixelRatio() == float(os.environ[CHILD])


def run_scaled(tests: list[str]) -> None:
    """Run ``tests`` (pytest node ids) in a child at ``QT_SCALE_FACTOR=1.5``, with this file's
    ``test_the_child_is_scaled`` first; each must pass."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": SCALE_FACTOR,
        CHILD: SCALE_FACTOR,
    }
    own = f"{__file__}::test_the_child_is_scaled"
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-p",
            "no:randomly",
            own,
            *tests,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stdout[-6000:] + child.stderr[-2000:]
    assert f"{len(tests) + 1} passed" in child.stdout, child.stdout[-2000:]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_text_cut_off_at_scale_factor_1_5(language: str) -> None:
    run_scaled([f"tests/gui/test_i18n.py::{name}[{language}-1.0]" for name in WINDOWS])
