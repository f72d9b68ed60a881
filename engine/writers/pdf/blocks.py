"""Paragraphs, contents lines, framed boxes and figure frames -> reportlab flowables."""
from __future__ import annotations

import functools
import re
import weakref

from reportlab.lib.enums import TA_JUSTIFY, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import _wsc as _WHITE
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from ...xmltext import escape
from ..bidi import RTL_TEXT, SHAPED_TEXT, visual_words
from . import hyphens, readout
from . import tags
from .inline import NOTE_CALLBACK
from .tags import artifact

_SHAPING: dict = {}
CHANGE_BAR_GAP = 12.0          # points between the text and a redline's change bar


def _shaping(style):
    """Return ``style`` with HarfBuzz shaping on (one copy per style)."""
    if id(style) not in _SHAPING:
        _SHAPING[id(style)] = (style, style.clone(f"{style.name}-shaped", shaping=1))
    return _SHAPING[id(style)][1]


@functools.lru_cache(maxsize=None)
def _own_face(face: str):
    """Return the pattern of a run of text set in ``face`` by the inline markup."""
    return re.compile(f'<font face="{re.escape(face)}">([^<]*)</font>')


_PLAIN = weakref.WeakKeyDictionary()   # style -> the fragment reportlab parses text into


def _plain_fragment(style, text: str):
    """Return the fragment reportlab's parser makes of ``text`` without markup in a
    paragraph of ``style``: its own parse of a one-letter text, given this text.

    The parse is made once per style; it is made again if the style's face, size or
    colour, or the face reportlab maps the style's font to, have changed since."""
    kept = _PLAIN.get(style)
    if kept is None or kept.fontName != tt2ps(*ps2tt(style.fontName)) \
            or kept.fontSize != style.fontSize or kept.textColor != style.textColor:
        _, frags, _ = ParaParser().parse("x", style)
        kept = _PLAIN[style] = frags[0]
    # a paragraph's own links and lines, as a parse gives them
    return kept.clone(text=text, link=[], us_lines=[])


# What reportlab's cleaning of a paragraph's text (cleanBlockQuotedText) changes:
# it splits the text at line ends, strips each line of its white space (tabs,
# line ends, the Unicode spaces but the no-break one), splits it into words at
# runs of white space, and joins the words with single spaces. A text with no
# white space but single spaces between words, and no-break spaces anywhere,
# comes out as it went in: most texts Palais sets, whose spaces the reader has
# folded already. "\s" is the white space that splits a line without a no-break
# space (str.split); reportlab's own list adds the zero-width space and the
# separators that split a line with one.
_CHANGED_BY_CLEANING = re.compile(
    "[" + re.escape(_WHITE.replace(" ", "")) + "]|[^\\S \xa0]|^ | $|  ")


def _as_it_is(text: str) -> str:
    return text


# The markup the PDF writer makes of inline text (palais.writers.pdf.inline), read
# a token at a time: text, entities and character references, and the tags it
# writes, with double-quoted values holding no entity. reportlab reads a
# paragraph's markup with the standard library's HTMLParser, a general reader
# whose own work is half of reportlab's parse. Here only the reading is done
# otherwise: each token goes to the same handler of reportlab's parser that
# HTMLParser would call, with the same arguments, so the fragments are the same.
# Markup holding anything else is read by reportlab.
_TOKEN = re.compile(r'([^<&]+)'
                    r'|&([A-Za-z][A-Za-z0-9]*);'
                    r'|&#([0-9]+|[xX][0-9A-Fa-f]+);'
                    r'|<(font|super|sub|a|u|strike)((?: [a-z]+="[^"<>&]*")*)>'
                    r'|</(font|super|sub|a|u|strike)>'
                    r'|<(br|onDraw)((?: [a-z]+="[^"<>&]*")*) ?/>')
_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"]*)"')


def _parse_markup(text: str, style, case_sensitive):
    """Return what reportlab's ``ParaParser().parse(text, style)`` returns -- (style,
    fragments, bullet fragments) -- for the writer's own markup; None for any other
    markup, or one reportlab refuses (then reportlab's parse says why)."""
    tokens, at, end = [], 0, len(text)
    while at < end:
        token = _TOKEN.match(text, at)
        if token is None:
            return None
        tokens.append(token.groups())
        at = token.end()
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parser._setup_for_parse(style)
    try:
        parser.handle_starttag("para", [])
        for data, entity, number, start, given, stop, empty, marks in tokens:
            if data is not None:
                parser.handle_data(data)
            elif entity is not None:
                parser.handle_entityref(entity)
            elif number is not None:
                parser.handle_charref(number)
            elif start is not None:
                parser.handle_starttag(start, _ATTRIBUTE.findall(given))
            elif stop is not None:
                parser.handle_endtag(stop)
            else:                           # HTMLParser gives names in lower case
                parser.handle_startendtag(empty.lower(), _ATTRIBUTE.findall(marks))
        parser.handle_endtag("para")
    except Exception:                       # reportlab's parse raises it, and says where
        return None
    parsed = parser._complete_parse()
    return parsed if parsed[1] is not None else None


