"""Loaded meeting data + report schemas -> normalised data, or every problem at once."""
from __future__ import annotations

import difflib
import re

from cerberus.schema import SchemaError

from .checks import MeetingValidator, describe, load_schema, located_problems, position_key
from .errors import StyleError, ValidationError
from .loading import Source, dotted

_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")


def validate_meeting(source: Source, schema_names, search=None) -> dict:
    """Check ``source`` against the schemas; return normalised data or raise ValidationError."""
    schema = load_schema(schema_names, search)
    validator = MeetingValidator()
    for name, definition in load_schema(["definitions"], search).items():
        validator.schema_registry.add(name, definition)
    try:
        validator.schema = schema
    except SchemaError as exc:
        raise StyleError(f"schemas {', '.join(schema_names)} are broken: {exc}") from None
    data = source.data if isinstance(source.data, dict) else None
    if data is None:
        raise ValidationError([f"{source.where(())}: (top): expected a mapping of keys, "
                               f"got {describe(source.data)}"])
    problems = []
    if not validator.validate(data):
        problems = located_problems(source, validator, schema)
    normal = validator.document if not problems else data
    problems.extend(_check_note_calls(source, normal))
    if problems:
        raise ValidationError(sorted(set(problems), key=position_key))
    return normal


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
                    # A paragraph typed as text is {text: …} once normalised: name it as typed.
                    shown = path[:-1] if path not in source.values and path[-1:] == ("text",) \
                        else path
                    problems.append(f"{source.where(shown)}: {dotted(shown)}: {msg}")

    walk(data, ())
    return problems




def editorial_warnings(source: Source, data: dict) -> list:
    """Return (code, message) warnings for usage the UN editorial rules set, on valid data.

    Co-signing States are listed in English alphabetical order: an English letter
    whose senders are not gets ``signatory-order``.
    """
    warnings = []
    senders = (data.get("letter") or {}).get("from") or []
    states = [s.get("state") for s in senders if isinstance(s, dict)]
    if data.get("language") == "en" and len(states) > 1 and all(states):
        key = [re.sub(r"^the ", "", state.casefold()) for state in states]
        if key != sorted(key):
            where = source.where(("letter", "from"))
            warnings.append(("signatory-order", f"{where}: letter.from: co-signing States are "
                             "listed in English alphabetical order: "
                             f"{', '.join(sorted(states, key=lambda s: re.sub(r'^the ', '', s.casefold())))}"))
    return warnings
