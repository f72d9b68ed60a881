"""The meeting schemas' coercions and checks, and the schema files: plain Python.

The schemas are cerberus schemas. MeetingRules holds what they name
(``coerce: paragraph``, ``check_with: clock``) for cerberus (palais.checks) and
for palais.acceptance, which normalises a valid file without cerberus;
``validate_author_file`` answers a style sheet or manifest checked before from
its kept record, and imports cerberus only to check one anew.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import StyleError
from .loading import Source, load_resource, merge_mappings
from .resources import search_path


def _organs(document) -> list:
    organs = document.get("organ") if isinstance(document, dict) else None
    organs = [organs] if isinstance(organs, str) else organs
    return [o for o in organs if isinstance(o, str)] if isinstance(organs, list) else []


_OF_A_STATE = ("permanent-representative", "deputy-permanent-representative", "charge-d-affaires")
_SERIES = {"general-assembly": "A", "security-council": "S"}


class MeetingRules:
    """The coercions and checks the meeting schemas name (``coerce: paragraph``,
    ``check_with: clock``), as cerberus calls them: ``self.document`` is the
    mapping being checked, ``self.root_document`` the whole file, ``self._config``
    the validator's settings, ``self._error(field, message)`` reports."""

    def _normalize_coerce_paragraph(self, value):
        """Let a paragraph be written as plain text instead of ``{text: ...}``."""
        return {"text": value} if isinstance(value, str) else value

    def _normalize_coerce_sender(self, value):
        """Let a sender be written as the words of the title."""
        return {"text": value} if isinstance(value, str) else value

    def _normalize_coerce_as_list(self, value):
        """Let a list of one be written as the one value."""
        return value if isinstance(value, list) else [value]

    def _check_with_un_document(self, field, value):
        """Check what the masthead needs of the organs: the General Assembly's session."""
        if isinstance(value, dict) and "general-assembly" in _organs(value) \
                and value.get("session") is None:
            self._error(field, "session: required for a General Assembly document "
                               "(68 prints Sixty-eighth session)")

    def _check_with_joint_symbol(self, field, value):
        """Check one symbol per organ, each of its organ's series (A/ for the Assembly)."""
        organs = _organs(self.document)
        if not isinstance(value, str) or not organs:
            return
        symbols = value.split("–")
        if len(symbols) != len(organs):
            self._error(field, f"{value!r} has {len(symbols)} symbol(s) for {len(organs)} "
                               "organ(s); a joint document joins one symbol per organ with an "
                               "en dash, in the order of the organs")
        for part, organ in zip(symbols, organs):
            series = _SERIES.get(organ)
            if series and part.split("/", 1)[0] != series:
                self._error(field, f"{part!r} does not start with {series}/, the series of "
                                   f"the {organ.replace('-', ' ').title()}")

    def _check_with_ga_items(self, field, value):
        if "general-assembly" not in _organs(self.document):
            self._error(field, "agenda items are those of the General Assembly; give the "
                               "organ general-assembly")

    def _check_with_needs_agenda(self, field, value):
        if value is True and not (self.root_document or {}).get("agenda"):
            self._error(field, "true, but the file has no `agenda:` to print")

    def _check_with_sender(self, field, value):
        if not isinstance(value, dict):
            return
        office = value.get("office")
        if not office and not value.get("text"):
            self._error(field, "give the sender's office (office: permanent-representative) "
                               "or the words of the title (text: ...)")
        if office in _OF_A_STATE and not value.get("state"):
            self._error(field, f"the office {office} needs the State: state: Peru")
        if office == "chair" and not value.get("body"):
            self._error(field, "a chair needs the body chaired: body: the Commission on ...")

    def _check_with_needs_shown(self, field, value):
        if value and not (self.root_document or {}).get(value):
            self._error(field, f"{value}, but the file has no `{value}:` to show")

    def _check_with_needs_participants(self, field, value):
        if value is True and not (self.root_document or {}).get("participants"):
            self._error(field, "true, but the file has no `participants:` to print")

    def _check_with_letter_annex(self, field, value):
        """Check that an annex has what its kind prints."""
        if not isinstance(value, dict):
            return
        kind = value.get("kind", "text")
        if kind == "chair-summary" and not (self.root_document or {}).get("meeting"):
            self._error(field, "a chair-summary annex is headed by the meeting: add `meeting:` "
                               "(title, venue, dates) to the file")
        if kind == "report" and not value.get("title"):
            self._error(field, "a report annex needs its title")
        if not any(value.get(key) for key in ("paragraphs", "sections", "programme", "summary",
                                              "participants")):
            self._error(field, "the annex holds no text: give paragraphs, sections or "
                               "programme: true")

    def _check_with_clock(self, field, value):
        """Check a time of day written H:MM or HH:MM, 0:00 to 24:00."""
        if value is None:
            return
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value) if isinstance(value, str) else None
        hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
        if not (match and minutes < 60 and (hours < 24 or (hours, minutes) == (24, 0))):
            self._error(field, f"expected a time of day such as 9:30 or 14:00, got {value!r}")

    def _check_with_positive(self, field, value):
        if isinstance(value, (int, float)) and not value > 0:
            self._error(field, f"must be greater than 0, got {value!r}")

    def _check_with_table_shape(self, field, value):
        """Check that every row fills the columns, cells spanning one column or more."""
        if not isinstance(value, dict) or not isinstance(value.get("columns"), list):
            return
        columns = len(value["columns"])
        widths = value.get("widths")
        if isinstance(widths, list) and len(widths) != columns:
            self._error(field, f"widths: {len(widths)} widths for {columns} columns")
        for index, row in enumerate(value.get("rows") or []):
            if not isinstance(row, list):
                continue
            covered = 0
            for cell in row:
                span = cell.get("span", 1) if isinstance(cell, dict) else 1
                if isinstance(cell, dict):
                    unknown = sorted(set(cell) - {"text", "span"})
                    if unknown or not isinstance(cell.get("text"), str):
                        self._error(field, f"rows[{index}]: a cell written as a mapping holds "
                                           "text: and span: only")
                        span = 1
                if not isinstance(span, int) or isinstance(span, bool) or span < 1:
                    self._error(field, f"rows[{index}]: span must be a whole number, 1 or more, "
                                       f"got {span!r}")
                    span = 1
                covered += span
            if covered != columns:
                self._error(field, f"rows[{index}]: the row fills {covered} column(s), but the "
                                   f"table has {columns}")

    def _normalize_coerce_image_path(self, value):
        """Resolve an image path against the meeting file's folder."""
        base = self._config.get("base_dir")
        if not isinstance(value, str) or base is None:
            return value
        return str((Path(base) / Path(value).expanduser()).resolve())

    def _check_with_image(self, field, value):
        """Check an image: a PNG or JPEG file inside the meeting file's folder (or a
        template folder)."""
        if not isinstance(value, str):
            return
        path = Path(value)
        roots = [Path(r).resolve() for r in self._config.get("image_roots") or ()]
        if roots and not any(root == path or root in path.parents for root in roots):
            self._error(field, f"{value} is outside the folder of the meeting file "
                               f"({roots[0]}); put the image there")
            return
        try:
            with open(path, "rb") as handle:
                head = handle.read(8)
        except IsADirectoryError:
            self._error(field, f"{value} is a folder, not an image")
            return
        except OSError as exc:
            self._error(field, f"cannot read the image {value}: {exc.strerror}")
            return
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            self._error(field, f"{value} is not a PNG or JPEG image")
            return
        import PIL.Image              # only a file naming an image needs it

        try:
            with PIL.Image.open(path) as image:
                image.load()          # the whole image: a damaged file fails here, not later
        except Exception as exc:      # Pillow raises many kinds for a damaged file
            self._error(field, f"{value} is a damaged image: {str(exc).strip()[:80]}")

    def _check_with_meeting_file(self, field, value):
        """Check a meeting file a page links to: a .yaml file next to the meeting file
        (or below its folder), whose outputs the same run writes beside the page's."""
        base = self._config.get("base_dir")
        if not isinstance(value, str) or base is None:
            return
        folder = Path(base).resolve()
        path = (folder / value).resolve()
        if folder != path.parent and folder not in path.parents:
            self._error(field, f"{value} is outside the folder of the meeting file")
        elif path.suffix not in (".yaml", ".yml"):
            self._error(field, f"{value} is not a meeting file (.yaml)")
        elif not path.is_file():
            self._error(field, f"{value}: no such meeting file next to this one")

    def _normalize_coerce_clock(self, value):
        """Turn a time YAML read as minutes (``10:30`` is 630 in YAML 1.1) back into "10:30"."""
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value // 60}:{value % 60:02d}"
        return value


