"""Document markup (XML from the templates) -> model tree, with numbers assigned.

The reader is where counting happens: numbered paragraphs, list labels and
footnote marks. Writers only lay out what they are given.
"""
from __future__ import annotations

import dataclasses
import difflib
import re

from lxml import etree

from . import model as m
from .errors import MarkupError, TemplateError
from .numbering import list_label

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                          huge_tree=False)
_BODY_DEFAULTS = {"para": "SingleTxt", "heading": "H1", "list": "SubPara", "toc": "true"}
# In a table cell, blocks that name no style take the table styles, and headings stay
# out of the contents: the contents list the document's headings, not a table's.
_CELL_DEFAULTS = {"para": "TableText", "heading": "TableHeader", "list": "TableList",
                  "toc": "false"}
_HEADER_CELL_DEFAULTS = dict(_CELL_DEFAULTS, para="TableHeader")
_CELL_BLOCKS = ("para", "list", "heading")



def read_document(markup: str, feed=None) -> m.Document:
    """Parse ``markup`` and return the Document; raise TemplateError on bad markup.

    ``feed``: the SectionFeed ``markup`` was given to as it was written; its reading
    is the document's where the rest of the markup leaves it as it was read."""
    if feed is not None:
        document = feed.finish()
        if document is not None:
            return document
    try:
        root = etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        lines = markup.splitlines()
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise MarkupError(line, exc.msg + (f"\n    | {shown[:200]}" if shown else "")) from None
    return _Reader().document(root)


class SectionFeed:
    """Reads document markup as the template writes it, each block as soon as it is
    whole, and gives ``on_blocks(meta, index, head, blocks, section)`` what each
    batch of markup completed: the blocks read of section ``index`` (``head``: that
    section without its blocks) and, once the section is whole, the Section read
    (else None).

    A block is read before the rest of the markup is known; ``read_document``
    keeps that reading only where the rest leaves it as it was -- every block of the
    markup is in a section, no <endnotes> makes a note an end note, no link points
    within the document -- and reads the markup again otherwise (a mistake in it
    included, which that reading then reports). The sections of a document with
    contents come out of the reading with the contents' entries filled."""

    _BATCH = 4096                     # characters handed to the parser at a time

    def __init__(self, on_blocks):
        self._parser = etree.XMLPullParser(
            events=("start", "end"), tag=("document", "section") + _BLOCK_TAGS,
            resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)
        self._reader = _Reader()
        self._on_blocks = on_blocks
        self._root = self._meta = None
        self._sections = []
        self._open = None                 # [element, head, blocks read] of the section open
        self._pending, self._size = [], 0
        self.failed = False
        self.kept = False             # the document is the one read as it came

    def feed(self, text: str) -> None:
        """Take the next ``text`` of the markup."""
        if self.failed:
            return
        self._pending.append(text)
        self._size += len(text)
        if self._size >= self._BATCH:
            self._read()

    def _read(self, closing=False) -> None:
        text, self._pending, self._size = "".join(self._pending), [], 0
        # A macro's whole output comes as one text: it is read a batch at a time, so
        # that the blocks of a long section go as they are read.
        for start in range(0, len(text), self._BATCH):
            self._read_some(text[start:start + self._BATCH])
        if closing:
            self._read_some("", closing=True)

    def _read_some(self, text: str, closing=False) -> None:
        if self.failed:
            return
        reader = self._reader
        try:
            if text:
                self._parser.feed(text)
            if closing:
                self._parser.close()
            told = []                                  # (index, head, blocks, section)
            for event, element in self._parser.read_events():
                parent = element.getparent()
                if element.tag == "document":
                    if event == "start" and self._root is None:
                        self._root = element
                        self._meta = reader.begin(element)
                elif self._root is None:
                    continue
                elif element.tag == "section" and parent is self._root:
                    if event == "start":
                        reader.section_start(element)
                        self._open = [element, reader.section_head(element), []]
                    else:
                        opened, head, blocks = self._open
                        if len(blocks) != len(opened):
                            self.failed = True         # a child that is no block
                            return
                        section = dataclasses.replace(head, blocks=tuple(
                            block for read in blocks for block in read))
                        self._sections.append(section)
                        self._open = None
                        told.append((len(self._sections) - 1, head, [], section))
                elif event == "end" and self._open is not None and parent is self._open[0]:
                    read = reader.block(element)
                    self._open[2].append(read)
                    index = len(self._sections)
                    if told and told[-1][0] == index and told[-1][3] is None:
                        told[-1][2].extend(read)
                    else:
                        told.append((index, self._open[1], list(read), None))
        except (etree.Error, MarkupError, TemplateError, ValueError, TypeError):
            self.failed = True              # the whole reading reports it, if it is one
            return
        for index, head, blocks, section in told:
            self._on_blocks(self._meta, index, head, blocks, section)

    def finish(self):
        """Return the Document read, or None: the markup must be read again."""
        if not self.failed:
            self._read(closing=True)
        root = self._root
        if self.failed or root is None or root.tag != "document" \
                or len(root) != len(self._sections) \
                or any(child.tag != "section" for child in root) \
                or next(root.iter("endnotes"), None) is not None \
                or any(link.get("href", "").startswith("#") for link in root.iter("link")):
            return None
        self.kept = True
        return self._reader.end(self._meta, self._sections, [])


