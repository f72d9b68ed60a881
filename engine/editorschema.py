"""A document kind's cerberus schemas -> a JSON Schema (draft 2020-12) for editors.

Editors that speak the YAML language server (VS Code's YAML extension, and others)
complete keys, show their descriptions and underline mistakes as one types, given a
JSON Schema. The cerberus schemas stay the one source of truth: this module reads
them as validation does (``load_schema`` of the kind's manifest) and says the same
in JSON Schema's words. It describes what a file may hold as it is typed, before
Palais's coercions: a paragraph may be a text or a mapping, a list of one its one
value. Rules JSON Schema cannot say (``check_with``: an image that exists, a session
a General Assembly document needs) are left to ``palais validate``.
"""
from __future__ import annotations

import datetime
import json

from .rules import load_schema
from .manifests import known_reports, load_report
from .resources import search_path

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_TYPES = {"string": "string", "integer": "integer", "float": "number", "number": "number",
          "boolean": "boolean", "list": "array", "dict": "object", "date": "string"}
# what each coercion lets one write instead of the value it makes
_COERCED = {"paragraph": "text", "sender": "text", "as_list": "one"}


def kind_schema(kind: str, search=None) -> dict:
    """Return the JSON Schema of the meeting files of report kind ``kind``."""
    search = search_path(search)
    report = load_report(kind, search)
    converter = _Converter(load_schema(["definitions"], search))
    body = converter.mapping(load_schema(report.schemas, search))
    body["properties"]["report"] = {"const": report.name, "description": _doc_of_report(report)}
    body["properties"]["include"] = _INCLUDE
    out = {"$schema": DIALECT, "$id": f"palais:{report.name}",
           "title": f"Palais meeting file: {report.name}",
           "description": report.description or report.name}
    out.update(body)
    if converter.used:
        out["$defs"] = converter.definitions()
    return out


def all_kinds_schema(search=None) -> dict:
    """Return one JSON Schema for a meeting file of any report kind: ``report:`` picks."""
    search = search_path(search)
    kinds = sorted(known_reports(search))
    defs = {kind: _nested(kind_schema(kind, search)) for kind in kinds}
    branches = [{"if": {"properties": {"report": {"const": kind}}, "required": ["report"]},
                 "then": {"$ref": f"#/$defs/{kind}"}} for kind in kinds]
    return {"$schema": DIALECT, "$id": "palais:meeting", "title": "Palais meeting file",
            "type": "object", "required": ["report"],
            "properties": {"report": {"enum": kinds, "description": "the report kind"}},
            "allOf": branches, "$defs": defs}


