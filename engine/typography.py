"""Model tree -> the same tree with a language's typography rules applied to its text.

A style sheet chooses the rule set for each document language
(``typography: {fr: un-fr, en: un-en}``), so UN and IOM French can differ. A rule
set is a list of steps: (pattern, replacement) pairs, and QUOTES, which turns
straight quotes into curly ones by the character before each, across the inline
nodes of a paragraph.
"""
from __future__ import annotations

import dataclasses
import re

from . import model as m
from .errors import StyleError

NBSP = "\u00a0"

# (pattern, replacement) pairs, applied in order to every Text node: a pattern is
# anything with re's ``sub(replacement, text)``.
_GUILLEMETS = [
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
]


class _Between:
    """A straight apostrophe between two letters or digits: ``sub(mark, text)`` sets
    ``mark`` in its place. It sets what ``(?<=\\w)'(?=\\w)`` would, but finds the
    apostrophes first: that pattern, starting with a look behind, is tried at every
    character of the text."""

    _found = re.compile(r"'(?=\w)")
    _word = re.compile(r"\w")

    def sub(self, mark: str, text: str) -> str:
        out, last = [], 0
        for found in self._found.finditer(text):
            start = found.start()
            if start and self._word.match(text, start - 1):
                out += (text[last:start], mark)
                last = start + 1
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)


_APOSTROPHE = [(_Between(), "\u2019")]
QUOTES = "quotes"
QUOTES_RU = "quotes-ru"
_MARKS = {QUOTES: ("\u201c", "\u201d", "\u2018", "\u2019"),     # “…” ‘…’
          QUOTES_RU: ("\u00ab", "\u00bb", "\u201e", "\u201c")}  # «…» „…“
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_FULL_WIDTH = {",": "\uff0c", ".": "\u3002", ";": "\uff1b", ":": "\uff1a", "?": "\uff1f",
               "!": "\uff01", "(": "\uff08", ")": "\uff09"}


class _Later:
    """A regular expression compiled when first used. The classes of Chinese
    characters take milliseconds to compile, which a run that sets no Chinese
    should not pay."""

    def __init__(self, source: str):
        self.source, self._compiled = source, None

    def sub(self, replacement, text: str) -> str:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.sub(replacement, text)


# Chinese: ASCII punctuation after a Chinese character becomes full-width.
_CHINESE = [(_Later(rf"(?<=[{_CJK}])[ ]?([,.;:?!)])"), lambda m: _FULL_WIDTH[m.group(1)]),
            (_Later(rf"\((?=[{_CJK}])"), "\uff08")]
# Arabic: the comma, semicolon and question mark of the Arabic script after Arabic words.
_ARABIC = [(re.compile(r"(?<=[\u0600-\u06ff])[ ]?,"), "\u060c"),
           (re.compile(r"(?<=[\u0600-\u06ff])[ ]?;"), "\u061b"),
           (re.compile(r"(?<=[\u0600-\u06ff])[ ]?\?"), "\u061f")]
# A quote after nothing, a space, an opening bracket, a dash or another opening
# quote opens; after anything else it closes (or is an apostrophe: ’).
_OPENS_AFTER = set(" \t\n\u00a0\u202f([{\u2014\u2013\u201c\u2018\u00ab\u201e/")


class _SpaceBefore:
    """The space before each of some marks that end a clause -- followed by a space,
    the end of the text or », so "https://", "10:30" and "5:1" are left alone --
    after a word: ``sub(space, text)`` sets ``space`` there, in place of any spaces.

    It sets what ``(?<=[^\\s])[ NBSP NNBSP]*([marks])(?=\\s|$|»)`` would, but finds
    the marks first: that pattern, starting with a look behind and spaces, is
    tried at every character of the text, three times as long."""

    def __init__(self, marks: str):
        self._mark = re.compile(rf"[{marks}](?=\s|$|»)")

    def sub(self, space: str, text: str) -> str:
        out, last = [], 0
        for found in self._mark.finditer(text):
            start = found.start()
            while start > last and text[start - 1] in _SPACES:
                start -= 1
            if start and not text[start - 1].isspace():
                out += (text[last:start], space, found.group())
                last = found.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)


_SPACES = " \u00a0\u202f"


def _before(marks: str, space: str):
    return _SpaceBefore(marks), space


