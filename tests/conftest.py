"""Pytest setup: make the tests folder importable, so tests can say ``from sample import …``."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files of golden tests; read the diff before committing")
