"""Meeting YAML file -> plain data plus the file:line:col of every node."""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .deferred import patterns_when_used
from .errors import InputError

# pyyaml's pure-Python reader, which libyaml's loader does not use, checks text
# with a class over all of Unicode: compiled only if it is used (palais.deferred).
with patterns_when_used(("yaml.reader",)):
    import yaml
from yaml.constructor import SafeConstructor

# Files larger than this are refused before they are parsed (``--max-size``).
MAX_BYTES = 20 * 1024 * 1024
# Aliases may repeat parts of a file; expanded, the file may hold this many values.
MAX_VALUES = 1_000_000
MAX_DEPTH = 64           # a meeting file nests a few levels; far deeper is a mistake


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader with YAML 1.2 core-schema scalars, plus dates.

    YAML 1.1 reads ``yes``, ``no``, ``on`` and ``off`` as booleans and ``10:30`` as
    the number 630; here they stay text, as a person writing a meeting file means.
    """


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                  r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
        ("timestamp", r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                      r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                      r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$", "0123456789")):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


@dataclass
class Source:
    """Loaded YAML data and where each value (and each mapping key) was written.

    A value taken from an included file is placed as (file, line, col); the rest
    as (line, col) of ``path``. ``includes`` lists the files read besides it.
    """
    path: str
    data: object
    values: dict = field(default_factory=dict)   # path tuple -> (line, col) of the value
    keys: dict = field(default_factory=dict)     # path tuple -> (line, col) of the key
    includes: list = field(default_factory=list)
    folder: str = ""            # the folder of its files, when path names no file (a git draft)
    digest: str = ""            # a template author's file: the key it is kept under (kept.py)

    def where(self, path: tuple, key: bool = False) -> str:
        """Return "file:line:col" for ``path``, or of its nearest known parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return self._place(table[probe])
            if probe in self.values:
                return self._place(self.values[probe])
            probe = probe[:-1]
        return self._place(self.values.get((), (1, 1)))

    def _place(self, position) -> str:
        if len(position) == 3:
            return "{}:{}:{}".format(*position)
        return f"{self.path}:{position[0]}:{position[1]}"


def load_meeting(path, max_bytes: int = MAX_BYTES, text=None, name=None) -> Source:
    """Read the YAML file at ``path`` safely; raise InputError with file:line:col.

    Only a regular file of at most ``max_bytes`` is read: a pipe, a device or a
    folder is refused before it is opened. ``text``: the file's words as they were
    (a draft kept in git), named ``name`` in messages; ``path`` then only places the
    files it includes.
    """
    if text is not None:
        if len(text.encode("utf-8")) > max_bytes:
            raise InputError(f"{name}: larger than {max_bytes // (1024 * 1024)} MB; "
                             "give --max-size to read it")
        source = load_text(text, name or str(path))
        source.folder = str(Path(path).resolve().parent)
    else:
        source = _load_file(Path(path), max_bytes)
    if isinstance(source.data, dict) and "include" in source.data:
        _include(source, Path(path), max_bytes, [Path(path).resolve()])
    return source