_TALL = 1e6                         # a height no paragraph reaches: breaking ignores it
_ABSENT = object()
# what a paragraph broken early binds that refers to its own style and fragments
_REMADE = frozenset(("_own_frags", "_wrapped", "_before_early_wrap"))


def _changes(before: dict, after: dict) -> dict:
    """Return {name: value before, or _ABSENT} of the attributes that ``after``, an
    object's attributes now, binds otherwise than ``before`` did."""
    changed = {name: before.get(name, _ABSENT) for name, value in after.items()
               if before.get(name, _ABSENT) is not value}
    changed.update((name, value) for name, value in before.items() if name not in after)
    return changed


def _restore(obj, changed: dict) -> None:
    """Bind the attributes of ``obj`` that ``changed`` (``_changes``) names as they were."""
    own = obj.__dict__
    for name, value in changed.items():
        if value is _ABSENT:
            own.pop(name, None)
        else:
            own[name] = value


class Paragraph(_Paragraph):
    """A reportlab paragraph that breaks its lines the same way however often it is wrapped.

    reportlab keeps the words of its first line breaking for the next one; when a
    line broke at a hyphen already in a word ("Secretary-|General") and the
    paragraph holds more than one fragment, the next breaking joins the halves
    without the hyphen ("SecretaryGeneral"). The layout wraps a paragraph several
    times (keep-with-next, the footnote room), so each breaking starts from the
    paragraph's own fragments again once one has hyphenated.
    """

    hanging = False

    def wrap(self, availWidth, availHeight):
        # A paragraph's lines depend on the width only; a long table asks each of its
        # remaining cells again on every page, so the last answer is kept.
        early = self.__dict__.pop("_before_early_wrap", None)
        if getattr(self, "_wrapped", None) == (availWidth, self.style, self.bulletText) \
                and hasattr(self, "blPara"):
            return self.width, self.height
        if early is not None:
            _restore(self, early)     # broken early for another width: as it was made
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.style, self.bulletText)
        return size

    def wrap_early(self, availWidth) -> None:
        """Break the lines for ``availWidth`` now, ahead of the layout, which then
        finds them broken if it gives this paragraph that width first. If it gives
        another, the paragraph is first put back as it was made: breaking leaves
        traces (the words it refused to hyphenate), and the lines are then those of
        a paragraph the layout wraps first at that width."""
        if "_wrapped" in self.__dict__:
            return
        before = dict(self.__dict__)
        try:
            self.wrap(availWidth, _TALL)
        except BaseException:
            _restore(self, _changes(before, self.__dict__))
            raise
        self._before_early_wrap = _changes(before, self.__dict__)

    def early_lines(self) -> dict:
        """Return what ``wrap_early`` has set, bar what refers to this paragraph's own
        objects (its style, its fragments as made): the lines a paragraph made alike
        in another process takes with ``take_lines``."""
        own = self.__dict__
        return {name: own[name] for name in own.get("_before_early_wrap", ())
                if name in own and name not in _REMADE}

    def take_lines(self, availWidth, lines: dict) -> bool:
        """Take ``lines`` (``early_lines`` of a paragraph made alike, broken at
        ``availWidth``) as if this one had been broken early; return whether it was
        still unbroken."""
        own = self.__dict__
        if "_wrapped" in own or "blPara" in own:
            return False
        before = dict(own)
        own["_own_frags"] = list(own["frags"])
        own.update(lines)
        own["_wrapped"] = (availWidth, self.style, self.bulletText)
        self._before_early_wrap = _changes(before, own)
        return True

    def __init__(self, text, style=None, *args, **kwargs):
        face = getattr(style, "fontName", None)
        if text and face and "<bullet>" not in text:
            # A run in the paragraph's own face needs no <font> of its own: the same
            # fragments, and a third of reportlab's parsing saved.
            text = _own_face(face).sub(r"\1", text)
        super().__init__(text, style, *args, **kwargs)
        if isinstance(text, str) and NOTE_CALLBACK not in text:
            self._palais_calls = []       # calls no note (notes.called_notes): nor its parts
        plain = self.getPlainText()
        self._rtl_text = RTL_TEXT.search(plain) is not None
        if SHAPED_TEXT.search(plain) and not self.style.shaping:
            # Arabic (and other joining scripts) must be shaped, even in a Latin paragraph.
            self.style = _shaping(self.style)

    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is None and isinstance(text, str):
            if cleaner is not cleanBlockQuotedText or _CHANGED_BY_CLEANING.search(text):
                text = cleaner(text)          # else reportlab's cleaning changes nothing
            cleaner = _as_it_is               # cleaned once, here
            if "<" not in text and "&" not in text:
                # Text without a tag or an entity is one fragment in the paragraph's
                # font: four paragraphs in five, and most of reportlab's time in parsing.
                frags = [_plain_fragment(style, text)] if text else []
                textTransformFrags(frags, style)
            else:
                parsed = _parse_markup(text, style, self.caseSensitive)
                if parsed is not None:
                    style, frags, bullet = parsed
                    textTransformFrags(frags, style)
                    bulletText = bullet or bulletText
        super()._setup(text, style, bulletText, frags, cleaner)

    change_bar = False          # a redline's paragraph that changed: a bar beside it

    def draw(self):
        self._draw_lines()
        if self.change_bar:
            self._draw_change_bar()

    def _draw_change_bar(self):
        """Draw a rule beside the paragraph in the outer margin: right of the text on
        odd pages, left on even ones; the other way round in a right-to-left document,
        bound on the right."""
        from .inline import INSERTED_COLOUR
        canv = self.canv
        recto = canv.getPageNumber() % 2 == 1
        x = self.width + CHANGE_BAR_GAP if recto != bool(getattr(self.style, "palais_rtl", 0)) \
            else -CHANGE_BAR_GAP
        canv.saveState()
        canv.setStrokeColor(INSERTED_COLOUR)
        canv.setLineWidth(1.5)
        canv.line(x, 0, x, self.height)
        canv.restoreState()

    def _draw_lines(self):
        # Lines are broken in logical order; each line's words are put in drawing order
        # only now (the bidirectional algorithm), so that splits see them logical.
        lines = getattr(getattr(self, "blPara", None), "lines", None)
        rtl = getattr(self.style, "palais_rtl", 0)
        if not (rtl or self._rtl_text) or not lines or getattr(self.blPara, "kind", 0) != 1:
            if rtl and lines:
                return self._draw_rtl(lines, reorder=False)
            if lines and getattr(self, "_hyphenations", 0):
                with self._joined(lines):
                    return super().draw()
            return super().draw()
        if rtl:
            return self._draw_rtl(lines)
        logical = [line.words for line in lines]
        try:
            for line in lines:
                line.words = visual_words(line.words, "LTR")
            return super().draw()
        finally:
            for line, words in zip(lines, logical):
                line.words = words

    def _draw_rtl(self, lines, reorder=True):
        """Draw a right-to-left paragraph: lines start at the right, the bullet (number,
        label) stands right of the text, words run in the bidirectional order.

        The style's indents are already mirrored (its left indent is the end side);
        reportlab draws every line from the left, so each line gets the offset that
        puts its start at the right.
        """
        style = self.style
        justified = style.alignment == TA_JUSTIFY
        start_aligned = style.alignment in (TA_JUSTIFY, TA_RIGHT)
        inset = self._rtl_first_inset()
        offsets = []
        last = len(lines) - 1
        for i, line in enumerate(lines):
            spare = line[0] if isinstance(line, tuple) else line.extraSpace
            offset = -style.firstLineIndent if i == 0 else 0
            if i == 0 and not start_aligned:
                offset += inset
            if justified and (i == last or getattr(line, "lineBreak", False)
                              or isinstance(line, tuple)):
                offset += spare          # a line not spread out ends at the right too
            offsets.append(offset)
        logical = [None if isinstance(line, tuple) else line.words for line in lines]
        saved = self.bulletText, getattr(self, "_offsets", None)
        try:
            if reorder:
                for line in lines:
                    if not isinstance(line, tuple):
                        line.words = visual_words(line.words, "RTL")
            self.bulletText, self._offsets = None, offsets
            super().draw()
        finally:
            self.bulletText = saved[0]
            if saved[1] is None:
                del self._offsets
            else:
                self._offsets = saved[1]
            for line, words in zip(lines, logical):
                if words is not None:
                    line.words = words
        if self.bulletText:
            self._draw_rtl_bullet(lines)

    def _bullet_line(self):
        """Return (paragraph, width) of the bullet set as one shaped right-to-left line."""
        style = self.style
        key = (self.bulletText, style.bulletFontName, style.bulletFontSize)
        if getattr(self, "_bullet_key", None) != key:
            bullet_style = ParagraphStyle("palais-bullet", fontName=style.bulletFontName,
                                          fontSize=style.bulletFontSize,
                                          leading=style.bulletFontSize * 1.2,
                                          textColor=getattr(style, "bulletColor", style.textColor),
                                          shaping=1, palais_rtl=1, embeddedHyphenation=0,
                                          uriWasteReduce=0, splitLongWords=0)
            line = Paragraph(escape(str(self.bulletText)), bullet_style)
            line.wrap(1e6, 1e6)
            first = line.blPara.lines[0] if line.blPara.lines else None
            spare = first[0] if isinstance(first, tuple) else \
                (first.extraSpace if first is not None else 1e6)
            line.width = 1e6 - spare
            self._bullet_key, self._bullet = key, (line, line.width)
        return self._bullet

    def _bullet_width(self) -> float:
        return self._bullet_line()[1] if isinstance(self.bulletText, str) else 0

    def _rtl_first_inset(self) -> float:
        """Return how much further than its first-line indent a right-to-left first
        line starts from the right indent, to clear the bullet."""
        style = self.style
        if not self.bulletText:
            return 0
        end = style.bulletIndent + (self._bullet_width() if style.bulletAnchor == "start"
                                    else 0) + 0.6 * style.bulletFontSize
        return max(0, end - style.rightIndent - style.firstLineIndent)

    def _draw_rtl_bullet(self, lines):
        """Draw the bullet mirrored: measured from the right edge, shaped, in visual order."""
        style = self.style
        bullet, width = self._bullet_line()
        x = self.width - style.bulletIndent
        if style.bulletAnchor == "start":
            x -= width
        line = lines[0]
        size = line.fontSize if not isinstance(line, tuple) else style.fontSize
        # the bullet's baseline on the first line's, raised as the style says
        y = self.height - size + getattr(style, "bulletOffsetY", 0)
        with tags.labelling(self.canv):
            bullet.drawOn(self.canv, x, y - (bullet.height - style.bulletFontSize))

    def breakLines(self, width):
        if getattr(self.style, "palais_rtl", 0) and self.bulletText:
            # reportlab measures the bullet against the left indent; mirrored, it
            # stands at the right.
            widths = list(width) if isinstance(width, (list, tuple)) else [width]
            inset = 0 if self.hanging else self._rtl_first_inset()
            if inset:
                widths = [widths[0] - inset] + (widths[1:] or widths[:1])
            bullet, self.bulletText = self.bulletText, None
            try:
                return self._break(widths)
            finally:
                self.bulletText = bullet
        return self._break(width)

    def _joined(self, lines):
        """Return the context drawing this paragraph's hyphenated words as whole words
        for text extraction."""
        frags = getattr(self, "_own_frags", self.frags)
        text = " ".join("".join(getattr(f, "text", "") for f in frags).split())
        return readout.joined_spans(hyphens.hyphenated_ends(lines, text),
                                    [hyphens.line_text(line) for line in lines])

    def split(self, availWidth, availHeight):
        # Each part breaks its lines again: it keeps whole the words this one did.
        parts = super().split(availWidth, availHeight)
        element = getattr(self, "_palais_element", None)
        if element is not None:
            for part in parts:
                if part is not self and isinstance(part, _Paragraph):
                    part._palais_element = element
        calls_none = self.__dict__.get("_palais_calls") == []
        for part in parts:
            if part is not self and isinstance(part, Paragraph):
                part.change_bar = self.change_bar
                if calls_none:
                    part._palais_calls = []
        refused = getattr(self, "_refused", None)
        if refused:
            for part in parts:
                if part is not self and isinstance(part, Paragraph):
                    part._refused = refused
        return parts

    def _break(self, width):
        if not hasattr(self, "_own_frags"):
            self._own_frags = list(self.frags)
        elif getattr(self, "_hyphenations", 0):
            self.frags = list(self._own_frags)
        refused = getattr(self, "_refused", frozenset())
        with hyphens.refusing(refused):
            lines = super().breakLines(width)
        hyphenator = getattr(self.style, "hyphenationLang", None)
        most = getattr(getattr(hyphenator, "rules", None), "max_consecutive", 0)
        while most and getattr(self, "_hyphenations", 0):
            # A third hyphenated line in a row: keep the word that ends it whole,
            # and break again.
            # the paragraph's own text: its fragments once broken hold the halves
            text = " ".join("".join(getattr(f, "text", "") for f in self._own_frags).split())
            ends = hyphens.hyphenated_ends(lines.lines, text)
            word = hyphens.too_long_run(ends, most)
            if not word or word in refused:
                break
            refused = self._refused = refused | {word}
            self.frags = list(self._own_frags)
            with hyphens.refusing(refused):
                lines = super().breakLines(width)
        return lines


