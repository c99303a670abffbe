"""``noomus-upload``: the headless face of the transfer engine, for scripts and servers.

It shares everything with the desktop app (queue, engine, account, keyring), so a transfer
interrupted here (Ctrl-C, ``kill -9``, a reboot) resumes when ``send`` runs again on the
same unchanged files, from the offset the server confirms.

It speaks the language of the settings, else of the environment (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), from the app's own catalogues read without Qt (``i18n.Catalogue``).
Errors and states are said with the window's sentences (:mod:`noomus_desktop.messages`, by
their codes), never in the core's or the server's English. Not yet translated: ``--help``.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from noomus_desktop import __version__, i18n, messages
from noomus_desktop.core import net
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import load_build_config, load_settings
from noomus_desktop.core.crypto import CryptoError, parse_recipient
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import (
    BatchSummary,
    EngineSettings,
    NullObserver,
    ScanProblem,
    TransferEngine,
    TransferRecord,
    TransferState,
)
from noomus_desktop.core.errors import BLOCKING_CODES, SIGN_IN_CODES, NoomusError
from noomus_desktop.core.queue import TransferStore
from noomus_desktop.core.waiting import waiting_transfers

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SIGN_IN = 3
EXIT_BLOCKED = 4
EXIT_INTERRUPTED = 130

EPILOG = """\
exit codes:
  0    everything asked for was done (every file delivered and verified)
  1    some files were not delivered (failed, skipped, unreadable or refused: each is
       named on standard error), or --give-up-after ran out
  2    wrong usage (unknown option, missing argument)
  3    sign-in needed (not signed in, wrong password, session ended by the server)
  4    blocked by Noomus (account locked or disabled, service suspended, key changed)
  130  interrupted (Ctrl-C); run the same command again to resume

A plain tus 1.0 server (no Noomus account) takes --tus-endpoint URL --recipient age1...
[--header 'Name: value']. Progress goes to standard error, results to standard output.
"""

_SIGN_IN_CODES = SIGN_IN_CODES | {"invalid_credentials", "password_change_required"}
_BLOCKED_CODES = BLOCKING_CODES | {"recipients_changed", "tls_error"}


class SpokenError(NoomusError):
    """An error whose message the CLI wrote itself, already in the user's language."""


class UsageError(SpokenError):
    code = "usage"


# A CLI text in the CLI's language, ``translate("cli", text, "", n)`` (so lupdate extracts
# the calls): English until ``run`` reads the settings and the environment (:func:`speak`).
translate = i18n.Catalogue().translate


