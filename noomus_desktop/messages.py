"""The one place that turns error codes and transfer states into sentences the customer can act on.

Core errors carry a stable ``code``; everything the window, the dialogs, the tray and the CLI
say about them comes from here (context ``messages``), so ``noomus-upload`` and the window speak
the same sentences in the same language. Qt-free: each function takes the ``translate`` to use,
``QCoreApplication.translate`` in the window (``noomus_desktop.ui.messages``) and an
``i18n.Catalogue``'s in the CLI, which never loads Qt. The parameter is named ``translate`` so
that lupdate extracts the calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from noomus_desktop.core.queue import TransferState

#: ``translate(context, text)``: a text in the reader's language.
Translate = Callable[[str, str], str]


def english(context: str, text: str) -> str:
    """No translation: the source text (English)."""
    return text


#: Codes that need no sentence of their own: they mean the same to the customer as another.
SAME_AS = {
    "error": "internal_error",
    "token_invalid": "session_ended",
    "token_expired": "session_ended",
    "refresh_invalid": "session_ended",
    "forbidden": "refused",
    "upload_locked": "server_error",
    "request_timeout": "stalled",
    "upload_interrupted": "offset_mismatch",
    "method_not_allowed": "invalid_request",
    "unsupported_version": "invalid_request",
    "unsupported_media_type": "invalid_request",
    "invalid_plan": "crypto_error",
    "invalid_metadata": "crypto_error",
    "request_too_large": "invalid_request",
    "headers_too_large": "invalid_request",
    "server_busy": "server_error",
    "database_unavailable": "server_error",
    "armored_age": "wrong_recipients",
    "invalid_age_header": "wrong_recipients",
}


def error_text(code: str, translate: Translate = english) -> str:
    """A plain sentence for an error code: what happened and what to do about it.

    Every code the core raises or the API documents has one (``tests/gui/test_messages.py``);
    an unknown code still gets a sentence, with the code for Noomus support.
    """
    texts = {
        "invalid_credentials": translate(
            "messages", "The user ID or password is not right. Check them and try again."
        ),
        "account_locked": translate(
            "messages",
            "Your account is locked because a lost password was reported. "
            "Noomus coordinators will contact you to open it again.",
        ),
        "account_disabled": translate(
            "messages",
            "Your account has been disabled. Please contact Noomus if you need to send files.",
        ),
        "service_suspended": translate(
            "messages",
            "Noomus has paused the file service for now. Your files wait here and are sent "
            "when it is back.",
        ),
        "rate_limited": translate(
            "messages", "Too many attempts in a short time. Wait a minute and try again."
        ),
        "offline": translate(
            "messages",
            "Cannot reach Noomus. Check your internet connection; files are sent when the "
            "connection is back.",
        ),
        "stalled": translate(
            "messages",
            "The connection to Noomus stopped moving. Sending goes on from where it stopped; "
            "if this keeps happening, check your internet connection.",
        ),
        "tls_error": translate(
            "messages",
            "The connection to Noomus could not be verified as secure, so nothing was sent. "
            "Please contact Noomus.",
        ),
        "insecure_url": translate(
            "messages",
            "This server address is not secure (it must start with https://). "
            "Check the address under Advanced.",
        ),
        "session_ended": translate(
            "messages", "You were signed out by the server. Please sign in again."
        ),
        "recipients_changed": translate(
            "messages",
            "Noomus's encryption key has changed since last time. For your safety nothing is "
            "sent until Noomus confirms the change. Please contact Noomus.",
        ),
        "invalid_recipient": translate(
            "messages",
            "Noomus's encryption key is not valid, so nothing was sent. Please contact Noomus.",
        ),
        "crypto_error": translate(
            "messages",
            "The file could not be encrypted, so nothing was sent. Retry, or contact Noomus "
            "if it keeps happening.",
        ),
        "storage_full": translate(
            "messages", "Noomus cannot receive more files right now. Sending resumes later."
        ),
        "quota_exceeded": translate(
            "messages",
            "You have as many unfinished files at Noomus as your account allows. "
            "Sending resumes by itself when earlier ones finish.",
        ),
        "staff_cannot_upload": translate(
            "messages",
            "This user ID belongs to Noomus staff, and staff accounts cannot send files. "
            "Sign in with the user ID Noomus gave you as a customer.",
        ),
        "manifest_conflict": translate(
            "messages",
            "Noomus already received this file with different details, so it was not "
            "delivered again. Send the file again; if it happens again, contact Noomus.",
        ),
        "manifest_not_expected": translate(
            "messages",
            "Noomus did not expect the file's details yet, so the file was not delivered. "
            "Retry; if it happens again, contact Noomus.",
        ),
        "manifest_too_large": translate(
            "messages",
            "The file's name and folder path are too long for Noomus, so it was not "
            "delivered. Shorten them and send the file again.",
        ),
        "wrong_recipients": translate(
            "messages",
            "Noomus refused the file because it was not encrypted so that Noomus can open it, "
            "and stored nothing. Retry; if it happens again, contact Noomus.",
        ),
        "misdirected_request": translate(
            "messages",
            "The server address in the settings is not the one this Noomus server answers to. "
            "Check the server address, or contact Noomus.",
        ),
        "password_change_required": translate(
            "messages",
            "You signed in with a one-time password. Choose your own password before any file "
            "is sent: sign in again, and Noomus asks you for it.",
        ),
        "upload_too_large": translate("messages", "This file is larger than Noomus can receive."),
        "upload_expired": translate(
            "messages", "The server removed the unfinished upload. Retry to send it again."
        ),
        "upload_completed": translate(
            "messages", "The file had already reached Noomus in full, so it was not cancelled."
        ),
        "checksum_mismatch": translate(
            "messages",
            "Part of the file arrived damaged and is sent again. Nothing is needed from you.",
        ),
        "offset_mismatch": translate(
            "messages",
            "This computer and Noomus disagreed on how much of the file had arrived. Sending "
            "goes on from where Noomus says; nothing is needed from you.",
        ),
        "not_encrypted": translate(
            "messages",
            "Noomus refused the file because it did not arrive encrypted, and stored nothing "
            "readable. Retry, or contact Noomus.",
        ),
        "file_changed": translate(
            "messages",
            "The file changed while it was being sent. Retry to send its current version.",
        ),
        "file_missing": translate(
            "messages", "The file is no longer there. It may have been moved or deleted."
        ),
        "file_unreadable": translate(
            "messages", "The file cannot be read. Check that you are allowed to open it."
        ),
        "special_file": translate(
            "messages",
            "This is not a regular file (a device, pipe or socket), so it cannot be sent.",
        ),
        "symlink_loop": translate(
            "messages", "This link points back into its own folder, so it was left out."
        ),
        "unsupported_name": translate(
            "messages",
            "This name is not valid text (it was made with another character set). Rename it "
            "and add it again.",
        ),
        "already_delivered": translate(
            "messages", "This file was already delivered and has not changed since."
        ),
        "verification_failed": translate(
            "messages",
            "Noomus received something different from what was sent. Retry to send it again.",
        ),
        "server_error": translate(
            "messages", "Noomus had a problem receiving the file. It is tried again soon."
        ),
        "network_error": translate(
            "messages", "The connection to Noomus was interrupted. It is tried again soon."
        ),
        "aborted": translate(
            "messages",
            "Sending was stopped before the file was complete (paused, cancelled, or the app "
            "was closing). Resume or retry to send it.",
        ),
        "refused": translate(
            "messages",
            "The server refused the file. Trying again does not help; please contact Noomus.",
        ),
        "not_found": translate(
            "messages",
            "Noomus no longer has what was asked for; it may have been removed. Retry, or "
            "contact Noomus.",
        ),
        "invalid_url": translate(
            "messages", "The server address is not valid. Check it under Advanced."
        ),
        "not_tus": translate(
            "messages",
            "The server at this address cannot receive files from this app. Check the server "
            "address under Advanced, or contact Noomus.",
        ),
        "foreign_location": translate(
            "messages",
            "The server tried to send the file on to another server, so nothing was sent "
            "there. Please contact Noomus.",
        ),
        "invalid_request": translate(
            "messages",
            "Noomus did not accept this app's request. Check whether a newer version of "
            "Noomus Desktop is available, or contact Noomus.",
        ),
        "unexpected_response": translate(
            "messages", "Noomus answered in an unexpected way. Try again later, or contact Noomus."
        ),
        "api_error": translate(
            "messages",
            "Noomus could not do what was asked. Try again later, or contact Noomus if it "
            "keeps happening.",
        ),
        "tus_error": translate(
            "messages",
            "Sending the file failed. Retry, or contact Noomus if it keeps happening.",
        ),
        "diagnostics_failed": translate(
            "messages", "The diagnostics file could not be saved there. Choose another folder."
        ),
        "internal_error": translate(
            "messages", "Something unexpected went wrong. Try again, or contact Noomus."
        ),
        "not_signed_in": translate("messages", "Please sign in to Noomus first."),
        "password_too_short": translate(
            "messages", "The new password must be at least 12 characters long."
        ),
        "pins_unreadable": translate(
            "messages",
            "The app's record of Noomus's encryption key cannot be read. Please contact Noomus.",
        ),
    }
    text = texts.get(SAME_AS.get(code, code))
    if text is not None:
        return text
    return translate(
        "messages", "Something went wrong (%1). Try again, or contact Noomus."
    ).replace("%1", code)


#: Codes whose sentence says sending goes on by itself ("files are sent when the connection
#: is back", "it is tried again soon"...): true on a retrying row, false on a failed one.
GOES_ON_BY_ITSELF = frozenset(
    {
        "service_suspended",
        "offline",
        "stalled",
        "storage_full",
        "quota_exceeded",
        "checksum_mismatch",
        "offset_mismatch",
        "server_error",
        "network_error",
    }
)


_SHORT_GROUPS = {
    "connection": ("offline", "network_error", "stalled", "tls_error"),
    "sign_in": (
        "session_ended",
        "invalid_credentials",
        "not_signed_in",
        "account_locked",
        "account_disabled",
    ),
    "noomus": (
        "service_suspended",
        "storage_full",
        "quota_exceeded",
        "rate_limited",
        "server_error",
    ),
    "changed": ("file_changed",),
    "missing": ("file_missing",),
    "unreadable": ("file_unreadable", "special_file", "symlink_loop", "unsupported_name"),
    "too_large": ("upload_too_large",),
}
_SHORT_GROUP_OF = {code: group for group, codes in _SHORT_GROUPS.items() for code in codes}


def short_reason(code: str | None, translate: Translate = english) -> str:
    """A few words for a row ("no connection"): the whole sentence is in its tooltip."""
    group = _SHORT_GROUP_OF.get(SAME_AS.get(code or "", code or ""), "" if code else "connection")
    words = {
        #: Short reason in a transfer's row (the full sentence is in its tooltip).
        "connection": translate("messages", "no connection"),
        "sign_in": translate("messages", "sign-in needed"),
        "noomus": translate("messages", "Noomus unavailable"),
        "changed": translate("messages", "file changed"),
        "missing": translate("messages", "file missing"),
        "unreadable": translate("messages", "cannot be read"),
        "too_large": translate("messages", "too large"),
    }
    #: Short reason in a transfer's row when no shorter word fits: the tooltip says more.
    return words.get(group) or translate("messages", "see details")


def row_state_text(
    state: TransferState, detail: str | None = None, translate: Translate = english
) -> str:
    """A transfer's state in its row: a word or two, so it fits ("Failed: file changed")."""
    if state is TransferState.RETRYING:
        #: A transfer's state in its row; %1 is a short reason such as "no connection".
        return translate("messages", "Retrying: %1").replace("%1", short_reason(detail, translate))
    if state is TransferState.FAILED:
        #: A transfer's state in its row; %1 is a short reason such as "file changed".
        return translate("messages", "Failed: %1").replace(
            "%1", short_reason(detail or "error", translate)
        )
    return state_text(state, detail, translate)


