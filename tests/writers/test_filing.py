"""Writing the file: reportlab's encoding of names and numbers, the quick way."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palais.writers.pdf import filing  # noqa: F401 - installs the quick encoding


def _reportlab_encoding():
    import reportlab.pdfbase.rl_codecs  # noqa: F401 - registers the codec
    return lambda text: text.encode("extpdfdoc") if isinstance(text, str) else text


def test_the_pdf_writer_encodes_through_the_quick_way():
    from reportlab.pdfbase import pdfdoc
    assert getattr(pdfdoc.pdfdocEnc, "palais", False)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7f), max_size=20)
       | st.text(max_size=20) | st.binary(max_size=8)
       | st.sampled_from(["12 0 R", "/Type /Page", "0.5", "\x18", "a\x1fb", "\u00e9t\u00e9",
                          "line\nend", "\u20ac", ""]))
def test_text_is_encoded_as_reportlab_encodes_it(text):
    from reportlab.pdfbase import pdfdoc
    expected = _reportlab_encoding()
    try:
        wanted = expected(text)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            pdfdoc.pdfdocEnc(text)
        return
    assert pdfdoc.pdfdocEnc(text) == wanted
