"""Template folders + the package's own data -> one search path for every kind of resource."""
from __future__ import annotations

import difflib
from importlib.resources import files
from pathlib import Path
from typing import Iterable, Optional, Union

from .records import record

# kind -> (package holding the built-ins, folder inside it, folder inside a user's
# --template-dir, file suffix a name is given without)
KINDS = {
    "templates": ("palais.templates", "", "", ""),
    "styles": ("palais.templates", "styles", "styles", ".yaml"),
    "labels": ("palais.templates", "labels", "labels", ".yaml"),
    "reports": ("palais.reports", "", "reports", ".yaml"),
    "schemas": ("palais.schemas", "", "schemas", ".yaml"),
}


@record
class Resource:
    """One file found on the search path: where it is, and whether it is a built-in."""
    kind: str
    name: str
    path: object                      # a pathlib.Path, or a Traversable inside the package
    builtin: bool

    def read_text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def folder(self) -> Optional[Path]:
        """Return the folder holding the file when it is on disk (for relative paths in it)."""
        return Path(str(self.path)).parent if isinstance(self.path, Path) else None

    def __str__(self) -> str:
        return str(self.path)


class SearchPath:
    """The user's template folders, in order, then the built-ins shipped in the package.

    ``find("styles", "un-newyork")`` returns the first hit; a name written ``!name``
    skips the user's folders, so that an override can extend the built-in it replaces.
    """

    def __init__(self, user_dirs: Iterable = ()):
        self.user_dirs = tuple(Path(d) for d in user_dirs)

    def __repr__(self) -> str:
        return f"SearchPath({[str(d) for d in self.user_dirs]})"

    def builtin_folder(self, kind: str):
        package, inside, _, _ = KINDS[kind]
        root = files(package)
        return root / inside if inside else root

    def folders(self, kind: str, builtin_only: bool = False) -> list:
        """Return the folders searched for ``kind``, the user's first."""
        _, _, sub, _ = KINDS[kind]
        user = [] if builtin_only else [d / sub if sub else d for d in self.user_dirs]
        return user + [self.builtin_folder(kind)]

    def find(self, kind: str, name: str) -> Optional[Resource]:
        """Return the first ``name`` of ``kind`` on the path, or None."""
        hits = self.find_all(kind, name, first=True)
        return hits[0] if hits else None

    def find_all(self, kind: str, name: str, first: bool = False) -> list:
        """Return every ``name`` of ``kind`` on the path, the user's first."""
        builtin_only = name.startswith("!")
        name = name.lstrip("!")
        parts = _safe_parts(name + KINDS[kind][3])
        if parts is None:
            return []
        folders = self.folders(kind, builtin_only)
        hits = []
        for index, folder in enumerate(folders):
            candidate = folder
            for part in parts:
                candidate = candidate / part
            if candidate.is_file():
                hits.append(Resource(kind, name, candidate, builtin=index == len(folders) - 1))
                if first:
                    break
        return hits

    def extended(self, kind: str, name: str, by: Optional[Resource], seen=()) -> Resource:
        """Return the file that ``extends: name`` in ``by`` means; raise StyleError.

        A name that is ``by``'s own means the next file of that name further down the
        path (an override extending the built-in it replaces). ``seen`` holds the
        (path, name) of the files extending on the way here, to refuse a cycle.
        """
        from .errors import StyleError

        if by is not None and name == by.name:
            hits = self.find_all(kind, name)
            paths = [str(hit.path) for hit in hits]
            later = hits[paths.index(str(by.path)) + 1:] if str(by.path) in paths else []
            if not later:
                raise StyleError(f"{by}: extends: {name!r} is this file's own name, and no "
                                 f"other {name!r} is further down the search path "
                                 f"({self.searched(kind)})")
            found = later[0]
        else:
            found = self.find(kind, name)
            if found is None:
                where = f"{by}: extends: " if by is not None else ""
                raise StyleError(where + self.not_found(kind, name))
        if str(found.path) in (path for path, _ in seen):
            chain = [n for _, n in seen] + [name.lstrip("!")]
            noun = {"styles": "style sheets", "reports": "report manifests"}.get(kind, kind)
            raise StyleError(f"{noun} extend each other in a cycle: {' -> '.join(chain)}")
        return found

    def names(self, kind: str) -> list:
        """Return the names of every ``kind`` found anywhere on the path, sorted."""
        suffix = KINDS[kind][3] or ".j2"
        found = set()
        for folder in self.folders(kind):
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                if entry.is_file() and entry.name.endswith(suffix):
                    found.add(entry.name[:-len(KINDS[kind][3])] if KINDS[kind][3] else entry.name)
        return sorted(found)

    def searched(self, kind: str) -> str:
        """Return the folders searched for ``kind``, for "not found" messages."""
        return ", ".join(str(f) for f in self.folders(kind))

    def not_found(self, kind: str, name: str) -> str:
        """Return "no KIND 'NAME' in …; did you mean …? known: …" for messages."""
        noun = {"templates": "template", "styles": "style sheet", "labels": "labels for",
                "reports": "report kind", "schemas": "schema"}[kind]
        known = self.names(kind)
        hint = difflib.get_close_matches(name.lstrip("!"), known, n=1)
        text = f"no {noun} {name.lstrip('!')!r} in {self.searched(kind)}"
        if hint:
            text += f"; did you mean {hint[0]!r}?"
        return text + f" (known: {', '.join(known) or 'none'})"


def search_path(value: Union[SearchPath, Iterable, None] = None) -> SearchPath:
    """Return ``value`` as a SearchPath: it may be one already, or a list of folders."""
    if isinstance(value, SearchPath):
        return value
    return SearchPath(value or ())


def _safe_parts(name: str) -> Optional[tuple]:
    """Split a resource name on "/", refusing parts that would leave the folder.

    Names starting "__" are the package's own files (``__init__.py``), not resources.
    """
    parts = tuple(p for p in name.replace("\\", "/").split("/") if p not in ("", "."))
    if not parts or name.startswith("/") or any(p == ".." or p.startswith("__") for p in parts):
        return None
    return parts
