"""Model document + resolved style sheet -> one self-contained HTML5 page.

The page is built as an lxml element tree and serialised at the end, so every
text and attribute value is escaped by construction: what the user typed is
text. It is semantic HTML -- ``lang``, ``<main>``, headings by level, lists as
lists, tables with header cells, notes as linked notes with links back,
figures with alternative text -- and carries its CSS (``css.stylesheet``, from
the same style sheet as the DOCX and the PDF) and its images inline.
"""
from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

from lxml import etree

from ... import model as m
from ...errors import RenderError
from ...words import is_rtl
from .. import Writer
from .css import class_name, stylesheet

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ROLES = {"front": "front", "body": "body", "annex": "annex"}


class HtmlWriter(Writer):
    """Write a Document as an HTML page: ``render`` returns its UTF-8 bytes."""

    name = "HTML"
    format = "html"

    def render(self, document) -> bytes:
        self._document = document
        self._used = set()                 # sheet styles the page uses
        self._calls = {}                   # note id -> how often it was called
        self._pending = []                 # notes called in the section being written
        self._written = set()              # notes already listed
        meta = document.meta
        language = meta.language or "en"
        root = etree.Element("html", lang=language)
        if is_rtl(language):
            root.set("dir", "rtl")
        head = etree.SubElement(root, "head")
        etree.SubElement(head, "meta", charset="utf-8")
        etree.SubElement(head, "meta", name="viewport",
                         content="width=device-width, initial-scale=1")
        etree.SubElement(head, "title").text = meta.title or meta.symbol or "Document"
        etree.SubElement(head, "meta", name="generator", content="Palais")
        if meta.author:
            etree.SubElement(head, "meta", name="author", content=meta.author)
        if meta.date:
            etree.SubElement(head, "meta", name="dcterms.date", content=meta.date)
        style = etree.SubElement(head, "style")
        body = etree.SubElement(root, "body")
        main = etree.SubElement(body, "main")
        for section in document.sections:
            self._section(main, section)
        self._used.update(("Normal",))
        style.text = stylesheet(self.sheet, self._used, is_rtl(language))
        out = etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
        return (out + "\n").encode("utf-8")

    # -- structure ----------------------------------------------------------------

    def _section(self, parent, section: m.Section) -> None:
        classes = [_ROLES.get(section.role, "body")]
        if section.new_page:
            classes.append("new-page")
        if section.page_style:
            classes.append(section.page_style)
        element = etree.SubElement(parent, "section", {"class": " ".join(classes)})
        if section.role == "annex" and section.number:
            element.set("id", f"annex-{section.number}")
        for block in section.blocks:
            self._block(element, block)
        self._notes_of_section(element)

    def _block(self, parent, block) -> None:
        method = getattr(self, "visit_" + type(block).__name__.lower(), None)
        if method is None:
            raise RenderError(f"the HTML writer cannot render block node {type(block).__name__}")
        method(parent, block)

    def _styled(self, parent, tag: str, style: str, **attrs):
        self._used.add(style)
        element = etree.SubElement(parent, tag, {"class": class_name(style)})
        for key, value in attrs.items():
            if value:
                element.set(key.replace("_", "-"), str(value))
        return element

    # -- blocks ----------------------------------------------------------------------

    def visit_para(self, parent, node: m.Para) -> None:
        p = self._styled(parent, "p", node.style, id=node.anchor, lang=node.lang)
        if node.align:
            p.set("style", f"text-align: {'start' if node.align == 'left' else node.align}")
        if node.number:
            _text(etree.SubElement(p, "span", {"class": "number"}), node.number)
            _append_text(p, " ")
        self._inline(p, node.content)

    def visit_heading(self, parent, node: m.Heading) -> None:
        level = min(max(node.level, 1), 6)
        h = self._styled(parent, f"h{level}", node.style, id=node.anchor)
        if node.number:
            _text(etree.SubElement(h, "span", {"class": "number"}), node.number)
            _append_text(h, " ")
        self._inline(h, node.content)

    def visit_list(self, parent, node: m.List) -> None:
        bullets = all(item.label in ("•", "–", "-", "◦", "▪") for item in node.items)
        listing = self._styled(parent, "ul" if bullets else "ol", node.style, lang=node.lang)
        listing.set("class", listing.get("class") + (" bulleted" if bullets else " labelled"))
        for item in node.items:
            li = etree.SubElement(listing, "li")
            label = etree.SubElement(li, "span", {"class": "label"})
            if bullets:
                label.set("aria-hidden", "true")
            _text(label, item.label)
            _append_text(li, " ")
            self._inline(li, item.content)
            for child in item.children:
                self._block(li, child)

    def visit_signature(self, parent, node: m.Signature) -> None:
        p = self._styled(parent, "p", node.style)
        p.set("class", p.get("class") + " signature")
        for index, line in enumerate(node.lines):
            if index:
                etree.SubElement(p, "br")
            self._inline(p, line)

    def visit_masthead(self, parent, node: m.Masthead) -> None:
        header = etree.SubElement(parent, "header", {"class": "masthead"})
        line = etree.SubElement(header, "div", {"class": "org-line"})
        _text(self._styled(line, "span", "MastOrg"), node.org)
        symbol = etree.SubElement(line, "span", {"class": "symbol"})
        _text(symbol, node.symbol)
        organs = etree.SubElement(header, "p", {"class": "organs"})
        for index, organ in enumerate(node.organs):
            if index:
                etree.SubElement(organs, "br")
            _append_text(organs, organ)
        info = etree.SubElement(header, "p", {"class": "info"})
        for index, value in enumerate(v for v in (node.distribution, node.date, node.language,
                                                  node.original) if v):
            if index:
                etree.SubElement(info, "br")
            _append_text(info, value)
        for lines, where in ((node.agenda, "agenda"), (node.agenda_side, "agenda side")):
            if not lines:
                continue
            agenda = etree.SubElement(header, "div", {"class": where})
            for entry in lines:
                p = self._styled(agenda, "p", "AgendaBold" if entry.bold else "AgendaLine")
                self._inline(p, entry.content)

    def visit_toc(self, parent, node: m.Toc) -> None:
        nav = etree.SubElement(parent, "nav", {"class": "toc"})
        if node.title:
            nav.set("aria-label", node.title)
            _text(self._styled(nav, "h2", "TocTitle" if "TocTitle" in self.sheet.styles
                               else "H1"), node.title)
        top = etree.SubElement(nav, "ol")
        for entry in node.entries:
            li = self._styled(top, "li", node.style)
            li.set("class", li.get("class") + f" toc-level-{entry.level}")
            link = etree.SubElement(li, "a", href=f"#{entry.anchor}")
            if entry.number:
                _text(etree.SubElement(link, "span", {"class": "number"}), entry.number)
                _append_text(link, " ")
            self._inline(link, entry.content, links=False)
            if entry.paragraphs:
                _text(etree.SubElement(li, "span", {"class": "paragraphs"}), entry.paragraphs)

    def visit_box(self, parent, node: m.Box) -> None:
        box = etree.SubElement(parent, "section", {"class": "box"})
        if node.title:
            _text(self._styled(box, "h2", node.style), node.title)
        for block in node.blocks:
            self._block(box, block)

    def visit_figure(self, parent, node: m.Figure) -> None:
        figure = etree.SubElement(parent, "figure")
        caption = self._styled(figure, "figcaption", "FigureTitle")
        if node.label:
            _text(etree.SubElement(caption, "span", {"class": "label"}), node.label)
            etree.SubElement(caption, "br")
        _append_text(caption, node.title)
        source = _data_uri(node.image) if node.image else None
        if source:
            etree.SubElement(figure, "img", src=source, alt=node.title)
        else:
            etree.SubElement(figure, "div", {"class": "frame", "role": "img",
                                             "aria-label": node.title})
        if node.note:
            self._inline(self._styled(figure, "p", "FigureNote" if "FigureNote"
                                      in self.sheet.styles else "Normal"), node.note)

    def visit_table(self, parent, node: m.Table) -> None:
        table = etree.SubElement(parent, "table", {"class": "t-" + class_name(node.style)[2:]})
        total = sum(node.widths) or 1
        group = etree.SubElement(table, "colgroup")
        for width in node.widths:
            etree.SubElement(group, "col", style=f"width: {100 * width / total:.3g}%")
        head = [row for row in node.rows if row.header]
        body = [row for row in node.rows if not row.header]
        if head:
            thead = etree.SubElement(table, "thead")
            for row in head:
                self._row(thead, row, header=True)
        tbody = etree.SubElement(table, "tbody")
        for row in body:
            self._row(tbody, row, header=False)

    def _row(self, parent, row: m.Row, header: bool) -> None:
        tr = etree.SubElement(parent, "tr")
        for cell in row.cells:
            td = etree.SubElement(tr, "th" if header else "td")
            if header:
                td.set("scope", "col")
            if cell.span > 1:
                td.set("colspan", str(cell.span))
            if len(cell.blocks) == 1 and isinstance(cell.blocks[0], m.Para) \
                    and not cell.blocks[0].number:
                self._used.add(cell.blocks[0].style)
                td.set("class", class_name(cell.blocks[0].style))
                self._inline(td, cell.blocks[0].content)
            else:
                for block in cell.blocks:
                    self._block(td, block)

    def visit_endnotes(self, parent, node: m.Endnotes) -> None:
        aside = etree.SubElement(parent, "section", {"class": "notes endnotes",
                                                     "role": "doc-endnotes"})
        if node.title:
            _text(self._styled(aside, "h2", "H1"), node.title)
        self._note_list(aside, node.notes)

    def visit_pagebreak(self, parent, node) -> None:
        etree.SubElement(parent, "div", {"class": "page-break", "aria-hidden": "true"})

    def visit_spacer(self, parent, node: m.Spacer) -> None:
        height = getattr(node.height, "pt", 0)
        etree.SubElement(parent, "div", {"class": "spacer", "aria-hidden": "true",
                                         "style": f"height: {height:.4g}pt"})

    def visit_answerline(self, parent, node: m.AnswerLine) -> None:
        self._used.add(node.style)
        etree.SubElement(parent, "hr", {"class": f"answer-line {class_name(node.style)}"})

    # -- notes ---------------------------------------------------------------------

    def _notes_of_section(self, section) -> None:
        """List, at the end of a section, the notes its text called that no Endnotes
        block prints."""
        notes = [n for n in self._pending if n.placement != "end" and n.id not in self._written]
        self._pending = []
        if notes:
            aside = etree.SubElement(section, "aside", {"class": "notes",
                                                        "role": "doc-footnotes"})
            self._note_list(aside, notes)

    def _note_list(self, parent, notes) -> None:
        listing = etree.SubElement(parent, "ol")
        name = self.sheet.footnotes.get("style", "FootnoteText")
        for note in notes:
            if note.id in self._written:
                continue
            self._written.add(note.id)
            li = self._styled(listing, "li", name, id=_note_id(note))
            mark = etree.SubElement(li, "span", {"class": "mark"})
            if self._calls.get(note.id):
                back = etree.SubElement(mark, "a", href=f"#{_call_id(note, 1)}",
                                        role="doc-backlink")
                _text(back, note.mark)
            else:
                _text(mark, note.mark)
            _append_text(li, " ")
            self._inline(li, note.content)

    # -- inline ----------------------------------------------------------------------

    def _inline(self, parent, nodes, links: bool = True) -> None:
        for node in nodes:
            if isinstance(node, m.Text):
                _append_text(parent, node.text)
            elif isinstance(node, m.LineBreak):
                # a new line after it: text taken from the page keeps the words apart
                etree.SubElement(parent, "br").tail = "\n"
            elif isinstance(node, m.NoteRef):
                self._call(parent, node.note, links)
            elif isinstance(node, m.Link):
                href = node.href
                if links and _safe(href):
                    self._inline(etree.SubElement(parent, "a", href=href), node.children, False)
                else:
                    self._inline(parent, node.children, links)
            else:
                tag = {m.Emph: "em", m.Strong: "strong", m.Sup: "sup", m.Sub: "sub",
                       m.Inserted: "ins", m.Deleted: "del"}.get(type(node))
                if tag is not None:
                    self._inline(etree.SubElement(parent, tag), node.children, links)
                elif isinstance(node, (m.SmallCaps, m.Restyled)):
                    name = "smallcaps" if isinstance(node, m.SmallCaps) else "restyled"
                    self._inline(etree.SubElement(parent, "span", {"class": name}),
                                 node.children, links)
                else:
                    raise RenderError(f"the HTML writer cannot render inline node "
                                      f"{type(node).__name__}")

    def _call(self, parent, note: m.Note, links: bool) -> None:
        count = self._calls.get(note.id, 0) + 1
        self._calls[note.id] = count
        if note.id not in self._written and note not in self._pending:
            self._pending.append(note)
        sup = etree.SubElement(parent, "sup", {"class": "call"})
        if links:
            link = etree.SubElement(sup, "a", href=f"#{_note_id(note)}", id=_call_id(note, count),
                                    role="doc-noteref")
            _text(link, note.mark)
        else:
            _text(sup, note.mark)


def _safe(href: str) -> bool:
    """Tell whether ``href`` may be a link: a web or mail address, a place in the page,
    or a file beside it ("report.pdf"); never a script or data."""
    if href.startswith(("#",) + _SAFE_SCHEMES):
        return True
    return not _SCHEME.match(href) and not href.startswith("//")


def _note_id(note: m.Note) -> str:
    return f"note-{note.id}"


def _call_id(note: m.Note, count: int) -> str:
    return f"call-{note.id}" + (f"-{count}" if count > 1 else "")


def _data_uri(path) -> str:
    """Return the image at ``path`` as a data: URI, so the page is one file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RenderError(f"{path}: cannot read the image: {exc.strerror}") from None
    kind = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _text(element, text: str) -> None:
    element.text = (element.text or "") + text


def _append_text(parent, text: str) -> None:
    """Append ``text`` after the last child of ``parent``, or to its text."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
