#!/usr/bin/env python3
"""Screenshots of the main window in its main states, in English, Finnish and Swedish.

    python scripts/screenshots.py [--out docs/screenshots] [--languages en fi sv] [--dark]

Renders ``<language>-<state>.png`` for the states a customer meets: signed out (files waiting
for sign-in), sending, paused, all delivered, a problem, and a locked account. The window is
the real one, driven through the same calls the controller makes (rows, the signed-in user,
the summary, the account's attention code), so no server is needed; offscreen by default, or
on an X server (Xvfb) when ``DISPLAY`` is set. PNGs are written 8-bit and compressed, at most
1000×700 at scale factor 1 (``QT_SCALE_FACTOR`` makes larger ones, for checking only).
``tests/gui/test_screenshots.py`` runs it for every language and state, and checks that no text
is cut off.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

if __name__ == "__main__" and not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from noomus_desktop import i18n  # noqa: E402
from noomus_desktop.core.queue import HistoryEntry, TransferState  # noqa: E402
from noomus_desktop.ui import look  # noqa: E402
from noomus_desktop.ui.main_window import MainWindow  # noqa: E402
from noomus_desktop.ui.transfer_model import TransferModel, TransferRow  # noqa: E402

#: The window's size in the screenshots (DESIGN.md: usable at 720×520; README-sized).
SIZE = (900, 640)
STATES = ("signed-out", "sending", "paused", "delivered", "problem", "locked")
LANGUAGES = i18n.LANGUAGES
USER = ("Alice Andersson", "Acme Oy")
MB = 1_000_000

# name, size in bytes; the files of every scene.
_FILES = (
    ("contract.pdf", 2_100_000),
    ("invoice-2026-11.pdf", 340_000),
    ("Annual report 2025/scan.tiff", 88 * MB),
    ("Annual report 2025/notes.docx", 120_000),
)


def _rows(*states: TransferState, detail: str | None = None) -> list[TransferRow]:
    rows = []
    for number, ((name, size), state) in enumerate(zip(_FILES, states, strict=False), start=1):
        rows.append(
            TransferRow(
                number,
                name,
                f"/home/alice/{name}",
                size,
                state,
                detail if state in (TransferState.FAILED, TransferState.RETRYING) else None,
                total=size,
                batch="drop",
            )
        )
    return rows


def _history() -> list[HistoryEntry]:
    delivered = time.mktime((2026, 11, 30, 14, 2, 0, 0, 0, -1))
    return [
        HistoryEntry(2, "https://extranet", "invoice-2026-11.pdf", 340_000, "NMS-7Q4K", delivered)
    ]


def _signed_out(window: MainWindow) -> None:
    window.model.set_signed_out(True)
    _fill(window, _rows(TransferState.PAUSED, TransferState.QUEUED, TransferState.QUEUED))
    window.set_user(None)


def _sending(window: MainWindow) -> None:
    _fill(window, _rows(TransferState.UPLOADING, TransferState.DONE, TransferState.QUEUED))
    window.model.set_progress(1, 1_344_000, 2_100_000, 1.2 * MB, 40.0)
    window.set_user(*USER)


def _paused(window: MainWindow) -> None:
    _fill(window, _rows(TransferState.PAUSED, TransferState.DONE, TransferState.PAUSED))
    window.model.set_progress(1, 1_344_000, 2_100_000, 0.0, None)
    window.set_user(*USER)


def _delivered(window: MainWindow) -> None:
    _fill(window, _rows(TransferState.DONE, TransferState.DONE, TransferState.DONE))
    window.set_user(*USER)


def _problem(window: MainWindow) -> None:
    rows = _rows(
        TransferState.DONE, TransferState.DONE, TransferState.FAILED, detail="file_unreadable"
    )
    _fill(window, rows)
    window.set_user(*USER)
    window.fit_row(3)


def _locked(window: MainWindow) -> None:
    window.attention = "account_locked"
    _fill(window, _rows(TransferState.PAUSED, TransferState.DONE, TransferState.QUEUED))
    window.set_user(*USER)


SCENES: dict[str, Callable[[MainWindow], None]] = {
    "signed-out": _signed_out,
    "sending": _sending,
    "paused": _paused,
    "delivered": _delivered,
    "problem": _problem,
    "locked": _locked,
}


def _fill(window: MainWindow, rows: list[TransferRow]) -> None:
    window.model.add_rows(rows)
    window.show_history(_history())


def _settle(window: MainWindow) -> None:
    window.model.flush()
    window.show_summary(window.model.summary())
    window.keep_sending_row_in_view()
    for _turn in range(3):  # layouts, posted LanguageChange and paint events
        QApplication.processEvents()
    # No focus ring: whether the window got the focus depends on the platform, not the state.
    if (focus := window.focusWidget()) is not None:
        focus.clearFocus()
        QApplication.processEvents()


def staged(state: str) -> MainWindow:
    """A new main window showing ``state`` (one of ``STATES``), shown at ``SIZE``."""
    window = MainWindow(TransferModel())
    SCENES[state](window)
    window.resize(*SIZE)
    window.show()
    _settle(window)
    return window


@contextmanager
def speaking(app: QApplication, language: str) -> Iterator[None]:
    """The app in ``language`` (the language setting's live switch) until the block ends."""
    i18n.switch(app, language)
    QApplication.processEvents()
    try:
        yield
    finally:
        i18n.uninstall(app, i18n.switch(app, i18n.SOURCE_LANGUAGE))


def save(window: MainWindow, path: Path) -> Path:
    """A small PNG: 8-bit colour (a window has few colours), compressed as far as PNG goes."""
    image = window.grab().toImage()
    small = image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # PySide6 6.11 takes the format as str at run time; its stubs say bytes (which it refuses).
    if not small.save(str(path), "PNG", 0):  # type: ignore[call-overload]
        raise OSError(f"cannot write {path}")
    return path


def render(
    out: Path,
    languages: tuple[str, ...] = LANGUAGES,
    states: tuple[str, ...] = STATES,
    check: Callable[[MainWindow, str, str], None] | None = None,
) -> list[Path]:
    """Write ``out/<language>-<state>.png`` for each; ``check(window, language, state)`` sees
    each window before it closes (the test's look for cut-off text)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    written = []
    for language in languages:
        with speaking(app, language):
            for state in states:
                window = staged(state)
                try:
                    written.append(save(window, out / f"{language}-{state}.png"))
                    if check is not None:
                        check(window, language, state)
                finally:
                    window.close()
                    window.deleteLater()
                    QApplication.processEvents()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    parser.add_argument("--states", nargs="+", default=list(STATES), choices=STATES)
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if args.dark:
        look.use_scheme(app, Qt.ColorScheme.Dark)
    for path in render(args.out, tuple(args.languages), tuple(args.states)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
