"""Numbers and dates -> words as the UN writes them in its six languages.

Ordinals come from CLDR's spell-out rules (unicode-rbnf), corrected where UN
usage differs; dates from Babel, with the UN's own forms (Arabic month names,
"года" in Russian, 年月日 in Chinese).
"""
from __future__ import annotations

import datetime
from functools import lru_cache

from .kept import remembered

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
BABEL = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ru": "ru_RU", "zh": "zh_Hans_CN",
         "ar": "ar"}
# The month names of UN Arabic documents: the Levantine name, then the Egyptian one.
ARABIC_MONTHS = ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل",
                 "أيار/مايو", "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر",
                 "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر")
# What joins the two days of a short span: "22 and 23 May".
AND = {"en": "and", "fr": "et", "es": "y", "ru": "и", "ar": "و", "zh": "和"}


@lru_cache(maxsize=None)
def _engine(language: str):
    from unicode_rbnf import RbnfEngine
    return RbnfEngine.for_language(language)


@remembered("babel")
def format_date(value: datetime.date, pattern: str, locale: str) -> str:
    """Return ``value`` in Babel's ``pattern`` for ``locale`` ("d MMMM y", "en_GB")."""
    from babel.dates import format_date as babel_format
    return babel_format(value, pattern, locale=locale)


@remembered("babel")
def join_list(items: tuple, locale: str) -> str:
    """Return ``items`` joined as ``locale`` lists them: "A, B and C"."""
    from babel.lists import format_list
    return format_list(list(items), locale=locale)


@remembered("babel")
def plural_category(number: int, locale: str) -> str:
    """Return CLDR's plural category of ``number`` in ``locale`` ("one", "few", "other")."""
    from babel import Locale
    return Locale.parse(locale).plural_form(number)


@remembered("unicode-rbnf")
def ordinal(number: int, language: str, gender: str = "m") -> str:
    """Return ``number`` as an ordinal word of ``language`` in ``gender`` (m, f or n).

    French: "quatre-vingtième", "soixante et unième"; Spanish before a masculine
    noun: "sexagésimo primer"; Russian: "восьмидесятая"; Arabic: "الثمانون";
    Chinese: "第八十"; English: "eightieth".
    """
    from unicode_rbnf import FormatPurpose

    number = int(number)
    forms = _engine(language).format_number(number, FormatPurpose.ORDINAL).text_by_ruleset
    if language == "fr":
        word = forms["spellout-ordinal-feminine" if gender == "f" else "spellout-ordinal-masculine"]
        # UN French keeps the spelling before the 1990 reform: "soixante et unième",
        # "quatre-vingt-unième", not "soixante-et-unième", "quatre-vingt-et-unième".
        return word.replace("quatre-vingt-et-", "quatre-vingt-").replace("-et-", " et ")
    if language == "es":
        # Before a masculine noun: "primer", "tercer" (período de sesiones); the
        # feminine is made from it, as CLDR's "decimoprimera" is not the UN's "undécima".
        word = forms["spellout-ordinal-masculine-adjective"]
        if gender == "f":
            word = " ".join(_spanish_feminine(w) for w in word.split())
        return word
    if language == "ru":
        word = forms["spellout-ordinal-feminine" if gender == "f" else "spellout-ordinal-masculine"]
        # CLDR's neuter tens ("восемьдесятое") have the cardinal's stem: made from
        # the masculine instead ("восьмидесятое").
        return _russian_neuter(forms["spellout-ordinal-masculine"]) if gender == "n" else word
    if language == "ar":
        word = forms["spellout-ordinal-feminine" if gender == "f" else "spellout-ordinal-masculine"]
        return " ".join(word.split())
    return forms["spellout-ordinal"]


@remembered("unicode-rbnf")
def cardinal(number: int, language: str) -> str:
    """Return ``number`` in words or characters: "八十" (zh), "eighty"."""
    from unicode_rbnf import FormatPurpose

    forms = _engine(language).format_number(int(number), FormatPurpose.CARDINAL).text_by_ruleset
    return forms.get("spellout-numbering") or next(iter(forms.values()))


def _spanish_feminine(word: str) -> str:
    if word.endswith(("primer", "tercer")):
        return word + "a"
    return word[:-1] + "a" if word.endswith("o") else word


def _russian_neuter(masculine: str) -> str:
    words = masculine.split()
    last = words[-1]
    if last == "третий":
        last = "третье"
    elif last.endswith(("ый", "ой")):
        last = last[:-2] + "ое"
    elif last.endswith("ий"):
        last = last[:-2] + "ее"
    return " ".join(words[:-1] + [last])


def day_month(value: datetime.date, language: str) -> str:
    """Return the date without its year, as ``date`` writes it ("28 June", "28 juin")."""
    if language == "zh":
        return f"{value.month}月{value.day}日"
    if language == "ar":
        return f"{value.day} {ARABIC_MONTHS[value.month - 1]}"
    pattern = {"es": "d 'de' MMMM", "ru": "d MMMM"}.get(language, "d MMMM")
    return format_date(value, pattern, BABEL.get(language, "en_GB"))


def full_date(value: datetime.date, language: str) -> str:
    """Return a date as UN documents write it: "28 June 2013", "28 juin 2013",
    "28 de junio de 2013", "28 июня 2013 года", "2013年6月28日", "28 حزيران/يونيه 2013"."""
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    if language == "ar":
        return f"{value.day} {ARABIC_MONTHS[value.month - 1]} {value.year}"
    if language == "es":
        return format_date(value, "d 'de' MMMM 'de' y", BABEL["es"])
    if language == "ru":
        return format_date(value, "d MMMM y", BABEL["ru"]) + " года"
    return format_date(value, "d MMMM y", BABEL.get(language, "en_GB"))


# Languages whose lines break without hyphens: Arabic stretches words or breaks at
# spaces, Chinese breaks between any two ideographs.
UNHYPHENATED = frozenset({"ar", "zh", "ja", "ko", "fa", "he", "ur"})
# Languages written without spaces between words, broken between ideographs.
IDEOGRAPHIC = frozenset({"zh", "ja"})


@lru_cache(maxsize=None)
def is_rtl(language: str) -> bool:
    """Return whether ``language`` is written right to left, as CLDR says."""
    return _right_to_left(language) if language else False


@remembered("babel")
def _right_to_left(language: str) -> bool:
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(language.replace("-", "_")).character_order == "right-to-left"
    except (ValueError, LookupError, UnknownLocaleError):
        return False

