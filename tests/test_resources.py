"""Tests for engine/resources.py: one search path over the user's folders and the package data."""
from importlib.resources import files

import pytest

from palais.resources import SearchPath, search_path


@pytest.fixture
def user(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "un-newyork.yaml").write_text("extends: '!un-newyork'\n")
    (tmp_path / "styles" / "mine.yaml").write_text("extends: un-newyork\n")
    (tmp_path / "ga-letter.xml.j2").write_text("{% extends '!ga-letter.xml.j2' %}")
    return tmp_path


def test_built_ins_come_from_the_installed_package():
    found = SearchPath().find("styles", "un-newyork")
    assert found.builtin
    assert str(found.path) == str(files("palais.templates") / "styles" / "un-newyork.yaml")
    assert SearchPath().find("reports", "ga-letter").path.parent == files("palais.reports")
    assert "Distr" in SearchPath().find("labels", "en").read_text()


def test_the_users_folders_come_first(user):
    search = SearchPath([user])
    mine = search.find("styles", "un-newyork")
    assert not mine.builtin and mine.path == user / "styles" / "un-newyork.yaml"
    assert mine.folder == user / "styles"
    assert search.find("styles", "!un-newyork").builtin
    assert [hit.builtin for hit in search.find_all("styles", "un-newyork")] == [False, True]
    assert search.find("templates", "ga-letter.xml.j2").path == user / "ga-letter.xml.j2"


def test_names_list_both_and_once(user):
    names = SearchPath([user]).names("styles")
    assert names.count("un-newyork") == 1 and "mine" in names and "iom" in names
    assert "ga-letter.xml.j2" in SearchPath().names("templates")
    assert "__init__" not in SearchPath().names("reports")


@pytest.mark.parametrize("name", ["../styles/base.yaml", "/etc/passwd", "__init__.py",
                                  "styles/../../x", ""])
def test_names_never_leave_their_folder(name):
    assert SearchPath().find("templates", name) is None


def test_not_found_names_the_folders_and_suggests(user):
    message = SearchPath([user]).not_found("styles", "un-new-york")
    assert str(user / "styles") in message and "templates/styles" in message
    assert "did you mean 'un-newyork'?" in message and "mine" in message


def test_search_path_accepts_folders_or_a_search_path(user):
    search = SearchPath([user])
    assert search_path(search) is search
    assert search_path([user]).user_dirs == (user,)
    assert search_path(None).user_dirs == ()
