"""Page geometry + running matter of a style sheet -> reportlab page templates and doc template."""
from __future__ import annotations

import datetime as dt

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import getDescent
from reportlab.platypus import (ActionFlowable, BaseDocTemplate, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate)

from ...errors import StyleError
from ...words import is_rtl
from .notes import NoteFrame
from .tags import artifact

# The page template that draws each section page style; "first" is the masthead page.
PAGE_TEMPLATES = {"": "later", "plain": "plain", "cover": "cover"}
_BLACK = "000000"


class PageDecor:
    """Draw what surrounds the body: the page-1 footer, running matter, the cover band.

    ``inline_for(font role)`` returns the InlineMarkup that draws text in that role.
    ``pages`` counts the pages begun; a page number that shows the page count
    ("2/20") is drawn by ``late`` (a LateText) once the count is known.
    """

    def __init__(self, sheet, meta, inline_for, warn, late):
        self.sheet, self.meta, self.inline_for, self.warn = sheet, meta, inline_for, warn
        self.late = late
        self.pages = 0
        self.running = sheet.running_matter()
        self._page_label(1)        # a bad pattern is refused before the layout

    def first(self, canv, doc) -> None:
        """Draw the page-1 footer: job line, barcode under it, recycling note at the right."""
        self._count(canv)
        page, meta, sheet = self.sheet.page, self.meta, self.sheet
        baseline = sheet.length("running", "first-footer-baseline").pt
        left, right = page.margin_left.pt, (page.width - page.margin_right).pt
        canv.saveState()
        if meta.job_line:
            self._draw(canv, meta.job_line, left, baseline, self._style("first-footer-style"))
        if meta.recycle:
            self._draw(canv, meta.recycle, right, baseline,
                       self._style("recycle-style", "job-style"), anchor="end")
        if meta.barcode:
            self._barcode(canv, left, baseline)
        canv.restoreState()

    def later(self, canv, doc) -> None:
        """Draw the running header (text over a rule) and footer (page number, job number)."""
        number = self._count(canv)
        page, meta, running = self.sheet.page, self.meta, self.running
        left, right = page.margin_left.pt, (page.width - page.margin_right).pt
        # Odd pages carry the outer matter at the right, even pages at the left; a
        # right-to-left document is the mirror image.
        outer_right = (number % 2 == 1 or not page.odd_even) != is_rtl(meta.language)
        outer, inner = (right, left) if outer_right else (left, right)
        outer_anchor, inner_anchor = ("end", "start") if outer_right else ("start", "end")
        canv.saveState()
        header = running.header(meta)
        if header:
            style = self._style("header-style")
            header_base = (page.height - page.header_distance).pt - style.leading.pt \
                + self._descent(style)
            self._draw(canv, header, outer, header_base, style, anchor=outer_anchor)
            rule = self.sheet.length("running", "header-rule")
            if rule.pt > 0:
                rule_y = header_base - self.sheet.length("running", "header-rule-offset").pt
                canv.setLineWidth(rule.pt)
                canv.line(left, rule_y, right, rule_y)
        style = self._style("page-number-style")
        footer_base = page.footer_distance.pt + self._descent(style)
        if running.position == "center":
            self._page_number(canv, number, (left + right) / 2, footer_base, style, "middle")
        else:
            self._page_number(canv, number, outer, footer_base, style, outer_anchor)
        if running.job_number and meta.job_number:
            self._draw(canv, meta.job_number, inner, footer_base, self._style("job-style"),
                       anchor=inner_anchor)
        canv.restoreState()

    def plain(self, canv, doc) -> None:
        """Count a page that carries no running matter."""
        self._count(canv)

    def cover(self, canv, doc) -> None:
        """Fill the cover band across the whole page width, under the text still to come."""
        self._count(canv)
        sheet, page = self.sheet, self.sheet.page
        height = sheet.length("cover", "band-height")
        if height.pt <= 0:
            return
        top = sheet.length("cover", "band-top")
        canv.saveState()
        canv.setFillColor(_colour(sheet, "cover", "band-color"))
        canv.rect(0, (page.height - top - height).pt, page.width.pt, height.pt, stroke=0, fill=1)
        canv.restoreState()

    def _count(self, canv) -> int:
        number = canv.getPageNumber()
        self.pages = max(self.pages, number)
        return number

    def _page_number(self, canv, number: int, x: float, y: float, style, anchor: str) -> None:
        if "{pages}" not in self.running.page_number:
            self._draw(canv, self._page_label(number), x, y, style, anchor=anchor)
            return
        self.late.place(canv, x, y, lambda late_canv, at_x, at_y: self._draw(
            late_canv, self._page_label(number), at_x, at_y, style, anchor=anchor))

    def _page_label(self, number: int) -> str:
        total = str(self.pages)
        pattern = self.running.page_number
        try:
            return pattern.format(page=number, pages=total)
        except (KeyError, ValueError, IndexError) as exc:
            raise StyleError(f"{self.sheet.source}: running.page-number {pattern!r}: expected "
                             f"the fields {{page}} and {{pages}} only ({exc})") from None

    def _style(self, key: str, fallback: str = ""):
        """Return the paragraph style that running key ``key`` (or ``fallback``) names."""
        running = self.sheet.running
        name = running.get(key) or running.get(fallback)
        if not name:
            raise StyleError(f"{self.sheet.source}: running.{key} is not set")
        return self.sheet.style(name)

    def _descent(self, style) -> float:
        """Return how far the style's glyphs reach below the baseline (positive)."""
        face = self.inline_for(style.font).fonts.primary.face(style.bold, style.italic)
        return -getDescent(face, style.size.pt)

    def _draw(self, canv, text, x, y, style, anchor="start"):
        inline = self.inline_for(style.font)
        pieces = [(text, style.size, style.bold, style.italic)]
        if anchor == "middle":
            x, anchor = x - inline.width(pieces) / 2, "start"
        if style.color.upper() == _BLACK:
            # The canvas fills black already: no colour operator, so UN pages stay as they were.
            inline.draw(canv, pieces, x, y, anchor=anchor)
            return
        canv.saveState()
        canv.setFillColor(HexColor("#" + style.color))
        inline.draw(canv, pieces, x, y, anchor=anchor)
        canv.restoreState()

    def _barcode(self, canv, left: float, baseline: float) -> None:
        """Draw the job number's Code 39 barcode: its bars as filled rectangles, the
        narrow ones barcode-bar-width wide, the wide ones barcode-ratio times that,
        with a narrow space between characters; no quiet zone, no check character."""
        from ..images import code39_elements
        length = lambda key: self.sheet.length("running", key).pt
        try:
            elements = code39_elements(self.meta.barcode)
        except ValueError:
            self.warn("barcode-invalid", f"cannot draw {self.meta.barcode!r} as a Code 39 barcode")
            return
        narrow, height = length("barcode-bar-width"), length("barcode-height")
        wide = narrow * float(self.sheet.running.get("barcode-ratio", 2.2))
        canv.saveState()
        canv.translate(left, baseline - length("barcode-gap") - height)
        x = 0
        for element in elements:
            width = wide if element in "BS" else narrow
            if element in "bB":
                canv.rect(x, 0, width, height, stroke=0, fill=1)
            x += width
        canv.restoreState()


