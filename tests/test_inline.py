import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palais.errors import ValidationError
from palais.inline import inline_markup


@pytest.mark.parametrize("text, markup", [
    ("plain", "plain"),
    ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
    ("{{ x }} {% y %}", "{{ x }} {% y %}"),
    ("<b>bold?</b>", "&lt;b&gt;bold?&lt;/b&gt;"),
    ("*em* and **strong**", "<em>em</em> and <strong>strong</strong>"),
    ("[site](https://x.org/?a=1&b=2)", '<link href="https://x.org/?a=1&amp;b=2">site</link>'),
    ("5 * 3 = 15", "5 * 3 = 15"),
    ("one\ntwo", "one two"),
    (r"\*not em\*", "*not em*"),
    ("inline^[a *note*] end", "inline<note>a <em>note</em></note> end"),
    ("la 73^e^ session", "la 73<sup>e</sup> session"),
    ("voir [http://a.org/x?b=1&c=2].", 'voir [<link href="http://a.org/x?b=1&amp;c=2">http://a.org/x?b=1&amp;c=2</link>].'),
    ("Internet : www.iom.int.", 'Internet : <link href="http://www.iom.int">www.iom.int</link>.'),
    ("(voir https://x.org/a_(b))", '(voir <link href="https://x.org/a_(b)">https://x.org/a_(b)</link>)'),
    ("courriel hq@iom.int", "courriel hq@iom.int"),
    ("2 ^ 3 and x^2", "2 ^ 3 and x^2"),
])
def test_inline_markup(text, markup):
    assert inline_markup(text) == markup


def test_note_calls_carry_their_text():
    out = inline_markup("régionaux[^rcp], d'organismes", {"rcp": "Processus & co."})
    assert out == 'régionaux<note id="rcp">Processus &amp; co.</note>, d\'organismes'


def test_unknown_note_is_an_error():
    with pytest.raises(ValidationError, match=r"\[\^nope\]"):
        inline_markup("x[^nope]", {})


def test_notes_calling_themselves_stop():
    with pytest.raises(ValidationError, match="too deeply"):
        inline_markup("x[^a]", {"a": "see[^a]"})


@given(st.text(alphabet=st.characters(blacklist_characters="*[]\\^\n\r\x00",
                                      blacklist_categories=("Cs",)), max_size=60)
       | st.sampled_from(["voir www.iom.int.", "http://a.b/c?d=1&e=<2>", "  a  b  ",
                          "__init__ _a_", "`code` <b>&amp;</b> \t tab"]))
@settings(max_examples=400, deadline=None)
def test_text_the_parser_would_leave_alone_is_not_parsed_and_comes_out_the_same(text):
    import re

    from palais import inline
    fast = inline.inline_markup(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "_MARKDOWN", re.compile(""))       # parse everything
        assert inline.inline_markup(text) == fast


_NOTES = {"a": "Voir *A/68/1*.", "rcp": "Processus & co.", "b.2": "www.iom.int", "x-y": "z"}


@given(st.lists(st.sampled_from(["mot", " ", "  ", "é", "&", "<b>", "{{ x }}", "_", "(", ")",
                                 ".", "www.iom.int", "http://a.org/?b=1", "[^a]", "[^rcp]",
                                 "[^b.2]", "[^x-y]", "[^]", "[^a b]", "[^ a]"]), max_size=12)
       .map("".join))
@settings(max_examples=400, deadline=None)
def test_text_whose_only_markup_is_note_calls_comes_out_as_the_parser_makes_it(text):
    import re

    from palais import inline
    try:
        fast = inline.inline_markup(text, _NOTES)
    except ValidationError as exc:
        fast = exc.problems
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "_MARKDOWN", re.compile(""))       # parse everything
        try:
            parsed = inline.inline_markup(text, _NOTES)
        except ValidationError as exc:
            parsed = exc.problems
    assert parsed == fast


def test_a_text_with_note_calls_only_is_not_parsed():
    import subprocess
    import sys
    program = ("import sys; from palais.inline import inline_markup; "
               "print(inline_markup('Lima[^a], 2013[^b].', {'a': 'Peru', 'b': 'June'})); "
               "print('markdown_it' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ['Lima<note id="a">Peru</note>, 2013<note id="b">June</note>.', "False"]
