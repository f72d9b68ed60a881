"""Style sheet YAML with ``extends`` -> resolved paragraph styles and page geometry."""
from __future__ import annotations

import difflib
from dataclasses import field, fields, replace
from typing import Optional

from .errors import StyleError
from .records import record
from .resources import search_path as as_search_path
from .typography import RULE_SETS
from .units import Length, parse_length


@record
class ParaStyle:
    """One paragraph style with every property resolved through ``based-on``."""
    name: str
    font: str = "serif"
    size: Length = Length(10)
    leading: Length = Length(12)
    bold: bool = False
    italic: bool = False
    align: str = "left"
    space_before: Length = Length(0)
    space_after: Length = Length(0)
    indent_left: Length = Length(0)
    indent_right: Length = Length(0)
    first_indent: Length = Length(0)
    number_tab: Length = Length(24)
    label_tab: Length = Length(24)
    text_tab: Length = Length(48)
    keep_with_next: bool = False
    hyphenate: bool = True
    color: str = "000000"
    based_on: Optional[str] = None


@record
class Page:
    width: Length
    height: Length
    margin_top: Length
    margin_bottom: Length
    margin_left: Length
    margin_right: Length
    header_distance: Length
    footer_distance: Length
    odd_even: bool = False

    @property
    def frame_width(self) -> Length:
        return self.width - self.margin_left - self.margin_right


@record
class FontSpec:
    """A font role ("serif"): the families to look for and what to fall back on."""
    key: str
    families: tuple
    builtin: str = "Times"
    glyph_fallbacks: tuple = ()
    docx_name: str = "Times New Roman"
    files: tuple = ()                 # explicit regular, bold, italic, bold-italic
    languages: dict = field(default_factory=dict)   # language -> families tried first
    docx_complex: str = ""            # the font Word uses for right-to-left scripts
    docx_east_asia: str = ""          # the font Word uses for Chinese, Japanese, Korean

    def for_language(self, language: str) -> "FontSpec":
        """Return this role as a document in ``language`` uses it: its own families first."""
        first = tuple(self.languages.get(language) or ())
        if not first:
            return self
        return replace(self, families=first + tuple(f for f in self.families if f not in first))


@record
class RunningMatter:
    """The ``running`` keys that decide what normal pages carry, checked."""
    header_text: str                  # a format string over {symbol} and {title}; "" = none
    page_number: str                  # "{page}/{pages}", "{page}"
    position: str                     # of the page number: "outer" or "center"
    job_number: bool                  # the job number at the inner margin of the footer
    first_page: str                   # "masthead": page 1 of a masthead document differs

    def header(self, meta) -> str:
        """Return the running header of a document with Meta ``meta``."""
        try:
            return self.header_text.format_map(_Fields(symbol=meta.symbol, title=meta.title))
        except (ValueError, IndexError) as exc:
            raise StyleError(f"running.header-text {self.header_text!r}: {exc}") from None


class _Fields(dict):
    def __missing__(self, key):
        raise StyleError(f"running.header-text: unknown field {{{key}}}; "
                         f"known: {', '.join('{' + k + '}' for k in self)}")


@record
class TableLook:
    """The look of one table style: grid rule, header colours, cell padding, indent.

    A colour is six hex digits. ``header_fill`` is None when header rows are not
    filled, ``header_text`` None when header text keeps its paragraph style's colour.
    """
    name: str
    rule: Length = Length(0.5)        # grid lines; 0pt draws none
    rule_color: str = "000000"
    header_fill: Optional[str] = None
    header_text: Optional[str] = "000000"
    padding: Length = Length(3)       # between the grid and the text, on every side
    indent_left: Length = Length(0)   # from the body frame's left edge


@record
class Hyphenation:
    """How justified text may be hyphenated: at least ``min_left`` and ``min_right``
    letters each side of a break, capitalised words (proper names) whole unless
    ``capitalised``, no more than ``max_consecutive`` hyphenated lines in a row."""
    min_left: int = 3
    min_right: int = 3
    capitalised: bool = False
    max_consecutive: int = 2


