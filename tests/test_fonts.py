"""Tests for engine/fonts.py: finding, registering and falling back on fonts."""
import shutil
import struct

import pytest

from palais import fonts
from palais.errors import StyleError
from palais.styles import FontSpec

SPEC = FontSpec(key="serif", families=("Times New Roman", "Liberation Serif", "Tinos"),
                glyph_fallbacks=("Noto Serif", "DejaVu Serif"))
VERA = "Bitstream Vera Sans"


def test_no_family_found_falls_back_to_builtin_times():
    resolution = fonts.resolve_font(SPEC)
    assert resolution.primary.name == "Times"
    assert not resolution.primary.embedded
    assert resolution.primary.face(bold=True, italic=True) == "Times-BoldItalic"
    assert "built-in Times (not embedded)" in resolution.describe()
    assert "Times New Roman" in resolution.describe()


def test_the_packaged_noto_serif_draws_what_times_lacks():
    resolution = fonts.resolve_font(SPEC)
    assert resolution.fallback.name == "Noto Serif"
    assert "site-packages" in resolution.fallback.files[0] or "fontpkg" in resolution.fallback.files[0]
    for char in "ıễЖΩ\u202f":
        assert resolution.family_for(char) is resolution.fallback
    assert resolution.family_for("é") is resolution.primary


def test_without_any_font_file_only_palais_symbols_falls_back(no_fonts):
    resolution = fonts.resolve_font(SPEC)
    assert resolution.primary.name == "Times"
    assert [f.name for f in resolution.fallbacks] == ["Palais Symbols"]
    assert resolution.family_for("ı") is None
    assert resolution.family_for("\u2610").name == "Palais Symbols"


def test_each_glyph_fallback_is_tried_in_order(tmp_path, vera, monkeypatch):
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(vera(tmp_path / "v", slots=("regular",))))
    spec = FontSpec(key="serif", families=("Tinos",), glyph_fallbacks=(VERA, "Nowhere", "Noto Serif"))
    resolution = fonts.resolve_font(spec)
    assert [f.name for f in resolution.fallbacks] == [VERA, "Noto Serif", "Palais Symbols"]
    assert resolution.family_for("ı").name == VERA          # Times lacks it, Vera has it
    assert resolution.family_for("ễ").name == "Noto Serif"  # only the second has it
    assert resolution.family_for("\u2610").name == "Palais Symbols"     # the last resort
    assert resolution.family_for("\U0001F600") is None
    assert "characters it lacks use Bitstream Vera Sans, Noto Serif, Palais Symbols" in \
        resolution.describe()


def test_builtin_times_covers_cp1252_only():
    times = fonts.resolve_font(SPEC).primary
    assert all(times.covers(c) for c in "aéŽœ€«»\u00a0")
    assert not any(times.covers(c) for c in "ıễ\u202f")


def test_a_family_in_palais_font_path_is_found_and_embedded(tmp_path, vera, monkeypatch):
    folder = vera(tmp_path / "mine")
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(folder))
    spec = FontSpec(key="serif", families=("Tinos", VERA))
    resolution = fonts.resolve_font(spec)
    assert resolution.primary.name == VERA
    assert resolution.primary.embedded
    slots = ("regular", "bold", "italic", "bold-italic")
    assert resolution.primary.files == tuple(str(folder / f"Copy-{s}.ttf") for s in slots)
    assert resolution.primary.covers("ı") and resolution.family_for("ı") is resolution.primary
    assert f"embedded from {folder}" in resolution.describe()


def test_the_font_path_comes_before_the_packaged_fonts(tmp_path, monkeypatch):
    packaged = fonts.find_family("Noto Serif", complete=False)
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(packaged[0], mine / "MyNoto.ttf")
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(mine))
    assert fonts.find_family("Noto Serif", complete=False)[0] == str(mine / "MyNoto.ttf")


def test_an_incomplete_family_is_only_a_glyph_fallback(tmp_path, vera, monkeypatch):
    folder = vera(tmp_path / "regular-only", slots=("regular",))
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(folder))
    spec = FontSpec(key="serif", families=(VERA,), glyph_fallbacks=(VERA,))
    resolution = fonts.resolve_font(spec)
    assert resolution.primary.name == "Times"
    assert resolution.fallback.name == VERA
    assert len(set(resolution.fallback.faces)) == 1          # every face is the regular
    assert resolution.family_for("ı") is resolution.fallback
    assert resolution.family_for("a") is resolution.primary


