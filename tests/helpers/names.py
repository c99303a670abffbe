"""Hypothesis strategies for file names as operating systems hand them to Python.

A name is whatever a file system allows in one path component: any text without ``/`` or
NUL (macOS, Windows), or any bytes without them as Linux stores them, decoded by
``os.fsdecode`` (bytes that are not UTF-8 become lone surrogates). Text names hold no
surrogates: no system yields a high one followed by a low one (Windows decodes that pair as
one character), and JSON could not keep two such code points apart.
"""

from __future__ import annotations

import os

from hypothesis import strategies as st

_NOT_NAMES = {".", ".."}

text_names = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"), min_size=1, max_size=300
)
byte_names = st.binary(min_size=1, max_size=300).map(
    lambda raw: os.fsdecode(raw.replace(b"/", b"_").replace(b"\x00", b"_"))
)
#: One component: printable or not, separators of other systems, undecodable bytes.
os_names = st.one_of(text_names, byte_names).filter(lambda name: name not in _NOT_NAMES)
#: A ``/``-separated path of such components, as scanning a dropped folder gives it.
os_paths = st.lists(os_names, min_size=1, max_size=4).map("/".join)
