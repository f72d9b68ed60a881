"""Template authors' files checked once and kept; words worked out once and kept."""
import datetime
import fractions
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from palais import kept, words
from palais.errors import StyleError
from palais.loading import load_resource
from palais.resources import search_path
from palais.styles import resolve_styles

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "examples" / "ga-letter-lima-2013.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(folder))
    return folder


def _sheet_dir(tmp_path, text):
    styles = tmp_path / "mine" / "styles"
    styles.mkdir(parents=True, exist_ok=True)
    (styles / "house.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "mine"


SHEET = "extends: un-newyork\nstyles:\n  Normal:\n    size: 11pt\n"


def test_a_kept_style_sheet_gives_what_a_fresh_read_gives(tmp_path, cache):
    folder = _sheet_dir(tmp_path, SHEET)
    first = resolve_styles("house", search_path([folder]))
    assert len(list((cache / "resources").iterdir())) >= 2        # the file, and its check
    second = resolve_styles("house", search_path([folder]))
    assert second == first and second.styles["Normal"].size.pt == 11


def test_a_changed_sheet_is_read_again(tmp_path, cache):
    folder = _sheet_dir(tmp_path, SHEET)
    resolve_styles("house", search_path([folder]))
    _sheet_dir(tmp_path, SHEET.replace("11pt", "13pt"))
    assert resolve_styles("house", search_path([folder])).styles["Normal"].size.pt == 13


def test_a_broken_sheet_is_never_kept_and_fails_every_time(tmp_path, cache):
    folder = _sheet_dir(tmp_path, SHEET.replace("size: 11pt", "size: eleven"))
    for _ in range(2):
        with pytest.raises(StyleError, match=r"house\.yaml:4:\d+"):
            resolve_styles("house", search_path([folder]))


def test_a_damaged_or_foreign_record_is_passed_over(tmp_path, cache):
    folder = _sheet_dir(tmp_path, SHEET)
    resource = search_path([folder]).find("styles", "house")
    fresh = load_resource(resource, StyleError)
    record = cache / "resources" / fresh.digest
    assert record.is_file()
    record.write_bytes(b"\x80\x05not a pickle")
    assert load_resource(resource, StyleError).data == fresh.data
    # A record naming a class that is not plain data is refused, not built.
    marker = tmp_path / "ran"
    record.write_bytes(pickle.dumps(_Hostile(str(marker))))
    assert load_resource(resource, StyleError).data == fresh.data
    assert not marker.exists()


class _Hostile:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_words_are_kept_and_a_warm_run_imports_neither_babel_nor_rbnf(tmp_path, cache):
    assert words.ordinal(68, "en") == "sixty-eighth"
    assert words.full_date(datetime.date(2013, 6, 28), "fr") == "28 juin 2013"
    program = ("import sys; from palais import compose; compose(sys.argv[1]); "
               "print(sorted(m for m in sys.modules if m.split('.')[0] in "
               "('babel', 'unicode_rbnf')))")
    env = {"PALAIS_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    # In fresh processes: the first works the words out and keeps them (this process
    # may know them already, and then keeps nothing), the second finds them.
    runs = [subprocess.run([sys.executable, "-c", program, str(LETTER)], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)]
    assert runs[0] != "[]" and runs[1] == "[]"


def test_the_same_words_with_and_without_the_cache(tmp_path, monkeypatch):
    asked = [(words.ordinal, (81, "fr"), {"gender": "f"}), (words.cardinal, (7, "ru"), {}),
             (words.full_date, (datetime.date(2017, 10, 10), "es"), {}),
             (words.is_rtl, ("ar",), {})]
    found = []
    for setting in (str(tmp_path / "c"), "", str(tmp_path / "c")):
        monkeypatch.setenv("PALAIS_CACHE_DIR", setting)
        # A fresh process each time: the in-process answers are not reused.
        program = ("import datetime, sys; from palais import words; "
                   "print(repr([words.ordinal(81, 'fr', gender='f'), words.cardinal(7, 'ru'), "
                   "words.full_date(datetime.date(2017, 10, 10), 'es'), "
                   "words._right_to_left('ar')]))")
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              check=True, env={"PALAIS_CACHE_DIR": setting,
                                               "PATH": "/usr/bin:/bin"})
        found.append(done.stdout)
    assert found[0] == found[1] == found[2]
    assert found[0].strip() == repr([f(*a, **k) for f, a, k in asked])
    assert kept.missing(kept.load("no-such-record"))


def _fresh(program: str, cache) -> str:
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True, env={"PALAIS_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    return done.stdout


def test_kept_hyphenation_patterns_break_words_as_pyphen_does(cache):
    # Fresh processes: the first parses the dictionaries and keeps them, the second
    # reads them back; both must break every word as pyphen itself does.
    program = ("import pyphen; from palais.styles import Hyphenation; "
               "from palais.writers.pdf.hyphens import Hyphenator; "
               "words = ['interrégionale', 'consultatifs', 'organization', 'programmes', "
               "'государств', 'migraciones']; "
               "print(repr(([[list(Hyphenator(lang, Hyphenation())(w)) for w in words] "
               "for lang in ('fr', 'en_GB', 'ru', 'es')], "
               "[[list(pyphen.Pyphen(lang=lang, left=3, right=3).iterate(w)) for w in words] "
               "for lang in ('fr', 'en_GB', 'ru', 'es')], "
               "sorted(type(p).__name__ for p in pyphen.hdcache.values()))))")
    first = _fresh(program, cache)
    second = _fresh(program, cache)
    assert first == second
    ours, theirs, _ = eval(first)
    assert ours == theirs and any(ours[0])


def test_kept_break_points_of_words_are_those_pyphen_finds(cache):
    # The first process looks the words up and keeps their break points; the second
    # reads them back (tuples, until asked for) and breaks the words as pyphen does.
    program = ("import pyphen; from palais.styles import Hyphenation; "
               "from palais.writers.pdf import hyphens; "
               "words = ['interrégionale', 'consultatifs', 'Organisation', 'programmes']; "
               "path = pyphen.LANGUAGES['fr']; "
               "before = hyphens.Hyphenator('fr', Hyphenation()) and "
               "sorted(w for w, p in pyphen.hdcache[path].cache.items() if type(p) is tuple); "
               "ours = [list(hyphens.Hyphenator('fr', Hyphenation())(w)) for w in words]; "
               "hyphens.keep_words(); pyphen.hdcache.clear(); "
               "theirs = [list(pyphen.Pyphen(lang='fr', left=3, right=3).iterate(w)) "
               "for w in words]; "
               "print(repr((before, ours, theirs)))")
    first, second = eval(_fresh(program, cache)), eval(_fresh(program, cache))
    # a capitalised word is kept whole, never looked up
    assert first[0] == [] and second[0] == ["consultatifs", "interrégionale", "programmes"]
    ours, theirs = first[1], first[2]
    assert second[1] == ours and second[2] == theirs and all(ours[:2])
    assert ours[2] == [] and theirs[2]            # pyphen alone would break the name
    assert ours[:2] + ours[3:] == theirs[:2] + theirs[3:]


def test_the_font_index_is_read_again_when_a_font_changes(tmp_path, cache, monkeypatch):
    from palais import fonts

    folder = tmp_path / "fonts"
    folder.mkdir()
    source = sorted(fonts._kept_packaged_files())[0]
    copy = folder / "Mine.ttf"
    copy.write_bytes(Path(source).read_bytes())
    first = fonts._face_infos((str(copy),))
    assert first == fonts._face_infos((str(copy),)) == (fonts.read_face_info(str(copy)),)
    copy.write_bytes(b"not a font")
    assert fonts._face_infos((str(copy),)) == ()


def test_library_versions_are_those_importlib_metadata_gives(tmp_path, monkeypatch):
    from importlib import metadata

    from palais import kept
    names = ("pyyaml", "cerberus", "reportlab", "rl_accel", "python-bidi", "fonttools", "Jinja2",
             "python_docx", "unicode-rbnf", "no-such-distribution")

    def asked(name):
        try:
            return f"{name}={metadata.version(name)}"
        except metadata.PackageNotFoundError:
            return f"{name}=none"
    assert kept.versions(names) == " ".join(asked(name) for name in names)
    # the first folder on the path wins, as for importlib.metadata
    for folder, version in (("first", "2.0"), ("second", "1.0")):
        (tmp_path / folder / f"made_up_lib-{version}.dist-info").mkdir(parents=True)
    monkeypatch.setattr(kept.sys, "path", [str(tmp_path / "first"), str(tmp_path / "second")])
    kept._installed.cache_clear()
    kept.versions.cache_clear()
    try:
        assert kept.versions(("Made-Up.Lib",)) == "Made-Up.Lib=2.0"
    finally:
        kept._installed.cache_clear()
        kept.versions.cache_clear()


def _face_values(font) -> dict:
    """Return what a TTFont holds, comparable: its attributes and its face's, the
    face's scale as the values it gives, the names' text as well as their bytes."""
    face = {name: (value, getattr(value, "ustr", None)) for name, value in vars(font.face).items()
            if name != "_pdfScale"}
    face["scale"] = [font.face._pdfScale(x) for x in (0, 1, 3, 1234, -7.5, 2048)]
    own = {name: value for name, value in vars(font).items() if name not in ("face", "state")}
    own["encoding"] = (type(own["encoding"]), vars(own["encoding"]))
    return {"own": own, "face": face, "type": (type(font), type(font.face))}


def test_kept_font_metrics_make_the_font_a_fresh_read_makes(tmp_path, cache, vera, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

    from palais import fonts
    path = str(vera(tmp_path / "fonts", ("regular",)) / "Copy-regular.ttf")
    fresh = TTFont("Kept-regular", path)
    first = fonts._true_type("Kept-regular", path)
    assert (cache / "resources" / fonts.true_type_record("Kept-regular", path)).is_file()

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was parsed again")
    monkeypatch.setattr(TTFontFile, "extractInfo", no_reading)
    second = fonts._true_type("Kept-regular", path)
    assert _face_values(second) == _face_values(first) == _face_values(fresh)
    text = "Migration, «déplacés» — 2017"
    assert second.stringWidth(text, 11) == fresh.stringWidth(text, 11)
    subset = [0] + [ord(c) for c in "Geneva"]
    assert second.face.makeSubset(subset) == fresh.face.makeSubset(subset)


def test_a_changed_font_file_is_read_again(tmp_path, cache, vera):
    from reportlab.pdfbase.ttfonts import TTFont

    from palais import fonts
    folder = vera(tmp_path / "fonts", ("regular", "bold"))
    path = str(folder / "Copy-regular.ttf")
    fonts._true_type("Face", path)
    (folder / "Copy-regular.ttf").write_bytes((folder / "Copy-bold.ttf").read_bytes())
    again = fonts._true_type("Face", path)
    assert again.face.name == b"BitstreamVeraSans-Bold"
    assert _face_values(again) == _face_values(TTFont("Face", path))


def test_a_damaged_font_record_is_passed_over(tmp_path, cache, vera):
    from reportlab.pdfbase.ttfonts import TTFont

    from palais import fonts
    path = str(vera(tmp_path / "fonts", ("italic",)) / "Copy-italic.ttf")
    fonts._true_type("Face", path)
    record = cache / "resources" / fonts.true_type_record("Face", path)
    fresh = _face_values(TTFont("Face", path))
    for damage in (b"\x80\x05not a pickle", pickle.dumps(({}, {"unitsPerEm": 2048})),
                   pickle.dumps(("own", "face")), pickle.dumps(({}, {"names": 3, "unitsPerEm": 1}))):
        record.write_bytes(damage)
        assert _face_values(fonts._true_type("Face", path)) == fresh


def test_a_font_holding_what_cannot_be_kept_is_not_kept(tmp_path, cache, vera, monkeypatch):
    from reportlab.pdfbase import ttfonts

    from palais import fonts
    path = str(vera(tmp_path / "fonts", ("bold",)) / "Copy-bold.ttf")
    made = ttfonts.TTFont.__init__

    def with_more(self, *args, **kwargs):       # as another reportlab might be
        made(self, *args, **kwargs)
        self.face.cache = {"A": fractions.Fraction(1, 3)}
    monkeypatch.setattr(ttfonts.TTFont, "__init__", with_more)
    font = fonts._true_type("Face", path)
    assert "cache" in vars(font.face)
    assert not (cache / "resources" / fonts.true_type_record("Face", path)).exists()


def test_a_pdf_drawn_with_kept_metrics_is_the_same_file(tmp_path, cache):
    # Fresh processes: the first reads the fonts and keeps their metrics, the second
    # reads them back; the third keeps nothing. The PDFs are the same bytes.
    made = []
    for run, setting in enumerate((str(cache), str(cache), "")):
        out = tmp_path / f"out{run}"
        subprocess.run([sys.executable, "-m", "palais", "render", str(LETTER), "--format", "pdf",
                        "--out", str(out)], check=True, capture_output=True,
                       env={"PALAIS_CACHE_DIR": setting, "PATH": "/usr/bin:/bin"})
        made.append((out / (LETTER.stem + ".pdf")).read_bytes())
    assert any(path.name for path in (cache / "resources").iterdir())
    assert made[0] == made[1] == made[2]


def test_shared_values_are_the_values_each_equal_tuple_once():
    # equal tuples made apart, as a parse makes them (literals would be one constant)
    values = {"a": tuple([1, (2,)]), "b": tuple([1, (2,)]), "c": [1], "d": (3,)}
    assert values["a"] is not values["b"]
    same = kept.shared(values)
    assert same == values and same["a"] is same["b"] and same["c"] is values["c"]
    listed = kept.shared([tuple([0, 1]), tuple([0, 1]), 2, (0, 2)])
    assert listed == [(0, 1), (0, 1), 2, (0, 2)] and listed[0] is listed[1]
    # a pickle of the shared values writes each once, and reads them back shared
    again = pickle.loads(pickle.dumps(same))
    assert again == values and again["a"] is again["b"]
    assert len(pickle.dumps(same)) < len(pickle.dumps(values))
