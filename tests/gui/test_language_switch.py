"""Choosing a language in Settings re-translates every open window at once, without a restart.

Real widgets: the main window with rows, its menus and tool bar, the tray menu, an open sign-in
dialog and report-lost dialog each showing a message, and the Settings dialog itself. The
language is changed as a user would, by picking it in the Settings combo box; the expected
texts are read from the ``.ts`` catalogues (never written here), so the test follows the
translations.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from noomus_desktop import i18n
from noomus_desktop.core.config import Settings
from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import messages
from noomus_desktop.ui.main_window import MainWindow
from noomus_desktop.ui.report_lost_dialog import ReportLostDialog
from noomus_desktop.ui.settings_dialog import SettingsDialog
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from noomus_desktop.ui.transfer_model import Column, TransferModel, TransferRow
from noomus_desktop.ui.tray import Tray
from tests.gui.test_i18n import offline_account
from tests.unit.test_translations import read_ts, ts_path

SOURCE = "en"


def catalogue_text(language: str, context: str, source: str) -> str:
    """What the committed catalogue of ``language`` says for ``source`` (English: itself)."""
    if language == SOURCE:
        return source
    for entry in read_ts(ts_path(language)):
        if entry.context == context and entry.source == source and not entry.numerus:
            return entry.forms[0]
    raise LookupError(f"{language}: no [{context}] {source!r}")


@pytest.fixture
def english_at_the_end(qapp: QApplication) -> Iterator[None]:
    i18n.uninstall(qapp, i18n.switch(qapp, SOURCE))
    yield
    i18n.uninstall(qapp, i18n.switch(qapp, SOURCE))


def _window(qtbot: QtBot) -> MainWindow:
    model = TransferModel()
    window = MainWindow(model)
    qtbot.addWidget(window)
    model.add_rows([TransferRow(1, "a.pdf", "/tmp/a.pdf", 10, TransferState.PAUSED)])
    model.flush()
    window.set_user("Alice", "Acme Oy")
    window.show_summary(model.summary())
    window.show()
    return window


@pytest.mark.usefixtures("english_at_the_end")
def test_every_open_window_changes_language_at_once(qtbot: QtBot) -> None:
    window = _window(qtbot)
    sign_in = SignInDialog(offline_account())
    qtbot.addWidget(sign_in)
    sign_in.show_error("invalid_credentials")
    sign_in.show()
    report = ReportLostDialog(offline_account(), "")
    qtbot.addWidget(report)
    report.submit()  # no user ID: the dialog says so
    report.show()
    tray = Tray()
    settings = SettingsDialog(Settings())
    qtbot.addWidget(settings)
    settings.show()
    before = window.headline_text()
    try:
        for language in ("fi", "sv", "en"):
            settings.language.setCurrentIndex(settings.language.findData(language))
            # Qt posts LanguageChange to each window: it arrives at the next event loop turn.
            QApplication.processEvents()

            def says(context: str, source: str, lang: str = language) -> str:
                return catalogue_text(lang, context, source)

            assert window.file_menu.title() == says("MainWindow", "&File")
            assert window.account_menu.title() == says("MainWindow", "&Account")
            assert window.pause_all_action.text() == says("MainWindow", "Pause &all")
            assert window.choose_files_button.text() == says("MainWindow", "&Choose files...")
            assert window.tabs.tabText(1) == says("MainWindow", "&History")
            assert window.drop_zone.accessibleName() == says("DropZone", "Drop zone")
            assert window.header.sign_in_button.text() == says("StatusHeader", "Sign in...")
            paused = says("Headline", "Paused")
            assert window.headline_text() == paused
            # Rows are rendered from their state at display time.
            status = window.model.index(0, Column.STATUS).data()
            assert status == messages.row_state_text(TransferState.PAUSED)
            assert status == says("messages", "Paused")
            assert tray.open_action.text() == says("Tray", "&Open Noomus")
            assert sign_in.windowTitle() == says("SignInDialog", "Sign in to Noomus")
            assert sign_in.error.text() == messages.error_text("invalid_credentials")
            assert report.windowTitle() == says("ReportLostDialog", "Report a lost password")
            assert report.problem.text() == says("ReportLostDialog", "Please enter your user ID.")
            assert settings.windowTitle() == says("SettingsDialog", "Settings")
            assert settings.language.itemText(0) == says("SettingsDialog", "Same as the system")
    finally:
        tray.hide()
    assert window.headline_text() == before


@pytest.mark.usefixtures("english_at_the_end")
def test_cancel_in_settings_goes_back_to_the_language_it_had(qtbot: QtBot) -> None:
    window = _window(qtbot)
    settings = SettingsDialog(Settings(language="sv"))
    qtbot.addWidget(settings)
    i18n.switch(QApplication.instance(), "sv")  # type: ignore[arg-type]
    QApplication.processEvents()
    swedish = window.file_menu.title()
    settings.language.setCurrentIndex(settings.language.findData("fi"))
    QApplication.processEvents()
    assert window.file_menu.title() == catalogue_text("fi", "MainWindow", "&File")
    settings.reject()
    QApplication.processEvents()
    assert window.file_menu.title() == swedish == catalogue_text("sv", "MainWindow", "&File")


@pytest.mark.usefixtures("english_at_the_end")
def test_a_banner_given_by_what_it_says_follows_the_language(qtbot: QtBot) -> None:
    """A banner the controller gives as a function of the language (an attention code's
    sentence) is said again on a switch; the window does not keep yesterday's words."""
    window = _window(qtbot)
    window.show_banner(lambda: messages.error_text("service_suspended"))
    english = window.banner.text()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = i18n.switch(app, "fi")
    try:
        qtbot.waitUntil(lambda: window.banner.text() != english, timeout=5_000)
        assert window.banner.text() == messages.error_text("service_suspended")
    finally:
        i18n.uninstall(app, translators)
