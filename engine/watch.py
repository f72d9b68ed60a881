"""What a meeting file's outputs are made from, and whether any of it changed.

A render reads the meeting file, the files it includes, and the user's template
folders (templates, style sheets, labels, schemas, manifests); a change to any
of them is a reason to render again. The files are polled: a few stat calls a
second cost nothing, and work the same on every system and file system.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

POLL_SECONDS = 0.2


def sources(path, template_dirs=()) -> list:
    """Return the files a render of the meeting file ``path`` reads, as far as they are
    known: the file, what it includes (when it can be read), every file of the
    template folders."""
    from .errors import EngineError
    from .loading import load_meeting

    found = [Path(path)]
    try:
        found += [Path(p) for p in load_meeting(path).includes]
    except EngineError:
        pass                          # a broken file: the render says why
    for folder in template_dirs:
        for root, _dirs, names in os.walk(folder):
            found += [Path(root) / name for name in sorted(names)]
    return found


def snapshot(paths) -> dict:
    """Return, for each of ``paths``, what tells a change: size and modification time."""
    out = {}
    for path in paths:
        try:
            info = os.stat(path)
            out[str(path)] = (info.st_mtime_ns, info.st_size)
        except OSError:
            out[str(path)] = None     # gone (an editor saving through a new file)
    return out


class Watcher:
    """The state of the sources of one meeting file; ``changed()`` tells whether any
    of them changed since it was last asked (or since the watcher was made)."""

    def __init__(self, path, template_dirs=()):
        self.path, self.template_dirs = path, tuple(template_dirs)
        self._seen = snapshot(sources(path, self.template_dirs))

    def changed(self) -> bool:
        now = snapshot(sources(self.path, self.template_dirs))
        if now == self._seen:
            return False
        self._seen = now
        return True

    def wait(self, stop=None) -> bool:
        """Wait for a change; return False when ``stop`` (an Event) was set instead."""
        while not (stop is not None and stop.is_set()):
            if self.changed():
                # an editor may write a file in several steps: let it finish
                time.sleep(POLL_SECONDS / 2)
                self.changed()
                return True
            time.sleep(POLL_SECONDS)
        return False
