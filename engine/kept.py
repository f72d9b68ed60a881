"""What an earlier run worked out from a template author's files, kept between runs.

The style sheets, manifests, labels and schemas are the same from one run to
the next; parsing their YAML with positions and checking them against their
schemas is a tenth of a short letter's run. Each result is kept in the cache
folder (see palais.pagemap), in resources/, under a digest of the file's bytes,
of what it was checked against and of Palais' own code; a later run with the
same digest reads it back.

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
def code_version() -> bytes:
    """Return a digest of Palais' modules and of the libraries that read and check files."""
    import cerberus
    import yaml

    digest = hashlib.sha256(_FORMAT)
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(f"yaml={yaml.__version__} cerberus={cerberus.__version__}".encode())
    return digest.digest()


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
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".record-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, where / record_key)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return


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
            record = key("remembered", name, _versions(libraries), repr(asked))
            value = load(record)
            if missing(value):
                value = function(*args, **kwargs)
                save(record, value)
            known[asked] = value
            return value
        return wrapper
    return decorate


@lru_cache(maxsize=None)
def _versions(libraries: tuple) -> str:
    from importlib import metadata

    found = []
    for name in libraries:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return " ".join(found)