def fill(text: str, *values: str | None) -> str:
    """``text`` with ``%1``, ``%2``... replaced in one pass (so a file name holding "%2" stays)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return (values[index] or "") if index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, text)


_PLACEHOLDER = re.compile(r"%([1-9])")


def speak(setting: str) -> None:
    """Speak the language of ``setting`` (the settings' language), else the environment's."""
    global translate
    translate = i18n.Catalogue.for_setting(setting).translate


def said(error: NoomusError) -> str:
    """What to tell the user about ``error``: the window's sentence for its code, in the
    user's language (the core's and the server's messages are English)."""
    if isinstance(error, SpokenError):
        return error.message
    return messages.error_text(error.code, translate)


def _reason(code: str | None) -> str:
    """The sentence for a transfer's or scan problem's error code."""
    return messages.error_text(code or "error", translate)


def exit_code_for(code: str) -> int:
    if code in _SIGN_IN_CODES:
        return EXIT_SIGN_IN
    if code in _BLOCKED_CODES:
        return EXIT_BLOCKED
    return EXIT_FAILED


def _size(text: str) -> int:
    """``65536``, ``64K``, ``4M``, ``1G``."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("a size must be positive")
    return value


def _duration(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``2h``, ``1d``: seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = float(number) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("a duration must be positive")
    return value


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError("a header looks like 'Name: value'")
    return name.strip(), value.strip()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noomus-upload",
        description="Send files to Noomus, encrypted on this machine (age), resumably (tus).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--server", metavar="URL", help="Noomus extranet address")
    plain = parser.add_argument_group("plain tus server (no Noomus account)")
    plain.add_argument("--tus-endpoint", metavar="URL", help="tus 1.0 creation URL")
    plain.add_argument(
        "--recipient", metavar="AGE1...", action="append", default=[], help="encrypt to this key"
    )
    plain.add_argument(
        "--header",
        metavar="'NAME: VALUE'",
        action="append",
        type=_header,
        default=[],
        help="extra request header (e.g. Authorization)",
    )
    tuning = parser.add_argument_group("tuning")
    tuning.add_argument("--concurrency", type=int, default=None, metavar="N")
    tuning.add_argument(
        "--chunk-size",
        type=_size,
        default=None,
        metavar="SIZE",
        help="bytes per PATCH (default 64M): the most an interruption re-sends",
    )
    tuning.add_argument(
        "--stall-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="abort and retry a request when no byte moves this long",
    )
    tuning.add_argument(
        "--give-up-after",
        type=_duration,
        default=None,
        metavar="DURATION",
        help="stop retrying a file (or reaching the server) that has made no "
        "progress for this long: 90s, 30m, 2h (default: keep trying while "
        "running)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    login = commands.add_parser("login", help="sign in and remember the session in the keyring")
    login.add_argument("--username", metavar="NAME")
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (for scripts); after a coordinator's "
        "one-time password, the next line is your own new password",
    )
    commands.add_parser("logout", help="sign out and forget the session")
    lost = commands.add_parser("report-lost", help="report a lost password (locks the account)")
    lost.add_argument("--username", metavar="NAME")
    lost.add_argument("--note", default=None)
    send = commands.add_parser("send", help="send files and folders")
    send.add_argument("paths", nargs="+", metavar="FILE|DIR")
    send.add_argument(
        "--again",
        action="store_true",
        help="also send files already delivered from here and unchanged since "
        "(by default they are skipped, so a re-run after an interruption only "
        "finishes what was left)",
    )
    commands.add_parser("status", help="the transfer queue")
    history = commands.add_parser("history", help="files delivered from this machine")
    history.add_argument("--limit", type=int, default=50)
    return parser


# -- progress ------------------------------------------------------------------------------


class ProgressPrinter(NullObserver):
    """Engine events to the terminal: a one-line bar on a TTY, results as lines."""

    def __init__(self, out: TextIO, err: TextIO, *, quiet: bool) -> None:
        self._out, self._err = out, err
        self._bar = err.isatty() and not quiet
        self._lock = threading.Lock()
        self._progress: dict[int, tuple[int, int, float]] = {}
        self._last_draw = 0.0
        self.touched: set[int] = set()
        self.attention: tuple[str, str] | None = None
        #: Every file the scan skipped or refused (named again in the summary).
        self.problems: list[ScanProblem] = []
        #: When a retrying transfer tries again (the engine's ``next_try``), once it runs.
        self.next_try: Callable[[int], float | None] = lambda _transfer_id: None

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        with self._lock:
            self.touched.update(r.id for r in records if not r.state.finished)

    def on_changed(self, record: TransferRecord) -> None:
        with self._lock:
            self.touched.add(record.id)
            if record.state.finished:
                self._progress.pop(record.id, None)
            if record.state is TransferState.DONE:
                line = translate("cli", "delivered: %1")
                self._line(self._out, fill(line, record.relative_path))
            elif record.state is TransferState.FAILED:
                line = translate("cli", "failed: %1: %2")
                self._line(self._err, fill(line, record.relative_path, _reason(record.error_code)))
            elif record.state is TransferState.RETRYING:
                when = _clock(self.next_try(record.id))
                if record.error_code in _CONNECTION_CODES:
                    line = translate("cli", "waiting for the connection: %1 (next try at %2)")
                    self._line(self._err, fill(line, record.relative_path, when))
                else:
                    line = translate("cli", "retrying: %1: %2 (next try at %3)")
                    reason = _reason(record.error_code)
                    self._line(self._err, fill(line, record.relative_path, reason, when))

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        with self._lock:
            self._progress[transfer_id] = (sent, total, speed)
            now = time.monotonic()
            if self._bar and now - self._last_draw >= 0.2:
                self._last_draw = now
                self._draw()

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        with self._lock:
            self.problems.extend(problems)
            for problem in problems:
                line = translate("cli", "skipped: %1: %2")
                self._line(self._err, fill(line, problem.path, _reason(problem.code)))

    def on_batch_finished(self, summary: BatchSummary) -> None:
        pass

    def on_attention(self, code: str, message: str) -> None:
        with self._lock:
            self.attention = (code, message)
            self._line(self._err, fill(translate("cli", "stopped: %1"), _reason(code)))

    def _draw(self) -> None:
        sent = sum(p[0] for p in self._progress.values())
        total = sum(p[1] for p in self._progress.values()) or 1
        speed = sum(p[2] for p in self._progress.values())
        width = 30
        filled = min(width, width * sent // total)
        text = (
            f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * sent // total:3d}% "
            f"{speed / 1e6:7.1f} MB/s, {len(self._progress)} sending"
        )
        self._err.write(text)
        self._err.flush()

    def _line(self, stream: TextIO, text: str) -> None:
        if self._bar:
            self._err.write("\r\033[K")
        stream.write(text + "\n")
        stream.flush()


#: Codes that mean the connection is down (not the server refusing): "waiting" in words.
_CONNECTION_CODES = frozenset({"offline", "stalled", "network_error"})


def _clock(when: float | None) -> str:
    return datetime.fromtimestamp(when or time.time()).strftime("%H:%M:%S")


# -- commands ------------------------------------------------------------------------------


def _account(args: argparse.Namespace) -> Account:
    settings = load_settings()
    if args.server:
        settings.server_url = net.check_url(args.server)
    return Account(settings, load_build_config())


def _signed_in(args: argparse.Namespace) -> Account:
    account = _account(args)
    if account.restore() is None:
        raise SpokenError(
            translate("cli", "Not signed in. Sign in first with: noomus-upload login"),
            code="not_signed_in",
        )
    if account.password_change_required:
        account.close()
        raise SpokenError(
            translate(
                "cli",
                "You signed in with a one-time password. Choose your own password first with: "
                "noomus-upload login",
            ),
            code="password_change_required",
        )
    return account


def _engine_settings(args: argparse.Namespace) -> EngineSettings:
    defaults = EngineSettings()
    return EngineSettings(
        concurrency=args.concurrency or defaults.concurrency,
        chunk_size=args.chunk_size or defaults.chunk_size,
        stall_timeout=args.stall_timeout or defaults.stall_timeout,
        give_up_after=args.give_up_after,
    )


def cmd_login(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    account = _account(args)
    username = args.username or account.settings.last_username
    if not username:
        username = input(translate("cli", "User ID: ")).strip()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(fill(translate("cli", "Password for %1: "), username))
    try:
        user = account.sign_in(username, password, remember=True)
        if account.password_change_required:
            _choose_own_password(args, account, password, err)
    finally:
        account.close()
    signed_in = translate("cli", "Signed in as %1 (%2, %3).")
    out.write(fill(signed_in, user.username, user.name, user.company) + "\n")
    if not account.remembered:
        err.write(
            translate(
                "cli",
                "The session could not be stored in the system keyring: "
                "you will have to sign in again next time.",
            )
            + "\n"
        )
    return EXIT_OK


def _choose_own_password(
    args: argparse.Namespace, account: Account, one_time: str, err: TextIO
) -> None:
    """Signed in with a coordinator's one-time password: the server takes nothing but a new
    password, so ask for it now (from the terminal, or the next line of ``--password-stdin``).
    Without one, or when the server refuses it, sign out: no session stays that cannot send."""
    err.write(
        translate(
            "cli",
            "You signed in with a one-time password. Choose your own password now "
            "(at least 12 characters).",
        )
        + "\n"
    )
    err.flush()
    if args.password_stdin:
        new = sys.stdin.readline().rstrip("\r\n")
    else:
        new = getpass.getpass(translate("cli", "New password: "))
        if new and new != getpass.getpass(translate("cli", "New password again: ")):
            account.sign_out()
            raise SpokenError(
                translate(
                    "cli",
                    "The two new passwords are not the same. You are signed out: run "
                    "noomus-upload login again.",
                ),
                code="password_change_required",
            )
    if not new:
        account.sign_out()
        raise SpokenError(
            translate(
                "cli",
                "No new password was given, so you are signed out. Run noomus-upload login "
                "again and choose your own password.",
            ),
            code="password_change_required",
        )
    try:
        account.change_password(one_time, new)
    except NoomusError:
        account.sign_out()
        raise


def cmd_logout(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    account = _account(args)
    try:
        if account.restore() is None:
            out.write(translate("cli", "Not signed in.") + "\n")
            return EXIT_OK
    except NoomusError as error:
        if error.transient:
            raise
    account.sign_out()
    out.write(translate("cli", "Signed out.") + "\n")
    return EXIT_OK


def cmd_report_lost(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    account = _account(args)
    username = args.username or account.settings.last_username
    if not username:
        username = input(translate("cli", "User ID: ")).strip()
    account.report_lost(username, args.note)  # the server's acknowledgement is English
    received = translate(
        "cli",
        "Your report was received and your account is locked. This computer has forgotten "
        "your sign-in. Noomus coordinators will contact you.",
    )
    out.write(received + "\n")
    return EXIT_OK


def _destination(args: argparse.Namespace) -> tuple[Destination, Account | None]:
    if args.tus_endpoint:
        if not args.recipient:
            raise UsageError(
                translate("cli", "--tus-endpoint needs at least one --recipient age1...")
            )
        net.check_url(args.tus_endpoint)  # https, or http to this machine only
        try:
            recipients = [str(parse_recipient(r)) for r in args.recipient]
        except CryptoError as error:
            raise UsageError(said(error)) from error
        return Destination.plain_tus(args.tus_endpoint, recipients, dict(args.header)), None
    if args.recipient or args.header:
        raise UsageError(translate("cli", "--recipient and --header go with --tus-endpoint"))
    account = _signed_in(args)
    return Destination.noomus(account), account


def cmd_send(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    missing = [p for p in args.paths if not Path(p).exists() and not Path(p).is_symlink()]
    if missing:
        raise UsageError(fill(translate("cli", "No such file or folder: %1"), missing[0]))
    settings = _engine_settings(args)
    destination, account = _patiently(lambda: _destination(args), settings, err)
    printer = ProgressPrinter(out, err, quiet=args.quiet)
    store = TransferStore()
    engine = TransferEngine(store, destination, printer, settings)
    printer.next_try = engine.next_try
    try:
        engine.start()
        engine.add_paths([str(Path(p)) for p in args.paths], skip_delivered=not args.again)
        while not engine.wait_idle(0.5):
            pass
    except KeyboardInterrupt:
        err.write(
            "\n" + translate("cli", "interrupted: run the same command again to resume") + "\n"
        )
        return EXIT_INTERRUPTED
    finally:
        engine.shutdown(wait=True)
        store.close()
        if account is not None:
            account.close()
    if printer.attention is not None:
        return exit_code_for(printer.attention[0])
    ours = [r for r in engine.snapshot() if r.id in printer.touched]
    delivered = sum(r.state is TransferState.DONE for r in ours)
    unsent = [r.relative_path for r in ours if r.state is not TransferState.DONE]
    # A skipped or refused file is not delivered either: a script that deletes what was
    # sent must hear of it (the unchanged file already delivered is the one exception).
    unsent += [p.path for p in printer.problems if p.code != "already_delivered"]
    for path in unsent:
        err.write(fill(translate("cli", "not delivered: %1"), path) + "\n")
    summary = translate("cli", "%n delivered, %1 not delivered", "", delivered)
    err.write(fill(summary, str(len(unsent))) + "\n")
    return EXIT_OK if not unsent else EXIT_FAILED


def _patiently(
    attempt: Callable[[], tuple[Destination, Account | None]],
    settings: EngineSettings,
    err: TextIO,
) -> tuple[Destination, Account | None]:
    """``attempt``, tried again while the server cannot be reached (as transfers are), until
    it works, a permanent error, or ``--give-up-after`` runs out."""
    started = time.monotonic()
    tries = 0
    while True:
        try:
            return attempt()
        except NoomusError as error:
            tries += 1
            troubled_for = time.monotonic() - started
            if not error.transient or settings.gives_up(tries, troubled_for):
                raise
            wait = settings.retry_delay(tries, error.retry_after, troubled_for)
            line = translate("cli", "waiting for the connection: %1 (next try at %2)")
            err.write(fill(line, said(error), _clock(time.time() + wait)) + "\n")
            err.flush()
            time.sleep(wait)


def _state_line(record: TransferRecord, waiting: bool = False) -> str:
    """One transfer for ``status``; ``waiting``: unfinished, for a server nobody is signed in
    to (said as the window says it: "Waiting for sign-in")."""
    percent = f"{100 * record.offset // record.total:3d}%" if record.total else "  -%"
    if waiting:
        state = messages.waiting_for_sign_in_text(translate)
    else:
        state = messages.row_state_text(record.state, record.error_code, translate)
    line = f"{record.id:6d}  {state}  {percent}  {record.relative_path}"
    if record.error_code and record.state is not TransferState.DONE:
        line += f"  ({_reason(record.error_code)})"
    return line


def _who(args: argparse.Namespace, err: TextIO) -> tuple[str, str | None]:
    """The account line of ``status`` ("Signed in as NAME (COMPANY)", the window's words), and
    the server whose transfers wait for a sign-in (None: signed in, or no server set). The
    name and company are the server's: it is asked (the remembered sign-in is renewed, in this
    process's turn with the others). Offline, the remembered user ID is said, and why it could
    not be checked."""
    account = _account(args)
    try:
        server_url = account.server_url
    except NoomusError:
        return messages.account_text(None, translate=translate), None
    try:
        user = account.restore()
    except NoomusError as error:
        if not error.transient:
            line = f"{messages.account_text(None, translate=translate)}: {said(error)}"
            return line, server_url
        err.write(said(error) + "\n")
        return messages.account_text(account.settings.last_username, "", translate), None
    finally:
        account.close()
    if user is None:
        return messages.account_text(None, translate=translate), server_url
    return messages.account_text(user.name or user.username, user.company, translate), None


def cmd_status(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    account_line, signed_out_of = _who(args, err)
    out.write(account_line + "\n")
    store = TransferStore()
    try:
        records = store.transfers()
        waiting = (
            {r.id for r in waiting_transfers(store, signed_out_of)} if signed_out_of else set()
        )
    finally:
        store.close()
    if not records:
        out.write(translate("cli", "The queue is empty.") + "\n")
    for record in records:
        out.write(_state_line(record, record.id in waiting) + "\n")
    failed = [r.relative_path for r in records if r.state is TransferState.FAILED]
    if failed:
        #: After the queue: %n files that failed, and their names (%1, comma-separated).
        not_sent = translate("cli", "%n file(s) could not be sent: %1", "", len(failed))
        out.write(fill(not_sent, ", ".join(failed)) + "\n")
    return EXIT_OK


def cmd_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = TransferStore()
    try:
        entries = store.history(args.limit)
    finally:
        store.close()
    if not entries:
        out.write(translate("cli", "Nothing delivered from this machine yet.") + "\n")
    for entry in entries:
        when = datetime.fromtimestamp(entry.delivered_at).strftime("%Y-%m-%d %H:%M")
        delivery = f"#{entry.delivery_id}" if entry.delivery_id else "-"
        out.write(f"{when}  {delivery:>8}  {entry.size:>12}  {entry.relative_path}\n")
    return EXIT_OK


COMMANDS = {
    "login": cmd_login,
    "logout": cmd_logout,
    "report-lost": cmd_report_lost,
    "send": cmd_send,
    "status": cmd_status,
    "history": cmd_history,
}


def run(
    argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Run one command; returns the exit code (see ``EPILOG``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    speak(load_settings().language)
    try:
        return COMMANDS[args.command](args, out, err)
    except UsageError as error:
        parser.print_usage(err)
        err.write(fill(translate("cli", "noomus-upload: error: %1"), error.message) + "\n")
        return EXIT_USAGE
    except NoomusError as error:
        err.write(f"noomus-upload: {said(error)}\n")
        return exit_code_for(error.code)
    except KeyboardInterrupt:
        err.write("\n" + translate("cli", "interrupted") + "\n")
        return EXIT_INTERRUPTED


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
