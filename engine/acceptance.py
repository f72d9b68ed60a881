"""A meeting file's data + its built-in schemas -> the data cerberus normalises, or None.

Cerberus reports every problem of a file at its place. It is also slow: it
builds a validator for every mapping and list of the file, a sixth of a second
for the IOM report, and takes a tenth of a short letter's run to import. A file
with no problem needs none of that: ``accept`` applies the rules the built-in
schemas use (the same coercions and checks, palais.rules, in the order cerberus
applies them) and returns the data cerberus would return, or None as soon as
anything is amiss or unknown to it -- a rule it does not know, a value it is not
sure of, any problem at all. Then palais.validation asks cerberus, which says
what is wrong and where. The tests compare the two on the examples and on many
altered copies of them.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence, Sized
from datetime import date, datetime
from functools import lru_cache
from typing import Optional

from .rules import MeetingRules


class _Unsure(Exception):
    """Something only cerberus can judge, or a problem it is to report."""


# cerberus 1.3's types (Validator.types_mapping; a test compares them): included, excluded
TYPES = {
    "boolean": ((bool,), ()), "date": ((date,), ()), "datetime": ((datetime,), ()),
    "dict": ((Mapping,), ()), "float": ((float, int), ()), "integer": ((int,), ()),
    "list": ((Sequence,), (str,)), "number": ((int, float), (bool,)), "string": ((str,), ()),
}
_KNOWN = frozenset({"type", "schema", "default", "meta", "required", "nullable", "empty",
                    "coerce", "check_with", "allowed", "regex", "excludes", "minlength",
                    "maxlength", "min", "max", "keysrules", "valuesrules"})
_NORMALISING = frozenset({"coerce", "default", "schema", "keysrules", "valuesrules"})
# the rules cerberus passes over for a value None (nullable) and for an empty value (empty)
_SKIPPED_FOR_NONE = frozenset({"allowed", "empty", "keysrules", "min", "max", "minlength",
                               "maxlength", "regex", "schema", "type", "valuesrules"})
_SKIPPED_FOR_EMPTY = frozenset({"allowed", "minlength", "maxlength", "regex", "check_with"})
_FIRST = ("type", "empty")          # after nullable; then the others in the order written


class _Here(MeetingRules):
    """What a coercion or check sees: the mapping being checked, the whole file, the
    settings; a problem makes the file cerberus's to judge."""

    def __init__(self, document, root_document, config):
        self.document, self.root_document, self._config = document, root_document, config

    def _error(self, *args):
        raise _Unsure


def accept(data: dict, schema: dict, registry: dict, config: dict) -> Optional[dict]:
    """Return ``data`` normalised as cerberus normalises a valid document (defaults,
    coercions, nested schemas), or None when cerberus must judge it.

    ``schema``: the kind's merged schemas; ``registry``: the named schemas
    (definitions) that ``schema: name`` refers to; ``config``: the validator's
    settings (base_dir, image_roots)."""
    try:
        normal = _Pass(registry, config, None).mapping(data, schema)
        _Pass(registry, config, normal).check_mapping(normal, schema)
    except Exception:       # unsure, a coercion or check that fails, a file nested too deep
        return None
    return normal


