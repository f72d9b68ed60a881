"""Widths of words measured once per build.

reportlab measures each word of a paragraph every time it breaks the paragraph's
lines, and the layout breaks a paragraph more than once (to keep a heading with
what follows, to find the room its notes need). A report of 80 pages asks for
some 55,000 widths of about 6,500 different words. Within a build the fonts do
not change, so a width is a function of the text, the font's name and the size:
here each is measured once and kept until the build ends. Text that is not a
plain ``str`` (reportlab's shaped and split words carry data of their own) is
measured as before.

Line breaking also asks, for every run of text, whether it is set like the one
before (then the two make one word): reportlab's compiled test looks each of its
eight attributes up and pays for an exception on each one a run lacks, five
microseconds a call. The same test on the runs' dictionaries is a fifth of that.
"""
from __future__ import annotations

import contextlib
import re
import threading

from ...deferred import Deferred, patterns_when_used

_ACTIVE = threading.local()          # the widths kept by the build this thread runs


def install() -> None:
    """Let reportlab's paragraphs ask for widths and font heights through the kept
    ones while a ``kept_widths`` block runs; outside one, nothing changes."""
    from reportlab.platypus import paragraph
    if getattr(paragraph.stringWidth, "palais", False):
        return
    width, heights = paragraph.stringWidth, paragraph.getAscentDescent

    def string_width(text, fontName, fontSize, encoding="utf8"):
        kept = getattr(_ACTIVE, "widths", None)
        if kept is None or type(text) is not str:
            return width(text, fontName, fontSize, encoding)
        key = (text, fontName, fontSize, encoding)
        try:
            return kept[key]
        except KeyError:
            value = kept[key] = width(text, fontName, fontSize, encoding)
            return value

    def ascent_descent(fontName, fontSize=None):
        kept = getattr(_ACTIVE, "heights", None)
        if kept is None:
            return heights(fontName, fontSize)
        key = (fontName, fontSize)
        try:
            return kept[key]
        except KeyError:
            value = kept[key] = heights(fontName, fontSize)
            return value

    string_width.palais = ascent_descent.palais = True
    paragraph.stringWidth, paragraph.getAscentDescent = string_width, ascent_descent
    paragraph.sameFrag = same_fragment


_SET_LIKE = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor",
             "nobr")
_LACKING = object()


def same_fragment(first, second) -> bool:
    """Whether text runs ``first`` and ``second`` are set alike and may join in one
    word: what reportlab's ``sameFrag`` answers (a run that draws something of its
    own or ends a line joins none)."""
    one, other = first.__dict__, second.__dict__
    if "cbDefn" in one or "lineBreak" in one or "cbDefn" in other or "lineBreak" in other:
        return False
    get, get_other = one.get, other.get
    for key in _SET_LIKE:
        # an attribute one run has and the other lacks differs, even when it is None;
        # most runs share their colour, whose comparison is a Python method
        mine, theirs = get(key, _LACKING), get_other(key, _LACKING)
        if mine is not theirs and mine != theirs:
            return False
    return True


def kept() -> tuple:
    """Return a new record of widths and heights, for ``kept_widths``."""
    return {}, {}


@contextlib.contextmanager
def kept_widths(record: tuple = None):
    """Within the block (one build, in this thread), keep every width measured: in
    ``record`` (``kept()``) when given, which a later block of the same build then
    reads and adds to."""
    kept = getattr(_ACTIVE, "widths", None), getattr(_ACTIVE, "heights", None)
    _ACTIVE.widths, _ACTIVE.heights = record if record is not None else ({}, {})
    try:
        yield
    finally:
        _ACTIVE.widths, _ACTIVE.heights = kept


# -- a pattern reportlab compiles as it is imported -----------------------------------

# The start of reportlab's pattern of a URI (platypus.paragraph.uri_pat), which line
# breaking tries on a word it would hyphenate: compiling it, case-insensitive over
# most of Unicode, is a quarter of the time reportlab takes to import.
_URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


# A narrower pattern, compiled in a fraction of a millisecond: a URI of ASCII host
# names with no "@" anywhere. Every text it matches reportlab's matches too, with
# the same groups (the scheme, then the host: no user part can be read without an
# "@", and the host, ending in letters, cannot be an IP address), so its answer
# stands; reportlab's is compiled only for the texts it does not match.
_PLAIN_URI = re.compile(
    r"(^(?:[A-Za-z0-9.+-]*)://)"
    r"([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*"
    r"\.(?!-)[A-Za-z-]{2,63}(?<!-)\.?)"
    r"(?::[0-9]{2,5})?(?:[/?#][^\s@]*)?\Z")
# An ASCII character no scheme holds: one before the first "://" leaves reportlab's
# pattern nothing to match, as in "…&referer=http://…". (The ASCII characters other
# than letters, digits and ".+-", spelt as ranges: written as "none of those, nor
# beyond ASCII" it took 5 ms to compile.)
_NO_SCHEME = re.compile(r"[\x00-*,/:-@\[-`{-\x7f]")


# The reportlab modules whose patterns, made as they are imported, Palais seldom or
# never uses: the CJK wrapping of textsplit (a class of 53,000 characters), the
# names rl_safe_eval refuses, PyFontify's Python syntax. 7 ms to compile.
_SELDOM_USED = ("reportlab.lib.textsplit", "reportlab.lib.rl_safe_eval",
                "reportlab.lib.PyFontify")


class _UriPattern(Deferred):
    """Stands for reportlab's URI pattern, compiled the first time a text holds
    "://" after a scheme's characters and is no plain URI (_PLAIN_URI): the same
    answers, and most runs never compile it."""

    def match(self, text, *args):
        where = text.find("://")
        if where < 0:
            return None
        if not args:
            if _NO_SCHEME.search(text, 0, where):
                return None
            plain = _PLAIN_URI.match(text)
            if plain:
                return plain
        return self._pattern().match(text, *args)


def uri_pattern_when_used():
    """Return the context within which (reportlab's first import) reportlab's URI
    pattern is made a _UriPattern, and the patterns the modules of _SELDOM_USED
    make as they are imported Deferred (palais.deferred)."""
    def uri(pattern, flags, compile_):
        if isinstance(pattern, str) and pattern.startswith(_URI_START) and flags == re.I:
            return _UriPattern(pattern, flags, compile_)
        return None
    return patterns_when_used(_SELDOM_USED, special=uri)
