"""Template filters, one small function each, registered in ``FILTERS``.

Filters that depend on the document language read ``language`` from the
template context, so a template never passes it by hand.
"""
from __future__ import annotations

import datetime
import re
import unicodedata

from jinja2 import pass_context
from markupsafe import Markup, escape

from . import words
from .words import format_date
from .inline import inline_markup
from .numbering import ABJAD, list_label, roman

_BABEL = words.BABEL


def _lang(ctx) -> str:
    return ctx.get("language", "en")


@pass_context
def inline(ctx, text) -> Markup:
    """Return inline Markdown ``text`` as document markup; notes come from ``notes``."""
    return Markup(inline_markup(text, ctx.get("notes") or {}))


@pass_context
def date(ctx, value, language=None) -> Markup:
    """Return ``value`` as the language writes a date: "1<sup>er</sup> juin 2013", "28 June 2013".

    ``language`` overrides the document's: masthead dates of Arabic, Chinese and
    Russian documents are written in English.
    """
    lang = language or _lang(ctx)
    if not isinstance(value, datetime.date):
        return Markup(escape(value))
    if lang == "fr" and value.day == 1:
        rest = format_date(value, "MMMM y", words.BABEL[lang])
        return Markup("1<sup>er</sup> ") + escape(rest)
    return Markup(escape(words.full_date(value, lang)))


@pass_context
def date_range(ctx, values, joiner=None) -> Markup:
    """Return a span of dates: "22 et 23 mai 2013", "10-11 octobre 2017", "30 mai et 1er juin 2013".

    ``joiner`` is put between two days of the same month; by default the word
    "and" of the language for two consecutive days, an en dash otherwise.
    """
    values = list(values)
    if len(values) == 1:
        return date(ctx, values[0])
    first, last = values[0], values[-1]
    lang = _lang(ctx)
    word = f" {words.AND.get(lang, '–')} " if lang != "zh" else words.AND["zh"]
    if joiner is None:
        joiner = word if (last - first).days == 1 else "–"
    if lang == "zh":              # 2013年5月22日和23日, 2013年5月31日和6月1日
        if first.year != last.year:
            tail = words.full_date(last, lang)
        else:
            tail = f"{last.day}日" if first.month == last.month else words.day_month(last, lang)
        return Markup(escape(words.full_date(first, lang) + joiner.strip() + tail))
    if (first.year, first.month) == (last.year, last.month):
        day = Markup("1<sup>er</sup>") if lang == "fr" and first.day == 1 else str(first.day)
        return Markup(escape(day)) + joiner + date(ctx, last)
    if first.year == last.year:
        head = Markup("1<sup>er</sup> ") + escape(format_date(first, "MMMM", "fr_FR")) \
            if lang == "fr" and first.day == 1 else escape(words.day_month(first, lang))
        return head + escape(word) + date(ctx, last)
    return date(ctx, first) + escape(word) + date(ctx, last)


@pass_context
def ordinal(ctx, number, gender="m") -> str:
    """Return ``number`` as an ordinal word: "quatrième", "soixante et unième", "fourth".

    ``gender`` is that of the noun it goes with: m, f, or n (Russian neuter).
    """
    return words.ordinal(int(number), _lang(ctx), gender)


def cardinal(number, language="en") -> str:
    """Return ``number`` as ``language`` spells it: "八十" in Chinese, "eighty"."""
    return words.cardinal(int(number), language)


def capfirst(text) -> str:
    """Return ``text`` with its first letter in capitals, the rest untouched (markup
    stays markup)."""
    out = str(text)[:1].upper() + str(text)[1:]
    return Markup(out) if isinstance(text, Markup) else out


@pass_context
def sub_item(ctx, letter) -> str:
    """Return an agenda sub-item or list label as the language writes it: "e)", "(e)", "(هـ)"."""
    lang = _lang(ctx)
    if lang == "ar" and len(letter) == 1 and "a" <= letter <= "z":
        return f"({ABJAD[ord(letter) - ord('a')]})"
    return f"{letter})" if lang in ("fr", "es") else f"({letter})"


