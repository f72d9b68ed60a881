"""Two models of one document kind -> the new draft's model, carrying revision marks.

``compare(old, new)`` aligns the drafts through the model, not through their printed
lines: sections by role and annex number; blocks by kind and the id the meeting file
gives them, then by their words; list items and table rows likewise; inside a pair of
paragraphs, words. What it returns is the new model in which

- words typed in the new draft only are ``Inserted``, words of the old one only
  ``Deleted``, words whose formatting alone changed ``Restyled``;
- a block, list item, table row or note of one draft only has ``change`` "inserted"
  or "deleted" (its text wrapped likewise), and a paragraph that moved whole has
  "moved-from" where it was and "moved-to" where it is;
- the masthead's changed fields are listed in ``Masthead.was``.

Numbers the engine computes (paragraphs, headings, list labels, notes, table rows the
template counted, the contents and its pages) are the new draft's and are not reported
as changes; where the old draft printed another, it is kept (``number_was``,
``label_was``, ``TocEntry.page_was`` …), so that a file rejecting every change gives the
old draft back. Every writer renders the result as it renders any model; a writer
that does not know a revision node says so by name.
"""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from . import model as m
from .records import record

# Words, spaces and marks; Chinese and Japanese characters one by one, as their
# text has no spaces between words.
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")
_FORMATS = {m.Emph: "emph", m.Strong: "strong", m.SmallCaps: "smallcaps", m.Sup: "sup",
            m.Sub: "sub"}
_WRAPPERS = tuple(_FORMATS) + (m.Link,)
LIKE = 0.5              # two blocks whose words agree this much are one block, revised
MOVE_WORDS = 4          # the fewest words of a paragraph reported as moved, not retyped


@dataclass
class Comparison:
    """The new draft with revision marks, and what changed, place by place."""
    document: m.Document
    changes: list = field(default_factory=list)      # (place, kind), kind as in KINDS

    KINDS = ("insertion", "deletion", "move", "formatting")

    def summary(self) -> list:
        """Return (place, {kind: count}) in the document's order."""
        counts = collections.OrderedDict()
        for place, kind in self.changes:
            counts.setdefault(place, collections.Counter())[kind] += 1
        return list(counts.items())

    @property
    def differs(self) -> bool:
        return bool(self.changes)


def compare(old: m.Document, new: m.Document, old_pages=None, new_pages=None) -> Comparison:
    """Return the Comparison of draft ``old`` with draft ``new`` (two composed models).

    ``old_pages`` and ``new_pages`` map each draft's heading anchors to the pages its
    layout found: the contents then record the pages that changed, as they record the
    numbers (neither is reported as a change).
    """
    differ = _Differ(old_pages or {}, new_pages or {})
    sections = tuple(differ.sections(old.sections, new.sections))
    sections = differ.find_moves(sections)
    sections, notes = _notes_in_order(sections, new)
    document = replace(new, sections=sections, notes=notes)
    return Comparison(document, [(place, kind) for place, kind, _ in differ.changes])


# -- inline -------------------------------------------------------------------

@record
class _Atom:
    """A word, a space, a punctuation mark, a note call or a line break, with the
    formatting and link nodes around it (outermost first)."""
    item: object                  # str, NoteRef or LineBreak
    wrappers: tuple = ()

    @property
    def key(self):
        links = tuple(w.href for w in self.wrappers if isinstance(w, m.Link))
        if isinstance(self.item, str):
            return self.item, links
        return type(self.item).__name__, links

    @property
    def formats(self) -> tuple:
        return tuple(_FORMATS[type(w)] for w in self.wrappers if type(w) in _FORMATS)


def _atoms(nodes, wrappers=()) -> list:
    out = []
    for node in nodes:
        if isinstance(node, m.Text):
            out.extend(_Atom(word, wrappers) for word in _WORD.findall(node.text))
        elif isinstance(node, (m.NoteRef, m.LineBreak)):
            out.append(_Atom(node, wrappers))
        elif isinstance(node, _WRAPPERS):
            out.extend(_atoms(node.children, wrappers + (node,)))
        else:
            raise TypeError(f"cannot compare inline node {type(node).__name__}")
    return out


