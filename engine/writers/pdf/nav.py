"""The ways about a PDF: an outline of its headings, and its internal links.

Every heading is a destination and an outline entry, nested as the headings
are; a contents entry links to its heading; a note call links to its note at
the foot of the page, and the note's mark links back to the (first) call.
Destinations are made while the layout draws each page, as reportlab calls
back from the text (``onDraw``); links may name a destination drawn later.
"""
from __future__ import annotations

from ...model import plain_text
from . import tags


def heading_key(index: int) -> str:
    return f"heading-{index}"


def note_key(note_id: str) -> str:
    return f"note-{note_id}"


def call_key(note_id: str) -> str:
    return f"call-{note_id}"


class Navigation:
    """Outline entries and link targets of one PDF build.

    ``headings`` is the list of the build's Heading nodes in document order (it
    may still grow while the story is made); ``linked_notes`` tells whether a
    note id will be drawn at the foot of a page, so that a call can link to it.
    """

    def __init__(self, headings: list, linked_notes):
        self.headings = headings
        self.linked_notes = linked_notes
        self._open = []                # heading levels of the entries the next may go under
        self._calls = set()            # notes whose first call is a destination

    def anchor_key(self, anchor: str):
        """Return the destination of the heading ``anchor`` names, or None."""
        for index, heading in enumerate(self.headings):
            if anchor and heading.anchor == anchor:
                return heading_key(index)
        return None

    def heading(self, canv, index: int) -> None:
        """Make heading ``index``, being drawn, a destination and an outline entry."""
        heading = self.headings[index]
        key = heading_key(index)
        canv.bookmarkHorizontal(key, 0, _line_top(canv))
        if heading.anchor:
            canv.bookmarkHorizontal(heading.anchor, 0, _line_top(canv))   # cross-references
        title = " ".join(part for part in (heading.number or "",
                                           " ".join(plain_text(heading.content).split()))
                         if part)
        # An entry goes under the nearest entry before it of a higher heading
        # level, however many levels lie between them.
        while self._open and self._open[-1] >= heading.level:
            self._open.pop()
        canv.addOutlineEntry(title or key, key, level=len(self._open), closed=False)
        self._open.append(heading.level)

    def anchor(self, canv, anchor: str) -> None:
        """Make the paragraph being drawn, which a cross-reference points at, a destination."""
        canv.bookmarkHorizontal(anchor, 0, _line_top(canv))

    def call(self, canv, note_id: str, mark_width: float, size: float) -> None:
        """Link the note call being drawn to its note; make the first call a destination."""
        if not self.linked_notes(note_id):
            return
        x, y = _text_position(canv)
        with tags.referencing():
            canv.linkRect("", note_key(note_id), (x, y, x + mark_width, y + size), relative=1,
                          thickness=0)
        if note_id not in self._calls:
            self._calls.add(note_id)
            canv.bookmarkHorizontal(call_key(note_id), x, y + size)

    def note(self, canv, note_id: str, x: float, top: float, mark_box) -> None:
        """Make the note drawn with its top at ``top`` a destination; link its mark
        (``mark_box``, page coordinates) back to the call."""
        canv.bookmarkHorizontal(note_key(note_id), x, top)
        if note_id in self._calls:
            canv.linkRect("", call_key(note_id), mark_box, relative=1, thickness=0)


def _text_position(canv) -> tuple:
    """Return where the text being drawn has got to, in the canvas's coordinates."""
    info = getattr(canv, "_curr_tx_info", None) or {}
    return info.get("cur_x", 0.0), info.get("cur_y", 0.0)


def _line_top(canv) -> float:
    info = getattr(canv, "_curr_tx_info", None) or {}
    return info.get("cur_y", 0.0) + info.get("leading", 0.0)