def state_text(
    state: TransferState, detail: str | None = None, translate: Translate = english
) -> str:
    """The customer's name for a transfer state (``detail``: the error code behind a retry/fail).

    Every sentence is true of its state (``tests/gui/test_state_truth.py``): a retrying row
    never asks the customer to act, a failed one never promises that sending goes on.
    """
    code = SAME_AS.get(detail, detail) if detail else None
    if state is TransferState.RETRYING:
        if code is None:
            reason = translate("messages", "the connection was interrupted")
        elif code in GOES_ON_BY_ITSELF:
            reason = error_text(code, translate)
        else:
            reason = translate(
                "messages", "Noomus did not accept the last try. Nothing is needed from you."
            )
        return translate("messages", "Retrying (%1)").replace("%1", reason)
    if state is TransferState.FAILED:
        if code is None:
            reason = translate("messages", "Retry, or contact Noomus.")
        elif code in GOES_ON_BY_ITSELF:
            reason = translate(
                "messages",
                "Noomus could not be reached, or could not take the file, for too long. "
                "Check your internet connection, then retry.",
            )
        else:
            reason = error_text(code, translate)
        return translate("messages", "Failed: %1").replace("%1", reason)
    names = {
        #: A transfer's state: in the queue, waiting for its turn to be sent.
        TransferState.QUEUED: translate("messages", "Waiting"),
        TransferState.PREPARING: translate("messages", "Preparing"),
        TransferState.UPLOADING: translate("messages", "Encrypting and sending"),
        #: A transfer's state: paused by the user (not cancelled; it can be resumed).
        TransferState.PAUSED: translate("messages", "Paused"),
        TransferState.VERIFYING: translate("messages", "Checking delivery"),
        #: A transfer's state: Noomus received the file and confirmed it arrived intact.
        TransferState.DONE: translate("messages", "Delivered and verified"),
        TransferState.CANCELLED: translate("messages", "Cancelled"),
    }
    return names[state]


def account_text(name: str | None, company: str = "", translate: Translate = english) -> str:
    """Who is signed in on this computer: "Signed in as Alice (Example Oy)", or "Not signed in"
    (``name`` None)."""
    if name is None:
        return translate("messages", "Not signed in")
    if not company:
        return translate("messages", "Signed in as %1").replace("%1", name)
    #: Who is signed in: %1 is the person's name, %2 their company.
    text = translate("messages", "Signed in as %1 (%2)")
    # One pass, so a name holding "%2" stays as it is.
    return "".join(
        {"%1": name, "%2": company}.get(part, part) for part in re.split(r"(%[12])", text)
    )


def waiting_for_sign_in_text(translate: Translate = english) -> str:
    """The state of an unfinished transfer while nobody is signed in (nothing sends it)."""
    #: A transfer's state: it goes on once the customer signs in.
    return translate("messages", "Waiting for sign-in")
