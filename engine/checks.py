"""YAML data with positions + a cerberus schema -> normalised data, or every problem located.

Used for meeting files (``validation``) and for the files of template authors:
style sheets and report manifests.
"""
from __future__ import annotations

import datetime
import difflib
import re

from cerberus import Validator
from cerberus.schema import DefinitionSchema

from .loading import BadDate, Source, dotted
from .rules import MeetingRules, builtin_schemas
from .units import parse_length

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "boolean": "true or false",
    "date": "a date written YYYY-MM-DD", "dict": "a mapping of keys", "list": "a list",
    "number": "a number", "length": "a length such as 10pt, 2.5cm, 25mm, 1in or 0",
    "colour": 'a colour as six hex digits in quotes, such as "0033A0"',
}
_LARGEST = 14400          # points: 200 inches, the largest page a PDF may have


class MeetingValidator(MeetingRules, Validator):
    """Cerberus with the coercions and checks the schemas name (palais.rules)."""


class AuthorValidator(MeetingValidator):
    """Cerberus for the files of template authors: lengths, colours and their signs."""

    def _check_with_length(self, field, value):
        try:
            ok = not isinstance(value, bool) and abs(parse_length(value).pt) <= _LARGEST
        except ValueError:
            ok = False
        if not ok:
            self._error(field, f"expected {_TYPE_WORDS['length']} (at most {_LARGEST}pt), "
                               f"got {describe(value)}")

    def _check_with_colour(self, field, value):
        if value == "none" or isinstance(value, str) and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            return
        hint = " (YAML reads an unquoted 000000 as a number)" if isinstance(value, int) else ""
        self._error(field, f"expected {_TYPE_WORDS['colour']}, got {describe(value)}{hint}")

    def _validate_sign(self, sign, field, value):
        """{'type': 'string', 'allowed': ['positive', 'non-negative']}"""
        try:
            points = parse_length(value).pt
        except ValueError:
            return                    # the type rule reports it
        if points < 0 or (sign == "positive" and points == 0):
            self._error(field, f"must be {'greater than 0' if sign == 'positive' else '0 or more'}, "
                               f"got {value!r}")


class TrustedSchema(DefinitionSchema):
    """A schema shipped with Palais: its rules are checked against cerberus's by the
    tests, not again on every run (that check was a third of a run's validation)."""

    def validate(self, schema=None):
        return None


def use_schema(validator, schema: dict, names, search=None) -> None:
    """Give ``validator`` the merged ``schema`` of files ``names``; a user's schema file
    among them is checked as cerberus checks any schema (SchemaError)."""
    builtin = builtin_schemas(names, search)
    validator.schema = TrustedSchema(validator, schema) if builtin else schema


def located_problems(source: Source, validator, schema) -> list:
    """Return the messages of ``validator``'s errors, each at its file:line:col, in file order."""
    problems = [_message(source, error, parent) for error, parent in
                _leaves(validator._errors, schema)]
    return sorted(set(problems), key=position_key)


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
        return f"{source.where(path)}: {field}: expected {words}, got {describe(value)}"
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
    if code == 0x00 and error.info:                   # a custom rule's own message
        return f"{source.where(path)}: {field}: {error.info[0]}"
    return f"{source.where(path)}: {field}: {error.rule} {error.constraint!r} not met by {value!r}"


def describe(value) -> str:
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


def position_key(message: str):
    match = re.match(r"^(.*?):(\d+):(\d+): ", message)
    if not match:
        return ("", 0, 0)
    return (match.group(1), int(match.group(2)), int(match.group(3)))