@pass_context
def clock(ctx, value, style="un") -> str:
    """Return a time "10:30" as the document writes it.

    UN French: "10 heures", "10 h 30"; IOM French (``style="short"``): "9 h",
    "9 h 30"; English: "10 a.m.", "3.30 p.m."; Russian: "10 ч. 30 м.";
    Chinese: "上午10时30分"; Arabic: "10:30".
    """
    hours, minutes = (int(part) for part in str(value).split(":"))
    lang = _lang(ctx)
    if lang == "ru":
        return f"{hours}\u00a0ч.\u00a0{minutes:02d}\u00a0м."
    if lang == "zh":
        half = "上午" if hours < 12 else "下午"
        return f"{half}{hours if hours <= 12 else hours - 12}时" + (f"{minutes}分" if minutes else "")
    if lang == "ar":
        return f"{hours}:{minutes:02d}"
    if lang in ("fr", "es"):
        if minutes:
            return f"{hours}\u00a0h\u00a0{minutes:02d}"
        word = "heures" if lang == "fr" else "horas"
        return f"{hours}\u00a0h" if style == "short" else f"{hours}\u00a0{word}"
    suffix = "a.m." if hours < 12 else "p.m."
    shown = hours if hours <= 12 else hours - 12
    return f"{shown}.{minutes:02d} {suffix}" if minutes else f"{shown} {suffix}"


def collate(mapping) -> list:
    """Return the (key, value) pairs of ``mapping`` in dictionary order, accents aside.

    "États" sorts with "Etats", and case does not count, as in a French index.
    """
    def key(item):
        text = unicodedata.normalize("NFKD", str(item[0]))
        base = "".join(c for c in text if not unicodedata.combining(c)).casefold()
        return (base, str(item[0]))
    return sorted(mapping.items(), key=key)


_FIELD = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def fill(text, **fields) -> Markup:
    """Return label ``text`` with each ``{name}`` replaced by ``fields[name]``.

    The label's own words are escaped; a field is escaped unless it is already
    markup (the output of ``inline`` or ``date``). A placeholder the template does
    not fill is an error naming the label and the fields it has.
    """
    def replace(match):
        name = match.group(1)
        if name not in fields:
            known = ", ".join("{" + f + "}" for f in sorted(fields)) or "none"
            raise ValueError(f"label {str(text)!r} asks for {{{name}}}; the template fills {known}")
        return str(escape(fields[name]))
    return Markup(_FIELD.sub(replace, str(escape(text))))


@pass_context
def join_words(ctx, items) -> Markup:
    """Return ``items`` as the language lists them: "Egypt and Germany", "A, B et C"."""
    items = [str(escape(item)) for item in items]
    if not items:
        return Markup("")
    # The items are escaped already and CLDR's joining words hold no markup.
    return Markup(words.join_list(tuple(items), _BABEL.get(_lang(ctx), "en_GB")))


@pass_context
def senders(ctx, value) -> Markup:
    """Return who writes a letter as its title words them, from ``offices`` in the labels.

    A sender given as ``text`` is taken as typed. Senders of one office share its
    plural form ("the Permanent Representatives of Egypt and Germany to the United
    Nations"); others are listed one by one.
    """
    if isinstance(value, str):
        value = [{"text": value}]
    offices = ctx["labels"]["offices"]
    kinds = {sender.get("office") for sender in value}
    if len(value) > 1 and len(kinds) == 1 and None not in kinds \
            and "many" in offices[value[0]["office"]]:
        return fill(offices[value[0]["office"]]["many"],
                    states=join_words(ctx, [s.get("state", "") for s in value]),
                    bodies=join_words(ctx, [s.get("body", "") for s in value]))
    words = []
    for sender in value:
        if sender.get("text"):
            words.append(inline(ctx, sender["text"]))
            continue
        forms = offices[sender["office"]]
        form = forms.get("one-f") if sender.get("gender") == "f" and "one-f" in forms else forms["one"]
        words.append(fill(form, state=sender.get("state", ""), body=sender.get("body", "")))
    return join_words(ctx, words)


@pass_context
def addressees(ctx, keys) -> Markup:
    """Return the addressees of a letter as its title words them: "the Secretary-General"."""
    return join_words(ctx, [ctx["labels"]["addressees"][key] for key in keys])


@pass_context
def agenda_lines(ctx, items) -> list:
    """Return the agenda lines for ``items``: one per run of items of the same list.

    Each line is a mapping: ``text`` ("Items 34 and 35 of the preliminary list"),
    ``symbol`` (the list's symbol, for its asterisk note, or None) and ``titles``.
    """
    lines = []
    for item in items:
        key = (item["list"], item.get("list-symbol"))
        if lines and lines[-1]["key"] == key:
            lines[-1]["items"].append(item)
        else:
            lines.append({"key": key, "items": [item]})
    out = []
    for line in lines:
        # "21 (e)"; Chinese sets no space: "21(e)"
        space = "" if _lang(ctx) in words.IDEOGRAPHIC else " "
        numbers = [f"{i['number']}" + (f"{space}{sub_item(ctx, i['sub-item'])}"
                                       if i.get("sub-item") else "") for i in line["items"]]
        forms = ctx["labels"]["agenda-line"][line["key"][0]]
        text = fill(forms["one" if len(numbers) == 1 else "many"],
                    items=join_words(ctx, numbers))
        out.append({"text": text, "symbol": line["key"][1],
                    "titles": [i["title"] for i in line["items"]]})
    return out


