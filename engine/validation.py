"""Loaded meeting data + report schemas -> normalised data, or every problem at once."""
from __future__ import annotations

import datetime
import difflib
import re

import yaml
from cerberus import Validator
from cerberus.schema import SchemaError

from .errors import StyleError, ValidationError
from .loading import BadDate, Source, dotted
from .resources import search_path

_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "boolean": "true or false",
    "date": "a date written YYYY-MM-DD", "dict": "a mapping of keys", "list": "a list",
    "number": "a number",
}


class _MeetingValidator(Validator):
    """Cerberus with the coercions the schemas name."""

    def _normalize_coerce_paragraph(self, value):
        """Let a paragraph be written as plain text instead of ``{text: ...}``."""
        return {"text": value} if isinstance(value, str) else value

    def _normalize_coerce_clock(self, value):
        """Turn a time YAML read as minutes (``10:30`` is 630 in YAML 1.1) back into "10:30"."""
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value // 60}:{value % 60:02d}"
        return value


def load_schema(names, search=None) -> dict:
    """Return the union of the schemas ``names`` (files in schemas/)."""
    search = search_path(search)
    schema: dict = {}
    for name in names:
        found = search.find("schemas", name)
        if found is None:
            raise StyleError(search.not_found("schemas", name))
        schema.update(yaml.load(found.read_text(), Loader=yaml.CSafeLoader) or {})
    return schema


def validate_meeting(source: Source, schema_names, search=None) -> dict:
    """Check ``source`` against the schemas; return normalised data or raise ValidationError."""
    schema = load_schema(schema_names, search)
    validator = _MeetingValidator()
    for name, definition in load_schema(["definitions"], search).items():
        validator.schema_registry.add(name, definition)
    try:
        validator.schema = schema
    except SchemaError as exc:
        raise StyleError(f"schemas {', '.join(schema_names)} are broken: {exc}") from None
    data = source.data if isinstance(source.data, dict) else None
    if data is None:
        raise ValidationError([f"{source.where(())}: (top): expected a mapping of keys, "
                               f"got {_describe(source.data)}"])
    problems = []
    if not validator.validate(data):
        for error, parent_schema in _leaves(validator._errors, schema):
            problems.append(_message(source, error, parent_schema))
    normal = validator.document if not problems else data
    problems.extend(_check_note_calls(source, normal))
    if problems:
        raise ValidationError(sorted(set(problems), key=_position_key))
    return normal


def _leaves(errors, parent_schema):
    """Yield (error, schema of the mapping holding it) for every leaf error."""
    for error in errors:
        if error.is_group_error:
            child_schema = error.constraint if isinstance(error.constraint, dict) else {}
            if "schema" in child_schema and isinstance(child_schema.get("schema"), dict):
                child_schema = child_schema["schema"]
            yield from _leaves(error.child_errors, child_schema)
        else:
            yield error, parent_schema


def _message(source: Source, error, parent_schema) -> str:
    path = tuple(error.document_path)
    field = dotted(path)
    code = error.code
    value = error.value
    if code == 0x03:                                  # unknown field
        known = [k for k in parent_schema if isinstance(k, str)]
        hint = difflib.get_close_matches(str(path[-1]), known, n=1)
        msg = f"unknown key {path[-1]!r}"
        if hint:
            msg += f"; did you mean {hint[0]!r}?"
        elif known:
            msg += f"; expected one of: {', '.join(sorted(known))}"
        return f"{source.where(path, key=True)}: {field}: {msg}"
    if code == 0x02:                                  # required field missing
        return f"{source.where(path[:-1], key=True)}: {field}: required field is missing"
    if code == 0x24:                                  # wrong type
        if isinstance(value, BadDate):
            return f"{source.where(path)}: {field}: not a valid date: {str(value)!r} ({value.reason})"
        wanted = error.constraint if isinstance(error.constraint, list) else [error.constraint]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        return f"{source.where(path)}: {field}: expected {words}, got {_describe(value)}"
    if code == 0x44:                                  # not allowed
        allowed = ", ".join(repr(a) for a in error.constraint)
        hint = difflib.get_close_matches(str(value), [str(a) for a in error.constraint], n=1)
        msg = f"expected one of {allowed}, got {value!r}"
        if hint:
            msg += f"; did you mean {hint[0]!r}?"
        return f"{source.where(path)}: {field}: {msg}"
    if code == 0x41:                                  # regex
        doc = (parent_schema.get(path[-1], {}) or {}).get("meta", {}).get("doc", "") \
            if path and isinstance(parent_schema, dict) else ""
        hint = f" ({doc})" if doc else ""
        return f"{source.where(path)}: {field}: {value!r} is not of the expected form{hint}"
    if code == 0x22:
        return f"{source.where(path)}: {field}: must not be empty"
    if code == 0x23:
        return f"{source.where(path)}: {field}: must have a value"
    if code in (0x27, 0x28):
        bound = "at least" if code == 0x27 else "at most"
        return f"{source.where(path)}: {field}: expected {bound} {error.constraint} items, got {len(value)}"
    if code in (0x42, 0x43):
        bound = "at least" if code == 0x42 else "at most"
        return f"{source.where(path)}: {field}: expected {bound} {error.constraint}, got {value!r}"
    return f"{source.where(path)}: {field}: {error.rule} {error.constraint!r} not met by {value!r}"


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 60 else "a text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _check_note_calls(source: Source, data: dict):
    """Return a problem for each ``[^id]`` call whose note is not defined under ``notes``."""
    notes = data.get("notes") or {}
    problems = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if path == () and key == "notes":
                    continue
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str):
            for match in _NOTE_CALL.finditer(value):
                if match.group(1) not in notes:
                    hint = difflib.get_close_matches(match.group(1), list(notes), n=1)
                    msg = f"note [^{match.group(1)}] is not defined under 'notes'"
                    if hint:
                        msg += f"; did you mean [^{hint[0]}]?"
                    problems.append(f"{source.where(path)}: {dotted(path)}: {msg}")

    walk(data, ())
    return problems


def _position_key(message: str):
    match = re.match(r"^(.*?):(\d+):(\d+): ", message)
    if not match:
        return ("", 0, 0)
    return (match.group(1), int(match.group(2)), int(match.group(3)))