def _same_wrapper(a, b) -> bool:
    return type(a) is type(b) and getattr(a, "href", None) == getattr(b, "href", None)


def _build(atoms) -> tuple:
    """Return inline nodes for ``atoms`` (no revision marks among them)."""
    out, index = [], 0
    while index < len(atoms):
        atom = atoms[index]
        if atom.wrappers:
            head = atom.wrappers[0]
            end = index
            while end < len(atoms) and atoms[end].wrappers \
                    and _same_wrapper(atoms[end].wrappers[0], head):
                end += 1
            inner = [_Atom(a.item, a.wrappers[1:]) for a in atoms[index:end]]
            out.append(replace(head, children=_build(inner)))
            index = end
        elif isinstance(atom.item, str):
            end = index
            while end < len(atoms) and not atoms[end].wrappers \
                    and isinstance(atoms[end].item, str):
                end += 1
            out.append(m.Text("".join(a.item for a in atoms[index:end])))
            index = end
        else:
            out.append(atom.item)
            index += 1
    return tuple(out)


def _merge_gaps(opcodes, old_atoms) -> list:
    """Join changes parted by nothing but spaces: "a b" -> "x y" reads as one change."""
    ops = [list(op) for op in opcodes]
    for index in range(1, len(ops) - 1):
        tag, i1, i2 = ops[index][:3]
        if tag == "equal" and ops[index - 1][0] != "equal" and ops[index + 1][0] != "equal" \
                and all(isinstance(a.item, str) and not a.item.strip()
                        for a in old_atoms[i1:i2]):
            ops[index][0] = "replace"
    merged = []
    for op in ops:
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], op[2], merged[-1][3], op[4]]
        else:
            merged.append(op)
    return [tuple(op) for op in merged]


# -- blocks -------------------------------------------------------------------

def _words(text: str) -> list:
    return _WORD.findall(text)


def _likeness(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def _text_of(block) -> str:
    if isinstance(block, (m.Para, m.Heading)):
        return m.plain_text(block.content)
    if isinstance(block, m.List):
        return "\n".join(_text_of(item) for item in block.items)
    if isinstance(block, m.ListItem):
        return m.plain_text(block.content) + "".join(_text_of(c) for c in block.children)
    if isinstance(block, m.Row):
        return "\t".join("\n".join(_text_of(b) for b in cell.blocks) for cell in block.cells)
    if isinstance(block, m.Table):
        return "\n".join(_text_of(row) for row in block.rows)
    if isinstance(block, m.Box):
        return block.title + "\n" + "\n".join(_text_of(b) for b in block.blocks)
    if isinstance(block, m.Signature):
        return "\n".join(m.plain_text(line) for line in block.lines)
    return ""


_COUNTER = re.compile(r"^\(?([0-9]+|[ivxlcdm]+|[a-z])[.)]?$", re.IGNORECASE)


def _counter(cell) -> bool:
    """Return whether table ``cell`` holds only a number the template counted ("12.")."""
    return bool(_COUNTER.match("".join(_text_of(b) for b in cell.blocks).strip()))


def _row_words(row) -> str:
    """Return the words of ``row``, its counted numbers left out: a row that only moved
    down the list is the same row."""
    return "\t".join("" if _counter(cell) else "\n".join(_text_of(b) for b in cell.blocks)
                      for cell in row.cells)


def _key(block):
    """What makes two blocks the same block when nothing in them changed."""
    if isinstance(block, (m.Para, m.Heading)) and block.id:
        return type(block).__name__, "id", block.id
    if isinstance(block, (m.Table, m.Masthead, m.Toc, m.Signature, m.Endnotes)):
        return type(block).__name__, _text_of(block)
    return type(block).__name__, _text_of(block), getattr(block, "style", "")


def _pairable(a, b) -> float:
    """Return how much ``a`` and ``b`` are one block revised (0 when they cannot be)."""
    if type(a) is not type(b):
        return 0.0
    if isinstance(a, (m.Para, m.Heading)) and a.id and b.id:
        return 1.0 if a.id == b.id else 0.0
    if isinstance(a, m.Table):
        return 1.0 if a.columns == b.columns else 0.0
    if isinstance(a, (m.Masthead, m.Toc, m.Signature, m.Endnotes, m.Box, m.Figure)):
        return 1.0
    if isinstance(a, (m.PageBreak, m.Spacer, m.AnswerLine)):
        return 1.0 if a == b else 0.0
    if isinstance(a, m.Row) and len(a.cells) != len(b.cells):
        return 0.0
    return _likeness(_text_of(a), _text_of(b))


def align(old, new, key=_key, likeness=_pairable) -> list:
    """Return (a, b) pairs in order; a is None for an item of ``new`` only, b for one
    of ``old`` only. Equal keys pair first; between them, the most alike in order."""
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new],
                              autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(zip(old[i1:i2], new[j1:j2]))
        else:
            out.extend(_pair_alike(old[i1:i2], new[j1:j2], likeness))
    return out


