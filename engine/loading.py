"""Meeting YAML file -> plain data plus the file:line:col of every node."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .errors import InputError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """Loaded YAML data and where each value (and each mapping key) was written."""
    path: str
    data: object
    values: dict = field(default_factory=dict)   # path tuple -> (line, col) of the value
    keys: dict = field(default_factory=dict)     # path tuple -> (line, col) of the key

    def where(self, path: tuple, key: bool = False) -> str:
        """Return "file:line:col" for ``path``, or of its nearest known parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe]
                return f"{self.path}:{line}:{col}"
            if probe in self.values:
                line, col = self.values[probe]
                return f"{self.path}:{line}:{col}"
            probe = probe[:-1]
        line, col = self.values.get((), (1, 1))
        return f"{self.path}:{line}:{col}"


def load_meeting(path) -> Source:
    """Read the YAML file at ``path`` safely; raise InputError with file:line:col."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return load_text(text, str(path))


def load_text(text: str, name: str = "<string>", error=InputError) -> Source:
    """Parse YAML ``text`` into a Source; ``name`` is used in messages.

    Problems raise ``error``: InputError for a user's meeting file, StyleError
    for the files of a template author (style sheets, manifests, labels).
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise error(f"{where}: YAML syntax: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise error(f"{name}: YAML syntax: {exc}") from None
    source = Source(path=name, data=None)
    if root is None:
        source.data = {}
        return source
    try:
        source.data = _build(root, (), source)
    except InputError as exc:
        if error is InputError:
            raise
        raise error(str(exc)) from None
    return source


def load_resource(resource, error) -> Source:
    """Read a template author's YAML file (a Resource of the search path) with positions."""
    try:
        text = resource.read_text()
    except UnicodeDecodeError as exc:
        raise error(f"{resource}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise error(f"{resource}: cannot read: {exc.strerror}") from None
    return load_text(text, str(resource), error)


_scalars = SafeConstructor()


def _build(node, path: tuple, source: Source):
    source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(f"{_mark(source, key_node)}: a mapping key must be plain text")
            key = _scalars.construct_object(key_node)
            if key == "<<":
                raise InputError(f"{_mark(source, key_node)}: merge keys ('<<') are not supported")
            key = str(key)
            if key in out:
                raise InputError(f"{_mark(source, key_node)}: {_dotted(path + (key,))}: "
                                 f"key written twice")
            source.keys[path + (key,)] = (key_node.start_mark.line + 1,
                                          key_node.start_mark.column + 1)
            out[key] = _build(value_node, path + (key,), source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), source) for i, item in enumerate(node.value)]
    try:
        return _scalars.construct_object(node)
    except yaml.YAMLError as exc:
        raise InputError(f"{_mark(source, node)}: {_dotted(path)}: {exc}") from None
    except ValueError as exc:
        # A timestamp such as 2013-02-30: keep the text so that validation reports
        # it beside every other problem, with the reason.
        return BadDate(node.value, str(exc))


def merge_mappings(base: dict, over: dict) -> dict:
    """Return ``base`` with ``over`` laid on it, mappings merged key by key: how a style
    sheet extends another, and how a schema adds to the one before it."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_mappings(out[key], value)
        else:
            out[key] = value
    return out


class BadDate(str):
    """A date-like scalar that is not a real date; validation reports ``reason``."""

    def __new__(cls, text: str, reason: str):
        value = super().__new__(cls, text)
        value.reason = reason
        return value


def _mark(source: Source, node) -> str:
    return f"{source.path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _dotted(path: tuple) -> str:
    """Return ``path`` as users write it: ``document.date``, ``summary.paragraphs[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top)"


dotted = _dotted
