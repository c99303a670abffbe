"""The screenshots: every state in every language renders, small, with no text cut off.

``scripts/screenshots.py`` renders the six main states in en, fi and sv into a temporary
folder; for each window, every visible label, button and tab must fit its text
(``test_i18n.cut_off``: the size hint within the geometry; wrapped labels by their height), and
so must every cell of the queue but the file name (names are elided in the middle on purpose).
Finnish and Swedish run again at ``QT_SCALE_FACTOR=1.5`` in a child process (Qt reads the
factor once, at start), as ``test_scale_factor`` does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from noomus_desktop.ui.main_window import MainWindow
from noomus_desktop.ui.transfer_model import Column
from scripts import screenshots
from tests.gui.test_i18n import cut_off
from tests.gui.test_scale_factor import CHILD, run_scaled
from tests.unit.test_translations import ROOT, TRANSLATED

#: The largest screenshot kept in the repository (at scale factor 1).
MAX_SIZE = (1000, 700)


def cells_cut_off(window: MainWindow) -> list[str]:
    """Queue cells (all but the file name) whose text and icon need more than their column."""
    view, model = window.table, window.model
    problems = []
    for row in range(model.rowCount()):
        for column in (Column.SIZE, Column.SPEED, Column.STATUS):
            index = model.index(row, column)
            needs = view.sizeHintForIndex(index).width()
            has = view.columnWidth(column)
            if needs > has:
                problems.append(
                    f"row {row} {column.name} {index.data()!r}: needs {needs}, has {has}"
                )
    return problems


def _render(folder: Path, languages: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    problems: list[str] = []

    def check(window: MainWindow, language: str, state: str) -> None:
        found = cut_off(window) + cells_cut_off(window)
        problems.extend(f"{language}-{state}: {problem}" for problem in found)

    return screenshots.render(folder, languages, check=check), problems


@pytest.mark.parametrize("language", screenshots.LANGUAGES)
def test_every_state_renders_with_no_text_cut_off(
    qapp: QApplication, tmp_path: Path, language: str
) -> None:
    written, problems = _render(tmp_path, (language,))
    assert [path.name for path in written] == [
        f"{language}-{state}.png" for state in screenshots.STATES
    ]
    assert not problems, "text cut off:\n" + "\n".join(problems)
    scaled = CHILD in os.environ
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path
        if not scaled:
            assert image.width() <= MAX_SIZE[0] and image.height() <= MAX_SIZE[1], path


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_text_cut_off_at_scale_factor_1_5(language: str) -> None:
    run_scaled([f"{__file__}::test_every_state_renders_with_no_text_cut_off[{language}]"])


def test_the_committed_screenshots_are_the_script_s_states() -> None:
    """docs/screenshots holds every language × state, each small (the README shows two)."""
    folder = ROOT / "docs" / "screenshots"
    names = {path.name for path in folder.glob("*.png")}
    wanted = {
        f"{lang}-{state}.png" for lang in screenshots.LANGUAGES for state in screenshots.STATES
    }
    assert wanted <= names, sorted(wanted - names)
    for name in wanted:
        image = QImage(str(folder / name))
        assert image.width() <= MAX_SIZE[0] and image.height() <= MAX_SIZE[1], name
        assert (folder / name).stat().st_size < 60_000, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sum(f"docs/screenshots/{name}" in readme for name in wanted) == 2
