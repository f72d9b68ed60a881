"""Validated meeting data -> the template context: labels, derived fields, numbering inputs."""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import StyleError

LABELS = Path(__file__).resolve().parent.parent / "templates" / "labels"


def load_labels(language: str, search_path=()) -> dict:
    """Return the words of ``language`` (templates/labels/<language>.yaml), overrides first."""
    for folder in [Path(d) / "labels" for d in search_path] + [LABELS]:
        path = folder / f"{language}.yaml"
        if path.is_file():
            with open(path, encoding="utf-8") as handle:
                return yaml.load(handle, Loader=yaml.CSafeLoader) or {}
    raise StyleError(f"no labels for language {language!r} in {LABELS}")


def build_context(data: dict, report, search_path=()) -> dict:
    """Return what templates see: the data under its own keys, plus ``labels`` and derived fields.

    Derived fields are those a template cannot compute without Python: the job
    number without its hyphen for the barcode, the language letter of the job line.
    """
    language = data["language"]
    labels = load_labels(language, search_path)
    context = dict(data)
    context["labels"] = labels
    context["report"] = report.name
    context["variables"] = dict(report.variables or {})
    context["notes"] = data.get("notes") or {}
    document = data.get("document")
    if document:
        job = document.get("job-number", "")
        context["derived"] = {
            "barcode": f"*{job.replace('-', '')}*" if job else "",
            "job_language": labels.get("job-language", ""),
            "series": document["symbol"].split("/", 1)[0],
            "symbol_rest": "/" + document["symbol"].split("/", 1)[1] if "/" in document["symbol"] else "",
        }
    return context
