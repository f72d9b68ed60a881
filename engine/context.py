"""Validated meeting data -> the template context: labels, derived fields, numbering inputs."""
from __future__ import annotations

import yaml

from .errors import StyleError
from .resources import search_path


def load_labels(language: str, search=None) -> dict:
    """Return the words of ``language`` (labels/<language>.yaml), overrides first."""
    search = search_path(search)
    found = search.find("labels", language)
    if found is None:
        raise StyleError(search.not_found("labels", language))
    return yaml.load(found.read_text(), Loader=yaml.CSafeLoader) or {}


def build_context(data: dict, report, search=None) -> dict:
    """Return what templates see: the data under its own keys, plus ``labels`` and derived fields.

    Derived fields are those a template cannot compute without Python: the job
    number without its hyphen for the barcode, the language letter of the job line.
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
        job = document.get("job-number", "")
        context["derived"] = {
            "barcode": f"*{job.replace('-', '')}*" if job else "",
            "job_language": labels.get("job-language", ""),
            "series": document["symbol"].split("/", 1)[0],
            "symbol_rest": "/" + document["symbol"].split("/", 1)[1] if "/" in document["symbol"] else "",
        }
    return context
