"""The document model: frozen nodes that the reader builds and the writers visit.

Block nodes carry a ``style`` name from the style sheet; inline nodes carry text.
Numbers (paragraph numbers, footnote marks) are already assigned when a writer
sees the tree: writers lay out, they never count.
"""
from __future__ import annotations

import dataclasses
from dataclasses import field
from typing import Optional, Union

from .records import record


# -- inline -----------------------------------------------------------------

@record
class Text:
    text: str


@record
class Emph:
    children: tuple


@record
class Strong:
    children: tuple


@record
class SmallCaps:
    children: tuple


@record
class Sup:
    children: tuple


@record
class Sub:
    children: tuple


@record
class Link:
    href: str                        # a URL, or "#p3": a cross-reference to an anchor
    children: tuple
    line: int = field(default=0, repr=False, compare=False)   # markup line, until resolved


@record
class LineBreak:
    pass


# Revision marks: what a comparison of two drafts records (engine/revisions.py).

@record
class Inserted:
    """Text the new draft has and the old one has not."""
    children: tuple


@record
class Deleted:
    """Text the old draft had and the new one has not."""
    children: tuple


@record
class Restyled:
    """Text both drafts have, formatted otherwise before: ``was`` names the old
    formatting ("emph", "strong", "smallcaps", "sup", "sub")."""
    children: tuple
    was: tuple = ()


CHANGES = ("", "inserted", "deleted")     # a block's ``change``: whole, in or out


@record
class Note:
    """A footnote. ``mark`` is what the call and the note show: "1", "*".

    ``placement`` is "foot" (the foot of the page that calls it) or "end" (printed
    by an Endnotes block instead).
    """
    id: str
    mark: str
    custom_mark: bool
    content: tuple          # inline nodes
    placement: str = "foot"
    change: str = ""        # in a comparison: "inserted", "deleted" (CHANGES)


@record
class NoteRef:
    note: Note


Inline = Union[Text, Emph, Strong, SmallCaps, Sup, Sub, Link, LineBreak, NoteRef, Inserted,
               Deleted, Restyled]


# -- blocks -----------------------------------------------------------------

@record
class Para:
    content: tuple
    style: str = "SingleTxt"
    number: Optional[str] = None     # "1." for numbered paragraphs
    align: Optional[str] = None      # overrides the style: left, right, center, justify
    keep_with_next: bool = False
    lang: str = ""                   # the paragraph's language, when not the document's
    anchor: str = ""                 # "p3" when a cross-reference points at it
    id: str = ""                     # the id the meeting file gives it
    change: str = ""                 # in a comparison: "inserted", "deleted" (CHANGES)
    number_was: Optional[str] = None  # in a comparison: the old draft's number, if another


@record
class Heading:
    content: tuple
    level: int                       # 0 = chapter/title (HCh), 1 = H1, 2 = H23 ...
    style: str = "H1"
    number: Optional[str] = None     # "I.", "A.", "1."
    toc: bool = True
    anchor: str = ""                 # "h3": what a Toc entry points at
    id: str = ""                     # the id the meeting file gives it
    change: str = ""                 # in a comparison: "inserted", "deleted" (CHANGES)
    number_was: Optional[str] = None  # in a comparison: the old draft's number, if another


@record
class ListItem:
    label: str                       # "a)", "•"
    content: tuple                   # inline nodes
    children: tuple = ()             # nested List nodes
    change: str = ""                 # in a comparison: "inserted", "deleted" (CHANGES)
    label_was: Optional[str] = None  # in a comparison: the old draft's label, if another


@record
class List:
    items: tuple
    style: str = "SubPara"
    level: int = 1
    lang: str = ""                   # the items' language, when not the document's


@record
class Signature:
    lines: tuple                     # each a tuple of inline nodes
    style: str = "Signature"
    changes: tuple = ()              # in a comparison: each line's change (CHANGES)


@record
class PageBreak:
    pass


