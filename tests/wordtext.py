"""The text of a DOCX as Word prints it: each paragraph with the label its numbering
gives it, counted here from numbering.xml as Word counts, independently of Palais."""
import re
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _roman(n):
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _count(fmt, n):
    if fmt == "decimal":
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text if fmt == "lowerLetter" else text.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    raise AssertionError(f"a numbering format these tests do not count: {fmt}")


class Counter:
    """Word's count of each w:num of a numbering part, paragraph by paragraph."""

    def __init__(self, numbering):
        self.levels, self.starts, self.counts = {}, {}, {}
        abstract = {}
        if numbering is None:
            return
        for definition in numbering.iter(W + "abstractNum"):
            level = definition.find(W + "lvl")
            abstract[definition.get(W + "abstractNumId")] = (
                level.find(W + "numFmt").get(W + "val"), level.find(W + "lvlText").get(W + "val"),
                int(level.find(W + "start").get(W + "val")) if level.find(W + "start")
                is not None else 1)
        for num in numbering.iter(W + "num"):
            num_id = num.get(W + "numId")
            fmt, text, start = abstract[num.find(W + "abstractNumId").get(W + "val")]
            override = num.find(f"{W}lvlOverride/{W}startOverride")
            self.levels[num_id] = (fmt, text)
            self.starts[num_id] = int(override.get(W + "val")) if override is not None else start

    def label(self, paragraph):
        """Return the label Word prints before ``paragraph`` ("" for none)."""
        num_id = paragraph.find(f"{W}pPr/{W}numPr/{W}numId")
        if num_id is None:
            return ""
        num_id = num_id.get(W + "val")
        fmt, text = self.levels[num_id]
        n = self.counts.get(num_id, self.starts[num_id] - 1) + 1
        self.counts[num_id] = n
        return text if fmt == "bullet" else text.replace("%1", _count(fmt, n))


def _parts(path):
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        document = etree.fromstring(archive.read("word/document.xml"))
        numbering = etree.fromstring(archive.read("word/numbering.xml")) \
            if "word/numbering.xml" in names else None
        others = [etree.fromstring(archive.read(n)) for n in sorted(names)
                  if re.match(r"word/(footnotes|endnotes|header\d*|footer\d*)\.xml$", n)]
    return document, numbering, others


def paragraphs(path):
    """Return each body paragraph's text as Word prints it: label, tab, text."""
    document, numbering, _ = _parts(path)
    counter = Counter(numbering)
    out = []
    for paragraph in document.iter(W + "p"):
        label = counter.label(paragraph)
        text = "".join("\t" if e.tag == W + "tab" else (e.text or "")
                       for r in paragraph.iter(W + "r") for e in r.iter(W + "t", W + "tab"))
        out.append(f"{label}\t{text}" if label else text)
    return out


def text(path):
    """Return the file's text as the fidelity tool reads it, with the labels Word prints."""
    _, _, others = _parts(path)
    lines = paragraphs(path)
    for root in others:
        lines += ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]
    return "\n".join(lines)
