"""Chinese line breaking for reportlab: the punctuation a line may not start with.

reportlab breaks Chinese and Japanese lines between any two characters, except
before the characters of its list of those that may not start a line; the list
is Japanese and lacks the full-width comma "，", the closing quotation mark "”"
and others Chinese text is full of. Here the list is extended with every closing
bracket, closing quotation mark and sentence mark of the CJK punctuation and
full-width forms blocks, so that such a mark stays at the end of the line before.

reportlab's Chinese line breaker also takes the code point of each piece of the
line, and a piece with no text (a link target, a note anchor) has none: it
stopped with a TypeError when a Latin word was cut near one. Such a piece now
counts as a Latin character, which it sits among.
"""
from __future__ import annotations

import unicodedata

_BLOCKS = ((0x2000, 0x206F), (0x3000, 0x303F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))


def cannot_start() -> str:
    """Return the characters no line may start with: closing and sentence punctuation."""
    out = []
    for first, last in _BLOCKS:
        for code in range(first, last + 1):
            char = chr(code)
            category = unicodedata.category(char)
            if category in ("Pe", "Pf") or (category == "Po" and char not in "#%&*@\uff03\uff05"
                                            "\uff06\uff0a\uff20\u2020\u2021\u2030\u2031"):
                out.append(char)
    return "".join(out)


def _code_point(char: str) -> int:
    return ord(char) if char else 0


def install() -> None:
    """Extend reportlab's list of characters that may not start a line; let its Chinese
    line breaker meet pieces with no text."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph
    paragraph.ord = _code_point     # the module's only uses are in cjkFragSplit
    extra = "".join(c for c in cannot_start() if c not in textsplit.ALL_CANNOT_START)
    if extra:
        textsplit.ALL_CANNOT_START += extra
        paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
