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


def test_page_streams_compressed_on_a_thread_are_the_bytes_reportlab_compresses(monkeypatch):
    import io
    import threading
    import types
    import zlib

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas
    from reportlab import rl_config

    def drawn(compress_pages: bool) -> tuple:
        made = []                    # what reportlab compressed as it wrote the file

        def counted(data, *args):
            made.append(data)
            return zlib.compress(data, *args)
        out = io.BytesIO()
        monkeypatch.setattr(rl_config, "useA85", 0)
        with monkeypatch.context() as patch:
            patch.setattr(filing, "_cores", lambda: 2 if compress_pages else 1)
            with filing.compressing_pages() as compressor:
                page = canvas.Canvas(out, invariant=1, pageCompression=1)
                for number in range(5):
                    page.drawString(72, 720, f"page {number} " * 40)
                    page.showPage()
                patch.setattr(pdfdoc, "zlib", types.SimpleNamespace(compress=counted))
                given = set(compressor._given) if compressor else set()
                page.save()
        return out.getvalue(), len(given), made

    threaded, given, made_after = drawn(True)
    plain, none_given, made_plain = drawn(False)
    assert threaded == plain
    assert given == 5 and none_given == 0
    # the five pages were compressed before the file was written; the rest as it was
    assert len(made_plain) == len(made_after) + 5
    assert threading.active_count() == 1           # the thread has ended
