"""Tests for engine/fonts.py: finding, registering and falling back on fonts."""
import glob
import shutil

import pytest

from engine import fonts
from engine.errors import StyleError
from engine.styles import FontSpec

DEJAVU = {style: sorted(glob.glob(f"/usr/share/fonts/**/DejaVuSerif{style}.ttf", recursive=True))
          for style in ("", "-Bold", "-Italic", "-BoldItalic")}
needs_dejavu = pytest.mark.skipif(not all(DEJAVU.values()), reason="DejaVu Serif is not installed")



def _copy_dejavu(folder, styles=("", "-Bold", "-Italic", "-BoldItalic")):
    folder.mkdir(exist_ok=True)
    for style in styles:
        shutil.copy(DEJAVU[style][0], folder / f"Copy{style or '-Regular'}.ttf")
    return folder


SPEC = FontSpec(key="serif", families=("Times New Roman", "Liberation Serif", "Tinos"),
                glyph_fallbacks=("DejaVu Serif",))


def test_no_family_found_falls_back_to_builtin_times(no_system_fonts):
    resolution = fonts.resolve_font(SPEC)
    assert resolution.primary.name == "Times"
    assert not resolution.primary.embedded
    assert resolution.primary.face(bold=True, italic=True) == "Times-BoldItalic"
    assert resolution.fallback is None
    assert "built-in Times (not embedded)" in resolution.describe()
    assert "Times New Roman" in resolution.describe()


def test_builtin_times_covers_cp1252_only(no_system_fonts):
    times = fonts.resolve_font(SPEC).primary
    assert all(times.covers(c) for c in "aéŽœ€«»\u00a0")
    assert not any(times.covers(c) for c in "ıễ\u202f")


@needs_dejavu
def test_a_family_in_palais_font_path_is_found_and_embedded(no_system_fonts, monkeypatch):
    folder = _copy_dejavu(no_system_fonts / "mine")
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(folder))
    spec = FontSpec(key="serif", families=("Tinos", "DejaVu Serif"))
    resolution = fonts.resolve_font(spec)
    assert resolution.primary.name == "DejaVu Serif"
    assert resolution.primary.embedded
    styles = ("-Regular", "-Bold", "-Italic", "-BoldItalic")
    assert resolution.primary.files == tuple(str(folder / f"Copy{s}.ttf") for s in styles)
    assert resolution.primary.covers("ễ") and resolution.family_for("ı") is resolution.primary
    assert f"embedded from {folder}" in resolution.describe()


@needs_dejavu
def test_an_incomplete_family_is_only_a_glyph_fallback(no_system_fonts, monkeypatch):
    folder = _copy_dejavu(no_system_fonts / "regular-only", styles=("",))
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(folder))
    spec = FontSpec(key="serif", families=("DejaVu Serif",), glyph_fallbacks=("DejaVu Serif",))
    resolution = fonts.resolve_font(spec)
    assert resolution.primary.name == "Times"
    assert resolution.fallback.name == "DejaVu Serif"
    assert len(set(resolution.fallback.faces)) == 1          # every face is the regular
    assert resolution.family_for("ı") is resolution.fallback
    assert resolution.family_for("a") is resolution.primary


@needs_dejavu
def test_explicit_files_are_relative_to_the_style_sheet(no_system_fonts):
    _copy_dejavu(no_system_fonts / "fonts")
    names = tuple(f"fonts/Copy{s}.ttf" for s in ("-Regular", "-Bold", "-Italic", "-BoldItalic"))
    spec = FontSpec(key="serif", families=("Times New Roman",), files=names)
    resolution = fonts.resolve_font(spec, base_dir=no_system_fonts)
    assert resolution.primary.name == "DejaVu Serif"
    assert resolution.primary.files[1] == str(no_system_fonts / "fonts/Copy-Bold.ttf")


def test_a_missing_explicit_file_is_a_style_error(no_system_fonts):
    spec = FontSpec(key="serif", families=("X",), files=("a.ttf", "b.ttf", "c.ttf", "d.ttf"))
    with pytest.raises(StyleError, match="fonts.serif.files: .*a.ttf does not exist"):
        fonts.resolve_font(spec, base_dir=no_system_fonts)


def test_an_unknown_builtin_is_a_style_error(no_system_fonts):
    spec = FontSpec(key="serif", families=("X",), builtin="Garamond")
    with pytest.raises(StyleError, match="unknown built-in font 'Garamond'; known: Times"):
        fonts.resolve_font(spec)


@needs_dejavu
def test_read_face_info_reads_family_weight_and_slant():
    info = fonts.read_face_info(DEJAVU["-BoldItalic"][0])
    assert info.name == "DejaVu Serif"
    assert (info.bold, info.italic, info.normal_width) == (True, True, True)
    assert fonts.read_face_info(__file__) is None
