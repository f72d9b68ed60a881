"""Report manifests (reports/<name>.yaml) -> Report: schemas, entry template, style sheet."""
from __future__ import annotations

import difflib
import re
from typing import Optional

from .rules import validate_author_file
from .errors import StyleError
from .loading import load_resource
from .records import record
from .resources import search_path

_REQUIRED = ("schemas", "template", "style")


@record
class Report:
    name: str
    description: str
    schemas: tuple
    template: str
    style: str
    formats: tuple
    source: str                      # the manifest's file, for messages
    variables: dict = None           # passed to templates as ``variables``
    word_limit: Optional[int] = None  # the most words palais check lets a document have


def known_reports(search=None) -> list:
    """Return the names of every report kind found."""
    return search_path(search).names("reports")


def load_report(name: str, search=None) -> Report:
    """Return the manifest of report kind ``name``; raise KeyError if there is none.

    A manifest may ``extends`` another kind and change only what it names; one named
    like the kind it extends extends the next manifest of that name on the path.
    """
    search = search_path(search)
    if not _valid_name(name) or search.find("reports", name) is None:
        raise KeyError(name)
    raw, source = _load_raw(name, search, ())
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise StyleError(f"{source}: {', '.join(missing)}: required, in this manifest or the one "
                         "it extends")
    variables = dict(raw.get("variables") or {})
    return Report(name=raw.get("name", name), description=raw.get("description", ""),
                  schemas=tuple(raw["schemas"]), template=raw["template"], style=raw["style"],
                  formats=tuple(raw.get("formats", ("docx", "pdf"))), source=source,
                  variables=variables, word_limit=raw.get("word-limit"))


def _valid_name(name) -> bool:
    """Return whether ``name`` can be a kind: no path, no dot (``report: ../x`` is no kind)."""
    return isinstance(name, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) is not None


def _load_raw(name: str, search, seen: tuple, by=None) -> tuple[dict, str]:
    resource = search.extended("reports", name, by, seen)
    source = load_resource(resource, StyleError)
    raw = validate_author_file(source, "manifest")
    parent = raw.pop("extends", None)
    if parent:
        base, _ = _load_raw(parent, search, seen + ((str(resource.path), resource.name),),
                            by=resource)
        variables = {**(base.get("variables") or {}), **(raw.get("variables") or {})}
        base.pop("name", None)              # a kind is named after its own file
        raw = {**base, **raw, "variables": variables}
    return raw, str(resource)


def suggest_report(name: str, search=None) -> str:
    """Return a "did you mean" hint for an unknown report kind."""
    known = known_reports(search)
    hint = difflib.get_close_matches(str(name), known, n=1)
    text = f"known kinds: {', '.join(known)}"
    return f"did you mean {hint[0]!r}? ({text})" if hint else text