class _Reader:
    def __init__(self):
        self.para_counter = 0
        self.note_counter = 0
        self.notes: dict = {}
        self.note_order: list = []
        self.anonymous = 0
        self.heading_counters: dict = {}
        self.anchors = 0
        self.targets: dict = {}           # id -> (anchor, number, line): what links point at
        self.cross_references = 0         # links to #id read
        self.end_notes: set = set()       # <note> elements printed by an <endnotes> block
        self.defaults = _BODY_DEFAULTS    # styles of blocks that name none; cells have others
        self.paragraph_numbering = "1."

    # -- structure ----------------------------------------------------------

    def document(self, root) -> m.Document:
        meta = self.begin(root)
        pending = []
        for element in root.iter("note", "endnotes"):
            if element.tag == "endnotes":
                self.end_notes.update(pending)
                pending = []
            elif not element.get("mark"):
                pending.append(element)
        sections = []
        loose = []
        for child in root:
            if child.tag == "section":
                sections.append(self.section(child))
            else:
                loose.extend(self.block(child))
        return self.end(meta, sections, loose)

    def begin(self, root) -> m.Meta:
        """Return the Meta of the document ``root`` is the element of."""
        if root.tag != "document":
            raise TemplateError(f"document markup must start with <document>, not <{root.tag}>")
        self.paragraph_numbering = root.get("paragraph-numbering", "1.")
        return m.Meta(
            language=root.get("lang", "en"),
            symbol=root.get("symbol", ""),
            job_number=root.get("job-number", ""),
            job_line=root.get("job-line", ""),
            barcode=root.get("barcode", ""),
            recycle=root.get("recycle", ""),
            title=" ".join(root.get("title", "").split()),
            date=_iso_date(root.get("date", "")),
            author=" ".join(root.get("author", "").split()),
        )

    def end(self, meta, sections: list, loose: list) -> m.Document:
        """Return the Document of ``sections`` read, blocks out of any ``loose``."""
        if loose:
            sections.insert(0, m.Section(blocks=tuple(loose)))
        document = m.Document(meta=meta, sections=tuple(sections), notes=tuple(self.note_order))
        if self.cross_references:
            document = _resolve_links(document, self.targets)
        return _fill_tocs(document)

    def section(self, element) -> m.Section:
        self.section_start(element)
        blocks = []
        for child in element:
            blocks.extend(self.block(child))
        return dataclasses.replace(self.section_head(element), blocks=tuple(blocks))

    def section_start(self, element) -> None:
        """Start the counters again where section ``element`` says."""
        restart = _choice(element, "restart", ("false", "true"), "false") == "true"
        if element.get("role", "body") == "annex" or restart:
            self.para_counter = 0
        if restart:
            self.heading_counters = {}

    def section_head(self, element) -> m.Section:
        """Return the Section ``element`` opens, without its blocks."""
        new_page = _choice(element, "new-page", ("false", "true", "odd"), "false")
        return m.Section(blocks=(), role=element.get("role", "body"),
                         new_page=new_page != "false", number=element.get("number"),
                         odd=new_page == "odd",
                         page_style=_choice(element, "page-style", m.PAGE_STYLES, ""))

    def block(self, element):
        handler = getattr(self, "block_" + element.tag.replace("-", "_"), None)
        if handler is None:
            raise MarkupError(element.sourceline, "unknown element "
                                f"<{element.tag}>")
        result = handler(element)
        return result if isinstance(result, list) else [result]

    def block_para(self, element) -> m.Para:
        number = None
        if element.get("numbered") == "true":
            self.para_counter += 1
            number = list_label(self.paragraph_numbering, self.para_counter)
        anchor = ""
        if element.get("id"):
            self.anchors += 1
            anchor = f"p{self.anchors}"
            self.target(element, anchor, number)
        return m.Para(content=self.inlines(element),
                      style=element.get("style", self.defaults["para"]),
                      number=number, align=element.get("align"),
                      keep_with_next=element.get("keep-with-next") == "true",
                      lang=element.get("lang", ""), anchor=anchor, id=element.get("id", ""))

    def target(self, element, anchor: str, number) -> None:
        """Note that links may point at ``element`` by its id."""
        name = element.get("id")
        if name in self.targets:
            raise MarkupError(element.sourceline, f"id {name!r} is given twice (first on line "
                                                  f"{self.targets[name][2]})")
        self.targets[name] = (anchor, (number or "").rstrip(".").strip(), element.sourceline)

    def block_heading(self, element) -> m.Heading:
        level = int(element.get("level", "1"))
        number = element.get("number")
        pattern = element.get("numbering")
        if pattern:
            # Numbering restarts below each heading of a higher level: I. A. B. II. A.
            count = self.heading_counters.get(level, 0) + 1
            self.heading_counters = {k: v for k, v in self.heading_counters.items() if k < level}
            self.heading_counters[level] = count
            if pattern == "1.1":
                # Decimal: "2", then "2.1" under it, as IOM reports number sections.
                number = ".".join(str(self.heading_counters[k])
                                  for k in sorted(self.heading_counters))
            else:
                number = list_label(pattern, count)
        self.anchors += 1
        if element.get("id"):
            # an unnumbered heading ("Annex II") is cited by its words
            self.target(element, f"h{self.anchors}",
                        number or " ".join("".join(element.itertext()).split()))
        return m.Heading(content=self.inlines(element), level=level,
                         style=element.get("style", self.defaults["heading"]), number=number,
                         toc=element.get("toc", self.defaults["toc"]) == "true",
                         anchor=f"h{self.anchors}", id=element.get("id", ""))

    def block_toc(self, element) -> m.Toc:
        return m.Toc(title=element.get("title", ""), entries=(), depth=int(element.get("depth", "2")),
                     page_label=element.get("page-label", "Page"),
                     paragraphs_label=element.get("paragraphs-label", ""),
                     style=element.get("style", "TocEntry"))

    def block_box(self, element) -> m.Box:
        blocks = []
        for child in element:
            blocks.extend(self.block(child))
        return m.Box(title=element.get("title", ""), blocks=tuple(blocks),
                     style=element.get("style", "BoxTitle"))

    def block_figure(self, element) -> m.Figure:
        from .units import parse_length
        note = element.find("figure-note")
        return m.Figure(title=" ".join(element.get("title", "").split()),
                        label=element.get("label", ""), image=element.get("image"),
                        height=parse_length(element.get("height", "200pt")),
                        note=self.inlines(note) if note is not None else ())

    def block_endnotes(self, element) -> m.Endnotes:
        notes = tuple(n for n in self.note_order if n.placement == "end")
        return m.Endnotes(title=element.get("title", "Notes"), notes=notes)

    def block_list(self, element, level: int = 1) -> m.List:
        pattern = element.get("labels", "•")
        items = []
        for index, item in enumerate(_only(element, "item")):
            children = tuple(self.block_list(sub, level + 1) for sub in item.iterchildren("list"))
            items.append(m.ListItem(label=list_label(pattern, index + 1),
                                    content=self.inlines(item, skip=("list",)),
                                    children=children))
        return m.List(items=tuple(items), style=element.get("style", self.defaults["list"]),
                      level=level, lang=element.get("lang", ""))

    def block_table(self, element) -> m.Table:
        rows, spans = [], []
        for row in _only(element, "row"):
            header = _choice(row, "header", ("false", "true"), "false") == "true"
            cells = tuple(self.table_cell(cell, header) for cell in _only(row, "cell"))
            rows.append(m.Row(cells=cells, header=header))
            spans.append((row.sourceline, sum(cell.span for cell in cells)))
        if not rows:
            raise MarkupError(element.sourceline, "<table> has no <row>")
        widths = _widths(element, spans[0][1])
        for line, covered in spans:
            if covered != len(widths):
                raise MarkupError(line, f"the cells of this <row> span "
                                    f"{covered} columns, but the table has {len(widths)}; "
                                    "give a cell span=\"n\" or fix the table's widths")
        return m.Table(rows=tuple(rows), widths=widths, style=element.get("style", "Table"))

    def table_cell(self, element, header: bool) -> m.Cell:
        """Return a Cell: its text as one paragraph, or its <para>, <list>, <heading> blocks."""
        span = element.get("span", "1")
        if not (span.isdigit() and int(span) >= 1):
            raise MarkupError(element.sourceline, f"<cell> span="
                                f"{span!r}: expected a whole number of columns, 1 or more")
        saved = self.defaults
        self.defaults = _HEADER_CELL_DEFAULTS if header else _CELL_DEFAULTS
        try:
            children = list(element)
            for child in children:
                block = "block_" + child.tag.replace("-", "_")
                if child.tag not in _CELL_BLOCKS and hasattr(self, block):
                    raise MarkupError(child.sourceline, f"a <cell> holds "
                                        f"text or <para>, <list>, <heading>, not <{child.tag}>")
            if any(child.tag in _CELL_BLOCKS for child in children):
                loose = [c for c in children if c.tag not in _CELL_BLOCKS]
                text = (element.text or "") + "".join(c.tail or "" for c in children)
                if loose or text.strip():
                    raise MarkupError(element.sourceline, "a <cell> "
                                        "holds either text or blocks (<para>, <list>, <heading>), "
                                        "not both; wrap the text in a <para>")
                blocks = tuple(b for child in children for b in self.block(child))
            else:
                blocks = (m.Para(content=self.inlines(element), style=self.defaults["para"]),)
        finally:
            self.defaults = saved
        return m.Cell(blocks=blocks, span=int(span))

    def block_signature(self, element) -> m.Signature:
        return m.Signature(lines=tuple(self.inlines(line) for line in _only(element, "line")),
                           style=element.get("style", "Signature"))

    def block_page_break(self, element) -> m.PageBreak:
        return m.PageBreak()

    def block_answer_line(self, element) -> m.AnswerLine:
        return m.AnswerLine(style=element.get("style", "FormLine"))

    def block_masthead(self, element) -> m.Masthead:
        def text(tag):
            found = element.find(tag)
            return " ".join("".join(found.itertext()).split()) if found is not None else ""

        known = ("org", "symbol", "organ", "distribution", "date", "language", "original",
                 "agenda")
        for child in element:
            if child.tag not in known:
                raise MarkupError(child.sourceline, f"<masthead> holds {', '.join(f'<{k}>' for k in known)}, "
                                  f"not <{child.tag}>")
        columns = {}
        for agenda in element.iterchildren("agenda"):
            column = _choice(agenda, "column", ("1", "2"), "1")
            if column in columns:
                raise MarkupError(agenda.sourceline, f"a second "
                                    f"<agenda column=\"{column}\">")
            columns[column] = tuple(m.MastheadLine(content=self.inlines(line),
                                                   bold=line.get("bold") == "true")
                                    for line in _only(agenda, "line"))
        organs = tuple(" ".join("".join(o.itertext()).split())
                       for o in element.iterchildren("organ"))
        return m.Masthead(org=text("org"), symbol=text("symbol"), organs=organs,
                          distribution=text("distribution"), date=text("date"),
                          language=text("language"), original=text("original"),
                          agenda=columns.get("1", ()), agenda_side=columns.get("2", ()))

    # -- inline -------------------------------------------------------------

    def inlines(self, element, skip=()) -> tuple:
        """Return the inline nodes of ``element``, white space folded as in HTML."""
        nodes = []
        if element.text:
            nodes.append(m.Text(element.text))
        for child in element:
            if child.tag not in skip:
                nodes.append(self.inline(child))
            if child.tail:
                nodes.append(m.Text(child.tail))
        return _fold_space(nodes)

    def inline(self, element):
        tag = element.tag
        if tag == "em":
            return m.Emph(self.inlines(element))
        if tag == "strong":
            return m.Strong(self.inlines(element))
        if tag == "smallcaps":
            return m.SmallCaps(self.inlines(element))
        if tag == "sup":
            return m.Sup(self.inlines(element))
        if tag == "sub":
            return m.Sub(self.inlines(element))
        if tag == "link":
            href = element.get("href", "")
            if href.startswith("#"):
                # a cross-reference: resolved once every id of the document is known
                self.cross_references += 1
                return m.Link(href=href, children=self.inlines(element),
                              line=element.sourceline or 0)
            return m.Link(href=href, children=self.inlines(element))
        if tag == "br":
            return m.LineBreak()
        if tag == "note":
            return m.NoteRef(self.note(element))
        raise MarkupError(element.sourceline, f"unknown inline element <{tag}>")

    def note(self, element) -> m.Note:
        note_id = element.get("id")
        if note_id is not None and note_id in self.notes:
            return self.notes[note_id]
        custom = element.get("mark")
        if custom:
            mark = custom
        else:
            self.note_counter += 1
            mark = str(self.note_counter)
        if note_id is None:
            self.anonymous += 1
            note_id = f"_note{self.anonymous}"
        note = m.Note(id=note_id, mark=mark, custom_mark=bool(custom),
                      content=_strip(self.inlines(element)),
                      placement="end" if element in self.end_notes else "foot")
        self.notes[note_id] = note
        self.note_order.append(note)
        return note


