"""The translation sources are complete, in step with the code, and compile into catalogues
that speak Finnish and Swedish (plural forms included), for the GUI and for the CLI alike."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from noomus_desktop import i18n

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
TRANSLATED = tuple(lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE)
#: Finnish and Swedish both have two plural forms (one / other).
PLURAL_FORMS = {"fi": 2, "sv": 2}

_PLACEHOLDER = re.compile(r"%(?:\d|L?n)")
_TAG = re.compile(r"<[^>]+>")
_MNEMONIC = re.compile(r"&(?!&)(?=\w)")


@dataclass(frozen=True)
class Entry:
    """One ``<message>`` of a ``.ts`` file."""

    context: str
    source: str
    comment: str
    numerus: bool
    #: ``type`` of the translation ("" when finished; unfinished, obsolete, vanished...).
    state: str
    #: The translation, or its plural forms in order.
    forms: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.context, self.source, self.comment, self.numerus)

    def where(self) -> str:
        return f"[{self.context}] {self.source!r}"


def ts_path(language: str, folder: Path = TS_DIR) -> Path:
    return folder / f"{i18n.CATALOGUE_PREFIX}{language}.ts"


def read_ts(path: Path) -> list[Entry]:
    entries = []
    # Our own committed files, not untrusted input.
    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{path}: a message without <translation>"
            numerus = message.get("numerus") == "yes"
            if numerus:
                forms = tuple(form.text or "" for form in translation.iter("numerusform"))
            else:
                forms = (translation.text or "",)
            entries.append(
                Entry(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    numerus=numerus,
                    state=translation.get("type", ""),
                    forms=forms,
                )
            )
    return entries


def english_sources() -> set[str]:
    """Every source string the app can show, without mnemonic ampersands."""
    return {_MNEMONIC.sub("", e.source) for e in read_ts(ts_path(TRANSLATED[0]))}


def test_every_language_has_a_source() -> None:
    for language in TRANSLATED:
        assert ts_path(language).is_file(), f"missing {ts_path(language).name}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_finished(language: str) -> None:
    """Fails on unfinished, obsolete or vanished entries, empty translations, wrong plurals."""
    problems = []
    for entry in read_ts(ts_path(language)):
        if entry.state:
            problems.append(f"{entry.where()} is {entry.state}")
        elif not all(form.strip() for form in entry.forms):
            problems.append(f"{entry.where()} has an empty translation")
        elif entry.numerus and len(entry.forms) != PLURAL_FORMS[language]:
            problems.append(f"{entry.where()} has {len(entry.forms)} plural forms")
    assert not problems, "\n".join(problems)


def test_sources_match_the_code(tmp_path: Path) -> None:
    """Re-running lupdate on the code finds exactly the strings the .ts files hold."""
    for language in TRANSLATED:
        shutil.copy(ts_path(language), tmp_path)
    subprocess.run(
        [str(ROOT / "scripts" / "update_translations.sh")],
        env={**os.environ, "TS_DIR": str(tmp_path)},
        check=True,
        capture_output=True,
    )
    for language in TRANSLATED:
        committed = {e.key for e in read_ts(ts_path(language))}
        current = {e.key for e in read_ts(ts_path(language, tmp_path))}
        new = sorted(current - committed)
        gone = sorted(committed - current)
        assert not new and not gone, (
            f"{language}: run scripts/update_translations.sh and translate.\n"
            f"new in the code: {new}\nno longer in the code: {gone}"
        )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_markup_and_mnemonics(language: str) -> None:
    problems = []
    for entry in read_ts(ts_path(language)):
        for form in entry.forms:
            if Counter(_PLACEHOLDER.findall(form)) != Counter(_PLACEHOLDER.findall(entry.source)):
                problems.append(f"{entry.where()}: placeholders differ in {form!r}")
            if Counter(_TAG.findall(form)) != Counter(_TAG.findall(entry.source)):
                problems.append(f"{entry.where()}: markup differs in {form!r}")
            if len(_MNEMONIC.findall(form)) != len(_MNEMONIC.findall(entry.source)):
                problems.append(f"{entry.where()}: keyboard mnemonic (&) lost or added in {form!r}")
            if entry.source.endswith("...") != form.endswith("..."):
                problems.append(f"{entry.where()}: trailing '...' differs in {form!r}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def compiled() -> None:
    """The .qm catalogues, built the way bootstrap builds them (quick when up to date)."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_resources.py")], check=True)


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_speaks_the_language(language: str) -> None:
    catalogue = i18n.Catalogue(language)
    for entry in read_ts(ts_path(language)):
        if not entry.numerus:
            assert catalogue.translate(entry.context, entry.source, entry.comment) == entry.forms[0]


