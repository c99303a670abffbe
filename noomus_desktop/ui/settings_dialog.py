"""Settings: parallel transfers, notifications, start at sign-in, update notices, language,
logs, diagnostics export."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop import i18n
from noomus_desktop.core import autostart, paths
from noomus_desktop.core.config import RegistryReader, Settings, read_windows_registry
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from noomus_desktop.ui.diagnostics import export_diagnostics
from noomus_desktop.ui.tasks import run_in_background
from noomus_desktop.ui.update_notice import checks_enabled

log = logging.getLogger(__name__)

#: Languages by their own names (never translated: a reader must find their own).
LANGUAGE_NAMES = (("en", "English"), ("fi", "Suomi"), ("sv", "Svenska"))


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``applied(Settings)`` when the user presses OK."""

    applied = Signal(object)

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        registry: RegistryReader = read_windows_registry,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        # Start at sign-in lives in the system (Run key, LaunchAgent, XDG entry), not in the
        # settings file: the box shows what is there now, and OK changes only what changed.
        self._autostart = autostart.for_this_system()
        self._autostart_was = self._autostart.is_enabled()
        # Unchanged, the update box keeps following the installer's UPDATECHECK default.
        self._updates_were = checks_enabled(settings, registry)
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 8)
        self.concurrency.setValue(settings.concurrency)
        self.notifications = QCheckBox()
        self.notifications.setChecked(settings.notifications)
        self.start_at_sign_in = QCheckBox()
        self.start_at_sign_in.setChecked(self._autostart_was)
        self.check_for_updates = QCheckBox()
        self.check_for_updates.setChecked(self._updates_were)
        self.language = QComboBox()
        self.language.addItem("", "")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        # The app speaks the chosen language at once; Cancel goes back to the one it had.
        self._language_was = settings.language
        self.language.currentIndexChanged.connect(
            lambda _index: self._speak(str(self.language.currentData()))
        )
        logs = paths.log_dir()
        self.open_logs = QPushButton()
        self.open_logs.setToolTip(str(logs))
        self.open_logs.setAccessibleDescription(str(logs))
        self.open_logs.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs)))
        )
        self.export = QPushButton()
        self.export.clicked.connect(self._export)
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)
        # A code or a path: the status is said again in a new language (None: nothing said).
        self._status: Callable[[], str] | None = None

        form = QFormLayout()
        self.concurrency_label = QLabel()
        self.concurrency_label.setBuddy(self.concurrency)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.logs_label = QLabel()
        form.addRow(self.concurrency_label, self.concurrency)
        form.addRow("", self.notifications)
        form.addRow("", self.start_at_sign_in)
        form.addRow("", self.check_for_updates)
        form.addRow(self.language_label, self.language)
        form.addRow(self.logs_label, self.open_logs)
        form.addRow("", self.export)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.export_status)
        layout.addWidget(self.buttons)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language (at start, and when the language changes)."""
        self.setWindowTitle(self.tr("Settings"))
        self.concurrency.setAccessibleName(self.tr("Files sent at the same time"))
        self.concurrency.setAccessibleDescription(self.tr("Takes effect the next time you sign in"))
        self.notifications.setText(self.tr("Show &notifications"))
        self.notifications.setAccessibleDescription(
            self.tr("Tell me when files are delivered or something needs my attention")
        )
        self.start_at_sign_in.setText(self.tr("&Start Noomus when I sign in to this computer"))
        self.start_at_sign_in.setAccessibleDescription(
            self.tr("Noomus opens by itself each time you sign in")
        )
        self.check_for_updates.setText(self.tr("&Tell me when a newer version is available"))
        self.check_for_updates.setAccessibleDescription(
            self.tr("Once a day Noomus asks its website for the newest version number")
        )
        self.language.setItemText(0, self.tr("Same as the system"))
        self.language.setAccessibleName(self.tr("Language"))
        self.language.setAccessibleDescription(
            self.tr("Noomus speaks the chosen language at once, in every window")
        )
        self.open_logs.setText(self.tr("Open the l&ogs folder"))
        self.export.setText(self.tr("&Export diagnostics..."))
        self.export.setAccessibleDescription(
            self.tr("Save logs and version numbers in a zip file for Noomus support")
        )
        self.concurrency_label.setText(self.tr("&Files sent at the same time:"))
        self.language_label.setText(self.tr("&Language:"))
        self.logs_label.setText(self.tr("Logs:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleDescription(
            self.tr("Save the settings and close this window")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            self.tr("Close without changing the settings")
        )
        if self._status is not None:
            self.export_status.setText(self._status())

    def _speak(self, setting: str) -> None:
        """Switch the running app to the language ``setting`` names ("": the system's)."""
        app = QCoreApplication.instance()
        if app is not None:
            i18n.switch(app, i18n.choose_language(setting))

    def reject(self) -> None:
        if str(self.language.currentData()) != self._language_was:
            self._speak(self._language_was)
        super().reject()

    def _apply(self) -> None:
        self._settings.concurrency = self.concurrency.value()
        self._settings.notifications = self.notifications.isChecked()
        self._settings.language = str(self.language.currentData())
        if self.check_for_updates.isChecked() != self._updates_were:
            self._settings.check_for_updates = "yes" if self.check_for_updates.isChecked() else "no"
        self._apply_autostart()
        self.applied.emit(self._settings)
        self.accept()

    def _apply_autostart(self) -> None:
        """Register or remove the start-at-sign-in entry when the box changed (a small file or
        one registry value: quick enough for the GUI thread)."""
        wanted = self.start_at_sign_in.isChecked()
        if wanted == self._autostart_was:
            return
        try:
            autostart.apply(wanted, self._autostart)
        except OSError as exc:
            log.warning("Could not change starting at sign-in (%s)", type(exc).__name__)

    def _export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save diagnostics"),
            str(Path.home() / "noomus-diagnostics.zip"),
            self.tr("Zip files (*.zip)"),
        )
        if name:
            self.export_to(Path(name))

    def _say(self, text: Callable[[], str]) -> None:
        self._status = text
        self.export_status.setText(text())

    def export_to(self, target: Path) -> None:
        """Write the diagnostics zip on the thread pool and say where it went."""
        self._say(lambda: self.tr("Saving..."))
        run_in_background(lambda: export_diagnostics(target), self._exported, self._failed, self)

    def _exported(self, target: Path) -> None:
        self._say(lambda: self.tr("Saved to %1").replace("%1", str(target)))

    def _failed(self, error: NoomusError) -> None:
        code = error.code
        self._say(lambda: messages.error_text(code))