def _only(element, tag: str):
    """Yield the children of ``element``, which must all be <tag>, with no text between them."""
    if (element.text or "").strip():
        raise MarkupError(element.sourceline, f"text "
                            f"{element.text.strip()[:40]!r} directly inside <{element.tag}>; "
                            f"put it in a <{tag}>")
    for child in element:
        if child.tag != tag:
            raise MarkupError(child.sourceline, f"<{element.tag}> holds "
                                f"<{tag}> elements, not <{child.tag}>")
        if (child.tail or "").strip():
            raise MarkupError(child.sourceline, f"text "
                                f"{child.tail.strip()[:40]!r} directly inside <{element.tag}>; "
                                f"put it in a <{tag}>")
        yield child


def _widths(element, columns: int) -> tuple:
    """Return the relative column widths of <table> ``element``; equal ones when it gives none."""
    given = element.get("widths")
    if given is None:
        return (1.0,) * columns
    try:
        widths = tuple(float(part) for part in given.split(","))
    except ValueError:
        widths = ()
    if not widths or any(not 0 < w < float("inf") for w in widths):
        raise MarkupError(element.sourceline, f"<table> widths="
                            f"{given!r}: expected positive numbers separated by commas, "
                            "one per column, such as \"1,4,3\"")
    return widths


