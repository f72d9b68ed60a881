"""Loaded meeting data + report schemas -> normalised data, or every problem at once."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from .errors import StyleError, ValidationError
from .loading import Source, dotted, strings
from .resources import search_path
from .acceptance import accept
from .rules import builtin_schemas, load_schema

_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_CROSS_REFERENCE = re.compile(r"\]\(#([^)\s]*)\)")


def validate_meeting(source: Source, schema_names, search=None) -> dict:
    """Check ``source`` against the schemas; return normalised data or raise ValidationError."""
    schema = load_schema(schema_names, search)
    search = search_path(search)
    folder = Path(source.folder) if source.folder else \
        Path(source.path).resolve().parent if Path(source.path).is_file() else None
    roots = ([folder] if folder else []) + [Path(d) for d in search.user_dirs]
    config = {"base_dir": folder, "image_roots": roots}
    definitions = load_schema(["definitions"], search)
    names = list(schema_names) + ["definitions"]
    data = source.data if isinstance(source.data, dict) else None
    if data is None:
        from .checks import describe
        raise ValidationError([f"{source.where(())}: (top): expected a mapping of keys, "
                               f"got {describe(source.data)}"])
    problems = []
    # A valid file of the built-in schemas needs no cerberus (palais.acceptance); a
    # problem, or a schema of the user's (checked as cerberus checks schemas), does.
    normal = accept(data, schema, definitions, config) if builtin_schemas(names, search) else None
    if normal is None:
        normal, problems = _validate_with_cerberus(source, data, schema, definitions, names,
                                                   config, search)
    texts = list(strings(normal))
    problems.extend(_check_note_calls(source, normal, texts))
    problems.extend(_check_cross_references(source, texts))
    problems.extend(_check_text(source, texts))
    if problems:
        from .checks import position_key
        raise ValidationError(sorted(set(problems), key=position_key))
    return normal


def _validate_with_cerberus(source, data, schema, definitions, names, config, search) -> tuple:
    """Return (the normalised data, or ``data`` itself when it has problems; the
    problems, each at its place)."""
    from cerberus.schema import RulesSetRegistry, SchemaError, SchemaRegistry

    from .checks import MeetingValidator, located_problems, use_schema

    # registries of its own: the named schemas of one kind's folder are not another's
    validator = MeetingValidator(**config, schema_registry=SchemaRegistry(),
                                 rules_set_registry=RulesSetRegistry())
    for name, definition in definitions.items():
        validator.schema_registry.add(name, definition)
        # A list where a mapping of a named schema is expected: cerberus, normalising
        # the list, looks the name up as the rules of its items, and fails unless it
        # finds some. None: the mapping's type rule reports the list.
        validator.rules_set_registry.add(name, {})
    try:
        use_schema(validator, schema, names, search)
    except SchemaError as exc:
        raise StyleError(f"schemas {', '.join(names[:-1])} are broken: {exc}") from None
    if validator.validate(data):
        return validator.document, []
    return data, located_problems(source, validator, schema)


def _check_note_calls(source: Source, data: dict, texts: list):
    """Return a problem for each ``[^id]`` call whose note is not defined under ``notes``."""
    notes = data.get("notes") or {}
    problems = []

    for note_id, text in notes.items():
        if isinstance(text, str) and (_NOTE_CALL.search(text) or "^[" in text):
            problems.append(f"{source.where(('notes', note_id))}: notes.{note_id}: a note "
                            "cannot call a note; put the text in this note")

    for path, value in texts:
        if path[:1] == ("notes",):
            continue
        for match in _NOTE_CALL.finditer(value):
            if match.group(1) not in notes:
                hint = difflib.get_close_matches(match.group(1), list(notes), n=1)
                msg = f"note [^{match.group(1)}] is not defined under 'notes'"
                if hint:
                    msg += f"; did you mean [^{hint[0]}]?"
                shown = _as_typed(source, path)
                problems.append(f"{source.where(shown)}: {dotted(shown)}: {msg}")
    return problems




def _check_cross_references(source: Source, texts: list):
    """Return a problem for each id given twice and each link ``[…](#id)`` to an id no
    heading or paragraph has. ``texts``: (path, text) of every string of the data."""
    ids, problems = {}, []
    for path, value in texts:
        if path[-1:] == ("id",) and not (len(path) >= 2 and path[-2] == "notes"):
            if value in ids:
                first = source.where(ids[value])
                problems.append(f"{source.where(path)}: {dotted(path)}: id {value!r} is "
                                f"already given at {first}")
            ids.setdefault(value, path)
    for path, value in texts:
        for match in _CROSS_REFERENCE.finditer(value):
            name = match.group(1)
            if name not in ids:
                hint = difflib.get_close_matches(name, list(ids), n=1)
                msg = (f"the link to #{name} points at no heading or paragraph: give the one "
                       f"it means id: {name}" if name else "a link to # needs an id after #")
                if hint:
                    msg += f"; did you mean #{hint[0]}?"
                shown = _as_typed(source, path)
                problems.append(f"{source.where(shown)}: {dotted(shown)}: {msg}")
    return problems


MAX_TEXT = 40_000           # characters of one text: about ten pages of one paragraph
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                        + "".join(chr(p * 0x10000 + 0xfffe) + chr(p * 0x10000 + 0xffff)
                                  for p in range(17)) + "]")
# The same characters below U+10000. A class with characters beyond it is matched
# by trying its ranges one by one, seven times slower over a report's 200,000
# characters; a text with none beyond it (_BEYOND_BMP) has the same first match.
_FORBIDDEN_IN_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
                               "\ufdd0-\ufdef\ufffe\uffff]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def forbidden_character(value: str):
    """Return the match of the first character of ``value`` no document can hold
    (``_FORBIDDEN``), or None."""
    if _BEYOND_BMP.search(value) is None:
        return _FORBIDDEN_IN_BMP.search(value)
    return _FORBIDDEN.search(value)


def _as_typed(source: Source, path: tuple) -> tuple:
    """A paragraph typed as text is {text: …} once normalised: name it as typed."""
    return path[:-1] if path not in source.values and path[-1:] == ("text",) else path


def _check_text(source: Source, texts: list) -> list:
    """Return a problem for each text that no document can hold: control characters,
    noncharacters and halves of surrogate pairs, blank text, text too long for pages.

    Tabs and line breaks are allowed; in running text they are spaces.
    """
    problems = []
    for path, value in texts:
        bad = forbidden_character(value)
        if bad:
            char = bad.group()
            kind = ("half of a surrogate pair" if "\ud800" <= char <= "\udfff" else
                    "a control character" if ord(char) < 0xa0 else "a noncharacter")
            problem = (f"holds U+{ord(char):04X}, {kind}, which no document can show; "
                       "remove it")
        elif value and not value.strip():
            problem = "blank; write the text or leave the key out"
        elif len(value) > MAX_TEXT:
            problem = (f"{len(value):,} characters in one text, more than the {MAX_TEXT:,} a "
                       "document allows (about ten pages); split it into paragraphs")
        else:
            continue
        shown = _as_typed(source, path)
        problems.append(f"{source.where(shown)}: {dotted(shown)}: {problem}")
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
