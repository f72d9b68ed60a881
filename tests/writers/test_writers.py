"""Tests for engine/writers/__init__.py: the registry and the time both writers record."""
import io
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from palais.errors import UnknownFormatError, UsageError
from palais.styles import resolve_styles
from palais.writers import get_writer
from sample import sample_document

CORE = {"dcterms": "http://purl.org/dc/terms/"}


@pytest.fixture(scope="module")
def sheet():
    return resolve_styles("un-newyork")


def _stamps(sheet):
    """Return (DOCX created, DOCX modified, PDF CreationDate, PDF ModDate) of the sample."""
    docx = get_writer("docx")(sheet).render(sample_document())
    core = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml"))
    info = PdfReader(io.BytesIO(get_writer("pdf")(sheet).render(sample_document()))).metadata
    return (core.find("dcterms:created", CORE).text, core.find("dcterms:modified", CORE).text,
            info["/CreationDate"], info["/ModDate"])


@pytest.mark.parametrize("epoch, docx, pdf", [
    (None, "2000-01-01T00:00:00Z", "D:20000101000000"),
    ("1372377600", "2013-06-28T00:00:00Z", "D:20130628000000"),
    (" 1372420800 ", "2013-06-28T12:00:00Z", "D:20130628120000"),
])
def test_both_writers_record_the_same_time(sheet, monkeypatch, epoch, docx, pdf):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    created, modified, pdf_created, pdf_modified = _stamps(sheet)
    assert created == modified == docx
    assert pdf_created.startswith(pdf) and pdf_modified.startswith(pdf)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_bad_source_date_epoch_is_a_usage_error(sheet, monkeypatch, fmt):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH: expected whole seconds"):
        get_writer(fmt)(sheet).render(sample_document())


def test_an_unknown_format_lists_the_known_ones():
    with pytest.raises(UnknownFormatError, match="unknown format 'odt'; known formats: docx, html, pdf"):
        get_writer("odt")


def test_the_document_date_is_the_files_date_unless_source_date_epoch_says(sheet, monkeypatch):
    import dataclasses
    document = sample_document()
    dated = dataclasses.replace(document, meta=dataclasses.replace(document.meta,
                                                                  date="2013-06-28"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    docx = get_writer("docx")(sheet).render(dated)
    core = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml"))
    assert core.find("dcterms:created", CORE).text == "2013-06-28T00:00:00Z"
    info = PdfReader(io.BytesIO(get_writer("pdf")(sheet).render(dated))).metadata
    assert info["/CreationDate"].startswith("D:20130628000000")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = PdfReader(io.BytesIO(get_writer("pdf")(sheet).render(dated))).metadata
    assert info["/CreationDate"].startswith("D:20231114221320")
