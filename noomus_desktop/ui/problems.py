"""Problems named: which files did not go, by name, in the window and in the notification.

"3 items were skipped" leaves a customer with a folder of confidential documents unable to
tell which ones did not reach Noomus. The window lists every name with its reason (up to a
limit, then how many more); a notification, being short, names the first and counts the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from PySide6.QtCore import QCoreApplication

from noomus_desktop.ui import messages

translate = QCoreApplication.translate

# Names listed in the window before "and N more".
LISTED = 20


def display_name(path: str) -> str:
    """The last part of a path, as the customer knows the file."""
    return PurePath(path).name or path


def not_sent_sentence(names: Sequence[str]) -> str:
    """For a notification: "contract.pdf and 2 others could not be sent"."""
    if len(names) == 1:
        return translate("Problems", "%1 could not be sent").replace("%1", names[0])
    #: %1 is a file name; %n how many other files could not be sent either.
    text = translate("Problems", "%1 and %n other(s) could not be sent", "", len(names) - 1)
    return text.replace("%1", names[0])


def already_sending_sentence(names: Sequence[str]) -> str:
    """For a notice: "contract.pdf is already being sent; it is delivered once"."""
    if len(names) == 1:
        return translate(
            "Problems", "%1 is already being sent. It will be delivered once, not twice."
        ).replace("%1", names[0])
    #: %1 is a file name; %n how many other files added again were already being sent.
    text = translate(
        "Problems",
        "%1 and %n other(s) are already being sent. Each will be delivered once, not twice.",
        "",
        len(names) - 1,
    )
    return text.replace("%1", names[0])


def not_sent_list(problems: Sequence[tuple[str, str]]) -> str:
    """For the window: a heading and one line per ``(path, error code)``, name and reason."""
    heading = translate("Problems", "%n item(s) could not be sent:", "", len(problems))
    lines = [
        #: One line of the list of files not sent: %1 is the file name, %2 the reason.
        translate("Problems", "• %1: %2")
        .replace("%1", display_name(path))
        .replace("%2", messages.error_text(code))
        for path, code in problems[:LISTED]
    ]
    more = len(problems) - LISTED
    if more > 0:
        lines.append(translate("Problems", "…and %n more.", "", more))
    return "\n".join([heading, *lines])
