"""Font spec of a style sheet -> registered reportlab font families, embedded or built in."""
from __future__ import annotations

import functools
import io
import operator
import os
import shutil
import struct
import subprocess
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .errors import StyleError
from .records import record

FONT_PATH_ENV = "PALAIS_FONT_PATH"
# CJK fonts every PDF viewer supplies (reportlab's CID fonts): named as glyph
# fallbacks, they draw Chinese (STSong-Light), Japanese, Korean without a file.
CID_FONTS = ("STSong-Light", "MSung-Light", "HeiseiMin-W3", "HYSMyeongJo-Medium")
# (A character class of these ranges took milliseconds to compile in every run.)
_CJK = (("\u2e80", "\u9fff"), ("\uf900", "\ufaff"), ("\ufe30", "\ufe4f"), ("\uff00", "\uffef"))
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts",
                    "~/.local/share/fonts", "/Library/Fonts", "~/Library/Fonts",
                    "C:/Windows/Fonts")
FC_LIST = "fc-list"       # set to None to walk SYSTEM_FONT_DIRS instead of asking fontconfig
PACKAGED = True           # search the fonts installed as Python packages (fontpkg)
SLOTS = ("regular", "bold", "italic", "bold-italic")
_BUILTIN_FACES = {
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
}


@record
class FontFamily:
    """Four reportlab faces of one family; ``files`` is empty for a font not embedded.

    ``kind``: "ttf" (a TrueType file, embedded), "builtin" (one of the PDF's
    standard fonts), "cid" (a CJK font the viewer supplies) or "symbols"
    (Palais' own, embedded).
    """
    name: str
    faces: tuple                      # reportlab names: regular, bold, italic, bold-italic
    files: tuple = ()
    kind: str = "ttf"

    @property
    def embedded(self) -> bool:
        return self.kind in ("ttf", "symbols")

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """Return the reportlab font name for this weight and slant, registered."""
        name = self.faces[(1 if bold else 0) + (2 if italic else 0)]
        if name in _PENDING:
            _load(name)
        return name

    def characters(self) -> Optional[frozenset]:
        """Return every character the family draws, or None when that is not a set
        (a CJK font the viewer supplies)."""
        if self.kind == "cid":
            return None
        if self.kind == "ttf":
            # From the file's character map: a fallback family asked about a
            # character it lacks is never read whole.
            mapped = file_characters(self.files[0])
            if mapped is not None:
                return mapped
        return _characters(self.face(), self.embedded)

    def covers(self, char: str) -> bool:
        """Return whether the family can draw ``char``."""
        if self.kind == "cid":
            return any(low <= char <= high for low, high in _CJK)
        return char in self.characters()


@record
class FontResolution:
    """What a font role became: the family used, and the families for missing glyphs."""
    key: str
    primary: FontFamily
    fallbacks: tuple = ()             # every glyph-fallback family found, in the sheet's order
    wanted: tuple = ()                # the families the style sheet asked for
    searched: tuple = field(default=(), compare=False)

    @property
    def fallback(self) -> Optional[FontFamily]:
        """Return the first glyph-fallback family, or None."""
        return self.fallbacks[0] if self.fallbacks else None

    def family_for(self, char: str) -> Optional[FontFamily]:
        """Return the family that draws ``char``, or None when no family has it."""
        for family in (self.primary,) + self.fallbacks:
            if family.covers(char):
                return family
        return None

    def describe(self) -> str:
        """Return one line telling users which font the PDF uses and why."""
        if self.primary.embedded:
            folder = Path(self.primary.files[0]).parent
            text = f"{self.key}: {self.primary.name}, embedded from {folder}"
        else:
            text = (f"{self.key}: none of {', '.join(self.wanted)} found; built-in "
                    f"{self.primary.name} (not embedded)")
        if self.fallbacks:
            text += f"; characters it lacks use {', '.join(f.name for f in self.fallbacks)}"
        return text


@record
class FaceInfo:
    """What the name and OS/2 tables of one TrueType file say about it."""
    path: str
    name: str                         # the family name as the font spells it
    families: tuple                   # lower-cased family names (typographic and legacy)
    bold: bool
    italic: bool
    normal_width: bool
    weight: int = 400                 # OS/2 usWeightClass: 400 regular, 700 bold