def load_schema(names, search=None) -> dict:
    """Return the schemas ``names`` (files in schemas/) merged in order.

    Rules merge key by key, so a later schema can add a field inside a mapping an
    earlier one defines (``letter: {schema: {co-chairs: ...}}``) or tighten a rule.
    """
    search = search_path(search)
    schema: dict = {}
    for name in names:
        found = search.find("schemas", name)
        if found is None:
            raise StyleError(search.not_found("schemas", name))
        part = load_resource(found, StyleError).data
        if not isinstance(part, dict):
            raise StyleError(f"{found}: a schema is a mapping of field names to rules")
        schema = merge_mappings(schema, part)
    return schema


def builtin_schemas(names, search=None) -> bool:
    """Say whether the schemas ``names`` are all Palais' own (none a user's file)."""
    search = search_path(search)
    return all((found := search.find("schemas", name)) is not None and found.builtin
               for name in names)


def validate_author_file(source: Source, schema_name: str) -> dict:
    """Check a style sheet or manifest against its built-in schema; raise StyleError with every
    problem at its file:line:col."""
    from . import kept

    schema = load_schema(["!" + schema_name])
    if not isinstance(source.data, dict):
        from .checks import describe
        raise StyleError(f"{source.where(())}: expected a mapping of keys, "
                         f"got {describe(source.data)}")
    # A file checked before, against the same schema, is not checked again (nor is
    # cerberus imported).
    record = kept.key("checked", source.digest, repr(schema)) if source.digest else None
    checked = kept.load(record) if record else None
    if isinstance(checked, dict):
        return checked
    from .checks import AuthorValidator, located_problems, use_schema
    validator = AuthorValidator()
    use_schema(validator, schema, ["!" + schema_name])
    if validator.validate(source.data):
        if record:
            kept.save(record, validator.document)
        return validator.document
    raise StyleError(located_problems(source, validator, schema))