def _choice(element, name: str, allowed: tuple, default: str) -> str:
    """Return attribute ``name`` of ``element``; raise TemplateError unless it is ``allowed``."""
    value = element.get(name, default)
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise MarkupError(element.sourceline, f"<{element.tag}> "
                            f"{name}={value!r}: expected one of {shown}")
    return value


def _resolve_links(document: m.Document, targets: dict) -> m.Document:
    """Point each cross-reference (a link to ``#id``) at its target's anchor; one with
    no text of its own prints the target's number ("12", "IV", "2.1")."""
    seen = {}

    def walk(node):
        if isinstance(node, tuple):
            items = tuple(walk(item) for item in node)
            return node if all(a is b for a, b in zip(items, node)) else items
        if isinstance(node, m.Link) and node.href.startswith("#") and node.line:
            name = node.href[1:]
            if name not in targets:
                hint = difflib.get_close_matches(name, list(targets), n=1)
                raise MarkupError(node.line, f"a link points at #{name}, which no heading or "
                                             "paragraph has as its id"
                                  + (f"; did you mean #{hint[0]}?" if hint else ""))
            anchor, number, _ = targets[name]
            children = walk(node.children)
            if not _plain(children).strip():
                if not number:
                    raise MarkupError(node.line, f"the link to #{name} has no text, and what "
                                                 "it points at has no number to print: give "
                                                 "the link its words")
                children = (m.Text(number),)
            return m.Link(href="#" + anchor, children=children)
        if isinstance(node, m.Note):
            if node.id not in seen:
                content = walk(node.content)
                seen[node.id] = node if content is node.content else \
                    dataclasses.replace(node, content=content)
            return seen[node.id]
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            changes = {}
            for field in dataclasses.fields(node):
                value = getattr(node, field.name)
                if isinstance(value, tuple) or (dataclasses.is_dataclass(value)
                                                and not isinstance(value, type)):
                    walked = walk(value)
                    if walked is not value:
                        changes[field.name] = walked
            return dataclasses.replace(node, **changes) if changes else node
        return node

    return walk(document)


