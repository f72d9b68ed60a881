"""Tests for engine/context.py: labels and the fields derived for the templates."""
import datetime

import pytest

from palais.context import derive_document, load_labels
from palais.errors import StyleError


def write(folder, language, text):
    (folder / "labels").mkdir(parents=True, exist_ok=True)
    (folder / "labels" / f"{language}.yaml").write_text(text, encoding="utf-8")


def test_an_override_changes_only_its_keys(tmp_path):
    write(tmp_path, "en", "recycle: Recycle me\norgans: {general-assembly: The Assembly}\n")
    labels = load_labels("en", [tmp_path])
    assert labels["recycle"] == "Recycle me"
    assert labels["organs"] == {"general-assembly": "The Assembly",
                                "security-council": "Security Council"}
    assert labels["org"] == load_labels("en")["org"] == "United Nations"


def test_the_first_folder_wins(tmp_path):
    write(tmp_path / "a", "en", "recycle: A\n")
    write(tmp_path / "b", "en", "recycle: B\norg: B\n")
    labels = load_labels("en", [tmp_path / "a", tmp_path / "b"])
    assert (labels["recycle"], labels["org"]) == ("A", "B")


@pytest.mark.parametrize("text, message", [
    ("organs: The Assembly\n", "en.yaml:1:9: organs: expected a mapping of keys as in the "
                               "built-in labels, got a word or phrase"),
    ("- a\n", "en.yaml:1:1: a labels file is a mapping"),
    ("org: [a\n", "en.yaml:2:1: YAML syntax"),
])
def test_a_broken_labels_file_is_named_with_its_place(tmp_path, text, message):
    write(tmp_path, "en", text)
    with pytest.raises(StyleError) as caught:
        load_labels("en", [tmp_path])
    assert message in str(caught.value)


def test_an_unknown_language_lists_the_known_ones():
    with pytest.raises(StyleError, match=r"no labels for .xx. in .* \(known: ar, en, es, fr, ru, zh"):
        load_labels("xx")


def test_derived_fields_of_a_joint_corrigendum():
    document = {"symbol": "A/72/123/Corr.1–S/2017/456/Corr.1", "job-number": "17-01234",
                "organ": ["general-assembly", "security-council"],
                "date": datetime.date(2017, 6, 12), "agenda-item": {"number": 34}}
    derived = derive_document(document, load_labels("en"))
    assert derived["symbols"] == ["A/72/123/Corr.1", "S/2017/456/Corr.1"]
    assert (derived["suffix"], derived["suffix_number"]) == ("Corr", 1)
    assert derived["joint"] and derived["year"] == 72       # 2017: the Council's 72nd year
    assert derived["barcode"] == "*1701234*" and derived["agenda_items"] == [{"number": 34}]
