"""Model tree -> the same tree with a language's spacing rules applied to its text.

A style sheet chooses the rule set for each document language
(``typography: {fr: un-fr}``), so UN and IOM French can differ.
"""
from __future__ import annotations

import dataclasses
import re

from . import model as m
from .errors import StyleError

NBSP = "\u00a0"

# (pattern, replacement) pairs, applied in order to every Text node.
_GUILLEMETS = [
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
]
_APOSTROPHE = [(re.compile(r"(?<=\w)'(?=\w)"), "\u2019")]


def _before(marks: str, space: str):
    # A mark that ends a clause: followed by a space or the end of the text, so
    # "https://", "10:30" and "5:1" are left alone.
    return (re.compile(rf"(?<=[^\s\u00a0\u202f])[ \u00a0\u202f]*([{marks}])(?=\s|$|»)"),
            space + r"\1")


RULE_SETS = {
    # UN New York French: a space before the colon only; none before ; ? !
    "un-fr": [_before(":", NBSP)] + _GUILLEMETS + _APOSTROPHE,
    # IOM French: a space before ; : ? ! as well.
    "iom-fr": [_before(":;?!", NBSP)] + _GUILLEMETS + _APOSTROPHE,
    "none": [],
}


def fix_spacing(text: str, rules) -> str:
    """Return ``text`` with the spacing ``rules`` applied."""
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def apply_typography(document: m.Document, rule_set) -> m.Document:
    """Return ``document`` with rule set ``rule_set`` (a name, or None) applied to all text."""
    if not rule_set:
        return document
    try:
        rules = RULE_SETS[rule_set]
    except KeyError:
        raise StyleError(f"unknown typography rule set {rule_set!r}; known: "
                         f"{', '.join(sorted(RULE_SETS))}") from None
    return _walk(document, rules, {})


def _walk(node, rules, notes):
    if isinstance(node, m.Text):
        return m.Text(fix_spacing(node.text, rules))
    if isinstance(node, m.Note):
        if node.id not in notes:
            notes[node.id] = dataclasses.replace(node, content=_walk(node.content, rules, notes))
        return notes[node.id]
    if isinstance(node, tuple):
        return tuple(_walk(item, rules, notes) for item in node)
    if isinstance(node, str):
        return fix_spacing(node, rules)
    if dataclasses.is_dataclass(node):
        changes = {}
        for f in dataclasses.fields(node):
            if f.name in ("href", "style", "number", "label", "mark", "id", "role", "align",
                          "symbol", "job_number", "job_line", "barcode", "language"):
                continue
            value = getattr(node, f.name)
            if isinstance(value, (tuple, str, m.Note)) or dataclasses.is_dataclass(value):
                changes[f.name] = _walk(value, rules, notes)
        return dataclasses.replace(node, **changes)
    return node