def test_explicit_files_are_relative_to_the_style_sheet(tmp_path, vera):
    vera(tmp_path / "fonts")
    names = tuple(f"fonts/Copy-{s}.ttf" for s in ("regular", "bold", "italic", "bold-italic"))
    spec = FontSpec(key="serif", families=("Times New Roman",), files=names)
    resolution = fonts.resolve_font(spec, base_dir=tmp_path)
    assert resolution.primary.name == VERA
    assert resolution.primary.files[1] == str(tmp_path / "fonts/Copy-bold.ttf")


def test_a_missing_explicit_file_is_a_style_error(tmp_path):
    spec = FontSpec(key="serif", families=("X",), files=("a.ttf", "b.ttf", "c.ttf", "d.ttf"))
    with pytest.raises(StyleError, match="fonts.serif.files: .*a.ttf does not exist"):
        fonts.resolve_font(spec, base_dir=tmp_path)


def test_an_unknown_builtin_is_a_style_error():
    spec = FontSpec(key="serif", families=("X",), builtin="Garamond")
    with pytest.raises(StyleError, match="unknown built-in font 'Garamond'; known: Times"):
        fonts.resolve_font(spec)


def test_read_face_info_reads_family_weight_and_slant(tmp_path, vera):
    folder = vera(tmp_path / "v")
    info = fonts.read_face_info(str(folder / "Copy-bold-italic.ttf"))
    assert info.name == VERA
    assert (info.bold, info.italic, info.normal_width) == (True, True, True)
    assert fonts.read_face_info(__file__) is None


def test_a_variable_font_reads_as_its_default_instance():
    regular = fonts.find_family("Noto Serif", complete=False)[0]
    info = fonts.read_face_info(regular)
    assert (info.name, info.weight, info.bold, info.italic) == ("Noto Serif", 400, False, False)


def _set_weight(path, weight):
    """Rewrite the OS/2 usWeightClass of TrueType file ``path``."""
    data = bytearray(path.read_bytes())
    count, = struct.unpack(">H", data[4:6])
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        if tag == b"OS/2":
            data[offset + 4: offset + 6] = struct.pack(">H", weight)
    path.write_bytes(bytes(data))


def test_a_family_with_light_weights_gives_its_regular_face(tmp_path, vera, monkeypatch):
    folder = vera(tmp_path / "v", slots=("regular", "bold"))
    light = folder / "Copy-light.ttf"
    shutil.copy(folder / "Copy-regular.ttf", light)
    _set_weight(light, 200)
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(folder))
    assert fonts.read_face_info(str(light)).weight == 200
    regular, bold, _, _ = fonts.find_family(VERA, complete=False)
    assert (regular, bold) == (str(folder / "Copy-regular.ttf"), str(folder / "Copy-bold.ttf"))


def test_a_cid_font_draws_chinese_without_a_file():
    spec = FontSpec(key="serif", families=("X",), glyph_fallbacks=("STSong-Light",))
    resolution = fonts.resolve_font(spec)
    chinese = resolution.family_for("议")
    assert chinese.name == "STSong-Light" and chinese.kind == "cid" and not chinese.embedded
    assert resolution.family_for("a") is resolution.primary


@pytest.mark.parametrize("char, drawn", [("议", True), ("\u3001", True), ("\u2e80", True),
                                         ("\uff0c", True), ("\ufe30", True), ("\u2e7f", False),
                                         ("Ж", False), ("\ufff0", False), ("\U00020000", False)])
def test_a_cid_font_draws_the_cjk_blocks_only(char, drawn):
    assert fonts._cid_family("STSong-Light").covers(char) is drawn


def test_the_symbols_font_is_built_the_same_every_time():
    from palais import symbols
    data = symbols.font_bytes()
    symbols.font_bytes.cache_clear()
    assert symbols.font_bytes() == data and data[:4] == b"\x00\x01\x00\x00"


def _packaged(module_name: str, file_name: str) -> str:
    import importlib
    from pathlib import Path
    return str(Path(importlib.import_module(module_name).__file__).parent / "files" / file_name)


@pytest.mark.parametrize("path", [
    "vera",
    _packaged("fontpkg_noto_serif", "NotoSerif[wdth,wght].ttf"),
    _packaged("fontpkg_amiri", "Amiri-Regular.ttf"),
])
def test_a_files_characters_are_those_reportlab_maps_to_a_glyph(path, tmp_path, vera):
    from reportlab.pdfbase.ttfonts import TTFontFile
    if path == "vera":
        path = str(vera(tmp_path) / "Copy-regular.ttf")
    loaded = TTFontFile(path).charToGlyph
    assert fonts.file_characters(path) == \
        {chr(code) for code, glyph in loaded.items() if glyph} | set(" \t\n")


def _cmap(*subtables) -> bytes:
    """Return a cmap table of ``subtables``: (platform, encoding, subtable bytes)."""
    head = struct.pack(">HH", 0, len(subtables))
    offset, body = 4 + 8 * len(subtables), b""
    for platform, encoding, table in subtables:
        head += struct.pack(">HHI", platform, encoding, offset + len(body))
        body += table
    return head + body


