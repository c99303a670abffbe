"""Report-lost, quitting, closing to the tray, the second launch, and the model's contract."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from noomus_desktop.core import paths
from noomus_desktop.core.config import Settings, load_settings
from noomus_desktop.core.credentials import CredentialStore
from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import messages
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.notifier import Notification
from noomus_desktop.ui.report_lost_dialog import ReportLostDialog, contact_of
from noomus_desktop.ui.settings_dialog import SettingsDialog
from noomus_desktop.ui.single_instance import InstanceServer, hand_over, server_name
from noomus_desktop.ui.transfer_model import TransferModel, TransferRow
from tests.gui.conftest import make_account, sign_in
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet, free_port

Factory = Callable[..., AppController]


@pytest.fixture
def slow_link(extranet: RunningExtranet) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        proxy.bandwidth = 128 * 1024
        yield proxy


def _shows_contact(controller: AppController, text: str) -> None:
    contact = contact_of(controller.account)
    assert contact.phone and contact.email, "the test needs contact details to look for"
    assert contact.phone in text
    assert contact.email in text


def _sending(qtbot: QtBot, controller: AppController, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"y" * 4 * 1024 * 1024)
    controller.add_paths([str(big)])
    qtbot.waitUntil(lambda: controller.active_count() == 1, timeout=20_000)


def test_report_lost_from_the_account_menu_forgets_and_signs_out(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    controller = make_controller(extranet.url)
    controller.start()
    dialog = controller.sign_in_dialog
    assert dialog is not None
    dialog.remember.setChecked(True)
    dialog.prefill(extranet.username, extranet.password)
    with qtbot.waitSignal(controller.engine_started, timeout=20_000):
        dialog.sign_in_button.click()
    assert CredentialStore().load(extranet.url, extranet.username) is not None

    controller.window.report_lost_action.trigger()
    report = controller.report_lost_dialog
    assert report is not None
    assert report.username.text() == extranet.username
    with qtbot.waitSignal(report.reported, timeout=20_000):
        report.report_button.click()

    assert CredentialStore().load(extranet.url, extranet.username) is None
    assert controller.account.user is None
    assert controller.engine is None  # sending stopped
    assert not controller.window.sign_out_action.isEnabled()
    _shows_contact(controller, report.outcome.text())
    assert report.pages.currentIndex() == 1


def test_report_lost_from_the_sign_in_dialog_without_signing_in(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    CredentialStore().save(extranet.url, extranet.username, "an-old-refresh-token")
    controller = make_controller(extranet.url)
    controller.start()
    sign_in_dialog = controller.sign_in_dialog
    assert sign_in_dialog is not None
    sign_in_dialog.username.setText(extranet.username)
    sign_in_dialog.report_lost.click()
    report = controller.report_lost_dialog
    assert report is not None
    with qtbot.waitSignal(report.reported, timeout=20_000):
        report.report_button.click()
    assert CredentialStore().load(extranet.url, extranet.username) is None
    _shows_contact(controller, report.outcome.text())


def test_report_lost_offline_shows_how_to_call_at_once(
    qtbot: QtBot, make_controller: Factory
) -> None:
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    report = controller.show_report_lost("alice")
    report.report_button.click()
    qtbot.waitUntil(lambda: report.pages.currentIndex() == 1, timeout=20_000)
    text = report.outcome.text()
    assert "cannot be reached" in text
    _shows_contact(controller, text)


def _button(box: QMessageBox, role: QMessageBox.ButtonRole) -> QAbstractButton:
    return next(b for b in box.buttons() if box.buttonRole(b) == role)


def test_quitting_while_sending_asks_first(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    slow_link: FaultProxy,
    tmp_path: Path,
) -> None:
    controller = make_controller(slow_link.url)
    sign_in(qtbot, controller, extranet)
    _sending(qtbot, controller, tmp_path)
    quitting: list[bool] = []
    controller.quitting.connect(lambda: quitting.append(True))

    controller.window.quit_action.trigger()
    box = controller.quit_box
    assert box is not None and box.isVisible()
    assert "1 file" in box.text()
    _button(box, QMessageBox.ButtonRole.RejectRole).click()
    assert quitting == [] and controller.engine is not None

    controller.request_quit()
    box = controller.quit_box
    assert box is not None
    _button(box, QMessageBox.ButtonRole.AcceptRole).click()
    qtbot.waitUntil(lambda: quitting == [True])
    assert controller.engine is None


def test_closing_while_sending_keeps_running_in_the_tray(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    slow_link: FaultProxy,
    tmp_path: Path,
) -> None:
    controller = make_controller(slow_link.url, tray=True)
    sign_in(qtbot, controller, extranet)
    _sending(qtbot, controller, tmp_path)
    shown: list[Notification] = []
    controller.notifier.shown.connect(shown.append)
    controller.window.close()
    assert not controller.window.isVisible()
    assert controller.engine is not None
    controller.raise_window()
    controller.window.close()
    assert len(shown) == 1  # said once, not every time
    assert "keeps sending" in shown[0].message


def test_closing_without_a_tray_asks_to_quit(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    slow_link: FaultProxy,
    tmp_path: Path,
) -> None:
    controller = make_controller(slow_link.url, tray=False)
    sign_in(qtbot, controller, extranet)
    _sending(qtbot, controller, tmp_path)
    controller.window.close()
    assert controller.window.isVisible()
    assert controller.quit_box is not None and controller.quit_box.isVisible()


def test_a_second_launch_hands_its_files_over(qtbot: QtBot, tmp_path: Path) -> None:
    server = InstanceServer()
    assert server.listen()
    file = tmp_path / "from-send-to.txt"
    file.write_text("x")
    with qtbot.waitSignal(server.files_received, timeout=20_000) as blocker:
        second = subprocess.Popen(
            [sys.executable, "-m", "noomus_desktop.app", str(file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while second.poll() is None and time.monotonic() < deadline:
            qtbot.wait(20)
    _out, err = second.communicate(timeout=20)
    server.close()
    assert second.returncode == 0, err.decode()
    assert blocker.args == [[str(file)]]


def test_no_running_instance_means_no_hand_over() -> None:
    assert not hand_over(["/tmp/x"], name=server_name() + "-nobody")


def test_transfer_model_contract(qtmodeltester: ModelTester) -> None:
    model = TransferModel()
    model.add_rows(
        TransferRow(
            i, f"file-{i}.txt", f"/tmp/file-{i}.txt", 1000 * i, TransferState.QUEUED, total=1000 * i
        )
        for i in range(1, 6)
    )
    model.set_progress(2, 500, 2000, 100.0, 15.0)
    model.update_row(
        TransferRow(3, "file-3.txt", "/tmp/file-3.txt", 3000, TransferState.FAILED, "offline")
    )
    model.flush()
    qtmodeltester.check(model, force_py=True)
    summary = model.summary()
    assert (summary.total, summary.failed, summary.active) == (5, 1, 4)
    # The running totals match a model built from the final rows in one go.
    model.update_row(
        TransferRow(4, "file-4.txt", "/tmp/file-4.txt", 4000, TransferState.DONE, total=4000)
    )
    model.set_progress(2, 1500, 2000, 300.0, 2.0)
    model.update_row(TransferRow(5, "file-5.txt", "/tmp/file-5.txt", 5000, TransferState.CANCELLED))
    rebuilt = TransferModel()
    rebuilt.add_rows(dataclasses.replace(model.row_at(i)) for i in range(model.rowCount()))
    assert model.summary() == rebuilt.summary()
    assert model.summary().bytes_done == 1500 + 4000


def test_settings_apply_at_once_and_are_saved(
    qtbot: QtBot, make_controller: Factory, tmp_path: Path
) -> None:
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    dialog = controller.show_settings()
    dialog.notifications.setChecked(False)
    dialog.concurrency.setValue(5)
    dialog.language.setCurrentIndex(dialog.language.findData("fi"))
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not controller.notifier.enabled
    assert not controller.window.notifications_action.isChecked()
    assert controller.engine_settings.concurrency == 5
    qtbot.waitUntil(lambda: load_settings().language == "fi")
    saved = load_settings()
    assert (saved.notifications, saved.concurrency) == (False, 5)


def test_export_diagnostics_holds_logs_and_versions_only(qtbot: QtBot, tmp_path: Path) -> None:
    (paths.log_dir() / "noomus.log").write_text("INFO started\n")
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    target = tmp_path / "diagnostics.zip"
    dialog.export_to(target)
    qtbot.waitUntil(lambda: str(target) in dialog.export_status.text(), timeout=10_000)
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["logs/noomus.log", "versions.txt"]
        assert b"Noomus Desktop" in archive.read("versions.txt")
    dialog.export_to(tmp_path / "no-such-folder" / "x.zip")
    qtbot.waitUntil(
        lambda: dialog.export_status.text() == messages.error_text("diagnostics_failed")
    )


@pytest.mark.parametrize("attempt", range(12))
def test_report_lost_offline_dialog_closes_cleanly(qtbot: QtBot, attempt: int) -> None:
    """Regression: deleting a task's signal object right after it reported crashed Qt."""
    account = make_account(f"http://127.0.0.1:{free_port()}")
    report = ReportLostDialog(account, "alice")
    qtbot.addWidget(report)  # closed and deleted by pytest-qt right after the test
    report.show()
    report.report_button.click()
    qtbot.waitUntil(lambda: report.pages.currentIndex() == 1, timeout=20_000)


def test_self_test_switch_runs_the_self_test_and_opens_no_window(tmp_path: Path) -> None:
    """``noomus-desktop --self-test`` (installers call it) reports and exits; files are ignored."""
    result = subprocess.run(
        [sys.executable, "-m", "noomus_desktop.app", "--self-test", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("checks ok")
    assert "self-test passed" in result.stdout