def _plain(nodes) -> str:
    return m.plain_text(nodes)


def _fill_tocs(document: m.Document) -> m.Document:
    """Return ``document`` with every Toc listing the headings marked for it.

    A Toc in an annex lists that annex's headings (a report annexed to a letter);
    a Toc elsewhere lists the headings of the rest of the document, annexes with
    contents of their own aside. The paragraph range of an entry runs over the
    numbered paragraphs from its heading to the next heading of the same or a
    higher level, outside annexes (an annex's own contents: within it).
    """
    has_toc = [any(isinstance(b, m.Toc) for b in s.blocks) for s in document.sections]
    if not any(has_toc):
        return document
    own = {i for i, s in enumerate(document.sections) if s.role == "annex" and has_toc[i]}
    main = [i for i in range(len(document.sections)) if i not in own]
    entries = {i: _toc_entries(document, [i], ranged={i}) for i in own}
    if any(has_toc[i] for i in main):
        ranged = {i for i in main if document.sections[i].role != "annex"}
        main_entries = _toc_entries(document, main, ranged)
        entries.update({i: main_entries for i in main})

    def fill(block, index):
        if not isinstance(block, m.Toc):
            return block
        return dataclasses.replace(block, entries=tuple(e for e in entries[index]
                                                        if e.level <= block.depth))

    sections = tuple(dataclasses.replace(s, blocks=tuple(fill(b, i) for b in s.blocks))
                     if has_toc[i] else s for i, s in enumerate(document.sections))
    return dataclasses.replace(document, sections=sections)


