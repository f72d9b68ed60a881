"""Pytest setup: make the tests folder importable, so tests can say ``from sample import …``."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files of golden tests; read the diff before committing")


@pytest.fixture(autouse=True, scope="session")
def pinned_machine():
    """Let every test see the same machine: fonts, time zone and build time.

    The system's fonts (fontconfig, the usual folders) and $PALAIS_FONT_PATH are
    hidden, so the PDF uses the built-in Times and Helvetica metrics, and the Noto
    families installed as Python packages for the glyphs those lack. The time
    zone is one far from UTC, so that a local time leaking into an output shows;
    $SOURCE_DATE_EPOCH is unset; page maps are kept in a folder of this run.
    """
    import tempfile
    import time

    from palais import fonts
    # session-wide, so that module-scoped fixtures are built this way too
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
        patch.setattr(fonts, "FC_LIST", None)
        patch.delenv(fonts.FONT_PATH_ENV, raising=False)
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        patch.setenv("TZ", "Pacific/Kiritimati")
        # page maps are kept in a folder of this run, never in the user's cache
        patch.setenv("PALAIS_CACHE_DIR", tempfile.mkdtemp(prefix="palais-cache-"))
        time.tzset()
        yield
    time.tzset()


@pytest.fixture
def no_fonts(monkeypatch):
    """Hide the fonts installed as Python packages too: nothing but the built-in PDF fonts."""
    from palais import fonts
    monkeypatch.setattr(fonts, "PACKAGED", False)


@pytest.fixture
def vera(tmp_path):
    """Return a function copying reportlab's four Bitstream Vera faces into a folder."""
    import shutil

    import reportlab
    source = Path(reportlab.__file__).parent / "fonts"
    faces = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf",
             "bold-italic": "VeraBI.ttf"}

    def copy(folder, slots=tuple(faces)):
        folder.mkdir(parents=True, exist_ok=True)
        for slot in slots:
            shutil.copy(source / faces[slot], folder / f"Copy-{slot}.ttf")
        return folder

    return copy