@record
class StyleSheet:
    name: str
    page: Page
    styles: dict
    fonts: dict
    typography: dict = field(default_factory=dict)   # language -> rule set
    hyphenation: bool = True
    masthead: dict = field(default_factory=dict)
    hyphenation_rules: Hyphenation = Hyphenation()
    running: dict = field(default_factory=dict)
    footnotes: dict = field(default_factory=dict)
    toc: dict = field(default_factory=dict)
    box: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)       # table style name -> its settings
    cover: dict = field(default_factory=dict)        # the decoration of "cover" pages
    source: str = ""

    def style(self, name: str) -> ParaStyle:
        """Return the style called ``name``; raise StyleError naming the known ones."""
        try:
            return self.styles[name]
        except KeyError:
            hint = difflib.get_close_matches(name, self.styles, n=1)
            msg = f"{self.source}: no style named {name!r}"
            if hint:
                msg += f"; did you mean {hint[0]!r}?"
            raise StyleError(msg) from None

    def running_matter(self) -> RunningMatter:
        """Return the running-matter keys; raise StyleError on a value out of range."""
        running = self.running

        def choice(key, allowed, default):
            value = running.get(key, default)
            if value not in allowed:
                raise StyleError(f"{self.source}: running.{key}: expected one of "
                                 f"{', '.join(map(repr, allowed))}, got {value!r}")
            return value

        return RunningMatter(
            header_text=str(running.get("header-text") or ""),
            page_number=str(running.get("page-number") or "{page}"),
            position=choice("page-number-position", ("outer", "center"), "outer"),
            job_number=choice("job-number", (True, False), False),
            first_page=choice("first-page", ("masthead", "none"), "none"))

    def length(self, group: str, key: str) -> Length:
        """Return the length ``key`` of settings ``group`` ("masthead", "footnotes" ...)."""
        values = getattr(self, group)
        try:
            return parse_length(values[key])
        except KeyError:
            raise StyleError(f"{self.source}: {group}.{key} is not set") from None
        except ValueError as exc:
            raise StyleError(f"{self.source}: {group}.{key}: {exc}") from None

    def table(self, name: str) -> TableLook:
        """Return the look of table style ``name`` from the ``tables`` group; raise StyleError."""
        if name not in self.tables:
            known = ", ".join(sorted(self.tables)) or "none"
            raise StyleError(f"{self.source}: no table style {name!r} under tables; known: {known}")
        raw = self.tables[name] or {}
        where = f"{self.source}: tables.{name}"
        _refuse_unknown(where, raw, _TABLE_KEYS, "key")
        values = {"name": name}
        for key, value in raw.items():
            attr = key.replace("-", "_")
            if attr in ("rule", "padding", "indent_left"):
                try:
                    value = parse_length(value)
                except ValueError as exc:
                    raise StyleError(f"{where}.{key}: {exc}") from None
            elif attr in ("header_fill", "header_text") and value in (None, "none"):
                value = None
            else:
                value = _colour(value, f"{where}.{key}")
            values[attr] = value
        return TableLook(**values)


_STYLE_KEYS = {f.name.replace("_", "-") for f in fields(ParaStyle)} - {"name"}
_LENGTH_KEYS = {f.name for f in fields(ParaStyle) if f.type == "Length"}
_TABLE_KEYS = {f.name.replace("_", "-") for f in fields(TableLook)} - {"name"}
_TOP_KEYS = {"description", "extends", "page", "fonts", "typography", "hyphenation",
             "styles", "masthead", "running", "footnotes", "toc", "box", "tables", "cover"}


# Styles a sheet's groups name, which must exist: (group, key, the writers' default).
_STYLE_REFERENCES = (
    ("footnotes", "style", "FootnoteText"), ("running", "header-style", None),
    ("running", "page-number-style", None), ("running", "job-style", None),
    ("running", "first-footer-style", None), ("running", "recycle-style", None))


