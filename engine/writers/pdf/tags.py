"""A tagged PDF: the structure tree of the document, built on reportlab's canvas.

reportlab has no tagging of its own. Each flowable the writer makes may carry a
structure element (``Element``: P, H1 … H6, LI, TD, TOCI, Note, Figure …, its
parent given); as the flowable is drawn, its drawing is wrapped in a
marked-content sequence with the next marked-content id of the page, and the id
is added to its element. Running heads, footers, rules and other decoration are
drawn as artifacts. As the file is saved the elements become the structure tree
(StructTreeRoot, with its parent tree), each page says which parent tree entry
is its own, and the catalog says the file is tagged.
"""
from __future__ import annotations

import contextlib
import threading

_ACTIVE = threading.local()          # the Tagger of the build being drawn, if any


class Element:
    """A structure element: ``kind`` ("P", "H1" …), its ``parent``, its children
    (elements and (page, mcid) marked content), an alternative text, a language."""

    def __init__(self, kind: str, parent: "Element" = None, alt: str = "", lang: str = "",
                 repeated_as_artifact: bool = False):
        self.kind, self.parent, self.alt, self.lang = kind, parent, alt, lang
        self.children = []
        self.repeated_as_artifact = repeated_as_artifact   # a header row drawn again
        self.pages = set()
        if parent is not None:
            parent.children.append(self)


class _Annotation:
    """An annotation among a structure element's kids (an OBJR): its reference, its page."""

    def __init__(self, ref, page: int):
        self.ref, self.page = ref, page


