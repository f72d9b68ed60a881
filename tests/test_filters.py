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
