"""Counters -> labels: "c)", "(iii)", "IV.", "12.", as documents number things."""
from __future__ import annotations

import re

_LABEL = re.compile(r"^(?P<pre>[(\[]?)(?P<kind>a|A|i|I|1|أ|أولا|ألف|一)(?P<post>[.)\]、]?| -)$")
# The order UN Arabic documents letter items in (abjadi): (أ), (ب), (ج), (د), (هـ) …
ABJAD = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع",
         "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ")


# Arabic chapters are numbered by ordinal adverbs (أولا - مقدمة), sections by the
# names of the letters in abjadi order (ألف -، باء -، جيم -).
ARABIC_ADVERBS = ("أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا",
                  "تاسعا", "عاشرا", "حادي عشر", "ثاني عشر", "ثالث عشر", "رابع عشر",
                  "خامس عشر", "سادس عشر", "سابع عشر", "ثامن عشر", "تاسع عشر", "عشرون")
ARABIC_LETTER_NAMES = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء",
                       "كاف", "لام", "ميم", "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء",
                       "شين", "تاء", "ثاء", "خاء", "ذال", "ضاد", "ظاء", "غين")


def list_label(pattern: str, n: int) -> str:
    """Return the ``n``-th label of ``pattern``: "a)" -> "c)", "(i)" -> "(iii)", "1." -> "3.".

    Besides Latin letters, roman and arabic numerals, a pattern may number in
    Arabic letters ("(أ)"), Arabic ordinal adverbs ("أولا -" -> "ثانيا -"),
    Arabic letter names ("ألف -" -> "باء -") or Chinese numerals ("一." -> "二.").
    """
    match = _LABEL.match(pattern)
    if not match:
        return pattern                     # a bullet: the same for every item
    kind = match.group("kind")
    if kind == "أ":
        body = ABJAD[(n - 1) % len(ABJAD)] * ((n - 1) // len(ABJAD) + 1)
    elif kind == "أولا":
        body = ARABIC_ADVERBS[n - 1] if n <= len(ARABIC_ADVERBS) else str(n)
    elif kind == "ألف":
        body = ARABIC_LETTER_NAMES[n - 1] if n <= len(ARABIC_LETTER_NAMES) else str(n)
    elif kind == "一":
        from .words import cardinal
        body = cardinal(n, "zh")
    elif kind in "aA":
        body = _alpha(n)
        body = body.upper() if kind == "A" else body
    elif kind in "iI":
        body = _roman(n).lower() if kind == "i" else _roman(n)
    else:
        body = str(n)
    return f"{match.group('pre')}{body}{match.group('post')}"


def _alpha(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


roman = _roman
