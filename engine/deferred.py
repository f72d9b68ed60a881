"""Patterns a library compiles as it is imported, compiled the first time they are used.

A library that compiles its regular expressions as it is imported makes every
run pay for those it never uses: pyyaml's reader checks text for characters
YAML refuses with a class over all of Unicode (6 ms), though libyaml reads the
file; reportlab compiles a URI pattern and a class of 53,000 CJK characters.
Within ``patterns_when_used`` (the library's first import), the patterns the
modules named make at their top or in a class body are ``Deferred``.
"""
from __future__ import annotations

import contextlib
import inspect
import re
import sys


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
        if not caller.f_code.co_flags & inspect.CO_OPTIMIZED \
                and caller.f_globals.get("__name__") in modules:
            return Deferred(pattern, flags, compile_)
        return compile_(pattern, flags)
    re.compile = compiling
    try:
        yield
    finally:
        re.compile = compile_
