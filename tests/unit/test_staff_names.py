"""Staff-side restoring of names: whatever the customer's system allowed becomes a name that is
safe to create here (and on Windows), within the length limit, keeping its extension."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noomus_desktop.staff.names import MAX_NAME_BYTES, safe_name
from tests.helpers.names import os_names

WINDOWS_RESERVED_STEMS = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM1", "LPT9", "COM¹"}


@pytest.mark.parametrize(
    ("name", "restored"),
    [
        ("report – final.pdf", "report – final.pdf"),
        ("line\nbreak.txt", "line_break.txt"),
        ("back\\slash\\name.txt", "back_slash_name.txt"),
        ("tab\there.txt", "tab_here.txt"),
        ("cr\rname", "cr_name"),
        ("bell\x07 del\x7f c1\x85", "bell_ del_ c1_"),
        ("..\\..\\evil.exe", ".._.._evil.exe"),
        (os.fsdecode(b"caf\xe9.txt"), "caf_.txt"),
        ('quote"<pipe|>?*:', 'quote"<pipe|>?*:'),
        ("CON", "CON"),
        ("trailing. ", "trailing. "),
    ],
)
def test_unsafe_characters_become_visible_substitutes(name: str, restored: str) -> None:
    assert safe_name(name, windows=False) == restored


@pytest.mark.parametrize(
    ("name", "restored"),
    [
        ("report.pdf", "report.pdf"),
        ('a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h"),
        ("C:drive-like", "C_drive-like"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT1.tar.gz", "_LPT1.tar.gz"),
        ("aux .txt", "_aux .txt"),
        ("COM¹", "_COM¹"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("trailing. ", "trailing__"),
        ("name.", "name_"),
        ("nul.", "_nul_"),
    ],
)
def test_windows_rules_apply_on_windows(name: str, restored: str) -> None:
    assert safe_name(name, windows=True) == restored


@pytest.mark.parametrize(
    ("name", "copy", "restored"),
    [
        ("report.pdf", 2, "report (2).pdf"),
        ("archive.tar.gz", 3, "archive.tar (3).gz"),
        (".bashrc", 2, ".bashrc (2)"),
        ("no extension", 10, "no extension (10)"),
        ("dots...", 2, "dots... (2)"),
    ],
)
def test_copies_are_numbered_before_the_extension(name: str, copy: int, restored: str) -> None:
    assert safe_name(name, copy, windows=False) == restored


def test_long_names_are_cut_by_bytes_keeping_the_extension() -> None:
    name = "é" * 200 + ".pdf"  # 404 bytes: only a hostile sender can send it
    for copy, tag in [(1, ""), (12, " (12)")]:
        restored = safe_name(name, copy, windows=False)
        assert restored == "é" * ((MAX_NAME_BYTES - len(tag) - 4) // 2) + tag + ".pdf"
    longest = "é" * 126 + ".xy"  # 255 bytes: kept whole
    assert safe_name(longest, windows=False) == longest
    assert safe_name(longest, 2, windows=False) == "é" * 124 + " (2).xy"


def test_a_long_suffix_is_not_taken_for_an_extension() -> None:
    name = "short." + "x" * 300
    assert safe_name(name, 2, windows=False) == (name[: MAX_NAME_BYTES - 4] + " (2)")


@settings(max_examples=300, deadline=None)
@given(name=os_names, copy=st.integers(1, 10_000), windows=st.booleans())
def test_any_name_becomes_one_safe_component(name: str, copy: int, windows: bool) -> None:
    restored = safe_name(name, copy, windows=windows)
    assert 0 < len(restored.encode()) <= MAX_NAME_BYTES  # encodes: no lone surrogate left
    assert restored not in {".", ".."}
    assert not {"/", "\\"} & set(restored)
    assert not {"Cc", "Cs"} & {unicodedata.category(c) for c in restored}
    if windows:
        assert not set('<>:"|?*') & set(restored)
        assert not restored.endswith((".", " "))
        assert restored.split(".")[0].rstrip(" ").upper() not in WINDOWS_RESERVED_STEMS
    assert safe_name(restored, windows=windows) == restored  # a safe name is kept as it is
    if copy > 1:
        assert f" ({copy})" in restored


@settings(max_examples=50, deadline=None)
@given(name=os_names)
def test_every_copy_of_a_name_differs_and_can_be_created(name: str) -> None:
    """The staff tool tries copy 1, 2, 3... until one is free: each must be a new name that
    this file system accepts."""
    copies = [safe_name(name, copy) for copy in range(1, 12)]
    assert len(set(copies[1:])) == len(copies) - 1
    with tempfile.TemporaryDirectory() as folder:
        for restored in set(copies):
            (Path(folder) / restored).open("x").close()