def resolve_font(spec, base_dir=None) -> FontResolution:
    """Find, register and return the families for FontSpec ``spec``.

    Explicit ``spec.files`` win (relative to ``base_dir``), then the first of
    ``spec.families`` found in $PALAIS_FONT_PATH or on the system, then the
    built-in ``spec.builtin``.
    """
    primary = _register(_explicit_files(spec, base_dir), name=None) if spec.files else None
    for family in () if primary else spec.families:
        files = find_family(family, complete=True)
        if files:
            primary = _register(files, name=family)
            break
    if primary is None:
        faces = _BUILTIN_FACES.get(spec.builtin)
        if faces is None:
            raise StyleError(f"fonts.{spec.key}.builtin: unknown built-in font {spec.builtin!r}; "
                             f"known: {', '.join(_BUILTIN_FACES)}")
        primary = FontFamily(name=spec.builtin, faces=faces, kind="builtin")
    fallbacks = []
    for family in spec.glyph_fallbacks:
        if family in CID_FONTS:
            fallbacks.append(_cid_family(family))
            continue
        files = find_family(family, complete=False)
        if files and family != primary.name:
            fallbacks.append(_register(files, name=family))
    fallbacks.append(_symbols_family())          # the last resort: boxes and check marks
    return FontResolution(key=spec.key, primary=primary, fallbacks=tuple(fallbacks),
                          wanted=tuple(spec.families), searched=tuple(map(str, search_dirs())))


def fingerprint(spec, base_dir=None) -> tuple:
    """Return what identifies the font files ``spec`` would use on this machine (path,
    size, modification time), found as ``resolve_font`` finds them, without reading
    them: a change of fonts changes the layout."""
    found = []
    if spec.files:
        found.append(_explicit_files(spec, base_dir))
    else:
        for family in spec.families:
            files = find_family(family, complete=True)
            if files:
                found.append(files)
                break
        else:
            found.append((spec.builtin,))
    for family in spec.glyph_fallbacks:
        found.append((family,) if family in CID_FONTS else find_family(family, complete=False))
    out = []
    for files in found:
        for path in files or ():
            try:
                stat = os.stat(path)
                out.append((str(path), stat.st_size, stat.st_mtime_ns))
            except OSError:
                out.append((str(path),))
    return tuple(out)


def search_dirs() -> list:
    """Return the folders searched for fonts: $PALAIS_FONT_PATH first, then the system's."""
    return _user_dirs() + [Path(d).expanduser() for d in SYSTEM_FONT_DIRS]


def _user_dirs() -> list:
    return [Path(d).expanduser() for d in os.environ.get(FONT_PATH_ENV, "").split(os.pathsep) if d]


def find_family(family: str, complete: bool = True) -> Optional[tuple]:
    """Return the regular, bold, italic, bold-italic files of ``family``, or None.

    The family is taken from the first source that has its regular face:
    $PALAIS_FONT_PATH, then the fonts installed as Python packages, then the
    system's. With ``complete`` a family lacking a face is not returned; otherwise
    a missing face is replaced by the nearest one present.
    """
    wanted = family.casefold()
    index = _index(tuple(map(str, _user_dirs())), PACKAGED, tuple(map(str, SYSTEM_FONT_DIRS)),
                   FC_LIST)
    for source in index:
        faces = [f for f in source if wanted in f.families]
        chosen = {}
        for slot_no, slot in enumerate(SLOTS):
            bold, italic = bool(slot_no & 1), bool(slot_no & 2)
            # Nearest to the usual weight: "DejaVu Sans ExtraLight" is no regular face.
            matches = sorted((not f.normal_width, abs(f.weight - (700 if bold else 400)), f.path)
                             for f in faces if f.bold == bold and f.italic == italic)
            if matches:
                chosen[slot] = matches[0][-1]
        if "regular" not in chosen:
            continue
        if complete and len(chosen) < len(SLOTS):
            return None
        chosen.setdefault("bold", chosen["regular"])
        chosen.setdefault("italic", chosen["regular"])
        chosen.setdefault("bold-italic", chosen["bold"])
        return tuple(chosen[slot] for slot in SLOTS)
    return None


