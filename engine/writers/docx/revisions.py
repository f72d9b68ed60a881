"""Revision marks of a comparison -> Word's tracked changes (ECMA-376 §17.13.5).

A run inserted sits in a w:ins, a run deleted in a w:del (its text w:delText); a
paragraph wholly inserted or deleted has its mark recorded too (w:pPr/w:rPr/w:ins),
so that accepting or rejecting removes it cleanly; a row the same in w:trPr; a
paragraph moved whole is a w:moveFrom where it was and a w:moveTo where it is, inside
named move ranges; formatting changed is a w:rPrChange holding the old formatting.
The writer marks as it writes; ``finish`` then gives every revision of the file one
author, one date and an id of its own, in document order, so equal input gives
equal bytes.
"""
from __future__ import annotations

import hashlib

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from . import ooxml

KINDS = {"inserted": "ins", "deleted": "del", "moved-from": "moveFrom", "moved-to": "moveTo"}
_RUN = qn("w:r")
_HYPERLINK = qn("w:hyperlink")
_WRAPS = {qn(f"w:{tag}") for tag in KINDS.values()}
_FORMAT_TAGS = {"strong": "b", "emph": "i", "smallcaps": "smallCaps"}
# the revision children of a paragraph mark come first in its w:rPr (CT_ParaRPr)
_MARK_ORDER = ["ins", "del", "moveFrom", "moveTo"] + ooxml.RPR_ORDER + ["rPrChange"]
_RUN_ORDER = ooxml.RPR_ORDER + ["rPrChange"]


def track(run, change: str) -> None:
    """Put the run element ``run``, the last its parent holds, in a revision of kind
    ``change`` ("inserted" …): the one just before it when that is of the same kind."""
    tag = qn(f"w:{KINDS[change]}")
    before = run.getprevious()
    if before is not None and before.tag == tag:
        before.append(run)
        return
    wrapper = OxmlElement(f"w:{KINDS[change]}")
    run.addprevious(wrapper)
    wrapper.append(run)


def restyle(run, was: tuple) -> None:
    """Record on ``run`` that its formatting was ``was`` ("strong", "emph" …) before."""
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.insert(0, properties)
    change = ooxml.child(properties, "rPrChange", _RUN_ORDER)
    old = OxmlElement("w:rPr")
    for name in was:
        if name in _FORMAT_TAGS:
            old.append(OxmlElement(f"w:{_FORMAT_TAGS[name]}"))
        elif name in ("sup", "sub"):
            position = OxmlElement("w:vertAlign")
            position.set(qn("w:val"), "superscript" if name == "sup" else "subscript")
            old.append(position)
    for element in sorted(old, key=lambda e: ooxml.RPR_ORDER.index(e.tag.rsplit("}")[1])):
        old.append(element)               # in schema order
    change.append(old)


def whole_paragraph(p, change: str, text: str = "", mark: bool = True) -> None:
    """Mark every run of paragraph ``p`` not yet in a revision, and (``mark``) its
    paragraph mark, as ``change``; a move names its range after ``text``."""
    kind = KINDS[change]
    for run in list(_runs(p)):
        if run.getparent().tag not in _WRAPS:
            _wrap_in_place(run, kind)
    if mark:
        properties = ooxml.child(p.get_or_add_pPr(), "rPr", ooxml.PPR_ORDER)
        ooxml.child(properties, kind, _MARK_ORDER)
    if change.startswith("moved"):
        name = "move" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        start, end = OxmlElement(f"w:{kind}RangeStart"), OxmlElement(f"w:{kind}RangeEnd")
        start.set(qn("w:name"), name)
        properties = p.find(qn("w:pPr"))
        p.insert(1 if properties is not None else 0, start)
        p.append(end)


def whole_row(tr, change: str) -> None:
    """Mark table row ``tr`` as inserted or deleted, and every run in it."""
    ooxml.child(tr.get_or_add_trPr(), KINDS[change], ooxml.TRPR_ORDER)
    for p in tr.iter(qn("w:p")):
        whole_paragraph(p, change, mark=False)


def _runs(p):
    for element in p:
        if element.tag == _RUN:
            yield element
        elif element.tag == _HYPERLINK or element.tag in _WRAPS:
            yield from _runs(element)


def _wrap_in_place(run, kind: str) -> None:
    before = run.getprevious()
    if before is not None and before.tag == qn(f"w:{kind}"):
        before.append(run)
        return
    wrapper = OxmlElement(f"w:{kind}")
    run.addprevious(wrapper)
    wrapper.append(run)


_REVISIONS = [qn(f"w:{tag}") for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange",
                                         "moveFromRangeStart", "moveToRangeStart")]
_RANGE_ENDS = {qn("w:moveFromRangeEnd"), qn("w:moveToRangeEnd")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}


def finish(stories, author: str, date: str) -> int:
    """Give every revision in ``stories`` (w:document, w:hdr, w:footnotes … elements)
    its id, ``author`` and ``date`` (W3C date-time), turn deleted text into w:delText;
    return how many revisions there are."""
    next_id = 1 + max([int(e.get(qn("w:id"))) for story in stories
                       for e in story.iter(qn("w:bookmarkStart"))] or [0])
    count = 0
    for story in stories:
        starts = []
        # lxml picks the tags out, in document order: a story has thousands of elements
        for element in story.iter(*_REVISIONS, *_RANGE_ENDS):
            if element.tag in _REVISIONS:
                element.set(qn("w:id"), str(next_id))
                element.set(qn("w:author"), author)
                element.set(qn("w:date"), date)
                if element.tag.endswith("RangeStart"):
                    starts.append(next_id)
                else:
                    count += 1
                next_id += 1
            elif element.tag in _RANGE_ENDS:
                element.set(qn("w:id"), str(starts.pop(0)))
        for change in story.iter(qn("w:rPrChange")):
            change.getparent().append(change)     # last, after properties added since
        for deleted in list(story.iter(*_DELETED)):
            for text in deleted.iter(qn("w:t")):
                text.tag = qn("w:delText")
            for code in deleted.iter(qn("w:instrText")):
                code.tag = qn("w:delInstrText")
    return count

