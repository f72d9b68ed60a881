"""Template context -> document markup, through sandboxed Jinja templates."""
from __future__ import annotations

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

    def __init__(self, search):
        self.search = search

    def get_source(self, environment, template):
        found = self.search.find("templates", template)
        if found is None:
            raise TemplateNotFound(f"template {template!r} not found; searched: "
                                   f"{self.search.searched('templates')}")
        return found.read_text(), str(found.path), lambda: True


def make_environment(search=None) -> SandboxedEnvironment:
    """Return the sandboxed, strict, XML-escaping environment templates run in."""
    env = SandboxedEnvironment(
        loader=_SearchLoader(search_path(search)),
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