def _explicit_files(spec, base_dir) -> tuple:
    if len(spec.files) != 4:
        raise StyleError(f"fonts.{spec.key}.files: give four files (regular, bold, italic, "
                         f"bold-italic), got {len(spec.files)}")
    paths = []
    for name in spec.files:
        path = Path(name).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        if not path.is_file():
            raise StyleError(f"fonts.{spec.key}.files: {path} does not exist")
        paths.append(str(path))
    return tuple(paths)


@lru_cache(maxsize=16)
def _index(user_dirs: tuple, packaged: bool, system_dirs: tuple, fc_list) -> tuple:
    """Return the faces of each font source, in search order: user, packaged, system."""
    # $PALAIS_FONT_PATH folders are always walked: fontconfig does not know them.
    tool = shutil.which(fc_list) if fc_list else None
    listed = _fc_files(tool) if tool else None
    system = listed if listed is not None else _walk(str(Path(d).expanduser())
                                                     for d in system_dirs)
    sources = (_walk(user_dirs), _kept_packaged_files() if packaged else [], system)
    return tuple(_face_infos(tuple(dict.fromkeys(files))) for files in sources)


def _face_infos(files: tuple) -> tuple:
    """Return the FaceInfo of each TrueType file of ``files`` (None for others left out),
    as an earlier run read them when no file has changed since (palais.kept)."""
    import dataclasses

    from . import kept

    try:
        stamps = [(f, info.st_size, info.st_mtime_ns) for f in files for info in [os.stat(f)]]
    except OSError:
        stamps = None
    record = kept.key("faces", repr(stamps)) if stamps is not None else None
    found = kept.load(record) if record else None
    if isinstance(found, tuple) and all(isinstance(t, tuple) for t in found):
        try:
            return tuple(FaceInfo(*t) for t in found)
        except TypeError:
            pass                                 # another shape: read the files again
    infos = tuple(info for info in map(read_face_info, files) if info)
    if record:
        kept.save(record, tuple(dataclasses.astuple(info) for info in infos))
    return infos


def _kept_packaged_files() -> list:
    """Return ``_packaged_files()``, as an earlier run found them while nothing was
    installed or removed since: no folder of the import path has changed."""
    import sys

    from . import kept

    stamps = []
    for folder in sys.path:
        try:
            stamps.append((folder, os.stat(folder or ".").st_mtime_ns))
        except OSError:
            stamps.append((folder, None))
    record = kept.key("packaged-fonts", repr(stamps))
    found = kept.load(record)
    if isinstance(found, list) and all(isinstance(f, str) and os.path.isfile(f) for f in found):
        return found
    found = _packaged_files()
    kept.save(record, found)
    return found


def _packaged_files() -> list:
    """Return the TrueType files of the font families installed as Python packages."""
    import fontpkg

    found = []
    for family in fontpkg.families().values():
        found += [str(f.path) for f in family.files if str(f.path).lower().endswith(".ttf")]
    return sorted(found)


def _walk(dirs) -> list:
    found = []
    for folder in dirs:
        for root, subdirs, names in os.walk(folder):
            subdirs.sort()
            found += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith(".ttf")]
    return found


_ASKED: dict = {}        # the fc-list started ahead (ask_fontconfig): tool -> (pid, process)


