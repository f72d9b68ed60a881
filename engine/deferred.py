"""What a library makes as it is imported -- patterns, modules -- made when first used.

A library that compiles its regular expressions as it is imported makes every
run pay for those it never uses: pyyaml's reader checks text for characters
YAML refuses with a class over all of Unicode (6 ms), though libyaml reads the
file; reportlab compiles a URI pattern and a class of 53,000 CJK characters.
Within ``patterns_when_used`` (the library's first import), the patterns the
modules named make at their top or in a class body are ``Deferred``;
``modules_when_used`` does the same for whole modules (Pillow's images, which
reportlab imports and a PDF of text never draws).
"""
from __future__ import annotations

import contextlib
import importlib
import re
import sys

# A code object's flag for a function's body (inspect.CO_OPTIMIZED; inspect itself
# takes milliseconds to import): the code of a module or a class body lacks it.
_FUNCTION = 0x0001


class Deferred:
    """Stands for a compiled pattern: compiled the first time it is used, the same
    answers."""

    def __init__(self, pattern, flags: int, compile_):
        self._source, self._compiled, self._compile = (pattern, flags), None, compile_

    def _pattern(self):
        if self._compiled is None:
            self._compiled = self._compile(*self._source)
        return self._compiled

    def __getattr__(self, name):
        return getattr(self._pattern(), name)


@contextlib.contextmanager
def patterns_when_used(modules, special=None):
    """Within the block, a pattern a module of ``modules`` compiles outside any
    function is made a Deferred; ``special(pattern, flags, compile)``, if given,
    may stand for any pattern with an object of its own (it returns None for the
    others); every other pattern is compiled as it is asked."""
    compile_ = re.compile

    def compiling(pattern, flags=0):
        if special is not None:
            made = special(pattern, flags, compile_)
            if made is not None:
                return made
        caller = sys._getframe(1)
        if not caller.f_code.co_flags & _FUNCTION \
                and caller.f_globals.get("__name__") in modules:
            return Deferred(pattern, flags, compile_)
        return compile_(pattern, flags)
    re.compile = compiling
    try:
        yield
    finally:
        re.compile = compile_


def modules_when_used(names) -> None:
    """Let the modules ``names``, not imported yet, be imported the first time one of
    their names is used (the standard library's LazyLoader): importing them costs
    nothing. Only in a process of Palais's own, which draws in one thread: Python
    3.11's LazyLoader takes no lock, and a second thread asking for a name while the
    first loads the module would find it half made (``import_whole`` first)."""
    import importlib.util
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None:
            continue
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


def import_whole(names) -> None:
    """Import the modules ``names`` now, those ``modules_when_used`` deferred too."""
    for name in names:
        try:
            getattr(importlib.import_module(name), "__name__")
        except ImportError:
            pass
