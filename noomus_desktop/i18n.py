"""Which language the app and the CLI speak, and loading its Qt translations.

The language is the user's setting when it names one we ship, else the first of the operating
system's preferred languages that we ship, else English (the language of the source strings).

Importing this module needs no Qt: the CLI runs on the core alone. It reads the same compiled
catalogues (``.qm``) as the GUI through :class:`Catalogue`, a small pure-Python reader of Qt's
``.qm`` format, so it speaks Finnish and Swedish on a server without PySide6 and never loads Qt
(one set of translations, one build step). The GUI installs the catalogues into the application
with :func:`install`, together with Qt's own ``qtbase`` translations so standard buttons and
dialogs ("Cancel", the file chooser) match.
"""

from __future__ import annotations

import contextlib
import importlib.util
import locale
import logging
import os
import struct
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
    return environment_languages()


def environment_languages() -> list[str]:
    """The languages the environment asks for (``LANGUAGE``, ``LC_ALL``, ...), without Qt."""
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
    """Translators for ``language``: ours, then Qt's ``qtbase`` (Qt's own texts are English).

    English has a catalogue of its plural forms only ("1 file", "2 files"): the source texts
    say "%n file(s)". A missing catalogue is logged and skipped: the app then shows English
    (or English plurals) rather than failing.
    """
    from PySide6.QtCore import QLibraryInfo, QTranslator

    translators: list[QTranslator] = []
    ours = QTranslator()
    with catalogue_path(language) as path:
        if path is not None and ours.load(str(path)):
            translators.append(ours)
        else:
            log.warning("No compiled %s translation; run scripts/build_resources.py", language)
    if language == SOURCE_LANGUAGE:
        return translators
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator()
    if qt.load(QT_CATALOGUE_PREFIX + language, qt_dir):
        translators.append(qt)
    else:
        log.info("Qt's own %s translation not found in %s", language, qt_dir)
    return translators


#: What :func:`install` put into the application and :func:`switch` takes out again. Qt does
#: not own translators: this list keeps them alive while they are installed.
_installed: list[QTranslator] = []


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Make ``app`` speak ``language`` and format numbers and dates for it.

    Returns the installed translators: pass them to :func:`uninstall` to switch back. Each
    installed translator makes Qt send ``QEvent.LanguageChange`` to every widget, which
    re-translates its texts (see :func:`switch`).
    """
    from PySide6.QtCore import QLocale

    translators = load_translators(language)
    # Set before the translators: LanguageChange re-renders numbers and dates in this locale.
    system = QLocale.system()
    if language_of(system.name()) != language:
        QLocale.setDefault(QLocale(DEFAULT_LOCALES[language]))
    else:
        QLocale.setDefault(system)
    for translator in translators:
        app.installTranslator(translator)
    _installed.extend(translators)
    return translators


def uninstall(app: QCoreApplication, translators: Sequence[QTranslator]) -> None:
    """Undo :func:`install` (tests switch languages within one process)."""
    from PySide6.QtCore import QLocale

    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)
    QLocale.setDefault(QLocale.system())


def installed() -> tuple[QTranslator, ...]:
    """The translators :func:`install` put in and nobody took out yet."""
    return tuple(_installed)


def switch(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Speak ``language`` from now on, while the app runs (the language setting changed).

    The previous catalogues go and the new ones come in; every open window, dialog and menu
    re-translates itself on the ``LanguageChange`` events that Qt sends for each.
    """
    uninstall(app, list(_installed))
    return install(app, language)


class Catalogue:
    """Translations for code that runs without Qt (the CLI), read from the same ``.qm`` files.

    ``translate`` has the signature of ``QCoreApplication.translate`` so that
    ``pyside6-lupdate`` extracts the CLI's strings (call it with literal context and text).
    A missing or unreadable catalogue is logged and the catalogue speaks English.
    """

    def __init__(self, language: str = SOURCE_LANGUAGE) -> None:
        self.language = language
        self._messages: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._rules = b""
        # English too: its catalogue holds the plural forms ("1 file", "2 files").
        with catalogue_path(language) as path:
            try:
                data = path.read_bytes() if path is not None else b""
                self._messages, self._rules = read_qm(data)
            except (OSError, ValueError, struct.error) as error:
                log.warning("No usable %s translation (%s); speaking English", language, error)

    @classmethod
    def for_setting(cls, setting: str = "") -> Catalogue:
        """The catalogue of the setting's language, else of the environment's (``LANG``...)."""
        return cls(choose_language(setting, environment_languages()))

    def translate(self, context: str, text: str, disambiguation: str = "", n: int = -1) -> str:
        """``text`` in this catalogue's language; ``%n`` becomes ``n`` (plural forms chosen by n).

        Like ``QTranslator``: an entry with this disambiguation, else one without any.
        """
        forms = self._messages.get((context, text, disambiguation)) or self._messages.get(
            (context, text, "")
        )
        result = text
        if forms:
            index = plural_form(n, self._rules) if n >= 0 else 0
            result = forms[min(index, len(forms) - 1)] or text
        return result.replace("%n", str(n)) if n >= 0 else result