class Tagger:
    """The structure of one PDF build: the document element and the marked content
    of each page, in the order the pages were drawn."""

    def __init__(self, language: str = ""):
        self.document = Element("Document", lang=language)
        self._mcids = {}               # page number -> the elements of its mcids, in order
        self.depth = 0                 # marked content open around what is drawn now
        self.drawing = []              # the elements whose marked content is open (None: an artifact)
        self.links = []                # (annotation, its reference, page, element drawing it, kind)
        self.link_kind = "Link"        # "Reference" while a note call is linked

    def element(self, kind: str, parent: Element = None, **extra) -> Element:
        return Element(kind, parent or self.document, **extra)

    # -- while drawing --------------------------------------------------------------

    def begin(self, canv, element: Element) -> bool:
        """Open marked content for ``element`` on the page being drawn; return False
        (and open an artifact) when the element is a header row drawn again."""
        page = canv.getPageNumber()
        if element.repeated_as_artifact and element.pages and page not in element.pages:
            canv._code.append("/Artifact BMC")
            self.drawing.append(None)
            return False
        self._open(canv, element, page)
        self.drawing.append(element)
        return True

    def _open(self, canv, element: Element, page: int) -> None:
        element.pages.add(page)
        mcids = self._mcids.setdefault(page, [])
        mcid = len(mcids)
        mcids.append(element)
        element.children.append((page, mcid))
        canv._code.append(f"/{element.kind} <</MCID {mcid}>> BDC")

    def end(self, canv) -> None:
        if self.drawing:
            self.drawing.pop()
        canv._code.append("EMC")

    def label(self, canv):
        """Return a context in which what is drawn is the label (``Lbl``) of the
        element being drawn: a list item's or a note's label goes before its body,
        any other element's (a paragraph or heading number) inside it."""
        element = self.drawing[-1] if self.drawing else None
        if element is None or self.depth != 1:
            return contextlib.nullcontext()
        return self._label(canv, element)

    @contextlib.contextmanager
    def _label(self, canv, element: Element):
        parent = element.parent
        outside = element.kind == "LBody" or (element.kind == "P" and parent is not None
                                              and parent.kind == "Note")
        mark = Element("Lbl")
        mark.parent = parent if outside else element
        if outside:
            parent.children.insert(parent.children.index(element), mark)
        else:
            mark.parent.children.append(mark)
        page = canv.getPageNumber()
        canv._code.append("EMC")
        self._open(canv, mark, page)
        try:
            yield
        finally:
            canv._code.append("EMC")
            self._open(canv, element, page)     # the rest is the element's again

    def annotated(self, canv, annotation) -> None:
        """Note the link annotation just added to the page being drawn: it becomes a
        ``Link`` (in a ``Reference`` for a note call) of the element drawing it."""
        element = self.drawing[-1] if self.drawing else None
        if element is not None and canv._annotationrefs:
            self.links.append((annotation, canv._annotationrefs[-1], canv.getPageNumber(),
                               element, self.link_kind))

    # -- as the file is saved ---------------------------------------------------------

    def finish(self, canv) -> None:
        """Write the structure tree, the parent tree and the pages' entries."""
        from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFName,
                                              PDFObjectReference, PDFString)
        doc = canv._doc
        pages = doc.Pages.pages
        references = {}

        page_refs = {}

        def page_ref(number):
            if number not in page_refs:
                page_refs[number] = PDFObjectReference(f"Page{number}")
            return page_refs[number]

        names = {}
        mcr = PDFName("MCR")
        element_class = _structure_element()

        def build(element, parent_ref):
            # /Type is optional; marked content on the element's own page (/Pg) is
            # its bare MCID: a long table makes tens of thousands of these.
            kind = names.get(element.kind) or names.setdefault(element.kind,
                                                                PDFName(element.kind))
            own = element_class({"S": kind, "P": parent_ref})
            ref = doc.Reference(own)
            references[id(element)] = ref
            pages_of = [c[0] for c in element.children if isinstance(c, tuple)]
            home = pages_of[0] if pages_of else None
            if home is not None:
                own["Pg"] = page_ref(home)
            kids = []
            for child in element.children:
                if isinstance(child, Element):
                    if child.children:
                        kids.append(build(child, ref))
                elif isinstance(child, _Annotation):
                    kids.append(PDFDictionary({"Type": objr, "Obj": child.ref,
                                               "Pg": page_ref(child.page)}))
                else:
                    page, mcid = child
                    kids.append(mcid if page == home else
                                PDFDictionary({"Type": mcr, "Pg": page_ref(page), "MCID": mcid}))
            if kids:
                own["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
            if element.alt:
                own["Alt"] = PDFString(element.alt)
            if element.lang:
                own["Lang"] = PDFString(element.lang)
            return ref

        keys = {}                      # id(Link element) -> its annotation's parent tree key
        for number, (annotation, ref, page, owner, kind) in enumerate(self.links, len(pages)):
            holder = Element("Reference", owner) if kind == "Reference" else owner
            link = Element("Link", holder)
            link.children.append(_Annotation(ref, page))
            keys[id(link)] = number
            if isinstance(annotation, PDFDictionary):
                annotation["StructParent"] = number
            else:
                annotation.permitted = type(annotation).permitted + ("StructParent",)
                annotation.otherkw["StructParent"] = number
        objr = PDFName("OBJR")

        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root)
        document_ref = build(self.document, root_ref)
        root["K"] = PDFArray([document_ref])
        numbers = []
        for index, page in enumerate(pages):
            number = index + 1
            page.StructParents = index
            page.Tabs = PDFName("S")
            if "StructParents" not in page.__NoDefault__:
                # reportlab writes the page entries it lists
                page.__NoDefault__ = list(page.__NoDefault__) + ["StructParents", "Tabs"]
            numbers += [index, PDFArray([references[id(e)] for e in self._mcids.get(number, [])
                                         if id(e) in references])]
        for link_id, number in keys.items():
            numbers += [number, references[link_id]]
        # thousands of references: written the quick way, as the elements are
        root["ParentTree"] = element_class({"Nums": PDFArray(numbers)})
        root["ParentTreeNextKey"] = len(pages) + len(keys)
        doc.Catalog.StructTreeRoot = root_ref
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        prefs = getattr(doc.Catalog, "ViewerPreferences", None)
        if prefs is None:
            doc.Catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})


_ELEMENT_CLASS = []


def _structure_element():
    """Return the class of the structure elements' dictionaries.

    A tagged report has thousands of them, and reportlab's general formatting (a call
    and an encoding per key, name and value) was a third of writing the file. This
    one writes the same bytes as a PDFDictionary directly for the values a
    structure element holds (names, numbers, references, arrays of them), and asks
    reportlab for anything else.
    """
    if _ELEMENT_CLASS:
        return _ELEMENT_CLASS[0]
    from reportlab import rl_config
    from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFObjectReference,
                                          format as rl_format)

    def value(item, document, numbers):
        kind = type(item)
        if kind is str:
            return item.encode("ascii") if item.isascii() else rl_format(item, document)
        if kind is int:
            return str(item).encode("ascii")
        if kind is PDFObjectReference:
            return ("%s %s R" % numbers[item.name]).encode("ascii")
        if kind is PDFArray:
            items = [value(e, document, numbers) for e in item.sequence]
            for i in reversed(range(10, len(items), 10)):
                items.insert(i, b"\n ")
            return b"[ " + b" ".join(items) + b" ]"
        return rl_format(item, document)

    class StructureElement(PDFDictionary):
        # ``value`` is made once, not in each call: a function made in a call that
        # calls itself is a reference cycle, and each would keep the document, every
        # object of the file, alive until the cycle collector next ran.
        def format(self, document, IND=b"\n "):
            if rl_config.pdfMultiLine or self.multiline == "forced" or rl_config.pdfComments:
                return super().format(document, IND)
            numbers = document.idToObjectNumberAndVersion
            entries = self.dict
            lines = [b"/" + key.encode("ascii") + b" " + value(entries[key], document, numbers)
                     for key in sorted(entries)]
            for i in reversed(range(6, len(lines), 6)):
                lines.insert(i, b"\n ")
            return b"<<\n" + b" ".join(lines) + b"\n>>"

    _ELEMENT_CLASS.append(StructureElement)
    return StructureElement


