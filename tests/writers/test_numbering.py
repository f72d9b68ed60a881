"""Tests for engine/writers/docx_numbering.py: labels Word counts, exactly as Palais did."""
import io
import json
import subprocess

import pytest

import wordtext
from palais.model import Document, List, ListItem, Meta, Para, Section, Text
from palais.numbering import list_label
from palais.styles import resolve_styles
from palais.writers.docx import DocxWriter
from palais.writers.docx.numbering import label_format, word_label


@pytest.mark.parametrize("pattern, fmt, text", [
    ("a)", "lowerLetter", "%1)"), ("(i)", "lowerRoman", "(%1)"), ("1.", "decimal", "%1."),
    ("A.", "upperLetter", "%1."), ("I.", "upperRoman", "%1."), ("1 -", "decimal", "%1 -"),
])
def test_a_pattern_is_counted_by_word_as_palais_counts_it(pattern, fmt, text):
    labels = [list_label(pattern, n) for n in range(1, 13)]
    assert label_format(labels) == (fmt, text, 1)
    assert [word_label(fmt, text, n) for n in range(1, 13)] == labels


def test_bullets_and_counts_word_would_print_otherwise():
    assert label_format(["•", "•"]) == ("bullet", "•", 1)
    # past "z", Word letters "aa", "bb" where Palais counts "aa", "ab"
    assert label_format([list_label("a)", n) for n in range(1, 29)]) is None
    # labels Word cannot count stay typed
    assert label_format([list_label("(أ)", n) for n in range(1, 4)]) is None
    assert label_format([list_label("一、", n) for n in range(1, 4)]) is None
    assert label_format(["a)", "c)"]) is None                       # not consecutive


def _document():
    paragraph = lambda n: Para(content=(Text(f"Paragraph {n}."),), number=f"{n}.")
    letters = List(items=tuple(ListItem(list_label("a)", n), (Text(f"item {n}"),))
                               for n in range(1, 4)))
    long_list = List(items=tuple(ListItem(list_label("a)", n), (Text(f"long {n}"),))
                                 for n in range(1, 29)))
    return Document(meta=Meta(language="en"), sections=(Section(blocks=(
        paragraph(1), paragraph(2), letters, paragraph(3),
        paragraph(7),                                   # a gap: Word starts again at 7
        long_list)),
        Section(blocks=(paragraph(1), paragraph(2)), role="annex", new_page=True)))


@pytest.fixture(scope="module")
def printed():
    data = DocxWriter(resolve_styles("un-newyork")).render(_document())
    return data, wordtext.paragraphs(io.BytesIO(data))


def test_word_prints_the_numbers_palais_counted(printed):
    _, lines = printed
    numbered = [line.split("\t")[0] for line in lines if line.startswith(tuple("0123456789"))]
    assert numbered == ["1.", "2.", "3.", "7.", "1.", "2."]
    assert [line for line in lines if "item" in line] == [
        "a)\titem 1", "b)\titem 2", "c)\titem 3"]
    # 28 letters: Word would print "aa)" for the 27th; the labels stay typed
    assert [line for line in lines if "long 27" in line] == ["\taa) \tlong 27"]


def test_pandoc_reads_the_lists_as_lists(printed, tmp_path):
    from clients import client
    data, _ = printed
    path = tmp_path / "lists.docx"
    path.write_bytes(data)
    done = subprocess.run([client("pandoc"), "-f", "docx", "-t", "json", str(path)],
                          capture_output=True, check=True)
    kinds = [block["t"] for block in json.loads(done.stdout)["blocks"]]
    assert "OrderedList" in kinds
