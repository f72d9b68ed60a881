"""Template context -> document markup, through sandboxed Jinja templates."""
from __future__ import annotations

import contextlib
import re
import signal
import threading
import traceback
from pathlib import Path

from .deferred import patterns_when_used
from .errors import TemplateError, TemplateNotFound

# Jinja's names and its urlize filter's links: patterns over much of Unicode,
# compiled when a template is first lexed or a text urlized (palais.deferred).
with patterns_when_used(("jinja2._identifier", "jinja2.utils")):
    import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .filters import FILTERS
from .resources import search_path


class _SearchLoader(jinja2.BaseLoader):
    """Find templates on the search path: the user's folders, then the built-ins.

    ``{% extends "!name" %}`` skips the overrides and loads the built-in ``name``,
    so that an override can wrap the template it replaces.
    """

    def __init__(self, search, marked=False):
        self.search = search
        self.marked = marked

    def get_source(self, environment, template):
        found = self.search.find("templates", template)
        if found is None:
            raise TemplateNotFound(f"template {template!r} not found; searched: "
                                   f"{self.search.searched('templates')}")
        source = found.read_text()
        if self.marked:
            source = _mark_lines(source, str(found.path))
        return source, str(found.path), lambda: True


_MARK = re.compile(r"<\?palais-line (.*?)\?>")
_JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def _mark_lines(source: str, name: str) -> str:
    """Return ``source`` with a processing instruction naming each line where text starts.

    Only lines that begin outside Jinja syntax, and not with a block or comment tag
    (whose leading space Jinja strips), are marked; no line is added, so the marked
    output has the same lines as the real one.
    """
    inside = None                     # the closing delimiter awaited, or None
    out = []
    for number, line in enumerate(source.split("\n"), 1):
        stripped = line.lstrip()
        if inside is None and stripped and not stripped.startswith(("{%", "{#")):
            indent = line[:len(line) - len(stripped)]
            out.append(f"{indent}<?palais-line {name}:{number}?>{stripped}")
        else:
            out.append(line)
        for match in _JINJA.finditer(line):
            token = match.group()
            if inside is None and token in ("{{", "{%", "{#"):
                inside = {"{{": "}}", "{%": "%}", "{#": "#}"}[token]
            elif token == inside:
                inside = None
    return "\n".join(out)


def template_line_of(name: str, context: dict, search, markup_line: int):
    """Return "template:line" of the template text that starts line ``markup_line`` of
    the markup template ``name`` renders, or None when it cannot be told."""
    env = make_environment(search, marked=True)
    try:
        lines = env.get_template(name).render(context).splitlines()
    except Exception:  # the real render worked; a marked one that fails tells nothing
        return None
    for index in range(min(markup_line, len(lines)) - 1, -1, -1):
        found = _MARK.findall(lines[index])
        if found:
            return found[0] if index == markup_line - 1 else found[-1]
    return None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier run, kept in the cache folder: Jinja checks each
    against its source's checksum. A file that cannot be read or written is passed over."""

    def load_bytecode(self, bucket):
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket):
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates():
    from . import kept
    from .pagemap import cache_root
    root = cache_root()
    if root is None:
        return None
    # Jinja checks a template's source, not the environment that compiled it: a
    # folder per version of Palais' code, so that a new version compiles afresh.
    folder = root / "templates" / kept.key("templates")[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


def make_environment(search=None, marked=False) -> SandboxedEnvironment:
    """Return the sandboxed, strict, XML-escaping environment templates run in."""
    env = _Sandbox(
        loader=_SearchLoader(search_path(search), marked),
        bytecode_cache=None if marked else _compiled_templates(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


MAX_OUTPUT = 64 * 1024 * 1024     # characters of markup one render may write
TIME_LIMIT = 30                   # seconds one render may take
MAX_SEQUENCE = 1_000_000          # items or characters a * may make


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` bounded: "a" * 10**9 and 10**10**10 are refused."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > 64 and \
                isinstance(left, (int, float)) and abs(left) > 1:
            raise jinja2.exceptions.SecurityError(f"{left} ** {right} is too large a number")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and \
                        len(seq) * count > MAX_SEQUENCE:
                    raise jinja2.exceptions.SecurityError(
                        f"a * that makes {len(seq) * count:,} items is refused "
                        f"(at most {MAX_SEQUENCE:,})")
        return super().call_binop(context, operator, left, right)


class _TimeUp(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise _TimeUp in the block after ``seconds``, where the platform allows a timer."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded(template, context, on_chunk=None) -> str:
    chunks, size = [], 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateError(f"{template.filename or template.name}: the template writes more "
                                f"than {MAX_OUTPUT:,} characters; a loop without end?")
        chunks.append(chunk)
        if on_chunk is not None:
            on_chunk(chunk)
    return "".join(chunks)


def render_template(name: str, context: dict, search=None, on_chunk=None) -> str:
    """Render template ``name`` with ``context``; raise TemplateError naming template and line.

    The sandbox bounds the work: at most MAX_OUTPUT characters, TIME_LIMIT seconds,
    no recursion without end. ``on_chunk(text)`` is given the markup as it is written.
    """
    env = make_environment(search)
    try:
        template = env.get_template(name)
        with _time_limit(TIME_LIMIT):
            return _bounded(template, context, on_chunk)
    except TemplateNotFound:
        raise
    except (RecursionError, MemoryError, _TimeUp) as exc:
        filename, lineno = _template_frame(exc)
        where = f"{filename}:{lineno}" if filename else name
        what = {RecursionError: "calls itself without end (a macro or include in a loop?)",
                MemoryError: "needs more memory than the machine has",
                _TimeUp: f"ran for more than {TIME_LIMIT} s; a loop without end?"}[type(exc)]
        raise TemplateError(f"{where}: the template {what}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        line = _source_line(exc.filename, exc.lineno) or (exc.source or "").splitlines()[exc.lineno - 1:exc.lineno]
        raise TemplateError(f"{where}: template syntax: {exc.message}{_show(line)}") from None
    except TemplateError:
        raise
    except Exception as exc:  # undefined names, sandbox refusals, filter failures
        if isinstance(exc, (jinja2.UndefinedError, jinja2.exceptions.SecurityError,
                            TypeError, ValueError, KeyError, AttributeError)):
            filename, lineno = _template_frame(exc)
            where = f"{filename}:{lineno}" if filename else name
            kind = "undefined" if isinstance(exc, jinja2.UndefinedError) else "error"
            raise TemplateError(f"{where}: template {kind}: {exc}"
                                f"{_show(_source_line(filename, lineno))}") from None
        raise


def _template_frame(exc):
    """Return (file, line) of the innermost template frame in ``exc``'s traceback."""
    found = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (frame.filename, frame.lineno)
    return found


def _source_line(filename, lineno):
    if not filename or not lineno:
        return None
    try:
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
        return lines[lineno - 1]
    except (OSError, IndexError):
        return None


def _show(line) -> str:
    if isinstance(line, list):
        line = line[0] if line else None
    return f"\n    | {line.strip()}" if line else ""