RULE_SETS = {
    # UN New York French: a space before the colon only; none before ; ? !
    "un-fr": [_before(":", NBSP)] + _GUILLEMETS + _APOSTROPHE,
    # IOM French: a space before ; : ? ! as well.
    "iom-fr": [_before(":;?!", NBSP)] + _GUILLEMETS + _APOSTROPHE,
    # UN English: typographic apostrophes, “double” quotes with ‘single’ inside.
    "un-en": [QUOTES],
    # UN Russian: «ёлочки», „лапки“ inside.
    "un-ru": [QUOTES_RU] + _APOSTROPHE,
    # UN Spanish: “double” quotes, ‘single’ inside, as in English.
    "un-es": [QUOTES],
    "un-zh": _CHINESE,
    "un-ar": _ARABIC,
    "none": [],
}


# What each pattern cannot match without: most texts hold none of these, and
# looking for a character is cheaper than running the pattern.
_NEEDS = {pattern: tuple(chars) for pattern, chars in (
    (RULE_SETS["un-fr"][0][0], ":"), (RULE_SETS["iom-fr"][0][0], ":;?!"),
    (_GUILLEMETS[0][0], "«"), (_GUILLEMETS[1][0], "»"), (_APOSTROPHE[0][0], "'"),
    (_CHINESE[0][0], ",.;:?!)"), (_CHINESE[1][0], "("),
    (_ARABIC[0][0], ","), (_ARABIC[1][0], ";"), (_ARABIC[2][0], "?"))}


_ANY_NEEDED: dict = {}    # id(rules) -> (rules, a pattern finding any character they need)


def _any_needed(rules):
    """Return a pattern that finds, in a text, a character one of ``rules`` cannot
    apply without (None when a rule may apply to any text)."""
    kept = _ANY_NEEDED.get(id(rules))
    if kept is None or kept[0] is not rules:
        chars = set()
        for rule in rules:
            needs = ('"', "'") if isinstance(rule, str) else _NEEDS.get(rule[0])
            if needs is None:
                chars = None
                break
            chars.update(needs)
        pattern = None if chars is None else \
            re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        if len(_ANY_NEEDED) > 64:          # lists made on the fly by a caller
            _ANY_NEEDED.clear()
        kept = _ANY_NEEDED[id(rules)] = (rules, pattern)
    return kept[1]


def fix_spacing(text: str, rules, before: str = "") -> str:
    """Return ``text`` with ``rules`` applied; ``before`` is the character preceding it."""
    if not rules:
        return text
    needed = _any_needed(rules)
    if needed is not None and needed.search(text) is None:
        return text                  # most texts: no rule has anything to change
    for rule in rules:
        if isinstance(rule, str):
            text = _curl(text, before, _MARKS[rule])
        else:
            pattern, replacement = rule
            needs = _NEEDS.get(pattern)
            if needs is None or any(char in text for char in needs):
                text = pattern.sub(replacement, text)
    return text


def _curl(text: str, before: str, marks) -> str:
    if '"' not in text and "'" not in text:
        return text
    double_open, double_close, single_open, single_close = marks
    russian = marks is _MARKS[QUOTES_RU]
    out = []
    inner = 0        # Russian: quotes opened inside quotes, closed by “
    outer = 0        # Russian: quotes opened at the outer level, closed by »
    closed = False
    for char in text:
        if char in "\"'":
            opens = (not before or before in _OPENS_AFTER) and not closed
            closed = False
            if russian:
                # «…» outside, „…“ inside, whichever straight quote was typed;
                # a single quote that closes nothing is an apostrophe.
                if opens and (char == '"' or outer):
                    if outer:
                        inner += 1
                        char = single_open
                    else:
                        outer += 1
                        char = double_open
                elif inner:
                    inner -= 1
                    char = single_close
                    closed = True       # “ opens in English, but here it just closed
                elif char == '"' or outer and char != "'":
                    outer = max(outer - 1, 0)
                    char = double_close
                else:
                    char = "\u2019"
            elif char == '"':
                char = double_open if opens else double_close
            else:
                char = single_open if opens else single_close
        else:
            closed = False
        out.append(char)
        before = char
    return "".join(out)


def apply_typography(document: m.Document, rule_set, languages=None) -> m.Document:
    """Return ``document`` with rule set ``rule_set`` (a name, or None) applied to all text;
    a paragraph in another language gets that language's rule set from ``languages``
    (language -> rule set name, as a style sheet's ``typography``)."""
    return Typesetter(rule_set, languages).document(document)


