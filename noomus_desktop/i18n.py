"""Which language the app and the CLI speak, and loading its Qt translations.

The language is the user's setting when it names one we ship, else the first of the operating
system's preferred languages that we ship, else English (the language of the source strings).

Importing this module needs no Qt: the CLI runs on the core alone. When PySide6 is installed
(the ``gui`` extra) the CLI reads the same compiled catalogues through a standalone
``QTranslator`` (it works without a ``QCoreApplication``); without PySide6 it speaks English.
The GUI installs the catalogues into the application with :func:`install`, together with Qt's
own ``qtbase`` translations so standard buttons and dialogs ("Cancel", the file chooser) match.
"""

from __future__ import annotations

import contextlib
import importlib.util
import locale
import logging
import os
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

#: The language the source strings are written in.
SOURCE_LANGUAGE = "en"
#: Every language the app speaks, source language first.
LANGUAGES: tuple[str, ...] = ("en", "fi", "sv")
#: Catalogues are ``noomus_<language>.qm`` in this package folder.
CATALOGUE_PREFIX = "noomus_"
TRANSLATIONS = ("resources", "translations")
#: Qt's own catalogue for standard dialogs and buttons.
QT_CATALOGUE_PREFIX = "qtbase_"
#: The locale used for numbers and dates when the user picks a language the OS does not use.
DEFAULT_LOCALES = {"en": "en_GB", "fi": "fi_FI", "sv": "sv_FI"}

_LOCALE_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def qt_available() -> bool:
    """Whether PySide6 (the ``gui`` extra) is installed."""
    try:
        return importlib.util.find_spec("PySide6") is not None
    except ImportError:
        return False


def language_of(tag: str) -> str:
    """The language part of a locale tag: ``fi-FI``, ``fi_FI.UTF-8`` and ``FI`` all give ``fi``."""
    return tag.replace("-", "_").split("_")[0].split(".")[0].split("@")[0].strip().lower()


def system_languages() -> list[str]:
    """The OS's preferred UI languages, most preferred first (locale tags, possibly empty)."""
    if qt_available():
        from PySide6.QtCore import QLocale

        return list(QLocale.system().uiLanguages())
    tags: list[str] = []
    for name in _LOCALE_ENV:
        tags += [tag for tag in os.environ.get(name, "").split(":") if tag]
    with contextlib.suppress(ValueError):
        code = locale.getlocale()[0]
        if code:
            tags.append(code)
    return tags


def choose_language(setting: str = "", system: Sequence[str] | None = None) -> str:
    """The language to speak: ``setting`` if we ship it, else the OS's, else English.

    ``system`` defaults to :func:`system_languages`; ``C``/``POSIX`` locales mean English.
    """
    wanted = language_of(setting) if setting else ""
    if wanted in LANGUAGES:
        return wanted
    for tag in system_languages() if system is None else system:
        language = language_of(tag)
        if language in LANGUAGES:
            return language
        if language in {"c", "posix"}:
            break
    return SOURCE_LANGUAGE


@contextlib.contextmanager
def catalogue_path(language: str) -> Iterator[Path | None]:
    """The compiled catalogue of ``language`` as a file, or None when none is shipped."""
    entry = resources.files("noomus_desktop").joinpath(
        *TRANSLATIONS, f"{CATALOGUE_PREFIX}{language}.qm"
    )
    if not entry.is_file():
        yield None
        return
    with resources.as_file(entry) as path:
        yield path


def load_translators(language: str) -> list[QTranslator]:
    """Translators for ``language`` (ours, then Qt's ``qtbase``); none for English.

    A missing catalogue is logged and skipped: the app then shows English rather than failing.
    """
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if language == SOURCE_LANGUAGE:
        return []
    translators: list[QTranslator] = []
    ours = QTranslator()
    with catalogue_path(language) as path:
        if path is not None and ours.load(str(path)):
            translators.append(ours)
        else:
            log.warning("No compiled %s translation; run scripts/build_translations.sh", language)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator()
    if qt.load(QT_CATALOGUE_PREFIX + language, qt_dir):
        translators.append(qt)
    else:
        log.info("Qt's own %s translation not found in %s", language, qt_dir)
    return translators


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Make ``app`` speak ``language`` and format numbers and dates for it.

    Call before building any window. Returns the installed translators: keep them alive
    (Qt does not own them) and pass them to :func:`uninstall` to switch back.
    """
    from PySide6.QtCore import QLocale

    translators = load_translators(language)
    for translator in translators:
        app.installTranslator(translator)
    system = QLocale.system()
    if language_of(system.name()) != language:
        QLocale.setDefault(QLocale(DEFAULT_LOCALES[language]))
    return translators


def uninstall(app: QCoreApplication, translators: Sequence[QTranslator]) -> None:
    """Undo :func:`install` (tests switch languages within one process)."""
    from PySide6.QtCore import QLocale

    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())


class Catalogue:
    """Translations for code that runs without a Qt application (the CLI).

    ``translate`` has the signature of ``QCoreApplication.translate`` so that
    ``pyside6-lupdate`` extracts the CLI's strings (call it with literal context and text).
    """

    def __init__(self, language: str = SOURCE_LANGUAGE) -> None:
        self.language = language
        self._translators = load_translators(language) if language != SOURCE_LANGUAGE else []

    @classmethod
    def for_setting(cls, setting: str = "") -> Catalogue:
        """The catalogue of the language chosen by :func:`choose_language`; English without Qt."""
        if not qt_available():
            return cls(SOURCE_LANGUAGE)
        return cls(choose_language(setting))

    def translate(self, context: str, text: str, disambiguation: str = "", n: int = -1) -> str:
        """``text`` in this catalogue's language; ``%n`` becomes ``n`` (plural forms chosen by n).

        Disambiguation and ``n`` are passed positionally: PySide6's ``translate`` takes no keywords.
        """
        found: str | None = None
        for translator in self._translators:
            found = translator.translate(context, text, disambiguation or None, n)
            if found:
                break
        result = found or text
        return result.replace("%n", str(n)) if n >= 0 else result