def tag(flowable, element: Element):
    """Give ``flowable`` the structure element its drawing belongs to; return it."""
    flowable._palais_element = element
    return flowable


@contextlib.contextmanager
def artifact(canv):
    """Draw what the block draws as an artifact (decoration, not content), where a
    tagged build draws and no marked content is open."""
    tagger = getattr(_ACTIVE, "tagger", None)
    if tagger is None or tagger.depth:
        yield
        return
    canv._code.append("/Artifact BMC")
    tagger.depth += 1
    try:
        yield
    finally:
        tagger.depth -= 1
        canv._code.append("EMC")


@contextlib.contextmanager
def tagging(tagger: Tagger):
    """Within the block, flowables carrying an element are drawn as its content."""
    from reportlab.pdfgen import canvas
    kept, kept_add = getattr(_ACTIVE, "tagger", None), canvas.Canvas._addAnnotation

    def add(self, annotation, *args, **kwargs):
        kept_add(self, annotation, *args, **kwargs)
        tagger.annotated(self, annotation)
    _ACTIVE.tagger = tagger
    canvas.Canvas._addAnnotation = add
    try:
        yield
    finally:
        _ACTIVE.tagger = kept
        canvas.Canvas._addAnnotation = kept_add


@contextlib.contextmanager
def links_of(flowable):
    """Within the block, a link added belongs to ``flowable``'s element, though the
    flowable is not being drawn (a note's mark linked back to its call)."""
    tagger = getattr(_ACTIVE, "tagger", None)
    element = getattr(flowable, "_palais_element", None)
    if tagger is None or element is None:
        yield
        return
    tagger.drawing.append(element)
    try:
        yield
    finally:
        tagger.drawing.pop()


@contextlib.contextmanager
def referencing():
    """Within the block, a link added is a note call's: a Reference holding the Link."""
    tagger = getattr(_ACTIVE, "tagger", None)
    if tagger is None:
        yield
        return
    tagger.link_kind = "Reference"
    try:
        yield
    finally:
        tagger.link_kind = "Link"


def install() -> None:
    """Wrap reportlab's Flowable.drawOn while a tagged build draws: a flowable carrying
    an element is drawn as its marked content; one that holds others (a table, a
    group kept together, a box) lets them be drawn each on their own; any other is
    an artifact. What a tagged flowable draws inside itself belongs to it."""
    from reportlab.platypus.flowables import Flowable
    from reportlab.platypus.tables import Table
    if getattr(Flowable.drawOn, "palais", False):
        return
    draw_on = Flowable.drawOn

    def tagged_draw_on(self, canvas, x, y, _sW=0):
        tagger = getattr(_ACTIVE, "tagger", None)
        if tagger is None or tagger.depth:
            return draw_on(self, canvas, x, y, _sW)
        element = getattr(self, "_palais_element", None)
        if element is None and (isinstance(self, Table) or getattr(self, "_content", None)
                                is not None or getattr(self, "holds_flowables", False)):
            return draw_on(self, canvas, x, y, _sW)
        if element is None:
            canvas._code.append("/Artifact BMC")
            tagger.drawing.append(None)
        else:
            tagger.begin(canvas, element)
        tagger.depth += 1
        try:
            return draw_on(self, canvas, x, y, _sW)
        finally:
            tagger.depth -= 1
            tagger.end(canvas)

    tagged_draw_on.palais = True
    Flowable.drawOn = tagged_draw_on

    from reportlab.platypus import paragraph
    draw_bullet = paragraph._drawBullet

    def tagged_draw_bullet(canvas, *args, **kwargs):
        with labelling(canvas):
            return draw_bullet(canvas, *args, **kwargs)

    paragraph._drawBullet = tagged_draw_bullet


def labelling(canv):
    """Return a context in which what is drawn is the label of the element being
    drawn (a paragraph's number, a list item's letter, a note's mark)."""
    tagger = getattr(_ACTIVE, "tagger", None)
    return tagger.label(canv) if tagger is not None else contextlib.nullcontext()