def _toc_entries(document, indexes, ranged) -> list:
    """Return the TocEntry nodes of the sections ``indexes``; paragraph ranges in ``ranged``."""
    rows = []                                  # [heading, section index, first, last]
    for index in indexes:
        for block in document.sections[index].blocks:
            if isinstance(block, m.Heading) and block.toc:
                rows.append([block, index, None, None])
            elif isinstance(block, m.Para) and block.number and index in ranged:
                number = int(re.search(r"\d+", block.number).group())
                for row in rows:
                    open_row = row is rows[-1] or all(
                        later[0].level > row[0].level for later in rows[rows.index(row) + 1:])
                    if open_row and row[1] in ranged:
                        row[2] = row[2] if row[2] is not None else number
                        row[3] = number
    entries = []
    for heading, _index, first, last in rows:
        span = "" if first is None else (str(first) if first == last else f"{first}\u2013{last}")
        # A note called in a heading is called once, in the text, not again in the contents.
        content = tuple(n for n in heading.content if not isinstance(n, m.NoteRef))
        entries.append(m.TocEntry(anchor=heading.anchor, level=heading.level,
                                  number=heading.number, content=content, paragraphs=span))
    return entries


def _fold_space(nodes) -> tuple:
    """Collapse runs of white space inside Text nodes, as markup from templates is indented."""
    out = []
    for node in nodes:
        if isinstance(node, m.Text):
            text = re.sub(r"[ \t\r\n]+", " ", node.text)
            if out and isinstance(out[-1], m.Text):
                out[-1] = m.Text(out[-1].text + text)
            else:
                out.append(m.Text(text))
        else:
            out.append(node)
    return _strip(tuple(out))


def _strip(nodes: tuple) -> tuple:
    nodes = list(nodes)
    if nodes and isinstance(nodes[0], m.Text):
        nodes[0] = m.Text(nodes[0].text.lstrip(" "))
    if nodes and isinstance(nodes[-1], m.Text):
        nodes[-1] = m.Text(nodes[-1].text.rstrip(" "))
    return tuple(n for n in nodes if not (isinstance(n, m.Text) and n.text == ""))


def _iso_date(text: str) -> str:
    """Return ``text`` if it is an ISO date (the document's date), else ""."""
    import datetime
    try:
        return datetime.date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        return ""


# The elements a section holds as its blocks: those _Reader.block reads.
_BLOCK_TAGS = tuple(sorted(name[len("block_"):].replace("_", "-") for name in vars(_Reader)
                           if name.startswith("block_")))
