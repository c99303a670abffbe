"""``noomus-desktop``: the GUI entry point.

``noomus-desktop FILE...`` queues files (Send to / Open with / Dock drops); a second launch
hands its files to the running instance and exits. ``--demo`` starts an embedded extranet
with a demo account. ``--quit-when-done`` and ``--screenshot`` serve the smoke test: send,
save a picture of the window, and exit with 0 only if everything was delivered.
``--self-test`` runs :mod:`noomus_desktop.selftest` (as the frozen bundle's entry does) and exits.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from noomus_desktop import __version__, i18n
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import load_build_config, load_settings
from noomus_desktop.core.engine import BatchSummary
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.icons import app_icon
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from noomus_desktop.ui.single_instance import InstanceServer, hand_over
from noomus_desktop.ui.update_notice import check_at_start

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="noomus-desktop", description="Send files securely to Noomus."
    )
    parser.add_argument("files", nargs="*", help="files or folders to send")
    # A frozen (customer) build has no demo server: its --help does not offer --demo.
    frozen = getattr(sys, "frozen", False)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=argparse.SUPPRESS if frozen else "use an embedded demo server and demo account",
    )
    parser.add_argument(
        "--sign-in",
        action="store_true",
        help=argparse.SUPPRESS if frozen else "with --demo: sign in with the demo account at once",
    )
    parser.add_argument(
        "--quit-when-done",
        action="store_true",
        help="exit once the given files are delivered (status 0), or failed or cannot be sent "
        "because signing in failed (status 1)",
    )
    parser.add_argument(
        "--screenshot", type=Path, help="save a picture of the window here before exiting"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation has everything the app needs, print a report and "
        "exit (status 0 only when every check passed); opens no window",
    )
    parser.add_argument("--version", action="version", version=__version__)
    return parser.parse_args(list(argv))


class _FileOpenFilter(QObject):
    """macOS sends files opened with the app (Dock drops, Open with) as ``QFileOpenEvent``."""

    def __init__(self, controller: AppController) -> None:
        super().__init__(controller)
        self._controller = controller

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(event, QFileOpenEvent) and event.file():
            self._controller.add_paths([event.file()])
            return True
        return False


class _QuitWhenDone(QObject):
    """Smoke runs: after a batch settles and nothing is left, screenshot and quit.

    Nobody is there to answer a dialog: when the sign-in dialog opens with a reason, signing in
    with the remembered session failed (an untrusted certificate, a locked account...). That
    sentence goes to standard error and the run ends with 1, instead of waiting for a password
    forever. A dialog that opens without one (nothing remembered, ``--demo --sign-in``) is left
    alone.
    """

    def __init__(self, controller: AppController, screenshot: Path | None) -> None:
        super().__init__(controller)
        self._controller = controller
        self._screenshot = screenshot
        self.exit_code = 1
        controller.bridge.batch_finished.connect(self._batch_finished)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, SignInDialog)
            and not watched.error.isHidden()
        ):
            print(f"cannot sign in: {watched.error.text()}", file=sys.stderr, flush=True)
            self.exit_code = 1
            QTimer.singleShot(0, self._finish)
        return False

    def _batch_finished(self, summary: BatchSummary) -> None:
        if self._controller.active_count():
            return
        self.exit_code = 0 if summary.delivered and not summary.failed else 1
        print(f"delivered {summary.delivered}, failed {summary.failed}", flush=True)
        # Let the last repaint happen so the picture shows "Delivered and verified".
        QTimer.singleShot(300, self._finish)

    def _finish(self) -> None:
        if self._screenshot is not None:
            self._screenshot.parent.mkdir(parents=True, exist_ok=True)
            self._controller.window.grab().save(str(self._screenshot))
        self._controller.quit()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from noomus_desktop import selftest  # before any QApplication: it makes its own

        return selftest.run()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    files = [str(Path(f).absolute()) for f in args.files]
    demo = None
    if args.demo:
        from noomus_desktop.demo import start_demo  # lazy: only --demo needs the server

        demo = start_demo()
        print(
            f"Noomus demo server at {demo.url}\n"
            f"Demo account: user {demo.username}, password {demo.password}",
            flush=True,
        )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Noomus")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    # The controller decides when to quit: a closed window may mean "keep sending in the tray".
    app.setQuitOnLastWindowClosed(False)
    if demo is None and hand_over(files):
        return 0
    settings = load_settings()
    if demo is not None:
        settings.server_url = demo.url
    translators = i18n.install(app, i18n.choose_language(settings.language))
    build = load_build_config(demo=demo is not None)
    controller = AppController(Account(settings, build))
    instance = InstanceServer(controller)
    instance.files_received.connect(controller.add_paths)
    instance.files_received.connect(controller.raise_window)
    if not instance.listen():
        log.warning("Another launch cannot hand files to this one (local socket unavailable)")
    app.installEventFilter(_FileOpenFilter(controller))
    when_done = _QuitWhenDone(controller, args.screenshot) if args.quit_when_done else None
    prefill = (demo.username, demo.password) if demo is not None else None
    controller.start(prefill)
    check_at_start(settings, build, controller.notifier, controller)
    if demo is not None and args.sign_in and controller.sign_in_dialog is not None:
        controller.sign_in_dialog.submit()
    controller.add_paths(files)
    try:
        status = app.exec()
    finally:
        i18n.uninstall(app, translators)
        instance.close()
        if demo is not None:
            demo.stop()
    return when_done.exit_code if when_done is not None else status


if __name__ == "__main__":
    sys.exit(main())