def _colour(sheet, group: str, key: str) -> HexColor:
    """Return colour ``key`` of settings ``group`` (six hex digits); raise StyleError."""
    value = str(getattr(sheet, group).get(key, ""))
    if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
        raise StyleError(f"{sheet.source}: {group}.{key}: expected six hex digits in quotes, "
                         f"such as \"0033A0\", got {value!r}")
    return HexColor("#" + value)


class SectionStart(ActionFlowable):
    """Start a section on a new page drawn by page template ``template``.

    With ``odd`` the section starts on an odd page: the doc template counts the
    pages laid out so far and leaves a blank, plain verso when the next is even.
    """

    locChanger = 1

    def __init__(self, template: str, odd: bool = False):
        super().__init__(("sectionStart", template, odd))


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


class LateText:
    """What only the finished layout knows ("n/N", the pages of the contents), drawn
    once, after it.

    ``place`` puts a form XObject where the text goes and remembers how to draw
    it; ``fill`` draws every form when the last page is done. The text takes no
    room in the layout, so one pass lays the document out.
    """

    def __init__(self):
        self._forms = []

    def place(self, canv, x: float, y: float, draw) -> None:
        """Put at (``x``, ``y``) of the canvas' current space what ``draw(canvas, x, y)``
        will draw there, in page coordinates."""
        name = f"palais-late-{len(self._forms)}"
        matrix = tuple(canv._currentMatrix)
        x, y = canv.absolutePosition(x, y)
        if matrix == (1, 0, 0, 1, 0, 0):
            canv.doForm(name)
        else:
            # The form is in page coordinates: undo the flowable's move for it.
            a, b, c, d, e, f = matrix
            det = a * d - b * c
            canv.saveState()
            canv.transform(d / det, -b / det, -c / det, a / det,
                           (c * f - d * e) / det, (b * e - a * f) / det)
            canv.doForm(name)
            canv.restoreState()
        self._forms.append((name, x, y, draw))

    def fill(self, canv) -> None:
        """Draw every form, in page coordinates (so that any text extractor places it)."""
        for name, x, y, draw in self._forms:
            canv.beginForm(name)
            draw(canv, x, y)
            canv.endForm()


