"""Install the app's and Qt's own translations for the OS language or the user's choice."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


def install_translations(app: QCoreApplication, language: str = "") -> list[QTranslator]:
    """Load ``noomus_<lang>.qm`` and ``qtbase_<lang>.qm``; English needs none.

    Returns the translators (they must stay alive as long as the app).
    """
    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    folder = resources.files("noomus_desktop") / "resources" / "translations"
    with resources.as_file(folder) as path:
        ours = QTranslator(app)
        if path.is_dir() and ours.load(locale, "noomus", "_", str(path)):
            installed.append(ours)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt)
    for translator in installed:
        app.installTranslator(translator)
    return installed