def _pair_alike(old, new, likeness) -> list:
    """Pair the items of two runs that are alike enough, in order, the most alike in
    all; the rest stand alone (deletions before insertions)."""
    rows, cols = len(old), len(new)
    if not rows or not cols:
        return [(a, None) for a in old] + [(None, b) for b in new]
    score = [[likeness(a, b) for b in new] for a in old]
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            take = score[i][j] + best[i + 1][j + 1] if score[i][j] >= LIKE else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out, i, j = [], 0, 0
    while i < rows and j < cols:
        if score[i][j] >= LIKE and best[i][j] == score[i][j] + best[i + 1][j + 1]:
            out.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((old[i], None))
            i += 1
        else:
            out.append((None, new[j]))
            j += 1
    out.extend((a, None) for a in old[i:])
    out.extend((None, b) for b in new[j:])
    return out


class _Differ:
    def __init__(self, old_pages: dict, new_pages: dict):
        self.old_pages, self.new_pages = old_pages, new_pages
        self.changes = []           # (place, kind, the block changed whole or None)
        self.section = self.place = ""

    def note(self, kind: str, block=None) -> None:
        if not self._quiet:
            self.changes.append((self.place, kind, block))

    _quiet = False

    @contextlib.contextmanager
    def quiet(self):
        """Within the block, changes are marked but not counted."""
        kept, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = kept

    # -- sections and their places ---------------------------------------------

    def sections(self, old, new):
        def key(section):
            return section.role, section.number or ""

        def alike(a, b):
            return 1.0 if a.role == b.role else 0.0

        for a, b in align(list(old), list(new), key, alike):
            if b is None:
                self._enter(a)
                yield replace(a, blocks=tuple(self.whole(x, "deleted") for x in a.blocks
                                              if self.keeps(x)))
                continue
            self._enter(b)
            if a is None:
                yield replace(b, blocks=tuple(self.whole(x, "inserted") for x in b.blocks))
            else:
                yield replace(b, blocks=tuple(self.blocks(a.blocks, b.blocks)))

    def _enter(self, section) -> None:
        """Name the places of ``section``'s changes: an annex by its number; the other
        sections after the last chapter heading passed, when there is one."""
        self.section = _section_place(section)
        if section.role == "annex" or not self.place or self.place.startswith("annex"):
            self.place = self.section

    def _follow(self, block) -> None:
        """Keep the place of the summary at the last chapter heading passed."""
        if isinstance(block, m.Heading) and block.level <= 1:
            words = m.plain_text(block.content).strip()
            heading = _shortened(" ".join(filter(None, [block.number, words])))
            self.place = f"{self.section}, {heading}" if self.section.startswith("annex") \
                else heading

    @staticmethod
    def keeps(block) -> bool:
        """Blocks of layout only are not revisions: a deleted one is left out."""
        return not isinstance(block, (m.PageBreak, m.Spacer, m.Toc))

    # -- blocks -------------------------------------------------------------

    def blocks(self, old, new):
        out = []
        for a, b in align(list(old), list(new)):
            if b is not None:
                self._follow(b)            # a heading's own changes count under it
            if a is None:
                out.append(self.whole(b, "inserted"))
            elif b is None:
                if self.keeps(a):
                    out.append(self.whole(a, "deleted"))
            else:
                out.append(self.pair(a, b))
        return out

    def pair(self, a, b):
        """Return ``b`` with what changed since ``a`` marked (both of one type)."""
        if isinstance(b, (m.Para, m.Heading)):
            # a number the engine counted again is no change, but the file keeps the
            # old one to show when the changes are rejected
            return replace(b, content=self.inline(a.content, b.content),
                           number_was=a.number if a.number != b.number else None)
        if isinstance(b, m.List):
            return replace(b, items=tuple(self.items(a.items, b.items)))
        if isinstance(b, m.Table):
            return replace(b, rows=tuple(self.rows(a.rows, b.rows)))
        if isinstance(b, m.Box):
            return replace(b, blocks=tuple(self.blocks(a.blocks, b.blocks)))
        if isinstance(b, m.Signature):
            return self.signature(a, b)
        if isinstance(b, m.Masthead):
            return self.masthead(a, b)
        if isinstance(b, m.Toc):
            with self.quiet():            # the headings' changes, counted there
                return replace(b, entries=tuple(self.entries(a.entries, b.entries)))
        return b

    def entries(self, old, new):
        """The contents' entries, aligned as the headings they list."""
        def words(entry):
            return entry.level, m.plain_text(entry.content)

        def alike(x, y):
            return _likeness(m.plain_text(x.content), m.plain_text(y.content)) \
                if x.level == y.level else 0.0

        for a, b in align(list(old), list(new), key=words, likeness=alike):
            if a is None:
                yield replace(b, change="inserted", content=(m.Inserted(b.content),))
            elif b is None:
                page = self.old_pages.get(a.anchor)
                yield replace(a, change="deleted", content=(m.Deleted(a.content),), anchor="",
                              page=str(page) if page is not None else "")
            else:
                before, now = self.old_pages.get(a.anchor), self.new_pages.get(b.anchor)
                yield replace(
                    b, content=self.inline(a.content, b.content),
                    number_was=a.number if a.number != b.number else None,
                    paragraphs_was=a.paragraphs if a.paragraphs != b.paragraphs else None,
                    page_was=str(before) if before is not None and now is not None
                    and before != now else None)

    def whole(self, block, change: str):
        """Return ``block`` as inserted or deleted entirely; count it once."""
        marked = _whole(block, change)
        self.note("insertion" if change == "inserted" else "deletion", marked)
        return marked

    def items(self, old, new):
        for a, b in align(list(old), list(new), key=lambda x: _text_of(x),
                          likeness=lambda x, y: _likeness(_text_of(x), _text_of(y))):
            if a is None:
                yield self.whole(b, "inserted")
            elif b is None:
                yield self.whole(a, "deleted")
            else:
                yield replace(b, content=self.inline(a.content, b.content),
                              children=tuple(self.blocks(a.children, b.children)),
                              label_was=a.label if a.label != b.label else None)

    def rows(self, old, new):
        def alike(x, y):
            if len(x.cells) != len(y.cells):
                return 0.0
            return _likeness(_row_words(x), _row_words(y))

        for a, b in align(list(old), list(new), key=_row_words, likeness=alike):
            if a is None:
                yield self.whole(b, "inserted")
            elif b is None:
                yield self.whole(a, "deleted")
            else:
                cells = []
                for x, y in zip(a.cells, b.cells):
                    # a number the template counted again is recorded, not reported
                    with self.quiet() if _counter(x) and _counter(y) else _nothing():
                        cells.append(replace(y, blocks=tuple(self.blocks(x.blocks, y.blocks))))
                yield replace(b, cells=tuple(cells))

    def signature(self, a, b):
        lines, changes = [], []
        for x, y in align(list(a.lines), list(b.lines), key=m.plain_text,
                          likeness=lambda p, q: _likeness(m.plain_text(p), m.plain_text(q))):
            if x is None:
                self.note("insertion")
                lines.append((m.Inserted(_notes_marked(y, "inserted")),))
                changes.append("inserted")
            elif y is None:
                self.note("deletion")
                lines.append((m.Deleted(_notes_marked(x, "deleted")),))
                changes.append("deleted")
            else:
                lines.append(self.inline(x, y))
                changes.append("")
        return replace(b, lines=tuple(lines),
                       changes=tuple(changes) if any(changes) else ())

    def masthead(self, a, b):
        place, self.place = self.place, "masthead"
        try:
            return self._masthead(a, b)
        finally:
            self.place = place

    def _masthead(self, a, b):
        was = []
        for name in ("org", "symbol", "organs", "distribution", "date", "language",
                     "original"):
            before, now = getattr(a, name), getattr(b, name)
            if before != now:
                self.note("deletion")
                self.note("insertion")
                was.append((name, before))
        agenda = []
        for x, y in align(list(a.agenda), list(b.agenda), key=lambda l: m.plain_text(l.content),
                          likeness=lambda p, q: _likeness(m.plain_text(p.content),
                                                          m.plain_text(q.content))):
            if x is None:
                self.note("insertion")
                agenda.append(replace(y, content=(m.Inserted(y.content),)))
            elif y is None:
                self.note("deletion")
                agenda.append(replace(x, content=(m.Deleted(x.content),)))
            else:
                agenda.append(replace(y, content=self.inline(x.content, y.content)))
        return replace(b, was=tuple(was), agenda=tuple(agenda))

    # -- words ----------------------------------------------------------------

    def inline(self, old, new) -> tuple:
        """Return inline ``new`` with the words changed since ``old`` marked."""
        if old == new:
            return new
        a, b = _atoms(old), _atoms(new)
        matcher = SequenceMatcher(None, [x.key for x in a], [x.key for x in b],
                                  autojunk=False)
        out = []                    # (revision, atoms)
        for tag, i1, i2, j1, j2 in _merge_gaps(matcher.get_opcodes(), a):
            if tag != "equal":
                if i2 > i1:
                    self.note("deletion")
                    out.append(("deleted", [_atom_marked(x, "deleted") for x in a[i1:i2]]))
                if j2 > j1:
                    self.note("insertion")
                    out.append(("inserted", [_atom_marked(x, "inserted") for x in b[j1:j2]]))
                continue
            for x, y in zip(a[i1:i2], b[j1:j2]):
                if isinstance(y.item, m.NoteRef):
                    y = _Atom(m.NoteRef(self.revised_note(x.item.note, y.item.note)),
                              y.wrappers)
                revision = ("restyled", x.formats) if x.formats != y.formats else ""
                if out and out[-1][0] == revision:
                    out[-1][1].append(y)
                else:
                    if revision:
                        self.note("formatting")
                    out.append((revision, [y]))
        nodes = []
        for revision, atoms in out:
            built = _build(atoms)
            if revision == "inserted":
                nodes.append(m.Inserted(built))
            elif revision == "deleted":
                nodes.append(m.Deleted(_without_cross_references(built)))
            elif revision:
                nodes.append(m.Restyled(built, was=revision[1]))
            else:
                nodes.extend(built)
        return tuple(nodes)

    def revised_note(self, old: m.Note, new: m.Note) -> m.Note:
        """Return note ``new`` with its words changed since ``old`` marked."""
        return replace(new, content=self.inline(old.content, new.content))

    # -- moves ----------------------------------------------------------------

    def find_moves(self, sections) -> tuple:
        """Pair each deleted paragraph with an inserted one of the same words: moved."""
        deleted, inserted = {}, {}
        for block in _walk_blocks(sections):
            if isinstance(block, (m.Para, m.Heading)) and block.change:
                words = m.plain_text(_unmarked(block.content)).strip()
                if len(words.split()) >= MOVE_WORDS:
                    (deleted if block.change == "deleted" else inserted) \
                        .setdefault(words, []).append(block)
        moved = {}
        for words, froms in deleted.items():
            for origin, target in zip(froms, inserted.get(words, [])):
                moved[id(origin)] = replace(origin, change="moved-from",
                                            content=_unmarked(origin.content))
                moved[id(target)] = replace(target, change="moved-to",
                                            content=_unmarked(target.content))
        if not moved:
            return sections
        # each was counted as a deletion and an insertion: count a move where it went
        counted = []
        for place, kind, block in self.changes:
            if block is not None and id(block) in moved:
                if kind == "insertion":
                    counted.append((place, "move", None))
            else:
                counted.append((place, kind, block))
        self.changes = counted
        return _replace_blocks(sections, moved)


