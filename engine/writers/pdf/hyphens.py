"""Where a word of justified text may break at a line end, as the UN sets it.

reportlab asks a paragraph style's hyphenator for the (head, tail) pairs of a
word that does not fit, longest head first, and takes the first that does. This
one answers from pyphen's patterns, keeps at least three letters each side of a
break, keeps capitalised words (proper names: "Nations", "Genève") whole, and
refuses the words a paragraph asks it to: those that would end a third
hyphenated line in a row (see ``limit_runs``).
"""
from __future__ import annotations

import re
import threading

import pyphen

_EDGES = re.compile(r"^\W+|\W+$")
_REFUSED = threading.local()        # words the paragraph being broken must keep whole


class Hyphenator:
    """The break points of words of one language, by the sheet's ``rules``."""

    def __init__(self, language: str, rules):
        self.language, self.rules = language, rules
        _keep_patterns(language)
        self._patterns = pyphen.Pyphen(lang=language, left=rules.min_left,
                                       right=rules.min_right)

    def __deepcopy__(self, memo):
        # reportlab copies a paragraph's style when it splits it; the patterns are
        # the language's, read only, and copying them cost more than the split.
        return self

    def __call__(self, word: str):
        bare = _EDGES.sub("", word)
        if not self.rules.capitalised and bare[:1].isupper():
            return []
        if bare in getattr(_REFUSED, "words", ()):
            return []
        return self._patterns.iterate(word)


def _keep_patterns(language: str) -> None:
    """Give pyphen the patterns of ``language`` as an earlier run parsed them.

    Parsing a dictionary is a tenth of a short letter's PDF; the parsed patterns
    are kept (see palais.kept) under a digest of the dictionary's bytes. A
    dictionary with patterns other than numbers (nonstandard hyphenation) is
    parsed every time."""
    from ... import kept

    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
        if path in pyphen.hdcache:
            return
        version = pyphen.__version__
    except (KeyError, AttributeError):
        return                          # pyphen reads (or reports) it as it always has
    try:
        data = path.read_bytes()
    except OSError:
        return
    record = kept.key("hyphenation", version, data)
    found = kept.load(record)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict):
        patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)
        patterns.patterns, patterns.maxlen = found[0], found[1]
    else:
        patterns = pyphen.HyphDict(path)
        if not all(type(v) is int for _, values in patterns.patterns.values() for v in values):
            pyphen.hdcache[path] = patterns
            return
        kept.save(record, (kept.shared(patterns.patterns), patterns.maxlen))
    # The break points of the words an earlier run looked up (pyphen works a word's
    # out anew in each process: 12 ms of the IOM report's layout).
    words_record = kept.key("hyphenated words", version, data)
    words = kept.load(words_record)
    patterns.cache = _KeptPoints(words if isinstance(words, dict) else ())
    pyphen.hdcache[path] = patterns
    _WORDS[path] = (words_record, len(patterns.cache))


WORDS_KEPT = 20_000       # words of a language whose break points are kept, at most
_WORDS: dict = {}         # a dictionary's path -> (its words' record, how many it had)


class _KeptPoints(dict):
    """The break points of words, by word, as pyphen keeps them (lists of its
    ``DataInt``); those an earlier run kept are tuples of numbers until asked for.
    Patterns of numbers alone give ``DataInt`` without data, which a number makes."""

    def get(self, word, default=None):
        points = dict.get(self, word, default)
        if type(points) is tuple:
            points = self[word] = [pyphen.DataInt(point) for point in points]
        return points


def keep_words() -> None:
    """Keep the break points of the words looked up in this process, for the next run
    (the first WORDS_KEPT words of a language met); where none was added, nothing."""
    from ... import kept

    for path, (record, known) in list(_WORDS.items()):
        points = getattr(pyphen.hdcache.get(path), "cache", None)
        if not isinstance(points, _KeptPoints) or len(points) == known or known >= WORDS_KEPT:
            continue
        words = {}
        for word, found in points.items():
            if len(words) == WORDS_KEPT:
                break
            words[word] = found if type(found) is tuple else tuple(map(int, found))
        kept.save(record, words)
        _WORDS[path] = (record, len(points))


def hyphenated_ends(lines, text: str) -> list:
    """Return, for each line reportlab made of paragraph ``text``, the word hyphenated
    at its end (its halves joined), or None where the line ends on a whole word or at
    a hyphen the text has ("Secretary-|General")."""
    texts = [line_text(line) for line in lines]
    out = []
    for index, line in enumerate(texts):
        words = line.split()
        following = texts[index + 1].split() if index + 1 < len(texts) else []
        if not words or not following or not words[-1].endswith(("-", "\u00ad")):
            out.append(None)
            continue
        head, tail = words[-1], following[0]
        joined = head[:-1] + tail
        if head + tail in text or joined not in text:
            out.append(None)
        else:
            out.append(_EDGES.sub("", joined))
    return out


def line_text(line) -> str:
    """Return the text of a line of reportlab's breaking, simple or of fragments."""
    if isinstance(line, tuple):
        return " ".join(str(word) for word in line[1])
    return "".join(getattr(word, "text", "") for word in getattr(line, "words", ()))


def too_long_run(ends, most: int):
    """Return the word ending the first hyphenated line past ``most`` in a row, or None."""
    run = 0
    for word in ends:
        run = run + 1 if word else 0
        if run > most:
            return word
    return None


class refusing:
    """Within the block, the hyphenators keep ``words`` whole."""

    def __init__(self, words):
        self.words = frozenset(words)

    def __enter__(self):
        self._kept = getattr(_REFUSED, "words", frozenset())
        _REFUSED.words = self._kept | self.words
        return self

    def __exit__(self, *exc):
        _REFUSED.words = self._kept
        return False

