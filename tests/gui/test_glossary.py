"""The catalogues use the glossary's words: every ``"English": suomi / svenska`` example in its
table is the translation of each message with that English source (mnemonics aside)."""

from __future__ import annotations

import re

import pytest

from tests.gui.test_i18n import plain
from tests.unit.test_translations import ROOT, read_ts, ts_path

GLOSSARY = ROOT / "resources" / "translations" / "glossary.md"
_EXAMPLE = re.compile(r'"([^"]+)": ([^/|]+?) / ([^.|]+?)\s*(?:\.|\||$)')
COLUMNS = {"fi": 1, "sv": 2}


def examples() -> list[tuple[str, str, str]]:
    """(English, Finnish, Swedish) of every example in the glossary's table."""
    found = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            notes = line.strip().strip("|").split("|")[-1]
            found += [(e.strip(), f.strip(), s.strip()) for e, f, s in _EXAMPLE.findall(notes)]
    return found


def test_the_glossary_has_examples() -> None:
    english = {e for e, _f, _s in examples()}
    assert {"Delivered and verified", "Paused", "Sending", "Resume all"} <= english


@pytest.mark.parametrize("language", COLUMNS)
def test_catalogues_use_the_glossary_terms(language: str) -> None:
    entries = read_ts(ts_path(language))
    wrong = []
    for english, *terms in examples():
        term = terms[COLUMNS[language] - 1]
        matching = [e for e in entries if plain(e.source) == english]
        assert matching, f"the glossary's {english!r} is no message's source"
        wrong += [
            f"{e.source!r}: {form!r}, glossary {term!r}"
            for e in matching
            for form in e.forms
            if plain(form).casefold() != term.casefold()
        ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", COLUMNS)
def test_no_message_is_unfinished(language: str) -> None:
    text = ts_path(language).read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text


@pytest.mark.parametrize("language", COLUMNS)
def test_a_non_breaking_space_before_per_cent(language: str) -> None:
    entries = read_ts(ts_path(language))
    per_cent = [f for e in entries if e.source.endswith("%") for f in e.forms]
    assert per_cent and all(f.endswith("\u00a0%") for f in per_cent), per_cent