_FILES = {
    "fi": ("1 tiedosto", "3 tiedostoa"),
    "sv": ("1 fil", "3 filer"),
}


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms(language: str) -> None:
    """Every %n string renders its number; "file(s)" reads "1 tiedosto" / "3 tiedostoa"."""
    catalogue = i18n.Catalogue(language)
    one, many = _FILES[language]
    numerus = [e for e in read_ts(ts_path(language)) if e.numerus]
    assert numerus, "no plural strings at all: status texts must use %n"
    for entry in numerus:
        singular = catalogue.translate(entry.context, entry.source, entry.comment, 1)
        plural = catalogue.translate(entry.context, entry.source, entry.comment, 3)
        assert "1" in singular and "3" in plural and "%n" not in singular + plural
        if "%n file(s)" in entry.source:
            assert re.search(rf"\b{one}\b", singular), (entry.where(), singular)
            assert re.search(rf"\b{many}\b", plural), (entry.where(), plural)


def test_choose_language() -> None:
    assert i18n.choose_language("sv", ["fi-FI"]) == "sv"
    assert i18n.choose_language("", ["de-DE", "sv-FI", "fi-FI"]) == "sv"
    assert i18n.choose_language("", ["fi_FI.UTF-8"]) == "fi"
    assert i18n.choose_language("de", ["en-US", "fi-FI"]) == "en"
    assert i18n.choose_language("", ["de-DE"]) == "en"
    assert i18n.choose_language("", ["C", "fi-FI"]) == "en"
    assert i18n.choose_language("", []) == "en"