class _Problem(Exception):
    """One problem of a sheet, collected so that all are reported together."""


def _refuse_unknown(where: str, given, known, noun: str) -> None:
    """Raise StyleError for the first key of ``given`` not in ``known``, with a hint."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        hint = difflib.get_close_matches(unknown[0], known, n=1)
        raise StyleError(f"{where}: unknown {noun} {unknown[0]!r}"
                         + (f"; did you mean {hint[0]!r}?" if hint else ""))


def _load_raw(name: str, search, seen: tuple, by=None) -> tuple[dict, str, dict]:
    """Return (raw sheet merged with those it extends, its file, where each style is defined).

    ``by``: the sheet whose ``extends`` names this one (see SearchPath.extended).
    """
    # Here, not above: a process handed a resolved sheet (palais.parallel) reads no
    # YAML and checks nothing.
    from .rules import validate_author_file
    from .loading import load_resource, merge_mappings

    resource = search.extended("styles", name, by, seen)
    source = load_resource(resource, StyleError)
    raw = validate_author_file(source, "style-sheet")
    where = {style: source.where(("styles", style), key=True) for style in raw.get("styles") or {}}
    parent = raw.get("extends")
    if parent:
        base, _, base_where = _load_raw(parent, search, seen + ((str(resource.path), resource.name),),
                                        by=resource)
        raw = merge_mappings(base, raw)
        where = {**base_where, **where}
    return raw, str(resource), where


def _hyphenation_rules(raw) -> Hyphenation:
    """Return the rules of a sheet's ``hyphenation`` (true, false or a mapping)."""
    if not isinstance(raw, dict):
        return Hyphenation()
    defaults = Hyphenation()
    return Hyphenation(min_left=int(raw.get("min-left", defaults.min_left)),
                       min_right=int(raw.get("min-right", defaults.min_right)),
                       capitalised=bool(raw.get("capitalised", defaults.capitalised)),
                       max_consecutive=int(raw.get("max-consecutive",
                                                   defaults.max_consecutive)))


def resolve_styles(name: str, search=None) -> StyleSheet:
    """Load style sheet ``name`` and its parents; return every style fully resolved.

    Every problem of the sheets is reported at once, each at its file:line:col.
    """
    raw, source, where = _load_raw(name, as_search_path(search), ())
    raw_styles = raw.get("styles") or {}
    resolved: dict[str, ParaStyle] = {}
    problems: list = []

    def resolve(style_name: str, chain: tuple) -> ParaStyle:
        if style_name in resolved:
            return resolved[style_name]
        if style_name in chain:
            first = chain[chain.index(style_name)]
            raise _Problem(f"{where.get(first, source)}: styles.{first}: styles are based on "
                           f"each other in a cycle: {' -> '.join(chain[chain.index(style_name):] + (style_name,))}")
        spec = raw_styles.get(style_name)
        if spec is None:
            hint = difflib.get_close_matches(style_name, raw_styles, n=1)
            raise _Problem(f"{where.get(chain[-1], source)}: styles.{chain[-1]}.based-on: "
                           f"style {chain[-1]!r} is based on unknown style {style_name!r}"
                           + (f"; did you mean {hint[0]!r}?" if hint else ""))
        _refuse_unknown(f"{source}: styles.{style_name}", spec, _STYLE_KEYS, "property")
        parent_name = spec.get("based-on")
        values = {}
        if parent_name:
            parent = resolve(parent_name, chain + (style_name,))
            values = {f.name: getattr(parent, f.name) for f in fields(ParaStyle)}
        for key, value in spec.items():
            attr = key.replace("-", "_")
            if attr in _LENGTH_KEYS:
                try:
                    value = parse_length(value)
                except ValueError as exc:
                    raise StyleError(f"{source}: styles.{style_name}.{key}: {exc}") from None
            values[attr] = value
        values["name"] = style_name
        values["based_on"] = parent_name
        style = ParaStyle(**values)
        resolved[style_name] = style
        return style

    for style_name in raw_styles:
        try:
            resolve(style_name, ())
        except _Problem as problem:
            if str(problem) not in problems:
                problems.append(str(problem))
    for language, rule_set in (raw.get("typography") or {}).items():
        if rule_set not in RULE_SETS:
            hint = difflib.get_close_matches(str(rule_set), RULE_SETS, n=1)
            problems.append(f"{source}: typography.{language}: unknown rule set {rule_set!r}"
                            + (f"; did you mean {hint[0]!r}?" if hint else "")
                            + f" (known: {', '.join(sorted(RULE_SETS))})")
    for group, key, default in _STYLE_REFERENCES:
        name_ = (raw.get(group) or {}).get(key, default)
        if name_ is not None and name_ not in resolved:
            hint = difflib.get_close_matches(str(name_), resolved, n=1)
            problems.append(f"{source}: {group}.{key}: no style named {name_!r}"
                            + (f"; did you mean {hint[0]!r}?" if hint else ""))
    if problems:
        raise StyleError(problems)
    return StyleSheet(
        name=name,
        page=_page(raw.get("page") or {}, source),
        styles=resolved,
        fonts=_fonts(raw.get("fonts") or {}, source),
        typography=dict(raw.get("typography") or {}),
        hyphenation=bool(raw.get("hyphenation", True)),
        hyphenation_rules=_hyphenation_rules(raw.get("hyphenation")),
        masthead=dict(raw.get("masthead") or {}),
        running=dict(raw.get("running") or {}),
        footnotes=dict(raw.get("footnotes") or {}),
        toc=dict(raw.get("toc") or {}),
        box=dict(raw.get("box") or {}),
        tables=dict(raw.get("tables") or {}),
        cover=dict(raw.get("cover") or {}),
        source=source,
    )


