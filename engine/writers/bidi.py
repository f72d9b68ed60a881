"""Right-to-left text for reportlab: the bidirectional algorithm, and shaped glyphs that copy.

reportlab lays out right-to-left paragraphs (wordWrap="RTL") when a module
``rlbidi`` gives ``log2vis``; that module is not on the package index. This one
gives the same function from python-bidi's implementation of the Unicode
bidirectional algorithm, and is installed under that name before reportlab's
text module is imported.

reportlab shapes Arabic with HarfBuzz, but a glyph the font's character map
does not name (an initial, medial or final form, a ligature) gets a private
code, which the PDF's ToUnicode map passes on: text copied or extracted from
the PDF was private codes. Here each shaped glyph remembers the characters it
was shaped from, and the ToUnicode map names them.
"""
from __future__ import annotations

import re
import sys
import threading
import unicodedata

_LEVELS = {"RTL": "R", "LTR": "L"}


def log2vis(text: str, base_direction: str = "RTL", clean: bool = True,
            positions_V_to_L=None) -> str:
    """Return ``text`` reordered for display; fill ``positions_V_to_L`` with, for each
    character shown, the index of the character of ``text`` it comes from.

    Mirrored characters (brackets) are mirrored; the bidi control characters,
    which have no glyph, are left out.
    """
    from bidi import algorithm as _uba      # on first use: most documents have none

    storage = _uba.get_empty_storage()
    level = _LEVELS.get(str(base_direction).upper())
    storage["base_level"] = _uba.PARAGRAPH_LEVELS[level] if level else \
        _uba.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    _uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    chars = storage["chars"]
    if positions_V_to_L is not None:
        positions_V_to_L.extend(char["index"] for char in chars)
    return "".join(char["ch"] for char in chars)


# -- shaped glyphs -> their characters ----------------------------------------------

_SHAPED: dict = {}            # id of a HarfBuzz face -> {glyph id: the characters it draws}
_COPIED: dict = {}            # id of a HarfBuzz face -> {private code: the text it stands for}
_WRITING = threading.local()  # the font whose objects reportlab is writing


