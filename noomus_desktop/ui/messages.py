"""The one place that turns error codes and transfer states into sentences the customer can act on.

Core errors carry a stable ``code``; everything the window, the dialogs and the tray say about
them comes from here, through Qt's translation system (context ``messages``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

_CONTEXT = "messages"


def _t(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def error_text(code: str) -> str:
    """A plain sentence for an error code: what happened and what to do about it."""
    texts = {
        "invalid_credentials": _t(
            "The user ID or password is not right. Check them and try again."
        ),
        "account_locked": _t(
            "Your account is locked because a lost password was reported. "
            "Noomus coordinators will contact you to open it again."
        ),
        "account_disabled": _t(
            "Your account has been disabled. Please contact Noomus if you need to send files."
        ),
        "service_suspended": _t(
            "Noomus has paused the file service for now. Your files wait here and are sent "
            "when it is back."
        ),
        "rate_limited": _t("Too many attempts in a short time. Wait a minute and try again."),
        "offline": _t(
            "Cannot reach Noomus. Check your internet connection; files are sent when the "
            "connection is back."
        ),
        "tls_error": _t(
            "The connection to Noomus could not be verified as secure, so nothing was sent. "
            "Please contact Noomus."
        ),
        "insecure_url": _t(
            "This server address is not secure (it must start with https://). "
            "Check the address under Advanced."
        ),
        "session_ended": _t("You were signed out by the server. Please sign in again."),
        "token_invalid": _t("You were signed out by the server. Please sign in again."),
        "refresh_invalid": _t("You were signed out by the server. Please sign in again."),
        "recipients_changed": _t(
            "Noomus's encryption key has changed since last time. For your safety nothing is "
            "sent until Noomus confirms the change. Please contact Noomus."
        ),
        "storage_full": _t("Noomus cannot receive more files right now. Sending resumes later."),
        "upload_too_large": _t("This file is larger than Noomus can receive."),
        "upload_expired": _t("The server removed the unfinished upload. Retry to send it again."),
        "file_changed": _t(
            "The file changed while it was being sent. Retry to send its current version."
        ),
        "file_missing": _t("The file is no longer there. It may have been moved or deleted."),
        "file_unreadable": _t("The file cannot be read. Check that you are allowed to open it."),
        "verification_failed": _t(
            "Noomus received something different from what was sent. Retry to send it again."
        ),
        "server_error": _t("Noomus had a problem receiving the file. It is tried again soon."),
        "network_error": _t("The connection to Noomus was interrupted. It is tried again soon."),
        "invalid_url": _t("The server address is not valid. Check it under Advanced."),
        "unexpected_response": _t(
            "Noomus answered in an unexpected way. Try again later, or contact Noomus."
        ),
        "not_signed_in": _t("Please sign in to Noomus first."),
        "pins_unreadable": _t(
            "The app's record of Noomus's encryption key cannot be read. Please contact Noomus."
        ),
    }
    return texts.get(
        code, _t("Something went wrong (%1). Try again, or contact Noomus.").replace("%1", code)
    )


def state_text(state: str, detail: str | None = None) -> str:
    """The customer's name for a transfer state (``detail``: the error code behind a retry/fail)."""
    if state == "retrying":
        reason = error_text(detail) if detail else _t("the connection was interrupted")
        return _t("Retrying (%1)").replace("%1", reason)
    if state == "failed":
        reason = error_text(detail) if detail else _t("Retry, or contact Noomus.")
        return _t("Failed: %1").replace("%1", reason)
    names = {
        "queued": _t("Waiting"),
        "preparing": _t("Preparing to send"),
        "uploading": _t("Encrypting and sending"),
        "paused": _t("Paused"),
        "verifying": _t("Checking delivery"),
        "done": _t("Delivered and verified"),
        "cancelled": _t("Cancelled"),
    }
    return names.get(state, state)