def _format12(*groups) -> bytes:
    return struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups)) + \
        b"".join(struct.pack(">III", *group) for group in groups)


def test_a_character_mapped_to_the_missing_glyph_is_not_covered():
    table = _cmap((3, 10, _format12((0x41, 0x43, 0), (0x2610, 0x2610, 7))))
    assert sorted(fonts._unicode_codes(table)) == [0x42, 0x43, 0x2610]


def test_a_font_without_a_unicode_map_is_read_whole_to_know():
    symbol = struct.pack(">HHH", 6, 10, 0) + struct.pack(">HH", 0x20, 0)   # (3, 0): symbol
    assert fonts._unicode_codes(_cmap((3, 0, symbol))) is None


def test_a_fallback_asked_for_a_character_it_lacks_is_not_loaded(tmp_path, vera, monkeypatch):
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(vera(tmp_path / "v", slots=("regular",))))
    spec = FontSpec(key="serif", families=("Nowhere Serif",), glyph_fallbacks=(VERA, "Noto Serif"))
    resolution = fonts.resolve_font(spec)
    vera_face = resolution.fallbacks[0].faces[0]
    assert resolution.family_for("ễ").name == "Noto Serif"      # Vera lacks it
    assert vera_face in fonts._PENDING                           # and was never read
    assert resolution.family_for("ı").name == VERA
    resolution.fallbacks[0].face()                               # drawing reads it
    assert vera_face not in fonts._PENDING


def test_a_damaged_character_map_leaves_the_font_to_be_read_whole(tmp_path):
    table = _cmap((3, 10, _format12((0x10FFF0, 0xFFFFFFFF, 1))))      # past Unicode's end
    assert fonts._unicode_codes(table) == list(range(0x10FFF0, 0x110000))
    truncated = _cmap((3, 1, struct.pack(">HHH", 4, 40, 0) + struct.pack(">H", 8)))
    path = tmp_path / "broken.ttf"
    path.write_bytes(struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0)
                     + struct.pack(">4sIII", b"cmap", 0, 28, len(truncated)) + truncated)
    assert fonts.file_characters(str(path)) is None
    assert fonts.file_characters(str(tmp_path / "absent.ttf")) is None


def _fake_fc_list(tmp_path, listed, code=0):
    """Write a program answering as fc-list does, with the files ``listed``."""
    tool = tmp_path / "fake-fc-list"
    tool.write_text("#!/bin/sh\n" + "".join(f"echo '{f}'\n" for f in listed) + f"exit {code}\n")
    tool.chmod(0o755)
    return str(tool)


def test_fontconfig_asked_ahead_gives_the_families_it_lists(tmp_path, vera, monkeypatch):
    folder = vera(tmp_path / "system")
    listed = sorted(str(f) for f in folder.iterdir())
    monkeypatch.setattr(fonts, "FC_LIST", _fake_fc_list(tmp_path, listed + ["/x/a.otf"]))
    fonts._index.cache_clear()
    try:
        fonts.ask_fontconfig()
        assert len(fonts._ASKED) == 1                  # started, not yet read
        found = fonts.find_family(VERA)
        assert found == tuple(str(folder / f"Copy-{s}.ttf")
                              for s in ("regular", "bold", "italic", "bold-italic"))
        assert fonts._ASKED == {}                      # read, and forgotten
        fonts.ask_fontconfig()
        assert fonts._ASKED == {}                      # the index is made: nothing to ask
        fonts._index.cache_clear()
        # asked by another process (one forked after asking): this one asks again itself
        fonts.ask_fontconfig()
        tool, (pid, process) = next(iter(fonts._ASKED.items()))
        fonts._ASKED[tool] = (pid + 1, process)
        assert fonts.find_family(VERA) == found
        assert fonts._ASKED == {tool: (pid + 1, process)}     # left to its reader
        process.communicate()
        fonts._ASKED.clear()
    finally:
        fonts._index.cache_clear()


def test_fontconfig_failing_when_asked_ahead_leaves_the_folders_walked(tmp_path, vera,
                                                                       monkeypatch):
    folder = vera(tmp_path / "system")
    monkeypatch.setattr(fonts, "FC_LIST", _fake_fc_list(tmp_path, ["/nowhere/x.ttf"], code=1))
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", (str(folder),))
    fonts._index.cache_clear()
    try:
        fonts.ask_fontconfig()
        assert fonts.find_family(VERA)[0] == str(folder / "Copy-regular.ttf")
    finally:
        fonts._index.cache_clear()
