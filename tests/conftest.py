"""Pytest setup: make the tests folder importable, so tests can say ``from sample import …``."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files of golden tests; read the diff before committing")


@pytest.fixture
def no_system_fonts(tmp_path, monkeypatch):
    """Search only an empty folder: no fontconfig, no system folders, no PALAIS_FONT_PATH."""
    from engine import fonts
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", (str(empty),))
    monkeypatch.setattr(fonts, "FC_LIST", None)
    monkeypatch.delenv(fonts.FONT_PATH_ENV, raising=False)
    return tmp_path