class _Recorder:
    """Stands for uharfbuzz in reportlab's font module: shapes as it does, and notes
    the characters of each glyph's cluster."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        if name != "Buffer":
            return getattr(self._module, name)

        # made when reportlab first shapes: the module may be loaded only then
        class Buffer(self._module.Buffer):
            def add_str(self, text, *args, **kwargs):
                self.palais_text = text
                return super().add_str(text, *args, **kwargs)

        self.Buffer = Buffer
        return Buffer

    def shape(self, font, buf, features=None):
        self._module.shape(font, buf, features)
        text = getattr(buf, "palais_text", "")
        infos = buf.glyph_infos
        starts = sorted({info.cluster for info in infos}) + [len(text)]
        ends = {start: starts[i + 1] for i, start in enumerate(starts[:-1])}
        known = _SHAPED.setdefault(id(font.face), {})
        for info in infos:
            chars = text[info.cluster:ends.get(info.cluster, len(text))]
            if chars and info.codepoint not in known:
                known[info.codepoint] = chars


def _to_unicode(make):
    """Wrap reportlab's makeToUnicodeCMap: a private code maps to the characters its
    glyph was shaped from."""
    def make_cmap(fontname, subset):
        cmap = make(fontname, subset)
        font = getattr(_WRITING, "font", None)
        face = getattr(font, "__hbFace__", None) if font is not None else None
        known = _SHAPED.get(id(face)) if face is not None else None
        copied = _COPIED.get(id(face), {}) if face is not None else {}
        if not known and not copied:
            return cmap
        known = known or {}
        char_to_glyph = font.face.charToGlyph
        for code, value in enumerate(subset):
            if value in copied or 0xE000 <= value <= 0xF8FF and char_to_glyph.get(value) in known:
                chars = copied.get(value) or known[char_to_glyph[value]]
                target = "".join(f"{b:02X}" for b in chars.encode("utf-16-be"))
                cmap = cmap.replace(f"<{code:02X}> <{value:04X}>", f"<{code:02X}> <{target}>")
        return cmap
    return make_cmap


def writing_font():
    """Return the TrueType font whose objects reportlab is writing now, or None."""
    return getattr(_WRITING, "font", None)


def _writing(add_objects):
    def add(self, doc):
        _WRITING.font = self
        try:
            return add_objects(self, doc)
        finally:
            _WRITING.font = None
    return add


def _keep_callbacks_aside(shape):
    """Wrap reportlab's shapeFragWord.

    A word holding a callback (a note call's marker) is shaped without it, the
    callback put back after its glyphs: reportlab's own merging of the two fails
    when they fall on one cluster. A word in two fonts ("(توقيع)" with the word in
    italic) is shaped font by font: reportlab shapes a word with its first font
    only, and would draw the other font's glyphs by the first one's numbers.
    """
    def shape_frag_word(word, *args, **kwargs):
        from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
        fonts = {part[0].fontName for part in word[1:] if not hasattr(part[0], "cbDefn")}
        for name in fonts:
            font = getFont(name)
            if not getattr(font, "shapable", False):
                return word          # a word partly in a built-in font is left unshaped
            if not hasattr(font, "hbAddPrivate"):
                font.hbFont(10)      # reportlab prepares only the word's first font
        calls = [part for part in word[1:] if hasattr(part[0], "cbDefn")]
        plain = [part for part in word[1:] if not hasattr(part[0], "cbDefn")]
        groups = []
        for part in plain:
            if groups and groups[-1][-1][0].fontName == part[0].fontName:
                groups[-1].append(part)
            else:
                groups.append([part])
        out, width, kind = [], 0.0, None
        for group in groups:
            alone = word.__class__([sum(stringWidth(str(t), f.fontName, f.fontSize)
                                        for f, t, *_ in group)] + group)
            shaped = shape(alone, *args, **kwargs)
            text = "".join(str(p[1]) for p in group)
            if shaped is alone and first_strong_rtl(text):
                # Unchanged by shaping ("(أ)" mirrored and reversed reads the same), a
                # right-to-left word is still taken in drawing order, so that its
                # brackets copy as typed.
                shaped = shape(alone, *args, **{**kwargs, "force": True})
            if shaped is not alone:
                kind = kind or shaped.__class__
                if len(shaped) > 2 and first_strong_rtl(text):
                    # HarfBuzz gives a right-to-left word's glyphs in drawing order, and
                    # so its fragments (a word and its superscript) too; the line is put
                    # in drawing order later, from fragments in reading order.
                    shaped[1:] = shaped[:0:-1]
                _copy_as_typed(shaped, text)
                _close_gaps(shaped)
            width += shaped[0]
            out.extend(shaped[1:])
        if kind is None:
            return word
        return kind([width] + out + calls)
    shape_frag_word.palais = True
    return shape_frag_word


def _copy_as_typed(word, text: str) -> None:
    """Make a bracket HarfBuzz mirrored in a right-to-left word ("(هـ)") copy as the
    bracket typed, not as the one its glyph shows."""
    from reportlab.pdfbase.ttfonts import ShapedStr
    for k in range(1, len(word)):
        frag, shaped = word[k][0], word[k][1]
        data = getattr(shaped, "__shapeData__", None)
        if not data:
            continue
        chars = list(shaped)
        for i, glyph in enumerate(data):
            typed = text[glyph.cluster] if 0 <= glyph.cluster < len(text) else ""
            if typed and chars[i] != typed and unicodedata.mirrored(typed) \
                    and unicodedata.bidirectional(typed) == "ON":
                chars[i] = _mirror(frag.fontName, typed, chars[i])
        if "".join(chars) != str(shaped):
            word[k] = (frag, ShapedStr("".join(chars), shapeData=data)) + tuple(word[k][2:])


def _close_gaps(word) -> None:
    """Give the room HarfBuzz puts between two glyphs of a word (kerning before a
    letter that does not join, as in "التشاورية") to the first glyph's width.

    reportlab moves the pen over such room; a text extractor reads a move wider
    than a tenth of the font size as a space and cuts the word in two. A glyph
    given a wider width (under a private code of its own, copied as the same
    characters) is drawn at the same place, and the word stays one word.
    """
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import ShapedStr
    for k in range(1, len(word)):
        frag, text = word[k][0], word[k][1]
        data = list(getattr(text, "__shapeData__", None) or ())
        if len(data) < 2:
            continue
        font = getFont(frag.fontName)
        add = getattr(font, "hbAddPrivate", None)
        if add is None:
            continue
        chars, changed = list(text), False
        for i in range(1, len(data)):
            prev, cur = data[i - 1], data[i]
            gap = cur.x_offset + prev.x_advance - prev.width - prev.x_offset
            gid = font.face.charToGlyph.get(ord(chars[i - 1]))
            if gap <= 1 or gid is None:
                continue
            width = round(prev.width + gap, 3)
            chars[i - 1] = chr(add(f"palais-{gid}-{width}", gid, width))
            data[i - 1] = prev._replace(x_advance=prev.x_advance + cur.x_offset, width=width)
            data[i] = cur._replace(x_advance=cur.x_advance - cur.x_offset, x_offset=0)
            changed = True
        if changed:
            word[k] = (frag, ShapedStr("".join(chars), shapeData=data)) + tuple(word[k][2:])


def register() -> None:
    """Offer this module to reportlab as ``rlbidi``, which its text module looks for
    once, as it loads; this imports nothing of reportlab."""
    if "reportlab.pdfgen.textobject" not in sys.modules:
        sys.modules.setdefault("rlbidi", sys.modules[__name__])


def install() -> None:
    """Give reportlab right-to-left text and shaped glyphs that copy."""
    register()
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph
    if getattr(ttfonts, "uharfbuzz", None) is not None and \
            not isinstance(ttfonts.uharfbuzz, _Recorder):
        ttfonts.uharfbuzz = _Recorder(ttfonts.uharfbuzz)
        ttfonts.makeToUnicodeCMap = _to_unicode(ttfonts.makeToUnicodeCMap)
        ttfonts.TTFont.addObjects = _writing(ttfonts.TTFont.addObjects)
    if not getattr(paragraph.shapeFragWord, "palais", False):
        paragraph.shapeFragWord = _keep_callbacks_aside(paragraph.shapeFragWord)


def rtl_supported() -> bool:
    """Return whether reportlab lays out right-to-left text in this process."""
    from reportlab.pdfgen import textobject
    return bool(getattr(textobject, "rtlSupport", False))


# -- a right-to-left line, reordered for drawing -------------------------------------

_PROXY = {"R": "\u05d0", "L": "a", "EN": "1", "AN": "\u0661"}


def _logical(text: str, font_name: str) -> str:
    """Return the characters shaped ``text`` (private codes and all) was made from."""
    from reportlab.pdfbase.pdfmetrics import getFont
    try:
        font = getFont(font_name)
    except KeyError:
        return text
    known = _SHAPED.get(id(getattr(font, "__hbFace__", None)), {})
    to_glyph = getattr(getattr(font, "face", None), "charToGlyph", {})
    return "".join(known.get(to_glyph.get(ord(c)), c) if 0xE000 <= ord(c) <= 0xF8FF else c
                   for c in text)


def _kind(text: str) -> str:
    """Return the bidi class a token of logical ``text`` takes as a whole."""
    classes = [unicodedata.bidirectional(c) for c in text]
    if any(k in ("R", "AL") for k in classes):
        return "R"
    if "L" in classes:
        return "L"
    if "AN" in classes:
        return "AN"
    if "EN" in classes:
        return "EN"
    return "WS" if text.isspace() else "ON"


def _mirror(font_name: str, typed: str, shown: str) -> str:
    """Return a code that draws ``shown`` (")") and copies as ``typed`` ("(")."""
    from reportlab.pdfbase.pdfmetrics import getFont
    font = getFont(font_name)
    if not getattr(font, "shapable", False):
        return shown
    if not hasattr(font, "hbAddPrivate"):
        font.hbFont(10)
    gid = font.face.charToGlyph.get(ord(shown))
    if gid is None:
        return shown
    code = font.hbAddPrivate(f"palais-mirror-{gid}-{ord(typed)}", gid,
                             font.face.charWidths[ord(shown)])
    _COPIED.setdefault(id(font.__hbFace__), {})[code] = typed
    return chr(code)


def _neutral(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("ON", "CS", "ES", "WS")


def _edges(word: str) -> list:
    """Return ``word`` cut into its leading punctuation, one mark each, its body and its
    trailing punctuation: "(2023)." -> "(", "2023", ")", "."; in a right-to-left line
    the marks at a left-to-right word's ends go to the other side of it."""
    head = 0
    while head < len(word) and _neutral(word[head]):
        head += 1
    tail = len(word)
    while tail > head and _neutral(word[tail - 1]):
        tail -= 1
    return [*word[:head], *([word[head:tail]] if tail > head else []), *word[tail:]]


def visual_words(words: list, base: str = "RTL") -> list:
    """Return the fragments of one laid-out line in the order they are drawn, left to
    right, in a paragraph of direction ``base`` (RTL or LTR).

    Each fragment is cut at its spaces into words; the words are ordered by the
    Unicode bidirectional algorithm, run on one character standing for each (a
    Hebrew letter for a right-to-left word, "a" for a left-to-right one, digits for
    numbers); the glyphs inside a word are already in drawing order.
    """
    tokens = []
    for frag in words:
        text = getattr(frag, "text", "")
        if hasattr(frag, "cbDefn") or not text:
            tokens.append((frag, "", "BN"))
            continue
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or text[i].isspace() != text[start].isspace():
                piece = text[start:i]
                kind = _kind(_logical(str(piece), frag.fontName))
                for part in _edges(piece) if kind in ("L", "EN", "AN") else (piece,):
                    tokens.append((frag.clone(text=part), part,
                                   kind if len(part) > 1 or not _neutral(part) else "ON"))
                start = i
    proxy = "".join(_PROXY.get(kind) or (" " if kind in ("WS", "BN") else
                                         (str(piece)[:1] or " ")) for _, piece, kind in tokens)
    order = []
    visual = log2vis(proxy, base, positions_V_to_L=order)
    out = []
    for position, index in enumerate(order):
        frag, piece, kind = tokens[index]
        if kind == "ON" and len(str(piece)) == 1 and visual[position] != str(piece):
            # a mirrored bracket: drawn as its mirror image, copied as typed
            frag = frag.clone(text=_mirror(frag.fontName, str(piece), visual[position]))
        out.append(frag)
    seen = set(order)
    out += [tokens[i][0] for i in range(len(tokens)) if i not in seen]   # controls dropped
    return out


RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
SHAPED_TEXT = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u0900-\u0dff]")


def first_strong_rtl(text: str) -> bool:
    """Return whether the first letter of ``text`` with a direction is right to left
    (rules P2 and P3 of the bidirectional algorithm)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def direction_segments(text: str) -> list:
    """Return ``text`` cut into (text, right_to_left) pieces of one direction each:
    words with right-to-left letters, and the numbers, marks and spaces after them,
    in right-to-left pieces; the rest in left-to-right ones."""
    if not RTL_TEXT.search(text):
        return [(text, False)]
    pieces: list = []
    for token in re.findall(r"\s+|\S+", text):
        kinds = {unicodedata.bidirectional(c) for c in token}
        rtl = bool(kinds & {"R", "AL"}) if kinds & {"R", "AL", "L"} else None
        if rtl is None:                   # spaces, numbers, marks: with what went before
            rtl = pieces[-1][1] if pieces else None
        if pieces and (pieces[-1][1] == rtl or pieces[-1][1] is None):
            pieces[-1] = (pieces[-1][0] + token, rtl if rtl is not None else pieces[-1][1])
        else:
            pieces.append((token, rtl))
    return [(t, bool(r)) for t, r in pieces]
