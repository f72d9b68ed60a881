"""Validated meeting data -> the template context: labels, derived fields, numbering inputs."""
from __future__ import annotations

import re

from .errors import StyleError
from .loading import dotted, load_resource
from .resources import search_path


def load_labels(language: str, search=None) -> dict:
    """Return the words of ``language``: the built-in labels/<language>.yaml, overridden
    key by key by the same file in each of the user's folders (the first folder wins)."""
    search = search_path(search)
    found = search.find_all("labels", language)
    if not found:
        raise StyleError(search.not_found("labels", language))
    labels: dict = {}
    for resource in reversed(found):
        source = load_resource(resource, StyleError)
        if not isinstance(source.data, dict):
            raise StyleError(f"{source.where(())}: a labels file is a mapping of keys to words")
        labels = _overlay(labels, source.data, source, ())
    return labels


def _overlay(base: dict, over: dict, source, path: tuple) -> dict:
    """Return ``base`` with the keys of ``over`` laid on it, mappings merged key by key."""
    out = dict(base)
    for key, value in over.items():
        here = path + (key,)
        if key in out and _shape(out[key]) != _shape(value):
            raise StyleError(f"{source.where(here)}: {dotted(here)}: expected {_shape(out[key])} "
                             f"as in the built-in labels, got {_shape(value)}")
        out[key] = _overlay(out[key], value, source, here) if isinstance(value, dict) and \
            key in out else value
    return out


def _shape(value) -> str:
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    return "a word or phrase"


def build_context(data: dict, report, search=None) -> dict:
    """Return what templates see: the data under its own keys, plus ``labels`` and derived fields.

    Derived fields are those a template cannot compute without Python: the job
    number without its hyphen for the barcode, the language letter of the job line,
    the parts of a joint symbol, the suffix of a corrigendum.
    """
    language = data["language"]
    labels = load_labels(language, search)
    context = dict(data)
    context["labels"] = labels
    context["report"] = report.name
    context["variables"] = dict(report.variables or {})
    context["notes"] = data.get("notes") or {}
    document = data.get("document")
    if document:
        context["derived"] = derive_document(document, labels)
    return context


_SUFFIX = re.compile(r"^(Corr|Add|Rev)\.(\d+)$")


def derive_document(document: dict, labels: dict) -> dict:
    """Return the masthead facts a UN document's fields imply."""
    job = document.get("job-number", "")
    symbols = document["symbol"].split("–")
    parts = symbols[0].split("/")
    suffixes = [match.groups() for match in map(_SUFFIX.match, parts[1:]) if match]
    items = document.get("agenda-items") or ([document["agenda-item"]]
                                             if document.get("agenda-item") else [])
    organs = list(document["organ"])
    date = document["date"]
    return {
        "barcode": f"*{job.replace('-', '')}*" if job else "",
        "job_language": labels.get("job-language", ""),
        "symbols": symbols,
        "series": symbols[0].split("/", 1)[0],
        "symbol_rest": "/" + symbols[0].split("/", 1)[1] if "/" in symbols[0] else "",
        # The last suffix names what the document is: A/63/150/Rev.1/Corr.1 corrects.
        "suffix": suffixes[-1][0] if suffixes else None,
        "suffix_number": int(suffixes[-1][1]) if suffixes else None,
        "organs": organs,
        "joint": len(organs) > 1,
        "agenda_items": items,
        # The Security Council counts its years from 1946, its first.
        "year": document.get("year") or (date.year - 1945 if hasattr(date, "year") else None),
    }
