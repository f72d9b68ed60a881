"""Report manifests (reports/<name>.yaml) -> Report: schemas, entry template, style sheet."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import StyleError

REPORTS = Path(__file__).resolve().parent.parent / "reports"
_KEYS = {"name", "description", "schemas", "template", "style", "formats", "variables"}


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    schemas: tuple
    template: str
    style: str
    formats: tuple
    folder: Path
    variables: dict = None           # passed to templates as ``variables``


def known_reports(search_path=()) -> list:
    """Return the names of every report kind found."""
    dirs = [Path(d) / "reports" for d in search_path] + [REPORTS]
    return sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")})


def load_report(name: str, search_path=()) -> Report:
    """Return the manifest of report kind ``name``; raise KeyError if there is none."""
    for folder in [Path(d) / "reports" for d in search_path] + [REPORTS]:
        path = folder / f"{name}.yaml"
        if path.is_file():
            break
    else:
        raise KeyError(name)
    with open(path, encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=yaml.CSafeLoader) or {}
    unknown = set(raw) - _KEYS
    if unknown:
        raise StyleError(f"{path}: unknown key {sorted(unknown)[0]!r}; known keys: "
                         f"{', '.join(sorted(_KEYS))}")
    missing = {"schemas", "template", "style"} - set(raw)
    if missing:
        raise StyleError(f"{path}: missing key {sorted(missing)[0]!r}")
    return Report(name=raw.get("name", name), description=raw.get("description", ""),
                  schemas=tuple(raw["schemas"]), template=raw["template"], style=raw["style"],
                  formats=tuple(raw.get("formats", ("docx", "pdf"))), folder=path.parent,
                  variables=dict(raw.get("variables") or {}))


def suggest_report(name: str, search_path=()) -> str:
    """Return a "did you mean" hint for an unknown report kind."""
    known = known_reports(search_path)
    hint = difflib.get_close_matches(str(name), known, n=1)
    text = f"known kinds: {', '.join(known)}"
    return f"did you mean {hint[0]!r}? ({text})" if hint else text