def _load_file(path: Path, max_bytes: int) -> Source:
    data = read_file(path, max_bytes, InputError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{path}:{line}:{col}: not UTF-8 text (byte {data[exc.start]:#04x}); "
                         "save the file as UTF-8") from None
    return load_text(text, str(path))


MAX_INCLUDES = 4         # files included within files included …


def _include(source: Source, path: Path, max_bytes: int, chain: list) -> None:
    """Lay the top-level keys of the file ``source`` includes under its own.

    ``include: other.yaml`` takes every key of the other file that this one does
    not have; ``include: {file: other.yaml, take: [meeting, agenda]}`` only those.
    The file is found next to the including one, and below its folder: a meeting
    file reads no file outside its own folder. Positions keep their own file.
    """
    spec = source.data.pop("include")
    where = source.where(("include",))
    if isinstance(spec, str):
        spec = {"file": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("file"), str) \
            or set(spec) - {"file", "take"} or not isinstance(spec.get("take", []), list):
        raise InputError(f"{where}: include: expected a file name, or {{file: name, take: "
                         "[keys]}}")
    folder = path.resolve().parent
    target = (folder / spec["file"]).resolve()
    if folder not in target.parents:
        raise InputError(f"{where}: include: {spec['file']} is outside the folder of "
                         f"{path.name}; include files from that folder or below it")
    if target in chain:
        raise InputError(f"{where}: include: {spec['file']} includes this file again")
    if len(chain) > MAX_INCLUDES:
        raise InputError(f"{where}: include: more than {MAX_INCLUDES} files included in turn")
    shown = path.parent / spec["file"]
    included = _load_file(shown, max_bytes)
    if isinstance(included.data, dict) and "include" in included.data:
        _include(included, shown, max_bytes, chain + [target])
    if not isinstance(included.data, dict):
        raise InputError(f"{included.where(())}: an included file must be a mapping of keys")
    take = spec.get("take")
    for name in take or []:
        if name not in included.data:
            raise InputError(f"{where}: include: {spec['file']} has no key {name!r}")
    source.includes.extend([str(shown)] + included.includes)
    for name, value in included.data.items():
        if name in source.data or (take is not None and name not in take):
            continue
        source.data[name] = value
        for table, theirs in ((source.values, included.values),
                              (source.keys, included.keys)):
            for at, position in theirs.items():
                if at[:1] == (name,):
                    table[at] = position if len(position) == 3 else \
                        (included.path, *position)


def read_file(path: Path, max_bytes: int, error) -> bytes:
    """Return the bytes of regular file ``path``; raise ``error`` naming it otherwise."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{path}: not a regular file (a pipe or a device); give a file")
    if info.st_size > max_bytes:
        raise error(f"{path}: {info.st_size:,} bytes, more than the {max_bytes:,} allowed "
                    "(--max-size)")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise error(f"{path}: more than the {max_bytes:,} bytes allowed (--max-size)")
    return data


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
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (NUL, ESC …): its offset told as line and column.
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise error(f"{name}:{line}:{col}: the character U+{exc.character:04X} cannot be in a "
                    "YAML file; to have it, write it as an escape in double quotes") from None
    except yaml.YAMLError as exc:
        raise error(f"{name}: YAML syntax: {exc}") from None
    source = Source(path=name, data=None)
    if root is None:
        source.data = {}
        return source
    try:
        _count(root, {}, set(), name)
        source.data = _build(root, (), source)
    except InputError as exc:
        if error is InputError:
            raise
        raise error(str(exc)) from None
    return source


def load_resource(resource, error) -> Source:
    """Read a template author's YAML file (a Resource of the search path) with positions."""
    try:
        data = read_file(Path(str(resource.path)), MAX_BYTES, error) \
            if isinstance(resource.path, Path) else resource.path.read_bytes()
    except OSError as exc:
        raise error(f"{resource}: cannot read: {exc.strerror}") from None
    from . import kept
    record = kept.key("resource", str(resource), data)
    source = kept.load(record)
    if isinstance(source, Source):
        return source
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{resource}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    source = load_text(text, str(resource), error)
    source.digest = record
    kept.save(record, source)
    return source


def _count(node, sizes: dict, open_nodes: set, name: str, depth: int = 0) -> int:
    """Return how many values ``node`` holds once its aliases are expanded; refuse a file
    whose aliases expand past MAX_VALUES, that holds a node inside itself, or that
    nests deeper than MAX_DEPTH."""
    key = id(node)
    if depth > MAX_DEPTH:
        raise InputError(f"{_mark_of(name, node)}: values nested more than {MAX_DEPTH} deep")
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise InputError(f"{_mark_of(name, node)}: an alias refers to a value that holds it; "
                         "aliases cannot make a loop")
    open_nodes.add(key)
    size = 1
    if isinstance(node, yaml.MappingNode):
        size += sum(_count(k, sizes, open_nodes, name, depth + 1)
                    + _count(v, sizes, open_nodes, name, depth + 1) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size += sum(_count(item, sizes, open_nodes, name, depth + 1) for item in node.value)
    open_nodes.discard(key)
    if size > MAX_VALUES:
        raise InputError(f"{_mark_of(name, node)}: aliases expand this to more than "
                         f"{MAX_VALUES:,} values; write the repeated parts once")
    sizes[key] = size
    return size


_scalars = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _build(node, path: tuple, source: Source):
    source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTIONS:
        raise InputError(f"{_mark(source, node)}: {_dotted(path)}: the tag {node.tag!r} is not "
                         "one a meeting file may use")
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(f"{_mark(source, key_node)}: a mapping key must be plain text")
            if key_node.tag == _MERGE or key_node.value == "<<":
                raise InputError(f"{_mark(source, key_node)}: merge keys ('<<') are not supported; "
                                 "write the keys out")
            # A key is a name: kept as typed ("yes", "~", "2013-02-30" and "1" stay text).
            key = key_node.value
            if key_node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                                    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                                    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"):
                raise InputError(f"{_mark(source, key_node)}: a key cannot carry the tag "
                                 f"{key_node.tag!r}")
            if key in out:
                raise InputError(f"{_mark(source, key_node)}: {_dotted(path + (key,))}: "
                                 f"key written twice")
            source.keys[path + (key,)] = (key_node.start_mark.line + 1,
                                          key_node.start_mark.column + 1)
            out[key] = _build(value_node, path + (key,), source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), source) for i, item in enumerate(node.value)]
    if node.tag == _STR:
        return node.value              # what the constructor makes of text: the text
    try:
        return _scalars.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(exc, ValueError):
            # A date such as 2013-02-30: kept as text, so that validation reports it
            # beside every other problem, with the reason.
            return BadDate(node.value, str(exc))
        kind = node.tag.rsplit(":", 1)[-1]
        raise InputError(f"{_mark(source, node)}: {_dotted(path)}: {node.value!r} is not a "
                         f"valid {kind}"
                         + ("" if node.tag.startswith("tag:yaml.org,2002:") else
                            f" (the tag {node.tag!r} is not one a meeting file may use)")) \
            from None
    finally:
        # The constructor remembers each node it has made a value of, for the aliases
        # of one document; here each load would add its nodes for good.
        _scalars.constructed_objects.pop(node, None)
        _scalars.recursive_objects.pop(node, None)


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
    return _mark_of(source.path, node)


def _mark_of(name: str, node) -> str:
    return f"{name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


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


def strings(value, path: tuple = ()):
    """Yield (path, text) for every string in loaded data, in file order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, path + (index,))
    elif isinstance(value, str):
        yield path, value