def ask_fontconfig() -> None:
    """Start asking fontconfig for its font files, to be read when fonts are first
    looked for: the answer (a few milliseconds of waiting for another program) is
    then ready. Only the process that asked reads it."""
    if _index.cache_info().currsize:
        return                                 # asked already by this process
    tool = shutil.which(FC_LIST) if FC_LIST else None
    if tool is None or tool in _ASKED:
        return
    try:
        process = subprocess.Popen([tool, "--format", "%{file}\n"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return
    _ASKED[tool] = (os.getpid(), process)


def _fc_files(tool: str) -> Optional[list]:
    pid, process = _ASKED.get(tool, (None, None))
    if pid != os.getpid():
        process = None                # a forked process's copy: its parent reads it
    try:
        if process is not None:
            del _ASKED[tool]
            out = process.communicate(timeout=30)[0]
            if process.returncode:
                return None
        else:
            out = subprocess.run([tool, "--format", "%{file}\n"], capture_output=True,
                                 text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        if process is not None:
            process.kill()
            process.communicate()
        return None
    return sorted(line for line in out.splitlines() if line.lower().endswith(".ttf"))


def read_face_info(path: str) -> Optional[FaceInfo]:
    """Return the family, weight and slant stored in TrueType file ``path``, or None."""
    try:
        with open(path, "rb") as handle:
            version, count = struct.unpack(">IH", handle.read(6))
            if version not in (0x00010000, 0x74727565):        # TrueType outlines only
                return None
            handle.seek(12)
            directory = handle.read(16 * count)
            tables = {}
            for i in range(count):
                tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i: 16 * i + 16])
                handle.seek(offset)
                if tag in (b"name", b"OS/2", b"head"):
                    tables[tag] = handle.read(length)
        names = _names(tables[b"name"])
        if b"OS/2" in tables:
            weight, width = struct.unpack(">HH", tables[b"OS/2"][4:8])
            selection, = struct.unpack(">H", tables[b"OS/2"][62:64])
            bold, italic = weight >= 600 or bool(selection & 0x20), bool(selection & 0x201)
            normal_width = width == 5
        else:
            style, = struct.unpack(">H", tables[b"head"][44:46])
            bold, italic, normal_width = bool(style & 1), bool(style & 2), True
            weight = 700 if bold else 400
    except (OSError, KeyError, struct.error):
        return None
    family = names.get(16) or names.get(1)
    if not family:
        return None
    families = tuple(sorted({names[i].casefold() for i in (1, 16) if i in names}))
    return FaceInfo(path, family, families, bold, italic, normal_width, weight)


@lru_cache(maxsize=None)
def file_characters(path: str) -> Optional[frozenset]:
    """Return the characters TrueType file ``path`` has a glyph for, read from its
    Unicode character map (format 4 or 12) alone; None when it has no such map or
    cannot be read, and the font must be loaded to know.

    A character mapped to glyph 0, the missing-glyph box, is not one it has. Space,
    tab and line feed always count: they are drawn as space whatever the font."""
    try:
        with open(path, "rb") as handle:
            _, count = struct.unpack(">IH", handle.read(6))
            handle.seek(12)
            directory = handle.read(16 * count)
            for i in range(count):
                tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i: 16 * i + 16])
                if tag == b"cmap":
                    handle.seek(offset)
                    table = handle.read(length)
                    break
            else:
                return None
        codes = _unicode_codes(table)
        if codes is None:
            return None
        return frozenset(map(chr, codes)) | frozenset(" \t\n")
    except (OSError, struct.error, IndexError, ValueError):
        return None


# The Unicode character maps, best first: (platform, encoding, format).
_UNICODE_MAPS = ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4))


def _unicode_codes(table: bytes) -> Optional[list]:
    """Return the code points a ``cmap`` table's best Unicode map gives a glyph other
    than 0, or None when it has neither a format 12 nor a format 4 Unicode map."""
    _, count = struct.unpack(">HH", table[:4])
    maps = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", table[4 + 8 * i: 12 + 8 * i])
        fmt, = struct.unpack(">H", table[offset:offset + 2])
        maps.setdefault((platform, encoding, fmt), offset)
    chosen = next((key for key in _UNICODE_MAPS if key in maps), None)
    if chosen is None:
        return None
    at = maps[chosen]
    codes = []
    if chosen[2] == 12:
        groups, = struct.unpack(">I", table[at + 12:at + 16])
        for start, end, glyph in struct.iter_unpack(">III", table[at + 16:at + 16 + 12 * groups]):
            codes.extend(range(start + (glyph == 0), min(end, 0x10FFFF) + 1))
        return codes
    segments = struct.unpack(">H", table[at + 6:at + 8])[0] // 2
    ends = struct.unpack(f">{segments}H", table[at + 14:at + 14 + 2 * segments])
    at += 16 + 2 * segments
    starts = struct.unpack(f">{segments}H", table[at:at + 2 * segments])
    deltas = struct.unpack(f">{segments}h", table[at + 2 * segments:at + 4 * segments])
    ranges_at = at + 4 * segments
    offsets = struct.unpack(f">{segments}H", table[ranges_at:ranges_at + 2 * segments])
    for n, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets)):
        if start > end:
            continue
        if offset == 0:          # glyph = code + delta: 0 for one code at most
            codes.extend(c for c in range(start, end + 1) if (c + delta) & 0xFFFF)
            continue
        first = ranges_at + 2 * n + offset
        glyphs = struct.unpack(f">{end - start + 1}H", table[first:first + 2 * (end - start + 1)])
        codes.extend(c for c, glyph in zip(range(start, end + 1), glyphs)
                     if glyph and (glyph + delta) & 0xFFFF)
    return codes


