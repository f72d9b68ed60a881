"""Flowables that call notes -> a frame that keeps room for those notes at the foot of the page."""
from __future__ import annotations

from reportlab.platypus import ActionFlowable, Frame

from .inline import NOTE_CALLBACK
from .tags import artifact, links_of

_FUZZ = 1e-6


def called_notes(flowable) -> list:
    """Return the ids of the notes ``flowable`` calls, in call order, each once.

    A paragraph keeps its answer: a long table asks again for its remaining
    rows on each page, and walking every fragment each time made it quadratic.
    """
    cached = getattr(flowable, "_palais_calls", None)
    if cached is not None:
        return cached
    own = getattr(flowable, "note_calls", None)          # a table answers for its rows
    if own is not None:
        return list(dict.fromkeys(own()))
    found = []
    frags = getattr(flowable, "frags", None)
    _collect(frags, found)
    for child in getattr(flowable, "_content", None) or ():       # KeepTogether and kin
        found += called_notes(child)
    found = list(dict.fromkeys(found))
    if frags is not None:
        flowable._palais_calls = found
    return found


def _collect(frags, found: list) -> None:
    # Before wrapping, frags are ParaFrags; after wrapping or splitting they are
    # words (lists of (frag, text) pairs). The onDraw frag survives in both.
    if frags is None:
        return
    definition = getattr(frags, "cbDefn", None)
    if definition is not None and getattr(definition, "kind", None) == "onDraw" \
            and getattr(definition, "name", None) == NOTE_CALLBACK:
        found.append(definition.label)
    if isinstance(frags, (list, tuple)):
        for item in frags:
            _collect(item, found)


class FootnoteArea:
    """The notes of one build: their flowables, their heights, and where they were drawn.

    ``rule`` gives the separator: width, length and indent of the line, and the
    space above and below it, all in points.
    """

    def __deepcopy__(self, memo):
        # reportlab deep-copies frames to try keep-with-next groups; the notes
        # area is shared by every frame of the build and must not be copied.
        return self

    def __init__(self, notes: dict, width: float, rule: dict, gap: float, rtl=False,
                 nav=None):
        self.notes = notes                # note id -> flowable
        self.nav = nav                    # a nav.Navigation, told where each note is
        self.width = width
        self.rule = rule
        self.gap = gap
        self.rtl = rtl                    # the separator starts at the right
        self.placed = {}                  # note id -> page it was drawn on
        self._heights = {}

    def note_height(self, note_id: str) -> float:
        """Return the height of note ``note_id`` set at the area's width."""
        if note_id not in self._heights:
            self._heights[note_id] = self.notes[note_id].wrap(self.width, 1e6)[1]
        return self._heights[note_id]

    def height(self, ids) -> float:
        """Return the room that notes ``ids`` take at the foot of a page, separator included."""
        ids = [i for i in ids if i in self.notes]
        if not ids:
            return 0.0
        rule = self.rule
        return (rule["above"] + rule["width"] + rule["below"]
                + sum(self.note_height(i) for i in ids) + self.gap * (len(ids) - 1))

    def new_calls(self, flowable, on_page: list) -> list:
        """Return the notes ``flowable`` calls that are neither on this page nor placed before."""
        return [i for i in called_notes(flowable)
                if i in self.notes and i not in on_page and i not in self.placed]

    def draw(self, canv, ids, x: float, bottom: float, page: int) -> None:
        """Draw the separator and notes ``ids`` so that the last note ends at ``bottom``."""
        ids = [i for i in ids if i in self.notes]
        if not ids:
            return
        top = bottom + self.height(ids)
        rule = self.rule
        y = top - rule["above"] - rule["width"] / 2
        with artifact(canv):
            canv.saveState()
            canv.setLineWidth(rule["width"])
            start = x + rule["indent"]
            if self.rtl:
                start = x + self.width - rule["indent"] - rule["length"]
            canv.line(start, y, start + rule["length"], y)
            canv.restoreState()
        y = top - rule["above"] - rule["width"] - rule["below"]
        for note_id in ids:
            height = self.note_height(note_id)
            if self.nav is not None:
                with links_of(self.notes[note_id]):
                    self.nav.note(canv, note_id, x, y, self._mark_box(note_id, x, y))
            y -= height
            self.notes[note_id].drawOn(canv, x, y)
            y -= self.gap
            self.placed[note_id] = page


    def _mark_box(self, note_id: str, x: float, top: float) -> tuple:
        """Return the box of the first line of note ``note_id`` before its text: its mark."""
        style = self.notes[note_id].style
        if self.rtl:
            return (x + self.width - style.rightIndent, top - style.leading, x + self.width, top)
        return (x, top - style.leading, x + style.leftIndent, top)


class NoteFrame(Frame):
    """A frame whose bottom rises by the height of the notes its flowables call.

    Before a flowable is placed, the room for the notes it calls (with those
    already on the page) is kept at the foot; a paragraph that must split is cut
    so that its first part and the notes that part calls fit together.
    """

    def __init__(self, *args, area: FootnoteArea, **kwargs):
        self.area = area
        self.page_notes = []
        super().__init__(*args, **kwargs)

    def _reset(self):
        super()._reset()
        self.page_notes = []

    def _set_bottom(self, ids) -> None:
        self._y1p = self._y1 + self._bottomPadding + self.area.height(ids)

    def add(self, flowable, canv, trySplit=0):
        """Place ``flowable`` with room for its notes; return 0 when both do not fit."""
        new = self.area.new_calls(flowable, self.page_notes)
        self._set_bottom(self.page_notes + new)
        try:
            placed = super().add(flowable, canv, trySplit=trySplit)
        finally:
            self._set_bottom(self.page_notes)
        if placed:
            self.page_notes += new
            self._set_bottom(self.page_notes)
        return placed

    def split(self, flowable, canv):
        """Split ``flowable`` so that its first part and the notes it calls fit."""
        space = 0 if self._atTop else flowable.getSpaceBefore()
        if self._oASpace and not self._atTop:
            space = max(space - self._prevASpace, 0)
        base = self.area.height(self.page_notes)
        avail = self._y - (self._y1 + self._bottomPadding + base) - space
        height = avail
        try:
            while height > 0:
                self._y1p = self._y - space - height      # Frame.split offers y - y1p - space
                parts = super().split(flowable, canv)
                if not parts or isinstance(parts[0], ActionFlowable):
                    return parts
                # What stays on this page: all parts but the last. A heading kept
                # with its paragraph splits into [heading, lines, rest], and the
                # lines' notes must fit beside the heading too.
                # A group that fits by height comes back whole, all of it for here.
                whole = list(parts) == list(getattr(flowable, "_content", None) or ())
                here = parts if whole or len(parts) == 1 else parts[:-1]
                new = []
                for part in here:
                    new += self.area.new_calls(part, self.page_notes + new)
                need = self.area.height(self.page_notes + new) - base
                if need <= _FUZZ:
                    return parts
                part_height = _stacked_height(here, self._getAvailableWidth(), avail)
                if part_height + need <= avail + _FUZZ:
                    return parts
                # Fewer lines call no more notes, so this shrinks at most twice.
                height = min(height - 1, avail - need)
            return []
        finally:
            self._set_bottom(self.page_notes)


def _stacked_height(flowables, width: float, height: float) -> float:
    """Return the height ``flowables`` take one under the other, with the space between."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrap(width, height)[1]
        if index:
            total += max(flowables[index - 1].getSpaceAfter(), 0) + max(flowable.getSpaceBefore(), 0)
    return total
