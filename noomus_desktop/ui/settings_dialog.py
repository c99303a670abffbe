"""Settings: parallel transfers, notifications, start at sign-in, update notices, language,
logs, diagnostics export."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
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
        self.setWindowTitle(self.tr("Settings"))
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 8)
        self.concurrency.setValue(settings.concurrency)
        self.concurrency.setAccessibleName(self.tr("Files sent at the same time"))
        self.concurrency.setAccessibleDescription(self.tr("Takes effect the next time you sign in"))
        self.notifications = QCheckBox(self.tr("Show &notifications"))
        self.notifications.setChecked(settings.notifications)
        self.notifications.setAccessibleDescription(
            self.tr("Tell me when files are delivered or something needs my attention")
        )
        self.start_at_sign_in = QCheckBox(self.tr("&Start Noomus when I sign in to this computer"))
        self.start_at_sign_in.setChecked(self._autostart_was)
        self.start_at_sign_in.setAccessibleDescription(
            self.tr("Noomus opens by itself each time you sign in")
        )
        self.check_for_updates = QCheckBox(self.tr("&Tell me when a newer version is available"))
        self.check_for_updates.setChecked(self._updates_were)
        self.check_for_updates.setAccessibleDescription(
            self.tr("Once a day Noomus asks its website for the newest version number")
        )
        self.language = QComboBox()
        self.language.addItem(self.tr("Same as the system"), "")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(self.tr("Language"))
        self.language.setAccessibleDescription(self.tr("Takes effect when Noomus starts again"))
        logs = paths.log_dir()
        self.open_logs = QPushButton(self.tr("Open the l&ogs folder"))
        self.open_logs.setToolTip(str(logs))
        self.open_logs.setAccessibleDescription(str(logs))
        self.open_logs.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs)))
        )
        self.export = QPushButton(self.tr("&Export diagnostics..."))
        self.export.setAccessibleDescription(
            self.tr("Save logs and version numbers in a zip file for Noomus support")
        )
        self.export.clicked.connect(self._export)
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)

        form = QFormLayout()
        concurrency_label = QLabel(self.tr("&Files sent at the same time:"))
        concurrency_label.setBuddy(self.concurrency)
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language)
        form.addRow(concurrency_label, self.concurrency)
        form.addRow("", self.notifications)
        form.addRow("", self.start_at_sign_in)
        form.addRow("", self.check_for_updates)
        form.addRow(language_label, self.language)
        form.addRow(self.tr("Logs:"), self.open_logs)
        form.addRow("", self.export)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleDescription(
            self.tr("Save the settings and close this window")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            self.tr("Close without changing the settings")
        )
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.export_status)
        layout.addWidget(buttons)

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

    def export_to(self, target: Path) -> None:
        """Write the diagnostics zip on the thread pool and say where it went."""
        self.export_status.setText(self.tr("Saving..."))
        run_in_background(lambda: export_diagnostics(target), self._exported, self._failed, self)

    def _exported(self, target: Path) -> None:
        self.export_status.setText(self.tr("Saved to %1").replace("%1", str(target)))

    def _failed(self, error: NoomusError) -> None:
        self.export_status.setText(messages.error_text(error.code))
