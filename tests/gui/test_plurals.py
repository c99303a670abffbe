"""English says "1 file" and "2 files", never "file(s)": its plural-only catalogue at work.

The source texts are written "%n file(s)" (one text per sentence, for translators); English
reads them through ``noomus_en.qm``, which holds only their plural forms. Every plural message
of the code is checked for n = 1 and n = 2, in the window (Qt's translator) and in the CLI
(the pure-Python ``Catalogue``), and a few through the functions that build the sentences.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from noomus_desktop import i18n
from noomus_desktop.ui import formatting
from noomus_desktop.ui.headline import headline
from noomus_desktop.ui.main_window import status_text
from noomus_desktop.ui.transfer_model import QueueSummary
from tests.unit.test_translations import ROOT, Entry, read_ts, ts_path

#: English words whose "(s)" the catalogue resolves, singular and plural.
_WORDS = re.compile(r"\b(file|item|byte|minute|hour|other)\(s\)")


def english_plurals() -> list[Entry]:
    return [entry for entry in read_ts(ts_path("en")) if entry.numerus]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    subprocess.run([str(ROOT / "scripts" / "build_resources.py")], check=True)
    translators = i18n.install(qapp, "en")
    yield
    i18n.uninstall(qapp, translators)


def _expected(source: str, n: int) -> list[str]:
    """The words "%n file(s)" must become: "1 file" / "2 files" (and so on)."""
    ending = "" if n == 1 else "s"
    return [f"{word}{ending}" for word in _WORDS.findall(source)]


def test_the_english_catalogue_holds_every_plural_of_the_code(tmp_path: os.PathLike[str]) -> None:
    """lupdate over the code finds exactly the plural messages noomus_en.ts translates."""
    subprocess.run(
        [str(ROOT / "scripts" / "update_translations.sh")],
        env={**os.environ, "TS_DIR": str(tmp_path)},
        check=True,
        capture_output=True,
    )
    current = {e.key for e in read_ts(ts_path("en", tmp_path))}  # type: ignore[arg-type]
    committed = {e.key for e in english_plurals()}
    assert current == committed, "run scripts/update_translations.sh and fill noomus_en.ts"
    assert all(not e.state for e in english_plurals()), "unfinished English plurals"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("n", [1, 2])
def test_every_english_plural_in_the_window(n: int) -> None:
    entries = english_plurals()
    assert len(entries) >= 10
    for entry in entries:
        text = QCoreApplication.translate(entry.context, entry.source, entry.comment, n)
        assert "(s)" not in text and "%n" not in text and str(n) in text, (entry.where(), text)
        for word in _expected(entry.source, n):
            assert re.search(rf"\b{n}\b.*\b{word}\b", text), (entry.where(), n, text)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("n", [1, 2])
def test_every_english_plural_in_the_cli(n: int) -> None:
    catalogue = i18n.Catalogue("en")
    for entry in english_plurals():
        text = catalogue.translate(entry.context, entry.source, entry.comment, n)
        assert "(s)" not in text and str(n) in text, (entry.where(), text)
        for word in _expected(entry.source, n):
            assert re.search(rf"\b{word}\b", text), (entry.where(), n, text)


@pytest.mark.usefixtures("english")
def test_sentences_the_window_builds() -> None:
    one = QueueSummary(1, 0, 1, 1, 1, bytes_done=0, bytes_left=0, speed=0.0)
    two = QueueSummary(2, 1, 2, 2, 2, bytes_done=0, bytes_left=0, speed=0.0)
    assert headline(one, signed_in=True).text == "1 file could not be sent"
    assert headline(two, signed_in=True).text == "2 files could not be sent"
    assert status_text(one).startswith("0 of 1 file sent")
    assert "1 file could not be sent." in status_text(one)
    assert "2 files paused." in status_text(two)
    assert formatting.size_text(1) == f"1{formatting.NBSP}byte"
    assert formatting.size_text(2) == f"2{formatting.NBSP}bytes"