# -- helpers --------------------------------------------------------------------

def _shortened(text: str, limit: int = 60) -> str:
    """Return ``text`` cut at a word to at most ``limit`` characters, "…" after."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


_nothing = contextlib.nullcontext


def _section_place(section) -> str:
    if section.role == "annex":
        return f"annex {section.number}" if section.number else "annex"
    return {"front": "front matter"}.get(section.role, "text")


def _whole(block, change: str):
    """Return ``block`` marked inserted or deleted entirely, its words wrapped."""
    wrap = m.Inserted if change == "inserted" else m.Deleted
    deleted = change == "deleted"

    def words(content):
        content = _notes_marked(content, change)
        if deleted:
            content = _without_cross_references(content)
        return (wrap(content),) if content else ()

    if isinstance(block, (m.Para, m.Heading)):
        extra = {"anchor": "", "id": ""} if deleted else {}
        if isinstance(block, m.Heading) and deleted:
            extra["toc"] = False
        return replace(block, content=words(block.content), change=change, **extra)
    if isinstance(block, m.List):
        return replace(block, items=tuple(_whole(item, change) for item in block.items))
    if isinstance(block, m.ListItem):
        return replace(block, content=words(block.content), change=change,
                       children=tuple(_whole(c, change) for c in block.children))
    if isinstance(block, m.Table):
        return replace(block, rows=tuple(_whole(row, change) for row in block.rows))
    if isinstance(block, m.Row):
        return replace(block, change=change, cells=tuple(
            replace(cell, blocks=tuple(_in_row(b, wrap, change) for b in cell.blocks))
            for cell in block.cells))
    if isinstance(block, m.Box):
        return replace(block, blocks=tuple(_whole(b, change) for b in block.blocks))
    if isinstance(block, m.Signature):
        return replace(block, lines=tuple(words(line) for line in block.lines),
                       changes=(change,) * len(block.lines))
    if isinstance(block, m.Masthead):
        return block          # one masthead or none: the new draft's
    return block


def _in_row(block, wrap, change):
    """A cell's block in a row inserted or deleted whole: its words marked, the row
    carries the change."""
    if isinstance(block, (m.Para, m.Heading)):
        return replace(block, content=(wrap(_notes_marked(block.content, change)),)
                       if block.content else ())
    if isinstance(block, m.List):
        return replace(block, items=tuple(
            replace(item, content=(wrap(_notes_marked(item.content, change)),))
            for item in block.items))
    return block


def _atom_marked(atom: _Atom, change: str) -> _Atom:
    if isinstance(atom.item, m.NoteRef):
        return _Atom(m.NoteRef(_note_marked(atom.item.note, change)), atom.wrappers)
    return atom


def _note_marked(note: m.Note, change: str) -> m.Note:
    wrap = m.Inserted if change == "inserted" else m.Deleted
    note_id = ("was:" + note.id) if change == "deleted" else note.id
    return replace(note, id=note_id, change=change, content=(wrap(note.content),))


def _notes_marked(nodes, change: str) -> tuple:
    """Return ``nodes`` with every note they call marked ``change`` whole."""
    out = []
    for node in nodes:
        if isinstance(node, m.NoteRef):
            out.append(m.NoteRef(_note_marked(node.note, change)))
        elif hasattr(node, "children"):
            out.append(replace(node, children=_notes_marked(node.children, change)))
        else:
            out.append(node)
    return tuple(out)


def _without_cross_references(nodes) -> tuple:
    """Deleted words keep their links to the web, not those into the old draft."""
    out = []
    for node in nodes:
        if isinstance(node, m.Link) and node.href.startswith("#"):
            out.extend(_without_cross_references(node.children))
        elif hasattr(node, "children"):
            out.append(replace(node, children=_without_cross_references(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _unmarked(nodes) -> tuple:
    """Return ``nodes`` without their Inserted/Deleted wrappers (their content kept).
    The notes they call stay marked: a paragraph moved takes its old notes out and
    puts its new ones in, each a note of its own."""
    out = []
    for node in nodes:
        if isinstance(node, (m.Inserted, m.Deleted, m.Restyled)):
            out.extend(_unmarked(node.children))
        elif isinstance(node, m.NoteRef):
            out.append(node)
        elif hasattr(node, "children"):
            out.append(replace(node, children=_unmarked(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _walk_blocks(node):
    if isinstance(node, tuple):
        for item in node:
            yield from _walk_blocks(item)
    elif isinstance(node, m.Section):
        yield from _walk_blocks(node.blocks)
    elif isinstance(node, (m.Para, m.Heading)):
        yield node
    elif isinstance(node, m.Box):
        yield from _walk_blocks(node.blocks)


def _replace_blocks(node, found: dict):
    if isinstance(node, tuple):
        return tuple(_replace_blocks(item, found) for item in node)
    if id(node) in found:
        return found[id(node)]
    if isinstance(node, m.Section):
        return replace(node, blocks=_replace_blocks(node.blocks, found))
    if isinstance(node, m.Box):
        return replace(node, blocks=_replace_blocks(node.blocks, found))
    return node


def _notes_in_order(sections, new: m.Document) -> tuple:
    """Return (sections, notes): every note the revised sections call, in call order,
    then the new draft's notes they do not call (end notes). When the new draft
    numbers its notes 1, 2, 3 …, the marks are counted again in that order, as Word
    counts deleted calls too."""
    called, seen = [], set()

    def walk(node):
        if isinstance(node, m.NoteRef):
            if node.note.id not in seen:
                seen.add(node.note.id)
                called.append(node.note)
        elif isinstance(node, tuple):
            for item in node:
                walk(item)
        elif dataclasses.is_dataclass(node) and not isinstance(node, m.Note):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))

    walk(sections)
    rest = tuple(note for note in new.notes if note.id not in seen)
    auto = [note for note in new.notes if not note.custom_mark and note.placement == "foot"]
    marks, count = {}, 0
    if [note.mark for note in auto] == [str(i) for i in range(1, len(auto) + 1)]:
        for note in called:
            if not note.custom_mark and note.placement == "foot":
                count += 1
                marks[note.id] = str(count)
    if all(marks.get(n.id, n.mark) == n.mark for n in called):
        return sections, tuple(called) + rest
    sections = _renumber(sections, marks)
    return sections, tuple(replace(n, mark=marks.get(n.id, n.mark)) for n in called) + rest


def _renumber(node, marks: dict):
    """Return ``node`` with each note call's note showing its mark from ``marks``."""
    if isinstance(node, m.NoteRef):
        note = node.note
        return m.NoteRef(replace(note, mark=marks.get(note.id, note.mark)))
    if isinstance(node, tuple):
        return tuple(_renumber(item, marks) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, (m.Note, m.Meta)):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple) or dataclasses.is_dataclass(value):
                renewed = _renumber(value, marks)
                if renewed != value:
                    changes[f.name] = renewed
        return replace(node, **changes) if changes else node
    return node
