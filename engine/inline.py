"""Inline Markdown typed in YAML -> document markup (XML), every character of text escaped.

The subset: *emphasis*, **strong**, [links](url), backslash escapes, hard line
breaks, superscripts ``73^e^``, bare URLs (made links), footnote calls ``[^id]`` (defined under
``notes:``) and inline notes ``^[text]``. Anything else stays literal text: underscores
(``__init__``, ``_a_``) and backticks are not markup.
"""
from __future__ import annotations

import functools
import re

from .errors import ValidationError
from .xmltext import escape, quoteattr


def _note_call(state, silent: bool) -> bool:
    """Parse ``[^id]`` into a ``note_ref`` token."""
    src, pos = state.src, state.pos
    if not src.startswith("[^", pos):
        return False
    end = src.find("]", pos + 2)
    if end < 0 or end == pos + 2 or any(c.isspace() for c in src[pos + 2:end]):
        return False
    if not silent:
        token = state.push("note_ref", "", 0)
        token.meta = {"id": src[pos + 2:end]}
    state.pos = end + 1
    return True


def _inline_note(state, silent: bool) -> bool:
    """Parse ``^[text]`` (brackets may nest) into a ``note_inline`` token."""
    src, pos = state.src, state.pos
    if not src.startswith("^[", pos):
        return False
    depth, i = 0, pos + 1
    while i < len(src):
        if src[i] == "\\":
            i += 2
            continue
        if src[i] == "[":
            depth += 1
        elif src[i] == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return False
    if not silent:
        token = state.push("note_inline", "", 0)
        token.content = src[pos + 2:i]
    state.pos = i + 1
    return True


def _superscript(state, silent: bool) -> bool:
    """Parse ``^er^`` (no spaces inside) into a ``sup`` token: "1^er^", "73^e^"."""
    src, pos = state.src, state.pos
    if src[pos] != "^" or src.startswith("^[", pos):
        return False
    end = src.find("^", pos + 1)
    body = src[pos + 1:end] if end > pos + 1 else ""
    if not body or any(c.isspace() for c in body):
        return False
    if not silent:
        token = state.push("sup", "", 0)
        token.content = body
    state.pos = end + 1
    return True


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\[\]«»]+")


def _text_with_links(text: str) -> str:
    """Escape ``text``, making each URL typed in it (http://…, www.…) a link.

    A final ".", ",", ";" or an unmatched ")" stays text: "voir www.iom.int.".
    """
    out, last = [], 0
    for match in _URL.finditer(text):
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/@.-"):
            continue
        url = match.group(0)
        while url and url[-1] in ".,;:!?)'\"":
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if url in ("www.", "http://", "https://") or not url:
            continue
        href = url if url.startswith("http") else "http://" + url
        out.append(escape(text[last:start]))
        out.append(f"<link href={quoteattr(href)}>{escape(url)}</link>")
        last = start + len(url)
    out.append(escape(text[last:]))
    return "".join(out)


def _underscore(state, silent: bool) -> bool:
    """Keep ``_`` as text, so that only ``*`` marks emphasis."""
    if state.src[state.pos] != "_":
        return False
    if not silent:
        state.pending += "_"
    state.pos += 1
    return True


@functools.lru_cache(maxsize=None)
def _parser():
    from markdown_it import MarkdownIt
    md = MarkdownIt("zero").enable(["emphasis", "link", "escape", "newline"])
    md.inline.ruler.before("emphasis", "underscore", _underscore)
    md.inline.ruler.before("link", "note_call", _note_call)
    md.inline.ruler.before("link", "inline_note", _inline_note)
    md.inline.ruler.before("link", "superscript", _superscript)
    return md


# What the parser can make markup of: emphasis, links and note calls, notes and
# superscripts, escapes, line ends (and the characters it normalises). Text with
# none of them is its own words, and is not parsed.
_MARKDOWN = re.compile(r"[*\[\]\\^\n\r\0]")
# A note call whose id holds none of those characters either: text that has no
# markup but such calls (most paragraphs with a footnote) is cut at them, as the
# parser would cut it, without parsing.
_PLAIN_CALL = re.compile(r"\[\^([^\s*\[\]\\^\0]+)\]")

_TAGS = {"em_open": "<em>", "em_close": "</em>", "strong_open": "<strong>",
         "strong_close": "</strong>", "link_close": "</link>"}


def inline_markup(text: str, notes=None, _depth: int = 0) -> str:
    """Return the document markup for inline Markdown ``text``.

    ``notes`` maps note ids to their Markdown text; a call to an unknown id is a
    ValidationError (validation reports it earlier, with its position).
    """
    notes = notes or {}
    if not text:
        return ""
    out = []
    in_link = 0                       # text inside [a](b) is already a link
    text = str(text)
    if _MARKDOWN.search(text) is None:
        return _text_with_links(text)
    if "[^" in text and _MARKDOWN.search(_PLAIN_CALL.sub("", text)) is None:
        last = 0
        for call in _PLAIN_CALL.finditer(text):
            out.append(_text_with_links(text[last:call.start()]))
            out.append(_note_markup(call.group(1), notes, _depth))
            last = call.end()
        out.append(_text_with_links(text[last:]))
        return "".join(out)
    for block in _parser().parseInline(text):
        for token in block.children or ():
            kind = token.type
            if kind == "text":
                out.append(_text_with_links(token.content) if in_link == 0 else escape(token.content))
            elif kind == "code_inline":
                out.append(escape(token.content))
            elif kind in _TAGS:
                out.append(_TAGS[kind])
                in_link -= kind == "link_close"
            elif kind == "link_open":
                in_link += 1
                out.append(f"<link href={quoteattr(token.attrs.get('href', ''))}>")
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("<br/>")
            elif kind == "note_ref":
                out.append(_note_markup(token.meta["id"], notes, _depth))
            elif kind == "sup":
                out.append(f"<sup>{escape(token.content)}</sup>")
            elif kind == "note_inline":
                out.append(f"<note>{inline_markup(token.content, notes, _depth + 1)}</note>")
            else:
                out.append(escape(token.content))
    return "".join(out)


def _note_markup(note_id: str, notes, depth: int) -> str:
    """Return the markup of a call to note ``note_id``: the note, its text within."""
    if note_id not in notes:
        raise ValidationError([f"note [^{note_id}] is not defined under 'notes'"])
    if depth > 3:
        raise ValidationError([f"note [^{note_id}] calls notes too deeply"])
    body = inline_markup(notes[note_id], notes, depth + 1)
    return f"<note id={quoteattr(note_id)}>{body}</note>"
