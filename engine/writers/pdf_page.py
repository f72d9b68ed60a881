"""Page geometry + running matter of a style sheet -> reportlab page templates and doc template."""
from __future__ import annotations

from reportlab.graphics.barcode.code39 import Standard39
from reportlab.pdfbase.pdfmetrics import getDescent
from reportlab.platypus import ActionFlowable, BaseDocTemplate, KeepTogether, PageTemplate

from .pdf_notes import NoteFrame


class PageDecor:
    """Draw what surrounds the body: the page-1 footer, running headers and footers.

    ``total`` is the page count of the finished document, or None on the first
    pass, when only the layout matters.
    """

    def __init__(self, sheet, meta, inline, warn, total=None):
        self.sheet, self.meta, self.inline, self.warn = sheet, meta, inline, warn
        self.total = total
        self.pages = 0
        running = sheet.running
        self.header = sheet.style(running["header-style"])
        self.number = sheet.style(running["page-number-style"])
        self.job = sheet.style(running["job-style"])
        self.job_line = sheet.style(running["first-footer-style"])
        self.recycle = sheet.style(running.get("recycle-style", running["job-style"]))

    def first(self, canv, doc) -> None:
        """Draw the page-1 footer: job line, barcode under it, recycling note at the right."""
        self.pages = max(self.pages, canv.getPageNumber())
        page, meta, sheet = self.sheet.page, self.meta, self.sheet
        baseline = sheet.length("running", "first-footer-baseline").pt
        left, right = page.margin_left.pt, (page.width - page.margin_right).pt
        canv.saveState()
        if meta.job_line:
            self._draw(canv, meta.job_line, left, baseline, self.job_line)
        if meta.recycle:
            self._draw(canv, meta.recycle, right, baseline, self.recycle, anchor="end")
        if meta.barcode:
            self._barcode(canv, left, baseline)
        canv.restoreState()

    def later(self, canv, doc) -> None:
        """Draw the running header (symbol, rule) and footer (n/N, job number)."""
        number = canv.getPageNumber()
        self.pages = max(self.pages, number)
        page, meta, running = self.sheet.page, self.meta, self.sheet.running
        left, right = page.margin_left.pt, (page.width - page.margin_right).pt
        # Odd pages carry the outer matter at the right, even pages at the left.
        outer_right = number % 2 == 1 or not page.odd_even
        outer, inner = (right, left) if outer_right else (left, right)
        outer_anchor, inner_anchor = ("end", "start") if outer_right else ("start", "end")
        canv.saveState()
        header_base = (page.height - page.header_distance).pt - self.header.leading.pt \
            + self._descent(self.header)
        if meta.symbol:
            self._draw(canv, meta.symbol, outer, header_base, self.header, anchor=outer_anchor)
        rule_y = header_base - self.sheet.length("running", "header-rule-offset").pt
        canv.setLineWidth(self.sheet.length("running", "header-rule").pt)
        canv.line(left, rule_y, right, rule_y)
        footer_base = page.footer_distance.pt + self._descent(self.number)
        total = "?" if self.total is None else str(self.total)
        label = running["page-number"].format(page=number, pages=total)
        self._draw(canv, label, outer, footer_base, self.number, anchor=outer_anchor)
        if meta.job_number:
            self._draw(canv, meta.job_number, inner, footer_base, self.job, anchor=inner_anchor)
        canv.restoreState()

    def _descent(self, style) -> float:
        """Return how far the style's glyphs reach below the baseline (positive)."""
        face = self.inline.fonts.primary.face(style.bold, style.italic)
        return -getDescent(face, style.size.pt)

    def _draw(self, canv, text, x, y, style, anchor="start"):
        self.inline.draw(canv, [(text, style.size, style.bold, style.italic)], x, y, anchor=anchor)

    def _barcode(self, canv, left: float, baseline: float) -> None:
        length = lambda key: self.sheet.length("running", key).pt
        value = self.meta.barcode.strip("*")      # Code 39 adds its own start and stop stars
        code = Standard39(value, barWidth=length("barcode-bar-width"),
                          barHeight=length("barcode-height"), humanReadable=0, quiet=0,
                          checksum=0, ratio=float(self.sheet.running.get("barcode-ratio", 2.2)))
        code.validate()
        if not code.valid:
            self.warn("barcode-invalid", f"cannot draw {self.meta.barcode!r} as a Code 39 barcode")
            return
        code.drawOn(canv, left, baseline - length("barcode-gap") - length("barcode-height"))


class KeepWithNext(KeepTogether):
    """Keep headings with the first lines of what follows them, not with all of it.

    reportlab moves the whole group to the next page when it does not fit; Word
    moves only what is needed, so a heading may stand above a paragraph that
    continues overleaf.
    """

    def split(self, aW, aH):
        *lead, last = self._content
        heights = [f.wrap(aW, aH)[1] for f in lead]
        pairs = zip(self._content, self._content[1:])
        gaps = [a.getSpaceAfter() + b.getSpaceBefore() for a, b in pairs]
        room = aH - sum(heights) - sum(gaps)
        if lead and room > 0 and sum(heights) + sum(gaps) + last.wrap(aW, aH)[1] > aH:
            parts = last.split(aW, room)
            # A part that is a page or frame break would leave the heading alone.
            if len(parts) > 1 and not isinstance(parts[0], ActionFlowable):
                return lead + parts
        return super().split(aW, aH)


class PalaisDocTemplate(BaseDocTemplate):
    """Page 1 with the masthead frame and footer, later pages with running matter.

    Notes reserved by the frames are drawn at each page end; ``callbacks`` maps
    onDraw names to functions(canvas, kind, label).
    """

    def __init__(self, buffer, *, sheet, area, decor, first_top, callbacks, **info):
        page = sheet.page
        super().__init__(buffer, pagesize=(page.width.pt, page.height.pt),
                         leftMargin=page.margin_left.pt, rightMargin=page.margin_right.pt,
                         topMargin=page.margin_top.pt, bottomMargin=page.margin_bottom.pt,
                         invariant=1, keepTogetherClass=KeepWithNext, **info)
        self.area = area
        self.callbacks = callbacks
        width, bottom = page.frame_width.pt, page.margin_bottom.pt
        frame = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                     overlapAttachedSpace=0, area=area)
        # Word adds a paragraph's space after to the next one's space before;
        # overlapAttachedSpace=0 does the same, so DOCX and PDF agree.
        first = NoteFrame(page.margin_left.pt, bottom, width,
                          (page.height - first_top).pt - bottom, id="first", **frame)
        later = NoteFrame(page.margin_left.pt, bottom, width,
                          (page.height - page.margin_top).pt - bottom, id="later", **frame)
        self.addPageTemplates([
            PageTemplate("first", [first], onPage=decor.first, onPageEnd=self._draw_notes,
                         autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=decor.later, onPageEnd=self._draw_notes),
        ])

    def beforeDocument(self):
        for name, callback in self.callbacks.items():
            self.canv.setNamedCB(name, callback)

    def _draw_notes(self, canv, doc):
        frame = doc.frame
        self.area.draw(canv, frame.page_notes, frame._x1, frame._y1 + frame._bottomPadding,
                       canv.getPageNumber())