class PalaisDocTemplate(BaseDocTemplate):
    """Page templates for each page style; page 1 drawn by template ``first``.

    "first" is the masthead page (its frame starts ``first_top`` below the page
    top, its footer holds the job line), "later" carries the running matter,
    "plain" nothing, "cover" the cover band. Notes reserved by the frames are
    drawn at each page end; ``callbacks`` maps onDraw names to
    functions(canvas, kind, label).
    """

    def __init__(self, buffer, *, sheet, area, decor, first, first_top, callbacks, late,
                 show_outline=False, created=None, before_save=None, progress=None,
                 page_done=None, before_flowable=None, **info):
        page = sheet.page
        self.before_flowable = before_flowable   # function(), called before each flowable
        self.late = late
        self.page_done = page_done        # function(content stream), told as each page ends
        self.progress = progress          # function(stage, pages so far), told at each page end
        self.show_outline = show_outline
        self.created = created
        self.before_save = before_save    # function(canvas), called as the layout is done
        super().__init__(buffer, pagesize=(page.width.pt, page.height.pt),
                         leftMargin=page.margin_left.pt, rightMargin=page.margin_right.pt,
                         topMargin=page.margin_top.pt, bottomMargin=page.margin_bottom.pt,
                         invariant=1, keepTogetherClass=KeepWithNext, **info)
        self.area = area
        self.callbacks = callbacks
        width, bottom = page.frame_width.pt, page.margin_bottom.pt

        def template(name, on_page, top, **extra):
            # Word adds a paragraph's space after to the next one's space before;
            # overlapAttachedSpace=0 does the same, so DOCX and PDF agree.
            frame = NoteFrame(page.margin_left.pt, bottom, width, (page.height - top).pt - bottom,
                              id=name, leftPadding=0, rightPadding=0, topPadding=0,
                              bottomPadding=0, overlapAttachedSpace=0, area=area)
            return PageTemplate(name, [frame], onPage=_as_artifact(on_page),
                                onPageEnd=self._draw_notes, **extra)

        templates = [template("later", decor.later, page.margin_top),
                     template("plain", decor.plain, page.margin_top),
                     # a cover that runs on shows its band on its first page only
                     template("cover", decor.cover, page.margin_top, autoNextPageTemplate="plain")]
        if first == "first":
            templates.append(template("first", decor.first, first_top,
                                      autoNextPageTemplate="later"))
        # reportlab begins with the first template of the list
        templates.sort(key=lambda t: t.id != first)
        self.addPageTemplates(templates)

    def handle_flowable(self, flowables):
        if self.before_flowable is not None:
            self.before_flowable()
        return super().handle_flowable(flowables)

    def handle_sectionStart(self, template: str, odd: bool) -> None:
        """End the page and begin the next with ``template``, on an odd page if ``odd``."""
        if odd and self.page % 2 == 1:
            # The next page is a verso: leave it blank, with no running matter, and
            # queue the section's own page after it.
            self.handle_nextPageTemplate(PAGE_TEMPLATES["plain"])
            self.handle_pageBreak()
            self._hanging.extend([NextPageTemplate(template), PageBreak()])
            return
        self.handle_nextPageTemplate(template)
        self.handle_pageBreak()

    def _endBuild(self):
        # reportlab ends the last page, then writes the file: between the two, the
        # layout is done and the late text is filled.
        self._doSave = 0
        super()._endBuild()
        self.late.fill(self.canv)
        if self.before_save is not None:
            self.before_save(self.canv)
        self.canv.save()

    def beforeDocument(self):
        if self.page_done is not None:
            canv, show, done = self.canv, self.canv.showPage, self.page_done

            def show_page():
                show()
                done(canv._doc.Pages.pages[-1].stream)
            canv.showPage = show_page
        for name, callback in self.callbacks.items():
            self.canv.setNamedCB(name, callback)
        if self.show_outline:
            self.canv.showOutline()      # a document with contents opens with its outline
        if self.created is not None:
            self.canv._doc._timeStamp = _Stamp(self.created)

    def _draw_notes(self, canv, doc):
        frame = doc.frame
        self.area.draw(canv, frame.page_notes, frame._x1, frame._y1 + frame._bottomPadding,
                       canv.getPageNumber())
        if self.progress is not None:
            self.progress("pdf", canv.getPageNumber())


class _Stamp:
    """The creation time reportlab writes (CreationDate, ModDate), as its TimeStamp has it."""

    def __init__(self, when):
        when = when.astimezone(dt.timezone.utc)
        self.t = when.timestamp()
        self.lt = when.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def _as_artifact(draw):
    """Return page decoration ``draw`` drawing as an artifact of a tagged PDF."""
    def decorate(canv, doc):
        with artifact(canv):
            draw(canv, doc)
    return decorate