class HangingParagraph(Paragraph):
    """A paragraph whose bullet (heading number, note mark) hangs before the text.

    reportlab shortens the first line by the bullet's width even when the bullet
    sits in the indent; a hanging number takes no room from the text.
    """

    hanging = True

    def breakLines(self, width):
        bullet, self.bulletText = self.bulletText, None
        try:
            return super().breakLines(width)
        finally:
            self.bulletText = bullet


class TocLine(Flowable):
    """One contents entry: number, wrapped title, leaders, paragraph range, page.

    ``geometry`` holds points from the frame's left edge: ``number_x`` with
    ``number_anchor`` ("end" right-aligns it there), ``title_x``, ``title_end``
    (where titles wrap), ``leader_end``, ``paragraphs_end`` and ``page_end``.
    Leaders and numbers go on the title's last line.
    """

    def __init__(self, title, number, paragraphs, page, geometry, inline, style, leader,
                 rtl=False, late=None, link=None):
        super().__init__()
        # ``link`` gives the destination of the entry's heading (or None), asked as
        # the entry is drawn: the whole entry is a link to it.
        self.link = link
        # ``page`` is a function giving the page once the layout is done, drawn by
        # ``late`` (a LateText) then; or the page's text.
        self.title, self.number, self.paragraphs, self.page = title, number, paragraphs, page
        self.late = late
        self.geometry, self.inline, self.style, self.leader = geometry, inline, style, leader
        self.rtl = rtl
        self.spaceAfter = title.style.spaceAfter
        self.spaceBefore = title.style.spaceBefore

    def wrap(self, availWidth, availHeight):
        geo = self.geometry
        self.width = availWidth
        self.height = self.title.wrap(geo["title_end"] - geo["title_x"], availHeight)[1]
        return self.width, self.height

    def _at(self, x: float, anchor: str) -> tuple:
        """Return (x, anchor) on the page of a place measured from the start edge."""
        if not self.rtl:
            return x, anchor
        return self.width - x, {"start": "end", "end": "start"}.get(anchor, anchor)

    def draw(self):
        geo, canv, spec = self.geometry, self.canv, self.style
        # reportlab sets a paragraph's first baseline one font size below its top.
        first_base = self.height - spec.size.pt
        last_base = spec.leading.pt - spec.size.pt
        piece = lambda text: [(text, spec.size, spec.bold, spec.italic)]
        # Drawn in reading order, so that extracted text reads "II. Title . . . 4".
        if self.number:
            self.inline.place(canv, piece(self.number),
                              self._at(geo["number_x"], geo["number_anchor"]), first_base)
        self.title.drawOn(canv, self._at(geo["title_end"] if self.rtl else geo["title_x"],
                                         "start")[0], 0)
        last = self.title.blPara.lines[-1] if self.title.blPara.lines else (0, [])
        spare = last[0] if isinstance(last, tuple) else last.extraSpace
        self._leaders(geo["title_end"] - spare, geo["leader_end"], last_base)
        if self.paragraphs:
            self.inline.place(canv, piece(self.paragraphs),
                              self._at(geo["paragraphs_end"], "end"), last_base)
        destination = self.link() if self.link else None
        if destination:
            canv.linkRect("", destination, (0, 0, self.width, self.height), relative=1,
                          thickness=0)
        x, anchor = self._at(geo["page_end"], "end")
        if callable(self.page):
            self.late.place(canv, x, last_base, lambda late_canv, at_x, at_y: self.inline.place(
                late_canv, piece(self.page()), (at_x, anchor), at_y) if self.page() else None)
        elif self.page:
            self.inline.place(canv, piece(self.page), (x, anchor), last_base)

    def _leaders(self, start: float, stop: float, baseline: float) -> None:
        spec = self.style
        unit = self.inline.width([(self.leader, spec.size, False, False)])
        if unit <= 0:
            return
        # Dots sit on a grid counted back from ``stop``, so they line up from entry to entry.
        count = int((stop - start - unit / 2) // unit)
        if count > 0:
            self.inline.place(self.canv, [(self.leader * count, spec.size, False, False)],
                              self._at(stop, "end"), baseline, direction="ltr")


class Captions(Flowable):
    """The column captions above contents entries ("Paragraphes", "Page"), set against
    the end of their columns."""

    def __init__(self, captions, inline, style, rtl=False):
        super().__init__()
        self.captions, self.inline, self.style, self.rtl = captions, inline, style, rtl
        self.spaceAfter = style.space_after.pt
        self.keepWithNext = 1

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.style.leading.pt
        return self.width, self.height

    def draw(self):
        spec = self.style
        for text, x in self.captions:
            x, anchor = (self.width - x, "start") if self.rtl else (x, "end")
            self.inline.draw(self.canv, [(text, spec.size, spec.bold, spec.italic)], x,
                             spec.leading.pt - spec.size.pt, anchor=anchor)


class BoxBlock(Flowable):
    """Flowables framed by a thin rule around the body column; splits across pages.

    ``left`` and ``right`` are the frame's x positions of the border; ``pad`` is
    the room between the border and the content above and below.
    """

    def __init__(self, content, left, right, rule, pad, top=True, bottom=True):
        super().__init__()
        self._content = list(content)
        self.left, self.right, self.rule, self.pad = left, right, rule, pad
        self.top, self.bottom = top, bottom

    def _heights(self, width):
        heights = []
        for i, child in enumerate(self._content):
            before = child.getSpaceBefore() if i else 0
            after = child.getSpaceAfter() if i < len(self._content) - 1 else 0
            heights.append((before, child.wrap(width, 1e6)[1], after))
        return heights

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._rows = self._heights(availWidth)
        self.height = sum(sum(row) for row in self._rows) + self.pad * (self.top + self.bottom)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        room = availHeight - self.pad * self.top
        for i, child in enumerate(self._content):
            before = child.getSpaceBefore() if i else 0
            height = child.wrap(availWidth, 1e6)[1]
            if before + height + child.getSpaceAfter() <= room:
                room -= before + height + child.getSpaceAfter()
                continue
            parts = child.split(availWidth, room - before) if room - before > 0 else []
            head = self._content[:i] + parts[:1]
            tail = parts[1:] if parts else self._content[i:]
            tail += self._content[i + 1:] if parts else []
            if not head:
                return []
            return [BoxBlock(head, self.left, self.right, self.rule, self.pad, self.top, False),
                    BoxBlock(tail, self.left, self.right, self.rule, self.pad, False, self.bottom)]
        return [self]

    def draw(self):
        canv = self.canv
        y = self.height - self.pad * self.top
        for child, (before, height, after) in zip(self._content, self._rows):
            y -= before + height
            child.drawOn(canv, 0, y)
            y -= after
        with artifact(canv):
            canv.saveState()
            canv.setLineWidth(self.rule)
            canv.line(self.left, 0, self.left, self.height)
            canv.line(self.right, 0, self.right, self.height)
            if self.top:
                canv.line(self.left, self.height, self.right, self.height)
            if self.bottom:
                canv.line(self.left, 0, self.right, 0)
            canv.restoreState()


class FigureFrame(Flowable):
    """An empty framed area that stands for a figure with no image file."""

    def __init__(self, left, right, height, rule):
        super().__init__()
        self.left, self.right, self.box_height, self.rule = left, right, height, rule

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.box_height
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setLineWidth(self.rule)
        self.canv.rect(self.left, 0, self.right - self.left, self.height)
        self.canv.restoreState()


class AnswerRule(Flowable):
    """A line to write on: a thin rule from ``left`` to ``right``, ``descent`` above
    the foot of a box one ``leading`` high."""

    def __init__(self, left, right, leading, descent, colour, space_before=0.0,
                 space_after=0.0):
        super().__init__()
        self.left, self.right, self.leading, self.descent = left, right, leading, descent
        self.colour = colour
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, availWidth, availHeight):
        return availWidth, self.leading

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.colour)
        canv.setLineWidth(0.5)
        canv.line(self.left, self.descent, self.right, self.descent)
        canv.restoreState()
