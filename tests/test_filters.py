import datetime

import pytest
from jinja2.sandbox import SandboxedEnvironment

from palais.filters import FILTERS


def run(expr, language="fr", **values):
    env = SandboxedEnvironment(autoescape=True)
    env.filters.update(FILTERS)
    return env.from_string(expr).render(language=language, **values)


D = datetime.date


@pytest.mark.parametrize("language, value, text", [
    ("fr", D(2013, 6, 28), "28 juin 2013"),
    ("fr", D(2013, 6, 1), "1<sup>er</sup> juin 2013"),
    ("en", D(2013, 6, 28), "28 June 2013"),
    ("es", D(2013, 6, 28), "28 de junio de 2013"),
])
def test_date(language, value, text):
    assert run("{{ d|date }}", language, d=value) == text


@pytest.mark.parametrize("language, dates, text", [
    ("fr", [D(2013, 5, 22), D(2013, 5, 23)], "22 et 23 mai 2013"),
    ("en", [D(2013, 5, 22), D(2013, 5, 23)], "22 and 23 May 2013"),
    ("fr", [D(2017, 10, 10), D(2017, 10, 12)], "10–12 octobre 2017"),
    ("fr", [D(2013, 5, 31), D(2013, 6, 1)], "31 mai et 1<sup>er</sup> juin 2013"),
    ("fr", [D(2013, 5, 22)], "22 mai 2013"),
])
def test_date_range(language, dates, text):
    assert run("{{ d|date_range }}", language, d=dates) == text


@pytest.mark.parametrize("language, n, gender, text", [
    ("fr", 68, "m", "soixante-huitième"),
    ("fr", 61, "m", "soixante et unième"),
    ("fr", 4, "f", "quatrième"),
    ("fr", 1, "f", "première"),
    ("en", 63, "m", "sixty-third"),
])
def test_ordinal(language, n, gender, text):
    assert run("{{ n|ordinal(gender=g) }}", language, n=n, g=gender) == text


def test_capfirst_keeps_the_rest():
    assert run("{{ 'soixante-huitième ONU'|capfirst }}") == "Soixante-huitième ONU"


def test_sub_item_follows_the_language():
    assert run("{{ 'e'|sub_item }}", "fr") == "e)"
    assert run("{{ 'e'|sub_item }}", "en") == "(e)"


def test_inline_filter_escapes_user_text():
    assert run("{{ t|inline }}", t="a & <b> {{ x }}", notes={}) == "a &amp; &lt;b&gt; {{ x }}"


def test_job_dates():
    assert run("{{ d|ddmmyy }}", d=D(2013, 7, 3)) == "030713"


def test_collate_ignores_accents_and_case():
    pairs = {"ONG": 1, "États": 2, "ODD": 3, "Etat": 4, "abc": 5}
    out = run("{% for k, v in d|collate %}{{ k }} {% endfor %}", d=pairs)
    assert out.split() == ["abc", "Etat", "États", "ODD", "ONG"]


def test_clock():
    assert run("{{ '10:00'|clock }}") == "10\u00a0heures"
    assert run("{{ '10:35'|clock }}") == "10\u00a0h\u00a035"
    assert run("{{ '9:00'|clock('short') }}") == "9\u00a0h"
    assert run("{{ '14:30'|clock }}", "en") == "2.30 p.m."


def labels(language):
    from palais.context import load_labels
    return load_labels(language)


PR = "permanent-representative"


@pytest.mark.parametrize("language, senders, text", [
    ("en", [{"office": PR, "state": "Peru"}],
     "the Permanent Representative of Peru to the United Nations"),
    ("en", [{"office": PR, "state": "Egypt"}, {"office": PR, "state": "Germany"}],
     "the Permanent Representatives of Egypt and Germany to the United Nations"),
    ("en", [{"office": PR, "state": "Chile"}, {"office": PR, "state": "Egypt"},
            {"office": PR, "state": "Germany"}],
     "the Permanent Representatives of Chile, Egypt and Germany to the United Nations"),
    ("en", [{"office": PR, "state": "Egypt"}, {"office": "charge-d-affaires", "state": "Peru"}],
     "the Permanent Representative of Egypt to the United Nations and the Chargé d'affaires "
     "a.i. of the Permanent Mission of Peru to the United Nations"),
    ("en", [{"office": "secretary-general"}], "the Secretary-General"),
    ("en", [{"office": "chair", "body": "the Commission on Population and Development"}],
     "the Chair of the Commission on Population and Development"),
    ("en", [{"text": "the *Chair* & co"}], "the <em>Chair</em> &amp; co"),
    ("fr", [{"office": PR, "state": "du Pérou", "gender": "f"}],
     "la Représentante permanente du Pérou auprès de l'Organisation des Nations Unies"),
    ("fr", [{"office": PR, "state": "de l'Allemagne"}, {"office": PR, "state": "de l'Égypte"}],
     "les Représentants permanents de l'Allemagne et de l'Égypte auprès de l'Organisation des "
     "Nations Unies"),
    ("es", [{"office": PR, "state": "del Perú"}],
     "el Representante Permanente del Perú ante las Naciones Unidas"),
])
def test_senders_are_worded_from_the_labels(language, senders, text):
    out = run("{{ s|senders }}", language, s=senders, labels=labels(language), notes={})
    assert out == text.replace("'", "&#39;") or out == text


@pytest.mark.parametrize("language, keys, text", [
    ("en", ["secretary-general"], "the Secretary-General"),
    ("en", ["secretary-general", "president-security-council"],
     "the Secretary-General and the President of the Security Council"),
    ("fr", ["secretary-general", "president-security-council"],
     "au Secrétaire général et au Président du Conseil de sécurité"),
])
def test_addressees_are_joined_as_the_language_joins(language, keys, text):
    assert run("{{ k|addressees }}", language, k=keys, labels=labels(language)) == text


def test_agenda_lines_group_the_items_of_a_list():
    items = [{"number": 31, "list": "preliminary", "list-symbol": "A/80/50", "title": "A"},
             {"number": 35, "sub-item": "b", "list": "preliminary", "list-symbol": "A/80/50",
              "title": "B"},
             {"number": 7, "list": "adopted", "title": "C"}]
    out = run("{% for l in i|agenda_lines %}{{ l.text }}|{{ l.symbol }}|{{ l.titles|join(',') }};"
              "{% endfor %}", "en", i=items, labels=labels("en"))
    assert out == ("Items 31 and 35 (b) of the preliminary list|A/80/50|A,B;"
                   "Agenda item 7|None|C;")
    out = run("{{ (i|agenda_lines)[0].text }}", "fr", i=items[:1], labels=labels("fr"))
    assert out == "Point 31 de la liste préliminaire"


def test_fill_escapes_the_label_and_names_a_missing_field():
    assert run("{{ 'a & {x}'|fill(x='<b>') }}") == "a &amp; &lt;b&gt;"
    with pytest.raises(ValueError, match=r"label 'on \{day\}' asks for \{day\}; the template "
                                         r"fills \{date\}"):
        run("{{ 'on {day}'|fill(date=1) }}")
