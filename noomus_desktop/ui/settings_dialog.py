"""Settings: parallel transfers, notifications, language, logs, diagnostics export."""

from __future__ import annotations

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

from noomus_desktop.core import paths
from noomus_desktop.core.config import Settings
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from noomus_desktop.ui.diagnostics import export_diagnostics
from noomus_desktop.ui.tasks import run_in_background

#: Languages by their own names (never translated: a reader must find their own).
LANGUAGE_NAMES = (("en", "English"), ("fi", "Suomi"), ("sv", "Svenska"))


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``applied(Settings)`` when the user presses OK."""

    applied = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
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
        self.applied.emit(self._settings)
        self.accept()

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
