"""A valid meeting file -> what an editor would still mark before it goes to Documents Control.

``check(path)`` renders nothing. It composes the document (so a file that does not
validate fails as ``palais validate`` fails), counts its words, notes included,
against the limit its kind's manifest sets, and reads the file's own words for what
the UN's editorial rules ask and the engine cannot put right itself: agenda items and
annexes the text names that the document does not have, signature words typed by
hand, an annex in another language without its "[Original: …]" line, dates out of
order, symbols out of shape, "%" in English running text, note calls on the wrong
side of punctuation. Each finding is placed at the file, line and column of the words
it is about. Palais never rewrites them: it says.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .loading import Source, dotted, load_meeting, strings
from .records import record


@record
class Finding:
    """One thing to look at: where (file:line:col), a code, and what to do."""
    where: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: warning [{self.code}]: {self.message}"


@dataclass
class Preflight:
    """What ``check`` found in one meeting file."""
    path: str
    words: int
    limit: Optional[int]
    kind: str
    findings: list = field(default_factory=list)

    def as_dict(self) -> dict:
        def place(finding):
            file, line, column = finding.where.rsplit(":", 2)
            return {"file": file, "line": int(line), "column": int(column),
                    "code": finding.code, "message": finding.message}
        return {"file": self.path, "kind": self.kind, "words": self.words,
                "word_limit": self.limit, "findings": [place(f) for f in self.findings]}


def check(path, template_dirs=(), max_bytes=None) -> Preflight:
    """Return the Preflight of the meeting file at ``path``; raise the errors
    ``compose`` raises for a file that is not valid."""
    from . import compose
    from .model import counts

    composition = compose(path, template_dirs, max_bytes)
    source = load_meeting(path) if max_bytes is None else load_meeting(path, max_bytes)
    document, report = composition.document, composition.report
    result = Preflight(path=str(path), words=counts(document)["words"],
                       limit=report.word_limit, kind=report.name)
    texts = _Texts(source)
    for finder in _FINDERS:
        result.findings.extend(finder(source, texts, document, report, composition.sheet))
    result.findings.sort(key=_order)
    return result


def _order(finding: Finding):
    file, line, column = finding.where.rsplit(":", 2)
    return file, int(line), int(column), finding.code


# -- where the words are -----------------------------------------------------------

class _Texts:
    """The file's strings, with the place of any words found in them."""

    def __init__(self, source: Source):
        self.source = source
        self.items = list(strings(source.data))
        self._lines = {}

    def running(self, language: str):
        """Yield (path, text, language) of the strings that are running text: the
        paragraphs, items, notes and letters, not tables, names or keys of fields."""
        for path, text in self.items:
            names = [p for p in path if isinstance(p, str)]
            if not names or names[-1] in _NOT_PROSE or set(names) & _NOT_RUNNING:
                continue
            yield path, text, self._language_of(path, language)

    def _language_of(self, path, language):
        node = self.source.data
        found = language
        for part in path[:-1]:
            node = node[part] if isinstance(node, (dict, list)) else None
            if isinstance(node, dict) and isinstance(node.get("lang"), str):
                found = node["lang"]
        return found

    def place(self, path, needle: str = "", start: int = 0) -> str:
        """Return "file:line:col" of ``needle`` (found at ``start`` in the string at
        ``path``) in the file, or of the string when it cannot be placed closer."""
        where = self.source.where(path)
        if not needle:
            return where
        file, line, column = where.rsplit(":", 2)
        lines = self._file_lines(file)
        if lines is None:
            return where
        first = int(line) - 1
        # the words sit on the string's first line or a few after it (a folded text);
        # the first time they occur from the string's start on, counted from ``start``
        seen = 0
        for index in range(first, min(first + 400, len(lines))):
            text = lines[index]
            offset = int(column) - 1 if index == first else 0
            at = text.find(needle, offset)
            while at != -1:
                if seen >= _occurrence(self._text(path), needle, start):
                    return f"{file}:{index + 1}:{at + 1}"
                seen += 1
                at = text.find(needle, at + 1)
        return where

    def _text(self, path) -> str:
        node = self.source.data
        for part in path:
            node = node[part]
        return node

    def _file_lines(self, file):
        if file not in self._lines:
            try:
                self._lines[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[file] = None
        return self._lines[file]


def _occurrence(text: str, needle: str, start: int) -> int:
    """Return how many times ``needle`` occurs in ``text`` before ``start``."""
    return text.count(needle, 0, start) if start else 0


# the fields whose strings are not running text
_NOT_PROSE = {"report", "language", "symbol", "organ", "distribution", "original", "session",
              "job-number", "id", "lang", "kind", "to", "office", "state", "gender", "image",
              "height", "width", "file", "href", "numbering", "list", "list-symbol",
              "sub-item", "name", "given-name", "surname", "organisation", "title",
              "represents", "group", "venue", "start", "end", "at", "place",
              "formats", "answer", "widths", "theme", "chair", "organiser", "heading",
              "subtitle", "tagline", "report-title", "copyright", "rights", "publisher"}
_NOT_RUNNING = {"table", "rows", "participants", "agenda", "publication", "programme"}


# -- the checks ----------------------------------------------------------------------

def _word_count(source, texts, document, report, sheet):
    if report.word_limit is None:
        return []
    from .model import counts
    words = counts(document)["words"]
    if words <= report.word_limit:
        return []
    return [Finding(texts.place(("report",)), "word-limit",
                    f"{words:,} words, notes included: more than the {report.word_limit:,} a "
                    f"{report.name} may have; shorten it, or ask for a waiver")]


_ITEM = {"en": r"\bitems? (\d+)(?: \(([a-z])\))?",
         "fr": r"\bpoints? (\d+)(?: ([a-z])\))?",
         "es": r"\btemas? (\d+)(?: ([a-z])\))?",
         "ru": r"пункт(?:а|ов|ы|ам|ах)? (\d+)(?: ([а-я])\))?",
         "ar": r"البند (\d+)",
         "zh": r"项目(\d+)"}
# what, right after "item 4" or "annex I", makes it another text's or body's
_ELSEWHERE = re.compile(r"^,? (?:of|to|in|de|du|des|à|del|al) (?:its|their|son|leur|the agenda "
                        r"of|l'ordre du jour de|document|resolution|decision|the resolution|"
                        r"la résolution|la décision|du document|le document|la resolución|"
                        r"el documento)\b", re.I)


def _agenda_items(source, texts, document, report, sheet):
    data = source.data
    doc = data.get("document") if isinstance(data, dict) else None
    if not isinstance(doc, dict):
        return []
    items = ([doc["agenda-item"]] if isinstance(doc.get("agenda-item"), dict) else []) + \
        [i for i in doc.get("agenda-items") or [] if isinstance(i, dict)]
    known = {(str(i.get("number")), str(i.get("sub-item") or "")) for i in items}
    if not known:
        return []
    listed = ", ".join(f"{n} ({s})" if s else n for n, s in sorted(known))
    findings = []
    for path, text, language in texts.running(data.get("language", "en")):
        pattern = _ITEM.get(language)
        if pattern is None:
            continue
        for match in re.finditer(pattern, text, re.I):
            number = match.group(1)
            sub = (match.group(2) or "") if match.lastindex and match.lastindex >= 2 else ""
            if _ELSEWHERE.match(text[match.end():]):
                continue
            if (number, sub) in known or (not sub and any(n == number for n, _ in known)):
                continue
            findings.append(Finding(texts.place(path, match.group(0), match.start()),
                                    "agenda-item", f"{match.group(0)!r}: the document is issued "
                                    f"under item {listed} of its agenda, not this one; "
                                    "name the item as its agenda does"))
    return findings


_ANNEX = {"en": r"\b(?i:annex(?:es)?) ([IVXLC]+|\d+)\b", "fr": r"\b(?i:annexes?) ([IVXLC]+|\d+)\b",
          "es": r"\b(?i:anexos?) ([IVXLC]+|\d+)\b",
          "ru": r"(?i:приложени[еяию]) ([IVXLC]+|\d+)\b"}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN[char]
        following = _ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _annexes(source, texts, document, report, sheet):
    numbers = [s.number for s in document.sections if s.role == "annex" and s.number]
    findings = []
    counted = [_number(n) for n in numbers if re.fullmatch(r"[IVXLC]+|\d+", n)]
    if counted and counted != list(range(counted[0], counted[0] + len(counted))):
        findings.append(Finding(texts.place(("annexes",)), "annex-order",
                                f"the annexes are numbered {', '.join(numbers)}: number "
                                "them in the order they come"))
    if not numbers:
        return findings
    data = source.data
    for path, text, language in texts.running(data.get("language", "en")):
        pattern = _ANNEX.get(language)
        if pattern is None:
            continue
        for match in re.finditer(pattern, text):
            if _ELSEWHERE.match(text[match.end():]):
                continue          # an annex of another text: "annex I to resolution 65/170"
            wanted = _number(match.group(1))
            if wanted in counted or str(wanted) in numbers:
                continue
            findings.append(Finding(texts.place(path, match.group(0), match.start()),
                                    "annex-reference", f"{match.group(0)!r}: the document's "
                                    f"annexes are {', '.join(numbers)}"))
    return findings


_SIGNED = {"en": "(Signed)", "fr": "(Signé)", "es": "(Firmado)", "ru": "(Подпись)",
           "ar": "(توقيع)", "zh": "(签名)"}


def _signatures(source, texts, document, report, sheet):
    findings = []
    language = source.data.get("language", "en")
    forms = set(_SIGNED.values()) | {"（签名）", "(Signe)", "(Signée)", "(Firmada)"}
    for path, text in texts.items:
        for form in forms:
            at = text.find(form)
            if at == -1:
                continue
            own = _SIGNED.get(language, "(Signed)")
            findings.append(Finding(texts.place(path, form, at), "signature-form",
                                    f"{form!r} typed in {dotted(path)}: the signature block "
                                    f"prints {own} itself, in the document's language; "
                                    "leave it out"))
    return findings


# a few words that are frequent in one language and rare in the others
_COMMON = {"en": {"the", "of", "and", "to", "in", "is", "that", "for", "with", "on", "was"},
           "fr": {"le", "la", "les", "des", "et", "du", "en", "une", "que", "dans", "pour",
                  "sur", "est"},
           "es": {"el", "la", "los", "las", "del", "y", "en", "una", "que", "para", "por",
                  "con", "se"}}
_SCRIPTS = {"ru": re.compile("[\u0400-\u04ff]"), "ar": re.compile("[\u0600-\u06ff]"),
            "zh": re.compile("[\u4e00-\u9fff]")}


def guess_language(text: str) -> Optional[str]:
    """Return the language ``text`` is most likely in, among the six, or None when too
    little says: the script for Russian, Arabic and Chinese, frequent words for the
    others."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40:
        return None
    for language, script in _SCRIPTS.items():
        if len(script.findall(text)) > len(letters) / 2:
            return language
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    scores = {language: sum(w in common for w in words) for language, common in _COMMON.items()}
    best = max(scores, key=scores.get)
    others = max(v for k, v in scores.items() if k != best)
    return best if scores[best] >= 8 and scores[best] >= 2 * others else None


def _annex_language(source, texts, document, report, sheet):
    data = source.data
    language = data.get("language")
    annexes = data.get("annexes") if isinstance(data, dict) else None
    if not isinstance(annexes, list):
        return []
    findings = []
    names = _LANGUAGE_NAMES
    for index, annex in enumerate(annexes):
        if not isinstance(annex, dict):
            continue
        words = " ".join(text for path, text in strings(annex)
                         if not set(p for p in path if isinstance(p, str)) & _NOT_RUNNING
                         and (not path or path[-1] not in _NOT_PROSE))
        written = guess_language(words)
        original = annex.get("original")
        if written is None or written == language or original not in (None, language):
            continue
        findings.append(Finding(texts.place(("annexes", index)), "annex-original",
                                f"annex {index + 1} reads as {names.get(written, written)}, "
                                f"the document is in {names.get(language, language)}: give it "
                                f"original: {written}, so that it carries its "
                                f"[Original: {names.get(written, written)}] line"))
    return findings


_LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
                   "ar": "Arabic", "zh": "Chinese"}


def _dates(source, texts, document, report, sheet):
    data = source.data
    findings = []

    def date(*path):
        node = data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
                node = node[part]
            else:
                return None
        return node if isinstance(node, datetime.date) else None

    meeting = data.get("meeting") if isinstance(data, dict) else None
    dates = (meeting or {}).get("dates") if isinstance(meeting, dict) else None
    last = len(dates) - 1 if isinstance(dates, list) and dates else None
    steps = [(("meeting", "dates", last), "the meeting ended") if last is not None else None,
             (("letter", "date"), "the letter"), (("document", "date"), "distribution")]
    steps = [(path, name) for path, name in filter(None, steps) if date(*path) is not None]
    for (before, first), (after, second) in zip(steps, steps[1:]):
        if date(*after) < date(*before):
            findings.append(Finding(texts.place(after), "date-order",
                                    f"{dotted(after)} {date(*after).isoformat()} comes before "
                                    f"{dotted(before)} {date(*before).isoformat()} "
                                    f"({first}): a document is dated after what it reports"))
    return findings


_SUFFIX = re.compile(r"(Corr|Add|Rev|Amend)\.\d+|Summary|Excerpt")
_NUMBER = re.compile(r"\d+|(L|CRP|INF|WP|PV|SR)\.\d+")
_PREFIX = {"general-assembly": "A", "security-council": "S"}


def _symbols(source, texts, document, report, sheet):
    data = source.data
    doc = data.get("document") if isinstance(data, dict) else None
    if not isinstance(doc, dict) or not isinstance(doc.get("symbol"), str):
        return []
    organs = doc.get("organ")
    organs = [organs] if isinstance(organs, str) else list(organs or [])
    where = texts.place(("document", "symbol"))
    findings = []
    for index, symbol in enumerate(doc["symbol"].split("–")):
        parts = symbol.split("/")
        organ = organs[index] if index < len(organs) else None
        expected = _PREFIX.get(organ)
        if expected and parts[0] != expected:
            findings.append(Finding(where, "symbol", f"{symbol}: a document of the "
                                    f"{organ.replace('-', ' ').title()} starts {expected}/"))
        if organ == "general-assembly" and len(parts) > 1 and doc.get("session") is not None \
                and parts[1] != str(doc["session"]):
            findings.append(Finding(where, "symbol", f"{symbol}: the session in the symbol is "
                                    f"{parts[1]}, document.session is {doc['session']}"))
        rest = parts[2:] if organ == "general-assembly" else parts[1:]
        if organ == "security-council" and rest and re.fullmatch(r"\d{4}", rest[0]):
            rest = rest[1:]                 # S/2017/456: the year, then the number
        if rest and not _NUMBER.fullmatch(rest[0]):
            findings.append(Finding(where, "symbol", f"{symbol}: {rest[0]} is not a document "
                                    "number: a placeholder? Documents Control assigns it"))
        for suffix in rest[1:]:
            if not _SUFFIX.fullmatch(suffix):
                findings.append(Finding(where, "symbol", f"{symbol}: {suffix} is not a suffix "
                                        "of a symbol (Corr.1, Add.1, Rev.1, Amend.1, Summary)"))
    return findings


_PER_CENT = re.compile(r"\d+(?:[.,]\d+)?\s?%")


def _per_cent(source, texts, document, report, sheet):
    findings = []
    for path, text, language in texts.running(source.data.get("language", "en")):
        if language != "en":
            continue
        for match in _PER_CENT.finditer(text):
            findings.append(Finding(texts.place(path, match.group(0), match.start()),
                                    "per-cent", f"{match.group(0)!r}: in running text the UN "
                                    "writes per cent (77 per cent); % only in tables"))
    return findings


_CALL = r"(?:\[\^[^\]\s]+\]|\^\[[^\]]*\])"
_BEFORE = re.compile(r"[.,;:!?]" + _CALL)        # a call after punctuation
_AFTER = re.compile(_CALL + r"[.,;:!?]")         # a call before punctuation
# Where a family sets the call, by the typography its style sheet gives a language:
# the UN after the punctuation in English, before it in French and Spanish (LAYOUT §6);
# IOM's French reports after it, as the IOM report reproduced here does.
_CALL_SIDE = {"un-en": "after", "un-fr": "before", "un-es": "before", "iom-fr": "after"}


def _note_calls(source, texts, document, report, sheet):
    findings = []
    typography = dict(sheet.typography or {})
    for path, text, language in texts.running(source.data.get("language", "en")):
        side = _CALL_SIDE.get(typography.get(language, ""))
        if side is None:
            continue
        pattern = _AFTER if side == "after" else _BEFORE
        for match in pattern.finditer(text):
            words = _LANGUAGE_NAMES[language]
            findings.append(Finding(texts.place(path, match.group(0), match.start()),
                                    "note-call", f"{match.group(0)!r}: in {words} the note "
                                    f"call comes {side} the punctuation"))
    return findings


_FINDERS = (_word_count, _agenda_items, _annexes, _signatures, _annex_language, _dates,
            _symbols, _per_cent, _note_calls)
