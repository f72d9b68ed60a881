"""Report manifests (reports/<name>.yaml) -> Report: schemas, entry template, style sheet."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import yaml

from .errors import StyleError
from .resources import search_path

_KEYS = {"name", "description", "schemas", "template", "style", "formats", "variables"}


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    schemas: tuple
    template: str
    style: str
    formats: tuple
    source: str                      # the manifest's file, for messages
    variables: dict = None           # passed to templates as ``variables``


def known_reports(search=None) -> list:
    """Return the names of every report kind found."""
    return search_path(search).names("reports")


def load_report(name: str, search=None) -> Report:
    """Return the manifest of report kind ``name``; raise KeyError if there is none."""
    found = search_path(search).find("reports", name)
    if found is None:
        raise KeyError(name)
    path = found.path
    raw = yaml.load(found.read_text(), Loader=yaml.CSafeLoader) or {}
    unknown = set(raw) - _KEYS
    if unknown:
        raise StyleError(f"{path}: unknown key {sorted(unknown)[0]!r}; known keys: "
                         f"{', '.join(sorted(_KEYS))}")
    missing = {"schemas", "template", "style"} - set(raw)
    if missing:
        raise StyleError(f"{path}: missing key {sorted(missing)[0]!r}")
    return Report(name=raw.get("name", name), description=raw.get("description", ""),
                  schemas=tuple(raw["schemas"]), template=raw["template"], style=raw["style"],
                  formats=tuple(raw.get("formats", ("docx", "pdf"))), source=str(path),
                  variables=dict(raw.get("variables") or {}))


def suggest_report(name: str, search=None) -> str:
    """Return a "did you mean" hint for an unknown report kind."""
    known = known_reports(search)
    hint = difflib.get_close_matches(str(name), known, n=1)
    text = f"known kinds: {', '.join(known)}"
    return f"did you mean {hint[0]!r}? ({text})" if hint else text
