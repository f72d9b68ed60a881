"""What an earlier run worked out from files that seldom change, kept between runs.

The style sheets, manifests, labels and schemas, the hyphenation patterns (and
the break points of the words looked up in them), the font index and the words
Babel and the CLDR rules give are the same from one run to the next; working
them out was a third of a short letter's run. Each result is kept in the cache
folder (see palais.pagemap), in resources/, under a digest of what it was made
from and of Palais' own code and libraries; a later run with the same digest
reads it back.

The records are pickles read by an unpickler that builds only plain data (the
containers, text, numbers, dates and Source): a damaged or foreign file in the
folder is passed over, never run.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Optional

_FORMAT = b"1"            # of the records written here
_MISSING = object()


def folder() -> Optional[Path]:
    """Return the folder records are kept in, or None when the cache is off."""
    from .pagemap import cache_root
    root = cache_root()
    return root / "resources" if root else None


@lru_cache(maxsize=None)
def modules_digest() -> bytes:
    """Return a digest of Palais' own modules (this code reads and writes the records)."""
    digest = hashlib.sha256(_FORMAT)
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


@lru_cache(maxsize=None)
def versions(libraries: tuple) -> str:
    """Return "name=version …" of the installed distributions ``libraries``."""
    found = []
    for name in libraries:
        version = _installed().get(_normal(name))
        if version is None:               # not a .dist-info folder (an egg, say): ask
            from importlib import metadata
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "none"
        found.append(f"{name}={version}")
    return " ".join(found)


@lru_cache(maxsize=None)
def _installed() -> dict:
    """Return {normalised name: version} of the distributions installed on sys.path,
    from their folders' names, NAME-VERSION.dist-info (the packaging specifications'
    record of an installed project), the first one found on the path winning.

    importlib.metadata reads the same folders, but importing it (with the email
    package it parses metadata with) is a tenth of a short run."""
    found: dict = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder[:-len(".dist-info")].split("-", 1)
                found.setdefault(_normal(name), version)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def code_version() -> bytes:
    """Return a digest of Palais' modules and of the libraries that read and check files."""
    return modules_digest() + versions(("pyyaml", "cerberus")).encode()


def key(*parts) -> str:
    """Return the record key of ``parts`` (bytes or text) for this version of the code."""
    digest = hashlib.sha256(code_version())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8",
                                                                            "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class _PlainData(pickle.Unpickler):
    """Build plain data only: a record names no other class."""

    def find_class(self, module, name):
        if module == "datetime" and name in ("date", "datetime", "time", "timedelta",
                                             "timezone"):
            return getattr(datetime, name)
        if (module, name) == ("builtins", "set"):
            return set
        if (module, name) == ("builtins", "frozenset"):
            return frozenset
        from .loading import Source
        if (module, name) == (Source.__module__, "Source"):
            return Source
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def load(record_key: str):
    """Return the value kept under ``record_key``, or ``MISSING``."""
    where = folder()
    if where is None:
        return _MISSING
    try:
        data = (where / record_key).read_bytes()
        return _PlainData(io.BytesIO(data)).load()
    except Exception:                      # absent, damaged or foreign: work it out again
        return _MISSING


def save(record_key: str, value) -> None:
    """Keep ``value`` under ``record_key``; never fail."""
    where = folder()
    if where is None:
        return
    try:
        write_atomically(where, record_key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return


def shared(values):
    """Return the list or dict ``values`` with its equal tuples made one object: a
    pickle writes each once and refers to it after, and reads it back once (a
    language's hyphenation patterns hold 1,431 values among 13,932)."""
    seen: dict = {}
    if isinstance(values, dict):
        return {key: seen.setdefault(value, value) if type(value) is tuple else value
                for key, value in values.items()}
    return [seen.setdefault(value, value) if type(value) is tuple else value
            for value in values]


def write_atomically(where: Path, name: str, data: bytes) -> None:
    """Write ``data`` to ``where/name`` whole or not at all: a reader never sees half a
    file, and two runs writing it at once leave one of theirs."""
    where.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=where, prefix=".record-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, where / name)
    except BaseException:
        os.unlink(temporary)
        raise


def missing(value) -> bool:
    """Say whether ``load`` found nothing."""
    return value is _MISSING


def remembered(*libraries: str):
    """Keep the results of a pure function of plain arguments between runs.

    The record is keyed by the function, the ``repr`` of its arguments and the
    versions of the distributions ``libraries`` it asks ("babel"): a run that
    finds its answer imports none of them.
    """
    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"
        known: dict = {}

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            asked = (args, tuple(sorted(kwargs.items())))
            if asked in known:
                return known[asked]
            record = key("remembered", name, versions(libraries), repr(asked))
            value = load(record)
            if missing(value):
                value = function(*args, **kwargs)
                save(record, value)
            known[asked] = value
            return value
        return wrapper
    return decorate