@record
class Spacer:
    height: object                   # a units.Length


@record
class AnswerLine:
    """A line to write an answer on: a rule the width of the text, one line of
    ``style`` high."""
    style: str = "FormLine"


@record
class TocEntry:
    anchor: str                      # the Heading's anchor
    level: int                       # 1 = chapter, 2 = A., 3 = 1.
    number: Optional[str]
    content: tuple                   # inline nodes of the heading
    paragraphs: str = ""             # "1–7", "26", or ""
    # in a comparison: the entry in or out whole (CHANGES), and what the old draft's
    # contents printed where it differs: number, paragraphs, page; ``page`` is the
    # page of an entry deleted, whose heading the new draft has not
    change: str = ""
    number_was: Optional[str] = None
    paragraphs_was: Optional[str] = None
    page_was: Optional[str] = None
    page: str = ""


@record
class Toc:
    """A table of contents. Page numbers come from the layout, so writers add them."""
    title: str
    entries: tuple
    page_label: str = "Page"
    paragraphs_label: str = ""       # "Paragraphes": shown when not empty
    style: str = "TocEntry"
    depth: int = 2                   # the deepest heading level listed


@record
class Box:
    """A framed block, such as the summary on page 1 of a report."""
    title: str
    blocks: tuple
    style: str = "BoxTitle"


@record
class Figure:
    title: str
    label: str = ""                  # "Figure"
    image: Optional[str] = None      # a file path, or None for an empty frame
    height: object = None            # a units.Length
    note: tuple = ()                 # inline nodes under the figure


@record
class Cell:
    blocks: tuple                    # Para and List nodes
    span: int = 1                    # columns this cell covers


@record
class Row:
    cells: tuple
    header: bool = False             # a header row: repeated at the top of every page
    change: str = ""                 # in a comparison: "inserted", "deleted" (CHANGES)


@record
class Table:
    """A table whose rows never split across pages and whose header rows repeat."""
    rows: tuple
    widths: tuple                    # relative column widths, one per column
    style: str = "Table"             # a key of the sheet's ``tables`` group

    @property
    def columns(self) -> int:
        return len(self.widths)


@record
class Endnotes:
    """Notes printed where the block stands, under a heading, not at the page foot."""
    title: str
    notes: tuple


@record
class MastheadLine:
    content: tuple
    bold: bool = False


@record
class Masthead:
    """Page-1 masthead of a UN document; every field is already worded.

    ``agenda`` holds the lines under the thick rule at the margin; a joint
    document puts its second organ's lines (``agenda_side``) at the third column.
    """
    org: str                         # "Nations Unies"
    symbol: str                      # "A/68/...", "A/72/123–S/2017/456"
    organs: tuple                    # ("Assemblée générale",), or one per organ
    distribution: str                # "Distr. générale"
    date: str                        # "28 juin 2013"
    language: str                    # "Français", or "" for an original
    original: str                    # "Original : anglais"
    agenda: tuple                    # MastheadLine nodes under the thick rule
    agenda_side: tuple = ()          # MastheadLine nodes of a joint document's second organ
    was: tuple = ()                  # in a comparison: (field, old words) of changed fields

    def symbol_parts(self) -> list:
        """Return the symbol as (text, is_series) pieces: the series letters are set large.

        "A/72/123–S/2017/456" gives ("A", True), ("/72/123–", False), ("S", True),
        ("/2017/456", False).
        """
        parts = []
        for index, symbol in enumerate(self.symbol.split("–")):
            head, slash, tail = symbol.partition("/")
            if index:
                parts[-1] = (parts[-1][0] + "–", False)
            parts += [(head, True), (slash + tail, False)] if slash else [(symbol, False)]
        return [part for part in parts if part[0]]


PAGE_STYLES = ("", "plain", "cover")