def _page(raw: dict, source: str) -> Page:
    values = {}
    for f in fields(Page):
        key = f.name.replace("_", "-")
        if f.name == "odd_even":
            values[f.name] = bool(raw.get(key, False))
            continue
        if key not in raw:
            raise StyleError(f"{source}: page.{key} is not set")
        try:
            values[f.name] = parse_length(raw[key])
        except ValueError as exc:
            raise StyleError(f"{source}: page.{key}: {exc}") from None
    page = Page(**values)
    height = page.height - page.margin_top - page.margin_bottom
    if page.frame_width.pt < _SMALLEST or height.pt < _SMALLEST:
        raise StyleError(f"{source}: page: the margins leave {page.frame_width.pt:g}pt by "
                         f"{height.pt:g}pt for the text, less than {_SMALLEST}pt each way")
    return page


_SMALLEST = 144          # points: room for two inches of text each way, at the least


def _fonts(raw: dict, source: str) -> dict:
    fonts = {}
    for key, spec in raw.items():
        if not isinstance(spec, dict) or not spec.get("families"):
            raise StyleError(f"{source}: fonts.{key} needs a list of families")
        fonts[key] = FontSpec(
            key=key,
            families=tuple(spec["families"]),
            builtin=spec.get("builtin", "Times"),
            glyph_fallbacks=tuple(spec.get("glyph-fallbacks") or ()),
            docx_name=spec.get("docx-name", spec["families"][0]),
            files=tuple(spec.get("files") or ()),
            languages={k: tuple(v) for k, v in (spec.get("languages") or {}).items()},
            docx_complex=spec.get("docx-complex", ""),
            docx_east_asia=spec.get("docx-east-asia", ""),
        )
    return fonts


def _colour(value, where: str) -> str:
    """Return ``value`` as six upper-case hex digits; raise StyleError naming ``where``."""
    text = str(value)
    if not (isinstance(value, str) and len(text) == 6
            and all(c in "0123456789abcdefABCDEF" for c in text)):
        # YAML reads an unquoted 000000 as the number 0
        raise StyleError(f"{where}: expected a colour as six hex digits in quotes, such as "
                         f"\"0033A0\", got {value!r}")
    return text.upper()