def _names(table: bytes) -> dict:
    _, count, strings = struct.unpack(">HHH", table[:6])
    names = {}
    for i in range(count):
        platform, _, language, name_id, size, where = struct.unpack(
            ">6H", table[6 + 12 * i: 18 + 12 * i])
        raw = table[strings + where: strings + where + size]
        if platform == 3 and language == 0x409:
            names[name_id] = raw.decode("utf-16-be", "replace")
        elif platform == 1 and language == 0:
            names.setdefault(name_id, raw.decode("mac_roman", "replace"))
    return names


_REGISTERED: dict = {}            # file path -> reportlab font name, for this process
# Faces named but not yet read: reportlab font name -> file path. Reading a
# TrueType file is the dear part of registering it, and most faces of the
# fallback families are never drawn; each is read when first asked for.
_PENDING: dict = {}


_CID, _SYMBOLS = "cid", "symbols"      # pending faces not read from a file


def _load(font_name: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont
    source = _PENDING[font_name]
    if source == _CID:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        pdfmetrics.registerFont(UnicodeCIDFont(font_name))
    elif source == _SYMBOLS:
        from . import symbols
        pdfmetrics.registerFont(TTFont(font_name, io.BytesIO(symbols.font_bytes())))
    else:
        try:
            pdfmetrics.registerFont(_true_type(font_name, source))
        except TTFError as exc:
            raise StyleError(f"cannot use font file {source}: {exc}") from None
    del _PENDING[font_name]


def _true_type(font_name: str, path: str):
    """Return reportlab's TTFont ``font_name`` of the TrueType file at ``path``.

    reportlab reads the whole file's tables into its metrics (a character map,
    widths, glyph offsets): 7 to 15 ms a face, and a long document draws nine or
    so. The metrics of each face are kept (palais.kept) while the file, reportlab
    and Palais stay the same, and a later run reads them back; only the file's
    bytes, which subsets are cut from, are read again."""
    from reportlab.pdfbase.ttfonts import TTFont

    from . import kept

    record = true_type_record(font_name, path)
    state = kept.load(record) if record else None
    if isinstance(state, tuple) and len(state) == 2:
        try:
            return _restored(path, *state)
        except (OSError, AttributeError, TypeError, ValueError, KeyError):
            pass                         # another shape, or the file gone: read it
    font = TTFont(font_name, path)
    state = _plain_state(font)
    if record and state is not None:
        kept.save(record, state)
    return font


def true_type_record(font_name: str, path: str) -> Optional[str]:
    """Return the key the metrics of face ``font_name`` of ``path`` are kept under
    (palais.kept), or None when the file cannot be read."""
    from . import kept

    try:
        stat = os.stat(path)
    except OSError:
        return None
    return kept.key("truetype", kept.versions(("reportlab",)), font_name, path,
                    stat.st_size, stat.st_mtime_ns)


# A face's names are bytes of a subclass that also holds them as text; kept as text.
_NAMES = "names"
# What a TTFont is made of besides its plain attributes, made anew when restored.
_MADE = ("face", "encoding", "state")


def _plain_state(font) -> Optional[tuple]:
    """Return (font's attributes, its face's) as plain data, or None when one of
    them is not what ``_restored`` makes again (another reportlab, say)."""
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes

    from . import kept

    face = font.face
    if not (type(font.encoding) is TTEncoding and vars(font.encoding) == vars(TTEncoding())
            and not len(font.state) and set(_MADE) <= set(vars(font))):
        return None
    names, plain = {}, {}
    for name, value in vars(face).items():
        if name in ("_ttf_data", "_pdfScale"):
            continue
        if isinstance(value, TTFNameBytes):
            if value.ustr.encode("utf-8") != bytes(value):
                return None
            names[name] = value.ustr
        elif _is_plain(value):
            plain[name] = value
        else:
            return None
    if not isinstance(plain.get("unitsPerEm"), int) or any(
            face._pdfScale(x) != _scale(plain["unitsPerEm"])(x) for x in (1, 1234, -7.5)):
        return None
    own = {name: value for name, value in vars(font).items() if name not in _MADE}
    if not all(_is_plain(value) for value in own.values()):
        return None
    plain[_NAMES] = names
    if isinstance(plain.get("hmetrics"), list):     # (advance, bearing): 1,002 among 2,602
        plain["hmetrics"] = kept.shared(plain["hmetrics"])
    return own, plain


def _restored(path: str, own: dict, plain: dict):
    """Return the TTFont that ``_plain_state`` gave ``own`` and ``plain`` of, its
    file's bytes read from ``path``."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

    with open(path, "rb") as handle:
        data = handle.read()
    plain = dict(plain)
    names = plain.pop(_NAMES)
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(plain)
    face.__dict__.update({name: TTFNameBytes(text.encode("utf-8")) for name, text in names.items()})
    face._ttf_data, face._pdfScale = data, _scale(plain["unitsPerEm"])
    font = TTFont.__new__(TTFont)
    font.__dict__.update(own)
    font.face, font.encoding, font.state = face, TTEncoding(), WeakKeyDictionary()
    return font


def _scale(units_per_em: int):
    """Return the function taking font units to PDF's thousandths of an em."""
    if units_per_em == 1000:
        return _same
    return functools.partial(operator.mul, 1000 / units_per_em)


def _same(value):
    return value


def _is_plain(value) -> bool:
    """Say whether ``value`` is made of containers, text and numbers only."""
    if value is None or type(value) in (bool, int, float, str, bytes):
        return True
    if type(value) in (list, tuple):
        return all(map(_is_plain, value))
    if type(value) is dict:
        return all(map(_is_plain, value)) and all(map(_is_plain, value.values()))
    return False


_LOADED_SPECIAL: set = set()          # CID and symbol faces named once in this process


def _cid_family(name: str) -> FontFamily:
    if name not in _LOADED_SPECIAL:
        _LOADED_SPECIAL.add(name)
        _PENDING[name] = _CID
    return FontFamily(name=name, faces=(name,) * 4, kind="cid")


def _symbols_family() -> FontFamily:
    from . import symbols
    face = "PalaisSymbols"
    if face not in _LOADED_SPECIAL:
        _LOADED_SPECIAL.add(face)
        _PENDING[face] = _SYMBOLS
    return FontFamily(name=symbols.FAMILY, faces=(face,) * 4, kind="symbols")


def _register(files: tuple, name: Optional[str]) -> FontFamily:
    if name is None:
        info = read_face_info(files[0])
        name = info.name if info else Path(files[0]).stem
    stem = "".join(name.split())
    faces = []
    for slot, path in zip(SLOTS, files):
        font_name = _REGISTERED.get(path)
        if font_name is None:
            font_name = f"{stem}-{slot}"
            while font_name in _REGISTERED.values():     # same family name, other files
                font_name += "+"
            _PENDING[font_name] = path
            _REGISTERED[path] = font_name
        faces.append(font_name)
    from reportlab.pdfbase import pdfmetrics
    pdfmetrics.registerFontFamily(faces[0], normal=faces[0], bold=faces[1], italic=faces[2],
                                  boldItalic=faces[3])
    return FontFamily(name=name, faces=tuple(faces), files=tuple(files))


@lru_cache(maxsize=None)
def _characters(font_name: str, embedded: bool) -> frozenset:
    if embedded:
        from reportlab.pdfbase import pdfmetrics
        chars = {chr(code) for code in pdfmetrics.getFont(font_name).face.charToGlyph}
    else:
        # The 14 standard PDF fonts are drawn through WinAnsiEncoding (cp1252).
        chars = {c for c in bytes(range(0x20, 0x100)).decode("cp1252", errors="ignore")}
    return frozenset(chars | set(" \t\n"))