# -- Qt's .qm format (qtbase/src/corelib/kernel/qtranslator.cpp), the parts lrelease writes ------

_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_SECTION_MESSAGES, _SECTION_NUMERUS_RULES = 0x69, 0x88
_TAG_END, _TAG_TRANSLATION, _TAG_OBSOLETE1 = 1, 3, 5
_TAG_SOURCE_TEXT, _TAG_CONTEXT, _TAG_COMMENT = 6, 7, 8
_NULL = 0xFFFFFFFF


def read_qm(data: bytes) -> tuple[dict[tuple[str, str, str], tuple[str, ...]], bytes]:
    """The messages ((context, source, comment) -> translated forms) and numerus rules of a
    ``.qm`` file. ValueError when it is not one."""
    if not data.startswith(_QM_MAGIC):
        raise ValueError("not a Qt translation catalogue")
    sections: dict[int, bytes] = {}
    position = len(_QM_MAGIC)
    while position < len(data):
        tag, length = struct.unpack_from(">BI", data, position)
        position += 5
        sections[tag] = data[position : position + length]
        position += length
    return _messages(sections.get(_SECTION_MESSAGES, b"")), sections.get(
        _SECTION_NUMERUS_RULES, b""
    )


def _messages(block: bytes) -> dict[tuple[str, str, str], tuple[str, ...]]:
    messages: dict[tuple[str, str, str], tuple[str, ...]] = {}
    forms: list[str] = []
    fields: dict[int, str] = {}
    position = 0
    while position < len(block):
        tag = block[position]
        position += 1
        if tag == _TAG_END:
            key = (
                fields.get(_TAG_CONTEXT, ""),
                fields.get(_TAG_SOURCE_TEXT, ""),
                fields.get(_TAG_COMMENT, ""),
            )
            messages[key] = tuple(forms)
            forms, fields = [], {}
            continue
        if tag == _TAG_OBSOLETE1:
            position += 4
            continue
        (length,) = struct.unpack_from(">I", block, position)
        position += 4
        if tag == _TAG_TRANSLATION:
            if length == _NULL:
                forms.append("")
                continue
            forms.append(block[position : position + length].decode("utf-16-be"))
        elif tag in (_TAG_SOURCE_TEXT, _TAG_CONTEXT, _TAG_COMMENT):
            fields[tag] = block[position : position + length].decode("utf-8")
        else:
            raise ValueError(f"unknown .qm message tag {tag}")
        position += length
    return messages


_Q_EQ, _Q_LT, _Q_LEQ, _Q_OP_MASK = 0x01, 0x02, 0x03, 0x07
_Q_NOT, _Q_MOD_10, _Q_MOD_100, _Q_LEAD_1000 = 0x08, 0x10, 0x20, 0x40
_Q_AND, _Q_OR = 0xFD, 0xFE


def plural_form(n: int, rules: bytes) -> int:
    """Which plural form ``n`` takes under a catalogue's numerus rules (Qt's numerusHelper):
    the index of the first rule ``n`` satisfies, else the last form."""
    if not rules:
        return 0
    form, i = 0, 0
    while True:
        any_true = False
        while True:  # rules joined by OR
            all_true = True
            while True:  # conditions joined by AND
                opcode, right = rules[i], rules[i + 1]
                i += 2
                left = n
                if opcode & _Q_MOD_10:
                    left %= 10
                elif opcode & _Q_MOD_100:
                    left %= 100
                elif opcode & _Q_LEAD_1000:
                    while left >= 1000:
                        left //= 1000
                operator = opcode & _Q_OP_MASK
                if operator == _Q_EQ:
                    truth = left == right
                elif operator == _Q_LT:
                    truth = left < right
                elif operator == _Q_LEQ:
                    truth = left <= right
                else:  # Q_BETWEEN (0x04): right is the bottom, the next byte the top
                    truth = right <= left <= rules[i]
                    i += 1
                all_true = all_true and (truth != bool(opcode & _Q_NOT))
                if i == len(rules) or rules[i] != _Q_AND:
                    break
                i += 1
            any_true = any_true or all_true
            if i == len(rules) or rules[i] != _Q_OR:
                break
            i += 1
        if any_true:
            return form
        form += 1
        if i == len(rules):
            return form
        i += 1  # the new-rule marker
