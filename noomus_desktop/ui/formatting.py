"""Sizes, speeds and durations in the user's locale (QLocale), for the queue and the status line."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

translate = QCoreApplication.translate

#: Between a number and its unit or per cent sign.
NBSP = "\u00a0"


def size_text(size: int) -> str:
    """A file size such as "1.5 MB", in the locale's digits and decimal separator.

    The number and its unit never part at a line end (a non-breaking space); bytes are ours
    ("18 tavua": Qt's own Finnish says "18 tavut").
    """
    if size < 1000:
        return translate("formatting", "%n byte(s)", "", size).replace(" ", NBSP)
    text = QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)
    return text.replace(" ", NBSP)


def speed_text(bytes_per_second: float) -> str:
    """A transfer speed such as "2.4 MB/s"."""
    return translate("formatting", "%1/s").replace("%1", size_text(int(bytes_per_second)))


def duration_text(seconds: float) -> str:
    """A rounded, human estimate of time left ("about 2 minutes").

    Beyond a day the estimate says nothing useful (a crawling link gives years, or infinity).
    """
    if not seconds < 24 * 3600:
        return translate("formatting", "more than a day")
    if seconds < 60:
        return translate("formatting", "less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return translate("formatting", "about %n minute(s)", "", minutes)
    hours = round(seconds / 3600)
    return translate("formatting", "about %n hour(s)", "", hours)