class Typesetter:
    """``apply_typography`` a few blocks at a time, as the sections are read: then the
    whole document, each section set already kept as it was set. The result is the
    one ``apply_typography`` gives the whole document: a block starts a run of text
    of its own, and a note is set once, wherever it is first met."""

    def __init__(self, rule_set, languages=None):
        self._sets = {language: _rules(name) for language, name in (languages or {}).items()
                      if name}
        self._rules = _rules(rule_set) if rule_set else []
        self._notes: dict = {}
        self._set: dict = {}         # id(section as read) -> (that section, the section set)
        self._part = None            # (index, head set, blocks set) of the section being read

    def _walk(self, node):
        if not self._rules and not self._sets:
            return node
        return _walk(node, self._rules, self._notes, [""], self._sets)

    def meta(self, meta):
        """Return the document's ``meta`` set."""
        return self._walk(meta)

    def part(self, index: int, head, blocks, section=None):
        """Set the next ``blocks`` of section ``index`` (``head``: the section without
        its blocks), and, once ``section`` is whole, the section: return (head set,
        blocks set, section set or None). A section sets as its head and its blocks
        each set: every block starts a run of text of its own."""
        if self._part is None or self._part[0] != index:
            self._part = (index, self._walk(head), [])
        _, head_set, done = self._part
        blocks_set = [self._walk(block) for block in blocks]
        done.extend(blocks_set)
        whole = None
        if section is not None:
            whole = m.with_fields(head_set, {"blocks": tuple(done)})
            self._set[id(section)] = (section, whole)
        return head_set, blocks_set, whole

    def document(self, document):
        """Return ``document`` set, with the sections set already reused."""
        if not self._rules and not self._sets:
            return document
        sections = []
        for section in document.sections:
            kept = self._set.get(id(section))
            sections.append(kept[1] if kept is not None and kept[0] is section
                            else self._walk(section))
        if all(done is section for done, section in zip(sections, document.sections)):
            sections = document.sections
        changes = {name: value for name, value in (
            ("meta", self.meta(document.meta)), ("sections", tuple(sections)),
            ("notes", self._walk(document.notes))) if value is not getattr(document, name)}
        return m.with_fields(document, changes) if changes else document


def _rules(name: str) -> list:
    try:
        return RULE_SETS[name]
    except KeyError:
        raise StyleError(f"unknown typography rule set {name!r}; known: "
                         f"{', '.join(sorted(RULE_SETS))}") from None


_INLINE = (m.Emph, m.Strong, m.SmallCaps, m.Sup, m.Sub, m.Link)


_SKIP = frozenset(("href", "style", "number", "label", "mark", "id", "role", "align",
                   "symbol", "job_number", "job_line", "barcode", "language", "lang"))
_UNSEEN = object()
_KINDS: dict = {}       # a node's type -> (its text fields, whether it starts a run), or None


def _kind(kind):
    """Return, for dataclass type ``kind``, the names of its fields that may hold text
    and whether it starts a new run of text (a block does, an inline node not); for
    any other type None."""
    info = _KINDS.get(kind, _UNSEEN)
    if info is _UNSEEN:
        info = _KINDS[kind] = None if not dataclasses.is_dataclass(kind) else (
            tuple(f.name for f in dataclasses.fields(kind) if f.name not in _SKIP),
            not issubclass(kind, _INLINE + (m.NoteRef,)))
    return info


def _walk(node, rules, notes, before, languages=None):
    """Return ``node`` with ``rules`` applied; ``before[0]`` is the last character seen in
    the current run of inline text, so quotes around an emphasis curl the right way.

    A node whose text the rules leave as it is comes back itself, not a copy."""
    if isinstance(node, m.Text):
        text = fix_spacing(node.text, rules, before[0])
        before[0] = text[-1:] or before[0]
        return node if text == node.text else m.Text(text)
    if isinstance(node, tuple):
        changed = None
        for index, item in enumerate(node):
            walked = _walk(item, rules, notes, before, languages)
            if changed is None and walked is not item:
                changed = list(node[:index])
            if changed is not None:
                changed.append(walked)
        return node if changed is None else tuple(changed)
    if isinstance(node, m.Note):
        if node.id not in notes:
            content = _walk(node.content, rules, notes, [""], languages)
            notes[node.id] = node if content is node.content else \
                dataclasses.replace(node, content=content)
        return notes[node.id]
    if isinstance(node, m.LineBreak):
        before[0] = "\n"
        return node
    if isinstance(node, str):
        return fix_spacing(node, rules)
    info = _kind(type(node))
    if info is None:
        return node
    names, starts_run = info
    if starts_run:
        before = [""]                             # a block starts a new run of text
    if languages and getattr(node, "lang", "") in languages:
        rules = languages[node.lang]              # a passage in another language
    changes = {}
    for name in names:
        value = getattr(node, name)
        if isinstance(value, (tuple, str)) or _kind(type(value)) is not None:
            walked = _walk(value, rules, notes, before, languages)
            if walked is not value:
                changes[name] = walked
    return m.with_fields(node, changes) if changes else node