def _run_python(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return done.stdout.strip()


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_reads_qm_files_as_qt_does(language: str) -> None:
    """The Qt-free reader gives what QTranslator gives, for every entry and plural count."""
    from PySide6.QtCore import QTranslator

    qt = QTranslator()
    with i18n.catalogue_path(language) as path:
        assert path is not None and qt.load(str(path))
    ours = i18n.Catalogue(language)
    problems = []
    for entry in read_ts(ts_path(language)):
        for n in (0, 1, 2, 5, 11, 21, 101) if entry.numerus else (-1,):
            # Qt shows the source text where the catalogue has none.
            found = qt.translate(entry.context, entry.source, entry.comment or None, n)
            expected = found or entry.source
            expected = expected.replace("%n", str(n)) if n >= 0 else expected
            got = ours.translate(entry.context, entry.source, entry.comment, n)
            if got != expected:
                problems.append(f"{entry.where()} n={n}: {got!r} != {expected!r}")
    assert not problems, "\n".join(problems)


def test_plural_form_follows_qt_numerus_rules() -> None:
    """Rules as lrelease writes them: Finnish/Swedish (n == 1), and a three-form language
    (Polish: one; few = n % 10 in 2..4 and n % 100 not in 12..14; many)."""
    one = bytes([0x01, 1])
    assert [i18n.plural_form(n, one) for n in (0, 1, 2, 11)] == [1, 0, 1, 1]
    polish = bytes([0x01, 1, 0xFF, 0x14, 2, 4, 0xFD, 0x2C, 12, 14])
    assert [i18n.plural_form(n, polish) for n in (1, 2, 5, 12, 22, 25)] == [0, 1, 2, 2, 1, 2]
    assert i18n.plural_form(7, b"") == 0


def test_a_file_that_is_no_catalogue_is_refused() -> None:
    with pytest.raises(ValueError, match="not a Qt translation"):
        i18n.read_qm(b"not a catalogue")


def test_a_language_without_a_catalogue_speaks_english(caplog: pytest.LogCaptureFixture) -> None:
    catalogue = i18n.Catalogue("de")
    assert catalogue.translate("cli", "%n delivered, %1 not delivered", "", 2) == (
        "2 delivered, %1 not delivered"
    )
    assert "No usable de translation" in caplog.text


_WITHOUT_QT = """
    import sys
    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] == "PySide6":
                raise ModuleNotFoundError(name)
    sys.meta_path.insert(0, NoQt())
"""


@pytest.mark.usefixtures("compiled")
def test_cli_speaks_the_environment_language_without_qt() -> None:
    """Without PySide6 (a server install), the CLI still speaks the language LC_ALL asks for."""
    out = _run_python(
        _WITHOUT_QT
        + """
    from noomus_desktop import cli, i18n
    print(i18n.choose_language(), i18n.Catalogue.for_setting("").language)
    cli.speak("")
    print(cli.translate("cli", "%n delivered, %1 not delivered", "", 2))
    cli.speak("fi")
    print(cli.translate("cli", "The queue is empty."))
    print(any(name.startswith("PySide6") for name in sys.modules))
    """,
        LANGUAGE="",
        LC_MESSAGES="",
        LC_ALL="sv_FI.UTF-8",
    )
    assert out.splitlines() == [
        "sv sv",
        "levererade: 2, inte levererade: %1",
        "Jono on tyhjä.",
        "False",
    ]


def test_cli_imports_no_qt_even_when_installed() -> None:
    out = _run_python(
        """
    import sys
    from noomus_desktop import cli
    cli.speak("fi")
    cli.fill(cli.translate("cli", "delivered: %1"), "a.pdf")
    print(sorted({name.partition(".")[0] for name in sys.modules} & {"PySide6", "shiboken6"}))
    """
    )
    assert out == "[]"


def test_fill_replaces_each_placeholder_once() -> None:
    from noomus_desktop.cli import fill

    assert fill("%1: %2", "100%2 done", None) == "100%2 done: "


#: The code lupdate reads (scripts/update_translations.sh): what it cannot see is never translated.
_TRANSLATED_CODE = (
    "noomus_desktop/ui",
    "noomus_desktop/messages.py",
    "noomus_desktop/app.py",
    "noomus_desktop/cli.py",
)


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _unextractable(call: ast.Call) -> str | None:
    """Why lupdate cannot extract this tr/translate call, or None when it can."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name == "translate":
        texts = call.args[:2]
        if len(texts) < 2 or not all(_is_text(arg) for arg in texts):
            return "translate() needs a literal context and a literal text"
        if len(call.args) >= 3 and not _is_text(call.args[2]):
            return "the plural count is translate()'s fourth argument"
    elif name == "tr":
        if not call.args or not _is_text(call.args[0]):
            return "tr() needs a literal text"
        if len(call.args) >= 2 and not _is_text(call.args[1]):
            return "the plural count is tr()'s third argument (after the disambiguation)"
    return None


def test_every_translation_call_is_visible_to_lupdate() -> None:
    """Strings passed through wrappers (``_t(text)``) or variables reach no .ts file."""
    problems = []
    for entry in _TRANSLATED_CODE:
        base = ROOT / entry
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base] if base.exists() else []
        for path in files:
            where = path.relative_to(ROOT)
            nodes = list(ast.walk(ast.parse(path.read_text("utf-8"))))
            called = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
            # ``translate = QCoreApplication.translate`` is fine: lupdate reads ``translate(...)``.
            called |= {
                id(node.value)
                for node in nodes
                if isinstance(node, ast.Assign)
                and all(isinstance(t, ast.Name) and t.id == "translate" for t in node.targets)
            }
            for node in nodes:
                if isinstance(node, ast.Call) and (why := _unextractable(node)):
                    problems.append(f"{where}:{node.lineno}: {why}")
                elif (
                    isinstance(node, ast.Attribute)
                    and node.attr == "translate"
                    and id(node) not in called
                ):
                    problems.append(f"{where}:{node.lineno}: translate renamed; lupdate cannot see")
    assert not problems, "\n".join(sorted(problems))
