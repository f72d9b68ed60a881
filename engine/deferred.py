"""What a library makes as it is imported -- patterns, modules -- made when first used.

A library that compiles its regular expressions as it is imported makes every
run pay for those it never uses: pyyaml's reader checks text for characters
YAML refuses with a class over all of Unicode (6 ms), though libyaml reads the
file; reportlab compiles a URI pattern and a class of 53,000 CJK characters.
Within ``patterns_when_used`` (the library's first import), the patterns the
modules named make at their top or in a class body are ``Deferred``;
``modules_when_used`` does the same for whole modules (Pillow's images, which
reportlab imports and a PDF of text never draws, and HarfBuzz, which shapes
only the scripts whose letters join).
"""
from __future__ import annotations

import contextlib
import importlib
import re
import sys
import types

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
    their names is used: importing them costs nothing (see ``Later``). Only in a
    process of Palais's own, which draws in one thread: a second thread asking for a
    name while the first loads the module could find it half made (``import_whole``
    first)."""
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
        module = sys.modules[name] = Later(name, spec)
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


class Later(types.ModuleType):
    """Stands for a module not imported yet, and imports it the first time one of
    its names is asked, then holds the same names.

    It says what the module's spec is: an ``import`` of a module already in
    ``sys.modules`` asks that (is it being loaded?) and, asked of the standard
    library's LazyLoader, the question loads the module. reportlab's font module
    imports HarfBuzz with an ``import``, and uses it only to shape text.
    """

    def __init__(self, name: str, spec):
        super().__init__(name)
        self.__spec__, self.__loader__ = spec, spec.loader
        if spec.submodule_search_locations is not None:
            self.__package__ = name
        else:
            self.__package__ = name.rpartition(".")[0]

    def __getattr__(self, attribute):
        return getattr(self.load(), attribute)

    def load(self):
        """Import the module (once) and return it."""
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
            try:
                module = importlib.import_module(name)
            except BaseException:
                sys.modules.setdefault(name, self)
                raise
        else:
            module = sys.modules[name]
        self.__dict__.update(module.__dict__)
        return module


def import_whole(names) -> None:
    """Import the modules ``names`` now, those ``modules_when_used`` deferred too."""
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if isinstance(module, Later):
            module.load()
