"""Template context -> document markup, through sandboxed Jinja templates."""
from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError, TemplateNotFound
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


def make_environment(search=None, marked=False) -> SandboxedEnvironment:
    """Return the sandboxed, strict, XML-escaping environment templates run in."""
    env = SandboxedEnvironment(
        loader=_SearchLoader(search_path(search), marked),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render_template(name: str, context: dict, search=None) -> str:
    """Render template ``name`` with ``context``; raise TemplateError naming template and line."""
    env = make_environment(search)
    try:
        template = env.get_template(name)
        return template.render(context)
    except TemplateNotFound:
        raise
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
