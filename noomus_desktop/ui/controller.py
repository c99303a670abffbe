"""Wires the window, the dialogs and the tray to the account and the transfer engine.

Everything here runs on the GUI thread; calls that block (sign-in, opening the queue, the
history, report-lost) go to the thread pool, and engine events arrive through the bridge.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from noomus_desktop.core.account import Account
from noomus_desktop.core.api import User
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import BatchSummary, EngineSettings, ScanProblem, TransferEngine
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.queue import HistoryEntry, TransferRecord, TransferState, TransferStore
from noomus_desktop.core.waiting import waiting_transfers
from noomus_desktop.ui import messages, problems
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.bridge import EngineBridge, Progress
from noomus_desktop.ui.change_password_dialog import ChangePasswordDialog
from noomus_desktop.ui.devices_dialog import DevicesDialog
from noomus_desktop.ui.headline import ACCOUNT_PROBLEMS
from noomus_desktop.ui.history_reference import HistoryReferences
from noomus_desktop.ui.icons import TrayState
from noomus_desktop.ui.main_window import MainWindow
from noomus_desktop.ui.notifier import Kind, Notification, Notifier
from noomus_desktop.ui.report_lost_dialog import ReportLostDialog
from noomus_desktop.ui.row_actions import RowAction
from noomus_desktop.ui.settings_dialog import SettingsDialog
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from noomus_desktop.ui.tasks import run_in_background
from noomus_desktop.ui.transfer_model import TransferModel, TransferRow
from noomus_desktop.ui.tray import Tray

translate = QCoreApplication.translate

#: States of a file that is being sent (adding it again changes nothing but its batch).
_ON_ITS_WAY = frozenset(
    {
        TransferState.QUEUED,
        TransferState.PREPARING,
        TransferState.UPLOADING,
        TransferState.RETRYING,
        TransferState.VERIFYING,
    }
)


@dataclass(frozen=True)
class _Opened:
    engine: TransferEngine
    store: TransferStore


def _open_engine(
    store: TransferStore | None,
    destination: Destination,
    bridge: EngineBridge,
    settings: EngineSettings,
) -> _Opened:
    """Open the queue and start the engine (thread pool: file I/O, threads)."""
    store = store or TransferStore()
    engine = TransferEngine(store, destination, bridge, settings)
    engine.start()
    return _Opened(engine, store)


class AppController(QObject):
    """The running app. ``start()`` shows the window and signs in (from the keyring or asks)."""

    #: The engine is running for a signed-in account (tests and the smoke run wait for it).
    engine_started = Signal()
    #: The app is about to quit (after confirmation if files were sending).
    quitting = Signal()
    _signed_out_by_server = Signal(str)

    def __init__(
        self,
        account: Account,
        *,
        engine_settings: EngineSettings | None = None,
        tray_available: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.account = account
        self.engine_settings = engine_settings or EngineSettings(
            concurrency=max(1, account.settings.concurrency)
        )
        self.engine: TransferEngine | None = None
        #: Engines told to stop (sign-out) whose threads may still be winding down.
        self._stopping: list[TransferEngine] = []
        self.store: TransferStore | None = None
        #: Where the running engine sends (``Destination.noomus`` of the signed-in account).
        self.destination: Destination | None = None
        self.pending_paths: list[str] = []
        self.model = TransferModel(self)
        self.bridge = EngineBridge(self)
        self.window = MainWindow(self.model)
        self.history_references = HistoryReferences(self.window.history)
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: Tray | None = Tray(self) if tray_available else None
        self.notifier = Notifier(
            self.tray.icon if self.tray else None, account.settings.notifications, self
        )
        self.sign_in_dialog: SignInDialog | None = None
        self.report_lost_dialog: ReportLostDialog | None = None
        self.quit_box: QMessageBox | None = None
        self.settings_dialog: SettingsDialog | None = None
        #: The one-time password's replacement being asked for (see ``_ask_own_password``).
        self.password_dialog: ChangePasswordDialog | None = None
        self._attention: str | None = None
        self._told_about_tray = False
        self._prefill: tuple[str, str] | None = None
        self._server_listener = self._server_ended_session
        self._quit_done = False
        self._connect()

    def _connect(self) -> None:
        window, bridge = self.window, self.bridge
        window.close_policy = self._may_close
        window.paths_added.connect(self.add_paths)
        window.row_action.connect(self._row_action)
        window.pause_all_requested.connect(self.pause_all)
        window.clear_finished_requested.connect(self.clear_finished)
        window.resume_all_requested.connect(self.resume_all)
        window.sign_out_requested.connect(self.sign_out)
        window.sign_in_requested.connect(self.ask_sign_in)
        window.report_lost_requested.connect(self._report_lost_from_menu)
        window.change_password_requested.connect(self.show_change_password)
        window.devices_requested.connect(self.show_devices)
        window.quit_requested.connect(self.request_quit)
        window.notifications_action.setChecked(self.notifier.enabled)
        window.notifications_toggled.connect(self._set_notifications)
        window.settings_requested.connect(self.show_settings)
        window.start_folder = self.account.settings.last_folder
        window.folder_chosen.connect(self._remember_folder)
        bridge.added.connect(self._on_added)
        bridge.changed.connect(self._on_changed)
        bridge.progressed.connect(self._on_progress)
        bridge.batch_finished.connect(self._on_batch_finished)
        bridge.attention.connect(self._on_attention)
        bridge.attention_cleared.connect(self._on_attention_cleared)
        bridge.problems.connect(self._on_problems)
        bridge.drained.connect(self._refresh)
        self.notifier.shown.connect(self._on_notification)
        self._signed_out_by_server.connect(self._on_signed_out_by_server)
        self.account.add_signed_out_listener(self._server_listener)
        if self.tray is not None:
            self.tray.open_requested.connect(self.raise_window)
            self.tray.pause_all_requested.connect(self.pause_all)
            self.tray.resume_all_requested.connect(self.resume_all)
            self.tray.quit_requested.connect(self.request_quit)

    def _server_ended_session(self, error: NoomusError) -> None:
        """Account listener (any thread): hop to the GUI thread."""
        self._signed_out_by_server.emit(error.code)

    # -- start, sign in, sign out -----------------------------------------------------------

    def start(self, prefill: tuple[str, str] | None = None) -> None:
        """Show the window, then sign in from the keyring, or ask."""
        self._prefill = prefill
        self.window.set_user(None)
        self.model.set_signed_out(True)
        self.window.show()
        self._show_waiting()
        if self.account.settings.remember_me and self.account.settings.last_username:
            self.window.show_banner(lambda: translate("AppController", "Signing in..."))
            run_in_background(self.account.restore, self._restored, self._restore_failed, self)
        else:
            self.ask_sign_in()

    def _show_waiting(self) -> None:
        """Signed out, show the unfinished transfers to this server (they wait for sign-in).

        The store is opened here, on the GUI thread (a small SQLite file), so that the engine
        opened after sign-in shares it; the query itself runs on the thread pool.
        """
        try:
            server_url = self.account.server_url
        except NoomusError:
            return  # no usable address yet: the sign-in dialog asks for one
        if self.store is None:
            self.store = TransferStore()
        store = self.store
        run_in_background(
            lambda: waiting_transfers(store, server_url),
            self._on_waiting,
            self._engine_failed,
            self,
        )

    def _on_waiting(self, records: list[TransferRecord]) -> None:
        if self.engine is None:  # once the engine runs, it reports the queue itself
            self._on_added(records)
            self._refresh()

    def _restored(self, user: User | None) -> None:
        self.window.hide_banner()
        if user is None:
            self.ask_sign_in()
        else:
            self._signed_in()

    def _restore_failed(self, error: NoomusError) -> None:
        self._account_problem(error.code)
        self.ask_sign_in(error.code)

    def _set_attention(self, code: str | None) -> None:
        """Remember what stopped all sending; the window's headline leads with it."""
        self._attention = code
        self.window.attention = code
        self.window.show_summary(self.model.summary())

    def _account_problem(self, code: str) -> None:
        """A locked or disabled account stays in the headline until the account changes."""
        if code in ACCOUNT_PROBLEMS:
            self._set_attention(code)

    def ask_sign_in(self, error_code: str | None = None) -> SignInDialog:
        """Show the sign-in dialog (with the reason when one is known)."""
        if self.sign_in_dialog is None:
            dialog = SignInDialog(self.account, self.window)
            dialog.signed_in.connect(lambda _user: self._signed_in())
            dialog.report_lost_requested.connect(self.show_report_lost)
            dialog.finished.connect(self._sign_in_closed)
            self.sign_in_dialog = dialog
            if self._prefill is not None:
                dialog.prefill(*self._prefill)
        if error_code is not None:
            self.sign_in_dialog.show_error(error_code)
        self.sign_in_dialog.open()
        return self.sign_in_dialog

    def _sign_in_closed(self) -> None:
        self.sign_in_dialog = None

    def _signed_in(self) -> None:
        user = self.account.user
        if user is None:
            return
        if self.account.password_change_required:
            self._ask_own_password()
            return
        shown = f"{user.name} ({user.username})" if user.name else user.username
        self.window.set_user(shown, user.company)
        self._set_attention(None)
        self.model.set_signed_out(False)
        self.window.hide_banner()
        destination = self.destination = Destination.noomus(self.account)
        store, bridge, settings = self.store, self.bridge, self.engine_settings
        run_in_background(
            lambda: _open_engine(store, destination, bridge, settings),
            self._engine_opened,
            self._engine_failed,
            self,
        )

    def _engine_opened(self, opened: _Opened) -> None:
        self.engine, self.store = opened.engine, opened.store
        pending, self.pending_paths = self.pending_paths, []
        if pending:
            self.engine.add_paths(pending)
        self.refresh_history()
        self.engine_started.emit()

    def _engine_failed(self, error: NoomusError) -> None:
        self.window.show_banner(lambda: messages.error_text(error.code))

    def _stop_engine(self) -> None:
        """Pause everything and let the engine's threads wind down (no waiting here)."""
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.pause_all()
            engine.shutdown(wait=False)
            self._stopping.append(engine)

    def sign_out(self) -> None:
        self._stop_engine()
        self.window.set_user(None)
        self.model.set_signed_out(True)
        run_in_background(self.account.sign_out, lambda _r: None, self._engine_failed, self)
        self.ask_sign_in()

    def _on_signed_out_by_server(self, code: str) -> None:
        self._stop_engine()
        self.window.set_user(None)
        self.model.set_signed_out(True)
        self._account_problem(code)
        self.notifier.notify(
            translate("AppController", "Signed out"), messages.error_text(code), Kind.WARNING
        )
        self.ask_sign_in(code)

    # -- password and devices ---------------------------------------------------------------

    def show_change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.account, self.window)
        dialog.changed.connect(self._password_changed)
        dialog.open()
        return dialog

    def _ask_own_password(self) -> ChangePasswordDialog:
        """Signed in with a one-time password: nothing is sent until the customer chooses
        their own (the server refuses it all); declining signs out, and the queue waits."""
        self.window.show_banner(lambda: messages.error_text("password_change_required"))
        dialog = ChangePasswordDialog(self.account, self.window, required=True)
        dialog.changed.connect(self._own_password_chosen)
        dialog.rejected.connect(self._declined_own_password)
        dialog.open()
        self.password_dialog = dialog
        return dialog

    def _own_password_chosen(self) -> None:
        self.password_dialog = None
        self._signed_in()
        self.window.show_banner(lambda: translate("AppController", "Your new password is set."))

    def _declined_own_password(self) -> None:
        self.password_dialog = None
        self.sign_out()

    def _password_changed(self) -> None:
        self.window.show_banner(
            lambda: translate(
                "AppController",
                "Your password is changed. Your other computers and devices are signed out.",
            )
        )

    def show_devices(self) -> DevicesDialog:
        dialog = DevicesDialog(self.account, self.window)
        dialog.open()
        return dialog

    # -- report lost password ---------------------------------------------------------------

    def _report_lost_from_menu(self) -> None:
        user = self.account.user
        self.show_report_lost(user.username if user else self.account.settings.last_username)

    def show_report_lost(self, username: str) -> ReportLostDialog:
        parent = self.sign_in_dialog or self.window
        dialog = ReportLostDialog(self.account, username, parent)
        dialog.reported.connect(self._reported_lost)
        dialog.open()
        self.report_lost_dialog = dialog
        return dialog

    def _reported_lost(self, _username: str) -> None:
        self._stop_engine()
        self.window.set_user(None)
        self.model.set_signed_out(True)
        self._set_attention("account_locked")
        self.window.show_banner(
            lambda: translate(
                "AppController",
                "Your account is locked after your lost-password report. Sending has stopped.",
            )
        )

    # -- queue ---------------------------------------------------------------------------------

    def add_paths(self, paths: Sequence[str]) -> None:
        """Queue files and folders (from a drop, a chooser, the command line or another launch)."""
        if not paths:
            return
        if self.engine is None:
            self.pending_paths.extend(paths)
            self.window.show_banner(
                lambda: translate(
                    "AppController",
                    "%n item(s) will be sent once you are signed in.",
                    "",
                    len(self.pending_paths),
                )
            )
            return
        self.engine.add_paths(list(paths))

    def _row_action(self, action: RowAction, transfer_id: int) -> None:
        if self.engine is None:
            return
        if action is RowAction.REMOVE:
            self._remove([transfer_id])
            return
        calls = {
            RowAction.PAUSE: self.engine.pause,
            RowAction.RESUME: self.engine.resume,
            RowAction.CANCEL: self.engine.cancel,
            RowAction.RETRY: self.engine.retry,
        }
        calls[action](transfer_id)

    def clear_finished(self) -> None:
        """Take delivered and cancelled files off the list (History keeps the deliveries)."""
        self._remove(self.model.ids_in((TransferState.DONE, TransferState.CANCELLED)))

    def _remove(self, transfer_ids: list[int]) -> None:
        if self.engine is None or not transfer_ids:
            return
        self.engine.remove(transfer_ids)
        self.model.remove_rows(transfer_ids)
        self._refresh()

    def pause_all(self) -> None:
        if self.engine is not None:
            self.engine.pause_all()

    def resume_all(self) -> None:
        if self.engine is not None:
            self._set_attention(None)
            self.window.hide_banner()
            self.engine.resume_all()

    def active_count(self) -> int:
        """Files being sent now (none while signed out: the waiting ones are not moving)."""
        return self.model.summary().active if self.engine is not None else 0

    # -- engine events --------------------------------------------------------------------------

    def _on_added(self, records: list[TransferRecord]) -> None:
        self.model.add_rows(TransferRow.from_record(r) for r in records)

    def _on_changed(self, records: list[TransferRecord]) -> None:
        again = [
            problems.display_name(record.relative_path)
            for record in records
            if self._already_on_its_way(record)
        ]
        if again:
            self.notifier.notify(
                translate("AppController", "Already being sent"),
                problems.already_sending_sentence(again),
            )
        for record in records:
            self.model.update_row(TransferRow.from_record(record))
            if record.state in (TransferState.FAILED, TransferState.RETRYING):
                self.window.fit_row(record.id)
            if record.state is TransferState.FAILED:
                name = problems.display_name(record.relative_path)
                reason = messages.error_text(record.error_code or "error")
                sentence = problems.not_sent_sentence([name])
                announce(self.window.table, f"{sentence}. {reason}")

    def _already_on_its_way(self, record: TransferRecord) -> bool:
        """A file added again while it was being sent: the engine moved it to the new batch
        (it is sent once); one paused or failed is instead sent again, which says itself."""
        position = self.model.position_of(record.id)
        if position is None:
            return False
        row = self.model.row_at(position)
        return row.batch != record.batch_id and row.state in _ON_ITS_WAY

    def _on_progress(self, progress: list[Progress]) -> None:
        for p in progress:
            self.model.set_progress(p.transfer_id, p.sent, p.total, p.speed, p.eta)

    def _refresh(self) -> None:
        self.model.flush()
        summary = self.model.summary()
        self.window.show_summary(summary)
        self.window.keep_sending_row_in_view()
        if self.tray is not None:
            if self._attention is not None or summary.failed:
                self.tray.set_state(
                    TrayState.ATTENTION, translate("AppController", "Noomus: needs your attention")
                )
            elif self.active_count():
                self.tray.set_state(TrayState.SENDING, self.window.headline_text())
            else:
                self.tray.set_state(
                    TrayState.IDLE, translate("AppController", "Noomus: nothing to send")
                )

    def _on_batch_finished(self, summary: BatchSummary) -> None:
        said = []
        if summary.delivered:
            delivered = translate(
                "AppController", "%n file(s) delivered to Noomus", "", summary.delivered
            )
            self.notifier.notify(translate("AppController", "Delivered"), delivered)
            said.append(delivered)
        if summary.failed:
            failed = self.model.rows_of(summary.batch_id, TransferState.FAILED)
            names = [problems.display_name(row.name) for row in failed] or ["?"]
            not_sent = problems.not_sent_sentence(names)
            self.notifier.notify(translate("AppController", "Not sent"), not_sent, Kind.WARNING)
            said.append(not_sent)
        # The batch's result, spoken whether or not a tray shows the notification.
        announce(self.window.status_line, ". ".join(said), urgent=bool(summary.failed))
        self.refresh_history()

    def _on_attention(self, code: str, _message: str) -> None:
        self._set_attention(code)
        self.window.show_banner(lambda: messages.error_text(code))
        self.notifier.notify(
            translate("AppController", "Sending stopped"), messages.error_text(code), Kind.WARNING
        )

    def _on_attention_cleared(self, code: str) -> None:
        """A stop that ended by itself (the service is back): the warning goes from the
        headline, the banner and the tray, and the customer hears that sending goes on."""
        if self._attention != code:
            return  # the user resumed meanwhile, or another stop took its place
        self._set_attention(None)
        self.window.hide_banner()
        self._refresh()
        self.notifier.notify(
            translate("AppController", "Sending again"),
            translate("AppController", "Noomus is available again. Your files are being sent."),
        )

    def _on_problems(self, _batch_id: str, found: list[ScanProblem]) -> None:
        """Skipped entries of a drop: the first named in a notice, every one in the window
        (after the notice, which without a tray would take the window's banner)."""
        self.notifier.notify(
            translate("AppController", "Not sent"),
            problems.not_sent_sentence([problems.display_name(p.path) for p in found]),
            Kind.WARNING,
        )
        self.window.show_banner(lambda: problems.not_sent_list([(p.path, p.code) for p in found]))

    def _on_notification(self, notification: Notification) -> None:
        if notification.channel == "window":
            self.window.show_banner(notification.message)

    def refresh_history(self) -> None:
        store = self.store
        if store is not None:
            run_in_background(store.history, self._history_loaded, self._engine_failed, self)

    def _history_loaded(self, entries: list[HistoryEntry]) -> None:
        self.window.show_history(entries)
        self.history_references.show(entries)

    def _set_notifications(self, enabled: bool) -> None:
        self.account.settings.notifications = enabled
        self._settings_changed()

    def show_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.account.settings, self.window)
        dialog.applied.connect(lambda _settings: self._settings_changed())
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _remember_folder(self, folder: str) -> None:
        """The file choosers open where the customer last chose from, also after a restart."""
        settings = self.account.settings
        self.window.start_folder = settings.last_folder = folder
        run_in_background(settings.save, lambda _r: None, self._engine_failed, self)

    def _settings_changed(self) -> None:
        """Apply what applies at once (notifications, parallel transfers next time); save."""
        settings = self.account.settings
        self.notifier.enabled = settings.notifications
        action = self.window.notifications_action
        action.blockSignals(True)
        action.setChecked(settings.notifications)
        action.blockSignals(False)
        self.engine_settings = dataclasses.replace(
            self.engine_settings, concurrency=max(1, settings.concurrency)
        )
        run_in_background(settings.save, lambda _r: None, self._engine_failed, self)

    # -- window, quitting -----------------------------------------------------------------------

    def raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _may_close(self) -> bool:
        """Closing while sending keeps the app in the tray; without a tray, it asks to quit."""
        if self.active_count() == 0:
            self.quit()
            return True
        if self.tray is not None:
            self.window.hide()
            if not self._told_about_tray:
                self._told_about_tray = True
                self.notifier.notify(
                    translate("AppController", "Still sending"),
                    translate(
                        "AppController",
                        "Noomus keeps sending your files. Quit from the tray icon's menu.",
                    ),
                )
            return False
        self.request_quit()
        return False

    def request_quit(self) -> None:
        """Quit, asking first when files are still on their way."""
        active = self.active_count()
        if active == 0:
            self.quit()
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("AppController", "Quit Noomus?"))
        box.setText(translate("AppController", "%n file(s) are still being sent.", "", active))
        box.setInformativeText(
            translate(
                "AppController", "If you quit now, sending continues the next time you open Noomus."
            )
        )
        quit_button = box.addButton(
            translate("AppController", "&Quit"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(
            translate("AppController", "&Keep sending"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(quit_button)
        box.accepted.connect(self.quit)
        box.open()
        self.quit_box = box

    def quit(self) -> None:
        """Stop the engine (its state is saved), release the account, leave the event loop."""
        if self._quit_done:
            return
        self._quit_done = True
        self.quitting.emit()
        self.bridge.blockSignals(True)  # the engine's last events have nobody to show them to
        self.window.close_policy = lambda: True
        self.window.close()
        if self.engine is not None:
            self._stopping.append(self.engine)
            self.engine = None
        for engine in self._stopping:
            engine.shutdown(wait=True)
        self._stopping.clear()
        self.account.remove_signed_out_listener(self._server_listener)
        self.account.close()
        if self.tray is not None:
            self.tray.hide()
        if self.store is not None:
            self.store.close()
            self.store = None
        QApplication.quit()