@record
class Section:
    """A run of blocks with a role: "front", "body", "annex"; an annex starts a new page.

    ``odd`` starts the section on the next odd page (``new_page`` is then True too),
    a blank verso before it when needed. ``page_style`` is "" for pages with the
    sheet's running matter, "plain" for none, "cover" for none plus the sheet's
    cover decoration on the section's first page.
    """
    blocks: tuple
    role: str = "body"
    new_page: bool = False
    number: Optional[str] = None     # annex number, for --annex
    odd: bool = False
    page_style: str = ""


@record
class Meta:
    """What running headers and footers need."""
    language: str
    symbol: str = ""
    job_number: str = ""             # "13-37702"
    job_line: str = ""               # "13-37702 (F)    030713    050713"
    barcode: str = ""                # "*1337702*"
    recycle: str = ""                # "Merci de recycler"
    title: str = ""
    date: str = ""                   # "2013-06-28": the document's date, ISO
    author: str = ""                 # the organ or organisation that issues it


@record
class Document:
    meta: Meta
    sections: tuple
    notes: tuple = field(default=())  # every Note, in call order

    def blocks(self):
        """Yield every block of every section, in order."""
        for section in self.sections:
            yield from section.blocks


Block = Union[Para, Heading, List, Signature, PageBreak, Spacer, Masthead, AnswerLine]


def with_fields(node, changes: dict):
    """Return a copy of model node ``node`` with the fields ``changes`` names changed.

    What ``dataclasses.replace`` gives for the model's classes, which have no
    ``__post_init__`` and no slots, without calling ``__init__`` with every field:
    a walk that changes the text of a long document makes thousands."""
    copy = object.__new__(type(node))
    copy.__dict__.update(node.__dict__)
    copy.__dict__.update(changes)
    return copy


def plain_text(nodes) -> str:
    """Return the text of inline ``nodes`` without marks or note calls (or deletions:
    the text as it now reads)."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, (NoteRef, Deleted)):
            continue
        else:
            out.append(plain_text(node.children))
    return "".join(out)


_REVISIONS = (Inserted, Deleted, Restyled)


def revised(node) -> bool:
    """Return whether block ``node`` of a comparison changed: itself, or its words (its
    notes' included)."""
    if getattr(node, "change", "") or getattr(node, "changes", ()):
        return True
    if isinstance(node, List):
        return any(revised(item) for item in node.items)
    if isinstance(node, ListItem):
        return _revised_words(node.content)
    if isinstance(node, Signature):
        return any(_revised_words(line) for line in node.lines)
    if isinstance(node, Row):
        return any(revised(block) for cell in node.cells for block in cell.blocks)
    return _revised_words(getattr(node, "content", ()))


def _revised_words(nodes) -> bool:
    for node in nodes:
        if isinstance(node, _REVISIONS):
            return True
        if isinstance(node, NoteRef):
            if _revised_words(node.note.content):
                return True
        elif _revised_words(getattr(node, "children", ())):
            return True
    return False


def counts(document) -> dict:
    """Return the words, characters (with and without spaces) and paragraphs of the
    document's text, notes included, as Word counts them."""
    texts = []

    def walk(node):
        if isinstance(node, (Para, Heading)):
            texts.append(plain_text(node.content))
        elif isinstance(node, ListItem):
            texts.append(plain_text(node.content))
            walk(node.children)
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item)
        elif dataclasses.is_dataclass(node) and not isinstance(node, Note):
            for f in dataclasses.fields(node):
                value = getattr(node, f.name)
                if isinstance(value, (tuple, list)) or dataclasses.is_dataclass(value):
                    walk(value)
    walk(document.sections)
    texts += [plain_text(note.content) for note in document.notes]
    words = sum(len(text.split()) for text in texts)
    with_spaces = sum(len(text) for text in texts)
    without = sum(len("".join(text.split())) for text in texts)
    return {"words": words, "characters": without, "characters_with_spaces": with_spaces,
            "paragraphs": len(texts)}