def dumps(schema: dict) -> str:
    """Return ``schema`` as JSON text, keys in a stable order."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


_INCLUDE = {
    "description": "another meeting file whose keys this one takes (all it does not have, "
                   "or those of take:), found beside it",
    "anyOf": [{"type": "string"},
              {"type": "object", "additionalProperties": False, "required": ["file"],
               "properties": {"file": {"type": "string"},
                              "take": {"type": "array", "items": {"type": "string"}}}}]}


def _doc_of_report(report) -> str:
    return report.description or f"the report kind {report.name}"


def _nested(schema: dict) -> dict:
    """Return a kind's schema fit to sit under another's $defs: its own $defs raised
    into references of its own name."""
    kind = schema["$id"].split(":", 1)[1]
    inner = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
    text = json.dumps(inner).replace('"#/$defs/', f'"#/$defs/{kind}/$defs/')
    nested = json.loads(text)
    if "$defs" in schema:
        nested["$defs"] = json.loads(json.dumps(schema["$defs"]).replace(
            '"#/$defs/', f'"#/$defs/{kind}/$defs/'))
    return nested


class _Converter:
    """Cerberus rules -> JSON Schema, the named rule sets (``schema: paragraph``) as
    $defs the output refers to."""

    def __init__(self, registry: dict):
        self.registry = registry
        self.used = []                   # registry names referred to, in order met
        self._done = {}

    def definitions(self) -> dict:
        index = 0
        while index < len(self.used):           # a definition may use others
            name = self.used[index]
            if name not in self._done:
                self._done[name] = self.mapping(self.registry[name])
            index += 1
        return {name: self._done[name] for name in self.used}

    def _ref(self, name: str) -> dict:
        if name not in self.registry:
            raise KeyError(f"the schemas name a rule set {name!r} that definitions.yaml lacks")
        if name not in self.used:
            self.used.append(name)
        return {"$ref": f"#/$defs/{name}"}

    def mapping(self, fields: dict) -> dict:
        """Return the JSON Schema of a mapping whose keys are ``fields`` (cerberus)."""
        properties, required, alternatives, excluding = {}, [], [], {}
        for name, rules in fields.items():
            if not isinstance(rules, dict):
                continue
            properties[name] = self.field(rules)
            excludes = rules.get("excludes")
            excludes = [excludes] if isinstance(excludes, str) else list(excludes or [])
            if rules.get("required"):
                # cerberus waives a required field when one it excludes is there
                (alternatives if excludes else required).append(name)
            if excludes:
                excluding[name] = {"not": {"anyOf": [{"required": [other]}
                                                      for other in excludes]}}
        out = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            out["required"] = required
        if alternatives:
            out["anyOf"] = [{"required": [name]} for name in alternatives]
        if excluding:
            out["dependentSchemas"] = excluding
        return out

    def field(self, rules: dict) -> dict:
        """Return the JSON Schema of one field's cerberus ``rules``, as typed."""
        out = {}
        doc = (rules.get("meta") or {}).get("doc")
        if doc:
            out["description"] = " ".join(str(doc).split())
        value = self._value(rules)
        coerce = rules.get("coerce")
        if _COERCED.get(coerce) == "text":
            value = {"anyOf": [{"type": "string", "minLength": 1}, value]}
        elif _COERCED.get(coerce) == "one":
            value = {"anyOf": [value.get("items", {}), value]} if "items" in value else value
        out.update(value)
        if "default" in rules and rules["default"] is not None:
            default = rules["default"]
            out["default"] = default.isoformat() if isinstance(default, datetime.date) \
                else default
        return out

    def _value(self, rules: dict) -> dict:
        names = rules.get("type")
        names = [names] if isinstance(names, str) else list(names or [])
        if len(names) > 1:
            branches = [self._value({**rules, "type": name}) for name in names]
            if rules.get("nullable"):
                branches.append({"type": "null"})
            return {"anyOf": branches}
        kind = names[0] if names else None
        out = {}
        if kind is not None:
            out["type"] = _TYPES.get(kind, "string")
        if kind == "date":
            out["format"] = "date"
            out["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
        allowed = rules.get("allowed")
        if allowed is not None:
            if kind == "list":
                out["items"] = {"enum": list(allowed)}
            else:
                out["enum"] = list(allowed)
        if "regex" in rules:
            out["pattern"] = f"^(?:{rules['regex']})$"
        for rule, number in (("min", "minimum"), ("max", "maximum")):
            if rule in rules and kind in ("integer", "float", "number"):
                out[number] = rules[rule]
        for rule, key in (("minlength", "min"), ("maxlength", "max")):
            if rule in rules:
                out[{"list": f"{key}Items", "dict": f"{key}Properties"}.get(
                    kind, f"{key}Length")] = rules[rule]
        if rules.get("empty") is False:
            if kind == "list":
                out["minItems"] = max(out.get("minItems", 0), 1)
            elif kind == "dict":
                out["minProperties"] = max(out.get("minProperties", 0), 1)
            else:
                out["minLength"] = max(out.get("minLength", 0), 1)
        inner = rules.get("schema")
        if inner is not None:
            if kind == "list":
                out["items"] = self._ref(inner) if isinstance(inner, str) else self.field(inner)
            elif isinstance(inner, str):
                out.update(self._ref(inner))
            else:
                out.update(self.mapping(inner))
        if "keysrules" in rules:
            out["propertyNames"] = self.field(rules["keysrules"])
        if "valuesrules" in rules:
            out["additionalProperties"] = self.field(rules["valuesrules"])
            out.pop("properties", None)
        if rules.get("nullable"):
            if "type" in out and "$ref" not in out:
                out["type"] = [out["type"], "null"]
                if "enum" in out:
                    out["enum"] = out["enum"] + [None]
            else:
                out = {"anyOf": [out, {"type": "null"}]}
        return out
