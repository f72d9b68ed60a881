"""The page map of a laid-out document, kept between runs.

The DOCX contents print the pages the PDF layout finds. A DOCX-only run needs
them too, and laying the PDF out for them is most of its time; so every layout
leaves its map here, keyed by everything the layout depends on -- the model,
the style sheet, the font files found, the versions of the code and of the
libraries that measure text -- and a later run with the same key reads it
back instead of laying out again.

The cache folder is $PALAIS_CACHE_DIR, else $XDG_CACHE_HOME/palais, else
~/.cache/palais (page maps in pagemaps/, compiled templates in templates/, a
folder for each version of the code, the author's files checked and other derived
data in resources/: see palais.kept);
PALAIS_CACHE_DIR set to an empty string turns the cache off.
A cache that cannot be read or written is passed over: it only saves time.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

CACHE_ENV = "PALAIS_CACHE_DIR"
_FORMAT = 1          # of the files written here


def cache_root() -> Optional[Path]:
    """Return Palais' cache folder, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "palais"


def cache_dir() -> Optional[Path]:
    """Return the folder page maps are kept in, or None when the cache is off."""
    root = cache_root()
    return root / "pagemaps" if root else None


def key(document, sheet) -> str:
    """Return the key of the page map of ``document`` laid out with ``sheet`` here."""
    from . import fonts

    base = Path(sheet.source).parent if sheet.source else None
    language = document.meta.language
    digest = hashlib.sha256()
    for part in (str(_FORMAT), _code_version(), repr(sheet), repr(document),
                 repr([fonts.fingerprint(spec.for_language(language), base)
                       for _, spec in sorted(sheet.fonts.items())])):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _code_version() -> str:
    """Return a digest of Palais' own modules and the versions of the layout's libraries."""
    from . import kept
    digest = hashlib.sha256(kept.modules_digest())
    digest.update(kept.versions(("reportlab", "rl_accel", "pyphen", "uharfbuzz", "python-bidi",
                                 "fonttools")).encode())
    return digest.hexdigest()


def load(map_key: str) -> Optional[tuple]:
    """Return the page map kept under ``map_key`` -- (heading anchor -> page, the
    number of pages) -- or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{map_key}.json").read_text(encoding="utf-8"))
        if data["key"] != map_key:
            return None
        return ({str(anchor): int(page) for anchor, page in data["pages"].items()},
                int(data["total"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None              # not a page map this version wrote: lay out again


def save(map_key: str, pages: dict, total: int) -> None:
    """Keep ``pages`` (heading anchor -> page) and the ``total`` of pages under
    ``map_key``; never fail."""
    folder = cache_dir()
    if folder is None:
        return
    from .kept import write_atomically
    try:
        text = json.dumps({"key": map_key, "pages": pages, "total": total}, sort_keys=True)
        write_atomically(folder, f"{map_key}.json", text.encode("utf-8"))
    except OSError:
        return
