"""The main window: drop zone, transfer queue, overall progress, history, account menu.

It knows nothing about the engine: it shows the model and emits what the user asked for;
the controller (``ui.controller``) connects those requests to the engine and the account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPoint,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QContextMenuEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop.core.queue import HistoryEntry, TransferState
from noomus_desktop.ui import focus_ring, formatting, look
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.drop_zone import DropZone
from noomus_desktop.ui.headline import HeadlineAction, headline
from noomus_desktop.ui.icons import Action, app_icon
from noomus_desktop.ui.progress_delegate import ProgressDelegate
from noomus_desktop.ui.row_actions import RowAction
from noomus_desktop.ui.status_header import StatusHeader
from noomus_desktop.ui.transfer_model import Column, QueueSummary, TransferModel, TransferRow

translate = QCoreApplication.translate

# Sample rows that measure the state column: a short reason of each kind, and times left.
_WITH_REASONS = (TransferState.RETRYING, TransferState.FAILED)
_SAMPLE_REASONS = (
    "offline",
    "session_ended",
    "service_suspended",
    "file_changed",
    "file_missing",
    "file_unreadable",
    "upload_too_large",
    "an unknown code",
)
_SAMPLE_ETAS = (30.0, 90.0, 600.0, 7200.0, 200_000.0)

_ROW_ACTION_ICONS = {
    RowAction.PAUSE: Action.PAUSE,
    RowAction.RESUME: Action.RESUME,
    RowAction.CANCEL: Action.CANCEL,
    RowAction.RETRY: Action.RETRY,
    RowAction.REMOVE: Action.REMOVE,
}


class MainWindow(QMainWindow):
    """Emits requests; ``close_policy`` decides whether closing hides, quits or asks."""

    paths_added = Signal(list)
    #: (``RowAction``, transfer id): the user asked for an action on that row.
    row_action = Signal(RowAction, int)
    pause_all_requested = Signal()
    clear_finished_requested = Signal()
    resume_all_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    report_lost_requested = Signal()
    change_password_requested = Signal()
    devices_requested = Signal()
    quit_requested = Signal()
    notifications_toggled = Signal(bool)
    settings_requested = Signal()
    #: The folder a file chooser was left in (the controller keeps it in the settings).
    folder_chosen = Signal(str)

    def __init__(self, model: TransferModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        #: Called on close: True lets the window close (the controller may hide/quit instead).
        self.close_policy: Callable[[], bool] = lambda: True
        #: Where the file choosers open ("" lets Qt choose): the last folder used.
        self.start_folder = ""
        self.setWindowIcon(app_icon())
        self.resize(820, 600)

        self.secure_sign = QLabel()
        self.secure_sign.setWordWrap(True)
        self.secure_sign.setObjectName("secureSign")
        look.make_secondary(self.secure_sign)
        self.lock = QLabel()
        self.lock.setPixmap(
            look.action_icon(Action.ENCRYPTED, accented=True).pixmap(
                QSize(look.ROW_ICON, look.ROW_ICON), self.devicePixelRatioF()
            )
        )
        secure_row = QHBoxLayout()
        secure_row.addWidget(self.lock)
        secure_row.addWidget(self.secure_sign, 1)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.setFrameShape(QLabel.Shape.StyledPanel)
        look.make_banner(self.banner)
        self.banner.hide()

        self.drop_zone = DropZone()
        self.drop_zone.paths_dropped.connect(self._add_paths)
        self.drop_zone.activated.connect(self.choose_files)
        self.choose_files_button = QPushButton(look.action_icon(Action.CHOOSE_FILES), "")
        self.choose_files_button.clicked.connect(self.choose_files)
        self.choose_folder_button = QPushButton(look.action_icon(Action.CHOOSE_FOLDER), "")
        self.choose_folder_button.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_files_button)
        buttons.addWidget(self.choose_folder_button)
        buttons.addStretch(1)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.verticalHeader().hide()
        # Tab moves on to the next control; the arrow keys move between rows.
        self.table.setTabKeyNavigation(False)
        self.table.installEventFilter(self)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Error sentences wrap inside their row (the controller fits that row's height).
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.PROGRESS, 140)

        self.history = QTableWidget(0, 3)
        self._history: list[HistoryEntry] = []
        self.history.verticalHeader().hide()
        self.history.setTabKeyNavigation(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.history, "")

        self.header = StatusHeader()
        self.header.action_requested.connect(self._headline_action)
        self.overall = self.header.overall
        self._signed_in = False
        self._display: str | None = None
        self._company = ""
        self._summary: QueueSummary | None = None
        self._in_view: int | None = None
        self.cancel_box: QMessageBox | None = None
        # The code that stopped all sending (an account problem leads the headline).
        self.attention: str | None = None
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(*(look.WINDOW_MARGIN,) * 4)
        layout.setSpacing(look.SECTION)
        layout.addWidget(self.header)
        layout.addLayout(secure_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.drop_zone)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self.clear_finished_button = QPushButton()
        self.clear_finished_button.clicked.connect(self.clear_finished_requested)
        footer = QHBoxLayout()
        footer.addWidget(self.status_line, 1)
        footer.addWidget(self.clear_finished_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(footer)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_menus()
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        model.dataChanged.connect(self._update_actions)
        # Rows restored or removed change what can be cleared as much as a row's new state.
        model.rowsInserted.connect(self._update_actions)
        model.rowsRemoved.connect(self._update_actions)
        model.modelReset.connect(self._update_actions)
        self.setTabOrder(self.drop_zone, self.choose_files_button)
        self.setTabOrder(self.choose_files_button, self.choose_folder_button)
        self.setTabOrder(self.choose_folder_button, self.tabs)
        self.retranslate()
        self._update_actions()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            focus_ring.install(app)

    # -- words ----------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """The language changed (Settings): every text is said again in the new one."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text of the window in the current language (at start and on a change)."""
        banner_text = getattr(self, "_banner_text", None)
        if callable(banner_text):
            self.banner.setText(banner_text())
        self.setWindowTitle(self.tr("Noomus"))
        self.secure_sign.setText(
            self.tr(
                "Your files are encrypted on this computer before they leave. "
                "Only Noomus can open them."
            )
        )
        #: Spoken name of the lock picture beside the "encrypted on this computer" sentence.
        self.lock.setAccessibleName(self.tr("Encrypted"))
        self.choose_files_button.setText(self.tr("&Choose files..."))
        self.choose_files_button.setAccessibleDescription(self.tr("Pick files to send to Noomus"))
        self.choose_folder_button.setText(self.tr("Choose f&older..."))
        self.choose_folder_button.setAccessibleDescription(
            self.tr("Pick a folder to send to Noomus, with everything in it")
        )
        self.table.setAccessibleName(self.tr("Files being sent"))
        self.table.setAccessibleDescription(
            self.tr("One row per file. Open the context menu for pause, resume, cancel or retry.")
        )
        self.history.setHorizontalHeaderLabels(
            [
                #: Column title: the file's name (a noun, not the File menu).
                self.tr("File"),
                #: Column title: the file's size.
                self.tr("Size"),
                #: Column title: the date and time the file was delivered.
                self.tr("Delivered"),
            ]
        )
        self.history.setAccessibleName(self.tr("Delivery history"))
        self.history.setAccessibleDescription(
            self.tr("Files delivered to Noomus from this computer (kept on this computer only)")
        )
        #: Tab title: the files being sent now (the other tab is the delivery history).
        self.tabs.setTabText(0, self.tr("S&ending"))
        self.tabs.setTabText(1, self.tr("&History"))
        # Focus goes to the tab bar (the focus proxy); assistive technology names the widget.
        self.tabs.setAccessibleName(self.tr("Sending and history"))
        self.tabs.setAccessibleDescription(
            self.tr("Switch between the files being sent and the files already delivered")
        )
        #: Progress bar text; %p is the percentage done. Write it as your language does (45 %).
        self.overall.setFormat(self.tr("%p%"))
        self.overall.setAccessibleName(self.tr("Overall progress"))
        self.clear_finished_button.setText(self.tr("Clear finished"))
        self.clear_finished_button.setAccessibleDescription(
            self.tr("Remove delivered and cancelled files from the list (History keeps them)")
        )
        self._retranslate_actions()
        self._retranslate_menus()
        # The texts made from codes and numbers (rows, headline, dates) are rendered again.
        self._say_who()
        if self._summary is None:
            self.status_line.setText(self.tr("Nothing to send yet."))
        else:
            self.show_summary(self._summary)
        self.show_history(self._history)
        self._fit_status_column()
        self.table.viewport().update()
        self.table.horizontalHeader().viewport().update()

    def _fit_status_column(self) -> None:
        """Wide enough for the longest state a row can say in this language and font: each
        state (and each short reason) rendered by a sample model, measured by the delegate."""
        sample = TransferModel()
        states: list[tuple[TransferState, str | None]] = [(state, None) for state in TransferState]
        states += [(s, code) for s in _WITH_REASONS for code in _SAMPLE_REASONS]
        sample.add_rows(
            TransferRow(n, "", "", 0, state, detail) for n, (state, detail) in enumerate(states)
        )
        sending = len(states)
        sample.add_rows([TransferRow(sending, "", "", 1, TransferState.UPLOADING, total=1)])
        option = QStyleOptionViewItem()
        option.initFrom(self.table)
        option.font = self.table.font()
        option.fontMetrics = self.table.fontMetrics()
        option.decorationSize = QSize(look.ROW_ICON, look.ROW_ICON)
        delegate = self.table.itemDelegateForColumn(Column.STATUS) or self.table.itemDelegate()
        widest = 0
        for signed_out in (False, True):
            sample.set_signed_out(signed_out)
            for eta in _SAMPLE_ETAS:
                sample.set_progress(sending, 0, 1, 1.0, eta)
                for position in range(sample.rowCount()):
                    index = sample.index(position, Column.STATUS)
                    widest = max(widest, delegate.sizeHint(option, index).width())
        self.table.horizontalHeader().resizeSection(Column.STATUS, widest + look.GRID)

    # -- actions and menus ------------------------------------------------------------------

    def _action(self, shortcut: str | QKeySequence.StandardKey | None) -> QAction:
        """An action of the window (its text comes from ``_retranslate_actions``)."""
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.row_actions: dict[RowAction, QAction] = {
            RowAction.PAUSE: self._action("Ctrl+P"),
            RowAction.RESUME: self._action("Ctrl+R"),
            RowAction.CANCEL: self._action("Del"),
            RowAction.RETRY: self._action("Ctrl+T"),
            RowAction.REMOVE: self._action(None),
        }
        for row_action, action in self.row_actions.items():
            action.triggered.connect(lambda _checked=False, a=row_action: self._row_action(a))
            action.setIcon(look.action_icon(_ROW_ACTION_ICONS[row_action]))
        self.show_file_action = self._action("Ctrl+L")
        self.show_file_action.triggered.connect(self._show_file)
        self.clear_finished_action = self._action(None)
        self.clear_finished_action.triggered.connect(self.clear_finished_requested)
        self.pause_all_action = self._action("Ctrl+Shift+P")
        self.pause_all_action.triggered.connect(self.pause_all_requested)
        self.resume_all_action = self._action("Ctrl+Shift+R")
        self.resume_all_action.triggered.connect(self.resume_all_requested)
        self.pause_all_action.setIcon(look.action_icon(Action.PAUSE))
        self.resume_all_action.setIcon(look.action_icon(Action.RESUME))
        self.choose_files_action = self._action(QKeySequence.StandardKey.Open)
        self.choose_files_action.triggered.connect(self.choose_files)
        self.choose_folder_action = self._action("Ctrl+Shift+O")
        self.choose_folder_action.triggered.connect(self.choose_folder)
        # Not StandardKey.Quit: it is empty under the Windows key scheme; Ctrl is Cmd on macOS.
        self.quit_action = self._action("Ctrl+Q")
        self.quit_action.triggered.connect(self.quit_requested)
        self.signed_in_action = QAction(self)
        self.signed_in_action.setEnabled(False)
        self.sign_in_action = self._action(None)
        self.sign_in_action.triggered.connect(self.sign_in_requested)
        self.sign_out_action = self._action(None)
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        self.report_lost_action = self._action(None)
        self.report_lost_action.triggered.connect(self.report_lost_requested)
        self.change_password_action = self._action(None)
        self.change_password_action.triggered.connect(self.change_password_requested)
        self.devices_action = self._action(None)
        self.devices_action.triggered.connect(self.devices_requested)
        self.notifications_action = self._action(None)
        self.notifications_action.setCheckable(True)
        self.notifications_action.toggled.connect(self.notifications_toggled)
        self.settings_action = self._action(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.settings_requested)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("transferActions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(look.ROW_ICON, look.ROW_ICON))
        for action in (*self.row_actions.values(), self.show_file_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.pause_all_action)
        self.toolbar.addAction(self.resume_all_action)
        self.addToolBar(self.toolbar)

    def _retranslate_actions(self) -> None:
        texts = {
            self.row_actions[RowAction.PAUSE]: self.tr("&Pause"),
            self.row_actions[RowAction.RESUME]: self.tr("&Resume"),
            self.row_actions[RowAction.CANCEL]: self.tr("&Cancel"),
            self.row_actions[RowAction.RETRY]: self.tr("Re&try"),
            self.row_actions[RowAction.REMOVE]: self.tr("Re&move from the list"),
            self.show_file_action: self.tr("&Show the file"),
            self.clear_finished_action: self.tr("Clear &finished"),
            self.pause_all_action: self.tr("Pause &all"),
            self.resume_all_action: self.tr("Resume a&ll"),
            self.choose_files_action: self.tr("&Choose files..."),
            self.choose_folder_action: self.tr("Choose f&older..."),
            self.quit_action: self.tr("&Quit"),
            self.sign_in_action: self.tr("Sign &in..."),
            self.sign_out_action: self.tr("Sign &out"),
            self.report_lost_action: self.tr("Report &lost password..."),
            self.change_password_action: self.tr("Change &password..."),
            self.devices_action: self.tr("Signed-in &devices..."),
            self.notifications_action: self.tr("Show &notifications"),
            self.settings_action: self.tr("&Settings..."),
        }
        for action, text in texts.items():
            action.setText(text)
        self.toolbar.setWindowTitle(self.tr("Transfer actions"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.choose_files_action)
        self.file_menu.addAction(self.choose_folder_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.transfers_menu = bar.addMenu("")
        for action in (*self.row_actions.values(), self.show_file_action):
            self.transfers_menu.addAction(action)
        self.transfers_menu.addSeparator()
        self.transfers_menu.addAction(self.clear_finished_action)
        self.transfers_menu.addAction(self.pause_all_action)
        self.transfers_menu.addAction(self.resume_all_action)
        self.account_menu = bar.addMenu("")
        self.account_menu.addAction(self.signed_in_action)
        self.account_menu.addSeparator()
        self.account_menu.addAction(self.sign_in_action)
        self.account_menu.addAction(self.sign_out_action)
        self.account_menu.addAction(self.change_password_action)
        self.account_menu.addAction(self.devices_action)
        self.account_menu.addAction(self.report_lost_action)
        self.settings_menu = bar.addMenu("")
        self.settings_menu.addAction(self.notifications_action)
        self.settings_menu.addAction(self.settings_action)

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.transfers_menu.setTitle(self.tr("&Transfers"))
        self.account_menu.setTitle(self.tr("&Account"))
        self.settings_menu.setTitle(self.tr("&Settings"))

    # -- what the controller tells the window ----------------------------------------------

    def set_user(self, display: str | None, company: str = "") -> None:
        self._display, self._company = display, company
        self._say_who()
        self.sign_out_action.setEnabled(bool(display))
        self.change_password_action.setEnabled(bool(display))
        self.devices_action.setEnabled(bool(display))
        self.sign_in_action.setEnabled(not display)
        self._signed_in = bool(display)
        self.show_summary(self.model.summary())

    def _say_who(self) -> None:
        display = self._display
        if display:
            self.signed_in_action.setText(self.tr("Signed in as %1").replace("%1", display))
        else:
            self.signed_in_action.setText(self.tr("Not signed in"))
        self.header.set_user(display or None, self._company)

    def show_banner(self, text: str | Callable[[], str]) -> None:
        """A message in the window (attention needed, or a notification without a tray).

        Given as a function that says it, the message is said again in the new language when
        the language changes (a finished text stays as it was given).
        """
        self._banner_text = text
        said = text() if callable(text) else text
        self.banner.setText(said)
        self.banner.show()
        announce(self.banner, said)

    def hide_banner(self) -> None:
        self.banner.hide()

    def show_summary(self, summary: QueueSummary) -> None:
        """Overall progress bar and the plain-language status line."""
        self._summary = summary
        self.header.show_progress(summary.percent, summary.unfinished > 0)
        self.header.show_headline(
            headline(summary, signed_in=self._signed_in, attention=self.attention)
        )
        self.status_line.setText(status_text(summary, signed_in=self._signed_in))
        self.overall.setAccessibleDescription(self.status_line.text())

    def headline_text(self) -> str:
        """The sentence the header shows now."""
        return self.header.sentence.text()

    def _headline_action(self, action: HeadlineAction) -> None:
        signals = {
            HeadlineAction.SIGN_IN: self.sign_in_requested,
            HeadlineAction.PAUSE_ALL: self.pause_all_requested,
            HeadlineAction.RESUME_ALL: self.resume_all_requested,
        }
        signals[action].emit()

    def show_history(self, entries: list[HistoryEntry]) -> None:
        self._history = entries
        self.history.setRowCount(len(entries))
        locale = QLocale()
        for row, entry in enumerate(entries):
            when = QDateTime.fromSecsSinceEpoch(int(entry.delivered_at))
            cells = (
                entry.relative_path,
                formatting.size_text(entry.size),
                locale.toString(when, QLocale.FormatType.ShortFormat),
            )
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))

    # -- user requests -------------------------------------------------------------------------

    def choose_files(self) -> None:
        title = self.tr("Choose files to send")
        names, _filter = QFileDialog.getOpenFileNames(self, title, self.start_folder)
        if names:
            self.folder_chosen.emit(str(Path(names[0]).parent))
            self._add_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        title = self.tr("Choose a folder to send")
        name = QFileDialog.getExistingDirectory(self, title, self.start_folder)
        if name:
            self.folder_chosen.emit(str(Path(name).parent))
            self._add_paths([Path(name)])

    def _add_paths(self, paths: list[Path]) -> None:
        self.paths_added.emit([str(path) for path in paths])

    def current_row(self) -> TransferRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _row_action(self, action: RowAction) -> None:
        row = self.current_row()
        if row is None or not action.offered_in(row.state):
            return
        if action is RowAction.CANCEL:
            self._confirm_cancel(row)
        else:
            self.row_action.emit(action, row.transfer_id)

    def _confirm_cancel(self, row: TransferRow) -> None:
        """Cancel asks first: it deletes what already reached Noomus of that file."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Cancel sending?"))
        box.setText(self.tr("Stop sending %1?").replace("%1", row.name))
        box.setInformativeText(
            self.tr("What has arrived so far is deleted. You can send the file again later.")
        )
        stop = box.addButton(self.tr("Cancel sending"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep sending"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        transfer_id = row.transfer_id
        stop.clicked.connect(lambda: self.row_action.emit(RowAction.CANCEL, transfer_id))
        box.open()
        self.cancel_box = box

    def keep_sending_row_in_view(self) -> None:
        """Scroll to the row being sent when that changes (not on every tick: the customer
        may be looking elsewhere in the list meanwhile)."""
        position = self.model.first_sending()
        transfer_id = None if position is None else self.model.row_at(position).transfer_id
        if transfer_id is None or transfer_id == self._in_view:
            return
        self._in_view = transfer_id
        self.table.scrollTo(
            self.model.index(position or 0, 0), QAbstractItemView.ScrollHint.EnsureVisible
        )

    def fit_row(self, transfer_id: int) -> None:
        """Make one row tall enough for its wrapped text (a problem's whole sentence)."""
        position = self.model.position_of(transfer_id)
        if position is not None:
            self.table.resizeRowToContents(position)

    def _show_file(self) -> None:
        row = self.current_row()
        if row is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(row.path).parent)))

    def _update_actions(self, *_args: object) -> None:
        row = self.current_row()
        for row_action, action in self.row_actions.items():
            _set_enabled(action, row is not None and row_action.offered_in(row.state))
        _set_enabled(self.show_file_action, row is not None)
        finished = self.model.summary().done > 0
        _set_enabled(self.clear_finished_action, finished)
        if self.clear_finished_button.isEnabled() != finished:
            self.clear_finished_button.setEnabled(finished)

    def _context_menu(self, position: QPoint) -> None:
        """The mouse's context menu: ``position`` is in the viewport, on the row clicked."""
        index: QModelIndex = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        self._row_menu(self.table.viewport().mapToGlobal(position))

    def _row_menu(self, where: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in (*self.row_actions.values(), self.show_file_action):
            menu.addAction(action)
        menu.popup(where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The keyboard's context menu (Menu key, Shift+F10) acts on the current row.

        Qt gives its position in the table's own coordinates, not the viewport's, so looking
        it up as a mouse position finds the row below (or none on the last row)."""
        if (
            watched is self.table
            and isinstance(event, QContextMenuEvent)
            and event.reason() is not QContextMenuEvent.Reason.Mouse
        ):
            index = self.table.currentIndex()
            if index.isValid():
                rect = self.table.visualRect(index)
                self._row_menu(self.table.viewport().mapToGlobal(rect.center()))
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.close_policy():
            event.accept()
        else:
            event.ignore()


def _set_enabled(action: QAction, enabled: bool) -> None:
    """Change only on a real change: this runs on every refresh, and each QAction setter call
    in PySide 6.12.0 leaks a reference count (the interpreter aborts at exit after ~1000)."""
    if action.isEnabled() != enabled:
        action.setEnabled(enabled)


def status_text(summary: QueueSummary, signed_in: bool = True) -> str:
    """The status line, e.g. "3 of 5 files sent, about 2 minutes left."; signed out, what is
    unfinished waits for a sign-in and the line says so (nothing is being sent).

    Each sentence is one translatable text (plural forms follow its %n), so translators can
    order its words freely; the failed and paused counts are sentences of their own.
    """
    if summary.total == 0:
        return translate("MainWindow", "Nothing to send yet.")
    if summary.active and not signed_in:
        text = translate(
            "MainWindow", "%1 of %n file(s) sent, waiting for sign-in.", "", summary.total
        )
    elif summary.active and summary.speed > 0:
        left = formatting.duration_text(summary.bytes_left / summary.speed)
        #: %1 files of %n sent; %2 is the time left, e.g. "about 2 minutes".
        text = translate("MainWindow", "%1 of %n file(s) sent, %2 left.", "", summary.total)
        text = text.replace("%2", left)
    elif summary.active:
        text = translate("MainWindow", "%1 of %n file(s) sent, sending...", "", summary.total)
    else:
        text = translate("MainWindow", "%1 of %n file(s) sent.", "", summary.total)
    sentences = [text.replace("%1", str(summary.done))]
    if summary.failed:
        sentences.append(
            translate("MainWindow", "%n file(s) could not be sent.", "", summary.failed)
        )
    if summary.paused:
        sentences.append(translate("MainWindow", "%n file(s) paused.", "", summary.paused))
    return " ".join(sentences)
