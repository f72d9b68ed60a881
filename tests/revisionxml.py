"""Word's "accept all" and "reject all" done on a DOCX's XML, independently of Palais,
and the text that is left: paragraph by paragraph, note by note, as Word would show it.

Accepting keeps what was inserted or moved to and drops what was deleted or moved
from; rejecting does the reverse. A paragraph whose mark goes joins the next one
(what is left of it: nothing, when all its words went too); a row that goes takes its
cells; a note whose call goes is gone.
"""
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_GONE = {True: ("del", "moveFrom"), False: ("ins", "moveTo")}
_KEPT = {True: ("ins", "moveTo"), False: ("del", "moveFrom")}
_RANGES = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")


def resolve(root, accept: bool) -> None:
    """Accept (or reject) every revision in the story ``root``, in place."""
    gone, kept = _GONE[accept], _KEPT[accept]
    for row in list(root.iter(W + "tr")):
        props = row.find(W + "trPr")
        if props is not None:
            if any(props.find(W + name) is not None for name in gone):
                row.getparent().remove(row)
                continue
            for name in kept:
                for mark in props.findall(W + name):
                    props.remove(mark)
    for paragraph in list(root.iter(W + "p")):
        mark = paragraph.find(f"{W}pPr/{W}rPr")
        if mark is None:
            continue
        if any(mark.find(W + name) is not None for name in gone):
            _join_next(paragraph)
        else:
            for name in kept:
                for found in mark.findall(W + name):
                    mark.remove(found)
    for name in gone:
        for element in list(root.iter(W + name)):
            if element.getparent().tag != W + "rPr":
                element.getparent().remove(element)
    for name in kept:
        for element in list(root.iter(W + name)):
            _unwrap(element)
    for name in _RANGES:
        for element in list(root.iter(W + name)):
            element.getparent().remove(element)
    for change in list(root.iter(W + "rPrChange")):
        props = change.getparent()
        if not accept:
            old = change.find(W + "rPr")
            for child in list(props):
                if child.tag in (W + "b", W + "i", W + "smallCaps", W + "vertAlign"):
                    props.remove(child)
            for child in list(old if old is not None else []):
                props.append(child)
        props.remove(change)
    for text in list(root.iter(W + "delText")):
        text.tag = W + "t"


def _join_next(paragraph) -> None:
    """Remove ``paragraph``'s mark: what it still holds goes to the start of the next."""
    following = paragraph.getnext()
    content = [c for c in paragraph if c.tag != W + "pPr"]
    if following is not None and following.tag == W + "p":
        props = following.find(W + "pPr")
        at = 1 if props is not None else 0
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)


def _unwrap(element) -> None:
    parent = element.getparent()
    at = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(at + offset, child)
    parent.remove(element)


def texts(docx: bytes, accept=None) -> dict:
    """Return {"body": [...], "notes": [...], "headers": [...]}: the text of each
    paragraph of the body, of each note in the order the body calls them, and of each
    header and footer paragraph; with ``accept`` True or False, after accepting or
    rejecting every revision."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = archive.namelist()
        stories = {name: etree.fromstring(archive.read(name)) for name in names
                   if name.startswith("word/") and name.endswith(".xml")}
    if accept is not None:
        for name in stories:
            resolve(stories[name], accept)
    body = stories["word/document.xml"]
    out = {"body": [_text(p) for p in body.iter(W + "p")], "notes": [], "headers": []}
    notes = stories.get("word/footnotes.xml")
    if notes is not None:
        by_id = {n.get(W + "id"): n for n in notes.iter(W + "footnote")}
        for reference in body.iter(W + "footnoteReference"):
            note = by_id[reference.get(W + "id")]
            out["notes"].append(" | ".join(_text(p) for p in note.iter(W + "p")))
    for name in sorted(stories):
        if name.startswith(("word/header", "word/footer")):
            out["headers"] += [_text(p) for p in stories[name].iter(W + "p")]
    return out


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W + "t", W + "delText"))


def revisions(docx: bytes) -> dict:
    """Count the revisions of a DOCX by kind ("ins", "del", "moveFrom", "moveTo",
    "rPrChange"), and apart those of whole paragraph marks and rows ("mark")."""
    counts = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(archive.read(name))
            for kind in ("ins", "del", "moveFrom", "moveTo", "rPrChange"):
                for element in root.iter(W + kind):
                    parent = etree.QName(element.getparent()).localname
                    key = "mark" if parent in ("rPr", "trPr") else kind
                    counts[key] = counts.get(key, 0) + 1
    return counts