class _Pass:
    """One walk over the data: normalising (``mapping``), then checking."""

    def __init__(self, registry: dict, config: dict, root):
        self.registry, self.config, self.root = registry, config, root
        # What a schema and a field's rules need, worked out once: a schema is met
        # once for each mapping it checks (986 in the IOM report).
        # id(schema) -> (schema, its fields with a default, its required fields,
        # whether all its rules are known here)
        self._plans: dict = {}
        self._orders: dict = {}          # id(rules) -> (rules, the order they apply in)

    def _plan(self, schema: dict) -> tuple:
        plan = self._plans.get(id(schema))
        if plan is None or plan[0] is not schema:
            defaults, required, known = [], set(), True
            for field, rules in schema.items():
                rules = _rules(rules)
                known = known and _KNOWN.issuperset(rules)
                if "default" in rules:
                    defaults.append((field, rules))
                if rules.get("required", False) is True:
                    required.add(field)
            plan = self._plans[id(schema)] = (schema, defaults, frozenset(required), known)
        return plan

    # -- normalising, as cerberus's Validator.normalized ------------------------------

    def mapping(self, value, schema) -> dict:
        schema = self._schema(schema)
        out = dict(value)
        _, defaults, _, known = self._plan(schema)
        if not known:
            raise _Unsure                     # a rule such as rename or default_setter
        for field, rules in defaults:
            if field not in out or out[field] is None and not rules.get("nullable", False):
                out[field] = copy.deepcopy(rules["default"])
        for field in out:
            rules = schema.get(field)
            if rules is not None and "coerce" in rules:
                out[field] = self._coerce(rules["coerce"], out[field], out)
        for field in out:
            rules = schema.get(field)
            if rules is not None:
                out[field] = self._contents(out[field], _rules(rules))
        return out

    def _value(self, value, rules):
        """Normalise the value of a field that is there (a list's item, a mapping's
        value under valuesrules)."""
        rules = _rules(rules)
        if value is None and "default" in rules and not rules.get("nullable", False):
            value = copy.deepcopy(rules["default"])
        if "coerce" in rules:
            value = self._coerce(rules["coerce"], value, None)
        return self._contents(value, rules)

    def _coerce(self, name, value, document):
        if not isinstance(name, str):
            raise _Unsure
        coerce = getattr(_Here(document, self.root, self.config), f"_normalize_coerce_{name}", None)
        if coerce is None:
            raise _Unsure
        return coerce(value)

    def _contents(self, value, rules):
        if not _NORMALISING.intersection(rules):
            return value
        if isinstance(value, Mapping):
            if "keysrules" in rules and _NORMALISING.intersection(_rules(rules["keysrules"])):
                raise _Unsure                 # keys renamed by a coercion: cerberus's to do
            if "valuesrules" in rules:
                value = {key: self._value(item, rules["valuesrules"])
                         for key, item in value.items()}
            if "schema" in rules:
                if rules.get("type") != "dict":
                    raise _Unsure
                value = self.mapping(value, rules["schema"])
        elif isinstance(value, Sequence) and not isinstance(value, str) and "schema" in rules:
            if rules.get("type") != "list" or not isinstance(value, list):
                raise _Unsure
            value = [self._value(item, rules["schema"]) for item in value]
        return value

    # -- checking, as cerberus's Validator.validate -----------------------------------

    def check_mapping(self, document: dict, schema) -> None:
        schema = self._schema(schema)
        unrequired = set()
        for field, value in document.items():
            rules = schema.get(field)
            if rules is None:
                raise _Unsure                 # an unknown key
            self._check(field, value, _rules(rules), document, schema, unrequired)
        required = self._plan(schema)[2] - unrequired
        if not required.issubset(document):
            raise _Unsure
        if unrequired and unrequired.isdisjoint(
                field for field, value in document.items() if value is not None):
            raise _Unsure

    def _order(self, rules: dict) -> list:
        """Return the rules of ``rules`` in the order cerberus applies them."""
        kept = self._orders.get(id(rules))
        if kept is None or kept[0] is not rules:
            if not _KNOWN.issuperset(rules):
                raise _Unsure
            kept = self._orders[id(rules)] = (rules, [rule for rule in _FIRST if rule in rules]
                                              + [rule for rule in rules if rule not in _FIRST])
        return kept[1]

    def _check(self, field, value, rules, document, schema, unrequired) -> None:
        order = self._order(rules)
        skipped = set()
        if value is None:
            if not rules.get("nullable", False):
                raise _Unsure
            skipped = _SKIPPED_FOR_NONE
        for rule in order:
            if rule in skipped or rule in ("nullable", "meta", "required", "default", "coerce"):
                continue
            constraint = rules[rule]
            if rule == "type":
                if not _of_type(value, constraint):
                    raise _Unsure
            elif rule == "empty":
                if isinstance(value, Sized) and len(value) == 0:
                    if not constraint:
                        raise _Unsure
                    skipped = skipped | _SKIPPED_FOR_EMPTY
            elif rule == "allowed":
                if isinstance(value, Iterable) and not isinstance(value, str):
                    if any(item not in constraint for item in value):
                        raise _Unsure
                elif value not in constraint:
                    raise _Unsure
            elif rule == "regex":
                if isinstance(value, str) and not _pattern(constraint).match(value):
                    raise _Unsure
            elif rule in ("minlength", "maxlength"):
                if isinstance(value, Iterable) and (len(value) < constraint if rule == "minlength"
                                                    else len(value) > constraint):
                    raise _Unsure
            elif rule in ("min", "max"):
                try:
                    beyond = value < constraint if rule == "min" else value > constraint
                except TypeError:
                    beyond = False
                if beyond:
                    raise _Unsure
            elif rule == "excludes":
                excluded = [constraint] if isinstance(constraint, Hashable) else constraint
                if rules.get("required", False):
                    unrequired.add(field)
                    unrequired.update(other for other in excluded if other in schema)
                if any(other in document for other in excluded):
                    raise _Unsure
            elif rule == "schema":
                if isinstance(value, Sequence) and not isinstance(value, str):
                    self._check_items(dict(enumerate(value)), constraint)
                elif isinstance(value, Mapping):
                    self.check_mapping(value, constraint)
            elif rule == "keysrules":
                if isinstance(value, Mapping):
                    self._check_items({key: key for key in value}, constraint)
            elif rule == "valuesrules":
                if isinstance(value, Mapping):
                    self._check_items(value, constraint)
            elif rule == "check_with":
                if not isinstance(constraint, str):
                    raise _Unsure
                check = getattr(_Here(document, self.root, self.config),
                                f"_check_with_{constraint}", None)
                if check is None:
                    raise _Unsure
                check(field, value)

    def _check_items(self, items: Mapping, rules) -> None:
        """Check each value of ``items`` against the same ``rules``, as cerberus checks
        a list's items or a mapping's keys or values (a mapping of them, in turn)."""
        rules = _rules(rules)
        siblings = {key: rules for key in items}      # the schema each item is checked in
        for key, value in items.items():
            self._check(key, value, rules, items, siblings, set())
        if rules.get("required", False) is True and "excludes" in rules:
            raise _Unsure

    def _schema(self, schema) -> dict:
        if isinstance(schema, str):
            schema = self.registry.get(schema)
        if not isinstance(schema, dict):
            raise _Unsure
        return schema


def _rules(rules) -> dict:
    if not isinstance(rules, dict):
        raise _Unsure                         # a named rules set: cerberus's registry
    return rules


def _of_type(value, names) -> bool:
    for name in (names,) if isinstance(names, str) else names:
        try:
            included, excluded = TYPES[name]
        except KeyError:
            raise _Unsure from None
        if isinstance(value, included) and not isinstance(value, excluded):
            return True
    return False


@lru_cache(maxsize=None)
def _pattern(pattern: str):
    return re.compile(pattern if pattern.endswith("$") else pattern + "$")