def target(value) -> Markup:
    """Return the ``id`` attribute of a block whose data name it (a heading or paragraph
    links may point at), or nothing."""
    name = value.get("id") if isinstance(value, dict) else None
    return Markup(' id="{}"').format(name) if name else Markup("")


def _represented(groups, kind=None):
    """Yield (kind, body) for each person of participant ``groups``: the body the person
    represents (``body``, else the organisation) and its kind (``represents`` of the
    person, else of the nearest group that says)."""
    for group in groups or ():
        group_kind = group.get("represents") or kind
        for person in group.get("people") or ():
            yield (person.get("represents") or group_kind,
                   person.get("body") or person.get("organisation"))
        yield from _represented(group.get("groups"), group_kind)


def people(participants) -> int:
    """Return how many people a list of participants names."""
    return sum(1 for _ in _represented((participants or {}).get("groups")))


def bodies(participants, kind: str) -> int:
    """Return how many bodies of ``kind`` the participants represent, each once."""
    return len({body for found, body in _represented((participants or {}).get("groups"))
                if found == kind})


def themes(agenda) -> list:
    """Return the themes of an agenda's sessions, in order (those that give one)."""
    return [session["theme"] for day in (agenda or {}).get("days") or ()
            for session in day.get("sessions") or () if session.get("theme")]


@pass_context
def attendance(ctx, participants, rules) -> list:
    """Return, for each rule {represents, one, other}, how many bodies of that kind the
    participants represent, in words: ["22 MCIM", "cinq commissions …"]."""
    return [quantity(ctx, bodies(participants, rule["represents"]), rule)
            for rule in rules or ()]


@pass_context
def quantity(ctx, number, forms) -> str:
    """Return "cinq commissions", "22 MCIM", "92 délégués": below ten the number is
    spelled, as the UN and IOM editorial rules want, in the document's language.

    ``forms`` maps CLDR plural categories (one, two, few, many, other) to the noun;
    the language's plural rule picks one, "other" when the form is not given."""
    number = int(number)
    lang = _lang(ctx)
    count = words.cardinal(number, lang) if 0 <= number < 10 else str(number)
    category = words.plural_category(number, _BABEL.get(lang, lang))
    noun = forms.get(category) or forms.get("other") or forms.get("one", "")
    return f"{count}{'' if lang == 'zh' else ' '}{noun}"


@pass_context
def definite(ctx, name, gender="f") -> Markup:
    """Return ``name`` with the definite article the language puts before it: French
    elides before a vowel ("l'Organisation …"), English says "the"."""
    name = str(name)
    lang = _lang(ctx)
    if lang == "fr":
        bare = unicodedata.normalize("NFKD", name[:1]).lower()[:1]
        article = "l\u2019" if bare in "aeiouyh" else ("la " if gender == "f" else "le ")
        return escape(article + name)
    if lang == "en":
        return escape("the " + name)
    if lang == "es":
        return escape(("la " if gender == "f" else "el ") + name)
    return escape(name)


def labelled(number, pattern: str) -> str:
    """Return the ``number``-th label of a list numbered like ``pattern``: 2, "i)" -> "ii)"."""
    return list_label(pattern, int(number))


def ddmmyy(value) -> str:
    """Return a date as the six digits of a UN job-number line: 030713."""
    return value.strftime("%d%m%y")


FILTERS = {
    "inline": inline,
    "date": date,
    "date_range": date_range,
    "ordinal": ordinal,
    "capfirst": capfirst,
    "sub_item": sub_item,
    "ddmmyy": ddmmyy,
    "clock": clock,
    "roman": roman,
    "collate": collate,
    "fill": fill,
    "cardinal": cardinal,
    "join_words": join_words,
    "senders": senders,
    "addressees": addressees,
    "agenda_lines": agenda_lines,
    "target": target,
    "people": people,
    "bodies": bodies,
    "themes": themes,
    "attendance": attendance,
    "quantity": quantity,
    "definite": definite,
    "labelled": labelled,
}
