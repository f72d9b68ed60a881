"""Paragraph numbers, list letters and bullets as Word numbering (numbering.xml).

Word then renumbers when a paragraph is inserted, and pandoc, LibreOffice and
screen readers see lists. The numbers Word prints are those the engine counted:
a label is given to Word only when Word's own counting in that format prints
exactly it (Word letters past "z" as "aa", "bb" …), and a number that does not
follow the one before starts a new count there. A label Word cannot count
("أولا -", "(هـ)", "一、") stays typed text, as before.
"""
from __future__ import annotations

import re
from typing import Optional

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from . import ooxml

_LABEL = re.compile(r"^(?P<pre>[(\[]?)(?P<body>[0-9]+|[A-Za-z]+)(?P<post>[.)\]]?| -)$")
BULLETS = ("•", "–", "-", "◦", "▪")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    # Word's letters: a … z, then aa, bb … zz, then aaa …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_COUNT = {"decimal": str, "lowerLetter": _letters, "upperLetter": lambda n: _letters(n).upper(),
          "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper()}


def word_label(fmt: str, text: str, n: int) -> str:
    """Return what Word prints for count ``n`` in format ``fmt`` with level text ``text``."""
    if fmt == "bullet":
        return text
    return text.replace("%1", _COUNT[fmt](n))


def _value(fmt: str, body: str) -> Optional[int]:
    """Return the count Word shows as ``body`` in ``fmt``, or None."""
    for n in range(1, 400):
        if _COUNT[fmt](n) == body:
            return n
    return None


def label_format(labels) -> Optional[tuple]:
    """Return (format, level text, first count) for consecutive ``labels`` (a list's
    items), or None when Word's counting would print them otherwise."""
    labels = list(labels)
    if not labels:
        return None
    first = labels[0]
    if all(label == first for label in labels) and first in BULLETS:
        return "bullet", first, 1
    match = _LABEL.match(first)
    if not match:
        return None
    body = match.group("body")
    if body.isdigit():
        fmt = "decimal"
    elif body.islower():
        # a list counted in roman numerals starts at "i"; in letters at "a"
        fmt = "lowerRoman" if body[0] in "ivxlcdm" and body != "c" and body != "d" else \
            "lowerLetter"
    else:
        fmt = "upperRoman" if body[0] in "IVXLCDM" and body not in ("C", "D") else "upperLetter"
    start = _value(fmt, body)
    if start is None:
        return None
    text = f"{match.group('pre')}%1{match.group('post')}"
    if any(word_label(fmt, text, start + k) != label for k, label in enumerate(labels)):
        return None
    return fmt, text, start


class WordNumbering:
    """The numbering definitions of one DOCX, made as the writer needs them."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self._abstract = {}                  # (format, level text) -> abstractNumId
        self._next_abstract = 1 + max(
            [int(a.get(qn("w:abstractNumId"))) for a in self.root.iter(qn("w:abstractNum"))]
            or [0])
        self._paragraphs = None              # (numId, format, text, next count)
        # python-docx looks for the first free numId among all the w:num on every
        # new one: a report's hundreds of counts made that a third of its numbering.
        self._taken = {int(n.get(qn("w:numId"))) for n in self.root.iter(qn("w:num"))}
        self._free = 1

    def start(self, fmt: str, text: str, first: int) -> int:
        """Return a new count in ``fmt`` starting at ``first``; its numId, the first
        one free."""
        key = (fmt, text)
        if key not in self._abstract:
            self._abstract[key] = self._define(fmt, text)
        while self._free in self._taken:
            self._free += 1
        number = self._free
        self._taken.add(number)
        num = _element("num", numId=number)
        num.append(_element("abstractNumId", val=self._abstract[key]))
        override = _element("lvlOverride", ilvl=0)
        override.append(_element("startOverride", val=first))
        num.append(override)
        _put_before(self.root, "numIdMacAtCleanup", num)
        return number

    def paragraph_number(self, label: str) -> Optional[int]:
        """Return the numId for a numbered paragraph labelled ``label``, continuing the
        paragraphs' count where it follows on; None when Word cannot print it."""
        found = label_format([label])
        if found is None or found[0] != "decimal":
            return None
        fmt, text, value = found
        current = self._paragraphs
        if current is None or current[1:3] != (fmt, text) or current[3] != value:
            current = (self.start(fmt, text, value), fmt, text, value)
        self._paragraphs = (current[0], fmt, text, value + 1)
        return current[0]

    def paragraph_count(self, label: str) -> Optional[int]:
        """Return the numId for a paragraph a comparison deleted, labelled ``label`` in
        the old draft, without counting it: it stays in the count the new draft's
        paragraphs go on in, so that Word counts the new numbers when it is gone and
        the old ones when it is back. None when Word cannot print the label."""
        if self._paragraphs is not None:
            return self._paragraphs[0]
        found = label_format([label])
        if found is None or found[0] != "decimal":
            return None
        fmt, text, value = found
        self._paragraphs = (self.start(fmt, text, value), fmt, text, value)
        return self._paragraphs[0]

    def _define(self, fmt: str, text: str) -> int:
        number = self._next_abstract
        self._next_abstract += 1
        abstract = _element("abstractNum", abstractNumId=number)
        abstract.append(_element("multiLevelType", val="singleLevel"))
        level = _element("lvl", ilvl=0)
        for name, value in (("start", 1), ("numFmt", fmt), ("suff", "tab"), ("lvlText", text),
                            ("lvlJc", "left")):
            level.append(_element(name, val=value))
        abstract.append(level)
        _put_before(self.root, "num", abstract)   # every abstract definition comes first
        return number


def _put_before(root, name: str, element) -> None:
    """Put ``element`` in ``root`` before its first ``w:name`` child, else last."""
    later = root.find(qn(f"w:{name}"))
    if later is not None:
        later.addprevious(element)
    else:
        root.append(element)


def number_paragraph(paragraph, num_id: int) -> None:
    """Make ``paragraph`` an item of count ``num_id`` (its first level)."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = ooxml.child(p_pr, "numPr", ooxml.PPR_ORDER)
    num_pr.append(_element("ilvl", val=0))
    num_pr.append(_element("numId", val=num_id))


def _element(name: str, **attributes):
    """Return a new ``w:name`` element with the w: ``attributes`` given."""
    element = OxmlElement(f"w:{name}")
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), str(value))
    return element
